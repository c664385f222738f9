/* svg.c: charts drawn as inline SVG by our own code: decode speed against model size with
 * the bandwidth roofline, memory bars against the budget, horizontal bars, and the context
 * sweep. Labels go through sb_esc(); coordinates are computed, never taken from input. */
#include "web.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Decode tok/s against the weights read per token (GB): the points are the models, the
 * line is the roofline tok/s = bandwidth / bytes, the most any engine could do. Log axes. */
/* The quant most rows share (a chart labels the others), or "" when there is none. */
static const char *common_quant(json_t *rows, int *mixed)
{
    const char *best = "";
    size_t best_n = 0, i, j;
    json_t *r, *o;
    *mixed = 0;
    json_array_foreach(rows, i, r)
    {
        size_t n = 0;
        json_array_foreach(rows, j, o) n += !strcmp(jstr(r, "quant"), jstr(o, "quant"));
        if (n > best_n)
            best_n = n, best = jstr(r, "quant");
    }
    json_array_foreach(rows, i, r) *mixed |= *jstr(r, "quant") && strcmp(jstr(r, "quant"), best);
    return best;
}

/* A bar label that fits left of the bars (max characters at the phone's 12px text), cut with
 * an ellipsis; the whole name is the label's tooltip. */
static void fit_label(sbuf *b, const char *name, size_t max)
{
    size_t n = strlen(name);
    if (n <= max) {
        sb_esc(b, name);
        return;
    }
    size_t k = max - 1;
    while (k > 0 && ((unsigned char)name[k] & 0xc0) == 0x80) /* not inside a UTF-8 sequence */
        k--;
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(k < sizeof buf ? k : sizeof buf - 1), name);
    sb_esc(b, buf);
    sb_put(b, "\xe2\x80\xa6<title>");
    sb_esc(b, name);
    sb_put(b, "</title>");
}

void aib_svg_speed(sbuf *b, json_t *rows, double bw, const char *title)
{
    int mixed;
    const char *common = common_quant(rows, &mixed);
    const double W = 640, H = 320, L = 56, R = 16, T = 24, B = 44;
    double xmin = 0.3, xmax = 400, ymin = 0.5, ymax = 2000;
    size_t i;
    json_t *r;
    sb_put(b, "<figure class=\"chart\"><svg viewBox=\"0 0 640 320\" role=\"img\" aria-label=\"decode speed against model size\">");
    sb_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" class=\"plot\"/>", L, T, W - L - R, H - T - B);
