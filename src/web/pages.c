/* pages.c: the HTML of the site, drawn from the views of view.c. Server-rendered, one
 * stylesheet, no external assets; every value from the catalog or a request goes through
 * sb_esc(). The scripts only sort, filter and fill the static planner. */
#include "web.h"

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
    else if (fabs(v) >= 1000) {
        long long i = llround(v);
        char t[32];
        snprintf(t, sizeof t, "%lld", i < 0 ? -i : i);
        size_t len = strlen(t), k = 0;
        char *o = buf;
        if (i < 0 && n > 1)
            *o++ = '-', n--;
        for (size_t j = 0; j < len && k + 2 < n; j++) {
            if (j && (len - j) % 3 == 0)
                o[k++] = ',';
            o[k++] = t[j];
        }
        o[k] = '\0';
    } else if (fabs(v) >= 10 || v == floor(v))
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.1f", v);
    return buf;
}

static void num(sbuf *b, double v)
{
    char t[48];
    sb_put(b, aib_fmt(v, t, sizeof t));
}

void aib_page_head(sbuf *b, const char *title)
{
    sb_put(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    sb_esc(b, title);
    sb_put(b, " · AI Bench</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>\n"
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

static void link_hw(sbuf *b, const char *id, const char *name)
{
    sb_put(b, "<a href=\"/hardware/");
    sb_esc(b, id);
    sb_put(b, "/\">");
    sb_esc(b, name);
    sb_put(b, "</a>");
}

static void link_model(sbuf *b, const char *id, const char *name)
{
    sb_put(b, "<a href=\"/models/");
    sb_esc(b, id);
    sb_put(b, "/\">");
    sb_esc(b, name);
    sb_put(b, "</a>");
}

/* The first URL of a " | "-separated source list, escaped for an href. */
static void first_url(sbuf *b, const char *src)
{
    size_t n = strcspn(src, " ");
    char url[600];
    snprintf(url, sizeof url, "%.*s", (int)(n < 599 ? n : 599), src);
    sb_esc(b, url);
}

/* "~42 tok/s" with its evidence: measured (source, date) or estimated (band). */
static void speed(sbuf *b, json_t *brief)
{
    double tps = jnum(brief, "tps");
    if (isnan(tps)) {
        sb_put(b, "<span class=\"ev none\">");
        sb_esc(b, jstr(brief, "evidence"));
        sb_put(b, "</span>");
        return;
    }
    sb_put(b, "<span class=\"tps\">~");
    num(b, tps);
    sb_put(b, " tok/s</span> ");
    if (!strcmp(jstr(brief, "evidence"), "measured")) {
        sb_put(b, "<a class=\"ev measured\" href=\"");
        first_url(b, jstr(brief, "source"));
        sb_put(b, "\" title=\"");
        sb_esc(b, jstr(brief, "software"));
        sb_put(b, "\">measured ");
        sb_esc(b, jstr(brief, "date"));
        sb_put(b, "</a>");
    } else {
        double lo = jnum(brief, "low"), hi = jnum(brief, "high");
        sb_put(b, "<span class=\"ev est\" title=\"estimated by the engine; the band is p10 to p90 of cross-validated "
                  "residuals\">est.");
        if (!isnan(lo) && !isnan(hi)) {
            sb_put(b, " ");
            num(b, lo);
            sb_put(b, "–");
            num(b, hi);
        } else
            sb_put(b, " (no band: priors)");
        sb_put(b, "</span>");
    }
}

static void source_link(sbuf *b, json_t *ed)
{
    const char *src = jstr(ed, "source");
    if (!*src)
        return;
    sb_put(b, " <a class=\"src\" href=\"");
    first_url(b, src);
    sb_put(b, "\">source</a>");
}

static void class_badge(sbuf *b, const char *cls)
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

static void upper(sbuf *b, const char *s)
{
    char t[256];
    size_t i = 0;
    for (; s[i] && i < sizeof t - 1; i++)
        t[i] = (char)((s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i]);
    t[i] = '\0';
    sb_esc(b, t);
}

static const char *kind_label(const char *kind)
{
    if (!strcmp(kind, "gpu")) return "GPU";
    if (!strcmp(kind, "apu")) return "APU";
    if (!strcmp(kind, "apple")) return "Apple Silicon";
    if (!strcmp(kind, "system")) return "System";
    return "CPU";
}

/* The models table: one row per model with quant, memory, speed, evidence, class. */
static void models_table(sbuf *b, json_t *rows, int with_hw)
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
        sb_put(b, "\"><td>");
        if (with_hw)
            link_hw(b, jstr(r, "hw"), jstr(r, "hw_name"));
        else {
            link_model(b, jstr(r, "model"), jstr(r, "name"));
            if (json_is_true(json_object_get(r, "moe")))
                sb_put(b, " <span class=\"tag\">MoE</span>");
        }
        sb_put(b, "</td><td>");
        sb_esc(b, jstr(r, "quant"));
        sb_put(b, "</td><td data-v=\"");
        num(b, jnum(r, "memory_gib"));
        sb_put(b, "\">");
        num(b, jnum(r, "memory_gib"));
        double tps = jnum(r, "tps");
        sb_printf(b, "</td><td data-v=\"%.1f\">", isnan(tps) ? -1.0 : tps);
        if (isnan(tps))
            sb_put(b, "-");
        else
            num(b, tps);
        sb_put(b, "</td><td>");
        if (!isnan(tps)) {
            if (!strcmp(jstr(r, "evidence"), "measured"))
                speed(b, r);
            else {
                double lo = jnum(r, "low"), hi = jnum(r, "high");
                sb_put(b, "<span class=\"ev est\">est.");
                if (!isnan(lo) && !isnan(hi)) {
                    sb_put(b, " ");
                    num(b, lo);
                    sb_put(b, "–");
                    num(b, hi);
                }
                sb_put(b, "</span>");
            }
        }
        sb_put(b, "</td><td>");
        class_badge(b, jstr(r, "class"));
        sb_put(b, "</td></tr>\n");
    }
    sb_put(b, "</tbody></table>\n");
}

static void ed_text(sbuf *b, json_t *ed)
{
    sb_esc(b, jstr(ed, "text"));
    source_link(b, ed);
}

static const char *verdict_label(const char *v)
{
    return !strcmp(v, "buy") ? "Buy" : !strcmp(v, "skip") ? "Skip" : !strcmp(v, "consider") ? "Consider" : "";
}

void aib_page_hw(sbuf *b, const aib_site_data *d, json_t *v)
{
    (void)d;
    json_t *hw = json_object_get(v, "hw"), *fig = json_object_get(v, "figures");
    json_t *sum = json_object_get(v, "summary"), *head = json_object_get(sum, "headline");
    json_t *peer = json_object_get(sum, "peer"), *cls = json_object_get(v, "class");
    const char *name = jstr(hw, "name");
    aib_page_head(b, name);
    sb_put(b, "<p class=\"crumbs\"><a href=\"/\">All hardware</a></p>\n<p class=\"classline\">HARDWARE · ");
    upper(b, json_is_object(cls) ? jstr(cls, "text") : kind_label(jstr(hw, "kind")));
    sb_put(b, " · ");
    num(b, jnum(fig, "memory_gib"));
    sb_put(b, " GB ");
    upper(b, jstr(fig, "memory_label"));
    sb_put(b, "</p>\n<h1>");
    sb_esc(b, name);
    sb_put(b, "</h1>\n");
    json_t *tag = json_object_get(v, "tagline");
    if (json_is_object(tag)) {
        sb_put(b, "<p class=\"tagline\">");
        sb_esc(b, jstr(tag, "text"));
        sb_put(b, "</p>\n");
    }
    /* summary */
    sb_put(b, "<p class=\"summary\">");
    json_t *lead = json_object_get(sum, "lead");
    if (json_is_object(lead)) {
        sb_esc(b, jstr(lead, "text"));
        sb_put(b, " ");
    }
    if (json_is_object(head)) {
        sb_put(b, "It runs ");
        link_model(b, jstr(head, "model"), jstr(head, "name"));
        sb_put(b, " (");
        sb_esc(b, jstr(head, "quant"));
        sb_put(b, ") at ");
        speed(b, head);
    }
    if (json_is_object(peer)) {
        sb_put(b, json_is_object(head) ? " — " : "");
        num(b, jnum(peer, "bandwidth_ratio"));
        sb_put(b, "× the ");
        sb_esc(b, jstr(peer, "basis"));
        sb_put(b, " bandwidth of the ");
        link_hw(b, jstr(peer, "id"), jstr(peer, "name"));
        sb_put(b, ", ");
        num(b, jnum(peer, "memory_ratio"));
        sb_put(b, "× the memory");
    }
    sb_put(b, ".</p>\n");

    /* the decision in five lines */
    json_t *verdict = json_object_get(v, "verdict"), *ev = json_object_get(v, "evidence");
    json_t *w = json_object_get(v, "watchouts");
    sb_put(b, "<section class=\"decision\"><h2>The decision in five lines</h2><dl>\n<dt>The call</dt><dd>");
    if (json_is_object(verdict)) {
        sb_put(b, "<strong class=\"verdict ");
        sb_esc(b, jstr(verdict, "text"));
        sb_put(b, "\">");
        sb_put(b, verdict_label(jstr(verdict, "text")));
        sb_put(b, "</strong>");
        if (json_is_object(tag)) {
            sb_put(b, " — ");
            sb_esc(b, jstr(tag, "text"));
        }
    } else
        sb_put(b, "No editorial verdict yet: the figures below are the engine's.");
    sb_put(b, "</dd>\n<dt>Best for</dt><dd>");
    sb_esc(b, json_is_object(cls) ? jstr(cls, "text") : kind_label(jstr(hw, "kind")));
    sb_put(b, "</dd>\n<dt>Runs well</dt><dd class=\"runs-well\">");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(v, "runs_well"), i, r)
    {
        sb_put(b, i ? " · " : "");
        link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, " <span class=\"small\">~");
        num(b, jnum(r, "tps"));
        sb_put(b, " tok/s</span>");
    }
    if (!json_array_size(json_object_get(v, "runs_well")))
        sb_put(b, "No catalog model runs at interactive speed here.");
    sb_put(b, "</dd>\n<dt>Watch out</dt><dd>");
    if (json_array_size(w))
        sb_esc(b, jstr(json_array_get(w, 0), "text"));
    else
        sb_put(b, "Nothing flagged.");
    sb_put(b, "</dd>\n<dt>Evidence</dt><dd>");
    if (!strcmp(jstr(ev, "level"), "measured"))
        sb_printf(b, "Measured (%d published runs, latest %s)", (int)jnum(ev, "measured_rows"), jstr(ev, "last_measured"));
    else
        sb_put(b, "Estimated");
    sb_put(b, " · last verified ");
    sb_esc(b, jstr(ev, "last_verified"));
    sb_put(b, "</dd></dl></section>\n");

    /* key figures */
    sb_put(b, "<section class=\"figures\">");
    sb_put(b, "<div><b>");
    num(b, jnum(fig, "memory_gib"));
    sb_put(b, "</b><span>GB ");
    upper(b, jstr(fig, "memory_label"));
    sb_put(b, "</span></div><div><b>");
    if (!strcmp(jstr(fig, "bandwidth_basis"), "measured"))
        sb_put(b, "~");
    num(b, jnum(fig, "bandwidth_gbs"));
    sb_put(b, "</b><span>GB/S ");
    upper(b, jstr(fig, "bandwidth_basis"));
    sb_put(b, "</span></div><div><b>");
    double pmin = jnum(fig, "power_min_w"), pmax = jnum(fig, "power_max_w");
    if (!isnan(pmin)) {
        num(b, pmin);
        sb_put(b, "–");
    }
    num(b, pmax);
    sb_put(b, isnan(pmin) ? "</b><span>W BOARD POWER</span></div><div><b>" : "</b><span>W CONFIGURABLE</span></div><div><b>");
    double price = jnum(fig, "price_usd");
    if (isnan(price))
        sb_put(b, "-");
    else {
        sb_put(b, "~$");
        num(b, price);
    }
    sb_put(b, "</b><span>");
    upper(b, jstr(hw, "maker"));
    sb_put(b, " LIST PRICE</span></div></section>\n");

    /* what fits at this tier */
    sb_put(b, "<section class=\"tier\"><h2>What fits at this tier</h2><p>");
    num(b, jnum(fig, "memory_gib"));
    sb_put(b, " GB ");
    sb_esc(b, jstr(hw, "memory_type"));
    if (!isnan(jnum(fig, "gpu_usable_gib")) && jnum(fig, "gpu_usable_gib") < jnum(fig, "memory_gib")) {
        sb_put(b, ", up to ");
        num(b, jnum(fig, "gpu_usable_gib"));
        sb_put(b, " GB of it assignable to the GPU");
    }
    sb_put(b, ". Figures at ");
    sb_esc(b, jstr(v, "backend"));
    sb_put(b, ", the best quant up to Q4_K_M that fits, 8K context.</p>\n<ul class=\"tier-lines\">");
    json_array_foreach(json_object_get(v, "tier"), i, r)
    {
        const char *role = jstr(r, "role");
        sb_put(b, "<li data-role=\"");
        sb_esc(b, role);
        sb_put(b, "\">");
        link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, " ");
        sb_esc(b, jstr(r, "quant"));
        sb_put(b, " at ");
        speed(b, r);
        if (!strcmp(role, "headline"))
            sb_put(b, " — the story pick.");
        else if (!strcmp(role, "largest"))
            sb_put(b, " — the largest model that runs at interactive speed.");
        else if (!strcmp(role, "trap"))
            sb_put(b, " — it fits, but that is a demo, not a daily driver.");
        else
            sb_put(b, " — the yardstick.");
        sb_put(b, "</li>");
    }
    sb_put(b, "</ul>\n");
    json_t *models = json_object_get(v, "models");
    aib_svg_speed(b, models, jnum(fig, "bandwidth_theoretical_gbs"), name);
    sb_put(b, "<details><summary>Memory against the budget, every model</summary>");
    double budget = jnum(fig, "gpu_usable_gib");
    aib_svg_memory(b, models, isnan(budget) ? jnum(fig, "memory_gib") : budget);
    sb_put(b, "</details>\n<details open><summary>Every catalog model on this hardware</summary>");
    models_table(b, models, 0);
    sb_put(b, "</details></section>\n");

    /* picks */
    sb_put(b, "<section class=\"picks\"><h2>Picks by use</h2><div class=\"cards\">");
    json_array_foreach(json_object_get(v, "picks"), i, r)
    {
        sb_put(b, "<div class=\"card\"><h3>");
        upper(b, jstr(r, "label"));
        sb_put(b, "</h3>");
        if (*jstr(r, "model")) {
            sb_put(b, "<p class=\"pick\">");
            link_model(b, jstr(r, "model"), jstr(r, "name"));
            sb_put(b, " <span class=\"small\">");
            sb_esc(b, jstr(r, "quant"));
            sb_put(b, "</span> ");
            class_badge(b, jstr(r, "class"));
            sb_put(b, "</p>");
            if (!isnan(jnum(r, "tps"))) {
                sb_put(b, "<p class=\"small\">");
                speed(b, r);
                sb_put(b, "</p>");
            }
        }
        sb_put(b, "<p>");
        sb_esc(b, jstr(r, "reason"));
        if (!strcmp(jstr(r, "picked_by"), "computed"))
            sb_put(b, " <span class=\"small\">(computed pick)</span>");
        else {
            json_t *tmp = json_pack("{s:s}", "source", jstr(r, "reason_source"));
            source_link(b, tmp);
            json_decref(tmp);
        }
        sb_put(b, "</p></div>");
    }
    sb_put(b, "</div></section>\n");

    /* the call */
    json_t *call = json_object_get(v, "call");
    json_t *buy = json_object_get(call, "buy_if"), *skip = json_object_get(call, "skip_if");
    json_t *alts = json_object_get(call, "alternatives");
    if (json_is_object(buy) || json_is_object(skip) || json_array_size(alts)) {
        sb_put(b, "<section class=\"call\"><h2>The call</h2>");
        if (json_is_object(buy)) {
            sb_put(b, "<p><strong>Buy it if</strong> ");
            ed_text(b, buy);
            sb_put(b, "</p>");
        }
        if (json_is_object(skip)) {
            sb_put(b, "<p><strong>Skip it if</strong> ");
            ed_text(b, skip);
            sb_put(b, "</p>");
        }
        if (json_array_size(alts)) {
            sb_put(b, "<p>Alternatives from the catalog:</p><ul>");
            json_array_foreach(alts, i, r)
            {
                sb_put(b, "<li>");
                link_hw(b, jstr(r, "id"), jstr(r, "name"));
                sb_put(b, " (");
                num(b, jnum(r, "memory_gib"));
                sb_put(b, " GB, ");
                num(b, jnum(r, "bandwidth_gbs"));
                sb_put(b, " GB/s");
                if (!isnan(jnum(r, "price_usd"))) {
                    sb_put(b, ", ~$");
                    num(b, jnum(r, "price_usd"));
                }
                sb_put(b, "): ");
                sb_esc(b, jstr(r, "reason"));
                sb_put(b, ". <a class=\"small\" href=\"/compare/");
                sb_esc(b, jstr(hw, "id"));
                sb_put(b, "-vs-");
                sb_esc(b, jstr(r, "id"));
                sb_put(b, "/\">compare</a></li>");
            }
            sb_put(b, "</ul>");
        }
        sb_put(b, "</section>\n");
    }

    /* watchouts */
    sb_put(b, "<section class=\"watchouts\"><h2>Watchouts</h2><ul>");
    json_array_foreach(w, i, r)
    {
        sb_put(b, "<li data-kind=\"");
        sb_esc(b, jstr(r, "kind"));
        sb_put(b, "\">");
        ed_text(b, r);
        if (strcmp(jstr(r, "kind"), "editorial"))
            sb_put(b, " <span class=\"small\">(computed)</span>");
        sb_put(b, "</li>");
    }
    if (!json_array_size(w))
        sb_put(b, "<li>Nothing flagged by the engine or the editors.</li>");
    sb_put(b, "</ul></section>\n");

    /* local vs cloud */
    json_t *lc = json_object_get(v, "local_cloud");
    json_t *lw = json_object_get(lc, "local_wins"), *cw = json_object_get(lc, "cloud_wins"), *ls = json_object_get(lc, "summary");
    if (json_is_object(lw) || json_is_object(cw)) {
        sb_put(b, "<section class=\"localcloud\"><h2>Local vs cloud at this tier</h2><div class=\"cards\">");
        if (json_is_object(lw)) {
            sb_put(b, "<div class=\"card\"><h3>● LOCAL WINS</h3><p>");
            ed_text(b, lw);
            sb_put(b, "</p></div>");
        }
        if (json_is_object(cw)) {
            sb_put(b, "<div class=\"card\"><h3>● CLOUD WINS</h3><p>");
            ed_text(b, cw);
            sb_put(b, "</p></div>");
        }
        sb_put(b, "</div>");
        if (json_is_object(ls)) {
            sb_put(b, "<p>");
            ed_text(b, ls);
            sb_put(b, "</p>");
        }
        sb_put(b, "</section>\n");
    }
    sb_put(b, "<section class=\"next\"><h2>Next step</h2><p><a class=\"button\" id=\"load-planner\" href=\"");
    sb_esc(b, jstr(v, "planner_url"));
    sb_put(b, "\">Load this setup into the planner</a> <a class=\"small\" href=\"/api/hardware/");
    sb_esc(b, jstr(hw, "id"));
    sb_put(b, ".json\">this page as JSON</a></p></section>\n");
    aib_page_foot(b);
}

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
              "(≥ 10 tok/s decode at the best quant up to Q4_K_M, 8K context). Click a column to sort; "
              "the filters work without JavaScript.</p>\n");
    const char *kind = arg_of(args, nargs, "kind"), *sort = arg_of(args, nargs, "sort");
    sb_put(b, "<form class=\"filters\" method=\"get\" action=\"/\"><label>Kind <select name=\"kind\">");
    static const char *const kinds[] = {"", "gpu", "apu", "apple", "system", "cpu"};
    for (size_t i = 0; i < 6; i++) {
        sb_put(b, "<option value=\"");
        sb_put(b, kinds[i]);
        sb_put(b, (kind && !strcmp(kind, kinds[i])) ? "\" selected>" : "\">");
        sb_put(b, i ? kind_label(kinds[i]) : "any");
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
                                          {"models", "Runs well", "num"}, {"largest", "Largest interactive", "text"}};
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
        link_hw(b, jstr(r, "id"), jstr(r, "name"));
        sb_put(b, "</td><td>");
        sb_put(b, kind_label(jstr(r, "kind")));
        sb_printf(b, "</td><td data-v=\"%g\">", mem);
        num(b, mem);
        sb_printf(b, "</td><td data-v=\"%g\">", bw);
        if (!strcmp(jstr(r, "bandwidth_basis"), "measured"))
            sb_put(b, "~");
        num(b, bw);
        sb_printf(b, "</td><td data-v=\"%g\">", isnan(price) ? -1 : price);
        num(b, price);
        sb_printf(b, "</td><td data-v=\"%g\">", isnan(power) ? -1 : power);
        num(b, power);
        sb_printf(b, "</td><td data-v=\"%d\">%d</td><td>", (int)jnum(r, "interactive_models"), (int)jnum(r, "interactive_models"));
        json_t *big = json_object_get(r, "largest_interactive");
        if (json_is_object(big)) {
            sb_esc(b, jstr(big, "name"));
            sb_put(b, " <span class=\"small\">~");
            num(b, jnum(big, "tps"));
            sb_put(b, " tok/s</span>");
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
        link_model(b, jstr(r, "id"), jstr(r, "name"));
        if (json_is_true(json_object_get(r, "moe")))
            sb_put(b, " <span class=\"tag\">MoE</span>");
        sb_put(b, "</td><td>");
        sb_esc(b, jstr(r, "modality"));
        sb_printf(b, "</td><td data-v=\"%g\">", jnum(r, "params_total_b"));
        num(b, jnum(r, "params_total_b"));
        sb_printf(b, "</td><td data-v=\"%g\">", jnum(r, "params_active_b"));
        num(b, jnum(r, "params_active_b"));
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
    upper(b, jstr(m, "modality"));
    if (json_is_true(json_object_get(v, "moe")))
        sb_put(b, " · MOE");
    sb_put(b, "</p><h1>");
    sb_esc(b, jstr(m, "name"));
    sb_put(b, "</h1><p>");
    num(b, jnum(m, "params_total_b"));
    sb_put(b, "B parameters");
    if (jnum(m, "params_active_b") < jnum(m, "params_total_b")) {
        sb_put(b, ", ");
        num(b, jnum(m, "params_active_b"));
        sb_put(b, "B active per token");
    }
    if (!isnan(jnum(m, "max_context"))) {
        sb_put(b, ", ");
        num(b, jnum(m, "max_context"));
        sb_put(b, " tokens of context");
    }
    sb_put(b, ". License: ");
    sb_esc(b, *jstr(m, "license") ? jstr(m, "license") : "not recorded");
    sb_put(b, ".");
    json_t *src = json_pack("{s:s}", "source", jstr(m, "source"));
    source_link(b, src);
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
    models_table(b, hws, 1);
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
        aib_page_foot(b);
        return;
    }
    size_t i, j;
    json_t *h, *r;
    sb_put(b, "<table class=\"data compare\"><thead><tr><th></th>");
    json_array_foreach(hws, i, h)
    {
        sb_put(b, "<th>");
        link_hw(b, jstr(h, "id"), jstr(h, "name"));
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
            num(b, jnum(h, rows[k][0]));
            sb_put(b, "</td>");
        }
        sb_put(b, "</tr>\n");
    }
    json_array_foreach(json_object_get(v, "models"), j, r)
    {
        sb_put(b, "<tr><th>");
        link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, "</th>");
        json_array_foreach(json_object_get(r, "cells"), i, h)
        {
            sb_put(b, "<td>");
            if (json_is_object(h) && !isnan(jnum(h, "tps"))) {
                speed(b, h);
                sb_put(b, " <span class=\"small\">");
                sb_esc(b, jstr(h, "quant"));
                sb_put(b, "</span> ");
                class_badge(b, jstr(h, "class"));
            } else if (json_is_object(h))
                class_badge(b, jstr(h, "class"));
            sb_put(b, "</td>");
        }
        sb_put(b, "</tr>\n");
    }
    sb_put(b, "</tbody></table>\n");
    aib_page_foot(b);
}

