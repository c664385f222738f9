/* page_hw.c: the hardware page, with the anatomy of the launch page: the decision in five
 * lines, the key figures, what fits at this tier, picks, the call, watchouts, local vs cloud. */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void hw_header(sbuf *b, json_t *v)
{
    json_t *hw = json_object_get(v, "hw"), *fig = json_object_get(v, "figures"), *cls = json_object_get(v, "class");
    const char *name = jstr(hw, "name");
    aib_page_head(b, name);
    /* the decision first, as on the launch page: when the facts were last checked, on top */
    json_t *ev = json_object_get(v, "evidence");
    sb_put(b, "<p class=\"crumbs\"><a href=\"/\">All hardware</a>");
    if (*jstr(ev, "last_verified")) {
        sb_put(b, " <span class=\"verified\" id=\"verified\">verified ");
        sb_esc(b, jstr(ev, "last_verified"));
        sb_put(b, "</span>");
    }
    sb_put(b, "</p>\n<p class=\"classline\">HARDWARE · ");
    pg_upper(b, json_is_object(cls) ? jstr(cls, "text") : pg_kind_label(jstr(hw, "kind")));
    sb_put(b, " · ");
    pg_num(b, jnum(fig, "memory_gib"));
    sb_put(b, " GB ");
    pg_upper(b, jstr(fig, "memory_label"));
    sb_put(b, "</p>\n<h1>");
    sb_esc(b, name);
    sb_put(b, "</h1>\n");
    json_t *tag = json_object_get(v, "tagline");
    if (json_is_object(tag)) {
        sb_put(b, "<p class=\"tagline\">");
        sb_esc(b, jstr(tag, "text"));
        sb_put(b, "</p>\n");
    }
}

static void hw_summary(sbuf *b, json_t *v)
{
    json_t *sum = json_object_get(v, "summary");
    json_t *head = json_object_get(json_object_get(v, "summary"), "headline");
    json_t *peer = json_object_get(json_object_get(v, "summary"), "peer");
    /* summary */
    sb_put(b, "<p class=\"summary\">");
    json_t *lead = json_object_get(sum, "lead");
    if (json_is_object(lead)) {
        sb_esc(b, jstr(lead, "text"));
        sb_put(b, " ");
    }
    if (json_is_object(head)) {
        sb_put(b, "It runs ");
        pg_link_model(b, jstr(head, "model"), jstr(head, "name"));
        sb_put(b, " (");
        sb_esc(b, jstr(head, "quant"));
        sb_put(b, ") at ");
        pg_speed(b, head);
        /* which depth that speed is at: decode slows as the context fills */
        double depth = jnum(head, "depth");
        if (depth > 0) {
            char t[32];
            aib_thousands(depth, t, sizeof t);
            sb_printf(b, " <span class=\"small\" id=\"headline-depth\">with %s tokens in context</span>", t);
        }
    }
    if (json_is_object(peer)) {
        sb_put(b, json_is_object(head) ? " — " : "");
        pg_num(b, jnum(peer, "bandwidth_ratio"));
        sb_put(b, "× the ");
        sb_esc(b, jstr(peer, "basis"));
        sb_put(b, " bandwidth of the ");
        pg_link_hw(b, jstr(peer, "id"), jstr(peer, "name"));
        sb_put(b, ", ");
        pg_num(b, jnum(peer, "memory_ratio"));
        sb_put(b, "× the memory");
    }
    sb_put(b, ".</p>\n");
}

static void hw_decision(sbuf *b, json_t *v)
{
    json_t *hw = json_object_get(v, "hw");
    json_t *cls = json_object_get(v, "class");
    json_t *tag = json_object_get(v, "tagline");
    /* the decision in five lines */
    json_t *verdict = json_object_get(v, "verdict"), *ev = json_object_get(v, "evidence");
    json_t *w = json_object_get(v, "watchouts");
    sb_put(b, "<section class=\"decision\"><h2>The decision in five lines</h2><dl>\n<dt>The call</dt><dd>");
    if (json_is_object(verdict)) {
        sb_put(b, "<strong class=\"verdict ");
        sb_esc(b, jstr(verdict, "text"));
        sb_put(b, "\">");
        sb_put(b, pg_verdict_label(jstr(verdict, "text")));
        sb_put(b, "</strong>");
        if (json_is_object(tag)) {
            sb_put(b, " — ");
            sb_esc(b, jstr(tag, "text"));
        }
    } else
        sb_put(b, "No editorial verdict yet: the figures below are the engine's.");
    sb_put(b, "</dd>\n<dt>Best for</dt><dd>");
    sb_esc(b, json_is_object(cls) ? jstr(cls, "text") : pg_kind_label(jstr(hw, "kind")));
    sb_put(b, "</dd>\n<dt>Runs well</dt><dd class=\"runs-well\">");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(v, "runs_well"), i, r)
    {
        sb_put(b, i ? " · " : "");
        pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, " <span class=\"small\">");
        sb_esc(b, jstr(r, "quant"));
        sb_put(b, strcmp(jstr(r, "evidence"), "measured") ? " ~" : " ");
        pg_num(b, jnum(r, "tps"));
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
}