#define SX(x) (L + (log10(x) - log10(xmin)) / (log10(xmax) - log10(xmin)) * (W - L - R))
#define SY(y) (H - B - (log10(y) - log10(ymin)) / (log10(ymax) - log10(ymin)) * (H - T - B))
    static const double xt[] = {1, 10, 100}, yt[] = {1, 10, 100, 1000};
    for (size_t k = 0; k < 3; k++)
        sb_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%g\" y2=\"%g\" class=\"grid\"/><text x=\"%.1f\" y=\"%g\" class=\"tick\">%g GB</text>",
                  SX(xt[k]), SX(xt[k]), T, H - B, SX(xt[k]), H - B + 14, xt[k]);
    for (size_t k = 0; k < 4; k++)
        sb_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/><text x=\"%g\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%g</text>",
                  L, W - R, SY(yt[k]), SY(yt[k]), L - 4, SY(yt[k]) + 4, yt[k]);
    /* interactive line */
    sb_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" class=\"line-interactive\"/><text x=\"%g\" y=\"%.1f\" class=\"tick\">interactive (%g tok/s)</text>",
              L, W - R, SY(AIB_INTERACTIVE_TPS), SY(AIB_INTERACTIVE_TPS), W - R - 150, SY(AIB_INTERACTIVE_TPS) - 4, AIB_INTERACTIVE_TPS);
    if (bw > 0) {
        /* tok/s = bw / GB: a straight line on log-log axes, clipped to the plot */
        double x0 = fmax(xmin, bw / ymax), x1 = fmin(xmax, bw / ymin);
        if (x0 < x1)
            sb_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"roofline\"/><text x=\"%.1f\" y=\"%.1f\" class=\"tick roof\">roofline %g GB/s</text>",
                      SX(x0), SY(bw / x0), SX(x1), SY(bw / x1), SX(x0) + 6, SY(bw / x0) + 12, bw);
    }
    json_array_foreach(rows, i, r)
    {
        double tps = jnum(r, "tps");
        json_t *gb_v = json_object_get(r, "gb_per_token");
        double gb = json_is_number(gb_v) ? json_number_value(gb_v) : NAN;
        if (isnan(tps) || isnan(gb) || gb <= 0)
            continue;
        double x = fmin(fmax(gb, xmin), xmax), y = fmin(fmax(tps, ymin), ymax);
        const char *ev = jstr(r, "evidence");
        int meas = !strcmp(ev, "measured") || !strcmp(ev, "anchored");
        sb_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" class=\"pt %s %s\"><title>", SX(x), SY(y), meas ? 5 : 4,
                  meas ? "measured" : "estimated", jstr(r, "class"));
        sb_esc(b, jstr(r, "name"));
        sb_printf(b, " %s: %.1f tok/s (%s), %.2f GB per token</title></circle>", jstr(r, "quant"), tps, ev, gb);
        if (strcmp(jstr(r, "quant"), common)) { /* a point at another quant says which */
            sb_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"ptlabel\">", SX(x) + 6, SY(y) - 5);
            sb_esc(b, jstr(r, "quant"));
            sb_put(b, "</text>");
        }
    }
    /* the legend, above the plot */
    sb_printf(b, "<g class=\"legend\"><circle cx=\"%g\" cy=\"12\" r=\"5\" class=\"pt measured\"/><text x=\"%g\" y=\"16\" "
                 "class=\"tick\">measured</text><circle cx=\"%g\" cy=\"12\" r=\"4\" class=\"pt estimated\"/><text x=\"%g\" "
                 "y=\"16\" class=\"tick\">estimated</text><line x1=\"%g\" x2=\"%g\" y1=\"12\" y2=\"12\" class=\"roofline\"/>"
                 "<text x=\"%g\" y=\"16\" class=\"tick\">roofline</text><line x1=\"%g\" x2=\"%g\" y1=\"12\" y2=\"12\" "
                 "class=\"line-interactive\"/><text x=\"%g\" y=\"16\" class=\"tick\">interactive</text></g>",
              L + 6, L + 14, L + 96, L + 104, L + 190, L + 212, L + 218, L + 290, L + 312, L + 318);
    sb_printf(b, "<text x=\"%g\" y=\"%g\" class=\"axis\">GB read per token (active weights + KV)</text>", L + 160, H - 8);
    sb_printf(b, "<text x=\"14\" y=\"%g\" class=\"axis\" transform=\"rotate(-90 14 %g)\">decode tok/s</text>", T + 180, T + 180);
#undef SX
#undef SY
    sb_put(b, "</svg><figcaption>Decode speed of every model that runs on the ");
    sb_esc(b, title);
    sb_put(b, ", against the bytes each token reads. Filled: measured, or carried from a measurement; hollow: "
              "estimated. No point can pass the roofline.");
    if (mixed) {
        sb_put(b, " Points are at ");
        sb_esc(b, common);
        sb_put(b, " unless labelled.");
    }
    sb_put(b, "</figcaption></figure>\n");
}

/* One horizontal bar per model: memory needed against the budget line. */
void aib_svg_memory(sbuf *b, json_t *rows, double budget)
{
    size_t n = 0, i;
    json_t *r;
    double maxv = budget;
    json_array_foreach(rows, i, r)
    {
        double m = jnum(r, "memory_gib");
        if (!isnan(m) && m < budget * 4) {
            n++;
            if (m > maxv)
                maxv = m;
        }
    }
    int mixed;
    (void)common_quant(rows, &mixed);
    double W = 640, L = 220, R = mixed ? 110 : 60, row = 16, H = 30 + row * (double)n;
    sb_printf(b, "<figure class=\"chart\"><svg viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"memory against budget\">", W, H);
    double scale = (W - L - R) / maxv;
    size_t k = 0;
    json_array_foreach(rows, i, r)
    {
        double m = jnum(r, "memory_gib");
        if (isnan(m) || m >= budget * 4)
            continue;
        double y = 10 + row * (double)k++;
        sb_printf(b, "<text x=\"%g\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", L - 6, y + 11);
        fit_label(b, jstr(r, "name"), (size_t)((L - 10) / 6.8));
        sb_printf(b, "</text><rect x=\"%g\" y=\"%.1f\" width=\"%.1f\" height=\"%g\" class=\"bar %s\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%.1f GB",
                  L, y, m * scale, row - 4, m <= budget ? "fits" : "over", L + m * scale + 4, y + 11, m);
        if (mixed) {
            sb_put(b, " ");
            sb_esc(b, jstr(r, "quant"));
        }
        sb_put(b, "</text>");
    }
    sb_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"4\" y2=\"%g\" class=\"budget\"/><text x=\"%.1f\" y=\"%g\" class=\"tick\">budget %.0f GB</text>",
              L + budget * scale, L + budget * scale, H - 14, L + budget * scale + 4, H - 2, budget);
    sb_put(b, "</svg><figcaption>Memory each model needs (weights + KV cache + compute + runtime) against what the "
              "GPU can use.</figcaption></figure>\n");
}