static void opt(sbuf *b, const char *value, const char *label, const char *cur)
{
    sb_put(b, "<option value=\"");
    sb_esc(b, value);
    sb_put(b, cur && !strcmp(cur, value) ? "\" selected>" : "\">");
    sb_esc(b, label);
    sb_put(b, "</option>");
}

static void input_num(sbuf *b, const char *name, const char *label, json_t *form, const char *hint)
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

static void whatif_side(sbuf *b, json_t *x)
{
    sb_put(b, "<td>");
    sb_esc(b, jstr(x, "quant"));
    sb_put(b, "</td><td>");
    num(b, jnum(x, "tps"));
    sb_put(b, "</td><td>");
    num(b, jnum(x, "max_ctx") > 0 ? jnum(x, "max_ctx") : NAN); /* 0: no context fits on the GPU */
    sb_put(b, "</td><td>");
    class_badge(b, jstr(x, "class"));
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
            link_model(b, json_string_value(x), json_string_value(x));
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
        link_model(b, jstr(r, "model"), jstr(r, "name"));
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

void aib_page_planner(sbuf *b, const aib_site_data *d, json_t *form, json_t *plan, const char *error)
{
    aib_page_head(b, "Planner");
    sb_put(b, "<h1>Planner</h1><p>Pick a catalog hardware or describe your own, a use, a context length and the "
              "slowest decode speed you accept: the planner ranks what runs, with the best quant that fits. Every "
              "state of this form is a URL you can share. The other way round: <a href=\"/planner/reverse/\">which "
              "setup runs my workload</a>.</p>\n");
    const char *hw = jstr(form, "hw");
    sb_put(b, "<form class=\"planner\" method=\"get\" action=\"/planner/\" id=\"planner-form\"><fieldset><legend>Hardware"
              "</legend><label>Catalog <select name=\"hw\" id=\"hw\">");
    opt(b, "custom", "Custom (enter below)", *hw ? hw : "custom");
    if (strchr(hw, ','))
        opt(b, hw, hw, hw); /* several cards, from a shared URL */
    for (size_t i = 0; i < d->atlas.n; i++)
        opt(b, d->atlas.plans[i].hw->id, d->atlas.plans[i].hw->name, hw);
    sb_put(b, "</select></label>");
    input_num(b, "gpus", "GPUs (same card)", form, "1");
    json_t *mg = json_object_get(form, "multi_gpu");
    if (json_is_object(mg)) {
        sb_put(b, "<p class=\"small\" id=\"multi-gpu\">");
        sb_printf(b, "%d cards, layers split by memory: ", (int)jnum(mg, "cards"));
        num(b, jnum(mg, "usable_gib"));
        sb_put(b, " GB usable, ");
        num(b, jnum(mg, "effective_bandwidth_gbs"));
        sb_put(b, " GB/s effective (the slowest card and the split set the speed)</p>");
    }
    sb_put(b, "<div class=\"custom\">");
    input_num(b, "mem", "Memory GB", form, "e.g. 24");
    input_num(b, "usable", "Usable GB", form, "default: all");
    input_num(b, "bw", "Bandwidth GB/s", form, "e.g. 1008");
    input_num(b, "tflops", "FP32 TFLOPS (vector)", form, "optional");
    sb_put(b, "</div><label>Backend <select name=\"backend\">");
    const char *be = jstr(form, "backend");
    opt(b, "", "hardware's first", be);
    static const char *const backends[] = {"cuda", "rocm", "vulkan", "metal", "sycl", "cpu"};
    for (size_t i = 0; i < 6; i++)
        opt(b, backends[i], backends[i], be);
    sb_put(b, "</select></label></fieldset><fieldset><legend>Workload</legend><label>Use <select name=\"use\">");
    static const char *const uses[][2] = {{"all", "anything"}, {"chat", "chat / general"}, {"coding", "coding"},
                                          {"docs", "docs & retrieval"}, {"agents", "agents"}, {"image", "image"},
                                          {"voice", "voice"}};
    for (size_t i = 0; i < 7; i++)
        opt(b, uses[i][0], uses[i][1], jstr(form, "use"));
    sb_put(b, "</select></label>");
    input_num(b, "ctx", "Context tokens", form, "default 8192");
    input_num(b, "min_tps", "Min decode tok/s", form, "10");
    input_num(b, "prompt", "Prompt tokens (TTFT)", form, "default 4096");
    sb_put(b, "<label>Best quant <select name=\"quant\">");
    static const char *const quants[] = {"Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_M", "IQ3_XXS", "Q2_K"};
    for (size_t i = 0; i < 8; i++)
        opt(b, quants[i], quants[i], *jstr(form, "quant") ? jstr(form, "quant") : "Q4_K_M");
    sb_put(b, "</select></label><label>KV cache <select name=\"kv\">");
    static const char *const kvs[] = {"f16", "q8_0", "q4_0"};
    for (size_t i = 0; i < 3; i++)
        opt(b, kvs[i], kvs[i], *jstr(form, "kv") ? jstr(form, "kv") : "f16");
    sb_put(b, "</select></label></fieldset><fieldset><legend>When it does not fit on the GPU</legend>"
              "<label>CPU offload <select name=\"offload\">");
    static const char *const offs[][2] = {{"off", "list it as a miss"}, {"auto", "counts: the faster split"},
                                          {"experts", "counts: MoE experts in RAM (--n-cpu-moe)"},
                                          {"layers", "counts: whole layers in RAM (-ngl)"}};
    for (size_t i = 0; i < 4; i++)
        opt(b, offs[i][0], offs[i][1], *jstr(form, "offload") ? jstr(form, "offload") : "off");
    sb_put(b, "</select></label>");
    input_num(b, "ram", "System RAM GB", form, "default 32");
    input_num(b, "ram_bw", "RAM GB/s", form, "default 89.6");
    sb_put(b, "</fieldset><fieldset><legend>What if</legend><label>Change <select name=\"what\">");
    static const char *const whats[][2] = {{"", "nothing"}, {"bw", "bandwidth (GB/s)"}, {"mem", "memory (GB)"},
                                           {"quant", "best quant"}, {"kv", "KV cache type"}};
    for (size_t i = 0; i < 5; i++)
        opt(b, whats[i][0], whats[i][1], jstr(form, "what"));
    sb_put(b, "</select></label><label>to <input type=\"text\" name=\"to\" maxlength=\"40\" value=\"");
    sb_esc(b, jstr(form, "to"));
    sb_put(b, "\" placeholder=\"e.g. 500, 48, Q8_0, q8_0\"></label></fieldset><button type=\"submit\">Plan</button></form>\n");
    if (d->static_mode)
        sb_put(b, "<p class=\"small\" id=\"static-note\">This is the static copy of the site: plans for catalog hardware "
                  "at the default context come from exported files; a custom hardware or another context needs "
                  "<code>aibench serve</code>.</p>");
    if (error) {
        sb_put(b, "<p class=\"error\">");
        sb_esc(b, error);
        sb_put(b, "</p>");
    }
    sb_put(b, "<div id=\"plan-result\">");
    if (plan) {
        sb_put(b, "<p>Share this plan: <a id=\"share-url\" href=\"");
        sb_esc(b, jstr(plan, "share_url"));
        sb_put(b, "\">");
        sb_esc(b, jstr(plan, "share_url"));
        sb_put(b, "</a></p><h2>What runs</h2>");
        for (int part = 0; part < 2; part++) {
            json_t *rows = json_object_get(plan, part ? "misses" : "runs");
            if (part)
                sb_put(b, "<details><summary>What does not make it, and why</summary>");
            sb_printf(b, "<table class=\"data sortable\" id=\"%s\"><thead><tr><th data-type=\"num\">#</th><th>Model</th>"
                         "<th>Quant</th><th data-type=\"num\">Decode tok/s</th><th data-type=\"num\">Prefill tok/s</th>"
                         "<th data-type=\"num\">TTFT s</th><th data-type=\"num\">Max context</th>"
                         "<th data-type=\"num\">Memory GB</th><th>Verdict</th></tr></thead><tbody>\n",
                      part ? "plan-misses" : "plan-runs");
            size_t i;
            json_t *r;
            json_array_foreach(rows, i, r)
            {
                json_t *det = json_object_get(r, "detail"), *pre = json_object_get(det, "prefill");
                sb_put(b, "<tr data-model=\"");
                sb_esc(b, jstr(r, "model"));
                sb_printf(b, "\"><td>%zu</td><td>", i + 1);
                link_model(b, jstr(r, "model"), jstr(r, "name"));
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
                speed(b, r);
                sb_put(b, "</td><td>");
                num(b, json_is_object(pre) ? jnum(pre, "tps") : NAN);
                sb_put(b, "</td><td>");
                num(b, jnum(det, "ttft_s"));
                sb_put(b, "</td><td>");
                num(b, jnum(det, "max_ctx"));
                sb_put(b, "</td><td>");
                num(b, jnum(r, "memory_gib"));
                sb_put(b, "</td><td>");
                class_badge(b, jstr(r, "class"));
                json_t *off = json_object_get(det, "offload");
                if (json_is_object(off)) {
                    sb_put(b, " <span class=\"small offload-split\">");
                    sb_esc(b, !strcmp(jstr(off, "split"), "experts") ? "experts in RAM: " : "layers in RAM: ");
                    sb_esc(b, jstr(off, "llama_cpp"));
                    sb_put(b, "</span>");
                }
                sb_put(b, "</td></tr>\n");
            }
            sb_put(b, "</tbody></table>");
            if (!json_array_size(rows))
                sb_put(b, "<p>None.</p>");
            if (part)
                sb_put(b, "</details>");
        }
        whatif_section(b, json_object_get(plan, "what_if"));
    }
    sb_put(b, "</div>\n");
    aib_page_foot(b);
}

void aib_page_reverse(sbuf *b, const aib_site_data *d, json_t *form, json_t *res, const char *error)
{
    aib_page_head(b, "Which setup runs my workload");
    sb_put(b, "<h1>Which setup runs my workload</h1><p>Name the models you want to run (each must fit on the GPU, one "
              "at a time), the context, the slowest decode you accept and, if you like, a minimum prefill speed, a "
              "budget, a power cap and a form factor. The answer: the catalog hardware that meets it, cheapest first, "
              "with its headroom, and the nearest misses with what they miss by. <a href=\"/planner/\">The other way "
              "round</a>.</p>\n<form class=\"planner\" method=\"get\" action=\"/planner/reverse/\" id=\"reverse-form\">"
              "<label>Models (ids, comma-separated) <input name=\"models\" list=\"model-ids\" size=\"40\" value=\"");
    sb_esc(b, jstr(form, "models"));
    sb_put(b, "\" placeholder=\"qwen3-30b-a3b,llama-3.1-8b\"></label><datalist id=\"model-ids\">");
    for (size_t i = 0; i < aib_catalog_model_count(d->cat); i++) {
        const aib_model *m = aib_catalog_model_at(d->cat, i);
        sb_put(b, "<option value=\"");
        sb_esc(b, m->id);
        sb_put(b, "\">");
        sb_esc(b, m->name);
        sb_put(b, "</option>");
    }
    sb_put(b, "</datalist>");
    input_num(b, "ctx", "Context tokens", form, "default 8192");
    input_num(b, "min_tps", "Min decode tok/s", form, "10");
    input_num(b, "min_prefill", "Min prefill tok/s", form, "optional");
    input_num(b, "budget", "Budget $", form, "optional");
    input_num(b, "power", "Power cap W", form, "optional");
    sb_put(b, "<label>Form factor <input name=\"form\" value=\"");
    sb_esc(b, jstr(form, "form"));
    sb_put(b, "\" placeholder=\"gpu, mini, apple...\"></label><button type=\"submit\">Find hardware</button></form>\n");
    if (d->static_mode)
        sb_put(b, "<p class=\"small\">This is the static copy of the site: the reverse planner needs "
                  "<code>aibench serve</code>.</p>");
    if (error) {
        sb_put(b, "<p class=\"error\">");
        sb_esc(b, error);
        sb_put(b, "</p>");
    }
    if (!res) {
        aib_page_foot(b);
        return;
    }
    sb_put(b, "<p>Share this search: <a id=\"share-url\" href=\"");
    sb_esc(b, jstr(res, "share_url"));
    sb_put(b, "\">");
    sb_esc(b, jstr(res, "share_url"));
    sb_put(b, "</a></p>");
    for (int part = 0; part < 2; part++) {
        json_t *rows = json_object_get(res, part ? "nearest_misses" : "meets");
        sb_printf(b, "<h2>%s</h2>", part ? "Nearest misses" : "Meets the workload, cheapest first");
        if (!json_array_size(rows)) {
            sb_put(b, "<p>None in the catalog.</p>");
            continue;
        }
        sb_printf(b, "<table class=\"data\" id=\"%s\"><thead><tr><th>Hardware</th><th>Backend</th><th>Price $</th>"
                     "<th>Slowest decode</th><th>%s</th><th>Models</th></tr></thead><tbody>\n",
                  part ? "reverse-misses" : "reverse-meets", part ? "Misses by" : "Headroom");
        size_t i, k;
        json_t *r, *m;
        json_array_foreach(rows, i, r)
        {
            sb_put(b, "<tr data-hw=\"");
            sb_esc(b, jstr(r, "hw"));
            sb_put(b, "\"><td>");
            link_hw(b, jstr(r, "hw"), jstr(r, "name"));
            sb_put(b, "</td><td>");
            sb_esc(b, jstr(r, "backend"));
            sb_put(b, "</td><td>");
            num(b, jnum(r, "price_usd"));
            sb_put(b, "</td><td>");
            num(b, jnum(r, "worst_tps"));
            sb_put(b, " tok/s</td><td>");
            if (part)
                sb_esc(b, jstr(r, "misses_by"));
            else {
                sb_printf(b, "%.2fx the speed asked, ", jnum(r, "headroom"));
                num(b, jnum(r, "memory_headroom_gib"));
                sb_put(b, " GB of memory to spare");
            }
            sb_put(b, "</td><td class=\"small\">");
            json_array_foreach(json_object_get(r, "models"), k, m)
            {
                sb_put(b, k ? "<br>" : "");
                sb_esc(b, jstr(m, "model"));
                sb_put(b, " ");
                sb_esc(b, jstr(m, "quant"));
                sb_put(b, " ~");
                num(b, jnum(m, "tps"));
            }
            sb_put(b, "</td></tr>\n");
        }
        sb_put(b, "</tbody></table>\n");
    }
    aib_page_foot(b);
}

void aib_page_fit(sbuf *b, const aib_site_data *d, json_t *v)
{
    (void)d;
    char title[300];
    snprintf(title, sizeof title, "%s on %s", jstr(v, "name"), jstr(v, "hw_name"));
    aib_page_head(b, title);
    sb_put(b, "<p class=\"crumbs\">");
    link_hw(b, jstr(v, "hw"), jstr(v, "hw_name"));
    sb_put(b, " · ");
    link_model(b, jstr(v, "model"), jstr(v, "name"));
    sb_put(b, "</p><h1>");
    sb_esc(b, title);
    sb_put(b, "</h1>");
    json_t *mem = json_object_get(v, "memory"), *dec = json_object_get(v, "decode"), *in = json_object_get(v, "inputs");
    sb_put(b, "<p>");
    sb_esc(b, jstr(v, "quant"));
    sb_put(b, " on ");
    sb_esc(b, jstr(v, "backend"));
    sb_put(b, ", ");
    num(b, jnum(in, "ctx"));
    sb_put(b, " tokens of context: needs ");
    num(b, jnum(mem, "total_gib"));
    sb_put(b, " GB (weights ");
    num(b, jnum(mem, "weights_gib"));
    sb_put(b, ", KV cache ");
    num(b, jnum(mem, "kv_cache_gib"));
    sb_put(b, ") of ");
    num(b, jnum(mem, "budget_gib"));
    sb_put(b, " GB usable: <strong>");
    sb_esc(b, !strcmp(jstr(v, "fit"), "gpu") ? "fits" : !strcmp(jstr(v, "fit"), "offload") ? "needs CPU offload" : "does not fit");
    sb_put(b, "</strong>.");
    if (json_is_object(dec)) {
        json_t *brief = json_pack("{s:f, s:s}", "tps", jnum(dec, "tps"), "evidence", jstr(dec, "evidence"));
        json_t *est = json_object_get(dec, "estimate"), *meas = json_object_get(dec, "measured");
        json_object_set_new(brief, "low", json_real(jnum(est, "low")));
        json_object_set_new(brief, "high", json_real(jnum(est, "high")));
        if (json_is_object(meas)) {
            json_object_set_new(brief, "source", json_string(jstr(meas, "source")));
            json_object_set_new(brief, "date", json_string(jstr(meas, "date")));
            json_object_set_new(brief, "software", json_string(jstr(meas, "software")));
        }
        sb_put(b, " Decode ");
        speed(b, brief);
        json_decref(brief);
        if (jnum(v, "max_ctx") > 0) {
            sb_put(b, "; largest context that fits on the GPU: ");
            num(b, jnum(v, "max_ctx"));
            sb_put(b, " tokens.");
        } else
            sb_put(b, ".");
    }
    sb_put(b, "</p>\n");
    json_t *off = json_object_get(v, "offload");
    if (json_is_object(off)) {
        int experts = !strcmp(jstr(off, "split"), "experts");
        sb_put(b, "<p id=\"offload\">Split with the CPU: ");
        if (experts) {
            sb_put(b, "every layer on the GPU, the routed experts of ");
            num(b, jnum(off, "cpu_moe_layers"));
            sb_put(b, " MoE layers (");
        } else {
            num(b, jnum(off, "gpu_layers"));
            sb_put(b, " of ");
            num(b, jnum(v, "layers"));
            sb_put(b, " layers on the GPU, the rest (");
        }
        num(b, jnum(off, "system_ram_gib"));
        sb_put(b, " GB) in system RAM: <code>");
        sb_esc(b, jstr(off, "llama_cpp"));
        sb_put(b, "</code>.");
        if (!isnan(jnum(off, "other_split_tps"))) {
            sb_put(b, experts ? " Whole layers on the CPU instead would decode at ~" : " Experts in RAM instead would decode at ~");
            num(b, jnum(off, "other_split_tps"));
            sb_put(b, " tok/s.");
        }
        sb_put(b, "</p>\n");
    }
    json_t *sw = json_object_get(v, "sweep");
    if (json_array_size(sw)) {
        sb_put(b, "<h2>Context sweep</h2>");
        json_t *pts = json_array();
        size_t i;
        json_t *p;
        json_array_foreach(sw, i, p)
            if (!isnan(jnum(p, "decode_tps")))
                json_array_append_new(pts, json_pack("{s:f, s:f}", "ctx", jnum(p, "ctx"), "tps", jnum(p, "decode_tps")));
        aib_svg_sweep(b, pts);
        json_decref(pts);
        sb_put(b, "<table class=\"data\" id=\"sweep\"><thead><tr><th>Context</th><th>Decode tok/s (est.)</th>"
                  "<th>Memory GB</th><th>Fit</th></tr></thead><tbody>");
        json_array_foreach(sw, i, p)
        {
            sb_put(b, "<tr><td>");
            num(b, jnum(p, "ctx"));
            sb_put(b, "</td><td>");
            num(b, jnum(p, "decode_tps"));
            sb_put(b, "</td><td>");
            num(b, jnum(p, "memory_gib"));
            sb_put(b, "</td><td>");
            sb_esc(b, jstr(p, "fit"));
            sb_put(b, "</td></tr>\n");
        }
        sb_put(b, "</tbody></table>");
    }
    aib_page_foot(b);
}
