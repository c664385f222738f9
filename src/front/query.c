/* query.c: a request's query string (query.h), shared by the server and the static site's
 * engine in WebAssembly. */
#include "front/query.h"
#include "front/advice.h"

#include <stdio.h>
#include <string.h>

/* ---- query strings ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int aib_url_decode(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '+')
            *o++ = ' ';
        else if (*s == '%') {
            int h = hexval((unsigned char)s[1]), l = h < 0 ? -1 : hexval((unsigned char)s[2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0))
                return -1;
            *o++ = (char)(h * 16 + l);
            s += 2;
        } else
            *o++ = *s;
    }
    *o = '\0';
    return 0;
}

int aib_query_parse(char *q, aib_arg *args, size_t max)
{
    size_t n = 0;
    while (q && *q) {
        char *amp = strchr(q, '&');
        if (amp)
            *amp = '\0';
        if (*q) {
            if (n >= max)
                return -1;
            char *eq = strchr(q, '=');
            if (eq)
                *eq = '\0';
            if (aib_url_decode(q) || (eq && aib_url_decode(eq + 1)))
                return -1;
            args[n].key = q, args[n].value = eq ? eq + 1 : "";
            n++;
        }
        q = amp ? amp + 1 : NULL;
    }
    return (int)n;
}


aib_status aib_request_read(const aib_arg *a, size_t n, aib_request *req, aib_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const aib_param *p = aib_param_find(a[i].key);
        if (p && (!p->key || strcmp(p->key, a[i].key))) { /* a CLI option's name */
            return aib_error_set(err, AIB_ERR_INVALID, "unknown_parameter", "unknown parameter '%s'%s%s%s", a[i].key,
                                 p->key ? "; did you mean '" : "", p->key ? p->key : "", p->key ? "'?" : "");
        }
        aib_status st = aib_request_set(req, a[i].key, a[i].value, err);
        if (st)
            return st;
    }
    return AIB_OK;
}

aib_status aib_compare_spec(const aib_atlas *atlas, const char *spec, const aib_hw_plan **ps, size_t *n, aib_error *err)
{
    char buf[400];
    *n = 0;
    if (strlen(spec) >= sizeof buf)
        return aib_error_set(err, AIB_ERR_INVALID, "bad_compare", "compare takes two or three hardware ids joined by -vs-");
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *p = buf; p;) {
        char *sep = strstr(p, "-vs-");
        if (sep)
            *sep = '\0';
        if (*n == AIB_COMPARE_MAX)
            return aib_error_set(err, AIB_ERR_INVALID, "bad_compare",
                                 "compare takes two or three hardware ids joined by -vs-, not '%s'", spec);
        if (!(ps[(*n)++] = aib_atlas_find(atlas, p)))
            return aib_error_set(err, AIB_ERR_NOTFOUND, "unknown_hw", "unknown hardware '%s'", p);
        p = sep ? sep + 4 : NULL;
    }
    return AIB_OK;
}

aib_status aib_request_answer(const aib_catalog *cat, const aib_calibration *cal, aib_request *req, const aib_arg *a,
                              size_t n, sbuf *out, aib_error *err)
{
    aib_answer ans;
    memset(&ans, 0, sizeof ans);
    aib_status st = aib_request_read(a, n, req, err);
    if (!st && req->kind == AIB_REQ_FIT) /* the fit answer carries its context sweep */
        st = aib_request_set(req, "sweep", NULL, err);
    if (!st)
        st = aib_request_run(cat, cal, req, &ans, err);
    if (st) {
        aib_answer_release(&ans);
        if (err && !*err->tag)
            snprintf(err->tag, sizeof err->tag, "%s", st == AIB_ERR_NOMEM ? "out_of_memory" : "bad_request");
        return st;
    }
    jw w;
    jw_init(&w, out);
    aib_jw_answer(&w, &ans, 0);
    aib_answer_release(&ans);
    return AIB_OK;
}

aib_status aib_compare_answer(const aib_catalog *cat, const aib_atlas *atlas, const char *spec, sbuf *out,
                              aib_error *err)
{
    const aib_hw_plan *ps[AIB_COMPARE_MAX];
    size_t n = 0;
    aib_status st = aib_compare_spec(atlas, spec, ps, &n, err);
    if (st)
        return st;
    aib_compare c;
    if ((st = aib_compare_build(cat, ps, n, &c, err))) {
        if (err && n < 2)
            snprintf(err->msg, sizeof err->msg, "compare takes two or three hardware ids joined by -vs-");
        if (err && !*err->tag)
            snprintf(err->tag, sizeof err->tag, "bad_compare");
        return st;
    }
    jw w;
    jw_init(&w, out);
    aib_jw_compare(&w, &c);
    aib_compare_release(&c);
    return AIB_OK;
}
