/* cmd_plan.c: aibench plan: "what fits at this tier" (every model on one setup, with a
 * what-if), the reverse plan (--for: which hardware runs a workload), and one model file on
 * every hardware (--gguf). The options are the library's inputs (aib_params()); the answer is
 * the library's; this file prints it. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: aibench plan --hw ID[,ID...] [--gpus N] [INPUTS] [--what-if K=V]\n"
    "                    [--share] [--json]\n"
    "       aibench plan --memory GIB --bandwidth GBPS [--backend B ...] [INPUTS]\n"
    "       aibench plan --this-machine [--bandwidth GBPS] [--root DIR] [INPUTS]\n"
    "       aibench plan --gguf FILE [--hw ID] [INPUTS]\n"
    "       aibench plan --for MODEL[,MODEL...] [--min-tps N] [--budget USD]\n"
    "                    [INPUTS]\n"
    "\n"
    "Every catalog model on one setup: the best quant that fits in GPU memory (the\n"
    "most bits per weight, at most --quant's), memory, decode and prefill speed, the\n"
    "largest context, and the verdict. Models that run well come first, then traps\n"
    "(they fit but decode under --min-tps), image and voice models, offload, and\n"
    "what does not fit. --what-if plans again with one input changed and shows what\n"
    "moved. --for turns it round: the hardware that runs a workload, cheapest first,\n"
    "then the nearest misses with what they miss by. --gguf: one model file on every\n"
    "catalog hardware (with --hw, on that one).";

static const cli_opt opts[] = {
    {"this-machine", NULL, "probe this machine (aibench probe) and plan for it; --bandwidth then "
                           "replaces the measured bandwidth"},
    {"root", "DIR", "with --this-machine: read a recorded /proc and /sys tree"},
    {"gguf", "FILE", "one model file on every catalog hardware, with its exact sizes"},
    {"share", NULL, "print the planner URL that asks the same (aibench serve)"},
    {"no-measured", NULL, "estimates only; otherwise a matching measurement is shown first"},
    {"json", NULL, "machine-readable output: the object /api/plan.json answers"},
    {NULL, NULL, NULL},
};
enum { O_THIS, O_ROOT, O_GGUF, O_SHARE, O_NO_MEASURED, O_JSON, O_N };

static const cli_spec spec = {"plan", usage, AIB_REQ_PLAN | AIB_REQ_REVERSE, 0, opts};

/* ---- every model on one setup ---- */

static const char *verdict(const aib_plan_row *r)
{
    switch (r->cls) {
    case AIB_PLAN_INTERACTIVE: return "runs well";
    case AIB_PLAN_SLOW: return "trap";
    case AIB_PLAN_FITS: return "fits";
    case AIB_PLAN_OFFLOAD: return "offload";
    case AIB_PLAN_NO_FIT: break;
    }
    return "no fit";
}

/* "~42" for an estimate, "42.1" for a measurement, "-" for none. */
static const char *marked(double v, int measured, char *buf, size_t n)
{
    char t[24];
    cli_tps(v, t, sizeof t);
    snprintf(buf, n, "%s%s", !measured && strcmp(t, "-") ? "~" : "", t);
    return buf;
}

static const char *ctx_k(const aib_plan_row *r, char *buf, size_t n)
{
    if (r->res.token_model && r->res.max_ctx > 0)
        snprintf(buf, n, "%.0fk", floor(r->res.max_ctx / 1024));
    else
        snprintf(buf, n, "-");
    return buf;
}

/* Each caveat of a row in a few words, indented (the messages in full: fit, brief, the JSON). */
static void print_caveats(int indent, const aib_plan_row *p)
{
    const char *code;
    char msg[600], prefix[48];
    snprintf(prefix, sizeof prefix, "%*s", indent, "");
    for (int i = 0; aib_row_caveat(p, i, &code, msg, sizeof msg); i++) {
        snprintf(msg, sizeof msg, "caveat: %s", aib_caveat_label(code));
        cli_wrap(prefix, msg, 80);
    }
}

