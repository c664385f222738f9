/* bench/planner.c: CPU time of one planner query over the whole catalog, on one core:
 * forward (every model on one hardware, best quant each) and reverse (every hardware, every
 * backend, for a two-model workload), and the forward query with its JSON. Prints figures. */
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
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Mean CPU seconds of a forward plan over every model, cycling through the hardware; with
 * json, also the API's answer built and written. */
static double time_forward(const aib_catalog *cat, const aib_calibration *cal, const aib_quant *q, int reps, int json)
{
    aib_error err = {0};
    size_t nh = aib_catalog_hw_count(cat);
    double t0 = cpu_now();
    for (int i = 0; i < reps; i++) {
        aib_setup s;
        aib_setup_init(&s);
        aib_setup_from(&s, aib_catalog_hw_at(cat, (size_t)i % nh), NULL, NULL, NULL, &err);
        aib_plan_row *rows;
        size_t n;
        if (aib_plan(cat, cal, &s, q, &rows, &n, &err))
            return NAN;
        if (json) {
            json_t *j = aib_json_plan(&s, rows, n, 1);
            free(json_dumps(j, JSON_COMPACT));
            json_decref(j);
        }
        free(rows);
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
    aib_calibrate(cat, &cal, &err);
    const aib_quant *q = aib_catalog_find_quant(cat, "Q4_K_M");
    size_t nh = aib_catalog_hw_count(cat);
    int reps = 2000;
    double fwd = time_forward(cat, &cal, q, reps, 0);
    double fwd_json = time_forward(cat, &cal, q, reps / 4, 1);
    /* reverse */
    aib_workload w = {.n_models = 2, .min_tps = 20, .max_quant = q};
    w.models[0] = aib_catalog_find_model(cat, "qwen3-30b-a3b");
    w.models[1] = aib_catalog_find_model(cat, "llama-3.1-70b");
    w.budget_usd = 5000, w.power_w = 0.0 / 0.0, w.min_prefill = 0.0 / 0.0;
    double t0 = cpu_now();
    for (int i = 0; i < reps / 4; i++) {
        aib_reverse_row *rows;
        size_t n;
        aib_reverse(cat, &cal, &w, &rows, &n, &err);
        free(rows);
    }
    double rev = (cpu_now() - t0) / (reps / 4);
    printf("catalog: %zu hardware, %zu models\n", nh, aib_catalog_model_count(cat));
    printf("forward plan (every model, best quant)     %8.1f us CPU   %8.0f queries/s on one core\n", fwd * 1e6, 1 / fwd);
    printf("forward plan + its JSON (the API answer)   %8.1f us CPU   %8.0f queries/s on one core\n", fwd_json * 1e6, 1 / fwd_json);
    printf("reverse plan (every hardware and backend)  %8.1f us CPU   %8.0f queries/s on one core\n", rev * 1e6, 1 / rev);
    aib_catalog_free(cat);
    return isnan(fwd) || isnan(fwd_json) ? 1 : 0;
}
