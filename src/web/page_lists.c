/* page_lists.c: the index of all hardware, the models, a model page and compare. */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *arg_of(const aib_arg *a, size_t n, const char *k)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].key, k))
            return a[i].value;
    return NULL;
}

void aib_page_index(sbuf *b, const aib_site_data *d, json_t *v, const aib_arg *args, size_t nargs)
{
    (void)d;
    aib_page_head(b, "All hardware");
    sb_put(b, "<h1>All hardware</h1><p>Every device in the catalog with what runs on it at interactive speed "
              "(≥ 10 tok/s decode at the best quant up to ");
    sb_esc(b, jstr(v, "plan_quant"));
    sb_put(b, ", 8K context). Click a column to sort; the filters work without JavaScript.</p>\n");
    const char *kind = arg_of(args, nargs, "kind"), *sort = arg_of(args, nargs, "sort");
    sb_put(b, "<form class=\"filters\" method=\"get\" action=\"/\"><label>Kind <select name=\"kind\">");
    static const char *const kinds[] = {"", "gpu", "apu", "apple", "system", "cpu"};
    for (size_t i = 0; i < 6; i++) {
        sb_put(b, "<option value=\"");
        sb_put(b, kinds[i]);
        sb_put(b, (kind && !strcmp(kind, kinds[i])) ? "\" selected>" : "\">");
        sb_put(b, i ? pg_kind_label(kinds[i]) : "any");
        sb_put(b, "</option>");
    }
    sb_put(b, "</select></label>");
    static const char *const fields[][2] = {{"min_mem", "Memory ≥ GB"}, {"min_bw", "Bandwidth ≥ GB/s"},
                                            {"max_price", "Price ≤ $"}, {"max_power", "Power ≤ W"}};
    for (size_t i = 0; i < 4; i++) {
        const char *val = arg_of(args, nargs, fields[i][0]);
        sb_printf(b, "<label>%s <input type=\"number\" min=\"0\" step=\"any\" name=\"%s\" value=\"", fields[i][1], fields[i][0]);
        sb_esc(b, val ? val : "");
        sb_put(b, "\"></label>");
    }
    sb_put(b, "<input type=\"hidden\" name=\"sort\" value=\"");
    sb_esc(b, sort ? sort : "");
    sb_put(b, "\"><button type=\"submit\">Filter</button> <a href=\"/\">reset</a></form>\n");
    sb_put(b, "<table class=\"data sortable\" id=\"hw-index\"><thead><tr>");
    static const char *const cols[][3] = {{"name", "Hardware", "text"}, {"kind", "Kind", "text"},
                                          {"memory", "Memory GB", "num"}, {"bandwidth", "Bandwidth GB/s", "num"},
                                          {"price", "Price $", "num"}, {"power", "Power W", "num"},
                                          {"models", "Runs well", "num"}, {"best", "Best general pick", "text"}};
    for (size_t i = 0; i < 8; i++) {
        sb_printf(b, "<th data-type=\"%s\" data-key=\"%s\"><a href=\"?sort=%s\">%s</a></th>", cols[i][2], cols[i][0],
                  cols[i][0], cols[i][1]);
    }
    sb_put(b, "</tr></thead><tbody>\n");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(v, "hardware"), i, r)
    {
        double mem = jnum(r, "memory_gib"), bw = jnum(r, "bandwidth_gbs"), price = jnum(r, "price_usd"),
               power = jnum(r, "power_max_w");
        sb_put(b, "<tr data-kind=\"");
        sb_esc(b, jstr(r, "kind"));
        sb_printf(b, "\" data-memory=\"%g\" data-bandwidth=\"%g\" data-price=\"%g\" data-power=\"%g\"><td>", mem, bw,
                  isnan(price) ? -1 : price, isnan(power) ? -1 : power);
        pg_link_hw(b, jstr(r, "id"), jstr(r, "name"));
        sb_put(b, "</td><td>");
        sb_put(b, pg_kind_label(jstr(r, "kind")));
        sb_printf(b, "</td><td data-v=\"%g\">", mem);
        pg_num(b, mem);
        sb_printf(b, "</td><td data-v=\"%g\">", bw);
        if (!strcmp(jstr(r, "bandwidth_basis"), "measured"))
            sb_put(b, "~");
        pg_num(b, bw);
        sb_printf(b, "</td><td data-v=\"%g\">", isnan(price) ? -1 : price);
        pg_num(b, price);
        sb_printf(b, "</td><td data-v=\"%g\">", isnan(power) ? -1 : power);
        pg_num(b, power);
        sb_printf(b, "</td><td data-v=\"%d\">%d</td><td>", (int)jnum(r, "interactive_models"), (int)jnum(r, "interactive_models"));
        json_t *big = json_object_get(r, "best_interactive");
        if (json_is_object(big)) {
            pg_link_model(b, jstr(big, "model"), jstr(big, "name"));
            sb_put(b, " <span class=\"small\">");
            sb_esc(b, jstr(big, "quant"));
            sb_put(b, " ");
            pg_speed(b, big);
            sb_put(b, "</span>");
        } else
            sb_put(b, "-");
        sb_put(b, "</td></tr>\n");
    }
    sb_put(b, "</tbody></table>\n");
    aib_page_foot(b);
}

