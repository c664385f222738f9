/* cmd_brief.c: aibench brief (a hardware's page as text: the decision in five lines, what
 * fits, picks, the call, watchouts, local vs cloud), aibench compare and aibench params. Each
 * prints the library's object; --json prints what the site's API answers. */
#include "cli.h"
#include "front/advice.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char brief_usage[] =
    "usage: aibench brief HW [--json]\n"
    "\n"
    "What the hardware page says, on a terminal: the decision in five lines, the key\n"
    "figures, what fits at this tier, picks per use, the call, watchouts, local vs\n"
    "cloud. Figures are measured (with their source) or estimated (with their band);\n"
    "--json prints the object /api/hardware/HW.json carries under \"brief\".";

static const cli_opt json_opt[] = {{"json", NULL, "machine-readable output"}, {NULL, NULL, NULL}};

/* "~73 tok/s (est. 62-81)", "42.0 tok/s (measured 2025-07-14)" or "~40 tok/s (measured 42.0 at
 * depth 64, carried to 4096)" */
static const char *speed(const aib_plan_row *r, char *buf, size_t n)
{
    aib_row_speed h = aib_row_decode(r, 1);
    char t[32], lo[32], hi[32], mt[32], tt[64];
    if (!r->res.token_model || r->res.fit == AIB_FIT_NONE)
        snprintf(buf, n, "%s", r->res.fit == AIB_FIT_NONE ? "does not fit" : "fits");
    else if (h.evidence == AIB_EV_MEASURED)
        snprintf(buf, n, "%s tok/s (measured %s, %s)", cli_tps(h.tps, t, sizeof t), aib_test_text(h.m, tt, sizeof tt),
                 h.m->date);
    else if (h.evidence == AIB_EV_ANCHORED)
        snprintf(buf, n, "~%s tok/s at depth %.0f (from %s measured, %s)", cli_tps(h.tps, t, sizeof t), r->res.depth,
                 cli_tps(h.m->tps, mt, sizeof mt), aib_test_text(h.m, tt, sizeof tt));
    else if (aib_has(h.lo))
        snprintf(buf, n, "~%s tok/s (est. %s-%s)", cli_tps(h.tps, t, sizeof t), cli_tps(h.lo, lo, sizeof lo),
                 cli_tps(h.hi, hi, sizeof hi));
    else
        snprintf(buf, n, "~%s tok/s (est., no band)", cli_tps(h.tps, t, sizeof t));
    return buf;
}

/* The short form, for lists: "~57.6 tok/s", "86.1 tok/s measured" */
static const char *speed_short(const aib_plan_row *r, char *buf, size_t n)
{
    aib_row_speed h = aib_row_decode(r, 1);
    char t[32];
    if (!r->res.token_model || r->res.fit == AIB_FIT_NONE)
        return speed(r, buf, n);
    snprintf(buf, n, "%s%s tok/s%s", h.evidence == AIB_EV_MEASURED ? "" : "~", cli_tps(h.tps, t, sizeof t),
             h.evidence == AIB_EV_MEASURED ? " measured" : h.evidence == AIB_EV_ANCHORED ? " from a measurement" : "");
    return buf;
}

/* Each caveat of a row, wrapped under a margin */
static void print_caveats(const char *prefix, const aib_plan_row *r)
{
    const char *code;
    char msg[600], text[640];
    for (int i = 0; aib_row_caveat(r, i, &code, msg, sizeof msg); i++) {
        snprintf(text, sizeof text, "caveat: %s", msg);
        cli_wrap(prefix, text, 80);
    }
}

static void heading(const char *title) { printf("\n%s\n", title); }

/* "  Label       text..." with the text wrapped under a 16-column margin */
static void line(const char *label, const char *text)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "  %-16s ", label);
    cli_wrap(prefix, text, 80);
}

