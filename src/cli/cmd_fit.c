/* cmd_fit.c: aibench fit, one model on one hardware (a catalog entry, several cards or a
 * custom one), and the text of a fit that fit and estimate share. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: aibench fit --hw ID (--model ID [--quant Q] | --gguf FILE) [INPUTS]\n"
    "                   [--sweep] [--json]\n"
    "       aibench fit --memory GIB --bandwidth GBPS [--backend B ...] --model ID\n"
    "                   [INPUTS]\n"
    "\n"
    "Memory (weights + KV cache + compute + runtime) against the hardware's usable\n"
    "memory, whether it fits (or needs CPU offload, with llama.cpp's flags), the\n"
    "largest context that fits, decode and prefill speed with their error bands, and\n"
    "the measurement for this setup when the catalog has one.";

static const cli_opt opts[] = {
    {"gguf", "FILE", "a model file instead of --model/--quant: its exact sizes and shape"},
    {"no-measured", NULL, "the engine's estimate only, never a catalog measurement"},
    {"json", NULL, "machine-readable output: the object /api/fit.json answers"},
    {NULL, NULL, NULL},
};
enum { O_GGUF, O_NO_MEASURED, O_JSON };

static const cli_spec spec = {"fit", usage, AIB_REQ_FIT, 0, opts};

int cmd_fit(cli_env *env, int argc, char **argv)
{
    aib_request req;
    aib_request_init(&req, AIB_REQ_FIT);
    const char *seen[4], *pos[1];
    size_t npos;
    int rc = cli_parse(&spec, argc, argv, &req, seen, pos, &npos, 0);
    if (rc >= 0)
        return rc;
    const char *gguf = seen[O_GGUF];
    if (gguf && (aib_request_str(&req, AIB_P_MODEL) || aib_request_str(&req, AIB_P_QUANT)))
        return cli_usage("fit", "--gguf gives the model and its quant: drop --model and --quant");
    if (!gguf && !aib_request_str(&req, AIB_P_MODEL))
        return cli_usage("fit", "--model (or --gguf) is required");
    req.no_measured = seen[O_NO_MEASURED] != NULL;
    if (cli_open(env))
        return 1;
    aib_gguf *g = NULL;
    aib_model gm;
    aib_gguf_summary gs;
    if (gguf) {
        if ((rc = cli_gguf_open("fit", gguf, &g, &gm, &gs)))
            return rc;
        cli_gguf_request(&req, &gm, &gs);
    }
    aib_answer a;
    rc = cli_run(env, "fit", &req, &a);
    if (!rc && seen[O_JSON]) {
        json_t *j = aib_json_answer(&a, 0);
        if (j && gguf)
            json_object_set_new(j, "gguf", cli_gguf_summary_json(&gs));
        rc = cli_json(j);
    } else if (!rc)
        cli_print_fit(&a);
    aib_answer_release(&a);
    aib_gguf_free(g);
    return rc;
}

static const char *fit_text(const aib_result *r, const aib_model *m, const char *where, char *buf, size_t n)
{
    char flags[48];
    if (r->fit == AIB_FIT_GPU)
        snprintf(buf, n, "fits in %s", where);
    else if (r->fit == AIB_FIT_OFFLOAD && r->offload == AIB_OFFLOAD_EXPERTS)
        snprintf(buf, n, "only with offload: all %.0f layers on the GPU, the routed experts of\n"
                 "             %.0f MoE layers (%.2f GiB) in system RAM: llama.cpp %s",
                 m->layers, r->cpu_moe_layers, aib_gib(r->cpu_weights), aib_offload_flags(r, flags, sizeof flags));
    else if (r->fit == AIB_FIT_OFFLOAD)
        snprintf(buf, n, "only with offload: %.0f of %.0f layers on the GPU, the rest (%.2f GiB)\n"
                 "             in system RAM: llama.cpp %s", r->gpu_layers, m->layers, aib_gib(r->cpu_weights),
                 aib_offload_flags(r, flags, sizeof flags));
    else
        snprintf(buf, n, "does not fit");
    return buf;
}

static void print_memory(const aib_setup *s, const aib_result *r)
{
    if (r->token_model)
        printf("  memory     %.2f GiB weights + %.2f GiB KV cache (%.0f tokens, %s)\n"
               "             + %.2f GiB compute + %.2f GiB runtime\n",
               aib_gib(r->mem.weights), aib_gib(r->mem.kv), r->ctx, s->kv_type, aib_gib(r->mem.compute),
               aib_gib(r->mem.overhead));
    else
        printf("  memory     %.2f GiB weights + %.2f GiB activations (allowance)\n"
               "             + %.2f GiB runtime\n",
               aib_gib(r->mem.weights), aib_gib(r->mem.compute), aib_gib(r->mem.overhead));
    printf("             = %.2f GiB of %.2f GiB usable (%.0f GiB device memory)\n", aib_gib(r->mem.total),
           aib_gib(r->budget), s->memory_gb);
}

static void print_speeds(const aib_plan_row *row, int use_measured)
{
    const aib_result *r = &row->res;
    const aib_measurement *pp = row->measured_pp;
    char a[32], b[32], c[32], band[96], tt[64];
    aib_row_speed h = aib_row_decode(row, use_measured);
    if (h.evidence == AIB_EV_MEASURED)
        printf("  decode     %s tok/s measured (%s, %s, %s)\n             %s\n", cli_tps(h.tps, a, sizeof a),
               aib_test_text(h.m, tt, sizeof tt), h.m->date, h.m->software, h.m->source);
    else if (h.evidence == AIB_EV_ANCHORED) {
        char text[700];
        snprintf(text, sizeof text, "%s tok/s at depth %.0f, carried from a measurement of %s tok/s (%s, %s, %s, %s) "
                 "by the engine's own depth ratio (band %s to %s)", cli_tps(h.tps, a, sizeof a), r->depth,
                 cli_tps(h.m->tps, b, sizeof b), aib_test_text(h.m, tt, sizeof tt), h.m->hw, h.m->date, h.m->source,
                 cli_tps(h.lo, c, sizeof c), cli_tps(h.hi, band, sizeof band));
        cli_wrap("  decode     ", text, 80);
    }
    if (aib_has(r->decode_lo))
        snprintf(band, sizeof band, "band %s to %s", cli_tps(r->decode_lo, b, sizeof b), cli_tps(r->decode_hi, c, sizeof c));
    else
        snprintf(band, sizeof band, "no error band: these constants are priors");
    printf("  %-10s %s tok/s estimated at depth %.0f (%s)%s\n", h.evidence == AIB_EV_ESTIMATED ? "decode" : "",
           cli_tps(r->decode_tps, a, sizeof a), r->depth, band,
           aib_row_decode(row, use_measured).tps >= AIB_INTERACTIVE_TPS ? "" : ":\n             below interactive speed");
    if (!aib_has(r->prefill_tps)) {
        printf("  prefill    no estimate: no fp32 (vector) compute figure for this hardware\n");
        return;
    }
    if (use_measured && pp && r->fit == AIB_FIT_GPU)
        printf("  prefill    %s tok/s measured (%s, %s)\n             %s\n", cli_tps(pp->tps, a, sizeof a), pp->test,
               pp->date, pp->source);
    if (aib_has(r->prefill_lo))
        snprintf(band, sizeof band, "band %s to %s", cli_tps(r->prefill_lo, b, sizeof b), cli_tps(r->prefill_hi, c, sizeof c));
    else
        snprintf(band, sizeof band, "no error band: priors");
    printf("  prefill    %s tok/s estimated (%s)\n", cli_tps(r->prefill_tps, a, sizeof a), band);
    printf("  first tok  %.1f s after a %.0f-token prompt\n", r->ttft_s, r->prompt);
}

void cli_print_fit(const aib_answer *ans)
{
    const aib_setup *s = &ans->setup;
    const aib_result *r = &ans->fit.res;
    const aib_model *m = s->model;
    int use_measured = !ans->req.no_measured;
    char line[400];
    printf("%s %s on %s, %s backend\n", m->name ? m->name : "custom model", s->quant_id ? s->quant_id : "", ans->hw_name,
           s->backend);
    if (ans->has_config)
        cli_config_line("  bought     ", &ans->config);
    print_memory(s, r);
    const char *where = strcmp(s->backend, "cpu") ? "GPU memory" : "memory";
    printf("  fit        %s\n", fit_text(r, m, where, line, sizeof line));
    if (r->fit == AIB_FIT_OFFLOAD && aib_has(r->other_decode_tps)) {
        char o[32];
        printf("             the other split (%s) would decode at %s tok/s\n",
               r->offload == AIB_OFFLOAD_EXPERTS ? "whole layers, -ngl" : "experts, --n-cpu-moe",
               cli_tps(r->other_decode_tps, o, sizeof o));
    }
    if (r->token_model && r->max_ctx > 0)
        printf("  context    largest that fits in %s: %.0f tokens (trained: %.0f)\n", where, r->max_ctx, m->max_context);
    else if (r->token_model)
        printf("  context    the weights alone do not fit in %s\n", where);
    if (!r->token_model) {
        printf("  speed      not a token model: no tok/s figures\n");
        return;
    }
    if (r->fit == AIB_FIT_NONE)
        return;
    print_speeds(&ans->fit, use_measured);
    const char *code;
    char msg[600];
    for (int i = 0; aib_row_caveat(&ans->fit, i, &code, msg, sizeof msg); i++)
        cli_wrap("  caveat     ", msg, 80);
    if (ans->fit.also.quant) {
        char t[32], text[300];
        snprintf(text, sizeof text, "nothing at or above the quality floor fits; %s would (~%s tok/s, mean KL "
                 "divergence %.3f against 16-bit: a large quality loss)", ans->fit.also.quant->id,
                 cli_tps(ans->fit.also.decode_tps, t, sizeof t), ans->fit.also.quant->kld);
        cli_wrap("  also       ", text, 80);
    }
    if (r->calib)
        printf("  constants  class %s, fitted on %s (%d decode, %d prefill rows):\n"
               "             %.0f%% of bandwidth, %.0f us per layer\n",
               r->calib->key, r->calib->from, r->calib->n_tg, r->calib->n_pp, 100.0 / r->calib->inv_eff,
               r->calib->layer_s * 1e6);
    if (ans->match_hw && use_measured)
        printf("  matches    %s with %s in the catalog\n", ans->match_hw->id, ans->match_model->id);
    if (!ans->n_sweep)
        return;
    printf("\ncontext sweep (estimates; decode with the KV cache filled to the context):\n");
    printf("%10s %10s %12s  %s\n", "context", "tok/s", "memory GiB", "fit");
    for (size_t i = 0; i < ans->n_sweep; i++) {
        const aib_sweep_point *p = &ans->sweep[i];
        char t[32];
        printf("%10.0f %10s %12.2f  %s\n", p->ctx, cli_tps(p->decode_tps, t, sizeof t), p->memory_gib,
               p->fit == AIB_FIT_GPU ? "gpu" : p->fit == AIB_FIT_OFFLOAD ? "offload" : "none");
    }
}
