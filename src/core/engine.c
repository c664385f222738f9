/* engine.c: memory fit and speed estimates for one setup (hardware x model x quant x
 * backend x context). Formulas and constants are documented, with their sources, in
 * docs/engine.md; the efficiency constants come from calibrate.c, fitted on measurements.
 * Sizes: bytes. Bandwidth: GB/s = 1e9 bytes/s. Time: seconds. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define UBATCH 512.0            /* llama.cpp default n_ubatch */
#define OS_RESERVE_GIB 4.0      /* unified memory the OS and desktop keep for themselves */
#define HOST_RAM_DEFAULT_GIB 32.0 /* host RAM assumed beside a discrete GPU */
#define HOST_BW_DEFAULT_GBS 89.6  /* dual-channel DDR5-5600: catalog row cpu-desktop-ddr5-5600-2ch */
#define PCIE_GBS 25.0           /* PCIe 4.0 x16, effective, for weights streamed in prefill */
#define DEFAULT_CTX 8192.0
#define DEFAULT_PROMPT 4096.0
#define HYBRID_LOW 0.45         /* a hybrid model's band reaches down to this share of its estimate */

static const struct { const char *name; double bytes; } kv_types[] = {
    /* bytes per element = ggml block bytes / block size (ggml-common.h) */
    {"f32", 4.0}, {"f16", 2.0}, {"bf16", 2.0}, {"q8_0", 34.0 / 32}, {"q4_0", 18.0 / 32},
    {"q4_1", 20.0 / 32}, {"q5_0", 22.0 / 32}, {"q5_1", 24.0 / 32}, {"iq4_nl", 18.0 / 32},
};

double aib_kv_type_bytes(const char *t)
{
    for (size_t i = 0; t && i < sizeof kv_types / sizeof kv_types[0]; i++)
        if (aib_streq_ci(t, kv_types[i].name))
            return kv_types[i].bytes;
    return 0;
}

const char *aib_kv_type_name(const char *t)
{
    for (size_t i = 0; t && i < sizeof kv_types / sizeof kv_types[0]; i++)
        if (aib_streq_ci(t, kv_types[i].name))
            return kv_types[i].name;
    return NULL;
}

const char *aib_offload_name(aib_offload o)
{
    return o == AIB_OFFLOAD_LAYERS ? "layers" : o == AIB_OFFLOAD_EXPERTS ? "experts" : "auto";
}

int aib_offload_parse(const char *s)
{
    static const char *const names[] = {"auto", "layers", "experts"};
    for (int i = 0; s && i < 3; i++)
        if (aib_streq_ci(s, names[i]))
            return i;
    return -1;
}

const char *aib_backend_name(const char *b)
{
    static const char *const names[] = {"cuda", "rocm", "vulkan", "metal", "sycl", "cpu"};
    for (size_t i = 0; b && i < sizeof names / sizeof names[0]; i++)
        if (aib_streq_ci(b, names[i]))
            return names[i];
    return NULL;
}

static int is_token_model(const aib_model *m)
{
    return m && m->modality && (!strcmp(m->modality, "text") || !strcmp(m->modality, "vision-text"));
}

static int is_unified(const char *kind)
{
    return kind && (!strcmp(kind, "apu") || !strcmp(kind, "apple") || !strcmp(kind, "system"));
}

/* KV elements per token in full-attention and in sliding-window layers, and their counts. */
static double kv_bytes(const aib_model *m, double n, double kvb, double swa_extra)
{
    if (!is_token_model(m) || n <= 0)
        return 0;
    double kv_l = aib_has(m->kv_layers) ? m->kv_layers : m->layers;
    if (aib_has(m->kv_lora_rank)) /* MLA: one latent + rope key per layer, no V */
        return kv_l * (m->kv_lora_rank + m->rope_dim) * kvb * n;
    double swa_l = aib_has(m->swa_layers) ? m->swa_layers : 0;
    double full_l = kv_l - swa_l;
    double full_el = 2 * m->kv_heads * m->head_dim;
    double swa_el = 2 * (aib_has(m->swa_kv_heads) ? m->swa_kv_heads : m->kv_heads) *
                    (aib_has(m->swa_head_dim) ? m->swa_head_dim : m->head_dim);
    double n_swa = swa_l > 0 ? fmin(n, m->sliding_window + swa_extra) : 0;
    return kvb * (full_l * full_el * n + swa_l * swa_el * n_swa);
}