void aib_svg_bars(sbuf *b, json_t *items, const char *label_key, const char *value_key, const char *unit)
{
    size_t n = json_array_size(items), i;
    json_t *r;
    double maxv = 0;
    json_array_foreach(items, i, r)
    {
        double v = jnum(r, value_key);
        if (v > maxv)
            maxv = v;
    }
    if (!n || maxv <= 0)
        return;
    int mixed;
    (void)common_quant(items, &mixed);
    double W = 640, L = 240, R = mixed ? 130 : 70, row = 18, H = 10 + row * (double)n;
    sb_printf(b, "<figure class=\"chart\"><svg viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"bars\">", W, H);
    json_array_foreach(items, i, r)
    {
        double v = jnum(r, value_key), y = 5 + row * (double)i;
        sb_printf(b, "<text x=\"%g\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", L - 6, y + 12);
        fit_label(b, jstr(r, label_key), (size_t)((L - 10) / 6.8));
        sb_printf(b, "</text><rect x=\"%g\" y=\"%.1f\" width=\"%.1f\" height=\"%g\" class=\"bar %s\"/><text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%.1f %s",
                  L, y, v / maxv * (W - L - R), row - 5, !strcmp(jstr(r, "evidence"), "estimated") ? "estimated" : "measured",
                  L + v / maxv * (W - L - R) + 4, y + 12, v, unit);
        if (mixed) {
            sb_put(b, " ");
            sb_esc(b, jstr(r, "quant"));
        }
        sb_put(b, "</text>");
    }
    sb_put(b, "</svg><figcaption>Decode speed at the best quant that fits (named beside each bar when they "
              "differ). Dark: measured, or carried from a measurement; light: estimated.</figcaption></figure>\n");
}

/* Decode speed and memory against context: points {ctx, tps, memory_gib}. */
void aib_svg_sweep(sbuf *b, json_t *points)
{
    size_t n = json_array_size(points), i;
    json_t *p;
    if (n < 2)
        return;
    double cmax = 0, tmax = 0;
    json_array_foreach(points, i, p)
    {
        cmax = fmax(cmax, jnum(p, "ctx"));
        tmax = fmax(tmax, jnum(p, "tps"));
    }
    double W = 640, H = 240, L = 56, R = 16, T = 16, B = 40;
    sb_put(b, "<figure class=\"chart\"><svg viewBox=\"0 0 640 240\" role=\"img\" aria-label=\"context sweep\">");
    sb_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" class=\"plot\"/>", L, T, W - L - R, H - T - B);
    /* ticks on both axes: context in K tokens, speed in tok/s */
    for (int k = 0; k <= 4; k++) {
        double c = cmax * k / 4, x = L + (double)k / 4 * (W - L - R);
        sb_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%g\" y2=\"%g\" class=\"grid\"/><text x=\"%.1f\" y=\"%g\" "
                     "class=\"tick\" text-anchor=\"middle\">%.0fK</text>",
                  x, x, T, H - B, x, H - B + 14, c / 1024);
    }
    for (int k = 0; k <= 2; k++) {
        double t = tmax * k / 2, y = H - B - (double)k / 2 * (H - T - B);
        sb_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/><text x=\"%g\" y=\"%.1f\" "
                     "class=\"tick\" text-anchor=\"end\">%.0f</text>",
                  L, W - R, y, y, L - 4, y + 4, t);
    }
    sb_put(b, "<polyline class=\"sweep\" points=\"");
    json_array_foreach(points, i, p)
        sb_printf(b, "%.1f,%.1f ", L + jnum(p, "ctx") / cmax * (W - L - R), H - B - jnum(p, "tps") / tmax * (H - T - B));
    sb_printf(b, "\"/><text x=\"%g\" y=\"%g\" class=\"axis\">context tokens (max %.0f)</text>"
                 "<text x=\"14\" y=\"%g\" class=\"axis\" transform=\"rotate(-90 14 %g)\">decode tok/s</text></svg>"
                 "<figcaption>Decode speed as the context fills: each point is the speed of the next token with that "
                 "many tokens already in the cache.</figcaption></figure>\n",
              L + 200, H - 6, cmax, T + 120, T + 120);
}
