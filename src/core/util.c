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
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The message is formatted aside first: an argument may be the error's own message or tag
 * (a caller retagging an error it was handed: "%s", err->msg). */
AIB_PRINTF(4, 0) static aib_status error_vset(aib_error *err, aib_status code, const char *tag, const char *fmt, va_list ap)
{
    if (err) {
        char msg[sizeof err->msg], t[sizeof err->tag];
        vsnprintf(msg, sizeof msg, fmt, ap);
        snprintf(t, sizeof t, "%s", tag ? tag : "");
        err->code = code;
        memcpy(err->msg, msg, sizeof msg);
        memcpy(err->tag, t, sizeof t);
    }
    return code;
}

aib_status aib_fail(aib_error *err, aib_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

aib_status aib_error_set(aib_error *err, aib_status code, const char *tag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, code, tag, fmt, ap);
    va_end(ap);
    return code;
}

void aib_error_append(aib_error *err, const char *fmt, ...)
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

const char *aib_closest(const char *s, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; s && i < n; i++) {
        if (!cands[i])
            continue;
        size_t d = aib_edit_distance(s, cands[i]);
        if (strlen(s) >= 3 && !strncasecmp(cands[i], s, strlen(s)))
            d = d < 1 ? d : 1; /* a prefix: "--mod" for "--model" */
        if (d < best_d)
            best_d = d, best = cands[i];
    }
    size_t len = s ? strlen(s) : 0;
    return best && best_d > 0 && best_d <= (len > 6 ? 2u : 1u) + (len > 12) ? best : NULL;
}

size_t aib_url_append(char *buf, size_t len, size_t n, const char *s, int encode)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t add = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char t[4] = {(char)*p, 0, 0, 0};
        size_t k = 1;
        if (encode && !(isalnum(*p) || strchr("-_.~,", *p)))
            t[0] = '%', t[1] = hex[*p >> 4], t[2] = hex[*p & 15], k = 3;
        for (size_t i = 0; i < k; i++, add++)
            if (n + add + 1 < len)
                buf[n + add] = t[i];
    }
    if (len)
        buf[n + add < len ? n + add : len - 1] = '\0';
    return add;
}

int aib_streq_ci(const char *a, const char *b)
{
    if (a == b)
        return a != NULL; /* measurements point at their catalog ids (canonical after a check) */
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

/* What a file that is not a regular one is, for the message that refuses it. */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a file";
}

int aib_open_regular(const char *path, struct stat *st, aib_error *err)
{
    /* stat first, so that a device is never opened (opening one can have effects) and a FIFO
     * never waited on; then a non-blocking open and fstat on the descriptor itself, in case the
     * path was swapped in between */
    if (stat(path, st)) {
        aib_fail(err, AIB_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        aib_fail(err, AIB_ERR_IO, "%s: not a regular file (%s)", path, file_kind(st->st_mode));
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        aib_fail(err, AIB_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    int fl;
    if (fstat(fd, st) || (fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        int e = errno;
        close(fd);
        aib_fail(err, AIB_ERR_IO, "%s: cannot open: %s", path, strerror(e));
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        aib_fail(err, AIB_ERR_IO, "%s: not a regular file (%s)", path, file_kind(st->st_mode));
        return -1;
    }
    return fd;
}

aib_status aib_file_read(const char *path, char **out, size_t *len, aib_error *err)
{
    size_t dummy;
    if (!len)
        len = &dummy;
    *out = NULL;
    *len = 0;
    struct stat st;
    int fd = aib_open_regular(path, &st, err);
    if (fd < 0)
        return err ? err->code : AIB_ERR_IO;
    if (st.st_size > (off_t)(64 << 20)) { /* said before reading: a sparse file costs nothing to make */
        close(fd);
        return aib_fail(err, AIB_ERR_PARSE, "%s: larger than 64 MiB", path);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return aib_fail(err, AIB_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
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

const char *aib_thousands(double v, char *buf, size_t n)
{
    long long i = llround(v);
    char t[32];
    snprintf(t, sizeof t, "%lld", i < 0 ? -i : i);
    size_t len = strlen(t), k = 0;
    if (i < 0 && k + 2 < n)
        buf[k++] = '-';
    for (size_t j = 0; j < len && k + 2 < n; j++) {
        if (j && (len - j) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = t[j];
    }
    buf[n ? (k < n ? k : n - 1) : 0] = '\0';
    return buf;
}

int aib_same_silicon(const aib_hw *a, const aib_hw *b)
{
    if (a == b)
        return 1;
    const char *x = a->silicon ? a->silicon : a->id, *y = b->silicon ? b->silicon : b->id;
    return aib_streq_ci(x, y);
}
