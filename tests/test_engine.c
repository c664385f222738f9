/* test_engine.c: the engine against hand-computed values (KV cache bytes of known models,
 * weight bytes of known file types), the launch page's figures, fit and offload behaviour,
 * calibration recovering known constants, and allocation failures. */
#include "aibench/aibench.h"
#include "core/internal.h"
#include "testlib.h"

#include <stdlib.h>
#include <unistd.h>

static aib_catalog *cat;
static aib_calibration cal;

static aib_result eval(const char *hw, const char *model, const char *quant, const char *backend, double ctx)
{
    aib_setup s;
    aib_result r;
    aib_error err = {0};
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, hw), aib_catalog_find_model(cat, model),
                   aib_catalog_find_quant(cat, quant), backend, &err) == AIB_OK);
    s.ctx = ctx;
    if (aib_estimate(&s, &cal, &r, &err))
        printf("estimate failed: %s\n", err.msg);
    return r;
}

static void test_kv_cache(void)
{
    const aib_model *l8 = aib_catalog_find_model(cat, "llama-3.1-8b");
    /* 32 layers x 8 KV heads x 128 x (K + V) x 2 bytes = 128 KiB per token: 1 GiB at 8192 */
    CHECK_REL(aib_kv_cache_bytes(l8, 8192, 2.0), 1073741824.0, 1e-9);
    /* q8_0: 34 bytes per 32 elements */
    CHECK_REL(aib_kv_cache_bytes(l8, 8192, aib_kv_type_bytes("q8_0")), 1073741824.0 * 34 / 64, 1e-9);
    CHECK_REL(aib_kv_type_bytes("q4_0"), 18.0 / 32, 1e-12);
    CHECK(aib_kv_type_bytes("q3_x") == 0);
    /* cells round up to 256: 1000 tokens allocate 1024 */
    CHECK_REL(aib_kv_cache_bytes(l8, 1000, 2.0), 1024 * 131072.0, 1e-9);

    /* DeepSeek-V3, MLA: 61 layers x (512 + 64) x 2 bytes = 70,272 bytes per token */
    const aib_model *ds = aib_catalog_find_model(cat, "deepseek-v3");
    CHECK_REL(aib_kv_cache_bytes(ds, 131072, 2.0) / 131072, 70272.0, 1e-9);

    /* Gemma 3 27B: 10 global layers hold all 32768 tokens, 52 SWA layers hold 1024 + 512
     * (window + ubatch); 16 KV heads x 128 x 2 x 2 bytes = 8192 bytes per layer-token */
    const aib_model *g = aib_catalog_find_model(cat, "gemma-3-27b");
    CHECK_REL(aib_kv_cache_bytes(g, 32768, 2.0), 8192.0 * (10 * 32768 + 52 * 1536), 1e-9);

    /* Qwen3.5 35B-A3B: only the 10 full-attention layers of 40 keep a cache: 2 x 256 x 2 x 2 */
    const aib_model *q35 = aib_catalog_find_model(cat, "qwen3.5-35b-a3b");
    CHECK_REL(aib_kv_cache_bytes(q35, 4096, 2.0), 10 * 2048.0 * 4096, 1e-9);
}

static void test_weights(void)
{
    /* Llama 3.1 8B Q4_K_M: llama.cpp's quantize README lists 4.58 GiB */
    aib_result r = eval("framework-desktop", "llama-3.1-8b", "Q4_K_M", NULL, 8192);
    CHECK_REL(r.mem.weights / AIB_GIB, 4.58, 0.005);
    r = eval("framework-desktop", "llama-3.1-8b", "Q8_0", NULL, 8192);
    CHECK_REL(r.mem.weights / AIB_GIB, 7.95, 0.005);
    CHECK_REL(r.mem.kv, 1073741824.0, 1e-9);
    CHECK(r.mem.total > r.mem.weights + r.mem.kv);
}

