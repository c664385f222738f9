/* server.c: aibench serve. libmicrohttpd parses HTTP and runs a pool of threads; this file
 * maps its requests to aib_site_get() and back, and keeps clients from hurting each other.
 * Limits: GET and HEAD only; a bounded connection memory (oversized requests are refused by
 * the library); 1 KiB paths and 32 args (aib_site_get); a parameter with a NUL in it is
 * refused; a client address holds at most per_ip connections; a request's headers must be
 * complete within header_deadline_s of the request starting (slow clients that trickle a
 * header line every few seconds are cut off, whatever libmicrohttpd's idle timeout says);
 * libmicrohttpd's own error lines are rate-limited; an access log in the common log format. */
#include "web.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#if MHD_VERSION < 0x00097002
typedef int mhd_result;
#else
typedef enum MHD_Result mhd_result;
#endif

/* ---- connections and their header deadline ---- */

/* One client connection (libmicrohttpd's socket context), in the server's list while open. */
typedef struct conn {
    struct conn *prev, *next;
    struct MHD_Connection *c;
    struct timespec since; /* when the request now being read started */
    int in_request;        /* headers complete: the deadline no longer applies */
    int cut;               /* shut down by the watchdog */
} conn;

typedef struct {
    aib_site *site;
    const aib_serve_opts *o;
    pthread_mutex_t lock; /* the connection list, the logs */
    conn *conns;
    size_t n_conns;
    unsigned long cut_total;
    /* error log rate limit: at most LOG_BURST lines per LOG_WINDOW seconds */
    time_t log_window;
    unsigned log_lines, log_dropped;
} server;

#define LOG_BURST 20
#define MAX_HEADER_BYTES (16u << 10)
#define CONNECTION_MEMORY (256u << 10) /* per connection, touched only as far as a request needs */
#define LOG_WINDOW 60

static double since_s(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    server *sv = cls;
    pthread_mutex_lock(&sv->lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        conn *k = calloc(1, sizeof *k);
        if (k) {
            k->c = c;
            clock_gettime(CLOCK_MONOTONIC, &k->since);
            k->next = sv->conns;
            if (sv->conns)
                sv->conns->prev = k;
            sv->conns = k;
            sv->n_conns++;
        }
        *socket_context = k;
    } else if (*socket_context) { /* closed: libmicrohttpd closes the socket after this returns */
        conn *k = *socket_context;
        if (k->prev)
            k->prev->next = k->next;
        else
            sv->conns = k->next;
        if (k->next)
            k->next->prev = k->prev;
        sv->n_conns--;
        free(k);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&sv->lock);
}

/* Marks the connection's request as having its headers (or, done = 1, as finished: the next
 * request on a kept-alive connection starts its own deadline). */
static void mark(server *sv, struct MHD_Connection *c, int done)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (!ci || !ci->socket_context)
        return;
    conn *k = ci->socket_context;
    pthread_mutex_lock(&sv->lock);
    k->in_request = !done;
    if (done)
        clock_gettime(CLOCK_MONOTONIC, &k->since);
    pthread_mutex_unlock(&sv->lock);
}

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

/* Once a second: connections whose request headers are not complete within the deadline are
 * shut down (the socket stays libmicrohttpd's to close; it is still open while listed, since
 * the list entry goes before the close, under the same lock). */
static void *watchdog(void *arg)
{
    server *sv = arg;
    while (!stop) {
        sleep(1);
        pthread_mutex_lock(&sv->lock);
        for (conn *k = sv->conns; k; k = k->next) {
            if (k->in_request || k->cut || since_s(&k->since) < sv->o->header_deadline_s)
                continue;
            const union MHD_ConnectionInfo *ci = MHD_get_connection_info(k->c, MHD_CONNECTION_INFO_CONNECTION_FD);
            if (ci) {
                shutdown(ci->connect_fd, SHUT_RDWR);
                k->cut = 1;
                sv->cut_total++;
            }
        }
        pthread_mutex_unlock(&sv->lock);
    }
    return NULL;
}

/* ---- logs ---- */

