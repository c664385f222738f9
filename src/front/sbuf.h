/* sbuf.h: a growable text buffer with a size cap, for building pages and SVG, with HTML
 * escaping of everything that comes from the catalog or from a request. */
#ifndef AIB_SBUF_H
#define AIB_SBUF_H

#include <stddef.h>

typedef struct {
    char *p;
    size_t len, cap, max; /* max: the cap; 0 means 16 MiB */
    int failed;           /* an allocation failed or the cap was hit: the text is cut */
} sbuf;

void sb_init(sbuf *b);
void sb_release(sbuf *b);
/* Hands the text to the caller (free() it); the buffer is left empty. */
char *sb_take(sbuf *b, size_t *len);
void sb_put(sbuf *b, const char *s);
/* Appends n bytes (the slow path of sb_add when the buffer must grow). */
void sb_putn(sbuf *b, const char *s, size_t n);
/* The fast path: room is there, copy and go on (JSON and pages write many short pieces). */
static inline void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n < b->cap && !b->failed) {
        for (size_t i = 0; i < n; i++)
            b->p[b->len + i] = s[i];
        b->len += n;
        b->p[b->len] = '\0';
    } else
        sb_putn(b, s, n);
}
static inline void sb_addc(sbuf *b, char c) { sb_add(b, &c, 1); }
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text with & < > " ' escaped (element content and quoted attributes alike). */
void sb_esc(sbuf *b, const char *s);
/* A query-string component, percent-encoded. */
void sb_url(sbuf *b, const char *s);

#endif