/* The launch page (../shared/seed): Framework Desktop on Vulkan, decode within 15%. */
static void test_seed_figures(void)
{
    struct { const char *model; double want; } rows[] = {
        {"llama-3.1-8b", 42}, {"qwen3-30b-a3b", 72}, {"llama-4-scout-17b-16e", 20}, {"llama-3.1-70b", 5}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        aib_result r = eval("framework-desktop", rows[i].model, "Q4_K_M", "vulkan", 0);
        CHECK(r.fit == AIB_FIT_GPU);
        CHECK_REL(r.decode_tps, rows[i].want, 0.15);
    }
    aib_result r = eval("framework-desktop", "llama-3.1-70b", "Q4_K_M", "vulkan", 0);
    CHECK(r.fit == AIB_FIT_GPU && !r.interactive);
    r = eval("framework-desktop", "qwen3-30b-a3b", "Q4_K_M", "vulkan", 0);
    CHECK(r.interactive && r.decode_lo < r.decode_tps && r.decode_tps < r.decode_hi);
}

static void test_speed_follows_inputs(void)
{
    aib_setup s;
    aib_result a, b;
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "framework-desktop"), aib_catalog_find_model(cat, "llama-3.1-70b"),
                   aib_catalog_find_quant(cat, "Q4_K_M"), "vulkan", NULL) == AIB_OK);
    CHECK(aib_estimate(&s, &cal, &a, NULL) == AIB_OK);
    s.bandwidth_gbs *= 2;
    CHECK(aib_estimate(&s, &cal, &b, NULL) == AIB_OK);
    CHECK(b.decode_tps > 1.8 * a.decode_tps); /* a 70B is bandwidth-bound */
    s.bandwidth_gbs /= 2;
    s.depth = 0;
    CHECK(aib_estimate(&s, &cal, &b, NULL) == AIB_OK);
    CHECK(b.decode_tps > a.decode_tps); /* an empty cache reads fewer bytes */
    /* a bigger quant is slower and bigger */
    aib_result q8 = eval("framework-desktop", "llama-3.1-8b", "Q8_0", "vulkan", 0);
    aib_result q4 = eval("framework-desktop", "llama-3.1-8b", "Q4_K_M", "vulkan", 0);
    CHECK(q8.decode_tps < q4.decode_tps && q8.mem.total > q4.mem.total);
    /* MoE: 30B-A3B decodes far faster than a dense 32B of similar size */
    aib_result moe = eval("framework-desktop", "qwen3-30b-a3b", "Q4_K_M", "vulkan", 0);
    aib_result dense = eval("framework-desktop", "qwen3-32b", "Q4_K_M", "vulkan", 0);
    CHECK(moe.decode_tps > 4 * dense.decode_tps);
}

/* prefill runs on the vector fp32 peak (docs/engine.md): it scales with fp32_tflops, ignores the
 * tensor figure, and is absent (with a reason) where the catalog has no fp32 figure */
static void test_prefill_basis(void)
{
    const aib_hw *h = aib_catalog_find_hw(cat, "rtx-4090");
    CHECK(h && aib_has(h->fp32_tflops) && aib_has(h->fp16_tflops));
    aib_setup s;
    aib_result a, b;
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, h, aib_catalog_find_model(cat, "llama-3.1-8b"), aib_catalog_find_quant(cat, "Q4_K_M"), "cuda", NULL) == AIB_OK);
    CHECK(s.tflops == h->fp32_tflops);
    CHECK(aib_estimate(&s, &cal, &a, NULL) == AIB_OK);
    s.tflops *= 2;
    CHECK(aib_estimate(&s, &cal, &b, NULL) == AIB_OK);
    CHECK(aib_has(a.prefill_tps) && fabs(b.prefill_tps / a.prefill_tps - 2) < 1e-9);
    aib_hw copy = *h;
    copy.fp32_tflops = NAN; /* a tensor figure alone gives no prefill figure */
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, &copy, aib_catalog_find_model(cat, "llama-3.1-8b"), aib_catalog_find_quant(cat, "Q4_K_M"), "cuda", NULL) == AIB_OK);
    CHECK(aib_estimate(&s, &cal, &b, NULL) == AIB_OK);
    CHECK(isnan(b.prefill_tps));
}

