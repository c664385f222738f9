/* util.c: allocation wrapper with fault injection, error reports, string arena and small
 * string helpers used across the library. */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static long fail_countdown; /* test hook only: 0 = never fail */

void aib_alloc_fail_after(long n) { fail_countdown = n; }

static int should_fail(void)
{
    if (fail_countdown <= 0)
        return 0;
    return --fail_countdown == 0;
}

void *aib_malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }
void *aib_calloc(size_t n, size_t size) { return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1); }
void *aib_realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }
void aib_free(void *p) { free(p); }

char *aib_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = aib_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

const char *aib_status_name(aib_status s)
{
    switch (s) {
    case AIB_OK: return "ok";
    case AIB_ERR_NOMEM: return "out of memory";
    case AIB_ERR_IO: return "i/o error";
    case AIB_ERR_PARSE: return "parse error";
    case AIB_ERR_INVALID: return "invalid argument";
    case AIB_ERR_NOTFOUND: return "not found";
    case AIB_ERR_DB: return "database error";
    }
    return "unknown error";
}

aib_status aib_fail(aib_error *err, aib_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void aib_err_append(aib_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    size_t used = strlen(err->msg);
    if (used + 2 >= sizeof err->msg)
        return;
    if (used)
        err->msg[used++] = '\n', err->msg[used] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + used, sizeof err->msg - used, fmt, ap);
    va_end(ap);
}

int aib_has(double v) { return !isnan(v); }

/* ---- arena ---- */

struct aib_arena_chunk {
    aib_arena_chunk *next;
    size_t used, cap;
    char data[];
};

char *aib_arena_strdup(aib_arena *a, const char *s, size_t len)
{
    aib_arena_chunk *c = a->head;
    if (c)
        c->used = (c->used + 7) & ~(size_t)7; /* every block starts 8-byte aligned */
    if (!c || c->used > c->cap || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > 16384 ? len + 1 : 16384;
        aib_arena_chunk *n = aib_malloc(sizeof *n + cap);
        if (!n)
            return NULL;
        n->next = c;
        n->used = 0;
        n->cap = cap;
        a->head = c = n;
    }
    char *d = c->data + c->used;
    memcpy(d, s, len);
    d[len] = '\0';
    c->used += len + 1;
    return d;
}

void aib_arena_release(aib_arena *a)
{
    aib_arena_chunk *c = a->head;
    while (c) {
        aib_arena_chunk *n = c->next;
        aib_free(c);
        c = n;
    }
    a->head = NULL;
}

/* ---- strings ---- */

int aib_streq_ci(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    while (*a && *b) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++, b++;
    }
    return *a == *b;
}

int aib_list_has(const char *list, const char *item)
{
    if (!list || !item)
        return 0;
    size_t il = strlen(item);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *t = e;
        while (t > p && t[-1] == ' ')
            t--;
        if ((size_t)(t - p) == il && strncasecmp(p, item, il) == 0)
            return 1;
        p = e;
    }
    return 0;
}

void aib_list_first(const char *list, char *buf, size_t size)
{
    size_t n = 0;
    if (size == 0)
        return;
    if (list) {
        while (*list == ' ')
            list++;
        while (list[n] && list[n] != ',' && list[n] != ' ' && n + 1 < size) {
            buf[n] = list[n];
            n++;
        }
    }
    buf[n] = '\0';
}

char *aib_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

aib_status aib_slurp(const char *path, char **out, size_t *len, aib_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return aib_fail(err, AIB_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *b = aib_malloc(cap);
    while (b) {
        size_t r = fread(b + n, 1, cap - n - 1, f);
        n += r;
        if (n + 1 < cap)
            break;
        if (cap > (64u << 20)) { /* text people edit or tools print: never this large */
            aib_free(b);
            fclose(f);
            return aib_fail(err, AIB_ERR_PARSE, "%s: larger than 64 MiB", path);
        }
        char *nb = aib_realloc(b, cap * 2);
        if (!nb) {
            aib_free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    int ioerr = ferror(f);
    fclose(f);
    if (!b)
        return aib_fail(err, AIB_ERR_NOMEM, "%s: out of memory", path);
    if (ioerr) {
        aib_free(b);
        return aib_fail(err, AIB_ERR_IO, "%s: read error", path);
    }
    b[n] = '\0';
    if (memchr(b, '\0', n)) {
        aib_free(b);
        return aib_fail(err, AIB_ERR_PARSE, "%s: contains a NUL byte", path);
    }
    *out = b;
    *len = n;
    return AIB_OK;
}