static void print_plan(const aib_answer *a, const char *machine_lines)
{
    const aib_setup *s = &a->setup;
    int use_measured = !a->req.no_measured, idw = 12;
    for (size_t i = 0; i < a->n; i++)
        if (aib_answer_wanted(a, &a->rows[i]) && (int)strlen(a->rows[i].model->id) > idw)
            idw = (int)strlen(a->rows[i].model->id);
    idw = idw > 30 ? 30 : idw;
    printf("What fits on %s\n", a->hw_name);
    printf("%s backend, %.0f of %.0f GiB usable, %.0f GB/s\n", s->backend, s->usable_gb, s->memory_gb, s->bandwidth_gbs);
    if (a->has_config)
        cli_config_line("as bought: ", &a->config);
    if (machine_lines)
        fputs(machine_lines, stdout);
    printf("decode at depth ctx/2 unless measured; ~ marks an estimate\n");
    printf("runs well: >= %g tok/s; trap: fits but slower; no quant below %s (--min-quant)\n\n", a->min_tps,
           aib_request_str(&a->req, AIB_P_MIN_QUANT));
    printf("%-*s %-8s %6s %7s %8s %5s  %s\n", idw, "model", "quant", "GiB", "tok/s", "prefill", "ctx", "verdict");
    size_t shown = 0;
    for (size_t i = 0; i < a->n; i++) {
        const aib_plan_row *p = &a->rows[i];
        if (!aib_answer_wanted(a, p))
            continue;
        char t[32], pre[32], ctx[16];
        aib_row_speed hd = aib_row_decode(p, use_measured);
        int pm = use_measured && p->measured_pp && p->res.fit == AIB_FIT_GPU;
        double tps = hd.tps;
        double pp = p->res.token_model && p->res.fit != AIB_FIT_NONE ? (pm ? p->measured_pp->tps : p->res.prefill_tps) : NAN;
        const char *v = verdict(p);
        if (p->cls == AIB_PLAN_INTERACTIVE && !aib_answer_meets(a, p))
            v = "too slow"; /* under the asked minimum */
        printf("%-*.*s %-8s %6.1f %7s %8s %5s  %s\n", idw, idw, p->model->id, p->quant->id, aib_gib(p->res.mem.total),
               marked(tps, hd.evidence == AIB_EV_MEASURED, t, sizeof t), marked(pp, pm, pre, sizeof pre), ctx_k(p, ctx, sizeof ctx), v);
        if (p->cls == AIB_PLAN_OFFLOAD) {
            char flags[48];
            printf("%*s  with llama.cpp %s\n", idw, "", aib_offload_flags(&p->res, flags, sizeof flags));
        }
        if (p->also.quant) {
            char at[32];
            printf("%*s  also possible at %s, ~%s tok/s: below the quality floor (KLD %.2f)\n", idw, "",
                   p->also.quant->id, cli_tps(p->also.decode_tps, at, sizeof at), p->also.quant->kld);
        }
        print_caveats(idw + 2, p);
        shown++;
    }
    if (!shown)
        printf("no catalog model is for '%s'\n", aib_request_str(&a->req, AIB_P_USE));
}

static const char *cls_short(const aib_plan_row *r) { return verdict(r); }

static void print_side(const char *label, const aib_plan_row *r, const char *change)
{
    char t[32], ctx[16];
    char line[160];
    snprintf(line, sizeof line, "  %-6s %-8s %8s tok/s %6s context  %-9s %s", label, r->quant->id,
             cli_tps(r->res.token_model && r->res.fit != AIB_FIT_NONE ? r->res.decode_tps : NAN, t, sizeof t),
             ctx_k(r, ctx, sizeof ctx), cls_short(r), change);
    for (size_t n = strlen(line); n > 0 && line[n - 1] == ' ';) /* no trailing blanks */
        line[--n] = '\0';
    puts(line);
}

static void print_whatif(const aib_answer *a)
{
    printf("What if %s went from %s to %s on %s\n", aib_request_str(&a->req, AIB_P_WHAT), a->whatif_from,
           aib_request_str(&a->req, AIB_P_TO), a->hw_ids);
    printf("(estimates on both sides: the changed setup has no measurements)\n");
    printf("models that run at >= %g tok/s: %d before, %d after\n", a->min_tps, a->runs_before, a->runs_after);
    for (int k = 0; k < 2; k++) {
        int any = 0;
        for (size_t i = 0; i < a->n_whatif; i++) {
            const aib_whatif_row *w = &a->whatif[i];
            if (w->meets_before == w->meets_after || w->meets_after != !k)
                continue;
            printf("%s %s", any ? "," : k ? "no longer runs:" : "now runs:", w->before->model->id);
            any = 1;
        }
        if (any)
            printf("\n");
    }
    size_t moved = 0;
    for (size_t i = 0; i < a->n_whatif; i++) {
        const aib_whatif_row *w = &a->whatif[i];
        if (!w->moved)
            continue;
        char ch[16] = "";
        if (aib_has(w->tps_change))
            snprintf(ch, sizeof ch, "%+.0f%%", 100 * w->tps_change);
        printf("\n%s\n", w->before->model->id);
        print_side("before", w->before, "");
        print_side("after", w->after, ch);
        moved++;
    }
    printf("\n%zu of %zu models moved\n", moved, a->n_whatif);
}

