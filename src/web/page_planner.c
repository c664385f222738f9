/* page_planner.c: the planner (its form, what runs, what does not, the what-if) and the
 * reverse planner. The form's choices come from the library's table of inputs. */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void whatif_side(sbuf *b, json_t *x)
{
    sb_put(b, "<td>");
    sb_esc(b, jstr(x, "quant"));
    sb_put(b, "</td><td>");
    pg_num(b, jnum(x, "tps"));
    sb_put(b, "</td><td>");
    pg_num(b, jnum(x, "max_ctx") > 0 ? jnum(x, "max_ctx") : NAN); /* 0: no context fits on the GPU */
    sb_put(b, "</td><td>");
    pg_class_badge(b, jstr(x, "class"));
    sb_put(b, "</td>");
}

/* The what-if: the same plan with one input changed, what moved first. */
static void whatif_section(sbuf *b, json_t *w)
{
    if (!json_is_object(w))
        return;
    sb_put(b, "<section id=\"what-if\"><h2>What if ");
    const char *what = jstr(w, "what");
    sb_esc(b, !strcmp(what, "bw") ? "the bandwidth (GB/s)" : !strcmp(what, "mem") ? "the memory (GB)"
              : !strcmp(what, "quant") ? "the best quant" : "the KV cache type");
    sb_put(b, " went from ");
    sb_esc(b, jstr(w, "from"));
    sb_put(b, " to ");
    sb_esc(b, jstr(w, "to"));
    sb_printf(b, "</h2><p>Models that meet the form: %d before, <strong>%d after</strong>.",
              (int)jnum(w, "runs_before"), (int)jnum(w, "runs_after"));
    static const char *const lists[][2] = {{"started", " Now runs: "}, {"stopped", " No longer runs: "}};
    for (size_t k = 0; k < 2; k++) {
        json_t *l = json_object_get(w, lists[k][0]), *x;
        size_t i;
        if (json_array_size(l))
            sb_put(b, lists[k][1]);
        json_array_foreach(l, i, x)
        {
            sb_put(b, i ? ", " : "");
            pg_link_model(b, json_string_value(x), json_string_value(x));
        }
    }
    sb_put(b, " Both sides are estimates: the changed setup has no measurements.</p>"
              "<table class=\"data\" id=\"what-if-rows\"><thead><tr><th>Model</th><th>Quant</th><th>tok/s</th>"
              "<th>Max context</th><th>Class</th><th>Quant after</th><th>tok/s after</th><th>Max context after</th>"
              "<th>Class after</th><th>Change</th></tr></thead><tbody>\n");
    size_t i, moved = 0;
    json_t *r;
    json_array_foreach(json_object_get(w, "rows"), i, r)
    {
        if (!json_is_true(json_object_get(r, "moved")))
            continue;
        moved++;
        sb_put(b, "<tr data-model=\"");
        sb_esc(b, jstr(r, "model"));
        sb_put(b, "\"><td>");
        pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, "</td>");
        whatif_side(b, json_object_get(r, "before"));
        whatif_side(b, json_object_get(r, "after"));
        double c = jnum(r, "tps_change");
        if (isnan(c))
            sb_put(b, "<td>-</td></tr>\n");
        else
            sb_printf(b, "<td>%+.0f%%</td></tr>\n", c * 100);
    }
    sb_printf(b, "</tbody></table><p class=\"small\">%zu of %zu models moved.</p></section>", moved,
              json_array_size(json_object_get(w, "rows")));
}

/* A <select> of an input's choices from the library's table; labels (may be NULL) name them. */
static void choice_select(sbuf *b, aib_param_id id, const char *label, json_t *form, const char *const *labels,
                          const char *empty)
{
    const aib_param *p = &aib_params()[id];
    const char *cur = *jstr(form, p->key) ? jstr(form, p->key) : p->def_str;
    sb_printf(b, "<label>%s <select name=\"%s\">", label, p->key);
    if (empty)
        pg_opt(b, "", empty, cur ? cur : "");
    for (size_t i = 0; p->choices[i]; i++)
        pg_opt(b, p->choices[i], labels && labels[i] ? labels[i] : p->choices[i], cur);
    sb_put(b, "</select></label>");
}

