/* gguf.c: a reader for GGUF v2/v3 headers. The bytes come from strangers, so every read goes
 * through a bounds-checked cursor, every count and length is checked against a hard cap and
 * against the bytes left before anything is allocated, and every size product is checked for
 * overflow. Layout and checks: docs/gguf.md, ../shared/research/gguf.md. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Hard caps: far above any real model, far below what would hurt. */
#define MAX_KV 65536u
#define MAX_TENSORS 262144u
#define MAX_KEY 65535u
#define MAX_STRING (64u << 20)
#define MAX_ARRAY (64u << 20)
#define MAX_NAME 256u
#define MAX_DIMS 4u
#define MAX_HEADER ((size_t)512 << 20)
#define FIRST_READ ((size_t)1 << 20)
#define MAX_SHARDS 512u
#define MAX_NUMS_TOTAL (1u << 20) /* numeric array values kept per file: 8 MiB of doubles */
#define LLAMA_MAX_NAME 64u        /* llama.cpp's GGML_MAX_NAME, the terminating NUL included */

enum { T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR, T_U64, T_I64, T_F64, T_COUNT };
static const unsigned type_size[T_COUNT] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
static const char *const type_names[T_COUNT] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"};

/* ggml types: block size and bytes per block (ggml-common.h; gguf.md section 2).
 * A zero block size marks a removed id: such a tensor cannot be sized. */
static const struct { const char *name; unsigned blck, size; } ggml_types[] = {
    {"F32", 1, 4}, {"F16", 1, 2}, {"Q4_0", 32, 18}, {"Q4_1", 32, 20}, {"Q4_2", 0, 0}, {"Q4_3", 0, 0},
    {"Q5_0", 32, 22}, {"Q5_1", 32, 24}, {"Q8_0", 32, 34}, {"Q8_1", 32, 36}, {"Q2_K", 256, 84},
    {"Q3_K", 256, 110}, {"Q4_K", 256, 144}, {"Q5_K", 256, 176}, {"Q6_K", 256, 210}, {"Q8_K", 256, 292},
    {"IQ2_XXS", 256, 66}, {"IQ2_XS", 256, 74}, {"IQ3_XXS", 256, 98}, {"IQ1_S", 256, 50}, {"IQ4_NL", 32, 18},
    {"IQ3_S", 256, 110}, {"IQ2_S", 256, 82}, {"IQ4_XS", 256, 136}, {"I8", 1, 1}, {"I16", 1, 2}, {"I32", 1, 4},
    {"I64", 1, 8}, {"F64", 1, 8}, {"IQ1_M", 256, 56}, {"BF16", 1, 2}, {"Q4_0_4_4", 0, 0}, {"Q4_0_4_8", 0, 0},
    {"Q4_0_8_8", 0, 0}, {"TQ1_0", 256, 54}, {"TQ2_0", 256, 66}, {"IQ4_NL_4_4", 0, 0}, {"IQ4_NL_4_8", 0, 0},
    {"IQ4_NL_8_8", 0, 0}, {"MXFP4", 32, 17}, {"NVFP4", 64, 36}, {"Q1_0", 128, 18}, {"Q2_0", 64, 18},
};
#define GGML_TYPE_COUNT (sizeof ggml_types / sizeof ggml_types[0])

const char *aib_gguf_type_name(uint32_t t) { return t < T_COUNT ? type_names[t] : "?"; }
const char *aib_ggml_type_name(uint32_t t) { return t < GGML_TYPE_COUNT ? ggml_types[t].name : "?"; }

const char *aib_llama_ftype_name(uint32_t f)
{
    /* llama.h enum llama_ftype (gguf.md section 3) */
    static const char *const names[] = {
        "ALL_F32", "F16", "Q4_0", "Q4_1", NULL, NULL, NULL, "Q8_0", "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M",
        "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS",
        "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M", "IQ4_XS", "IQ1_M", "BF16", NULL, NULL,
        NULL, "TQ1_0", "TQ2_0", "MXFP4_MOE", "NVFP4", "Q1_0", "Q2_0"};
    if (f < sizeof names / sizeof names[0] && names[f])
        return names[f];
    return "?";
}

struct aib_gguf {
    uint32_t version, alignment, shards;
    uint64_t data_offset, file_size;
    aib_gguf_kv *kv;
    size_t n_kv;
    aib_gguf_tensor *t;
    size_t n_t;
    const char *warn[AIB_GGUF_MAX_WARNINGS];
    size_t n_warn, n_warn_all; /* kept, and all there were */
    char more[64];             /* the last warning when some were left out */
    aib_arena mem;
};

uint32_t aib_gguf_version(const aib_gguf *g) { return g->version; }
size_t aib_gguf_kv_count(const aib_gguf *g) { return g->n_kv; }
const aib_gguf_kv *aib_gguf_kv_at(const aib_gguf *g, size_t i) { return i < g->n_kv ? &g->kv[i] : NULL; }
size_t aib_gguf_tensor_count(const aib_gguf *g) { return g->n_t; }
const aib_gguf_tensor *aib_gguf_tensor_at(const aib_gguf *g, size_t i) { return i < g->n_t ? &g->t[i] : NULL; }
size_t aib_gguf_warning_count(const aib_gguf *g) { return g->n_warn; }