static void test_fit_and_context(void)
{
    /* 70B Q4_K_M (about 40 GiB) on a 24 GiB RTX 4090: layers split with system RAM */
    aib_result r = eval("rtx-4090", "llama-3.1-70b", "Q4_K_M", NULL, 8192);
    CHECK(r.fit == AIB_FIT_OFFLOAD);
    CHECK(r.gpu_layers > 20 && r.gpu_layers < 60);
    aib_result full = eval("rtx-4090", "llama-3.1-8b", "Q4_K_M", NULL, 8192);
    CHECK(full.fit == AIB_FIT_GPU && r.decode_tps < full.decode_tps / 5);
    /* 405B does not fit a 24 GiB card with 32 GiB of host RAM */
    r = eval("rtx-4090", "llama-3.1-405b", "Q4_K_M", NULL, 8192);
    CHECK(r.fit == AIB_FIT_NONE && isnan(r.decode_tps));
    /* the largest context fits, 256 more tokens do not (unless capped by the trained context) */
    r = eval("rtx-4090", "llama-3.1-8b", "Q8_0", NULL, 8192);
    aib_setup s;
    aib_memory m1, m2;
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "rtx-4090"), aib_catalog_find_model(cat, "llama-3.1-8b"),
                   aib_catalog_find_quant(cat, "Q8_0"), NULL, NULL) == AIB_OK);
    aib_memory_needed(&s, r.max_ctx, &m1);
    aib_memory_needed(&s, r.max_ctx + 256, &m2);
    CHECK(r.max_ctx > 65536 && r.max_ctx < 131072);
    CHECK(m1.total <= r.budget && m2.total > r.budget);
    /* image models: memory only */
    r = eval("rtx-4090", "flux.1-dev", "Q8_0", NULL, 0);
    CHECK(!r.token_model && r.fit == AIB_FIT_GPU && isnan(r.decode_tps));
}

static void test_bad_setups(void)
{
    aib_setup s;
    aib_result r;
    aib_error err = {0};
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "rtx-4090"), aib_catalog_find_model(cat, "llama-3.1-8b"),
                   aib_catalog_find_quant(cat, "Q4_K_M"), NULL, NULL) == AIB_OK);
    s.bandwidth_gbs = -5;
    CHECK(aib_estimate(&s, &cal, &r, &err) == AIB_ERR_INVALID);
    CHECK_STR(err.msg, "bandwidth");
    s.bandwidth_gbs = NAN;
    CHECK(aib_estimate(&s, &cal, &r, &err) == AIB_ERR_INVALID);
    s.bandwidth_gbs = 1008;
    s.usable_gb = 1e12;
    CHECK(aib_estimate(&s, &cal, &r, &err) == AIB_ERR_INVALID);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "rtx-4090"), NULL, NULL, "metal", &err) == AIB_ERR_INVALID);
    CHECK_STR(err.msg, "not one of rtx-4090's");
}

static void test_plan(void)
{
    aib_setup s;
    aib_plan_row *rows;
    size_t n;
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "framework-desktop"), NULL, NULL, NULL, NULL) == AIB_OK);
    CHECK(aib_plan(cat, &cal, &s, aib_catalog_find_quant(cat, "Q4_K_M"), &rows, &n, NULL) == AIB_OK);
    CHECK(n == aib_catalog_model_count(cat));
    int sorted = 1, seen70 = 0;
    for (size_t i = 1; i < n; i++)
        sorted &= rows[i - 1].cls <= rows[i].cls;
    CHECK(sorted);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].model->id, "llama-3.1-70b"))
            seen70 = rows[i].cls == AIB_PLAN_SLOW && !strcmp(rows[i].quant->id, "Q4_K_M");
    CHECK(seen70);
    free(rows);
}