static void form_hardware(sbuf *b, const aib_site_data *d, json_t *form)
{
    const char *hw = jstr(form, "hw");
    sb_put(b, "<fieldset><legend>Hardware</legend><label>Catalog <select name=\"hw\" id=\"hw\">");
    pg_opt(b, "custom", "Custom (enter below)", *hw ? hw : "custom");
    if (strchr(hw, ','))
        pg_opt(b, hw, hw, hw); /* several cards, from a shared URL */
    /* each option says its backends, so that the page can offer only those (site.js) */
    const aib_hw *chosen = NULL;
    for (size_t i = 0; i < d->atlas.n; i++) {
        const aib_hw *h = d->atlas.plans[i].hw;
        sb_put(b, "<option value=\"");
        sb_esc(b, h->id);
        sb_put(b, "\" data-backends=\"");
        sb_esc(b, h->backends ? h->backends : "");
        sb_put(b, !strcmp(hw, h->id) ? "\" selected>" : "\">");
        sb_esc(b, h->name);
        sb_put(b, "</option>");
        if (!strcmp(hw, h->id))
            chosen = h;
    }
    sb_put(b, "</select></label>");
    pg_input_num(b, "gpus", "GPUs (same card)", form, "1");
    json_t *mg = json_object_get(form, "multi_gpu");
    if (json_is_object(mg)) {
        sb_put(b, "<p class=\"small\" id=\"multi-gpu\">");
        sb_printf(b, "%d cards, layers split by memory: ", (int)jnum(mg, "cards"));
        pg_num(b, jnum(mg, "usable_gib"));
        sb_put(b, " GB usable, ");
        pg_num(b, jnum(mg, "effective_bandwidth_gbs"));
        sb_put(b, " GB/s effective (the slowest card and the split set the speed)</p>");
    }
    sb_put(b, "<div class=\"custom\">");
    pg_input_num(b, "mem", "Memory GB", form, "e.g. 24");
    pg_input_num(b, "usable", "Usable GB", form, "default: all");
    pg_input_num(b, "bw", "Bandwidth GB/s", form, "e.g. 1008");
    pg_input_num(b, "tflops", "FP32 TFLOPS (vector)", form, "optional");
    sb_put(b, "</div>");
    /* the backends of the hardware chosen (all for a custom one): a backend the hardware does not
     * have is not offered, so the form cannot ask for it */
    const aib_param *bp = &aib_params()[AIB_P_BACKEND];
    const char *cur = jstr(form, bp->key);
    sb_put(b, "<label>Backend <select name=\"backend\" id=\"backend\">");
    pg_opt(b, "", "hardware's first", cur);
    for (size_t i = 0; bp->choices[i]; i++)
        if (!chosen || aib_list_has(chosen->backends, bp->choices[i]))
            pg_opt(b, bp->choices[i], bp->choices[i], cur);
    sb_put(b, "</select></label>");
    sb_put(b, "</fieldset>");
}

static void form_workload(sbuf *b, json_t *form)
{
    static const char *const uses[] = {"anything", "chat / general", "coding", "docs & retrieval", "agents", "image",
                                       "voice"};
    sb_put(b, "<fieldset><legend>Workload</legend>");
    choice_select(b, AIB_P_USE, "Use", form, uses, NULL);
    pg_input_num(b, "ctx", "Context tokens", form, "default 8192");
    pg_input_num(b, "min_tps", "Min decode tok/s", form, "10");
    pg_input_num(b, "prompt", "Prompt tokens (TTFT)", form, "default 4096");
    size_t nq;
    const char *const *ladder = aib_plan_ladder(&nq);
    const char *q = *jstr(form, "quant") ? jstr(form, "quant") : aib_params()[AIB_P_QUANT].def_str;
    sb_put(b, "<label>Best quant <select name=\"quant\">");
    for (size_t i = 0; i < nq; i++)
        pg_opt(b, ladder[i], ladder[i], q);
    sb_put(b, "</select></label>");
    choice_select(b, AIB_P_KV, "KV cache", form, NULL, NULL);
    sb_put(b, "</fieldset>");
}