static void error_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void error_log(void *cls, const char *fmt, va_list ap)
{
    server *sv = cls;
    time_t now = time(NULL);
    pthread_mutex_lock(&sv->lock);
    if (now - sv->log_window >= LOG_WINDOW) {
        if (sv->log_dropped)
            fprintf(stderr, "aibench serve: %u more server messages in the last minute, not shown\n", sv->log_dropped);
        sv->log_window = now, sv->log_lines = 0, sv->log_dropped = 0;
    }
    if (sv->log_lines++ < LOG_BURST) {
        fputs("aibench serve: ", stderr);
        vfprintf(stderr, fmt, ap);
    } else
        sv->log_dropped++;
    pthread_mutex_unlock(&sv->lock);
}

/* What the access log needs of a request, kept from its answer to its end. */
typedef struct {
    int status;
    size_t bytes;
    char line[600]; /* "METHOD PATH?QUERY VERSION", escaped */
} request_state;

static mhd_result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    char *line = cls;
    size_t l = strlen(line);
    if (l + 8 < 512)
        snprintf(line + l, 512 - l, "%c%s%s%s", strchr(line, '?') ? '&' : '?', key, value ? "=" : "", value ? value : "");
    return MHD_YES;
}

/* The common log format: host ident authuser [date] "request" status bytes. Quotes and
 * control characters in the request line are escaped, so a line is always one line. */
static void access_log(server *sv, struct MHD_Connection *c, const request_state *rs)
{
    FILE *f = sv->o->access_log;
    if (!f)
        return;
    char host[64] = "-";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, host, sizeof host);
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", localtime_r(&now, &tm));
    char req[sizeof rs->line * 4];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)rs->line; *p && k + 5 < sizeof req; p++)
        k += (size_t)(*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\' ? snprintf(req + k, 5, "\\x%02x", *p)
                                                                             : (req[k] = (char)*p, 1));
    req[k] = '\0';
    pthread_mutex_lock(&sv->lock);
    fprintf(f, "%s - - [%s] \"%s\" %d %zu\n", host, when, req, rs->status, rs->bytes);
    fflush(f);
    pthread_mutex_unlock(&sv->lock);
}

/* ---- requests ---- */

typedef struct {
    aib_arg args[AIB_MAX_ARGS + 1];
    size_t n;
    int overflow, nul;
} arg_list;

static mhd_result collect(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value,
                          size_t value_size)
{
    (void)kind;
    arg_list *l = cls;
    /* a %00 decodes to a NUL that would cut the value short without a word: refused */
    if (strlen(key) != key_size || (value && strlen(value) != value_size))
        l->nul = 1;
    if (l->n > AIB_MAX_ARGS) {
        l->overflow = 1;
        return MHD_NO;
    }
    l->args[l->n].key = key;
    l->args[l->n].value = value ? value : "";
    l->n++;
    return MHD_YES;
}

static mhd_result queue(struct MHD_Connection *c, request_state *rs, aib_response *resp)
{
    struct MHD_Response *r;
    if (resp->ref) /* a cached body, held until libmicrohttpd has sent it */
        r = MHD_create_response_from_buffer_with_free_callback_cls(resp->len, resp->body, aib_response_unref, resp->ref);
    else
        r = MHD_create_response_from_buffer(resp->len, resp->body,
                                            resp->shared ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!r) {
        aib_response_release(resp);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", resp->type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:");
    if (resp->status == 302)
        MHD_add_response_header(r, "Location", resp->location);
    rs->status = resp->status, rs->bytes = resp->len;
    mhd_result ok = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r); /* the body is now the response's (or held by its reference) */
    return ok;
}

/* Whether the client asked for a page: Accept names text/html (browsers do); an error on a
 * page is then an HTML page, else the JSON error every API answer uses. */
static int wants_html(struct MHD_Connection *c)
{
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
    return accept && strstr(accept, "text/html");
}

static mhd_result error_answer(aib_site *site, struct MHD_Connection *c, request_state *rs, const char *url,
                               const char *code)
{
    /* the router writes the one error shape, as HTML or JSON as Accept says */
    aib_response resp;
    aib_site_error(site, url, wants_html(c), code, &resp);
    return queue(c, rs, &resp);
}