static aib_result eval_setup(aib_setup *s, const char *hw, const char *model, const char *quant)
{
    aib_result r;
    aib_error err = {0};
    aib_setup_init(s);
    CHECK(aib_setup_from(s, aib_catalog_find_hw(cat, hw), aib_catalog_find_model(cat, model), aib_catalog_find_quant(cat, quant),
                   NULL, &err) == AIB_OK);
    s->host_ram_gb = 64;
    if (aib_estimate(s, &cal, &r, &err))
        printf("estimate failed: %s\n", err.msg);
    return r;
}

/* MoE experts in system RAM (--n-cpu-moe) against whole layers (-ngl). */
static void test_expert_offload(void)
{
    aib_setup s;
    aib_result r = eval_setup(&s, "rtx-3060-12gb", "qwen3-30b-a3b", "Q4_K_M");
    CHECK(r.fit == AIB_FIT_OFFLOAD && r.offload == AIB_OFFLOAD_EXPERTS);
    CHECK(r.gpu_layers == 48 && r.cpu_moe_layers >= 1 && r.cpu_moe_layers <= 48);
    CHECK(r.n_cpu_moe_flag == r.cpu_moe_layers); /* every layer of Qwen3 30B-A3B is MoE */
    /* one MoE layer's routed experts, from config.json: 128 x 3 x hidden 2048 x moe_intermediate 768 */
    double per = r.cpu_weights / r.cpu_moe_layers;
    CHECK_REL(per, 128.0 * 3 * 2048 * 768 * s.bpw / 8, 0.01);
    /* the fewest layers that make the rest fit */
    CHECK(r.mem.total - r.cpu_weights <= r.budget && r.mem.total - (r.cpu_weights - per) > r.budget);
    CHECK(r.decode_tps >= r.other_decode_tps); /* auto takes the faster split */
    double experts_tps = r.decode_tps, layers_tps = r.other_decode_tps;
    s.offload = AIB_OFFLOAD_LAYERS;
    CHECK(aib_estimate(&s, &cal, &r, NULL) == AIB_OK);
    CHECK(r.offload == AIB_OFFLOAD_LAYERS && r.gpu_layers < 48 && r.cpu_moe_layers == 0);
    CHECK_REL(r.decode_tps, layers_tps, 1e-9);
    CHECK_REL(r.other_decode_tps, experts_tps, 1e-9);
    /* the CPU share reads at the host bandwidth: faster RAM, faster decode */
    s.offload = AIB_OFFLOAD_EXPERTS;
    s.host_bandwidth_gbs *= 2;
    CHECK(aib_estimate(&s, &cal, &r, NULL) == AIB_OK);
    CHECK(r.decode_tps > experts_tps * 1.1);
    /* a dense model has no experts to move: layers, whatever the preference */
    r = eval_setup(&s, "rtx-3060-12gb", "llama-3.1-70b", "Q4_K_M");
    s.offload = AIB_OFFLOAD_EXPERTS;
    CHECK(aib_estimate(&s, &cal, &r, NULL) == AIB_OK);
    CHECK(r.fit == AIB_FIT_OFFLOAD && r.offload == AIB_OFFLOAD_LAYERS && isnan(r.other_decode_tps));
    /* DeepSeek's first 3 layers are dense: --n-cpu-moe counts layers from the first */
    r = eval_setup(&s, "rtx-pro-6000-blackwell", "deepseek-v3", "IQ2_XXS");
    s.host_ram_gb = 512;
    CHECK(aib_estimate(&s, &cal, &r, NULL) == AIB_OK);
    CHECK(r.offload == AIB_OFFLOAD_EXPERTS && r.n_cpu_moe_flag == r.cpu_moe_layers + 3);
    CHECK(aib_offload_parse("Experts") == AIB_OFFLOAD_EXPERTS && aib_offload_parse("ngl") == -1);
}