static void form_offload_whatif(sbuf *b, json_t *form)
{
    static const char *const offs[] = {"list it as a miss", "counts: the faster split",
                                       "counts: whole layers in RAM (-ngl)", "counts: MoE experts in RAM (--n-cpu-moe)"};
    static const char *const whats[] = {"bandwidth (GB/s)", "memory (GB)", "best quant", "KV cache type"};
    sb_put(b, "<fieldset><legend>When it does not fit on the GPU</legend>");
    choice_select(b, AIB_P_OFFLOAD, "CPU offload", form, offs, NULL);
    pg_input_num(b, "ram", "System RAM GB", form, "default 32");
    pg_input_num(b, "ram_bw", "RAM GB/s", form, "default 89.6");
    sb_put(b, "</fieldset><fieldset><legend>What if</legend>");
    choice_select(b, AIB_P_WHAT, "Change", form, whats, "nothing");
    sb_put(b, "<label>to <input type=\"text\" name=\"to\" maxlength=\"40\" value=\"");
    sb_esc(b, jstr(form, "to"));
    sb_put(b, "\" placeholder=\"e.g. 500, 48, Q8_0, q8_0\"></label></fieldset>");
}

/* One row of what runs (or does not): the API's row and its detail. */
static void plan_row(sbuf *b, json_t *r, size_t i)
{
    json_t *det = json_object_get(r, "detail"), *pre = json_object_get(det, "prefill");
    sb_put(b, "<tr");
    pg_row_data(b, r);
    sb_printf(b, "><td>%zu</td><td>", i + 1);
    pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
    if (*jstr(r, "hw") && strcmp(jstr(r, "hw"), "custom")) {
        sb_put(b, " <a class=\"small\" href=\"/fit/?hw=");
        sb_url(b, jstr(r, "hw"));
        sb_put(b, "&amp;model=");
        sb_url(b, jstr(r, "model"));
        sb_put(b, "&amp;quant=");
        sb_url(b, jstr(r, "quant"));
        sb_put(b, "&amp;backend=");
        sb_url(b, jstr(det, "backend"));
        double c = jnum(json_object_get(det, "inputs"), "ctx");
        if (!isnan(c))
            sb_printf(b, "&amp;ctx=%.0f", c);
        sb_put(b, "&amp;kv=");
        sb_url(b, jstr(json_object_get(det, "inputs"), "kv_type"));
        sb_put(b, "\">sweep</a>");
    }
    sb_put(b, "</td><td>");
    sb_esc(b, jstr(r, "quant"));
    sb_put(b, "</td><td class=\"decode\">");
    pg_speed(b, r);
    sb_put(b, "</td><td>");
    pg_num(b, json_is_object(pre) ? jnum(pre, "tps") : NAN);
    sb_put(b, "</td><td>");
    pg_num(b, jnum(det, "ttft_s"));
    sb_put(b, "</td><td>");
    pg_num(b, jnum(det, "max_ctx"));
    sb_put(b, "</td><td>");
    pg_num(b, jnum(r, "memory_gib"));
    sb_put(b, "</td><td>");
    pg_class_badge(b, jstr(r, "class"));
    json_t *off = json_object_get(det, "offload");
    if (json_is_object(off)) {
        sb_put(b, " <span class=\"small offload-split\">");
        sb_esc(b, !strcmp(jstr(off, "split"), "experts") ? "experts in RAM: " : "layers in RAM: ");
        sb_esc(b, jstr(off, "llama_cpp"));
        sb_put(b, "</span>");
    }
    sb_put(b, "</td></tr>\n");
}

