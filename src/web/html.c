/* html.c: what every page shares: the head and foot, figures, links, the speed with its
 * evidence, badges, the models table, form controls. Every value from the catalog or a
 * request goes through sb_esc(). */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

double jnum(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

void aib_json_sort(json_t *a, int (*before)(json_t *x, json_t *y, const void *ctx), const void *ctx)
{
    size_t n = json_array_size(a);
    for (size_t i = 1; i < n; i++) /* insertion sort: stable, and the arrays are small */
        for (size_t j = i; j > 0; j--) {
            json_t *p = json_array_get(a, j - 1), *q = json_array_get(a, j);
            if (!before(q, p, ctx))
                break;
            json_incref(p);
            json_array_set(a, j - 1, q);
            json_array_set_new(a, j, p);
        }
}

int aib_num_desc_before(double x, double y)
{
    return isnan(y) ? !isnan(x) : (!isnan(x) && x > y);
}

const char *aib_fmt(double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (fabs(v) >= 1000)
        aib_thousands(v, buf, n);
    else if (fabs(v) >= 10 || v == floor(v))
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.1f", v);
    return buf;
}

void pg_num(sbuf *b, double v)
{
    char t[48];
    sb_put(b, aib_fmt(v, t, sizeof t));
}

void aib_page_head(sbuf *b, const char *title)
{
    sb_put(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    sb_esc(b, title);
    sb_put(b, " · AI Bench</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"
              "<link rel=\"stylesheet\" href=\"/style.css\"></head><body>\n"
              "<header class=\"top\"><a class=\"brand\" href=\"/\">the AI bench</a><nav>"
              "<a href=\"/\">All hardware</a><a href=\"/models/\">Models</a><a href=\"/compare/\">Compare</a>"
              "<a href=\"/planner/\">Planner</a><a href=\"/api/index.json\">API</a></nav></header>\n<main>\n");
}

void aib_page_foot(sbuf *b)
{
    sb_put(b, "</main>\n<footer>Figures are measured (with source and date) or estimated by the AI Bench engine "
              "(with an error band from cross-validated residuals). <a href=\"/api/index.json\">JSON API</a>."
              "</footer>\n<script src=\"/site.js\"></script></body></html>\n");
}

void aib_page_error(sbuf *b, int status, const char *code, const char *message)
{
    char t[64];
    snprintf(t, sizeof t, "Error %d", status);
    aib_page_head(b, t);
    sb_printf(b, "<h1>%d</h1><p class=\"error\" data-code=\"", status);
    sb_esc(b, code);
    sb_put(b, "\">");
    sb_esc(b, message);
    sb_put(b, "</p><p><a href=\"/\">All hardware</a></p>\n");
    aib_page_foot(b);
}

void pg_link_hw(sbuf *b, const char *id, const char *name)
{
    sb_put(b, "<a href=\"/hardware/");
    sb_esc(b, id);
    sb_put(b, "/\">");
    sb_esc(b, name);
    sb_put(b, "</a>");
}

void pg_link_model(sbuf *b, const char *id, const char *name)
{
    sb_put(b, "<a href=\"/models/");
    sb_esc(b, id);
    sb_put(b, "/\">");
    sb_esc(b, name);
    sb_put(b, "</a>");
}

/* The first URL of a " | "-separated source list, escaped for an href. */
void pg_first_url(sbuf *b, const char *src)
{
    size_t n = strcspn(src, " ");
    char url[600];
    snprintf(url, sizeof url, "%.*s", (int)(n < 599 ? n : 599), src);
    sb_esc(b, url);
}

/* "~42 tok/s" with its evidence: measured (source, date) or estimated (band). */
/* The evidence mark of a row: measured (linked to its source), anchored on a measurement (linked,
 * with the measured figure and its test), or estimated with its band. */
void pg_evidence(sbuf *b, json_t *row)
{
    const char *ev = jstr(row, "evidence");
    if (!strcmp(ev, "measured") || !strcmp(ev, "anchored")) {
        int anchored = !strcmp(ev, "anchored");
        sb_printf(b, "<a class=\"ev %s\" href=\"", anchored ? "anchored" : "measured");
        pg_first_url(b, jstr(row, "source"));
        sb_put(b, "\" title=\"");
        sb_esc(b, jstr(row, "software"));
        sb_put(b, ", ");
        sb_esc(b, jstr(row, "test_text"));
        if (anchored)
            sb_put(b, "; carried to this depth by the engine's own depth ratio");
        sb_put(b, "\">");
        if (anchored) {
            sb_put(b, "from ");
            pg_num(b, jnum(row, "measured_tps"));
            sb_put(b, " measured, ");
            sb_esc(b, jstr(row, "test_text"));
        } else {
            sb_put(b, "measured ");
            sb_esc(b, jstr(row, "date"));
        }
        sb_put(b, "</a>");
        return;
    }
    double lo = jnum(row, "low"), hi = jnum(row, "high");
    sb_put(b, "<span class=\"ev est\" title=\"estimated by the engine; the band is p10 to p90 of cross-validated "
              "residuals\">est.");
    if (!isnan(lo) && !isnan(hi)) {
        sb_put(b, " ");
        pg_num(b, lo);
        sb_put(b, "–");
        pg_num(b, hi);
    } else
        sb_put(b, " (no band: priors)");
    sb_put(b, "</span>");
}

/* Each caveat of a row: a short mark with the message as its title, or (full) the message as a
 * paragraph. */
static void caveat_items(sbuf *b, json_t *row, int full)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(row, "caveats"), i, c)
    {
        const char *code = jstr(c, "code");
        sb_put(b, full ? "<p class=\"caveat\" data-code=\"" : " <span class=\"caveat-tag\" data-code=\"");
        sb_esc(b, code);
        if (!full) {
            sb_put(b, "\" title=\"");
            sb_esc(b, jstr(c, "message"));
        }
        sb_put(b, "\">&#9888; ");
        if (full)
            sb_esc(b, jstr(c, "message"));
        else
            sb_esc(b, aib_caveat_label(code));
        sb_put(b, full ? "</p>" : "</span>");
    }
}