/* ---- which hardware runs a workload ---- */

static void print_reverse(const aib_answer *a)
{
    const aib_workload *w = &a->workload;
    char line[600];
    int n = snprintf(line, sizeof line, "Hardware for %s at >= %g tok/s decode", aib_request_str(&a->req, AIB_P_MODELS),
                     w->min_tps);
    if (aib_has(w->min_prefill))
        n += snprintf(line + n, sizeof line - (size_t)n, ", >= %g tok/s prefill", w->min_prefill);
    if (aib_has(w->budget_usd))
        n += snprintf(line + n, sizeof line - (size_t)n, ", <= $%g", w->budget_usd);
    if (aib_has(w->power_w))
        n += snprintf(line + n, sizeof line - (size_t)n, ", <= %g W", w->power_w);
    if (w->form_factor)
        n += snprintf(line + n, sizeof line - (size_t)n, ", form factor '%s'", w->form_factor);
    snprintf(line + n, sizeof line - (size_t)n, " (best quant up to %s)", w->max_quant->id);
    cli_wrap("", line, 80);
    const aib_config *host = aib_host_desktop(a->cat);
    if (host) {
        char hl[300], m[24];
        snprintf(hl, sizeof hl, "prices are whole systems at the memory shown; * a card with a $%s desktop around it "
                 "(%s)", aib_thousands(host->price_usd, m, sizeof m), host->as_of);
        cli_wrap("", hl, 80);
    }
    double max_misses = aib_request_num(&a->req, AIB_P_MISSES);
    for (int part = 0; part < 2; part++) {
        printf("\n%s\n", part ? "nearest misses:" : "meets it, cheapest first:");
        size_t shown = 0;
        for (size_t i = 0; i < a->n_reverse; i++) {
            const aib_reverse_row *r = &a->reverse[i];
            if (r->meets == part || (part && (double)shown >= max_misses))
                continue;
            char price[40] = "-", t[32], m[24];
            if (aib_has(r->total_price))
                snprintf(price, sizeof price, "$%s%s", aib_thousands(r->total_price, m, sizeof m), r->host_price > 0 ? "*" : "");
            printf("  %-22.22s %4.0fG %-6s %8s  slowest %s tok/s", r->hw->id, r->memory_gb, r->backend, price,
                   cli_tps(r->worst_tps, t, sizeof t));
            if (!part)
                printf(", %.2fx\n", r->headroom);
            else
                printf("\n");
            if (part) {
                char why[600];
                snprintf(why, sizeof why, "misses: %s", r->why);
                cli_wrap("      ", why, 80);
            } else
                for (size_t k = 0; k < w->n_models; k++) {
                    const aib_plan_row *p = &r->rows[k];
                    aib_row_speed h = aib_row_decode(p, 1);
                    printf("      %-26.26s %-8s %8s tok/s  %s\n", p->model->id, p->quant->id,
                           cli_tps(h.tps, t, sizeof t), aib_evidence_name(h.evidence));
                    print_caveats(8, p);
                    if (aib_reverse_tps(p) < h.tps)
                        printf("        judged at %s tok/s, the low end of its band\n",
                               cli_tps(aib_reverse_tps(p), t, sizeof t));
                }
            shown++;
        }
        if (!shown)
            printf("  none%s\n", part ? "" : " (the nearest misses below say what is short)");
    }
}

/* ---- one model file on every hardware ---- */

