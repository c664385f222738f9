/* aibench/base.h: status codes, the error report and the conventions every module shares.
 * Units: memory sizes in GiB (2^30 bytes), byte counts in bytes, bandwidth in GB/s
 * (1e9 bytes/s), compute in TFLOPS, time in seconds, parameters in billions.
 * Ownership: a function that returns a new object says who frees it; every pointer into a
 * catalog stays valid while that catalog lives; strings a caller passes in are copied or
 * only read during the call unless the function says otherwise. */
#ifndef AIBENCH_BASE_H
#define AIBENCH_BASE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A function whose status must be looked at. */
#if defined(__GNUC__) || defined(__clang__)
#define AIB_NODISCARD __attribute__((warn_unused_result))
#define AIB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AIB_NODISCARD
#define AIB_PRINTF(f, a)
#endif

/* ---- errors ---------------------------------------------------------------------- */

typedef enum {
    AIB_OK = 0,
    AIB_ERR_NOMEM,    /* an allocation failed */
    AIB_ERR_IO,       /* a file could not be read or written */
    AIB_ERR_PARSE,    /* a catalog file is malformed; message is "file:line: what" */
    AIB_ERR_INVALID,  /* an argument is out of range */
    AIB_ERR_NOTFOUND, /* an id is not in the catalog */
    AIB_ERR_DB        /* SQLite reported an error */
} aib_status;

/* One error report: the status, a message in git's style (lower case, no full stop) and,
 * for errors in a request, a short machine-readable tag ("out_of_range", "unknown_hw") that
 * the web's JSON errors carry as their code; "" when the status says enough. */
typedef struct {
    aib_status code;
    char tag[32];
    char msg[1024];
} aib_error;

/* Returns a short constant name for a status ("parse error", ...). */
const char *aib_status_name(aib_status s);

/* Sets err (may be NULL): code, tag (may be NULL) and the formatted message; returns code. */
aib_status aib_error_set(aib_error *err, aib_status code, const char *tag, const char *fmt, ...) AIB_PRINTF(4, 5);

/* Appends a line to err->msg (reports of several problems); err may be NULL. */
void aib_error_append(aib_error *err, const char *fmt, ...) AIB_PRINTF(2, 3);

/* Reads a whole regular text file (at most 64 MiB, no NUL bytes) into a new NUL-terminated
 * buffer the caller frees with free(); *len (may be NULL) receives its length. Anything that
 * is not a regular file (a FIFO, a directory, a device) is refused with AIB_ERR_IO and its
 * kind, without waiting on it or opening a device. */
AIB_NODISCARD aib_status aib_file_read(const char *path, char **out, size_t *len, aib_error *err);

/* The word of cands (n of them; NULL entries skipped) closest to a misspelt s, when close
 * enough to suggest ("did you mean"), else NULL. */
const char *aib_closest(const char *s, const char *const *cands, size_t n);

/* v rounded to a whole number with thousands separators ("2,459", "-1,402") into buf; returns buf. */
const char *aib_thousands(double v, char *buf, size_t n);

/* True when the comma-separated list contains item (case-insensitive, spaces ignored). */
int aib_list_has(const char *list, const char *item);

/* True when an optional number is present (optional numbers are NaN when absent). */
int aib_has(double v);

#ifdef __cplusplus
}
#endif
#endif