static void plan_result(sbuf *b, json_t *plan)
{
    pg_share_link(b, "plan", jstr(plan, "share_url"));
    sb_put(b, "<h2>What runs</h2>");
    for (int part = 0; part < 2; part++) {
        json_t *rows = json_object_get(plan, part ? "misses" : "runs"), *r;
        if (part)
            sb_put(b, "<details><summary>What does not make it, and why</summary>");
        sb_printf(b, "<table class=\"data sortable\" id=\"%s\"><thead><tr><th data-type=\"num\">#</th><th>Model</th>"
                     "<th>Quant</th><th data-type=\"num\">Decode tok/s</th><th data-type=\"num\">Prefill tok/s</th>"
                     "<th data-type=\"num\">TTFT s</th><th data-type=\"num\">Max context</th>"
                     "<th data-type=\"num\">Memory GB</th><th>Verdict</th></tr></thead><tbody>\n",
                  part ? "plan-misses" : "plan-runs");
        size_t i;
        json_array_foreach(rows, i, r)
            plan_row(b, r, i);
        sb_put(b, "</tbody></table>");
        if (!json_array_size(rows))
            sb_put(b, "<p>None.</p>");
        if (part)
            sb_put(b, "</details>");
    }
    whatif_section(b, json_object_get(plan, "what_if"));
}

void aib_page_planner(sbuf *b, const aib_site_data *d, json_t *form, json_t *plan, const char *error)
{
    aib_page_head(b, "Planner");
    sb_put(b, "<h1>Planner</h1><p>Pick a catalog hardware or describe your own, a use, a context length and the "
              "slowest decode speed you accept: the planner ranks what runs, with the best quant that fits. Every "
              "state of this form is a URL you can share. The other way round: <a href=\"/planner/reverse/\">which "
              "setup runs my workload</a>.</p>\n");
    sb_put(b, "<form class=\"planner\" method=\"get\" action=\"/planner/\" id=\"planner-form\">");
    form_hardware(b, d, form);
    form_workload(b, form);
    form_offload_whatif(b, form);
    sb_put(b, "<button type=\"submit\">Plan</button></form>\n");
    if (d->static_mode)
        sb_put(b, "<p class=\"small\" id=\"static-note\">This is the static copy of the site: the plan is made in your "
                  "browser by the AI Bench engine (WebAssembly), on this site's catalog and calibration, with every input "
                  "of the form.<noscript> It needs JavaScript.</noscript></p>");
    pg_error_note(b, error);
    sb_put(b, "<div id=\"plan-result\">");
    if (plan)
        plan_result(b, plan);
    sb_put(b, "</div>\n");
    aib_page_foot(b);
}

static void reverse_form(sbuf *b, const aib_site_data *d, json_t *form)
{
    sb_put(b, "<form class=\"planner\" method=\"get\" action=\"/planner/reverse/\" id=\"reverse-form\">"
              "<label>Models (ids, comma-separated) <input name=\"models\" list=\"model-ids\" size=\"40\" value=\"");
    sb_esc(b, jstr(form, "models"));
    sb_put(b, "\" placeholder=\"qwen3-30b-a3b,llama-3.1-8b\"></label><datalist id=\"model-ids\">");
    for (size_t i = 0; i < aib_catalog_model_count(d->cat); i++) {
        const aib_model *m = aib_catalog_model_at(d->cat, i);
        pg_opt(b, m->id, m->name, NULL);
    }
    sb_put(b, "</datalist>");
    pg_input_num(b, "ctx", "Context tokens", form, "default 8192");
    pg_input_num(b, "min_tps", "Min decode tok/s", form, "10");
    pg_input_num(b, "min_prefill", "Min prefill tok/s", form, "optional");
    pg_input_num(b, "budget", "Budget $", form, "optional");
    pg_input_num(b, "power", "Power cap W", form, "optional");
    sb_put(b, "<label>Form factor <input name=\"form\" value=\"");
    sb_esc(b, jstr(form, "form"));
    sb_put(b, "\" placeholder=\"gpu, mini, apple...\"></label><button type=\"submit\">Find hardware</button></form>\n");
}