static void print_where(const aib_answer *a, const aib_gguf_summary *gs)
{
    printf("Where %s runs (%s, %.2f GiB of weights, %.2f bits per weight)\n", a->where_model->name,
           gs->file_type ? gs->file_type : "?", gs->bytes / 1073741824.0, gs->bpw);
    printf("decode at depth ctx/2; ~ marks an estimate; runs well: >= %.0f tok/s\n\n", AIB_INTERACTIVE_TPS);
    printf("%-28s %-7s %6s %7s %8s %5s  %s\n", "hardware", "backend", "GiB", "tok/s", "prefill", "ctx", "verdict");
    for (size_t i = 0; i < a->n_where; i++) {
        const aib_where_row *w = &a->where[i];
        const aib_result *r = &w->row.res;
        char t[32], p[32], ctx[16];
        int speed = r->token_model && r->fit != AIB_FIT_NONE;
        printf("%-28.28s %-7s %6.1f %7s %8s %5s  %s\n", w->hw->id, w->setup.backend, aib_gib(r->mem.total),
               marked(speed ? r->decode_tps : NAN, 0, t, sizeof t), marked(speed ? r->prefill_tps : NAN, 0, p, sizeof p),
               ctx_k(&w->row, ctx, sizeof ctx), verdict(&w->row));
        if (r->fit == AIB_FIT_OFFLOAD) {
            char flags[48];
            printf("%28s  with llama.cpp %s\n", "", aib_offload_flags(r, flags, sizeof flags));
        }
    }
}

/* ---- the command ---- */

/* This machine as a hardware entry (strings in strings), and what was measured and assumed. */
static int this_machine(cli_env *env, aib_request *req, const char *root, aib_hw *mine, char strings[8][192],
                        char *lines, size_t n, int quiet)
{
    aib_probe probe;
    aib_bandwidth bw;
    double given = aib_request_num(req, AIB_P_BW);
    int rc = cli_probe_run("plan", root, isnan(given), 0, 3, 512, &probe, &bw, quiet);
    if (rc)
        return rc;
    aib_probe_match(env->cat, &probe);
    cli_probe_hw(&probe, &bw, "this-machine", mine, strings);
    if (!isnan(given) && (!probe.match || !strcmp(mine->kind, "cpu")))
        mine->bandwidth_gbs = given;
    req->v[AIB_P_BW].set = 0; /* consumed here: this machine's, not a custom hardware's */
    if (!aib_has(mine->bandwidth_gbs) || !aib_has(mine->memory_gb))
        return cli_fail("plan", "this machine's memory or bandwidth is unknown (see 'aibench probe')");
    req->own_hw = mine;
    char measured[400], assumed[400];
    if (probe.match)
        snprintf(measured, sizeof measured, "matched the catalog's %s (%s); RAM %.1f GiB read from /proc/meminfo",
                 probe.match->id, probe.match_why, probe.ram_gib);
    else if (bw.runs)
        snprintf(measured, sizeof measured, "memory bandwidth %.1f GB/s (read, best of %d runs on %d threads); RAM %.1f "
                 "GiB from /proc/meminfo", bw.read_best, bw.runs, bw.threads, probe.ram_gib);
    else
        snprintf(measured, sizeof measured, "RAM %.1f GiB from /proc/meminfo", probe.ram_gib);
    char first[16];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(mine->backends, ","), mine->backends);
    const char *be = aib_request_str(req, AIB_P_BACKEND) ? aib_request_str(req, AIB_P_BACKEND) : first;
    const aib_calib *c = aib_calibration_for(&env->cal, be, mine->gpu_vendor);
    snprintf(assumed, sizeof assumed, "%s%s backend; the OS keeps min(4 GiB, 25%%) of memory; speed constants of "
             "class %s (%s)", !isnan(given) ? "bandwidth as given; " : "", be, c->key, c->from);
    snprintf(lines, n, "%s\n%s", measured, assumed);
    return 0;
}

static int json_out(const aib_answer *a, const char *machine, const aib_gguf_summary *gs, const char *gguf)
{
    json_t *j = aib_json_answer(a, a->req.kind == AIB_REQ_PLAN);
    if (j && machine) {
        const char *nl = strchr(machine, '\n');
        char measured[400];
        snprintf(measured, sizeof measured, "%.*s", (int)(nl - machine), machine);
        json_object_set_new(j, "this_machine", json_pack("{s:s, s:s, s:s, s:f}", "name", a->hw_name, "measured",
                                                         measured, "assumed", nl + 1, "bandwidth_gbs",
                                                         a->setup.bandwidth_gbs));
    }
    if (j && gs) {
        json_object_set_new(j, "gguf", json_string(gguf));
        json_object_set_new(j, "summary", cli_gguf_summary_json(gs));
    }
    return cli_json(j);
}

