/* calibrate.c: fits the engine's efficiency constants from the catalog's measurements.
 * Decode: 1/tps = inv_eff * bytes/BW + layer_s * layers + moe_s * moe_layers + att_s * attention
 * GFLOP at the depth, a weighted least-squares fit (weights 1/y, so every row counts by its
 * relative error) per class (backend/vendor), with non-negativity by an active-set loop.
 * Prefill: the achieved FLOP rate over the vector fp32 peak (fp32_tflops), the median per class,
 * for dense models with quantized weights, MoE models and dense 16-bit weights apart. Classes
 * with too few rows use the pooled fit; the pooled fit, when it has too few rows, uses the
 * priors of docs/engine.md.
 * Residuals are leave-one-out: each row is predicted by a fit that never saw it. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Priors: used only where no measurement supports a fit (docs/engine.md, "Priors"). */
#define PRIOR_INV_EFF 1.25
#define PRIOR_LAYER_S 40e-6
#define PRIOR_MOE_S 0.0
#define PRIOR_PP_EFF 0.25
#define PRIOR_PP_EFF_MOE 0.12
#define PRIOR_ATT_S 0.0
#define MIN_ROWS 3
#define NX AIB_DECODE_NX
/* a decode row at this mean depth or deeper tells the attention cost apart from the rest */
#define DEEP_TOKENS 1024.0
/* prefill: a prompt's mean context up to this shows the matmuls' efficiency (attention is a few
 * percent of the work); from PP_DEEP_TOKENS on, attention's own cost */
#define PP_SHALLOW_TOKENS 2048.0
#define PP_DEEP_TOKENS 4096.0
#define PRIOR_PP_ATT 1.0

/* prefill kinds: separate medians, since they run different kernels */
enum { PP_DENSE = 0, PP_MOE = 1, PP_F16 = 2 };

typedef struct {
    char key[32];
    double x[NX], y; /* decode: features and seconds per token; prefill: x[0] achieved share of the
                      * peak, x[1] and x[2] seconds per token of the weights and of attention at the
                      * peak, x[3] mean context; y tok/s */
    int moe;         /* decode: a MoE model; prefill: the kind, PP_* */
    int deep;        /* decode: mean depth >= DEEP_TOKENS; prefill: mean context >= PP_DEEP_TOKENS */
    const aib_measurement *m; /* the row this came from */
    const char *hw_family, *model_family;
} obs;

/* Whether row i counts for class key (NULL: every GPU class, cpu apart) and is not skipped. */
static int in_class(const obs *o, int i, const char *key, const unsigned char *skip)
{
    return !(skip && skip[i]) && (key ? !strcmp(o[i].key, key) : strcmp(o[i].key, "cpu") != 0);
}

static void class_key(const char *backend, const char *vendor, char *out, size_t n)
{
    if (!strcmp(backend, "cpu"))
        snprintf(out, n, "cpu");
    else
        snprintf(out, n, "%s/%s", backend, vendor ? vendor : "none");
}

static int test_tokens(const char *test) { return atoi(test + 2); }

/* Builds the observations of decode (tg) and prefill (pp) rows the engine can size. */
static aib_status collect(const aib_catalog *cat, obs **tg, int *ntg, obs **pp, int *npp)
{
    size_t n = cat->n_meas;
    *tg = aib_calloc(n + 1, sizeof(obs));
    *pp = aib_calloc(n + 1, sizeof(obs));
    *ntg = *npp = 0;
    if (!*tg || !*pp) {
        aib_free(*tg), aib_free(*pp);
        *tg = *pp = NULL;
        return AIB_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const aib_measurement *x = &cat->meas[i];
        const aib_hw *h = aib_catalog_find_hw(cat, x->hw);
        const aib_model *m = aib_catalog_find_model(cat, x->model);
        const aib_quant *q = aib_catalog_find_quant(cat, x->quant);
        aib_setup s;
        aib_setup_init(&s);
        if (!h || !m || !q || aib_setup_from(&s, h, m, q, x->backend, NULL) != AIB_OK)
            continue;
        if (!m->layers || !aib_has(m->layers))
            continue;
        int tokens = test_tokens(x->test);
        obs o = {{0}, {0}, 0, aib_has(m->experts), 0, x, h->family ? h->family : h->id, m->family ? m->family : m->id};
        class_key(s.backend, s.gpu_vendor, o.key, sizeof o.key);
        /* no row may reach the fit with a number that is not finite and positive (imports are
         * held to physics, but a database edited by hand is not) */
        if (!(x->tps > 0) || !isfinite(x->tps) || x->tps > 1e6 || !(x->depth >= 0) || !isfinite(x->depth))
            continue;
        if (!strncmp(x->test, "tg", 2)) {
            /* generation of N tokens reads the cache at depth d .. d+N: its mean */
            aib_decode_features(&s, x->depth + tokens / 2.0, 1.0, s.bandwidth_gbs, o.x);
            o.deep = x->depth + tokens / 2.0 >= DEEP_TOKENS;
            o.y = 1.0 / x->tps;
            int finite = 1;
            for (int j = 0; j < NX; j++)
                finite &= isfinite(o.x[j]) && o.x[j] >= 0;
            if (finite && o.x[0] > 0)
                (*tg)[(*ntg)++] = o;
        } else if (aib_has(s.tflops)) {
            double ctx = x->depth + tokens / 2.0, flops = aib_prefill_flops(m, ctx), att = aib_prefill_att_flops(m, ctx);
            o.x[0] = x->tps * flops / (s.tflops * 1e12); /* the achieved share of the peak */
            o.x[1] = (flops - att) / (s.tflops * 1e12);   /* seconds per token of the weights at the peak */
            o.x[2] = att / (s.tflops * 1e12);             /* and of attention */
            o.x[3] = ctx;
            o.deep = ctx >= PP_DEEP_TOKENS;
            o.moe = o.moe ? PP_MOE : q->bpw >= 16 ? PP_F16 : PP_DENSE;
            o.y = x->tps;
            if (isfinite(o.x[0]) && o.x[0] > 0)
                (*pp)[(*npp)++] = o;
        }
    }
    return AIB_OK;
}