static void hw_figures(sbuf *b, json_t *v)
{
    json_t *hw = json_object_get(v, "hw");
    json_t *fig = json_object_get(v, "figures");
    /* key figures */
    sb_put(b, "<section class=\"figures\">");
    sb_put(b, "<div><b>");
    pg_num(b, jnum(fig, "memory_gib"));
    sb_put(b, "</b><span>GB ");
    pg_upper(b, jstr(fig, "memory_label"));
    sb_put(b, "</span></div><div><b>");
    if (!strcmp(jstr(fig, "bandwidth_basis"), "measured"))
        sb_put(b, "~");
    pg_num(b, jnum(fig, "bandwidth_gbs"));
    sb_put(b, "</b><span>GB/S ");
    pg_upper(b, jstr(fig, "bandwidth_basis"));
    sb_put(b, "</span></div><div><b>");
    double pmin = jnum(fig, "power_min_w"), pmax = jnum(fig, "power_max_w");
    if (!isnan(pmin)) {
        pg_num(b, pmin);
        sb_put(b, "–");
    }
    pg_num(b, pmax);
    sb_put(b, isnan(pmin) ? "</b><span>W BOARD POWER</span></div><div><b>" : "</b><span>W CONFIGURABLE</span></div><div><b>");
    double price = jnum(fig, "price_usd");
    if (isnan(price))
        sb_put(b, "-</b><span>NO PRICE IN THE CATALOG</span></div>");
    else {
        sb_put(b, "$");
        pg_num(b, price);
        sb_put(b, "</b><span><a class=\"src\" href=\"");
        pg_first_url(b, jstr(fig, "price_source"));
        sb_put(b, "\">");
        const char *kind = jstr(fig, "price_kind");
        pg_upper(b, !strcmp(kind, "launch-msrp") ? "launch price" : !strcmp(kind, "street") ? "street price" : "list price");
        sb_put(b, ", ");
        sb_esc(b, jstr(fig, "price_as_of"));
        sb_put(b, "</a></span></div>");
    }
    sb_put(b, "</section>\n");
    (void)hw;
    json_t *cfgs = json_object_get(v, "configurations");
    if (json_array_size(cfgs) > 1) {
        size_t i;
        json_t *c;
        sb_put(b, "<p class=\"configs small\">Sold with ");
        json_array_foreach(cfgs, i, c)
        {
            sb_put(b, i == 0 ? "" : i + 1 == json_array_size(cfgs) ? " or " : ", ");
            pg_num(b, jnum(c, "memory_gib"));
            sb_put(b, " GB");
            if (!isnan(jnum(c, "price_usd"))) {
                sb_put(b, " (<a href=\"");
                pg_first_url(b, jstr(c, "price_source"));
                sb_put(b, "\" title=\"");
                sb_esc(b, jstr(c, "product"));
                sb_put(b, "\">$");
                pg_num(b, jnum(c, "price_usd"));
                sb_put(b, "</a>)");
            }
        }
        sb_put(b, ". The figures on this page are for the ");
        pg_num(b, jnum(fig, "memory_gib"));
        sb_put(b, " GB model; the planner takes <code>config=</code> for another.</p>\n");
    }
}