static mhd_result header_bytes(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static mhd_result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                         const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)upload;
    server *sv = cls;
    if (!*state) { /* first call for this request: headers only */
        request_state *rs = calloc(1, sizeof *rs);
        if (!rs)
            return MHD_NO;
        snprintf(rs->line, sizeof rs->line, "%.16s %.500s", method, url);
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, rs->line);
        size_t l = strlen(rs->line);
        snprintf(rs->line + l, sizeof rs->line - l, " %.16s", version);
        *state = rs;
        mark(sv, c, 0);
        return MHD_YES;
    }
    request_state *rs = *state;
    if (*upload_size) { /* drop a body we will not read */
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return error_answer(sv->site, c, rs, url, "method_not_allowed");
    size_t hb = 0; /* the connection memory would take more: a page needs a few hundred bytes */
    MHD_get_connection_values(c, MHD_HEADER_KIND, header_bytes, &hb);
    if (hb > MAX_HEADER_BYTES)
        return error_answer(sv->site, c, rs, url, "headers_too_large");
    arg_list l = {.n = 0};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect, &l);
    if (l.overflow)
        return error_answer(sv->site, c, rs, url, "too_many_parameters");
    if (l.nul)
        return error_answer(sv->site, c, rs, url, "bad_encoding");
    aib_response resp;
    aib_site_get(sv->site, url, l.args, l.n, wants_html(c), &resp);
    return queue(c, rs, &resp);
}

static void done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    server *sv = cls;
    request_state *rs = *state;
    if (rs) {
        if (rs->status)
            access_log(sv, c, rs);
        free(rs);
    }
    *state = NULL;
    mark(sv, c, 1);
}

void aib_serve_opts_init(aib_serve_opts *o)
{
    memset(o, 0, sizeof *o);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->host = "127.0.0.1", o->port = 8080, o->threads = cpus > 0 ? (int)cpus : 1;
    o->per_ip = 32, o->header_deadline_s = 10, o->idle_timeout_s = 30, o->cache_bytes = AIB_SITE_CACHE_DEFAULT;
    o->max_connections = 0; /* what the file limit allows (aib_site_serve) */
}

/* As many connections as the process may hold files, up to 16,384 (the soft limit raised to
 * the hard one): slow clients spread over many addresses then need that many to crowd out the
 * rest, each cut off after the header deadline. */
static unsigned connection_limit(void)
{
    struct rlimit rl;
    unsigned max_conn = 1024;
    if (!getrlimit(RLIMIT_NOFILE, &rl)) {
        if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 16384 + 64) {
            rl.rlim_cur = rl.rlim_max < 16384 + 64 ? rl.rlim_max : 16384 + 64;
            setrlimit(RLIMIT_NOFILE, &rl);
            getrlimit(RLIMIT_NOFILE, &rl);
        }
        if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 128)
            max_conn = rl.rlim_cur - 64 < 16384 ? (unsigned)(rl.rlim_cur - 64) : 16384;
    }
    return max_conn;
}

aib_status aib_site_serve(aib_site *s, const aib_serve_opts *o, aib_error *err)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)o->port);
    if (inet_pton(AF_INET, o->host, &addr.sin_addr) != 1)
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "'%s' is not an IPv4 address", o->host);
    server sv = {.site = s, .o = o, .log_window = time(NULL)};
    pthread_mutex_init(&sv.lock, NULL);
    aib_site_cache_budget(s, o->cache_bytes);
    /* the connection memory holds a request's headers and a record (~60 bytes) per query
     * parameter: CONNECTION_MEMORY lets a URL of a few thousand parameters reach the router,
     * which refuses more than 32 in the one error shape; past that libmicrohttpd refuses the
     * request itself (431) */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, (unsigned short)o->port, NULL, NULL, handle,
        &sv, MHD_OPTION_EXTERNAL_LOGGER, error_log, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY, MHD_OPTION_CONNECTION_LIMIT,
        o->max_connections ? o->max_connections : connection_limit(),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip, MHD_OPTION_CONNECTION_TIMEOUT, o->idle_timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, done, &sv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, &sv,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!d) {
        pthread_mutex_destroy(&sv.lock);
        return aib_error_set(err, AIB_ERR_IO, NULL, "cannot listen on %s:%d (in use, or not allowed)", o->host, o->port);
    }
    if (o->ready)
        o->ready(o->ctx);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    pthread_t dog;
    int have_dog = !pthread_create(&dog, NULL, watchdog, &sv);
    while (!stop)
        pause();
    if (have_dog)
        pthread_join(dog, NULL);
    MHD_stop_daemon(d);
    pthread_mutex_destroy(&sv.lock);
    return AIB_OK;
}