static void reverse_row(sbuf *b, json_t *r, int miss)
{
    size_t k;
    json_t *m;
    sb_put(b, "<tr data-hw=\"");
    sb_esc(b, jstr(r, "hw"));
    sb_put(b, "\"><td>");
    pg_link_hw(b, jstr(r, "hw"), jstr(r, "name"));
    sb_put(b, " <span class=\"small\">");
    pg_num(b, jnum(r, "memory_gib"));
    sb_put(b, " GB</span></td><td>");
    sb_esc(b, jstr(r, "backend"));
    sb_put(b, "</td><td>");
    pg_num(b, jnum(r, "system_price_usd"));
    if (!isnan(jnum(r, "host_price_usd"))) { /* a card: the whole system's price, said */
        sb_put(b, " <span class=\"small\">(card $");
        pg_num(b, jnum(r, "price_usd"));
        sb_put(b, " + desktop $");
        pg_num(b, jnum(r, "host_price_usd"));
        sb_put(b, ")</span>");
    }
    sb_put(b, "</td><td>");
    pg_num(b, jnum(r, "worst_tps"));
    sb_put(b, " tok/s</td><td>");
    if (miss)
        sb_esc(b, jstr(r, "misses_by"));
    else {
        sb_printf(b, "%.2fx the speed asked, ", jnum(r, "headroom"));
        pg_num(b, jnum(r, "memory_headroom_gib"));
        sb_put(b, " GB of memory to spare");
    }
    sb_put(b, "</td><td class=\"small\">");
    json_array_foreach(json_object_get(r, "models"), k, m)
    {
        sb_put(b, k ? "<br><span" : "<span");
        pg_row_data(b, m);
        sb_put(b, ">");
        sb_esc(b, jstr(m, "model"));
        sb_put(b, " ");
        sb_esc(b, jstr(m, "quant"));
        sb_put(b, " ~");
        pg_num(b, jnum(m, "tps"));
        sb_put(b, "</span>");
    }
    sb_put(b, "</td></tr>\n");
}

void aib_page_reverse(sbuf *b, const aib_site_data *d, json_t *form, json_t *res, const char *error)
{
    aib_page_head(b, "Which setup runs my workload");
    sb_put(b, "<h1>Which setup runs my workload</h1><p>Name the models you want to run (each must fit on the GPU, one "
              "at a time), the context, the slowest decode you accept and, if you like, a minimum prefill speed, a "
              "budget, a power cap and a form factor. The answer: the catalog hardware that meets it, cheapest first, "
              "with its headroom, and the nearest misses with what they miss by. <a href=\"/planner/\">The other way "
              "round</a>.</p>\n");
    reverse_form(b, d, form);
    if (d->static_mode)
        sb_put(b, "<p class=\"small\" id=\"static-note\">This is the static copy of the site: the search is made in "
                  "your browser by the AI Bench engine (WebAssembly) on this site's catalog.<noscript> It needs "
                  "JavaScript.</noscript></p><div id=\"reverse-result\"></div>");
    pg_error_note(b, error);
    if (res)
        pg_share_link(b, "search", jstr(res, "share_url"));
    for (int part = 0; res && part < 2; part++) {
        json_t *rows = json_object_get(res, part ? "nearest_misses" : "meets"), *r;
        sb_printf(b, "<h2>%s</h2>", part ? "Nearest misses" : "Meets the workload, cheapest first");
        if (!json_array_size(rows)) {
            sb_put(b, "<p>None in the catalog.</p>");
            continue;
        }
        sb_printf(b, "<table class=\"data\" id=\"%s\"><thead><tr><th>Hardware</th><th>Backend</th><th>System price $</th>"
                     "<th>Slowest decode</th><th>%s</th><th>Models</th></tr></thead><tbody>\n",
                  part ? "reverse-misses" : "reverse-meets", part ? "Misses by" : "Headroom");
        size_t i;
        json_array_foreach(rows, i, r)
            reverse_row(b, r, part);
        sb_put(b, "</tbody></table>\n");
    }
    aib_page_foot(b);
}