const char *aib_gguf_warning_at(const aib_gguf *g, size_t i)
{
    if (i >= g->n_warn)
        return NULL;
    if (i == AIB_GGUF_MAX_WARNINGS - 1 && g->n_warn_all > AIB_GGUF_MAX_WARNINGS)
        return g->more;
    return g->warn[i];
}

/* Counts k more warnings that are not kept; the last slot then says how many were left out. */
static void warn_more(aib_gguf *g, size_t k)
{
    g->n_warn_all += k;
    if (g->n_warn_all > AIB_GGUF_MAX_WARNINGS)
        snprintf(g->more, sizeof g->more, "and %zu more warnings", g->n_warn_all - (AIB_GGUF_MAX_WARNINGS - 1));
}

/* Adds a warning (kept in the arena; one that cannot be stored is only counted). */
static void warn(aib_gguf *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(aib_gguf *g, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *w = g->n_warn < AIB_GGUF_MAX_WARNINGS ? aib_arena_strdup(&g->mem, buf, strlen(buf)) : NULL;
    if (w)
        g->warn[g->n_warn++] = w;
    warn_more(g, 1);
}

const aib_gguf_kv *aib_gguf_find(const aib_gguf *g, const char *key)
{
    for (size_t i = 0; i < g->n_kv; i++)
        if (!strcmp(g->kv[i].key, key))
            return &g->kv[i];
    return NULL;
}

void aib_gguf_free(aib_gguf *g)
{
    if (!g)
        return;
    aib_free(g->kv);
    aib_free(g->t);
    aib_arena_release(&g->mem);
    aib_free(g);
}

/* ---- cursor ---- */

typedef struct {
    const unsigned char *p;
    size_t pos, len;    /* bytes available */
    uint64_t file_size; /* bytes in the whole file */
    int need_more;      /* set when a read ran past len but not past file_size */
    aib_error *err;
    int failed;
    uint64_t nums_kept;        /* numeric array values kept so far (MAX_NUMS_TOTAL) */
    size_t long_names;         /* tensor names llama.cpp refuses, and the first of them */
    const char *first_long;
} cursor;

static int fail(cursor *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(cursor *c, const char *fmt, ...)
{
    if (!c->failed && c->err) {
        va_list ap;
        va_start(ap, fmt);
        c->err->code = AIB_ERR_PARSE;
        vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
        va_end(ap);
    }
    c->failed = 1;
    return 0;
}

/* Bytes left in the file after the cursor (not only in the buffer). */
static uint64_t file_left(const cursor *c) { return c->file_size > c->pos ? c->file_size - c->pos : 0; }

static int need(cursor *c, uint64_t n)
{
    if (c->failed)
        return 0;
    if (n <= c->len - c->pos)
        return 1;
    if (n <= file_left(c)) {
        c->need_more = 1;
        c->failed = 1;
        return 0;
    }
    return fail(c, "truncated at byte %zu: %llu more bytes needed, the file ends first", c->pos, (unsigned long long)n);
}

static uint64_t rd(cursor *c, unsigned n)
{
    uint64_t v = 0;
    if (!need(c, n))
        return 0;
    for (unsigned i = 0; i < n; i++) /* little-endian */
        v |= (uint64_t)c->p[c->pos + i] << (8 * i);
    c->pos += n;
    return v;
}

/* Reads a GGUF string of at most max bytes into the arena (NULL on error). */
static char *rd_str(cursor *c, aib_arena *mem, uint64_t max, const char *what)
{
    size_t at = c->pos;
    uint64_t n = rd(c, 8);
    if (c->failed)
        return NULL;
    if (n > max)
        return fail(c, "%s at byte %zu is %llu bytes long (at most %llu)", what, at, (unsigned long long)n,
                    (unsigned long long)max), NULL;
    if (!need(c, n))
        return NULL;
    char *s = aib_arena_strdup(mem, (const char *)c->p + c->pos, (size_t)n);
    if (!s) {
        fail(c, "out of memory");
        if (c->err)
            c->err->code = AIB_ERR_NOMEM;
        return NULL;
    }
    c->pos += (size_t)n;
    return s;
}

static double as_number(uint32_t type, uint64_t raw)
{
    union { uint32_t u; float f; } f32;
    union { uint64_t u; double d; } f64;
    switch (type) {
    case T_U8: case T_U16: case T_U32: case T_U64: return (double)raw;
    case T_I8: return (double)(int8_t)raw;
    case T_I16: return (double)(int16_t)raw;
    case T_I32: return (double)(int32_t)raw;
    case T_I64: return (double)(int64_t)raw;
    case T_F32: f32.u = (uint32_t)raw; return f32.f;
    case T_F64: f64.u = raw; return f64.d;
    case T_BOOL: return raw != 0;
    }
    return NAN;
}

static int grow(void **arr, size_t n, size_t elem)
{
    if (n & (n - 1)) /* capacity doubles at powers of two */
        return 1;
    void *p = aib_realloc(*arr, (n ? n * 2 : 16) * elem);
    if (!p)
        return 0;
    *arr = p;
    return 1;
}

static int nomem(cursor *c)
{
    fail(c, "out of memory");
    if (c->err)
        c->err->code = AIB_ERR_NOMEM;
    return 0;
}

static int read_kv(cursor *c, aib_gguf *g)
{
    size_t at = c->pos;
    char *key = rd_str(c, &g->mem, MAX_KEY, "key");
    if (!key)
        return 0;
    if (!*key)
        return fail(c, "empty key at byte %zu", at);
    if (strlen(key) != c->pos - at - 8)
        return fail(c, "key at byte %zu contains a NUL byte", at);
    uint32_t type = (uint32_t)rd(c, 4);
    if (c->failed)
        return 0;
    if (type >= T_COUNT)
        return fail(c, "key '%s' has unknown value type %u", key, type);
    if (!grow((void **)&g->kv, g->n_kv, sizeof *g->kv))
        return nomem(c);
    aib_gguf_kv *kv = &g->kv[g->n_kv];
    memset(kv, 0, sizeof *kv);
    kv->key = key, kv->type = type, kv->count = 1, kv->num = NAN;
    if (type == T_STR) {
        if (!(kv->str = rd_str(c, &g->mem, MAX_STRING, "string value")))
            return 0;
    } else if (type == T_ARR) {
        uint32_t et = (uint32_t)rd(c, 4);
        uint64_t n = rd(c, 8);
        if (c->failed)
            return 0;
        if (et == T_ARR)
            return fail(c, "key '%s': nested arrays are not supported", key);
        if (et >= T_COUNT)
            return fail(c, "key '%s': array of unknown type %u", key, et);
        uint64_t min = et == T_STR ? 8 : type_size[et];
        if (n > MAX_ARRAY || n * min > file_left(c))
            return fail(c, "key '%s': array of %llu elements does not fit in the %llu bytes left", key,
                        (unsigned long long)n, (unsigned long long)file_left(c));
        kv->arr_type = et, kv->count = n;
        if (et == T_STR) {
            for (uint64_t i = 0; i < n; i++) { /* checked and skipped: tokens are not kept */
                uint64_t len = rd(c, 8);
                if (c->failed)
                    return 0;
                if (len > MAX_STRING)
                    return fail(c, "key '%s': string %llu of the array is too long", key, (unsigned long long)i);
                if (!need(c, len))
                    return 0;
                c->pos += (size_t)len;
            }
        } else {
            /* a u8 array kept as doubles takes 8 times its bytes: the file as a whole keeps at
             * most MAX_NUMS_TOTAL values, so that memory stays a small multiple of the file */
            uint64_t keep = n < AIB_GGUF_MAX_NUMS ? n : AIB_GGUF_MAX_NUMS;
            if (keep > MAX_NUMS_TOTAL - c->nums_kept)
                keep = MAX_NUMS_TOTAL - c->nums_kept;
            if (!need(c, n * type_size[et]))
                return 0;
            double *v = keep ? aib_malloc((size_t)keep * sizeof *v) : NULL;
            if (keep && !v)
                return nomem(c);
            c->nums_kept += keep;
            uint64_t bad_bool = UINT64_MAX, bad_value = 0;
            for (uint64_t i = 0; i < n; i++) {
                uint64_t raw = rd(c, type_size[et]);
                if (i < keep)
                    v[i] = as_number(et, raw);
                if (et == T_BOOL && raw > 1 && bad_bool == UINT64_MAX)
                    bad_bool = i, bad_value = raw;
            }
            if (bad_bool != UINT64_MAX)
                warn(g, "key '%s': bool value %llu at index %llu (the GGUF spec allows only 0 and 1)", key,
                     (unsigned long long)bad_value, (unsigned long long)bad_bool);
            if (keep) { /* keep the values in the arena with the rest of the file's data */
                char *copy = aib_arena_strdup(&g->mem, (const char *)v, (size_t)keep * sizeof *v);
                aib_free(v);
                if (!copy)
                    return nomem(c);
                kv->nums = (const double *)(void *)copy; /* arena blocks are 8-byte aligned */
                kv->n_nums = keep;
                memcpy(&kv->num, copy, sizeof kv->num);
            }
        }
    } else {
        uint64_t raw = rd(c, type_size[type]);
        kv->num = as_number(type, raw);
        if (type == T_BOOL && raw > 1 && !c->failed)
            warn(g, "key '%s': bool value %llu (the GGUF spec allows only 0 and 1)", key, (unsigned long long)raw);
    }
    if (c->failed)
        return 0;
    g->n_kv++;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Finds a duplicate among n strings; returns it or NULL. */
static const char *duplicate(const char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(v[i - 1], v[i]))
            return v[i];
    return NULL;
}

static int read_tensor(cursor *c, aib_gguf *g)
{
    char *name = rd_str(c, &g->mem, MAX_NAME, "tensor name");
    if (!name)
        return 0;
    uint32_t nd = (uint32_t)rd(c, 4);
    if (c->failed)
        return 0;
    if (nd < 1 || nd > MAX_DIMS)
        return fail(c, "tensor '%s' has %u dimensions (1 to %u)", name, nd, MAX_DIMS);
    if (strlen(name) >= LLAMA_MAX_NAME && c->long_names++ == 0) /* one warning for all: see parse() */
        c->first_long = name;
    if (!grow((void **)&g->t, g->n_t, sizeof *g->t))
        return nomem(c);
    aib_gguf_tensor *t = &g->t[g->n_t];
    memset(t, 0, sizeof *t);
    t->name = name, t->n_dims = nd;
    for (unsigned i = 0; i < MAX_DIMS; i++)
        t->ne[i] = 1;
    for (uint32_t i = 0; i < nd; i++) {
        t->ne[i] = rd(c, 8);
        if (t->ne[i] > (uint64_t)INT64_MAX)
            return fail(c, "tensor '%s' dimension %u is %llu, above 2^63", name, i, (unsigned long long)t->ne[i]);
    }
    t->type = (uint32_t)rd(c, 4);
    t->offset = rd(c, 8);
    if (c->failed)
        return 0;
    if (t->type >= GGML_TYPE_COUNT || ggml_types[t->type].blck == 0)
        return fail(c, "tensor '%s' has unknown ggml type %u", name, t->type);
    unsigned blck = ggml_types[t->type].blck;
    if (t->ne[0] % blck)
        return fail(c, "tensor '%s': %llu columns are not a multiple of %s's block of %u", name,
                    (unsigned long long)t->ne[0], ggml_types[t->type].name, blck);
    /* bytes = ne[0] / block x bytes per block x ne[1] x ne[2] x ne[3]; every product checked */
    uint64_t bytes, elems = t->ne[0];
    int over = __builtin_mul_overflow(t->ne[0] / blck, (uint64_t)ggml_types[t->type].size, &bytes);
    for (unsigned i = 1; i < MAX_DIMS; i++) {
        over |= __builtin_mul_overflow(bytes, t->ne[i], &bytes);
        over |= __builtin_mul_overflow(elems, t->ne[i], &elems);
    }
    if (over || elems > (uint64_t)INT64_MAX || bytes > (uint64_t)INT64_MAX) {
        char shape[128] = "";
        for (uint32_t i = 0; i < nd; i++)
            snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "%s%llu", i ? " x " : "",
                     (unsigned long long)t->ne[i]);
        return fail(c, "tensor '%s': its size overflows 64 bits (%s, shape %s)", name, ggml_types[t->type].name, shape);
    }
    t->nbytes = bytes;
    g->n_t++;
    return 1;
}

static int cmp_offset(const void *a, const void *b)
{
    const aib_gguf_tensor *x = *(const aib_gguf_tensor *const *)a, *y = *(const aib_gguf_tensor *const *)b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The parse proper; *need_more is set when buf ended before the header did. */
static aib_status parse(const unsigned char *buf, size_t len, uint64_t file_size, aib_gguf **out, int *need_more,
                        aib_error *err)
{
    *out = NULL;
    *need_more = 0;
    if (err)
        err->code = AIB_OK, err->msg[0] = '\0';
    if (file_size < len)
        file_size = len;
    cursor c = {.p = buf, .len = len, .file_size = file_size, .err = err};
    aib_gguf *g = aib_calloc(1, sizeof *g);
    const char **names = NULL;
    aib_gguf_tensor **order = NULL;
    if (!g)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    g->alignment = 32;
    g->shards = 1;
    g->file_size = file_size;

    if (!need(&c, 4))
        goto done;
    if (memcmp(buf, "GGUF", 4)) {
        fail(&c, "not a GGUF file: it starts with %02x %02x %02x %02x, not 'GGUF'", buf[0], buf[1], buf[2], buf[3]);
        goto done;
    }
    c.pos = 4;
    uint32_t v = (uint32_t)rd(&c, 4);
    if (c.failed)
        goto done;
    uint32_t swapped = __builtin_bswap32(v);
    if ((v & 0xffff) == 0 && swapped >= 1 && swapped <= 3) {
        fail(&c, "big-endian GGUF files are not supported");
        goto done;
    }
    if (v == 1) {
        fail(&c, "GGUF version 1 is not supported (only versions 2 and 3)");
        goto done;
    }
    if (v != 2 && v != 3) {
        fail(&c, "unknown GGUF version %u (versions 2 and 3 are supported)", v);
        goto done;
    }
    g->version = v;
    uint64_t n_t = rd(&c, 8), n_kv = rd(&c, 8);
    if (c.failed)
        goto done;
    /* the smallest key/value takes 8 + 1 + 4 + 1 bytes, the smallest tensor info 8 + 1 + 4 + 8 + 4 + 8 */
    if (n_kv > MAX_KV || n_kv * 14 > file_left(&c)) {
        fail(&c, "%llu metadata keys cannot be right (at most %u, and %llu bytes left)", (unsigned long long)n_kv, MAX_KV,
             (unsigned long long)file_left(&c));
        goto done;
    }
    if (n_t > MAX_TENSORS || n_t * 33 > file_left(&c)) {
        fail(&c, "%llu tensors cannot be right (at most %u, and %llu bytes left)", (unsigned long long)n_t, MAX_TENSORS,
             (unsigned long long)file_left(&c));
        goto done;
    }
    for (uint64_t i = 0; i < n_kv; i++)
        if (!read_kv(&c, g))
            goto done;
    if (g->n_kv) {
        if (!(names = aib_malloc(g->n_kv * sizeof *names))) {
            nomem(&c);
            goto done;
        }
        for (size_t i = 0; i < g->n_kv; i++)
            names[i] = g->kv[i].key;
        const char *dup = duplicate(names, g->n_kv);
        if (dup) {
            fail(&c, "duplicate key '%s'", dup);
            goto done;
        }
    }
    const aib_gguf_kv *al = aib_gguf_find(g, "general.alignment");
    if (al) {
        if (al->type != T_U32 || al->num < 1 || al->num > (1u << 30) || ((uint32_t)al->num & ((uint32_t)al->num - 1))) {
            fail(&c, "general.alignment must be a u32 power of two, not %s %g", aib_gguf_type_name(al->type), al->num);
            goto done;
        }
        g->alignment = (uint32_t)al->num;
    }
    for (uint64_t i = 0; i < n_t; i++)
        if (!read_tensor(&c, g))
            goto done;
    if (g->n_t) {
        aib_free(names);
        if (!(names = aib_malloc(g->n_t * sizeof *names)) || !(order = aib_malloc(g->n_t * sizeof *order))) {
            nomem(&c);
            goto done;
        }
        for (size_t i = 0; i < g->n_t; i++)
            names[i] = g->t[i].name, order[i] = &g->t[i];
        const char *dup = duplicate(names, g->n_t);
        if (dup) {
            fail(&c, "duplicate tensor name '%s'", dup);
            goto done;
        }
    }
    /* the data section starts at the next multiple of the alignment */
    uint64_t data = ((uint64_t)c.pos + g->alignment - 1) / g->alignment * g->alignment;
    g->data_offset = data;
    uint64_t data_size = file_size > data ? file_size - data : 0;
    for (size_t i = 0; i < g->n_t; i++) {
        const aib_gguf_tensor *t = &g->t[i];
        uint64_t end;
        if (t->offset % g->alignment) {
            fail(&c, "tensor '%s' offset %llu is not a multiple of the alignment %u", t->name,
                 (unsigned long long)t->offset, g->alignment);
            goto done;
        }
        if (__builtin_add_overflow(t->offset, t->nbytes, &end) || end > data_size) {
            fail(&c, "tensor '%s' data (%llu bytes at byte %llu of the data section) lies outside the file (%llu bytes of data)",
                 t->name, (unsigned long long)t->nbytes, (unsigned long long)t->offset, (unsigned long long)data_size);
            goto done;
        }
    }
    if (g->n_t > 1) {
        qsort(order, g->n_t, sizeof *order, cmp_offset);
        for (size_t i = 1; i < g->n_t; i++)
            if (order[i - 1]->offset + order[i - 1]->nbytes > order[i]->offset) { /* no overflow: checked above */
                fail(&c, "tensors '%s' and '%s' overlap", order[i - 1]->name, order[i]->name);
                goto done;
            }
    }
    if (c.long_names) { /* one warning for all of them */
        char more[64] = "";
        if (c.long_names > 1)
            snprintf(more, sizeof more, " (and %zu more)", c.long_names - 1);
        warn(g, "tensor '%s' has a name of %zu bytes%s: llama.cpp refuses names of %u bytes or more (GGML_MAX_NAME)",
             c.first_long, strlen(c.first_long), more, LLAMA_MAX_NAME);
    }
done:
    aib_free(names);
    aib_free(order);
    if (c.failed) {
        *need_more = c.need_more;
        aib_gguf_free(g);
        if (c.need_more)
            return aib_fail(err, AIB_ERR_PARSE, "header longer than the bytes read");
        return err && err->code ? err->code : AIB_ERR_PARSE;
    }
    *out = g;
    return AIB_OK;
}

aib_status aib_gguf_parse(const void *buf, size_t len, uint64_t file_size, aib_gguf **out, aib_error *err)
{
    int more;
    aib_status st = parse(buf, len, file_size, out, &more, err);
    if (st && more)
        return aib_fail(err, AIB_ERR_PARSE, "truncated: the header goes on past the %zu bytes given", len);
    return st;
}

/* Reads one file's header, growing the read until the header fits. */
static aib_status read_one(const char *path, aib_gguf **out, aib_error *err)
{
    *out = NULL;
    struct stat st;
    int fd = aib_open_regular(path, &st, err); /* a FIFO or a device is refused, never waited on */
    if (fd < 0)
        return err ? err->code : AIB_ERR_IO;
    uint64_t size = (uint64_t)st.st_size;
    /* A sparse file's holes read as zeros that take no disk, so a small file could claim a
     * header of hundreds of MiB and have us hold it all. Past the first read, the header may
     * grow only to 4 times the bytes the file holds on disk (st_blocks; 0 where the file system
     * does not say), which also leaves room for a file system that compresses. */
    uint64_t on_disk = (uint64_t)st.st_blocks * 512;
    size_t limit = MAX_HEADER;
    if (on_disk && on_disk < MAX_HEADER / 4)
        limit = on_disk * 4 > FIRST_READ ? (size_t)on_disk * 4 : FIRST_READ;
    size_t want = size < FIRST_READ ? (size_t)size : FIRST_READ;
    unsigned char *buf = NULL;
    size_t have = 0;
    aib_status rc;
    for (;;) {
        unsigned char *nb = aib_realloc(buf, want ? want : 1);
        if (!nb) {
            rc = aib_fail(err, AIB_ERR_NOMEM, "%s: out of memory", path);
            break;
        }
        buf = nb;
        int rerr = 0;
        while (have < want) {
            ssize_t r = pread(fd, buf + have, want - have, (off_t)have);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                rerr = errno;
            if (r <= 0)
                break;
            have += (size_t)r;
        }
        if (rerr) {
            rc = aib_fail(err, AIB_ERR_IO, "%s: read error: %s", path, strerror(rerr));
            break;
        }
        int more;
        rc = parse(buf, have, size, out, &more, err);
        if (!rc || !more)
            break;
        if (have < want) {
            rc = aib_fail(err, AIB_ERR_IO, "%s: the file ended at byte %zu, not %llu: it changed while read", path,
                          have, (unsigned long long)size);
            break;
        }
        if (have >= MAX_HEADER) {
            rc = aib_fail(err, AIB_ERR_PARSE, "%s: header larger than %zu MiB", path, MAX_HEADER >> 20);
            break;
        }
        if (have >= limit) {
            rc = aib_fail(err, AIB_ERR_PARSE,
                          "%s: the header goes on past byte %zu, but only %llu bytes of the file are on disk (a sparse file)",
                          path, have, (unsigned long long)on_disk);
            break;
        }
        want = have < limit / 4 ? have * 4 : limit;
        if (want > size)
            want = (size_t)size;
    }
    aib_free(buf);
    close(fd);
    if (rc && err && strncmp(err->msg, path, strlen(path))) { /* say which file */
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%.300s: %.700s", path, err->msg);
        memcpy(err->msg, msg, sizeof msg);
    }
    return rc;
}

/* "NAME-00002-of-00003.gguf": sets prefix length, shard number and count. */
static int split_name(const char *path, size_t *prefix, unsigned *no, unsigned *count)
{
    size_t n = strlen(path);
    const char *tail = "-00000-of-00000.gguf";
    size_t tl = strlen(tail);
    if (n <= tl)
        return 0;
    const char *s = path + n - tl;
    for (size_t i = 0; i < tl; i++) {
        if (tail[i] == '0' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != tail[i])
            return 0;
    }
    *prefix = n - tl;
    *no = (unsigned)atoi(s + 1);
    *count = (unsigned)atoi(s + 10);
    return *no >= 1 && *count >= 1 && *no <= *count;
}

aib_status aib_gguf_read(const char *path, aib_gguf **out, aib_error *err)
{
    size_t prefix;
    unsigned no, count;
    *out = NULL;
    if (!split_name(path, &prefix, &no, &count))
        return read_one(path, out, err);
    if (count > MAX_SHARDS)
        return aib_fail(err, AIB_ERR_PARSE, "%s: %u shards (at most %u)", path, count, MAX_SHARDS);
    aib_gguf *all = NULL;
    char *name = aib_malloc(prefix + 32);
    if (!name)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    aib_status rc = AIB_OK;
    for (unsigned i = 1; i <= count && !rc; i++) {
        snprintf(name, prefix + 32, "%.*s-%05u-of-%05u.gguf", (int)prefix, path, i, count);
        aib_gguf *g;
        if ((rc = read_one(name, &g, err)))
            break;
        const aib_gguf_kv *sc = aib_gguf_find(g, "split.count"), *sn = aib_gguf_find(g, "split.no");
        if (!sc || sc->num != count || !sn || sn->num != i - 1) {
            rc = aib_fail(err, AIB_ERR_PARSE, "%s: split.count/split.no say %g/%g, the name says shard %u of %u", name,
                          sc ? sc->num : NAN, sn ? sn->num : NAN, i, count);
            aib_gguf_free(g);
            break;
        }
        if (!all) {
            all = g;
            continue;
        }
        /* append this shard's tensors to the first shard's */
        for (size_t k = 0; k < g->n_t && !rc; k++) {
            for (size_t j = 0; j < all->n_t; j++)
                if (!strcmp(all->t[j].name, g->t[k].name)) {
                    rc = aib_fail(err, AIB_ERR_PARSE, "%s: tensor '%s' is also in an earlier shard", name, g->t[k].name);
                    break;
                }
            if (rc)
                break;
            if (!grow((void **)&all->t, all->n_t, sizeof *all->t)) {
                rc = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
                break;
            }
            aib_gguf_tensor t = g->t[k];
            t.shard = i - 1;
            t.name = aib_arena_strdup(&all->mem, t.name, strlen(t.name));
            if (!t.name) {
                rc = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
                break;
            }
            all->t[all->n_t++] = t;
        }
        /* this shard's warnings, after the first shard's */
        size_t kept = g->n_warn_all > AIB_GGUF_MAX_WARNINGS ? AIB_GGUF_MAX_WARNINGS - 1 : g->n_warn;
        for (size_t k = 0; k < kept && !rc; k++)
            warn(all, "%s", g->warn[k]);
        warn_more(all, g->n_warn_all - kept);
        if (!rc && __builtin_add_overflow(all->file_size, g->file_size, &all->file_size))
            rc = aib_fail(err, AIB_ERR_PARSE, "%s: the shards' sizes add up to more than 64 bits", name);
        all->shards++;
        aib_gguf_free(g);
    }
    aib_free(name);
    if (rc) {
        aib_gguf_free(all);
        return rc;
    }
    *out = all;
    return AIB_OK;
}

/* ---- what the header says about the model ---- */

void aib_gguf_summarize(const aib_gguf *g, aib_gguf_summary *s)
{
    memset(s, 0, sizeof *s);
    const aib_gguf_kv *kv;
    if ((kv = aib_gguf_find(g, "general.architecture")) && kv->str)
        s->architecture = kv->str;
    if ((kv = aib_gguf_find(g, "general.name")) && kv->str)
        s->name = kv->str;
    if ((kv = aib_gguf_find(g, "general.file_type")) && !isnan(kv->num) && kv->num >= 0 && kv->num < 1e6)
        s->file_type = aib_llama_ftype_name((uint32_t)kv->num);
    s->alignment = g->alignment;
    s->shards = g->shards;
    s->data_offset = g->data_offset;
    s->file_size = g->file_size;
    double n_exp = NAN, n_used = NAN;
    if (s->architecture) {
        char key[160];
        snprintf(key, sizeof key, "%s.expert_count", s->architecture);
        if ((kv = aib_gguf_find(g, key)))
            n_exp = kv->num;
        snprintf(key, sizeof key, "%s.expert_used_count", s->architecture);
        if ((kv = aib_gguf_find(g, key)))
            n_used = kv->num;
    }
    for (size_t i = 0; i < g->n_t; i++) {
        const aib_gguf_tensor *t = &g->t[i];
        double e = (double)t->ne[0] * (double)t->ne[1] * (double)t->ne[2] * (double)t->ne[3];
        s->params += e;
        s->bytes += (double)t->nbytes;
        /* routed experts: blk.N.ffn_{gate,up,down}_exps.weight, experts along ne[2] */
        if (strstr(t->name, "_exps") && t->n_dims == 3 && !isnan(n_exp) && (double)t->ne[2] == n_exp)
            s->expert_params += e;
    }
    s->bpw = s->params > 0 ? s->bytes * 8 / s->params : 0;
    s->active_params = s->params;
    if (s->expert_params > 0 && n_exp > 0 && n_used > 0 && n_used <= n_exp)
        s->active_params = s->params - s->expert_params * (1 - n_used / n_exp);
}

/* A scalar or per-layer array key of the architecture: the scalar, the largest array value,
 * and how many layers have a nonzero value. */
static int arch_num(const aib_gguf *g, const char *arch, const char *suffix, double *v, double *nonzero)
{
    char key[160];
    snprintf(key, sizeof key, "%s.%s", arch, suffix);
    const aib_gguf_kv *kv = aib_gguf_find(g, key);
    if (!kv || isnan(kv->num))
        return 0;
    if (kv->type != T_ARR) {
        *v = kv->num;
        if (nonzero)
            *nonzero = -1; /* all layers */
        return 1;
    }
    double best = 0, nz = 0;
    for (uint64_t i = 0; i < kv->n_nums; i++) {
        double x;
        memcpy(&x, (const char *)kv->nums + i * sizeof(double), sizeof x);
        if (x > best)
            best = x;
        nz += x != 0;
    }
    *v = best;
    if (nonzero)
        *nonzero = nz;
    return 1;
}

aib_status aib_gguf_model(const aib_gguf *g, aib_model *m, aib_error *err)
{
    aib_gguf_summary s;
    aib_gguf_summarize(g, &s);
    size_t nf;
    const aib_field *fs = aib_model_fields(&nf);
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < nf; i++)
        if (fs[i].type == AIB_FIELD_NUM)
            *(double *)((char *)m + fs[i].offset) = NAN;
    const char *arch = s.architecture;
    if (!arch)
        return aib_fail(err, AIB_ERR_INVALID, "no general.architecture: not a model file the engine can size");
    double layers, heads, hidden, kvh, kvnz = -1, kl, vl, v;
    if (!arch_num(g, arch, "block_count", &layers, NULL) || !(layers >= 1 && layers <= 4096))
        return aib_fail(err, AIB_ERR_INVALID, "no usable %s.block_count: not a language model the engine can size", arch);
    if (!arch_num(g, arch, "attention.head_count", &heads, NULL) || !(heads >= 1 && heads <= 65536))
        return aib_fail(err, AIB_ERR_INVALID, "no usable %s.attention.head_count", arch);
    if (!arch_num(g, arch, "embedding_length", &hidden, NULL) || !(hidden >= 1 && hidden <= 1e6))
        return aib_fail(err, AIB_ERR_INVALID, "no usable %s.embedding_length", arch);
    if (!(s.params > 0))
        return aib_fail(err, AIB_ERR_INVALID, "the file has no tensors to size");
    m->modality = "text";
    m->name = s.name;
    m->params_total_b = s.params / 1e9;
    m->params_active_b = s.active_params / 1e9;
    m->layers = layers;
    m->hidden_size = hidden;
    m->heads = heads;
    if (!arch_num(g, arch, "attention.head_count_kv", &kvh, &kvnz) || !(kvh >= 1))
        kvh = heads, kvnz = -1;
    m->kv_heads = fmin(kvh, heads);
    if (kvnz >= 0)
        m->kv_layers = kvnz; /* hybrids: layers with 0 KV heads keep no cache */
    double head = hidden / heads;
    if (arch_num(g, arch, "attention.key_length", &kl, NULL) && kl >= 1) {
        if (!arch_num(g, arch, "attention.value_length", &vl, NULL) || !(vl >= 1))
            vl = kl;
        head = (kl + vl) / 2; /* the cache holds K and V rows: their mean sizes it exactly */
    }
    m->head_dim = head;
    double rank;
    if (arch_num(g, arch, "attention.kv_lora_rank", &rank, NULL) && rank >= 1) {
        /* MLA: the converter writes key_length = kv_lora_rank + rope dims */
        m->kv_lora_rank = rank;
        m->rope_dim = kl >= rank ? kl - rank : 64;
    }
    double shared;
    if (arch_num(g, arch, "attention.shared_kv_layers", &shared, NULL) && shared > 0 && shared < layers)
        m->kv_layers = (aib_has(m->kv_layers) ? m->kv_layers : layers) - shared;
    if (arch_num(g, arch, "nextn_predict_layers", &v, NULL) && v > 0 && v < layers)
        m->kv_layers = (aib_has(m->kv_layers) ? m->kv_layers : layers) - v;
    double window;
    if (arch_num(g, arch, "attention.sliding_window", &window, NULL) && window >= 1) {
        char key[160];
        snprintf(key, sizeof key, "%s.attention.sliding_window_pattern", arch);
        const aib_gguf_kv *pat = aib_gguf_find(g, key);
        double swa = 0;
        if (pat && pat->type == T_ARR) { /* one flag per layer */
            for (uint64_t i = 0; i < pat->n_nums && i < (uint64_t)layers; i++) {
                double x;
                memcpy(&x, (const char *)pat->nums + i * sizeof(double), sizeof x);
                swa += x != 0;
            }
        } else {
            /* a period P (layers with il % P < P - 1 are SWA), from the file or, where llama.cpp
             * hard-codes it, from the architecture */
            double p = pat && !isnan(pat->num) ? pat->num
                     : !strcmp(arch, "gemma2") || !strcmp(arch, "gpt-oss") ? 2
                     : !strncmp(arch, "gemma3", 6) ? 6 : !strcmp(arch, "llama4") ? 4 : 0;
            if (p >= 2)
                for (int il = 0; il < (int)layers; il++)
                    swa += fmod(il, p) < p - 1;
        }
        if (swa > 0) {
            m->swa_layers = swa;
            m->sliding_window = window;
            double ks, vs;
            if (arch_num(g, arch, "attention.key_length_swa", &ks, NULL) && ks >= 1) {
                if (!arch_num(g, arch, "attention.value_length_swa", &vs, NULL) || !(vs >= 1))
                    vs = ks;
                m->swa_head_dim = (ks + vs) / 2;
            }
        }
    }
    double ne, nu;
    if (arch_num(g, arch, "expert_count", &ne, NULL) && ne >= 1 && arch_num(g, arch, "expert_used_count", &nu, NULL) &&
        nu >= 1 && nu <= ne) {
        m->experts = ne, m->experts_used = nu;
        double lead = 0, step = 1;
        arch_num(g, arch, "leading_dense_block_count", &lead, NULL);
        arch_num(g, arch, "interleave_moe_layer_step", &step, NULL);
        double moe = (layers - fmin(fmax(lead, 0), layers)) / fmax(step, 1);
        m->moe_layers = fmax(1, floor(moe));
        if (arch_num(g, arch, "expert_shared_count", &v, NULL))
            m->shared_experts = v;
    }
    m->max_context = arch_num(g, arch, "context_length", &v, NULL) && v >= 1 ? v : 4096;
    const aib_gguf_kv *tok = aib_gguf_find(g, "tokenizer.ggml.tokens");
    if (arch_num(g, arch, "vocab_size", &v, NULL) && v >= 1)
        m->vocab_size = v;
    else
        m->vocab_size = tok ? (double)tok->count : 0;
    int has_output = 0;
    for (size_t i = 0; i < g->n_t; i++)
        has_output |= !strcmp(g->t[i].name, "output.weight");
    m->tied_embeddings = has_output ? "no" : "yes";
    return AIB_OK;
}
