/* bench/planner.c: CPU time of one planner question over the whole catalog, on one core, the
 * way every front end asks it (aib_request_run): forward (every model on one hardware, best
 * quant each), the same with its API JSON written (aib_jw_answer), and reverse (every hardware,
 * every backend, for a two-model workload). Prints figures; asserts nothing. */
#include "aibench/aibench.h"
#include "front/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Mean CPU seconds of a forward plan, cycling through the hardware; with json, also the
 * API's answer written. *bytes receives the JSON's mean size. */
static double time_forward(const aib_catalog *cat, const aib_calibration *cal, int reps, int json, double *bytes)
{
    size_t nh = aib_catalog_hw_count(cat), total = 0;
    double t0 = cpu_now();
    for (int i = 0; i < reps; i++) {
        aib_request r;
        aib_answer a;
        aib_error err = {0};
        aib_request_init(&r, AIB_REQ_PLAN);
        if (aib_request_set(&r, "hw", aib_catalog_hw_at(cat, (size_t)i % nh)->id, &err) ||
            aib_request_run(cat, cal, &r, &a, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return NAN;
        }
        if (json) {
            sbuf b;
            jw w;
            sb_init(&b);
            jw_init(&w, &b);
            aib_jw_answer(&w, &a, 0);
            total += b.len;
            sb_release(&b);
        }
        aib_answer_release(&a);
    }
    if (bytes)
        *bytes = (double)total / reps;
    return (cpu_now() - t0) / reps;
}

static double time_reverse(const aib_catalog *cat, const aib_calibration *cal, int reps)
{
    double t0 = cpu_now();
    for (int i = 0; i < reps; i++) {
        aib_request r;
        aib_answer a;
        aib_error err = {0};
        aib_request_init(&r, AIB_REQ_REVERSE);
        if (aib_request_set(&r, "models", "qwen3-30b-a3b,llama-3.1-70b", &err) ||
            aib_request_set(&r, "min_tps", "20", &err) || aib_request_set(&r, "budget", "5000", &err) ||
            aib_request_run(cat, cal, &r, &a, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return NAN;
        }
        aib_answer_release(&a);
    }
    return (cpu_now() - t0) / reps;
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "data";
    aib_catalog *cat;
    aib_error err = {0};
    if (aib_catalog_load_dir(data, &cat, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    aib_calibration cal;
    if (aib_calibrate(cat, &cal, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    int reps = 2000;
    double bytes = 0;
    double fwd = time_forward(cat, &cal, reps, 0, NULL);
    double fwd_json = time_forward(cat, &cal, reps / 2, 1, &bytes);
    double rev = time_reverse(cat, &cal, reps / 4);
    printf("catalog: %zu hardware, %zu models\n", aib_catalog_hw_count(cat), aib_catalog_model_count(cat));
    printf("forward plan (every model, best quant)     %8.1f us CPU   %8.0f queries/s on one core\n", fwd * 1e6, 1 / fwd);
    printf("forward plan + its API JSON (%3.0f KB)       %8.1f us CPU   %8.0f queries/s on one core\n", bytes / 1024,
           fwd_json * 1e6, 1 / fwd_json);
    printf("reverse plan (every hardware and backend)  %8.1f us CPU   %8.0f queries/s on one core\n", rev * 1e6, 1 / rev);
    aib_catalog_free(cat);
    return isnan(fwd) || isnan(fwd_json) || isnan(rev) ? 1 : 0;
}