void aib_page_models(sbuf *b, const aib_site_data *d, json_t *v)
{
    (void)d;
    aib_page_head(b, "Models");
    sb_put(b, "<h1>Models</h1><table class=\"data sortable\"><thead><tr><th>Model</th><th>Modality</th>"
              "<th data-type=\"num\">Total B</th><th data-type=\"num\">Active B</th><th>Use</th>"
              "<th data-type=\"num\">Runs well on</th></tr></thead><tbody>\n");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(v, "models"), i, r)
    {
        sb_put(b, "<tr><td>");
        pg_link_model(b, jstr(r, "id"), jstr(r, "name"));
        if (json_is_true(json_object_get(r, "moe")))
            sb_put(b, " <span class=\"tag\">MoE</span>");
        sb_put(b, "</td><td>");
        sb_esc(b, jstr(r, "modality"));
        sb_printf(b, "</td><td data-v=\"%g\">", jnum(r, "params_total_b"));
        pg_num(b, jnum(r, "params_total_b"));
        sb_printf(b, "</td><td data-v=\"%g\">", jnum(r, "params_active_b"));
        pg_num(b, jnum(r, "params_active_b"));
        sb_put(b, "</td><td>");
        sb_esc(b, jstr(r, "use_cases"));
        sb_printf(b, "</td><td data-v=\"%d\">%d hardware</td></tr>\n", (int)jnum(r, "runs_well_on"), (int)jnum(r, "runs_well_on"));
    }
    sb_put(b, "</tbody></table>\n");
    aib_page_foot(b);
}

void aib_page_model(sbuf *b, const aib_site_data *d, json_t *v)
{
    (void)d;
    json_t *m = json_object_get(v, "model");
    aib_page_head(b, jstr(m, "name"));
    sb_put(b, "<p class=\"crumbs\"><a href=\"/models/\">Models</a></p><p class=\"classline\">MODEL · ");
    pg_upper(b, jstr(m, "modality"));
    if (json_is_true(json_object_get(v, "moe")))
        sb_put(b, " · MOE");
    sb_put(b, "</p><h1>");
    sb_esc(b, jstr(m, "name"));
    sb_put(b, "</h1><p>");
    pg_num(b, jnum(m, "params_total_b"));
    sb_put(b, "B parameters");
    if (jnum(m, "params_active_b") < jnum(m, "params_total_b")) {
        sb_put(b, ", ");
        pg_num(b, jnum(m, "params_active_b"));
        sb_put(b, "B active per token");
    }
    if (!isnan(jnum(m, "max_context"))) {
        sb_put(b, ", ");
        pg_num(b, jnum(m, "max_context"));
        sb_put(b, " tokens of context");
    }
    sb_put(b, ". License: ");
    sb_esc(b, *jstr(m, "license") ? jstr(m, "license") : "not recorded");
    sb_put(b, ".");
    json_t *src = json_pack("{s:s}", "source", jstr(m, "source"));
    pg_source_link(b, src);
    json_decref(src);
    sb_put(b, "</p>\n<h2>Which hardware runs it</h2>");
    json_t *hws = json_object_get(v, "hardware"), *bars = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(hws, i, r)
    {
        if (!isnan(jnum(r, "tps")) && json_array_size(bars) < 24)
            json_array_append_new(bars, json_pack("{s:s, s:f, s:s}", "label", jstr(r, "hw_name"), "value",
                                                  jnum(r, "tps"), "evidence", jstr(r, "evidence")));
    }
    aib_svg_bars(b, bars, "label", "value", "tok/s");
    json_decref(bars);
    pg_models_table(b, hws, 1);
    aib_page_foot(b);
}