static void print_summary(const aib_brief *b)
{
    const aib_hw *h = b->hw;
    char fig[300], t[200];
    int n = snprintf(fig, sizeof fig, "%s · %.0f GB %s · %s%.0f GB/s %s", b->klass ? b->klass->text : h->kind,
                     h->memory_gb, strcmp(h->kind, "gpu") ? "unified" : "VRAM",
                     aib_has(h->bandwidth_measured_gbs) ? "~" : "",
                     aib_has(h->bandwidth_measured_gbs) ? h->bandwidth_measured_gbs : h->bandwidth_gbs,
                     aib_has(h->bandwidth_measured_gbs) ? "measured" : "theoretical");
    if (aib_has(h->power_max_w))
        n += snprintf(fig + n, sizeof fig - (size_t)n, aib_has(h->power_min_w) ? " · %.0f-%.0f W" : " · %.0f W",
                      aib_has(h->power_min_w) ? h->power_min_w : h->power_max_w, h->power_max_w);
    char money[32];
    if (aib_has(h->price_usd))
        snprintf(fig + n, sizeof fig - (size_t)n, " · ~$%s", aib_thousands(h->price_usd, money, sizeof money));
    printf("%s\n", h->name);
    cli_wrap("", fig, 80);
    if (b->tagline)
        cli_wrap("\n", b->tagline->text, 80);
    char sum[1200] = "";
    n = snprintf(sum, sizeof sum, "%s%s", b->lead ? b->lead->text : "", b->lead ? " " : "");
    if (b->headline)
        n += snprintf(sum + n, sizeof sum - (size_t)n, "It runs %s (%s) at %s.", b->headline->model->name,
                      b->headline->quant->id, speed(b->headline, t, sizeof t));
    if (b->peer)
        snprintf(sum + n, sizeof sum - (size_t)n, " %.1fx the %s bandwidth of the %s, %.1fx the memory.",
                 b->bandwidth_ratio, b->peer_measured ? "measured" : "theoretical", b->peer->name, b->memory_ratio);
    if (*sum)
        cli_wrap("\n", sum, 80);
}

static void print_decision(const aib_brief *b)
{
    char text[1200], t[200];
    heading("The decision in five lines");
    if (b->verdict)
        snprintf(text, sizeof text, "%s%s%s", b->verdict->text, b->tagline ? " - " : "", b->tagline ? b->tagline->text : "");
    else
        snprintf(text, sizeof text, "no editorial verdict yet: the figures are the engine's");
    line("The call", text);
    line("Best for", b->klass ? b->klass->text : b->hw->kind);
    size_t n = 0;
    text[0] = '\0';
    for (size_t i = 0; i < b->n_runs_well; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s%s %s at %s", i ? " · " : "", b->runs_well[i]->model->name,
                              b->runs_well[i]->quant->id, speed_short(b->runs_well[i], t, sizeof t));
    line("Runs well", b->n_runs_well ? text : "no catalog model runs at interactive speed here");
    line("Watch out", b->n_watchouts ? b->watchouts[0].text : "nothing flagged");
    if (b->measured_rows)
        snprintf(text, sizeof text, "measured (%zu published runs, latest %s) · last verified %s", b->measured_rows,
                 b->last_measured, b->hw->as_of);
    else
        snprintf(text, sizeof text, "estimated · last verified %s", b->hw->as_of);
    line("Evidence", text);
}

static void print_tier(const aib_brief *b)
{
    static const char *const roles[][2] = {{"reference", "the yardstick"}, {"headline", "the story pick"},
                                           {"best", "the best general model that runs well here"},
                                           {"trap", "it fits, but that is a demo, not a daily driver"}};
    heading("What fits at this tier");
    for (size_t i = 0; i < b->n_tier; i++) {
        char text[600], t[200];
        const char *why = "";
        for (size_t k = 0; k < 4; k++)
            if (!strcmp(roles[k][0], b->tier[i].role))
                why = roles[k][1];
        snprintf(text, sizeof text, "%s %s at %s: %s", b->tier[i].row->model->name, b->tier[i].row->quant->id,
                 speed(b->tier[i].row, t, sizeof t), why);
        cli_wrap("  - ", text, 80);
    }
    printf("  (every model: aibench plan --hw %s)\n", b->hw->id);
}

static void print_picks(const aib_brief *b)
{
    heading("Picks by use");
    for (size_t u = 0; u < AIB_USE_CASES; u++) {
        const aib_pick *k = &b->picks[u];
        char text[900], t[200];
        if (k->row)
            snprintf(text, sizeof text, "%s %s, %s. %s%s%s%s", k->row->model->name, k->row->quant->id,
                     speed(k->row, t, sizeof t), k->reason, *k->short_of ? " But here it " : "", k->short_of,
                     *k->short_of ? "." : "");
        else
            snprintf(text, sizeof text, "%s", k->reason);
        line(k->label, text);
        if (k->row)
            print_caveats("                   ", k->row);
    }
}

static void print_call(const aib_catalog *cat, const aib_brief *b)
{
    heading("The call");
    if (b->buy_if)
        line("Buy it if", b->buy_if->text);
    if (b->skip_if)
        line("Skip it if", b->skip_if->text);
    for (size_t i = 0; i < b->n_alternatives; i++) {
        const aib_hw *a = aib_catalog_find_hw(cat, b->alternatives[i]->ref);
        char text[900];
        snprintf(text, sizeof text, "%s: %s", a ? a->name : b->alternatives[i]->ref, b->alternatives[i]->text);
        line(i ? "" : "Or instead", text);
    }
    if (!b->buy_if && !b->skip_if && !b->n_alternatives)
        line("", "no editorial call yet");
    heading("Watchouts");
    for (size_t i = 0; i < b->n_watchouts; i++)
        cli_wrap("  - ", b->watchouts[i].text, 80);
    if (!b->n_watchouts)
        printf("  nothing flagged\n");
    if (b->local_wins || b->cloud_wins || b->local_cloud || *b->cloud.text) {
        heading("Local vs cloud");
        if (*b->cloud.text)
            line("Computed", b->cloud.text);
        if (b->local_wins)
            line("Local wins", b->local_wins->text);
        if (b->cloud_wins)
            line("Cloud wins", b->cloud_wins->text);
        if (b->local_cloud)
            cli_wrap("  ", b->local_cloud->text, 80);
    }
    printf("\nNext step: aibench plan --hw %s, or /planner/?hw=%s on the site\n", b->hw->id, b->hw->id);
}