static void print_text(const aib_answer *a, const char *machine, const aib_gguf_summary *gs)
{
    if (a->req.kind == AIB_REQ_REVERSE)
        print_reverse(a);
    else if (a->req.kind == AIB_REQ_WHERE)
        print_where(a, gs);
    else if (a->req.kind == AIB_REQ_FIT)
        cli_print_fit(a);
    else if (a->has_whatif)
        print_whatif(a);
    else {
        char lines[900] = "";
        if (machine) {
            const char *nl = strchr(machine, '\n');
            char m1[450], m2[450];
            snprintf(m1, sizeof m1, "measured: %.*s", (int)(nl - machine), machine);
            snprintf(m2, sizeof m2, "assumed:  %s", nl + 1);
            /* wrapped into lines for print_plan */
            FILE *f = fmemopen(lines, sizeof lines, "w");
            if (f) {
                cli_wrap_to(f, "", m1, 80);
                cli_wrap_to(f, "", m2, 80);
                fclose(f);
            }
        }
        print_plan(a, machine ? lines : NULL);
    }
}

/* Which question the options ask: --for, --gguf (with --hw: one fit), else a plan. */
static int pick_kind(aib_request *req, const char *const *seen)
{
    if (aib_request_str(req, AIB_P_MODEL))
        return cli_usage("plan", "plan covers every model; use 'aibench fit' for one");
    int reverse = aib_request_str(req, AIB_P_MODELS) != NULL;
    if (reverse && (aib_request_str(req, AIB_P_HW) || seen[O_GGUF] || seen[O_THIS]))
        return cli_usage("plan", "--for searches every hardware: drop --hw, --gguf and --this-machine");
    if (seen[O_THIS] && (aib_request_str(req, AIB_P_HW) || seen[O_GGUF]))
        return cli_usage("plan", "--this-machine plans this machine: drop --hw and --gguf");
    if (seen[O_ROOT] && !seen[O_THIS])
        return cli_usage("plan", "--root goes with --this-machine");
    if (seen[O_GGUF] && aib_request_str(req, AIB_P_QUANT))
        return cli_usage("plan", "--gguf fixes the quant: drop --quant");
    if (seen[O_SHARE] && (seen[O_GGUF] || seen[O_THIS]))
        return cli_usage("plan", "--share asks the planner, which knows no files or probed machines");
    req->kind = reverse ? AIB_REQ_REVERSE
              : seen[O_GGUF] ? (aib_request_str(req, AIB_P_HW) ? AIB_REQ_FIT : AIB_REQ_WHERE)
                             : AIB_REQ_PLAN;
    if (req->kind == AIB_REQ_PLAN && !seen[O_THIS] && !aib_request_str(req, AIB_P_HW) &&
        isnan(aib_request_num(req, AIB_P_MEM)))
        return cli_usage("plan", "--hw, --this-machine, --gguf, --for or a custom hardware (--memory and "
                         "--bandwidth) is required");
    return -1;
}

int cmd_plan(cli_env *env, int argc, char **argv)
{
    aib_request req;
    aib_request_init(&req, AIB_REQ_PLAN);
    const char *seen[O_N], *pos[1];
    size_t npos;
    int rc = cli_parse(&spec, argc, argv, &req, seen, pos, &npos, 0);
    if (rc >= 0 || (rc = pick_kind(&req, seen)) >= 0)
        return rc;
    req.no_measured = seen[O_NO_MEASURED] != NULL;
    if (cli_open(env))
        return 1;
    aib_hw mine;
    char strings[8][192], machine[900];
    if (seen[O_THIS] && (rc = this_machine(env, &req, seen[O_ROOT] ? seen[O_ROOT] : "/", &mine, strings, machine,
                                           sizeof machine, seen[O_JSON] != NULL)))
        return rc;
    aib_gguf *g = NULL;
    aib_model gm;
    aib_gguf_summary gs;
    if (seen[O_GGUF]) {
        if ((rc = cli_gguf_open("plan", seen[O_GGUF], &g, &gm, &gs)))
            return rc;
        cli_gguf_request(&req, &gm, &gs);
    }
    aib_answer a;
    rc = cli_run(env, "plan", &req, &a);
    if (!rc && seen[O_SHARE]) {
        sbuf b;
        sb_init(&b);
        aib_share_url(&a.req, &b);
        printf("%s\n", b.p ? b.p : "");
        sb_release(&b);
    } else if (!rc && seen[O_JSON])
        rc = json_out(&a, seen[O_THIS] ? machine : NULL, seen[O_GGUF] ? &gs : NULL, seen[O_GGUF]);
    else if (!rc)
        print_text(&a, seen[O_THIS] ? machine : NULL, &gs);
    aib_answer_release(&a);
    aib_gguf_free(g);
    return rc;
}
