/* server.c: aibench serve. libmicrohttpd parses HTTP and runs a pool of threads; this file
 * only maps its requests to aib_site_get() and back. Limits: GET and HEAD only, a bounded
 * connection memory (oversized requests are refused by the library), 1 KiB paths, 32 args. */
#include "web.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if MHD_VERSION < 0x00097002
typedef int mhd_result;
#else
typedef enum MHD_Result mhd_result;
#endif

typedef struct {
    aib_arg args[AIB_MAX_ARGS + 1];
    size_t n;
    int overflow;
} arg_list;

static mhd_result collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    arg_list *l = cls;
    if (l->n > AIB_MAX_ARGS) {
        l->overflow = 1;
        return MHD_NO;
    }
    l->args[l->n].key = key;
    l->args[l->n].value = value ? value : "";
    l->n++;
    return MHD_YES;
}

static mhd_result send_json_error(struct MHD_Connection *c, unsigned status, const char *code, const char *msg)
{
    char body[256];
    snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}\n", code, msg);
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "application/json");
    mhd_result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static mhd_result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                         const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)version, (void)upload;
    aib_site *site = cls;
    if (!*state) { /* first call for this request: headers only */
        *state = (void *)1;
        return MHD_YES;
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        if (*upload_size) { /* drop a body we will not read */
            *upload_size = 0;
            return MHD_YES;
        }
        return send_json_error(c, 405, "method_not_allowed", "only GET and HEAD");
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    arg_list l = {.n = 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, &l);
    if (l.overflow)
        return send_json_error(c, 400, "too_many_parameters", "more than 32 query parameters");
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
    int html = accept && strstr(accept, "text/html");
    aib_response resp;
    aib_site_get(site, url, l.args, l.n, html, &resp);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        resp.len, resp.body, resp.shared ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!r) {
        aib_response_release(&resp);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", resp.type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:");
    if (resp.status == 302)
        MHD_add_response_header(r, "Location", resp.location);
    mhd_result ok = MHD_queue_response(c, (unsigned)resp.status, r);
    MHD_destroy_response(r); /* the body is now the response's (or the cache's) */
    return ok;
}

static void done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    *state = NULL;
}

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

aib_status aib_site_serve(aib_site *s, const char *host, int port, int threads, aib_error *err)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "'%s' is not an IPv4 address", host);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, (unsigned short)port, NULL, NULL, handle, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768, MHD_OPTION_CONNECTION_LIMIT, 4096u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE,
        1u, MHD_OPTION_END);
    if (!d)
        return aib_error_set(err, AIB_ERR_IO, NULL, "cannot listen on %s:%d (in use, or not allowed)", host, port);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    return AIB_OK;
}