/* One input changed: what aib_whatif_apply() does to a setup. */
static void test_whatif(void)
{
    aib_setup s;
    aib_error err = {0};
    char from[64];
    const aib_quant *q = aib_catalog_find_quant(cat, "Q4_K_M");
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "framework-desktop"), NULL, NULL, NULL, NULL) == AIB_OK);
    double usable = s.usable_gb;
    CHECK(aib_whatif_apply(cat, &s, &q, "bw", "512", from, sizeof from, &err) == AIB_OK);
    CHECK(!strcmp(from, "256") && s.bandwidth_gbs == 512 && s.host_bandwidth_gbs == 512 && !s.hw_id);
    CHECK(aib_whatif_apply(cat, &s, &q, "mem", "64", from, sizeof from, &err) == AIB_OK);
    CHECK_REL(s.usable_gb, usable / 2, 1e-9);
    CHECK(aib_whatif_apply(cat, &s, &q, "kv", "Q8_0", from, sizeof from, &err) == AIB_OK);
    CHECK(!strcmp(s.kv_type, "q8_0") && !strcmp(from, "f16"));
    CHECK(aib_whatif_apply(cat, &s, &q, "quant", "q8_0", from, sizeof from, &err) == AIB_OK && !strcmp(q->id, "Q8_0"));
    CHECK(aib_whatif_apply(cat, &s, &q, "quant", "Q9", from, sizeof from, &err) == AIB_ERR_NOTFOUND);
    CHECK(aib_whatif_apply(cat, &s, &q, "bw", "-1", from, sizeof from, &err) == AIB_ERR_INVALID);
    CHECK(aib_whatif_apply(cat, &s, &q, "mem", "1e12", from, sizeof from, &err) == AIB_ERR_INVALID);
    CHECK(aib_whatif_apply(cat, &s, &q, "gpus", "2", from, sizeof from, &err) == AIB_ERR_INVALID);
    /* a discrete GPU's system RAM keeps its own bandwidth */
    aib_setup_init(&s);
    CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, "rtx-4090"), NULL, NULL, NULL, NULL) == AIB_OK);
    double host = s.host_bandwidth_gbs;
    CHECK(aib_whatif_apply(cat, &s, &q, "bw", "2000", from, sizeof from, &err) == AIB_OK);
    CHECK(s.host_bandwidth_gbs == host && s.bandwidth_gbs == 2000);
}

