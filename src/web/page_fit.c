/* page_fit.c: one model on one hardware: memory, fit, decode with its evidence, the CPU
 * split when it needs one, and the context sweep. */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "needs N GB of M usable: fits", then decode with its evidence and the largest context. */
static void fit_summary(sbuf *b, json_t *v)
{
    json_t *mem = json_object_get(v, "memory"), *dec = json_object_get(v, "decode"), *in = json_object_get(v, "inputs");
    sb_put(b, "<p>");
    sb_esc(b, jstr(v, "quant"));
    sb_put(b, " on ");
    sb_esc(b, jstr(v, "backend"));
    sb_put(b, ", ");
    pg_num(b, jnum(in, "ctx"));
    sb_put(b, " tokens of context: needs ");
    pg_num(b, jnum(mem, "total_gib"));
    sb_put(b, " GB (weights ");
    pg_num(b, jnum(mem, "weights_gib"));
    sb_put(b, ", KV cache ");
    pg_num(b, jnum(mem, "kv_cache_gib"));
    sb_put(b, ") of ");
    pg_num(b, jnum(mem, "budget_gib"));
    sb_put(b, " GB usable: <strong>");
    sb_esc(b, !strcmp(jstr(v, "fit"), "gpu") ? "fits" : !strcmp(jstr(v, "fit"), "offload") ? "needs CPU offload" : "does not fit");
    sb_put(b, "</strong>.");
    if (json_is_object(dec)) {
        /* the row fields pg_speed reads, from the decode object */
        json_t *brief = json_pack("{s:f, s:s}", "tps", jnum(dec, "tps"), "evidence", jstr(dec, "evidence"));
        json_t *meas = json_object_get(dec, "measured");
        json_object_set_new(brief, "low", json_real(jnum(dec, "low")));
        json_object_set_new(brief, "high", json_real(jnum(dec, "high")));
        if (json_is_object(meas)) {
            json_object_set_new(brief, "source", json_string(jstr(meas, "source")));
            json_object_set_new(brief, "date", json_string(jstr(meas, "date")));
            json_object_set_new(brief, "software", json_string(jstr(meas, "software")));
            json_object_set_new(brief, "test_text", json_string(jstr(meas, "test_text")));
            json_object_set_new(brief, "measured_tps", json_real(jnum(meas, "tps")));
        }
        json_object_set(brief, "caveats", json_object_get(v, "caveats"));
        sb_put(b, " Decode <span");
        json_object_set_new(brief, "model", json_string(jstr(v, "model")));
        json_object_set_new(brief, "quant", json_string(jstr(v, "quant")));
        pg_row_data(b, brief);
        sb_put(b, ">");
        pg_speed(b, brief);
        sb_put(b, "</span>");
        json_decref(brief);
        if (jnum(v, "max_ctx") > 0) {
            sb_put(b, "; largest context that fits on the GPU: ");
            pg_num(b, jnum(v, "max_ctx"));
            sb_put(b, " tokens.");
        } else
            sb_put(b, ".");
    }
    sb_put(b, "</p>\n");
    pg_caveats(b, v);
    json_t *bf = json_object_get(v, "below_floor");
    if (json_is_object(bf)) {
        sb_put(b, "<p class=\"small\">Also possible at ");
        sb_esc(b, jstr(bf, "quant"));
        sb_put(b, ", ~");
        pg_num(b, jnum(bf, "tps"));
        sb_put(b, " tok/s: below the quality floor (mean KL divergence ");
        pg_num(b, jnum(bf, "kld"));
        sb_put(b, " from the 16-bit model).</p>\n");
    }
}

static void fit_offload(sbuf *b, json_t *v)
{
    json_t *off = json_object_get(v, "offload");
    if (!json_is_object(off))
        return;
    int experts = !strcmp(jstr(off, "split"), "experts");
    sb_put(b, "<p id=\"offload\">Split with the CPU: ");
    if (experts) {
        sb_put(b, "every layer on the GPU, the routed experts of ");
        pg_num(b, jnum(off, "cpu_moe_layers"));
        sb_put(b, " MoE layers (");
    } else {
        pg_num(b, jnum(off, "gpu_layers"));
        sb_put(b, " of ");
        pg_num(b, jnum(v, "layers"));
        sb_put(b, " layers on the GPU, the rest (");
    }
    pg_num(b, jnum(off, "system_ram_gib"));
    sb_put(b, " GB) in system RAM: <code>");
    sb_esc(b, jstr(off, "llama_cpp"));
    sb_put(b, "</code>.");
    if (!isnan(jnum(off, "other_split_tps"))) {
        sb_put(b, experts ? " Whole layers on the CPU instead would decode at ~" : " Experts in RAM instead would decode at ~");
        pg_num(b, jnum(off, "other_split_tps"));
        sb_put(b, " tok/s.");
    }
    sb_put(b, "</p>\n");
}

static void fit_sweep(sbuf *b, json_t *v)
{
    json_t *sw = json_object_get(v, "sweep");
    if (!json_array_size(sw))
        return;
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
        pg_num(b, jnum(p, "ctx"));
        sb_put(b, "</td><td>");
        pg_num(b, jnum(p, "decode_tps"));
        sb_put(b, "</td><td>");
        pg_num(b, jnum(p, "memory_gib"));
        sb_put(b, "</td><td>");
        sb_esc(b, jstr(p, "fit"));
        sb_put(b, "</td></tr>\n");
    }
    sb_put(b, "</tbody></table>");
}

void aib_page_fit(sbuf *b, const aib_site_data *d, json_t *v)
{
    (void)d;
    char title[300];
    snprintf(title, sizeof title, "%s on %s", jstr(v, "name"), jstr(v, "hw_name"));
    aib_page_head(b, title);
    sb_put(b, "<p class=\"crumbs\">");
    if (*jstr(v, "hw"))
        pg_link_hw(b, jstr(v, "hw"), jstr(v, "hw_name"));
    else
        sb_esc(b, jstr(v, "hw_name"));
    sb_put(b, " · ");
    pg_link_model(b, jstr(v, "model"), jstr(v, "name"));
    sb_put(b, "</p><h1>");
    sb_esc(b, title);
    sb_put(b, "</h1>");
    fit_summary(b, v);
    fit_offload(b, v);
    fit_sweep(b, v);
    aib_page_foot(b);
}

void aib_page_fit_shell(sbuf *b)
{
    aib_page_head(b, "One model on one hardware");
    sb_put(b, "<h1>One model on one hardware</h1><p class=\"small\" id=\"static-note\">This is the static copy of the "
              "site: the answer is made in your browser by the AI Bench engine (WebAssembly) on this site's catalog."
              "<noscript> It needs JavaScript.</noscript></p><div id=\"fit-result\"></div>\n");
    aib_page_foot(b);
}