void pg_caveat_tags(sbuf *b, json_t *row) { caveat_items(b, row, 0); }
void pg_caveats(sbuf *b, json_t *row) { caveat_items(b, row, 1); }

void pg_speed(sbuf *b, json_t *brief)
{
    double tps = jnum(brief, "tps");
    if (isnan(tps)) {
        sb_put(b, "<span class=\"ev none\">");
        sb_esc(b, jstr(brief, "evidence"));
        sb_put(b, "</span>");
        return;
    }
    sb_put(b, strcmp(jstr(brief, "evidence"), "measured") ? "<span class=\"tps\">~" : "<span class=\"tps\">");
    pg_num(b, tps);
    sb_put(b, " tok/s</span> ");
    pg_evidence(b, brief);
    pg_caveat_tags(b, brief);
}

void pg_source_link(sbuf *b, json_t *ed)
{
    const char *src = jstr(ed, "source");
    if (!*src)
        return;
    sb_put(b, " <a class=\"src\" href=\"");
    pg_first_url(b, src);
    sb_put(b, "\">source</a>");
}

void pg_class_badge(sbuf *b, const char *cls)
{
    static const char *const names[][2] = {{"interactive", "runs well"}, {"slow", "fits, too slow"},
                                           {"fits", "fits"}, {"offload", "offload only"}, {"no-fit", "does not fit"}};
    const char *label = cls;
    for (size_t i = 0; i < 5; i++)
        if (!strcmp(names[i][0], cls))
            label = names[i][1];
    sb_put(b, "<span class=\"cls ");
    sb_esc(b, cls);
    sb_put(b, "\">");
    sb_esc(b, label);
    sb_put(b, "</span>");
}

void pg_upper(sbuf *b, const char *s)
{
    char t[256];
    size_t i = 0;
    for (; s[i] && i < sizeof t - 1; i++)
        t[i] = (char)((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i]);
    t[i] = '\0';
    sb_esc(b, t);
}

const char *pg_kind_label(const char *kind)
{
    if (!strcmp(kind, "gpu")) return "GPU";
    if (!strcmp(kind, "apu")) return "APU";
    if (!strcmp(kind, "apple")) return "Apple Silicon";
    if (!strcmp(kind, "system")) return "System";
    return "CPU";
}

