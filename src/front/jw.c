/* jw.c: the streaming JSON writer (jw.h). */
#include "jw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void jw_init(jw *w, sbuf *b)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->first[0] = 1;
}

/* The comma before a value, unless it is the first of its level or follows a key. */
static void sep(jw *w)
{
    if (w->after_key)
        w->after_key = 0;
    else if (!w->first[w->depth])
        sb_add(w->b, ",", 1);
    w->first[w->depth] = 0;
}

static void open_level(jw *w, char open, char close)
{
    sep(w);
    sb_add(w->b, &open, 1);
    if (w->depth + 1 < JW_MAX_DEPTH) {
        w->depth++;
        w->close[w->depth] = close;
        w->first[w->depth] = 1;
    } else
        w->b->failed = 1; /* deeper than any answer: a bug, not input */
}

void jw_obj(jw *w) { open_level(w, '{', '}'); }
void jw_arr(jw *w) { open_level(w, '[', ']'); }

void jw_end(jw *w)
{
    if (w->depth == 0) {
        w->b->failed = 1;
        return;
    }
    sb_add(w->b, &w->close[w->depth], 1);
    w->depth--;
}

/* A JSON string: quotes, escapes, and '?' for bytes that are not UTF-8. */
static void quoted(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    sb_add(b, "\"", 1);
    while (*p) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            sb_add(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p++};
            sb_add(b, e, 2);
        } else if (*p < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            if (*p == '\n')
                sb_add(b, "\\n", 2);
            else if (*p == '\t')
                sb_add(b, "\\t", 2);
            else
                sb_add(b, e, 6);
            p++;
        } else { /* a multi-byte sequence: copied when well formed */
            int n = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
            int ok = n > 0 && (n != 2 || *p >= 0xc2) && (n != 4 || *p <= 0xf4);
            for (int i = 1; ok && i < n; i++)
                ok = (p[i] & 0xc0) == 0x80;
            if (ok && n == 3 && ((*p == 0xe0 && p[1] < 0xa0) || (*p == 0xed && p[1] >= 0xa0)))
                ok = 0; /* overlong, or a surrogate */
            if (ok && n == 4 && ((*p == 0xf0 && p[1] < 0x90) || (*p == 0xf4 && p[1] >= 0x90)))
                ok = 0;
            if (ok) {
                sb_add(b, (const char *)p, (size_t)n);
                p += n;
            } else {
                sb_add(b, "?", 1);
                p++;
            }
        }
    }
    sb_add(b, "\"", 1);
}

void jw_key(jw *w, const char *key)
{
    sep(w);
    /* the writer's keys are the program's own ASCII names: no escaping to look for */
    size_t n = strlen(key);
    char t[64];
    if (n + 3 <= sizeof t && !strpbrk(key, "\"\\")) {
        t[0] = '"';
        memcpy(t + 1, key, n);
        t[n + 1] = '"', t[n + 2] = ':';
        sb_add(w->b, t, n + 3);
    } else {
        quoted(w->b, key);
        sb_add(w->b, ":", 1);
    }
    w->after_key = 1;
}

void jw_str(jw *w, const char *s)
{
    sep(w);
    if (s)
        quoted(w->b, s);
    else
        sb_add(w->b, "null", 4);
}

void jw_format_num(double v, char buf[32])
{
    /* figures here are rounded to 0.1 or 0.01 (or whole): write those digit by digit, the
     * rest with printf */
    double a = fabs(v);
    if (a < 1e12) {
        double scaled = a * 10000;
        double r = floor(scaled + 0.5);
        if (fabs(r - scaled) <= 1e-7 * (scaled > 1 ? scaled : 1)) {
            uint64_t u = (uint64_t)r, ip = u / 10000, fp = u % 10000;
            char t[32];
            int n = 0;
            do
                t[n++] = (char)('0' + ip % 10), ip /= 10;
            while (ip);
            int k = 0;
            if (v < 0 && u)
                buf[k++] = '-';
            while (n)
                buf[k++] = t[--n];
            if (fp) {
                buf[k++] = '.';
                char d[4] = {(char)('0' + fp / 1000), (char)('0' + fp / 100 % 10), (char)('0' + fp / 10 % 10),
                             (char)('0' + fp % 10)};
                int last = 3;
                while (d[last] == '0')
                    last--;
                for (int i = 0; i <= last; i++)
                    buf[k++] = d[i];
            }
            buf[k] = '\0';
            return;
        }
    }
    snprintf(buf, 32, "%.10g", v);
}

void jw_num(jw *w, double v)
{
    sep(w);
    if (!isfinite(v)) {
        sb_add(w->b, "null", 4);
        return;
    }
    char t[32];
    jw_format_num(v, t);
    sb_add(w->b, t, strlen(t));
}

void jw_bool(jw *w, int v)
{
    sep(w);
    sb_put(w->b, v ? "true" : "false");
}

void jw_null(jw *w)
{
    sep(w);
    sb_add(w->b, "null", 4);
}

void jw_raw(jw *w, const char *json)
{
    sep(w);
    sb_put(w->b, json);
}

void jw_kstr(jw *w, const char *key, const char *s) { jw_key(w, key), jw_str(w, s); }
void jw_knum(jw *w, const char *key, double v) { jw_key(w, key), jw_num(w, v); }
void jw_kbool(jw *w, const char *key, int v) { jw_key(w, key), jw_bool(w, v); }
void jw_kobj(jw *w, const char *key) { jw_key(w, key), jw_obj(w); }
void jw_karr(jw *w, const char *key) { jw_key(w, key), jw_arr(w); }
