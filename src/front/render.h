/* render.h: the JSON of catalog records, engine results and request answers, shared by every
 * front end (CLI --json, the web API and the pages drawn from it) so that they print the same
 * numbers under the same names. Written by the streaming writer (jw.h); json_t forms are the
 * same text read back, for code that walks a view. */
#ifndef AIB_RENDER_H
#define AIB_RENDER_H

#include "aibench/aibench.h"
#include "front/jw.h"
#ifndef AIB_WASM /* the static site's engine writes JSON; it reads none back */
#include <jansson.h>
#endif

/* ---- records and results into a writer ---- */

/* All present fields of a record, in table order. */
void aib_jw_record(jw *w, const aib_field *fs, size_t nf, const void *rec);
void aib_jw_hw(jw *w, const aib_hw *h);
/* One purchasable configuration {memory_gib, product, price_usd, price_kind, price_source,
 * price_as_of}, and the array of every one of a hardware (aib_hw_configs). */
void aib_jw_config(jw *w, const aib_hw_config *c);
void aib_jw_configs(jw *w, const aib_catalog *cat, const aib_hw *h);
void aib_jw_calib(jw *w, const aib_calib *c);

/* One evaluated row on setup s (its model and quant set): inputs, memory, fit, quality,
 * caveats, speeds with their evidence. */
void aib_jw_result(jw *w, const aib_setup *s, const aib_plan_row *row, int use_measured);

/* A short summary of one plan row on hardware hw_id: model, name, hw, quant, class, moe,
 * use_cases, params_total_b, memory_gib, gb_per_token, tps, evidence, band or source. The
 * object is left open for the caller to add to (close it with jw_end()). */
void aib_jw_row_open(jw *w, const char *hw_id, const aib_plan_row *row, int use_measured);

/* [{ctx, decode_tps, memory_gib, fit}, ...] */
void aib_jw_sweep(jw *w, const aib_sweep_point *pts, size_t n);

/* The inputs of a request as understood (defaults filled in), keyed by the web's names. */
void aib_jw_form(jw *w, const aib_request *r);

/* The URL that asks a request again: its page's path and aib_request_query(). */
void aib_share_url(const aib_request *r, sbuf *b);

/* A request's answer, the object the API returns and the CLI's --json prints:
 * PLAN {form, share_url, hw, backend, interactive_tps, runs, misses, what_if}; FIT the result
 * with form, name, hw_name and sweep; WHERE {form, model, rows}; REVERSE {workload, form,
 * share_url, meets, nearest_misses}. with_rows adds PLAN's every-model "rows" (the CLI's). */
void aib_jw_answer(jw *w, const aib_answer *a, int with_rows);

/* The table of inputs: [{key, option, alias, type, unit, min, max, default, choices, takes, help}]. */
void aib_jw_params(jw *w);

/* {"error": {"code": ..., "message": ...}} */
void aib_jw_error(jw *w, const char *code, const char *message);

#ifndef AIB_WASM
/* ---- json_t forms (new references; NULL when out of memory) ---- */

/* Reads back what a writer wrote into b (and releases b). */
json_t *aib_json_from(sbuf *b);
json_t *aib_json_record(const aib_field *fs, size_t nf, const void *rec);
json_t *aib_json_hw(const aib_hw *h);
json_t *aib_json_configs(const aib_catalog *cat, const aib_hw *h);
json_t *aib_json_model(const aib_model *m);
json_t *aib_json_quant(const aib_quant *q);
json_t *aib_json_measurement(const aib_measurement *x);
json_t *aib_json_calib(const aib_calib *c);
json_t *aib_json_answer(const aib_answer *a, int with_rows);
json_t *aib_json_error(const char *code, const char *message);

/* A JSON string of untrusted text (a GGUF key, say): invalid UTF-8 bytes become '?'. */
json_t *aib_json_text(const char *s);
#endif

/* Bytes to GiB, rounded to 0.01 for display. */
double aib_gib(double bytes);
/* A measurement's test in words: "tg128 from an empty context", "tg32 at depth 32768". */
const char *aib_test_text(const aib_measurement *m, char *buf, size_t n);

#endif