double aib_kv_cache_bytes(const aib_model *m, double n, double kv_b)
{
    /* llama.cpp pads the cache to 256 cells and keeps window + ubatch cells in SWA layers */
    double cells = ceil(n / 256.0) * 256.0;
    return kv_bytes(m, cells, kv_b, UBATCH);
}

static double runtime_overhead(const char *backend)
{
    /* device memory the runtime takes before any tensor: context, kernels, pools */
    if (!backend || !strcmp(backend, "cpu"))
        return 0.1 * AIB_GIB;
    if (!strcmp(backend, "cuda") || !strcmp(backend, "rocm") || !strcmp(backend, "sycl"))
        return 0.5 * AIB_GIB;
    return 0.3 * AIB_GIB; /* vulkan, metal */
}

static double expert_params(const aib_model *m);

/* Bits of the dense part when the quant keeps it apart from the experts (MoE only), else bpw. */
static double dense_bits(const aib_setup *s)
{
    return aib_has(s->dense_bpw) && aib_has(s->model->experts) && aib_has(s->model->experts_used) ? s->dense_bpw : s->bpw;
}

void aib_memory_needed(const aib_setup *s, double ctx, aib_memory *o)
{
    const aib_model *m = s->model;
    o->weights = m->params_total_b * 1e9 * s->bpw / 8.0;
    if (dense_bits(s) != s->bpw) { /* experts at bpw, the rest at the dense type's bits */
        double e = expert_params(m);
        o->weights = (m->params_total_b * 1e9 - e) * dense_bits(s) / 8.0 + e * s->bpw / 8.0;
    }
    if (is_token_model(m)) {
        o->kv = aib_kv_cache_bytes(m, ctx, s->kv_bytes);
        /* fp32 activations of one ubatch: the logits plus two hidden-size rows per token (flash
         * attention on, so no n_ctx x n_head score matrix). llama.cpp's CPU backend reserved
         * exactly this for three shapes (docs/engine.md, "Checked against llama.cpp"). */
        o->compute = 4.0 * UBATCH * (m->vocab_size + 2.0 * m->hidden_size);
    } else {
        o->kv = 0;
        o->compute = 0.25 * o->weights; /* image/voice activations: a coarse allowance */
    }
    o->overhead = runtime_overhead(s->backend);
    o->total = o->weights + o->kv + o->compute + o->overhead;
}

void aib_setup_init(aib_setup *s)
{
    memset(s, 0, sizeof *s);
    s->memory_gb = s->usable_gb = s->bandwidth_gbs = s->tflops = NAN;
    s->host_ram_gb = s->host_bandwidth_gbs = s->bpw = s->dense_bpw = NAN;
    s->depth = -1;
    s->kv_type = "f16";
    s->kv_bytes = 2.0;
}

aib_status aib_setup_multi(aib_setup *s, const aib_hw *const *hws, size_t n, const char *backend, aib_error *err)
{
    if (n < 1 || n > AIB_MAX_GPUS)
        return aib_fail(err, AIB_ERR_INVALID, "multi-GPU takes 1 to %d cards, not %zu", AIB_MAX_GPUS, n);
    if (n == 1)
        return aib_setup_from(s, hws[0], NULL, NULL, backend, err);
    char first[16];
    aib_list_first(hws[0]->backends, first, sizeof first);
    const char *canon = aib_backend_name(backend ? backend : first);
    if (!canon || !strcmp(canon, "cpu"))
        return aib_fail(err, AIB_ERR_INVALID, "multi-GPU needs a GPU backend, not '%s'", backend ? backend : first);
    aib_setup one[AIB_MAX_GPUS];
    double usable = 0, memory = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(hws[i]->kind, "gpu"))
            return aib_fail(err, AIB_ERR_INVALID, "'%s' is not a discrete GPU: multi-GPU splits layers across cards",
                            hws[i]->id);
        if (!aib_list_has(hws[i]->backends, canon))
            return aib_fail(err, AIB_ERR_INVALID, "backend '%s' is not one of %s's (%s)", canon, hws[i]->id,
                            hws[i]->backends);
        aib_setup_init(&one[i]);
        aib_status st = aib_setup_from(&one[i], hws[i], NULL, NULL, canon, err);
        if (st)
            return st;
        usable += one[i].usable_gb;
        memory += one[i].memory_gb;
    }
    double inv_bw = 0, inv_tf = 0;
    int tf_known = 1;
    for (size_t i = 0; i < n; i++) {
        double share = one[i].usable_gb / usable;
        inv_bw += share / one[i].bandwidth_gbs;
        if (aib_has(one[i].tflops))
            inv_tf += share / one[i].tflops;
        else
            tf_known = 0;
    }
    *s = one[0];
    s->hw_id = NULL;
    s->memory_gb = memory;
    s->usable_gb = usable - (double)(n - 1) * runtime_overhead(canon) / AIB_GIB;
    s->bandwidth_gbs = 1 / inv_bw;
    s->tflops = tf_known ? 1 / inv_tf : NAN;
    return AIB_OK;
}