/* Plans one catalog hardware for brief and compare; prints the error and returns non-zero. */
static int plan_of(cli_env *env, const char *cmd, const char *id, aib_hw_plan *p)
{
    const aib_hw *h = aib_catalog_find_hw(env->cat, id);
    if (!h)
        return cli_unknown(env, cmd, "hw", id);
    aib_error err = {0};
    if (aib_hw_plan_build(env->cat, &env->cal, h, p, &err))
        return cli_fail(cmd, "%s", err.msg);
    return 0;
}

int cmd_brief(cli_env *env, int argc, char **argv)
{
    const cli_spec spec = {"brief", brief_usage, AIB_REQ_BRIEF, 0, json_opt};
    const char *seen[1], *pos[2];
    size_t npos;
    aib_request req;
    aib_request_init(&req, AIB_REQ_BRIEF);
    int rc = cli_parse(&spec, argc, argv, &req, seen, pos, &npos, 1);
    if (rc >= 0)
        return rc;
    if (npos != 1)
        return cli_usage("brief", "which hardware? (aibench hw lists them)");
    if (cli_open(env))
        return 1;
    aib_hw_plan p;
    if ((rc = plan_of(env, "brief", pos[0], &p)))
        return rc;
    aib_brief b;
    aib_costs costs = aib_costs_of(&req);
    aib_brief_build(env->cat, &p, &costs, &b);
    if (seen[0]) {
        sbuf s;
        jw w;
        sb_init(&s);
        jw_init(&w, &s);
        aib_jw_brief(&w, env->cat, &b);
        rc = cli_json(aib_json_from(&s));
    } else {
        print_summary(&b);
        print_decision(&b);
        print_tier(&b);
        print_picks(&b);
        print_call(env->cat, &b);
    }
    aib_hw_plan_release(&p);
    return rc;
}

static const char compare_usage[] =
    "usage: aibench compare HW HW [HW] [--json]\n"
    "\n"
    "Two or three hardware side by side: their figures, then every text model that\n"
    "runs on one of them, with the best quant that fits and the decode speed on each\n"
    "(what the compare page shows; --json prints /api/compare/A-vs-B.json).";

static void print_compare(const aib_compare *c)
{
    printf("%-22s", "");
    for (size_t i = 0; i < c->n; i++)
        printf(" %-18.18s", c->plans[i]->hw->id);
    printf("\n%-22s", "memory GiB");
    for (size_t i = 0; i < c->n; i++)
        printf(" %-18g", c->plans[i]->hw->memory_gb);
    printf("\n%-22s", "bandwidth GB/s");
    for (size_t i = 0; i < c->n; i++)
        printf(" %-18g", c->plans[i]->hw->bandwidth_gbs);
    printf("\n%-22s", "price");
    for (size_t i = 0; i < c->n; i++) {
        char p[32] = "-";
        char money[24];
        if (aib_has(c->plans[i]->hw->price_usd))
            snprintf(p, sizeof p, "$%s", aib_thousands(c->plans[i]->hw->price_usd, money, sizeof money));
        printf(" %-18s", p);
    }
    printf("\n\n%-22s", "model (~ estimate)");
    for (size_t i = 0; i < c->n; i++)
        printf(" %-18s", "quant  tok/s");
    printf("\n");
    for (size_t k = 0; k < c->n_rows; k++) {
        printf("%-22.22s", c->rows[k].model->id);
        for (size_t i = 0; i < c->n; i++) {
            const aib_plan_row *r = c->rows[k].cells[i];
            char cell[40] = "-", t[24];
            if (r && r->res.fit == AIB_FIT_GPU) {
                aib_row_speed h = aib_row_decode(r, 1);
                snprintf(cell, sizeof cell, "%-7s %s%s", r->quant->id, h.evidence == AIB_EV_MEASURED ? "" : "~",
                         cli_tps(h.tps, t, sizeof t));
            } else if (r)
                snprintf(cell, sizeof cell, "%s", r->cls == AIB_PLAN_OFFLOAD ? "offload" : "no fit");
            printf(" %-18s", cell);
        }
        printf("\n");
    }
}