/* Solves the k x k system a * p = b by Gaussian elimination with partial pivoting. */
static int solve(int k, double a[NX][NX], double b[NX], double p[NX])
{
    for (int c = 0; c < k; c++) {
        int piv = c;
        for (int r = c + 1; r < k; r++)
            if (fabs(a[r][c]) > fabs(a[piv][c]))
                piv = r;
        if (fabs(a[piv][c]) < 1e-30)
            return -1;
        for (int j = 0; j < k; j++) {
            double t = a[c][j];
            a[c][j] = a[piv][j], a[piv][j] = t;
        }
        double t = b[c];
        b[c] = b[piv], b[piv] = t;
        for (int r = c + 1; r < k; r++) {
            double f = a[r][c] / a[c][c];
            for (int j = c; j < k; j++)
                a[r][j] -= f * a[c][j];
            b[r] -= f * b[c];
        }
    }
    for (int r = k - 1; r >= 0; r--) {
        double s = b[r];
        for (int j = r + 1; j < k; j++)
            s -= a[r][j] * p[j];
        p[r] = s / a[r][r];
    }
    return 0;
}

/* Weighted least squares over the rows that match key (NULL: all but cpu), skipping index
 * skip. free_[j] says which parameters are fitted; fixed ones keep their value in p.
 * Returns the number of rows used, or -1 when the system is singular. */
static int wls(const obs *o, int n, const char *key, const unsigned char *skip, const int free_[NX], double p[NX])
{
    double a[NX][NX] = {{0}}, b[NX] = {0};
    int idx[NX], k = 0, used = 0;
    for (int j = 0; j < NX; j++)
        if (free_[j])
            idx[k++] = j;
    for (int i = 0; i < n; i++) {
        if (!in_class(o, i, key, skip))
            continue;
        double w = 1.0 / (o[i].y * o[i].y); /* (1/y)^2: squared relative error */
        double r = o[i].y;
        for (int j = 0; j < NX; j++)
            if (!free_[j])
                r -= p[j] * o[i].x[j];
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++)
                a[u][v] += w * o[i].x[idx[u]] * o[i].x[idx[v]];
            b[u] += w * o[i].x[idx[u]] * r;
        }
        used++;
    }
    if (k == 0)
        return used;
    double sol[NX];
    if (used < k || solve(k, a, b, sol))
        return -1;
    for (int u = 0; u < k; u++)
        p[idx[u]] = sol[u];
    return used;
}

/* One weighted least-squares fit of a class with non-negativity (an active-set loop). */
static int fit_once(const obs *o, int n, const char *key, const unsigned char *skip, const double fallback[NX],
                    double p[NX], int *own_att)
{
    *own_att = 0;
    int rows = 0, moe_rows = 0, deep_rows = 0;
    for (int i = 0; i < n; i++)
        if (in_class(o, i, key, skip))
            rows++, moe_rows += o[i].moe, deep_rows += o[i].deep;
    if (rows < MIN_ROWS)
        return 0;
    int free_[NX] = {1, 1, moe_rows >= 2, deep_rows >= 2};
    *own_att = free_[3];
    p[0] = 1, p[1] = 0;
    p[2] = free_[2] ? 0 : fallback[2];
    p[3] = free_[3] ? 0 : fallback[3];
    static const double lower[NX] = {1, 0, 0, 0};
    /* active set: a parameter that comes out below its bound is pinned there and the rest refitted */
    for (int iter = 0; iter < NX + 1; iter++) {
        if (wls(o, n, key, skip, free_, p) < 0)
            return 0;
        int pinned = 0;
        for (int j = 0; j < NX; j++)
            if (free_[j] && p[j] < lower[j])
                p[j] = lower[j], free_[j] = 0, pinned = 1;
        if (!pinned)
            break;
    }
    for (int j = 0; j < NX; j++)
        if (!isfinite(p[j]) || p[j] > 1e6) /* a guard: a constant is never NaN or infinite */
            return 0;
    return rows;
}

/* The fit's time for a row over the measured time. */
static double fit_ratio(const double p[NX], const obs *o)
{
    double t = 0;
    for (int j = 0; j < NX; j++)
        t += p[j] * o->x[j];
    return t / o->y;
}

/* Fits (inv_eff, layer_s, moe_s, att_s) for one class, robustly: rows the first fit misses by
 * more than a factor of QUARANTINE either way are set aside (marked in quar, when given) and
 * the class refitted without them, so one absurd row cannot drag a class's constants.
 * fallback[2] and fallback[3] are used when the class has fewer than two MoE rows, or fewer
 * than two deep rows (a depth of DEEP_TOKENS or more), to fit moe_s or att_s on. Returns the
 * rows used, or 0 when a fit is not possible. */