aib_status aib_setup_from(aib_setup *s, const aib_hw *hw, const aib_model *m, const aib_quant *q,
                          const char *backend, aib_error *err)
{
    if (hw) {
        char first[16];
        aib_list_first(hw->backends, first, sizeof first);
        const char *canon = aib_backend_name(backend ? backend : first);
        if (!canon || !aib_list_has(hw->backends, canon))
            return aib_fail(err, AIB_ERR_INVALID, "backend '%s' is not one of %s's (%s)", backend ? backend : first,
                            hw->id, hw->backends);
        s->backend = canon;
        s->hw_id = hw->id;
        s->gpu_vendor = hw->gpu_vendor;
        s->kind = hw->kind;
        s->memory_gb = hw->memory_gb;
        s->bandwidth_gbs = hw->bandwidth_gbs;
        s->tflops = hw->fp32_tflops; /* the prefill basis (docs/engine.md) */
        int unified = is_unified(hw->kind);
        double reserve = fmin(OS_RESERVE_GIB, 0.25 * hw->memory_gb);
        if (!strcmp(canon, "cpu")) {
            /* a CPU box's compute figure is its CPU's (measured by aibench probe); a GPU's is not */
            s->tflops = !strcmp(hw->kind, "cpu") ? hw->fp32_tflops : NAN;
            if (!strcmp(hw->kind, "gpu")) {
                s->usable_gb = aib_has(hw->host_ram_gb) ? hw->host_ram_gb : HOST_RAM_DEFAULT_GIB;
                s->bandwidth_gbs = HOST_BW_DEFAULT_GBS;
            } else
                s->usable_gb = hw->memory_gb - reserve;
            s->host_ram_gb = 0;
            s->host_bandwidth_gbs = s->bandwidth_gbs;
        } else {
            double usable;
            if (aib_has(hw->gpu_usable_gb))
                usable = hw->gpu_usable_gb;
            else if (!strcmp(hw->kind, "apple")) /* macOS default wired limit (docs/engine.md) */
                usable = hw->memory_gb * (hw->memory_gb > 36 ? 0.75 : 0.67);
            else if (!strcmp(hw->kind, "gpu"))
                usable = hw->memory_gb;
            else
                usable = hw->memory_gb - reserve;
            if (unified) {
                usable = fmin(usable, hw->memory_gb - reserve);
                s->host_ram_gb = fmax(0, hw->memory_gb - usable - reserve);
                s->host_bandwidth_gbs = hw->bandwidth_gbs;
            } else {
                s->host_ram_gb = aib_has(hw->host_ram_gb) ? hw->host_ram_gb : HOST_RAM_DEFAULT_GIB;
                s->host_bandwidth_gbs = HOST_BW_DEFAULT_GBS;
            }
            s->usable_gb = usable;
        }
    } else if (backend) {
        if (!(s->backend = aib_backend_name(backend)))
            return aib_fail(err, AIB_ERR_INVALID, "unknown backend '%s' (cuda, rocm, vulkan, metal, sycl, cpu)", backend);
    }
    if (m)
        s->model = m;
    if (q)
        aib_setup_quant(s, q);
    return AIB_OK;
}

void aib_setup_quant(aib_setup *s, const aib_quant *q)
{
    s->bpw = q->bpw;
    s->dense_bpw = q->dense_bpw;
    s->quant_id = q->id;
}

