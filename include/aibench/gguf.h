/* aibench/gguf.h: a reader for GGUF model file headers (docs/gguf.md). */
#ifndef AIBENCH_GGUF_H
#define AIBENCH_GGUF_H

#include <stdint.h>
#include "aibench/engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- GGUF files -------------------------------------------------------------------------
 * A reader for GGUF v2/v3 headers (docs/gguf.md). It never loads tensor data: sizes come
 * from the tensor table and the ggml type table. Every length and count is checked against
 * hard caps and the bytes left before anything is allocated. */


#define AIB_GGUF_MAX_NUMS 65536 /* numeric array elements kept per key */
#define AIB_GGUF_MAX_WARNINGS 8 /* warnings kept per file; the last says how many more */

typedef struct {
    const char *key;
    uint32_t type;     /* GGUF value type: 0 u8 .. 12 f64; 8 string; 9 array */
    uint32_t arr_type; /* element type of an array */
    uint64_t count;    /* array length; 1 for a scalar */
    const char *str;   /* a string value, or NULL */
    double num;        /* a number or bool (an array's first number), NaN otherwise */
    const double *nums; /* a numeric array's first n_nums values, NULL otherwise */
    uint64_t n_nums;
} aib_gguf_kv;

typedef struct {
    const char *name;
    uint32_t n_dims;
    uint64_t ne[4];  /* unused dimensions are 1 */
    uint32_t type;   /* ggml type id */
    uint64_t offset; /* from the start of its file's data section */
    uint64_t nbytes;
    uint32_t shard;  /* 0-based file of a split model */
} aib_gguf_tensor;

typedef struct aib_gguf aib_gguf;

/* Reads a GGUF file's header; for a split model (NAME-00001-of-00003.gguf, any shard), every
 * shard's, as one model. *out as elsewhere; err says what is wrong and where. */
AIB_NODISCARD aib_status aib_gguf_read(const char *path, aib_gguf **out, aib_error *err);

/* Parses a header from memory: buf holds the first len bytes of a file of file_size bytes
 * (len == file_size for a whole file). Used by aib_gguf_read() and the fuzzer. */
AIB_NODISCARD aib_status aib_gguf_parse(const void *buf, size_t len, uint64_t file_size, aib_gguf **out, aib_error *err);

/* Frees a parsed file; NULL is a no-op. */
void aib_gguf_free(aib_gguf *g);

uint32_t aib_gguf_version(const aib_gguf *g);
size_t aib_gguf_kv_count(const aib_gguf *g);
const aib_gguf_kv *aib_gguf_kv_at(const aib_gguf *g, size_t i);
const aib_gguf_kv *aib_gguf_find(const aib_gguf *g, const char *key);
size_t aib_gguf_tensor_count(const aib_gguf *g);
const aib_gguf_tensor *aib_gguf_tensor_at(const aib_gguf *g, size_t i);

/* Warnings: what the reader accepts but llama.cpp or the GGUF spec would refuse (a tensor name
 * of 64 bytes or more, a bool other than 0 or 1). At most AIB_GGUF_MAX_WARNINGS; when there
 * were more, the last one says how many. The strings belong to g. */
size_t aib_gguf_warning_count(const aib_gguf *g);
const char *aib_gguf_warning_at(const aib_gguf *g, size_t i);

/* Name of a GGUF value type, a ggml tensor type and a llama.cpp file type ("?" if unknown). */
const char *aib_gguf_type_name(uint32_t t);
const char *aib_ggml_type_name(uint32_t t);
const char *aib_llama_ftype_name(uint32_t ftype);

typedef struct {
    const char *architecture; /* general.architecture, or NULL */
    const char *name;         /* general.name, or NULL */
    const char *file_type;    /* from general.file_type, or NULL */
    uint32_t alignment, shards;
    uint64_t data_offset;     /* of the first shard */
    uint64_t file_size;       /* all shards */
    double params;            /* sum of tensor element counts */
    double bytes;             /* sum of tensor sizes */
    double bpw;               /* bytes * 8 / params */
    double expert_params;     /* in routed-expert tensors (*_exps) */
    double active_params;     /* params - expert_params * (1 - used / count) */
} aib_gguf_summary;

void aib_gguf_summarize(const aib_gguf *g, aib_gguf_summary *s);

/* Fills m with the architecture numbers the engine needs (docs/gguf.md says which keys).
 * Strings in m point into g, which must outlive m. Fails when the file is not a language
 * model the engine can size (no block count, no heads). */
AIB_NODISCARD aib_status aib_gguf_model(const aib_gguf *g, aib_model *m, aib_error *err);

#ifdef __cplusplus
}
#endif
#endif
