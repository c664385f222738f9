/* jw.h: a streaming JSON writer into an sbuf, for the answers the front ends print and serve.
 * Keys come in the order written; strings are escaped (invalid UTF-8 bytes become '?');
 * numbers that are not finite become null. Short numbers are written without printf. */
#ifndef AIB_JW_H
#define AIB_JW_H

#include "front/sbuf.h"

#define JW_MAX_DEPTH 32

typedef struct {
    sbuf *b;
    int depth;
    char close[JW_MAX_DEPTH];          /* '}' or ']' of each open level */
    unsigned char first[JW_MAX_DEPTH]; /* nothing written yet at this level */
    int after_key;                     /* the next value follows a key: no comma */
} jw;

void jw_init(jw *w, sbuf *b);
void jw_obj(jw *w);
void jw_end(jw *w); /* closes the innermost object or array */
void jw_arr(jw *w);
void jw_key(jw *w, const char *key);
void jw_str(jw *w, const char *s); /* NULL: null */
void jw_num(jw *w, double v);
void jw_bool(jw *w, int v);
void jw_null(jw *w);
/* key and value together */
void jw_kstr(jw *w, const char *key, const char *s);
void jw_knum(jw *w, const char *key, double v);
void jw_kbool(jw *w, const char *key, int v);
void jw_kobj(jw *w, const char *key);
void jw_karr(jw *w, const char *key);
/* already-written JSON text as a value */
void jw_raw(jw *w, const char *json);

/* v in the shortest decimal form that reads back as v to 10 significant digits. */
void jw_format_num(double v, char buf[32]);

#endif