aib_status aib_setup_custom(aib_setup *s, double memory_gb, double usable_gb, double bandwidth_gbs, double tflops,
                            const char *backend, const char *vendor, const char *kind, aib_error *err)
{
    const char *be = aib_backend_name(backend ? backend : "vulkan");
    if (!be)
        return aib_error_set(err, AIB_ERR_INVALID, "bad_parameter", "unknown backend '%s' (cuda, rocm, vulkan, metal, sycl, cpu)",
                             backend);
    if (!vendor) {
        static const char *const by_backend[][2] = {{"cuda", "nvidia"}, {"rocm", "amd"}, {"vulkan", "amd"},
                                                    {"metal", "apple"}, {"sycl", "intel"}, {"cpu", "none"}};
        for (size_t i = 0; i < sizeof by_backend / sizeof by_backend[0]; i++)
            if (!strcmp(by_backend[i][0], be))
                vendor = by_backend[i][1];
    }
    const aib_param *t = aib_params();
    if (!(memory_gb >= t[AIB_P_MEM].lo && memory_gb <= t[AIB_P_MEM].hi) ||
        !(bandwidth_gbs >= t[AIB_P_BW].lo && bandwidth_gbs <= t[AIB_P_BW].hi))
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "a custom hardware needs its memory and bandwidth");
    if (aib_has(usable_gb) && usable_gb > memory_gb)
        return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "usable memory %g GiB is more than the memory %g GiB",
                             usable_gb, memory_gb);
    aib_hw h;
    memset(&h, 0, sizeof h);
    h.id = "custom";
    h.gpu_vendor = vendor;
    h.kind = kind ? kind : (strcmp(be, "cpu") ? "gpu" : "cpu");
    h.memory_gb = memory_gb;
    h.bandwidth_gbs = bandwidth_gbs;
    h.gpu_usable_gb = usable_gb;
    h.host_ram_gb = NAN;
    h.fp32_tflops = tflops;
    h.backends = be;
    aib_status st = aib_setup_from(s, &h, NULL, NULL, be, err);
    if (st)
        return st;
    s->hw_id = NULL;
    if (!strcmp(be, "cpu") && aib_has(usable_gb))
        s->usable_gb = usable_gb;
    return AIB_OK;
}

static aib_status check_num(aib_error *err, const char *what, double v, double lo, double hi)
{
    if (!isfinite(v) || v < lo || v > hi)
        return aib_fail(err, AIB_ERR_INVALID, "%s %g is outside %g..%g", what, v, lo, hi);
    return AIB_OK;
}

/* A setup's number against its input's range in the table (request.h). */
static aib_status check_param(aib_error *err, const char *what, double v, aib_param_id id)
{
    const aib_param *p = &aib_params()[id];
    return check_num(err, what, v, p->lo, p->hi);
}

aib_status aib_setup_check(const aib_setup *s, aib_error *err)
{
    aib_status st;
    if (!s->model)
        return aib_fail(err, AIB_ERR_INVALID, "no model");
    if (!s->backend)
        return aib_fail(err, AIB_ERR_INVALID, "no backend");
    if ((st = check_param(err, "memory (GiB)", s->memory_gb, AIB_P_MEM)) ||
        (st = check_num(err, "usable memory (GiB)", s->usable_gb, aib_params()[AIB_P_USABLE].lo, s->memory_gb)) ||
        (st = check_param(err, "bandwidth (GB/s)", s->bandwidth_gbs, AIB_P_BW)) ||
        (st = check_num(err, "bits per weight", s->bpw, 1, 33)) ||
        (st = check_param(err, "host RAM (GiB)", s->host_ram_gb, AIB_P_RAM)) ||
        (st = check_param(err, "host bandwidth (GB/s)", s->host_bandwidth_gbs, AIB_P_RAM_BW)) ||
        (st = check_num(err, "context", s->ctx, 0, aib_params()[AIB_P_CTX].hi)) ||
        (st = check_num(err, "prompt", s->prompt, 0, aib_params()[AIB_P_PROMPT].hi)) ||
        (st = check_num(err, "KV bytes per element", s->kv_bytes, 0.25, 4)))
        return st;
    if (!isnan(s->tflops) && (st = check_param(err, "TFLOPS", s->tflops, AIB_P_TFLOPS)))
        return st;
    if (s->depth >= 0 && (st = check_param(err, "depth", s->depth, AIB_P_DEPTH)))
        return st;
    const aib_model *m = s->model;
    if (!(m->params_total_b > 0) || !(m->params_active_b > 0) || m->params_active_b > m->params_total_b)
        return aib_fail(err, AIB_ERR_INVALID, "model parameters must be > 0 with active <= total");
    if (is_token_model(m) && !(m->layers >= 1 && m->kv_heads >= 1 && m->head_dim >= 1 && m->hidden_size >= 1 &&
                               m->vocab_size >= 0 && m->max_context >= 1))
        return aib_fail(err, AIB_ERR_INVALID, "model '%s' lacks the architecture numbers (layers, kv heads, head dim)",
                        m->id ? m->id : "custom");
    return AIB_OK;
}