/* Writes a data dir whose measurements follow known constants exactly; the fit must find them. */
static void test_calibration_recovers_constants(void)
{
    char dir[] = "/tmp/aib-cal-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp " AIB_TEST_DATA "/hardware.txt " AIB_TEST_DATA "/models.txt " AIB_TEST_DATA
             "/quants.tsv " AIB_TEST_DATA "/editorial.tsv " AIB_TEST_DATA "/configs.tsv " AIB_TEST_DATA
             "/fitness.tsv " AIB_TEST_DATA "/api_prices.tsv %s/", dir);
    CHECK(system(cmd) == 0);
    char path[600];
    snprintf(path, sizeof path, "%s/measurements.tsv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "hw\tmodel\tquant\tbackend\ttest\tdepth\ttps\tsoftware\tdate\tsource\n");
    const double inv_eff = 1.3, layer_s = 60e-6, moe_s = 25e-6, att_s = 500e-6;
    const char *models[] = {"llama-3.1-8b", "llama-3.1-70b", "qwen3-30b-a3b", "llama-3.2-1b", "qwen3-235b-a22b",
                            "gpt-oss-20b", "qwen2.5-14b", "gemma-3-27b"};
    /* two hardware families of one class: the error bands leave each family out in turn */
    const char *hws[] = {"gmktec-evo-x2", "rx-7900-xtx"};
    for (size_t h = 0; h < 2; h++)
        for (size_t i = 0; i < 8; i++) {
            aib_setup s;
            aib_setup_init(&s);
            CHECK(aib_setup_from(&s, aib_catalog_find_hw(cat, hws[h]), aib_catalog_find_model(cat, models[i]),
                                 aib_catalog_find_quant(cat, "Q3_K_M"), "vulkan", NULL) == AIB_OK);
            for (int deep = 0; deep < 2; deep++) { /* tg128 at depth 0 (mean depth 64), and at depth 4096 */
                double x[AIB_DECODE_NX];
                aib_decode_features(&s, deep ? 4096 + 64 : 64, 1.0, s.bandwidth_gbs, x);
                double t = inv_eff * x[0] + layer_s * x[1] + moe_s * x[2] + att_s * x[3];
                fprintf(f, "%s\t%s\tQ3_K_M\tvulkan\ttg128\t%d\t%.9g\tsynthetic\t2026-01-01\thttps://example.org/synthetic\n",
                        hws[h], models[i], deep ? 4096 : 0, 1 / t);
            }
        }
    fclose(f);
    aib_catalog *c2;
    aib_error err = {0};
    CHECK(aib_catalog_load_dir(dir, &c2, &err) == AIB_OK);
    aib_calibration k;
    CHECK(aib_calibrate(c2, &k, &err) == AIB_OK);
    const aib_calib *v = aib_calibration_for(&k, "vulkan", "amd");
    CHECK(!strcmp(v->key, "vulkan/amd") && v->n_tg == 32);
    CHECK_REL(v->inv_eff, inv_eff, 1e-6);
    CHECK_REL(v->layer_s, layer_s, 1e-6);
    CHECK_REL(v->moe_s, moe_s, 1e-6);
    CHECK_REL(v->att_s, att_s, 1e-6);
    CHECK(fabs(k.tg_p10) < 1e-6 && fabs(k.tg_p90) < 1e-6); /* exact data: zero residuals */
    aib_catalog_free(c2);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* The validation report is computed from the data: one wildly wrong measurement moves it. */
static void test_validation_moves(void)
{
    aib_validation before, after;
    aib_validation_stats s1, s2;
    CHECK(aib_validate(cat, 0, &before, NULL) == AIB_OK);
    aib_validation_summary(&before, 0, NULL, -1, &s1);
    aib_measurement *x = aib_catalog_add(cat, AIB_K_MEAS);
    CHECK(x != NULL);
    if (!x)
        return;
    x->hw = "framework-desktop", x->model = "llama-3.1-8b", x->quant = "Q4_K_M", x->backend = "vulkan";
    x->test = "tg128", x->depth = 0, x->tps = 4000, x->software = "test", x->date = "2026-01-01";
    x->source = "https://example.org/wrong";
    CHECK(aib_validate(cat, 0, &after, NULL) == AIB_OK);
    aib_validation_summary(&after, 0, NULL, -1, &s2);
    CHECK(s2.n == s1.n + 1);
    CHECK(s2.median_ape != s1.median_ape || s2.within25 != s1.within25);
    CHECK(s2.within25 < s1.within25);
    int seen = 0;
    for (size_t i = 0; i < after.n; i++)
        if (after.rows[i].m->tps == 4000)
            seen = after.rows[i].error < -0.95;
    CHECK(seen);
    /* every row is predicted by a fit that left its fold out: no row may use its own value */
    aib_validation_stats byb;
    aib_validation_summary(&before, 0, "vulkan", -1, &byb);
    CHECK(byb.n > 10);
    aib_validation_release(&before);
    aib_validation_release(&after);
    cat->n_meas--; /* drop the row again for the tests after this one */
}

static void test_alloc_failures(void)
{
    /* every allocation of a catalog load may fail: the load reports it and leaks nothing */
    int nomem = 0, ok = 0;
    for (long n = 1; n < 4000; n += (n < 64 ? 1 : 37)) {
        aib_catalog *c2 = NULL;
        aib_error err = {0};
        aib_alloc_fail_after(n);
        aib_status st = aib_catalog_load_dir(AIB_TEST_DATA, &c2, &err);
        aib_alloc_fail_after(0);
        if (st == AIB_ERR_NOMEM)
        {
            nomem++;
            CHECK(c2 == NULL);
        }
        else if (st == AIB_OK)
            ok++;
        else
            CHECK(!"unexpected status");
        aib_catalog_free(c2);
    }
    CHECK(nomem > 10 && ok > 0);
}

/* The table of inputs: one row per id, in order; every KV choice is a type the engine sizes;
 * values are read strictly; the same request gives the same custom hardware from any front end. */
static void test_request_layer(void)
{
    const aib_param *t = aib_params();
    for (size_t i = 0; i < AIB_P_COUNT; i++)
        CHECK(t[i].id == (aib_param_id)i && t[i].help && t[i].kinds);
    for (const char *const *c = t[AIB_P_KV].choices; *c; c++)
        CHECK(aib_kv_type_bytes(*c) > 0);
    aib_request r;
    aib_error err = {0};
    aib_request_init(&r, AIB_REQ_PLAN);
    CHECK(aib_request_set(&r, "ctx", "32K", &err) == AIB_OK && aib_request_num(&r, AIB_P_CTX) == 32768);
    CHECK(aib_request_set(&r, "ctx", "4096", &err) == AIB_ERR_INVALID && !strcmp(err.tag, "duplicate_parameter"));
    CHECK(aib_request_set(&r, "bw", "0x10", &err) == AIB_ERR_INVALID && !strcmp(err.tag, "bad_number"));
    CHECK(aib_request_set(&r, "min_tps", "41.6 tok/s", &err) == AIB_ERR_INVALID && !strcmp(err.tag, "bad_number"));
    CHECK(aib_request_set(&r, "mem", "1e12", &err) == AIB_ERR_INVALID && !strcmp(err.tag, "out_of_range"));
    CHECK(aib_request_set(&r, "min-tps", "5", &err) == AIB_OK); /* the CLI's option names the same input */
    CHECK(aib_request_set(&r, "min_tpss", "5", &err) == AIB_ERR_INVALID && strstr(err.msg, "did you mean 'min_tps'"));
    /* a custom discrete GPU gets the catalog's default system RAM beside it, from any front end */
    aib_request_init(&r, AIB_REQ_PLAN);
    CHECK(aib_request_set(&r, "mem", "24", &err) == AIB_OK && aib_request_set(&r, "bw", "1008", &err) == AIB_OK);
    aib_answer a;
    CHECK(aib_request_run(cat, &cal, &r, &a, &err) == AIB_OK);
    CHECK(a.setup.host_ram_gb == 32 && !strcmp(a.setup.backend, "vulkan") && !strcmp(a.setup.gpu_vendor, "amd"));
    CHECK(a.n > 0 && !strcmp(aib_request_str(&a.req, AIB_P_HW), "custom"));
    aib_answer_release(&a);
    /* an input the question does not take is refused, not ignored */
    aib_request_init(&r, AIB_REQ_PLAN);
    CHECK(aib_request_set(&r, "hw", "rtx-4090", &err) == AIB_OK && aib_request_set(&r, "budget", "2000", &err) == AIB_OK);
    CHECK(aib_request_run(cat, &cal, &r, &a, &err) == AIB_ERR_INVALID && strstr(err.msg, "budget goes with"));
    aib_answer_release(&a);
}

int main(void)
{
    aib_error err = {0};
    if (aib_catalog_load_dir(AIB_TEST_DATA, &cat, &err)) {
        printf("cannot load %s: %s\n", AIB_TEST_DATA, err.msg);
        return 1;
    }
    CHECK(aib_calibrate(cat, &cal, &err) == AIB_OK);
    test_kv_cache();
    test_weights();
    test_seed_figures();
    test_speed_follows_inputs();
    test_prefill_basis();
    test_fit_and_context();
    test_bad_setups();
    test_plan();
    test_expert_offload();
    test_whatif();
    test_calibration_recovers_constants();
    test_validation_moves();
    test_alloc_failures();
    test_request_layer();
    aib_catalog_free(cat);
    return t_report("test_engine");
}
