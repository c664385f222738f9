/* render.h: JSON views of catalog records and engine results, shared by every front end
 * (CLI --json, the web API) so that they print the same numbers under the same names. */
#ifndef AIB_RENDER_H
#define AIB_RENDER_H

#include "aibench/aibench.h"
#include <jansson.h>

/* All present fields of a record, in table order. Returns a new reference. */
json_t *aib_json_record(const aib_field *fs, size_t nf, const void *rec);
json_t *aib_json_hw(const aib_hw *h);
json_t *aib_json_model(const aib_model *m);
json_t *aib_json_quant(const aib_quant *q);
json_t *aib_json_measurement(const aib_measurement *x);
json_t *aib_json_calib(const aib_calib *c);

/* The decode figure a user should see first: the measurement when one matches and
 * use_measured is set, else the estimate. */
typedef struct {
    double tps;
    int measured; /* 1 when tps comes from measured_tg */
} aib_headline;
/* llama.cpp's flags for an offload plan ("-ngl 999 --n-cpu-moe 21", "-ngl 22"); "" otherwise. */
const char *aib_offload_flags(const aib_result *r, char *buf, size_t n);

aib_headline aib_headline_decode(const aib_result *r, const aib_measurement *tg, int use_measured);

/* One evaluated setup: inputs, memory, fit, speeds, evidence. tg/pp may be NULL. */
json_t *aib_json_result(const aib_setup *s, const aib_result *r, const aib_measurement *tg,
                        const aib_measurement *pp, int use_measured);

/* A plan: the template's inputs and one object per row. */
json_t *aib_json_plan(const aib_setup *tmpl, const aib_plan_row *rows, size_t n, int use_measured);

/* A reverse plan: the workload, the hardware that meets it (cheapest first) and the nearest
 * max_misses misses with what they miss by. */
json_t *aib_json_reverse(const aib_workload *w, const aib_reverse_row *rows, size_t n, size_t max_misses);

/* [{ctx, decode_tps, memory_gib, fit}, ...] */
json_t *aib_json_sweep(const aib_sweep_point *pts, size_t n);

/* {"error": {"code": ..., "message": ...}} */
json_t *aib_json_error(const char *code, const char *message);

/* A JSON string of untrusted text (a GGUF key, say): invalid UTF-8 bytes become '?'.
 * Returns a new reference (never NULL unless out of memory). */
json_t *aib_json_text(const char *s);

/* Bytes to GiB, rounded to 0.01 for display. */
double aib_gib(double bytes);

#endif