/* ---- speed ---- */

static int is_moe(const aib_model *m) { return aib_has(m->experts); }

static double moe_layers(const aib_model *m)
{
    return is_moe(m) ? (aib_has(m->moe_layers) ? m->moe_layers : m->layers) : 0;
}

double aib_decode_time(const aib_calib *c, const double x[AIB_DECODE_NX])
{
    return c->inv_eff * x[0] + c->layer_s * x[1] + c->moe_s * x[2] + c->att_s * x[3];
}

/* Attention work per generated token at a KV depth, in GFLOP: 4 x heads x head_dim per cached
 * token per layer (full-attention layers read the whole depth, SWA layers their window). */
static double attention_gflop(const aib_model *m, double depth)
{
    if (!is_token_model(m) || depth <= 0)
        return 0;
    double kv_l = aib_has(m->kv_layers) ? m->kv_layers : m->layers;
    double swa_l = aib_has(m->swa_layers) ? m->swa_layers : 0;
    double cells = (kv_l - swa_l) * depth + (swa_l > 0 ? swa_l * fmin(depth, m->sliding_window) : 0);
    return 4.0 * m->heads * m->head_dim * cells / 1e9;
}

/* Per-token regressors of the decode model (internal.h). */
void aib_decode_features(const aib_setup *s, double depth, double frac, double bw_gbs, double x[AIB_DECODE_NX])
{
    const aib_model *m = s->model;
    double embed = (m->tied_embeddings && !strcmp(m->tied_embeddings, "yes")) ? 0 : m->vocab_size * m->hidden_size;
    double active = m->params_active_b * 1e9 - embed; /* the input embedding is a row look-up */
    if (active < 0.5 * m->params_active_b * 1e9)
        active = 0.5 * m->params_active_b * 1e9;
    double weight_bytes = active * s->bpw / 8.0;
    if (dense_bits(s) != s->bpw) { /* the routed experts a token reads at bpw, the rest at the dense bits */
        double e_active = expert_params(m) * m->experts_used / m->experts, d_active = active - e_active;
        if (d_active < 0)
            d_active = 0, e_active = active;
        weight_bytes = d_active * dense_bits(s) / 8.0 + e_active * s->bpw / 8.0;
    }
    double bytes = weight_bytes + kv_bytes(m, depth, s->kv_bytes, 0);
    x[0] = frac * bytes / (bw_gbs * 1e9);
    x[1] = frac * m->layers;
    x[2] = frac * moe_layers(m);
    x[3] = frac * attention_gflop(m, depth);
}

double aib_decode_bytes(const aib_setup *s, double depth)
{
    double x[AIB_DECODE_NX];
    aib_decode_features(s, depth, 1.0, 1.0, x);
    return x[0] * 1e9;
}

/* FLOPs per prompt token: 2 per active weight plus attention over the tokens before it. */
double aib_prefill_att_flops(const aib_model *m, double avg_ctx)
{
    double kv_l = aib_has(m->kv_layers) ? m->kv_layers : m->layers;
    double swa_l = aib_has(m->swa_layers) ? m->swa_layers : 0;
    double full = (kv_l - swa_l) * avg_ctx;
    double swa = swa_l * (swa_l > 0 ? fmin(avg_ctx, m->sliding_window) : 0);
    return 4.0 * m->heads * m->head_dim * (full + swa);
}