/* The models table: one row per model with quant, memory, speed, evidence, class. */
void pg_models_table(sbuf *b, json_t *rows, int with_hw)
{
    sb_put(b, "<table class=\"data sortable\"><thead><tr>");
    sb_put(b, with_hw ? "<th>Hardware</th>" : "<th>Model</th>");
    sb_put(b, "<th>Quant</th><th data-type=\"num\">Memory GB</th><th data-type=\"num\">Decode tok/s</th>"
              "<th>Evidence</th><th>Verdict</th></tr></thead><tbody>\n");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        sb_put(b, "<tr data-class=\"");
        sb_esc(b, jstr(r, "class"));
        sb_put(b, "\" data-hw=\"");
        sb_esc(b, jstr(r, "hw"));
        sb_put(b, "\"");
        pg_row_data(b, r);
        sb_put(b, "><td>");
        if (with_hw)
            pg_link_hw(b, jstr(r, "hw"), jstr(r, "hw_name"));
        else {
            pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
            if (json_is_true(json_object_get(r, "moe")))
                sb_put(b, " <span class=\"tag\">MoE</span>");
        }
        sb_put(b, "</td><td>");
        sb_esc(b, jstr(r, "quant"));
        sb_put(b, "</td><td data-v=\"");
        pg_num(b, jnum(r, "memory_gib"));
        sb_put(b, "\">");
        pg_num(b, jnum(r, "memory_gib"));
        double tps = jnum(r, "tps");
        sb_printf(b, "</td><td data-v=\"%.1f\">", isnan(tps) ? -1.0 : tps);
        if (isnan(tps))
            sb_put(b, "-");
        else
            pg_num(b, tps);
        sb_put(b, "</td><td>");
        if (!isnan(tps))
            pg_evidence(b, r);
        pg_caveat_tags(b, r);
        if (*jstr(r, "below_floor_quant")) {
            sb_put(b, " <span class=\"small\">also possible at ");
            sb_esc(b, jstr(r, "below_floor_quant"));
            sb_put(b, ", ~");
            pg_num(b, jnum(r, "below_floor_tps"));
            sb_put(b, " tok/s, below the quality floor</span>");
        }
        sb_put(b, "</td><td>");
        pg_class_badge(b, jstr(r, "class"));
        sb_put(b, "</td></tr>\n");
    }
    sb_put(b, "</tbody></table>\n");
}

void pg_ed_text(sbuf *b, json_t *ed)
{
    sb_esc(b, jstr(ed, "text"));
    pg_source_link(b, ed);
}

const char *pg_verdict_label(const char *v)
{
    return !strcmp(v, "buy") ? "Buy" : !strcmp(v, "skip") ? "Skip" : !strcmp(v, "consider") ? "Consider" : "";
}

void pg_opt(sbuf *b, const char *value, const char *label, const char *cur)
{
    sb_put(b, "<option value=\"");
    sb_esc(b, value);
    sb_put(b, cur && !strcmp(cur, value) ? "\" selected>" : "\">");
    sb_esc(b, label);
    sb_put(b, "</option>");
}

void pg_input_num(sbuf *b, const char *name, const char *label, json_t *form, const char *hint)
{
    char t[48] = "";
    double v = jnum(form, name);
    if (!isnan(v) && !(v == 0 && !strcmp(name, "ctx")))
        snprintf(t, sizeof t, "%.10g", v);
    sb_printf(b, "<label>%s <input type=\"number\" step=\"any\" min=\"0\" name=\"%s\" value=\"", label, name);
    sb_esc(b, t);
    sb_put(b, "\" placeholder=\"");
    sb_esc(b, hint);
    sb_put(b, "\"></label>");
}

void pg_error_note(sbuf *b, const char *error)
{
    if (!error)
        return;
    sb_put(b, "<p class=\"error\">");
    sb_esc(b, error);
    sb_put(b, "</p>");
}

void pg_share_link(sbuf *b, const char *what, const char *url)
{
    sb_put(b, "<p class=\"share\">Share this ");
    sb_esc(b, what);
    sb_put(b, ": <a id=\"share-url\" href=\"");
    sb_esc(b, url);
    sb_put(b, "\">");
    sb_esc(b, url);
    sb_put(b, "</a></p>");
}

void pg_row_data(sbuf *b, json_t *row)
{
    char t[32];
    sb_put(b, " data-model=\"");
    sb_esc(b, jstr(row, "model"));
    sb_put(b, "\" data-quant=\"");
    sb_esc(b, jstr(row, "quant"));
    sb_put(b, "\" data-tps=\"");
    json_t *v = json_object_get(row, "tps");
    if (json_is_number(v)) {
        jw_format_num(json_number_value(v), t);
        sb_put(b, t);
    }
    sb_put(b, "\"");
}