int cmd_compare(cli_env *env, int argc, char **argv)
{
    const cli_spec spec = {"compare", compare_usage, 0, 0, json_opt};
    const char *seen[1], *pos[AIB_COMPARE_MAX + 1];
    size_t npos;
    int rc = cli_parse(&spec, argc, argv, NULL, seen, pos, &npos, AIB_COMPARE_MAX);
    if (rc >= 0)
        return rc;
    if (npos < 2)
        return cli_usage("compare", "compare takes two or three hardware ids");
    if (cli_open(env))
        return 1;
    rc = 0;
    aib_hw_plan plans[AIB_COMPARE_MAX];
    const aib_hw_plan *ps[AIB_COMPARE_MAX];
    memset(plans, 0, sizeof plans);
    size_t n = 0;
    for (; n < npos && !rc; n++) {
        rc = plan_of(env, "compare", pos[n], &plans[n]);
        ps[n] = &plans[n];
    }
    aib_compare c;
    aib_error err = {0};
    if (!rc && aib_compare_build(env->cat, ps, npos, &c, &err))
        rc = cli_usage("compare", "%s", err.msg);
    else if (!rc) {
        if (seen[0]) {
            sbuf s;
            jw w;
            sb_init(&s);
            jw_init(&w, &s);
            aib_jw_compare(&w, &c);
            rc = cli_json(aib_json_from(&s));
        } else
            print_compare(&c);
        aib_compare_release(&c);
    }
    for (size_t i = 0; i < npos; i++)
        aib_hw_plan_release(&plans[i]);
    return rc;
}

static const char params_usage[] =
    "usage: aibench params [--json | --markdown]\n"
    "\n"
    "Every input of the planner, fit and the reverse planner: the site's query key,\n"
    "the CLI's option, its unit, range and default, and what it does. The CLI's\n"
    "options, the site's forms and docs/params.md come from this one table.";

static void params_markdown(void)
{
    const aib_param *t = aib_params();
    static const char *const kinds[] = {"plan", "fit", "where", "reverse", "brief"};
    printf("| web key | CLI option | unit | range | default | for | what |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        const aib_param *p = &t[i];
        char range[200] = "", takes[64] = "";
        if (p->type == AIB_PT_NUM || p->type == AIB_PT_INT)
            snprintf(range, sizeof range, "%.10g to %.10g%s", p->lo, p->hi, p->type == AIB_PT_INT ? ", whole" : "");
        else if (p->choices)
            aib_choice_list(p->choices, range, sizeof range);
        else if (p->type == AIB_PT_FLAG)
            snprintf(range, sizeof range, "flag");
        else
            snprintf(range, sizeof range, "up to %.0f characters", p->hi);
        for (unsigned k = 0; k < 5; k++)
            if (p->kinds & (1u << k))
                snprintf(takes + strlen(takes), sizeof takes - strlen(takes), "%s%s", *takes ? ", " : "", kinds[k]);
        printf("| %s%s%s | `--%s`%s%s%s | %s | %s | %s | %s | %s |\n", p->key ? "`" : "", p->key ? p->key : "-",
               p->key ? "`" : "", p->option, p->alias ? " (`--" : "", p->alias ? p->alias : "", p->alias ? "`)" : "",
               p->unit ? p->unit : "", range, p->def_text ? p->def_text : "", takes, p->help);
    }
}

int cmd_params(cli_env *env, int argc, char **argv)
{
    (void)env;
    static const cli_opt opts[] = {{"json", NULL, "machine-readable output (what /api/params.json answers)"},
                                   {"markdown", NULL, "the table of docs/params.md"},
                                   {NULL, NULL, NULL}};
    const cli_spec spec = {"params", params_usage, 0, 0, opts};
    const char *seen[2], *pos[1];
    size_t npos;
    int rc = cli_parse(&spec, argc, argv, NULL, seen, pos, &npos, 0);
    if (rc >= 0)
        return rc;
    if (seen[0]) {
        sbuf s;
        jw w;
        sb_init(&s);
        jw_init(&w, &s);
        aib_jw_params(&w);
        return cli_json(aib_json_from(&s));
    }
    if (seen[1]) {
        params_markdown();
        return 0;
    }
    const aib_param *t = aib_params();
    printf("%-12s %-20s %-7s %s\n", "web key", "CLI option", "unit", "what (default)");
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        char text[400], head[80];
        snprintf(head, sizeof head, "%-12s --%-18s %-7s ", t[i].key ? t[i].key : "-", t[i].option,
                 t[i].unit ? t[i].unit : "");
        snprintf(text, sizeof text, "%s%s%s%s", t[i].help, t[i].def_text ? " (default " : "",
                 t[i].def_text ? t[i].def_text : "", t[i].def_text ? ")" : "");
        cli_wrap(head, text, 80);
    }
    return 0;
}