static void hw_tier(sbuf *b, json_t *v)
{
    json_t *hw = json_object_get(v, "hw");
    json_t *fig = json_object_get(v, "figures");
    const char *name = jstr(json_object_get(v, "hw"), "name");
    size_t i;
    json_t *r;
    /* what fits at this tier */
    sb_put(b, "<section class=\"tier\"><h2>What fits at this tier</h2><p>");
    pg_num(b, jnum(fig, "memory_gib"));
    sb_put(b, " GB ");
    sb_esc(b, jstr(hw, "memory_type"));
    if (!isnan(jnum(fig, "gpu_usable_gib")) && jnum(fig, "gpu_usable_gib") < jnum(fig, "memory_gib")) {
        sb_put(b, ", up to ");
        pg_num(b, jnum(fig, "gpu_usable_gib"));
        sb_put(b, " GB of it assignable to the GPU");
    }
    sb_put(b, ". Figures at ");
    sb_esc(b, jstr(v, "backend"));
    sb_put(b, ", the best quant up to ");
    sb_esc(b, jstr(v, "plan_quant"));
    sb_put(b, " that fits, 8K context.</p>\n<ul class=\"tier-lines\">");
    json_array_foreach(json_object_get(v, "tier"), i, r)
    {
        const char *role = jstr(r, "role");
        sb_put(b, "<li data-role=\"");
        sb_esc(b, role);
        sb_put(b, "\">");
        pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
        sb_put(b, " ");
        sb_esc(b, jstr(r, "quant"));
        sb_put(b, " at ");
        pg_speed(b, r);
        if (!strcmp(role, "headline"))
            sb_put(b, " — the story pick.");
        else if (!strcmp(role, "best"))
            sb_put(b, " — the best general model that runs well here.");
        else if (!strcmp(role, "trap"))
            sb_put(b, " — it fits, but that is a demo, not a daily driver.");
        else
            sb_put(b, " — the yardstick.");
        pg_caveats(b, r);
        sb_put(b, "</li>");
    }
    sb_put(b, "</ul>\n");
    json_t *models = json_object_get(v, "models");
    aib_svg_speed(b, models, jnum(fig, "bandwidth_theoretical_gbs"), name);
    sb_put(b, "<details><summary>Memory against the budget, every model</summary>");
    double budget = jnum(fig, "gpu_usable_gib");
    aib_svg_memory(b, models, isnan(budget) ? jnum(fig, "memory_gib") : budget);
    sb_put(b, "</details>\n<details id=\"all-models\"><summary>Every catalog model on this hardware</summary>");
    pg_models_table(b, models, 0);
    sb_put(b, "</details></section>\n");
}

static void hw_picks(sbuf *b, json_t *v)
{
    size_t i;
    json_t *r;
    /* picks */
    sb_put(b, "<section class=\"picks\"><h2>Picks by use</h2><div class=\"cards\">");
    json_array_foreach(json_object_get(v, "picks"), i, r)
    {
        sb_put(b, "<div class=\"card\"><h3>");
        pg_upper(b, jstr(r, "label"));
        sb_put(b, "</h3>");
        if (*jstr(r, "model")) {
            sb_put(b, "<p class=\"pick\">");
            pg_link_model(b, jstr(r, "model"), jstr(r, "name"));
            sb_put(b, " <span class=\"small\">");
            sb_esc(b, jstr(r, "quant"));
            sb_put(b, "</span> ");
            pg_class_badge(b, jstr(r, "class"));
            sb_put(b, "</p>");
            if (!isnan(jnum(r, "tps"))) {
                sb_put(b, "<p class=\"small\">");
                pg_speed(b, r);
                sb_put(b, "</p>");
            }
        }
        sb_put(b, "<p>");
        sb_esc(b, jstr(r, "reason"));
        if (!strcmp(jstr(r, "picked_by"), "computed"))
            sb_put(b, " <span class=\"small\">(computed pick)</span>");
        else {
            json_t *tmp = json_pack("{s:s}", "source", jstr(r, "reason_source"));
            pg_source_link(b, tmp);
            json_decref(tmp);
        }
        sb_put(b, "</p>");
        if (*jstr(r, "short_of")) {
            sb_put(b, "<p class=\"caveat\" data-code=\"short_of\">&#9888; But here it ");
            sb_esc(b, jstr(r, "short_of"));
            sb_put(b, ".</p>");
        }
        pg_caveats(b, r);
        sb_put(b, "</div>");
    }
    sb_put(b, "</div></section>\n");
}