void aib_page_compare(sbuf *b, const aib_site_data *d, json_t *v)
{
    aib_page_head(b, "Compare");
    sb_put(b, "<h1>Compare</h1><form class=\"filters\" method=\"get\" action=\"/compare/\" id=\"compare-form\">");
    json_t *hws = v ? json_object_get(v, "hardware") : NULL;
    for (int k = 0; k < 3; k++) {
        const char *sel = k < (int)json_array_size(hws) ? jstr(json_array_get(hws, k), "id") : "";
        sb_printf(b, "<label>Hardware %d <select name=\"hw\"><option value=\"\">%s</option>", k + 1, k < 2 ? "pick one" : "(none)");
        for (size_t i = 0; i < d->atlas.n; i++) {
            const aib_hw *h = d->atlas.plans[i].hw;
            sb_put(b, "<option value=\"");
            sb_esc(b, h->id);
            sb_put(b, !strcmp(sel, h->id) ? "\" selected>" : "\">");
            sb_esc(b, h->name);
            sb_put(b, "</option>");
        }
        sb_put(b, "</select></label>");
    }
    sb_put(b, "<button type=\"submit\">Compare</button></form>\n");
    if (!v) {
        sb_put(b, "<p>Pick two or three devices to see them side by side on the same models.</p>");
        if (d->static_mode)
            sb_put(b, "<p class=\"small\" id=\"static-note\">This is the static copy of the site: the comparison is "
                      "made in your browser by the AI Bench engine (WebAssembly) on this site's catalog.</p>"
                      "<div id=\"compare-result\"></div>");
        aib_page_foot(b);
        return;
    }
    size_t i, j;
    json_t *h, *r;
    sb_put(b, "<table class=\"data compare\"><thead><tr><th></th>");
    json_array_foreach(hws, i, h)
    {
        sb_put(b, "<th>");
        pg_link_hw(b, jstr(h, "id"), jstr(h, "name"));
        sb_put(b, "</th>");
    }
    sb_put(b, "</tr></thead><tbody>\n");
    static const char *const rows[][2] = {{"memory_gib", "Memory GB"}, {"bandwidth_gbs", "Bandwidth GB/s"},
                                          {"price_usd", "Price $"}, {"power_max_w", "Power W"}};
    for (size_t k = 0; k < 4; k++) {
        sb_printf(b, "<tr class=\"fig\"><th>%s</th>", rows[k][1]);
        json_array_foreach(hws, i, h)
        {
            sb_put(b, "<td>");
            pg_num(b, jnum(h, rows[k][0]));
            sb_put(b, "</td>");
        }
        sb_put(b, "</tr>\n");
    }
    json_array_foreach(json_object_get(v, "models"), j, r)
    {
        sb_put(b, "<tr><th>");
        pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, "</th>");
        json_array_foreach(json_object_get(r, "cells"), i, h)
        {
            sb_put(b, "<td");
            if (json_is_object(h))
                pg_row_data(b, h);
            sb_put(b, ">");
            if (json_is_object(h) && !isnan(jnum(h, "tps"))) {
                pg_speed(b, h);
                sb_put(b, " <span class=\"small\">");
                sb_esc(b, jstr(h, "quant"));
                sb_put(b, "</span> ");
                pg_class_badge(b, jstr(h, "class"));
            } else if (json_is_object(h))
                pg_class_badge(b, jstr(h, "class"));
            sb_put(b, "</td>");
        }
        sb_put(b, "</tr>\n");
    }
    sb_put(b, "</tbody></table>\n");
    aib_page_foot(b);
}