#define QUARANTINE 2.0
static int fit_decode(const obs *o, int n, const char *key, const unsigned char *skip, const double fallback[NX],
                      double p[NX], int *own_att, unsigned char *quar)
{
    int rows = fit_once(o, n, key, skip, fallback, p, own_att);
    if (!rows)
        return 0;
    unsigned char *mask = NULL;
    int out = 0;
    for (int i = 0; i < n; i++) {
        if (!in_class(o, i, key, skip))
            continue;
        double r = fit_ratio(p, &o[i]);
        if (r > QUARANTINE || r < 1 / QUARANTINE) {
            if (!mask && !(mask = aib_calloc((size_t)n, 1)))
                return rows;
            mask[i] = 1, out++;
        }
    }
    if (!out)
        return rows;
    if (out * 4 > rows) { /* a quarter of a class is not an outlier: the model misses, say nothing */
        aib_free(mask);
        return rows;
    }
    for (int i = 0; skip && i < n; i++)
        mask[i] |= skip[i] ? 2 : 0;
    double q[NX];
    memcpy(q, p, sizeof q);
    int again = fit_once(o, n, key, mask, fallback, q, own_att);
    if (again) {
        memcpy(p, q, sizeof q);
        rows = again;
        for (int i = 0; quar && i < n; i++)
            quar[i] |= mask[i] == 1;
    }
    aib_free(mask);
    return rows;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median of v[0..k) (sorted in place); NaN when k is 0. */
static double median_of(double *v, int k)
{
    if (!k)
        return NAN;
    qsort(v, (size_t)k, sizeof v[0], cmp_double);
    return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

/* Median achieved prefill efficiency of the rows of a class (NULL: all but cpu) and kind (PP_*). */
static double median_eff(const obs *o, int n, const char *key, int moe, const unsigned char *skip, int *count)
{
    int k = 0;
    double *v = aib_malloc(((size_t)n + 1) * sizeof *v);
    /* the rows with short prompts say how fast the matmuls run; all rows where there are none */
    for (int shallow_only = 1; shallow_only >= 0 && k == 0; shallow_only--)
        for (int i = 0; v && i < n; i++)
            if (in_class(o, i, key, skip) && o[i].moe == moe && (!shallow_only || o[i].x[3] <= PP_SHALLOW_TOKENS))
                v[k++] = o[i].x[0];
    *count = 0;
    for (int i = 0; i < n; i++)
        *count += in_class(o, i, key, skip) && o[i].moe == moe;
    double med = median_of(v, k);
    aib_free(v);
    return med;
}

static double eff_of(const aib_calib *c, int kind)
{
    return kind == PP_MOE ? c->pp_eff_moe : kind == PP_F16 ? c->pp_eff_f16 : c->pp_eff;
}

/* How many times slower than the matmuls prefill's attention runs, from deep prompts of a class
 * (key; NULL: all but cpu), each row's efficiency that of its own class (cal's row for it):
 * the median of (measured time x efficiency - weights' time) / attention's time; NaN with
 * fewer than two deep rows. */
static double median_att(const obs *o, int n, const char *key, const unsigned char *skip, const aib_calibration *cal,
                         int *count)
{
    int k = 0;
    double *v = aib_malloc(((size_t)n + 1) * sizeof *v);
    for (int i = 0; v && i < n; i++) {
        if (!in_class(o, i, key, skip) || !o[i].deep || !(o[i].x[2] > 0))
            continue;
        const aib_calib *c = NULL;
        for (int j = 0; j < cal->n && !c; j++)
            if (!strcmp(cal->rows[j].key, o[i].key))
                c = &cal->rows[j];
        if (!c)
            continue;
        double b = (eff_of(c, o[i].moe) / o[i].y - o[i].x[1]) / o[i].x[2];
        v[k++] = fmin(fmax(b, 0), 100);
    }
    *count = k;
    double med = k >= 2 ? median_of(v, k) : NAN;
    aib_free(v);
    return med;
}

static void set_row(aib_calib *c, const char *key, const char *from, const double p[NX])
{
    snprintf(c->key, sizeof c->key, "%s", key);
    snprintf(c->from, sizeof c->from, "%s", from);
    c->inv_eff = p[0], c->layer_s = p[1], c->moe_s = p[2], c->att_s = p[3];
}

/* Builds the whole table, leaving out the rows marked in skip_tg and skip_pp (NULL: none). */
static void fit_table(const obs *tg, int ntg, const obs *pp, int npp, const unsigned char *skip_tg,
                      const unsigned char *skip_pp, aib_calibration *cal, unsigned char *quar)
{
    memset(cal, 0, sizeof *cal);
    static const double priors[NX] = {PRIOR_INV_EFF, PRIOR_LAYER_S, PRIOR_MOE_S, PRIOR_ATT_S};
    double pooled[NX];
    memcpy(pooled, priors, sizeof pooled);
    int own_att;
    int n_pooled = fit_decode(tg, ntg, NULL, skip_tg, priors, pooled, &own_att, NULL);
    if (!n_pooled)
        memcpy(pooled, priors, sizeof pooled);
    int c_dense, c_moe, c_f16;
    double pp_pooled = median_eff(pp, npp, NULL, PP_DENSE, skip_pp, &c_dense);
    double pp_pooled_moe = median_eff(pp, npp, NULL, PP_MOE, skip_pp, &c_moe);
    double pp_pooled_f16 = median_eff(pp, npp, NULL, PP_F16, skip_pp, &c_f16);
    if (isnan(pp_pooled))
        pp_pooled = PRIOR_PP_EFF;
    if (isnan(pp_pooled_moe))
        pp_pooled_moe = PRIOR_PP_EFF_MOE;
    if (isnan(pp_pooled_f16)) /* no 16-bit rows: the quantized figure */
        pp_pooled_f16 = pp_pooled;

    aib_calib *star = &cal->rows[cal->n++];
    set_row(star, "*", n_pooled ? "*" : "prior", pooled);
    snprintf(star->att_from, sizeof star->att_from, "%s", n_pooled && own_att ? "*" : "prior");
    star->n_tg = n_pooled;
    star->pp_eff = pp_pooled, star->pp_eff_moe = pp_pooled_moe, star->pp_eff_f16 = pp_pooled_f16;
    star->n_pp = c_dense + c_moe + c_f16;

    char star_att[32];
    snprintf(star_att, sizeof star_att, "%s", star->att_from);
    /* every class seen in the data, plus cpu (which must not borrow the GPU fit) */
    const char *keys[31];
    int nk = 0;
    keys[nk++] = "cpu";
    for (int pass = 0; pass < 2; pass++) {
        const obs *o = pass ? pp : tg;
        int n = pass ? npp : ntg;
        for (int i = 0; i < n; i++) {
            int seen = 0;
            for (int j = 0; j < nk; j++)
                seen |= !strcmp(keys[j], o[i].key);
            if (!seen && nk < 31)
                keys[nk++] = o[i].key;
        }
    }
    for (int j = 0; j < nk; j++) {
        aib_calib *c = &cal->rows[cal->n++];
        int is_cpu = !strcmp(keys[j], "cpu");
        double p[NX];
        /* a class without deep rows borrows att_s from the pooled fit (and says so in att_from): the
         * slowdown with depth differs between backends' attention kernels, but a class that has not
         * been measured deep still slows down; zero would make it look faster the deeper it goes */
        double fb[NX] = {0, 0, is_cpu ? PRIOR_MOE_S : pooled[2], is_cpu ? PRIOR_ATT_S : pooled[3]};
        int rows = fit_decode(tg, ntg, keys[j], skip_tg, fb, p, &own_att, quar);
        if (rows) {
            set_row(c, keys[j], keys[j], p);
            snprintf(c->att_from, sizeof c->att_from, "%s", own_att ? keys[j] : is_cpu ? "prior" : star_att);
        } else if (is_cpu) {
            set_row(c, keys[j], "prior", priors);
            snprintf(c->att_from, sizeof c->att_from, "prior");
        } else {
            char from[32];
            snprintf(from, sizeof from, "%s", star->from);
            set_row(c, keys[j], from, pooled);
            snprintf(c->att_from, sizeof c->att_from, "%s", star_att);
        }
        c->n_tg = rows ? rows : (strcmp(c->from, "prior") ? star->n_tg : 0); /* rows behind the numbers used */
        int nd, nm, nf;
        double e = median_eff(pp, npp, keys[j], PP_DENSE, skip_pp, &nd);
        double em = median_eff(pp, npp, keys[j], PP_MOE, skip_pp, &nm);
        double ef = median_eff(pp, npp, keys[j], PP_F16, skip_pp, &nf);
        c->pp_eff = isnan(e) ? (is_cpu ? PRIOR_PP_EFF : pp_pooled) : e;
        c->pp_eff_moe = isnan(em) ? (is_cpu ? PRIOR_PP_EFF_MOE : pp_pooled_moe) : em;
        c->pp_eff_f16 = !isnan(ef) ? ef : is_cpu ? c->pp_eff : pp_pooled_f16;
        c->n_pp = nd + nm + nf ? nd + nm + nf : (is_cpu ? 0 : star->n_pp);
    }
    /* attention in prefill: each class from its deep prompts, else the pooled figure (cpu: the prior) */
    int na;
    double pooled_att = median_att(pp, npp, NULL, skip_pp, cal, &na);
    star->pp_att = isnan(pooled_att) ? PRIOR_PP_ATT : pooled_att;
    for (int i = 1; i < cal->n; i++) {
        aib_calib *c = &cal->rows[i];
        double b = median_att(pp, npp, c->key, skip_pp, cal, &na);
        c->pp_att = !isnan(b) ? b : !strcmp(c->key, "cpu") ? PRIOR_PP_ATT : star->pp_att;
    }
}

const aib_calib *aib_calibration_for(const aib_calibration *cal, const char *backend, const char *vendor)
{
    static const aib_calib prior = {.key = "prior", .inv_eff = PRIOR_INV_EFF, .layer_s = PRIOR_LAYER_S,
                                    .moe_s = PRIOR_MOE_S, .att_s = PRIOR_ATT_S, .pp_eff = PRIOR_PP_EFF,
                                    .pp_eff_moe = PRIOR_PP_EFF_MOE, .pp_eff_f16 = PRIOR_PP_EFF, .pp_att = PRIOR_PP_ATT,
                                    .from = "prior"};
    if (!cal || !backend)
        return &prior;
    char key[32];
    class_key(backend, vendor, key, sizeof key);
    for (int i = 0; i < cal->n; i++)
        if (!strcmp(cal->rows[i].key, key))
            return &cal->rows[i];
    if (strcmp(key, "cpu"))
        for (int i = 0; i < cal->n; i++)
            if (!strcmp(cal->rows[i].key, "*"))
                return &cal->rows[i];
    return &prior;
}

static double pct(double *v, int n, double q)
{
    if (n == 0)
        return 0;
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    double pos = q * (n - 1);
    int lo = (int)floor(pos);
    int hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

static const aib_calib *row_for_key(const aib_calibration *cal, const char *key);
static const aib_calib *row_for_key(const aib_calibration *cal, const char *key)
{
    for (int i = 0; i < cal->n; i++)
        if (!strcmp(cal->rows[i].key, key))
            return &cal->rows[i];
    return &cal->rows[0];
}

static double predict_tg(const aib_calibration *cal, const obs *o)
{
    const aib_calib *c = row_for_key(cal, o->key);
    return 1.0 / aib_decode_time(c, o->x);
}

/* Predicted prefill speed over the measured one, for a row. */
static double predict_pp_ratio(const aib_calibration *cal, const obs *o)
{
    const aib_calib *c = row_for_key(cal, o->key);
    return eff_of(c, o->moe) / (o->x[1] + c->pp_att * o->x[2]) / o->y;
}


/* Bump when the fit changes what it computes from the same measurements. */
#define CALIBRATION_VERSION "aibench-calibration-6 (decode: 4 features, depth borrowed from the pool, outliers set aside; prefill: dense, moe, f16 from short prompts, attention factor from deep ones; bands per class from residuals grouped by hardware family)"

/* FNV-1a 64 over a string and its terminator (NULL counts as empty) */
static void mix_str(unsigned long long *h, const char *str)
{
    for (const char *p = str ? str : "";; p++) {
        *h ^= (unsigned char)*p;
        *h *= 1099511628211ULL;
        if (!*p)
            break;
    }
}

void aib_calibration_basis(const aib_catalog *cat, char out[17])
{
    unsigned long long h = 1469598103934665603ULL;
#define MIXS(str) mix_str(&h, str)
    MIXS(CALIBRATION_VERSION);
    for (size_t i = 0; i < cat->n_meas; i++) {
        const aib_measurement *x = &cat->meas[i];
        MIXS(x->hw);
        MIXS(x->model);
        MIXS(x->quant);
        MIXS(x->backend);
        MIXS(x->test);
        /* the numbers' bytes (printing 100,000 rows' numbers cost more than the fit) */
        const double v[2] = {x->depth, x->tps};
        const unsigned char *b = (const unsigned char *)v;
        for (size_t k = 0; k < sizeof v; k++)
            h ^= b[k], h *= 1099511628211ULL;
    }
    /* the hardware and model numbers the features are computed from */
    for (size_t i = 0; i < cat->n_hw; i++) {
        char num[160];
        snprintf(num, sizeof num, "%s %.17g %.17g %.17g", cat->hw[i].id, cat->hw[i].bandwidth_gbs, cat->hw[i].fp32_tflops,
                 cat->hw[i].memory_gb);
        MIXS(num);
    }
    for (size_t i = 0; i < cat->n_models; i++) {
        const aib_model *m = &cat->models[i];
        char num[200];
        snprintf(num, sizeof num, "%s %.17g %.17g %.17g %.17g %.17g %.17g", m->id, m->params_active_b, m->layers,
                 m->kv_heads, m->head_dim, m->heads, m->experts);
        MIXS(num);
    }
    for (size_t i = 0; i < cat->n_quants; i++) {
        char num[128];
        snprintf(num, sizeof num, "%s %.17g %.17g", cat->quants[i].id, cat->quants[i].bpw, cat->quants[i].dense_bpw);
        MIXS(num);
    }
#undef MIXS
    snprintf(out, 17, "%016llx", h);
}

/* The constants' guard: a row that is not finite takes the prior's numbers. */
static void guard(aib_calibration *cal)
{
    const aib_calib *prior = aib_calibration_for(NULL, NULL, NULL);
    for (int i = 0; i < cal->n; i++) {
        aib_calib *c = &cal->rows[i];
        double *v[] = {&c->inv_eff, &c->layer_s, &c->moe_s, &c->att_s, &c->pp_eff, &c->pp_eff_moe, &c->pp_eff_f16,
                       &c->pp_att};
        const double *d[] = {&prior->inv_eff, &prior->layer_s, &prior->moe_s, &prior->att_s, &prior->pp_eff,
                             &prior->pp_eff_moe, &prior->pp_eff_f16, &prior->pp_att};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            if (!isfinite(*v[k]) || *v[k] < 0 || (k >= 4 && k < 7 && !(*v[k] > 0)))
                *v[k] = *d[k];
    }
}

/* The error bands come from grouped cross-validation: every row is predicted by a fit that
 * never saw its hardware family, as an estimate for a new machine would be, so the p10..p90
 * band holds about 80% of what new hardware measures (validate reports the coverage). One fit
 * per family: the cost grows with the rows times the families. */

/* Residuals (estimate/measured - 1) of the rows not in skip_tg/skip_pp, each predicted with its
 * hardware family left out of the fit (as well as the skipped rows); rows with no residual get
 * NaN. */
static void grouped_residuals(const obs *tg, int ntg, const obs *pp, int npp, const unsigned char *skip_tg,
                              const unsigned char *skip_pp, double *rt, double *rp, aib_calibration *cv,
                              unsigned char *mt, unsigned char *mp, unsigned char *done_t, unsigned char *done_p)
{
    for (int i = 0; i < ntg; i++)
        rt[i] = NAN, done_t[i] = skip_tg && skip_tg[i];
    for (int i = 0; i < npp; i++)
        rp[i] = NAN, done_p[i] = skip_pp && skip_pp[i];
    for (int pass = 0; pass < 2; pass++) {
        const obs *o = pass ? pp : tg;
        int n = pass ? npp : ntg;
        unsigned char *done = pass ? done_p : done_t;
        for (int i = 0; i < n; i++) {
            if (done[i])
                continue;
            const char *fam = o[i].hw_family;
            for (int k = 0; k < ntg; k++)
                mt[k] = (skip_tg && skip_tg[k]) || !strcmp(tg[k].hw_family, fam);
            for (int k = 0; k < npp; k++)
                mp[k] = (skip_pp && skip_pp[k]) || !strcmp(pp[k].hw_family, fam);
            fit_table(tg, ntg, pp, npp, mt, mp, cv, NULL);
            guard(cv);
            for (int k = 0; k < ntg; k++)
                if (!done_t[k] && !strcmp(tg[k].hw_family, fam))
                    rt[k] = predict_tg(cv, &tg[k]) * tg[k].y - 1, done_t[k] = 1; /* with y = 1 / measured */
            for (int k = 0; k < npp; k++)
                if (!done_p[k] && !strcmp(pp[k].hw_family, fam))
                    rp[k] = predict_pp_ratio(cv, &pp[k]) - 1, done_p[k] = 1;
        }
    }
}

/* p10 and p90 of the finite residuals of the rows of class key (NULL: all); the count. */
static int band_of(const obs *o, const double *r, int n, const char *key, double *p10, double *p50, double *p90,
                   double *buf)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(r[i]) && (!key || !strcmp(o[i].key, key)))
            buf[k++] = r[i];
    *p10 = pct(buf, k, 0.10);
    if (p50)
        *p50 = pct(buf, k, 0.50);
    *p90 = pct(buf, k, 0.90);
    return k;
}

/* Sets the pooled band and each class's own (where it has AIB_BAND_MIN_ROWS residuals) from
 * residuals rt, rp. */
static void set_bands(aib_calibration *cal, const obs *tg, int ntg, const obs *pp, int npp, const double *rt,
                      const double *rp, double *buf)
{
    cal->n_tg_resid = band_of(tg, rt, ntg, NULL, &cal->tg_p10, &cal->tg_p50, &cal->tg_p90, buf);
    cal->n_pp_resid = band_of(pp, rp, npp, NULL, &cal->pp_p10, &cal->pp_p50, &cal->pp_p90, buf);
    for (int i = 0; i < cal->n; i++) {
        aib_calib *c = &cal->rows[i];
        c->n_tg_band = band_of(tg, rt, ntg, c->key, &c->tg_p10, NULL, &c->tg_p90, buf);
        c->n_pp_band = band_of(pp, rp, npp, c->key, &c->pp_p10, NULL, &c->pp_p90, buf);
        if (c->n_tg_band < AIB_BAND_MIN_ROWS)
            c->tg_p10 = c->tg_p90 = NAN;
        if (c->n_pp_band < AIB_BAND_MIN_ROWS)
            c->pp_p10 = c->pp_p90 = NAN;
    }
}

aib_status aib_calibrate(const aib_catalog *cat, aib_calibration *out, aib_error *err)
{
    obs *tg, *pp;
    int ntg, npp;
    if (collect(cat, &tg, &ntg, &pp, &npp))
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    double *rt = aib_calloc((size_t)ntg + 1, sizeof(double));
    double *rp = aib_calloc((size_t)npp + 1, sizeof(double));
    unsigned char *mt = aib_calloc((size_t)ntg + 1, 1), *mp = aib_calloc((size_t)npp + 1, 1);
    unsigned char *quar = aib_calloc((size_t)ntg + 1, 1);
    aib_calibration *cv = aib_malloc(sizeof *cv);
    if (!rt || !rp || !cv || !mt || !mp || !quar) {
        aib_free(rt), aib_free(rp), aib_free(cv), aib_free(mt), aib_free(mp), aib_free(quar), aib_free(tg), aib_free(pp);
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    }
    fit_table(tg, ntg, pp, npp, NULL, NULL, out, quar);
    guard(out);

    /* grouped residuals, estimate / measured - 1; the rows the fit set aside are not in them */
    unsigned char *dt = aib_calloc((size_t)ntg + 1, 1), *dp = aib_calloc((size_t)npp + 1, 1);
    double *buf = aib_malloc(((size_t)(ntg > npp ? ntg : npp) + 1) * sizeof *buf);
    if (!dt || !dp || !buf) {
        aib_free(dt), aib_free(dp), aib_free(buf);
        aib_free(rt), aib_free(rp), aib_free(cv), aib_free(mt), aib_free(mp), aib_free(quar), aib_free(tg), aib_free(pp);
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    }
    grouped_residuals(tg, ntg, pp, npp, quar, NULL, rt, rp, cv, mt, mp, dt, dp);
    set_bands(out, tg, ntg, pp, npp, rt, rp, buf);
    aib_free(dt), aib_free(dp), aib_free(buf);

    /* the rows set aside, with the full fit's estimate for each */
    for (int i = 0; i < ntg; i++) {
        if (!quar[i])
            continue;
        if (out->n_outliers < AIB_MAX_OUTLIERS) {
            aib_outlier *q = &out->outliers[out->n_outliers];
            const aib_measurement *x = tg[i].m;
            snprintf(q->hw, sizeof q->hw, "%s", x->hw);
            snprintf(q->model, sizeof q->model, "%s", x->model);
            snprintf(q->quant, sizeof q->quant, "%s", x->quant);
            snprintf(q->backend, sizeof q->backend, "%s", x->backend);
            snprintf(q->test, sizeof q->test, "%s", x->test);
            q->depth = x->depth;
            q->tps = x->tps;
            q->estimate = predict_tg(out, &tg[i]);
        }
        out->n_outliers++;
    }
    aib_calibration_basis(cat, out->basis);
    out->stored = 0;
    aib_free(rt), aib_free(rp), aib_free(cv), aib_free(mt), aib_free(mp), aib_free(quar), aib_free(tg), aib_free(pp);
    return AIB_OK;
}

/* ---- validation: grouped cross-validation ---- */

static void add_row(aib_validation *v, const obs *o, double est, double meas, int prefill, double p10, double p90)
{
    if (v->n >= v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        aib_validation_row *r = aib_realloc(v->rows, cap * sizeof *r);
        if (!r)
            return;
        v->rows = r, v->cap = cap;
    }
    aib_validation_row *r = &v->rows[v->n++];
    r->m = o->m;
    r->prefill = prefill;
    r->moe = prefill ? o->moe == PP_MOE : o->moe;
    r->estimate = est;
    r->measured = meas;
    r->error = est / meas - 1;
    r->low = est / (1 + p90), r->high = est / (1 + p10);
    r->in_band = meas >= r->low && meas <= r->high;
    snprintf(r->fold, sizeof r->fold, "%s", v->by_model == AIB_VALIDATE_MOE_MODEL ? o->m->model
                                             : v->by_model ? o->model_family : o->hw_family);
    snprintf(r->calib_key, sizeof r->calib_key, "%s", o->key);
}

aib_status aib_validate(const aib_catalog *cat, int by_model, aib_validation *v, aib_error *err)
{
    memset(v, 0, sizeof *v);
    v->by_model = by_model;
    obs *tg, *pp;
    int ntg, npp;
    if (collect(cat, &tg, &ntg, &pp, &npp))
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    unsigned char *mt = aib_calloc((size_t)ntg + 1, 1), *mp = aib_calloc((size_t)npp + 1, 1);
    unsigned char *done_t = aib_calloc((size_t)ntg + 1, 1), *done_p = aib_calloc((size_t)npp + 1, 1);
    unsigned char *it = aib_calloc((size_t)ntg + 1, 1), *ip = aib_calloc((size_t)npp + 1, 1);
    unsigned char *dt = aib_calloc((size_t)ntg + 1, 1), *dp = aib_calloc((size_t)npp + 1, 1);
    double *rt = aib_calloc((size_t)ntg + 1, sizeof(double)), *rp = aib_calloc((size_t)npp + 1, sizeof(double));
    double *buf = aib_calloc((size_t)(ntg > npp ? ntg : npp) + 1, sizeof(double));
    aib_calibration *cal = aib_malloc(sizeof *cal), *inner = aib_malloc(sizeof *inner);
    aib_status st = AIB_OK;
    if (!mt || !mp || !done_t || !done_p || !cal || !inner || !it || !ip || !dt || !dp || !rt || !rp || !buf) {
        st = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
        goto out;
    }
    /* each fold (a hardware family, a model family, or one MoE model) is left out of the fit in
     * turn; leaving out one MoE model tests the MoE term on a model it never saw, its dense rows
     * staying in */
    int moe_only = by_model == AIB_VALIDATE_MOE_MODEL;
    for (int i = 0; moe_only && i < ntg; i++)
        done_t[i] = !tg[i].moe;
    for (int i = 0; moe_only && i < npp; i++)
        done_p[i] = pp[i].moe != PP_MOE;
#define FOLD_OF(x) (moe_only ? (x).m->model : by_model ? (x).model_family : (x).hw_family)
    for (int pass = 0; pass < 2; pass++) {
        obs *o = pass ? pp : tg;
        int n = pass ? npp : ntg;
        unsigned char *done = pass ? done_p : done_t;
        for (int i = 0; i < n; i++) {
            if (done[i])
                continue;
            const char *fold = FOLD_OF(o[i]);
            memset(mt, 0, (size_t)ntg), memset(mp, 0, (size_t)npp);
            for (int k = 0; k < ntg; k++)
                mt[k] = !strcmp(FOLD_OF(tg[k]), fold);
            for (int k = 0; k < npp; k++)
                mp[k] = !strcmp(FOLD_OF(pp[k]), fold);
            fit_table(tg, ntg, pp, npp, mt, mp, cal, NULL);
            guard(cal);
            /* the bands this calibration would carry: its own grouped residuals, the fold left out */
            grouped_residuals(tg, ntg, pp, npp, mt, mp, rt, rp, inner, it, ip, dt, dp);
            set_bands(cal, tg, ntg, pp, npp, rt, rp, buf);
            unsigned char *in = pass ? mp : mt;
            for (int k = 0; k < n; k++) {
                if (!in[k])
                    continue;
                done[k] = 1;
                const aib_calib *c = row_for_key(cal, o[k].key);
                if (pass) {
                    int own = aib_has(c->pp_p10) && aib_has(c->pp_p90);
                    add_row(v, &o[k], o[k].y * predict_pp_ratio(cal, &o[k]), o[k].y, 1,
                            own ? c->pp_p10 : cal->pp_p10, own ? c->pp_p90 : cal->pp_p90);
                } else {
                    int own = aib_has(c->tg_p10) && aib_has(c->tg_p90);
                    add_row(v, &o[k], predict_tg(cal, &o[k]), 1.0 / o[k].y, 0, own ? c->tg_p10 : cal->tg_p10,
                            own ? c->tg_p90 : cal->tg_p90);
                }
            }
            v->folds++;
        }
    }
#undef FOLD_OF
out:
    aib_free(mt), aib_free(mp), aib_free(done_t), aib_free(done_p), aib_free(cal), aib_free(tg), aib_free(pp);
    aib_free(it), aib_free(ip), aib_free(dt), aib_free(dp), aib_free(rt), aib_free(rp), aib_free(buf), aib_free(inner);
    if (st)
        aib_validation_release(v);
    return st;
}

void aib_validation_release(aib_validation *v)
{
    aib_free(v->rows);
    memset(v, 0, sizeof *v);
}

void aib_validation_summary(const aib_validation *v, int prefill, const char *backend, int moe, aib_validation_stats *out)
{
    memset(out, 0, sizeof *out);
    double *a = aib_malloc((v->n + 1) * sizeof *a), *e = aib_malloc((v->n + 1) * sizeof *e);
    if (!a || !e) {
        aib_free(a), aib_free(e);
        return;
    }
    size_t n = 0, w10 = 0, w25 = 0, in_band = 0;
    size_t bl = backend ? strlen(backend) : 0;
    for (size_t i = 0; i < v->n; i++) {
        const aib_validation_row *r = &v->rows[i];
        if (r->prefill != prefill || (moe >= 0 && r->moe != moe))
            continue;
        if (backend && (strncmp(r->calib_key, backend, bl) || (r->calib_key[bl] && r->calib_key[bl] != '/')))
            continue;
        a[n] = fabs(r->error);
        e[n] = r->error;
        w10 += a[n] <= 0.10;
        w25 += a[n] <= 0.25;
        in_band += (size_t)r->in_band;
        n++;
    }
    out->n = n;
    if (n) {
        out->median_ape = pct(a, (int)n, 0.5);
        out->median_error = pct(e, (int)n, 0.5);
        out->within10 = (double)w10 / n;
        out->within25 = (double)w25 / n;
        out->band_coverage = (double)in_band / n;
    }
    aib_free(a), aib_free(e);
}

/* ---- the calibration as text (the static site's engine reads it) ---- */

#define CAL_TEXT_MAGIC "aibench-calibration-text 1"

char *aib_calibration_write_text(const aib_calibration *cal)
{
    size_t cap = 512 + (size_t)cal->n * 480;
    char *s = aib_malloc(cap);
    if (!s)
        return NULL;
    size_t n = (size_t)snprintf(s, cap,
                                "%s\nbasis %s\nresiduals %.17g %.17g %.17g %.17g %.17g %.17g %d %d\noutliers %d\n",
                                CAL_TEXT_MAGIC, cal->basis[0] ? cal->basis : "-", cal->tg_p10, cal->tg_p50, cal->tg_p90,
                                cal->pp_p10, cal->pp_p50, cal->pp_p90, cal->n_tg_resid, cal->n_pp_resid, cal->n_outliers);
    for (int i = 0; i < cal->n && n < cap; i++) {
        const aib_calib *c = &cal->rows[i];
        n += (size_t)snprintf(s + n, cap - n,
                              "class %s %s %s %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %d %d %.17g %.17g %.17g %.17g %d %d\n",
                              c->key, c->from, c->att_from[0] ? c->att_from : "-", c->inv_eff, c->layer_s, c->moe_s,
                              c->att_s, c->pp_eff, c->pp_eff_moe, c->pp_eff_f16, c->pp_att, c->n_tg, c->n_pp, c->tg_p10, c->tg_p90,
                              c->pp_p10, c->pp_p90, c->n_tg_band, c->n_pp_band);
    }
    return s;
}

aib_status aib_calibration_read_text(const char *text, aib_calibration *out, aib_error *err)
{
    aib_calibration *c = aib_calloc(1, sizeof *c);
    if (!c)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    aib_status st = AIB_OK;
    int line = 0, magic = 0;
    for (const char *p = text; *p && !st; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), p);
        p += len + (nl != NULL);
        if (!line) {
            magic = !strcmp(buf, CAL_TEXT_MAGIC);
            continue;
        }
        if (!strncmp(buf, "basis ", 6))
            snprintf(c->basis, sizeof c->basis, "%.16s", buf + 6);
        else if (!strncmp(buf, "residuals ", 10)) {
            if (sscanf(buf + 10, "%lg %lg %lg %lg %lg %lg %d %d", &c->tg_p10, &c->tg_p50, &c->tg_p90, &c->pp_p10, &c->pp_p50,
                       &c->pp_p90, &c->n_tg_resid, &c->n_pp_resid) != 8)
                st = aib_fail(err, AIB_ERR_PARSE, "calibration text:%d: bad residuals", line + 1);
        } else if (!strncmp(buf, "outliers ", 9))
            c->n_outliers = atoi(buf + 9);
        else if (!strncmp(buf, "class ", 6) && c->n < (int)(sizeof c->rows / sizeof c->rows[0])) {
            aib_calib *r = &c->rows[c->n];
            char b4[4][32];
            if (sscanf(buf + 6, "%31s %31s %31s %lg %lg %lg %lg %lg %lg %lg %lg %d %d %31s %31s %31s %31s %d %d", r->key,
                       r->from, r->att_from, &r->inv_eff, &r->layer_s, &r->moe_s, &r->att_s, &r->pp_eff, &r->pp_eff_moe,
                       &r->pp_eff_f16, &r->pp_att, &r->n_tg, &r->n_pp, b4[0], b4[1], b4[2], b4[3], &r->n_tg_band,
                       &r->n_pp_band) != 19 || !(r->pp_att >= 0) ||
                !(r->inv_eff >= 1) || !(r->layer_s >= 0) || !(r->moe_s >= 0) || !(r->att_s >= 0) || !(r->pp_eff > 0) ||
                !(r->pp_eff_moe > 0) || !(r->pp_eff_f16 > 0))
                st = aib_fail(err, AIB_ERR_PARSE, "calibration text:%d: bad class line", line + 1);
            else {
                if (!strcmp(r->att_from, "-"))
                    r->att_from[0] = '\0';
                double *bands[4] = {&r->tg_p10, &r->tg_p90, &r->pp_p10, &r->pp_p90};
                for (int j = 0; j < 4; j++) /* "nan" where the class has no band of its own */
                    *bands[j] = strcmp(b4[j], "nan") && strcmp(b4[j], "-nan") ? strtod(b4[j], NULL) : NAN;
                c->n++;
            }
        } else if (buf[0])
            st = aib_fail(err, AIB_ERR_PARSE, "calibration text:%d: unknown line", line + 1);
    }
    if (!st && (!magic || c->n == 0))
        st = aib_fail(err, AIB_ERR_PARSE, "not a calibration text (%s)", magic ? "no classes" : "no header line");
    if (!st) {
        c->stored = 1;
        *out = *c;
    }
    aib_free(c);
    return st;
}