double aib_prefill_flops(const aib_model *m, double avg_ctx)
{
    return 2.0 * m->params_active_b * 1e9 + aib_prefill_att_flops(m, avg_ctx);
}


static double fits_ctx(const aib_setup *s, double budget)
{
    /* largest multiple of 256 tokens whose total memory fits, up to the trained context */
    aib_memory mem;
    double lo = 0, hi = floor(s->model->max_context / 256.0);
    aib_memory_needed(s, 256, &mem);
    if (mem.total > budget)
        return 0;
    while (lo < hi) {
        double mid = ceil((lo + hi) / 2);
        aib_memory_needed(s, mid * 256, &mem);
        if (mem.total <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    return fmin(lo * 256, s->model->max_context);
}


/* Parameters in the routed experts: with E experts of which k run per token,
 * total = rest + experts and active = rest + experts * k / E. 0 for a dense model. */
static double expert_params(const aib_model *m)
{
    if (!is_moe(m) || !aib_has(m->experts_used) || !(m->experts > m->experts_used))
        return 0;
    double p = (m->params_total_b - m->params_active_b) * 1e9 * m->experts / (m->experts - m->experts_used);
    return fmin(p, m->params_total_b * 1e9);
}

/* One way of splitting a model that does not fit between the GPU and system RAM. */
typedef struct {
    int ok;           /* both parts fit */
    double gpu_layers, cpu_moe, cpu_weights;
    double t;         /* seconds per token */
} split;

/* llama.cpp -ngl: whole layers (weights + their KV) on the GPU, the rest on the CPU. */
static void split_layers(const aib_setup *s, const aib_result *r, const aib_calib *c, const aib_calib *cc, split *o)
{
    const aib_model *m = s->model;
    double per_layer = (r->mem.weights + r->mem.kv) / m->layers;
    double room = r->budget - r->mem.compute - r->mem.overhead;
    double g = room > 0 ? floor(room / per_layer) : 0;
    if (g > m->layers - 1)
        g = m->layers - 1;
    double frac = g / m->layers, x[AIB_DECODE_NX], y[AIB_DECODE_NX];
    aib_decode_features(s, s->depth, frac, s->bandwidth_gbs, x);
    aib_decode_features(s, s->depth, 1 - frac, s->host_bandwidth_gbs, y);
    o->ok = r->mem.total <= r->budget + s->host_ram_gb * AIB_GIB;
    o->gpu_layers = g;
    o->cpu_moe = 0;
    o->cpu_weights = (1 - frac) * r->mem.weights;
    o->t = aib_decode_time(c, x) + aib_decode_time(cc, y);
}

/* llama.cpp -ngl all --n-cpu-moe N: attention, shared weights and the KV cache on the GPU; the
 * routed experts of the fewest MoE layers that make the rest fit stay in system RAM, where the
 * CPU runs the few experts each token picks. Each such layer hands its activations to the CPU
 * and back: a fixed CPU-side cost per layer. */
static void split_experts(const aib_setup *s, const aib_result *r, const aib_calib *c, const aib_calib *cc, split *o)
{
    const aib_model *m = s->model;
    double ep = expert_params(m), moe = moe_layers(m);
    memset(o, 0, sizeof *o);
    if (ep <= 0 || moe < 1)
        return;
    double per = ep * s->bpw / 8 / moe; /* routed-expert bytes of one MoE layer */
    double n = ceil((r->mem.total - r->budget) / per);
    if (n < 1)
        n = 1;
    if (n > moe || n * per > s->host_ram_gb * AIB_GIB)
        return;
    double cpu_read = n / moe * ep * (m->experts_used / m->experts) * s->bpw / 8; /* per token */
    o->ok = 1;
    o->gpu_layers = m->layers;
    o->cpu_moe = n;
    o->cpu_weights = n * per;
    /* the GPU does everything but the CPU's experts; the CPU reads those and pays, per layer,
     * the hand-over and the MoE cost */
    double x[AIB_DECODE_NX];
    aib_decode_features(s, s->depth, 1.0, s->bandwidth_gbs, x);
    x[0] -= cpu_read / (s->bandwidth_gbs * 1e9);
    x[2] -= n;
    const double y[AIB_DECODE_NX] = {cpu_read / (s->host_bandwidth_gbs * 1e9), n, n, 0};
    o->t = aib_decode_time(c, x) + aib_decode_time(cc, y);
}

aib_status aib_estimate(const aib_setup *in, const aib_calibration *cal, aib_result *r, aib_error *err)
{
    aib_setup sv = *in;
    aib_setup *s = &sv;
    memset(r, 0, sizeof *r);
    r->decode_tps = r->decode_lo = r->decode_hi = NAN;
    r->prefill_tps = r->prefill_lo = r->prefill_hi = r->ttft_s = NAN;
    if (s->model && !(s->ctx > 0))
        s->ctx = aib_has(s->model->max_context) ? fmin(DEFAULT_CTX, s->model->max_context) : DEFAULT_CTX;
    if (!(s->prompt > 0))
        s->prompt = fmin(DEFAULT_PROMPT, s->ctx);
    if (s->depth < 0)
        s->depth = s->ctx / 2; /* average speed over a session that fills the context */
    aib_status st = aib_setup_check(s, err);
    if (st)
        return st;
    const aib_model *m = s->model;
    r->ctx = s->ctx, r->depth = s->depth, r->prompt = s->prompt;
    r->token_model = is_token_model(m);
    aib_memory_needed(s, s->ctx, &r->mem);
    r->budget = s->usable_gb * AIB_GIB;
    r->other_decode_tps = NAN;
    int cpu = !strcmp(s->backend, "cpu");
    const aib_calib *c = aib_calibration_for(cal, s->backend, s->gpu_vendor);
    const aib_calib *cc = aib_calibration_for(cal, "cpu", "none");
    double t = NAN;
    if (r->mem.total <= r->budget) {
        r->fit = AIB_FIT_GPU;
        r->gpu_layers = r->token_model ? m->layers : 0;
        if (r->token_model) {
            double x[AIB_DECODE_NX];
            aib_decode_features(s, s->depth, 1.0, s->bandwidth_gbs, x);
            t = aib_decode_time(c, x);
        }
    } else if (!cpu && r->token_model) {
        split sp[2]; /* layers, experts */
        split_layers(s, r, c, cc, &sp[0]);
        split_experts(s, r, c, cc, &sp[1]);
        int pick = -1;
        if (s->offload == AIB_OFFLOAD_LAYERS)
            pick = sp[0].ok ? 0 : -1;
        else if (sp[1].ok && (s->offload == AIB_OFFLOAD_EXPERTS || !sp[0].ok || sp[1].t < sp[0].t))
            pick = 1;
        else if (sp[0].ok)
            pick = 0;
        if (pick >= 0) {
            r->fit = AIB_FIT_OFFLOAD;
            r->offload = pick ? AIB_OFFLOAD_EXPERTS : AIB_OFFLOAD_LAYERS;
            r->gpu_layers = sp[pick].gpu_layers;
            r->cpu_moe_layers = sp[pick].cpu_moe;
            r->n_cpu_moe_flag = pick ? fmin(m->layers, sp[1].cpu_moe + m->layers - moe_layers(m)) : 0;
            r->cpu_weights = sp[pick].cpu_weights;
            t = sp[pick].t;
            if (sp[!pick].ok)
                r->other_decode_tps = 1.0 / sp[!pick].t;
        } else
            r->fit = AIB_FIT_NONE;
    } else {
        r->fit = AIB_FIT_NONE;
    }
    if (r->token_model)
        r->max_ctx = fits_ctx(s, r->budget);
    if (!r->token_model || r->fit == AIB_FIT_NONE)
        return AIB_OK;

    r->calib = c;
    r->bytes_per_token = aib_decode_bytes(s, s->depth);
    r->decode_tps = 1.0 / t;
    r->interactive = r->decode_tps >= AIB_INTERACTIVE_TPS;
    /* a class running on priors has no residuals of its own: no band rather than a false one */
    int measured_class = strcmp(c->from, "prior") != 0 && (r->fit == AIB_FIT_GPU || strcmp(cc->from, "prior") != 0);
    /* the class's own band where it has enough rows of its own, else the pooled one */
    int own_tg = aib_has(c->tg_p10) && aib_has(c->tg_p90), own_pp = aib_has(c->pp_p10) && aib_has(c->pp_p90);
    if (cal && cal->n_tg_resid > 0 && measured_class) {
        r->decode_lo = r->decode_tps / (1 + (own_tg ? c->tg_p90 : cal->tg_p90));
        r->decode_hi = r->decode_tps / (1 + (own_tg ? c->tg_p10 : cal->tg_p10));
    }
    /* recurrent layers: the one published run of such a model (Qwen3-Coder-Next on Strix Halo,
     * data/measurements.tsv) decoded at 46% of this estimate, so the band reaches down that far */
    if (aib_model_is_hybrid(m)) {
        r->decode_lo = fmin(aib_has(r->decode_lo) ? r->decode_lo : r->decode_tps, HYBRID_LOW * r->decode_tps);
        if (!aib_has(r->decode_hi))
            r->decode_hi = r->decode_tps;
    }
    if (aib_has(s->tflops)) {
        double eff = is_moe(m) ? c->pp_eff_moe : s->bpw >= 16 ? c->pp_eff_f16 : c->pp_eff;
        /* the weights' matmuls at the class's efficiency, attention over the prompt at its own
         * (pp_att times slower: the kernels differ, and deep prompts show it) */
        double att = aib_prefill_att_flops(m, s->prompt / 2), wf = aib_prefill_flops(m, s->prompt / 2) - att;
        double tp = (wf + c->pp_att * att) / (s->tflops * 1e12 * eff);
        if (r->fit == AIB_FIT_OFFLOAD && !is_unified(s->kind)) /* weights in RAM cross PCIe once per ubatch */
            tp += r->cpu_weights / (PCIE_GBS * 1e9) / UBATCH;
        r->prefill_tps = 1.0 / tp;
        r->ttft_s = s->prompt * tp + t;
        if (cal && cal->n_pp_resid > 0 && measured_class) {
            r->prefill_lo = r->prefill_tps / (1 + (own_pp ? c->pp_p90 : cal->pp_p90));
            r->prefill_hi = r->prefill_tps / (1 + (own_pp ? c->pp_p10 : cal->pp_p10));
        }
    }
    return AIB_OK;
}

const aib_measurement *aib_find_measurement(const aib_catalog *cat, const char *hw, const char *model,
                                            const char *quant, const char *backend, const char *test)
{
    const aib_measurement *best = NULL; /* several runs of one test: the newest */
    for (size_t i = 0; i < cat->n_meas; i++) {
        const aib_measurement *x = &cat->meas[i];
        if (aib_streq_ci(x->hw, hw) && aib_streq_ci(x->model, model) && aib_streq_ci(x->quant, quant) &&
            aib_streq_ci(x->backend, backend) && aib_streq_ci(x->test, test) && x->depth == 0 &&
            (!best || strcmp(x->date, best->date) > 0))
            best = x;
    }
    return best;
}

double aib_decode_tps_at(const aib_setup *s, const aib_calibration *cal, double depth)
{
    double x[AIB_DECODE_NX];
    aib_decode_features(s, depth, 1.0, s->bandwidth_gbs, x);
    return 1.0 / aib_decode_time(aib_calibration_for(cal, s->backend, s->gpu_vendor), x);
}

double aib_prompt_seconds(const aib_result *r, const aib_model *m, double prompt)
{
    if (!aib_has(r->prefill_tps) || !(r->prompt > 0))
        return NAN;
    return prompt / r->prefill_tps * aib_prefill_flops(m, prompt / 2) / aib_prefill_flops(m, r->prompt / 2);
}

int aib_model_is_hybrid(const aib_model *m)
{
    return is_token_model(m) && aib_has(m->kv_layers) && aib_has(m->layers) && m->kv_layers < m->layers &&
           !aib_has(m->kv_lora_rank);
}

const char *aib_offload_flags(const aib_result *r, char *buf, size_t n)
{
    if (r->fit != AIB_FIT_OFFLOAD)
        snprintf(buf, n, "%s", "");
    else if (r->offload == AIB_OFFLOAD_EXPERTS)
        snprintf(buf, n, "-ngl 999 --n-cpu-moe %.0f", r->n_cpu_moe_flag);
    else
        snprintf(buf, n, "-ngl %.0f", r->gpu_layers);
    return buf;
}