static void hw_call(sbuf *b, json_t *v)
{
    json_t *hw = json_object_get(v, "hw");
    size_t i;
    json_t *r;
    /* the call */
    json_t *call = json_object_get(v, "call");
    json_t *buy = json_object_get(call, "buy_if"), *skip = json_object_get(call, "skip_if");
    json_t *alts = json_object_get(call, "alternatives");
    if (json_is_object(buy) || json_is_object(skip) || json_array_size(alts)) {
        sb_put(b, "<section class=\"call\"><h2>The call</h2>");
        if (json_is_object(buy)) {
            sb_put(b, "<p><strong>Buy it if</strong> ");
            pg_ed_text(b, buy);
            sb_put(b, "</p>");
        }
        if (json_is_object(skip)) {
            sb_put(b, "<p><strong>Skip it if</strong> ");
            pg_ed_text(b, skip);
            sb_put(b, "</p>");
        }
        if (json_array_size(alts)) {
            sb_put(b, "<p>Alternatives from the catalog:</p><ul>");
            json_array_foreach(alts, i, r)
            {
                sb_put(b, "<li>");
                pg_link_hw(b, jstr(r, "id"), jstr(r, "name"));
                sb_put(b, " (");
                pg_num(b, jnum(r, "memory_gib"));
                sb_put(b, " GB, ");
                pg_num(b, jnum(r, "bandwidth_gbs"));
                sb_put(b, " GB/s");
                if (!isnan(jnum(r, "price_usd"))) {
                    sb_put(b, ", ~$");
                    pg_num(b, jnum(r, "price_usd"));
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
}

static void hw_watchouts(sbuf *b, json_t *v)
{
    json_t *w = json_object_get(v, "watchouts");
    size_t i;
    json_t *r;
    /* watchouts */
    sb_put(b, "<section class=\"watchouts\"><h2>Watchouts</h2><ul>");
    json_array_foreach(w, i, r)
    {
        sb_put(b, "<li data-kind=\"");
        sb_esc(b, jstr(r, "kind"));
        sb_put(b, "\">");
        pg_ed_text(b, r);
        if (strcmp(jstr(r, "kind"), "editorial"))
            sb_put(b, " <span class=\"small\">(computed)</span>");
        sb_put(b, "</li>");
    }
    if (!json_array_size(w))
        sb_put(b, "<li>Nothing flagged by the engine or the editors.</li>");
    sb_put(b, "</ul></section>\n");
}

static void hw_local_cloud(sbuf *b, json_t *v)
{
    /* local vs cloud: the computed comparison, then the editor's cards */
    json_t *lc = json_object_get(v, "local_cloud");
    json_t *lw = json_object_get(lc, "local_wins"), *cw = json_object_get(lc, "cloud_wins"), *ls = json_object_get(lc, "summary");
    json_t *cc = json_object_get(lc, "computed");
    if (!json_is_object(lw) && !json_is_object(cw) && !json_is_object(cc))
        return;
    sb_put(b, "<section class=\"localcloud\"><h2>Local vs cloud at this tier</h2>");
    if (json_is_object(cc)) {
        json_t *api = json_object_get(cc, "api");
        sb_put(b, "<p class=\"computed-cloud\">");
        sb_esc(b, jstr(cc, "text"));
        sb_put(b, " <a class=\"src\" href=\"");
        pg_first_url(b, jstr(api, "source"));
        sb_put(b, "\">API price source</a> <span class=\"small\">(computed: docs/advice.md; "
                  "aibench brief --kwh-price, --years change the assumptions)</span></p>");
    }
    if (json_is_object(lw) || json_is_object(cw)) {
        sb_put(b, "<div class=\"cards\">");
        if (json_is_object(lw)) {
            sb_put(b, "<div class=\"card\"><h3>● LOCAL WINS</h3><p>");
            pg_ed_text(b, lw);
            sb_put(b, "</p></div>");
        }
        if (json_is_object(cw)) {
            sb_put(b, "<div class=\"card\"><h3>● CLOUD WINS</h3><p>");
            pg_ed_text(b, cw);
            sb_put(b, "</p></div>");
        }
        sb_put(b, "</div>");
    }
    if (json_is_object(ls)) {
        sb_put(b, "<p>");
        pg_ed_text(b, ls);
        sb_put(b, "</p>");
    }
    sb_put(b, "</section>\n");
}

static void hw_next(sbuf *b, json_t *v)
{
    json_t *hw = json_object_get(v, "hw");
    sb_put(b, "<section class=\"next\"><h2>Next step</h2><p><a class=\"button\" id=\"load-planner\" href=\"");
    sb_esc(b, jstr(v, "planner_url"));
    sb_put(b, "\">Load this setup into the planner</a> <a class=\"small\" href=\"/api/hardware/");
    sb_esc(b, jstr(hw, "id"));
    sb_put(b, ".json\">this page as JSON</a></p></section>\n");
    aib_page_foot(b);
}

void aib_page_hw(sbuf *b, const aib_site_data *d, json_t *v)
{
    (void)d;
    hw_header(b, v);
    hw_summary(b, v);
    hw_decision(b, v);
    hw_figures(b, v);
    hw_tier(b, v);
    hw_picks(b, v);
    hw_call(b, v);
    hw_watchouts(b, v);
    hw_local_cloud(b, v);
    hw_next(b, v);
    aib_page_foot(b);
}
