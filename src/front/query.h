/* query.h: a request's query string, read the same way by the server (src/web) and by the
 * static site's engine in WebAssembly (src/wasm): split and decoded, set on a typed request,
 * and a compare spec "a-vs-b[-vs-c]" resolved against the atlas. */
#ifndef AIB_QUERY_H
#define AIB_QUERY_H

#include "aibench/aibench.h"
#include "front/sbuf.h"

typedef struct {
    const char *key, *value;
} aib_arg;

#define AIB_MAX_ARGS 32

/* Splits and percent-decodes a raw query string in place; returns the number of args, or
 * -1 when there are more than max or an escape is malformed. */
int aib_query_parse(char *query, aib_arg *args, size_t max);

/* Percent-decodes s in place ('+' is a space); -1 when an escape is malformed or NUL. */
int aib_url_decode(char *s);

/* Sets every arg on req (a CLI option's name is refused with the parameter's own key). */
AIB_NODISCARD aib_status aib_request_read(const aib_arg *a, size_t n, aib_request *req, aib_error *err);

/* Resolves "a-vs-b[-vs-c]" to the atlas's plans (ps, *n); err->tag bad_compare or unknown_hw. */
AIB_NODISCARD aib_status aib_compare_spec(const aib_atlas *atlas, const char *spec, const aib_hw_plan **ps, size_t *n,
                                          aib_error *err);

/* A planner, reverse or fit request from args (req initialized with its kind; on failure it
 * holds the inputs, for a form to keep) answered as the API's JSON into out; err->tag is the
 * error's code. */
AIB_NODISCARD aib_status aib_request_answer(const aib_catalog *cat, const aib_calibration *cal, aib_request *req,
                                            const aib_arg *a, size_t n, sbuf *out, aib_error *err);

/* A comparison "a-vs-b[-vs-c]" as the API's JSON into out; err->tag is the error's code. */
AIB_NODISCARD aib_status aib_compare_answer(const aib_catalog *cat, const aib_atlas *atlas, const char *spec,
                                            sbuf *out, aib_error *err);

#endif
