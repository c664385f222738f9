/* internal.h: helpers shared by the library's modules, not part of the public API.
 * Allocation goes through aib_malloc() and friends so tests can fail the Nth allocation. */
#ifndef AIB_INTERNAL_H
#define AIB_INTERNAL_H

#include "aibench/aibench.h"
#include <stdarg.h>
#include <stddef.h>

void *aib_malloc(size_t n);
void *aib_calloc(size_t n, size_t size);
void *aib_realloc(void *p, size_t n);
void aib_free(void *p);
char *aib_strdup(const char *s);

/* Test hook: make the nth allocation from now fail (0 turns it off). Not thread-safe. */
void aib_alloc_fail_after(long n);

/* Sets err (may be NULL) and returns code. */
aib_status aib_fail(aib_error *err, aib_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends a line to err->msg (for reports of several problems). */
void aib_error_append(aib_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Arena: many small blocks (strings, number arrays) freed at once; blocks are 8-byte aligned. */
typedef struct aib_arena_chunk aib_arena_chunk;
typedef struct {
    aib_arena_chunk *head;
} aib_arena;
char *aib_arena_strdup(aib_arena *a, const char *s, size_t len);
void aib_arena_release(aib_arena *a);

int aib_streq_ci(const char *a, const char *b);
/* Reads a whole text file (at most 64 MiB, no NUL bytes) into a new NUL-terminated buffer the
 * caller frees with aib_free(). */
aib_status aib_file_read(const char *path, char **out, size_t *len, aib_error *err);
/* Strips spaces, tabs and a trailing CR in place; returns the first kept character. */
char *aib_trim(char *s);
/* Levenshtein distance, case-insensitive, on the first 64 characters of each. */
size_t aib_edit_distance(const char *a, const char *b);
/* Appends s to buf (of len bytes, holding n) as far as it fits, percent-encoded for a query
 * string when encode is set, keeping buf NUL-terminated; returns the bytes s takes. */
size_t aib_url_append(char *buf, size_t len, size_t n, const char *s, int encode);
/* Reads a number input of the table (request.h) from text: its range, its unit's syntax. */
aib_status aib_param_number(const aib_param *p, const char *value, double *out, aib_error *err);
/* Copies the first item of a comma-separated list into buf. */
void aib_list_first(const char *list, char *buf, size_t size);

/* The catalog's storage, shared by catalog.c and store.c. */
struct aib_catalog {
    aib_hw *hw;
    size_t n_hw;
    aib_model *models;
    size_t n_models;
    aib_quant *quants;
    size_t n_quants;
    aib_measurement *meas;
    size_t n_meas;
    aib_editorial *edits;
    size_t n_edits;
    aib_config *configs;
    size_t n_configs;
    aib_fitness *fitness;
    size_t n_fitness;
    aib_api_price *api_prices;
    size_t n_api_prices;
    aib_arena strings;
};

/* The record kinds of the catalog: one file in data/ and one SQLite table each. */
enum { AIB_K_HW, AIB_K_MODEL, AIB_K_QUANT, AIB_K_MEAS, AIB_K_EDIT, AIB_K_CONFIG, AIB_K_FITNESS, AIB_K_API, AIB_NKINDS };
typedef struct {
    const char *name;  /* "hw", "model", "quant", "measurement", "editorial" */
    const char *file;  /* in data/ */
    const char *table; /* in the database */
    int blocks;        /* 1: "[id]" blocks of "key = value"; 0: tab-separated rows */
    size_t size;       /* sizeof the record */
    size_t arr, count; /* offsets of the array and its length in struct aib_catalog */
    long line;         /* offset of an int field that keeps the source line, or -1 */
    const aib_field *(*fields)(size_t *n);
} aib_kind;
extern const aib_kind aib_kinds[AIB_NKINDS];
/* The records of kind k in cat and their count. */
void *aib_kind_records(const aib_catalog *cat, int k, size_t *n);

/* Adds an empty record to the catalog array of kind k (AIB_K_*); returns it zeroed with
 * every number NaN, or NULL when out of memory. */
void *aib_catalog_add(aib_catalog *cat, int k);
/* Sets a field of a record from text; returns NULL, aib_oom_msg when out of memory, or a
 * static message saying what is wrong with the value. */
extern const char aib_oom_msg[];
const char *aib_field_set(aib_catalog *cat, const aib_field *f, void *rec, const char *val);
/* Cross-field and cross-record checks after loading; problems go to err as
 * "<origin>: what" lines. origin_of names a record (file:line or db row). */
aib_status aib_catalog_check(aib_catalog *cat, aib_error *err);
/* Checks one measurement row against the catalog; problems go to err as "path:line: what".
 * Returns the number of problems. */
int aib_check_measurement(const aib_catalog *cat, const aib_measurement *x, const char *path, int line,
                          aib_error *err);
/* Opens path for reading when it is a regular file (a FIFO or device is refused, never opened
 * or waited on): the descriptor, with *st its fstat; -1 with err set. */
struct stat;
int aib_open_regular(const char *path, struct stat *st, aib_error *err);
/* Orders measurements by their run's identity (hardware, model, quant, backend, test,
 * software, source, date, depth; ids as the catalog spells them): 0 for the same run. */
int aib_run_cmp(const aib_measurement *x, const aib_measurement *y);
/* Entries with the same chip share measured evidence (hardware.txt: silicon, default the id):
 * boxes around one APU do, cards of one family do not. */
int aib_same_silicon(const aib_hw *a, const aib_hw *b);
/* Whether a measurement breaks the bounds of physics for its hardware and model (decode far
 * above the bandwidth roofline, prefill above the silicon's arithmetic, depth past the
 * context); 1 with the reason in why, else 0. */
int aib_measurement_implausible(const aib_catalog *cat, const aib_measurement *x, char *why, size_t n);
/* A calendar date YYYY, YYYY-MM or YYYY-MM-DD (a day its month has), from 1900 on. */
int aib_valid_date(const char *s);
/* Strict decimal: optional sign, digits, fraction, exponent and surrounding blanks; no hex,
 * inf, nan or trailing text. 1 and *out on success. */
int aib_parse_decimal(const char *s, double *out);
/* Line where each record started, recorded by the text parser (0 when not from text). */

/* Engine internals shared with calibrate.c (engine.c). The decode model's regressors:
 * t = inv_eff*x[0] + layer_s*x[1] + moe_s*x[2] + att_s*x[3]. */
#define AIB_DECODE_NX 4
void aib_decode_features(const aib_setup *s, double depth, double frac, double bw_gbs, double x[AIB_DECODE_NX]);
/* Seconds per token: the class's constants times the features. */
double aib_decode_time(const aib_calib *c, const double x[AIB_DECODE_NX]);
double aib_decode_bytes(const aib_setup *s, double depth);
double aib_prefill_flops(const aib_model *m, double avg_ctx);
/* The attention part of it: 4 x heads x head_dim per token attended (sliding windows capped). */
double aib_prefill_att_flops(const aib_model *m, double avg_ctx);

#define AIB_GIB 1073741824.0

#endif
