/* params.c: the table of every planner input and the reading of one input from text. The
 * CLI's options and --help, the web's query parsing, the API index and docs/params.md all come
 * from this table (request.h); a limit or a default written anywhere else is a bug. */
#include "internal.h"
#include "aibench/request.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 16777216.0 /* 16M: above any model's trained context */
#define NONE NAN

enum {
    P = AIB_REQ_PLAN,
    F = AIB_REQ_FIT,
    W = AIB_REQ_WHERE,
    R = AIB_REQ_REVERSE,
    B = AIB_REQ_BRIEF,
    SETUP = AIB_REQ_PLAN | AIB_REQ_FIT,            /* inputs that describe one setup */
    RUN = AIB_REQ_PLAN | AIB_REQ_FIT | AIB_REQ_WHERE /* inputs of a run on a setup */
};

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})
#define C AIB_PF_CUSTOM
#define CLI AIB_PF_CLI_ONLY

static const aib_param table[AIB_P_COUNT] = {
    {AIB_P_HW, "hw", "hw", NULL, AIB_PT_ID, NULL, 0, 400, NONE, NULL, NULL, NULL, SETUP, 0, "ID",
     "catalog hardware (aibench hw); several cards: ID,ID"},
    {AIB_P_GPUS, "gpus", "gpus", NULL, AIB_PT_INT, "cards", 1, 8, 1, NULL, NULL, "1", P, 0, "N",
     "N of one card together, layers split by memory"},
    {AIB_P_CONFIG, "config", "config", NULL, AIB_PT_NUM, "GiB", 1, 65536, NONE, NULL, NULL, "the entry's own", SETUP, 0,
     "GIB", "catalog hardware: the memory configuration bought (aibench hw ID lists them with prices)"},
    {AIB_P_MEM, "mem", "memory", NULL, AIB_PT_NUM, "GiB", 0.25, 65536, NONE, NULL, NULL, NULL, SETUP, C, "GIB",
     "custom hardware: device memory"},
    {AIB_P_USABLE, "usable", "usable-memory", NULL, AIB_PT_NUM, "GiB", 0.1, 65536, NONE, NULL, NULL,
     "all of it (unified: less the OS's share)", SETUP, C, "GIB", "custom hardware: memory the GPU can use"},
    {AIB_P_BW, "bw", "bandwidth", NULL, AIB_PT_NUM, "GB/s", 1, 100000, NONE, NULL, NULL, NULL, SETUP, C, "GBPS",
     "custom hardware: memory bandwidth (theoretical)"},
    {AIB_P_BACKEND, "backend", "backend", NULL, AIB_PT_ENUM, NULL, 0, 0, NONE, NULL, L("cuda", "rocm", "vulkan", "metal", "sycl", "cpu"),
     "the hardware's first (custom: vulkan)", SETUP, 0, "B", "llama.cpp backend"},
    {AIB_P_VENDOR, "vendor", "vendor", NULL, AIB_PT_ENUM, NULL, 0, 0, NONE, NULL, L("nvidia", "amd", "apple", "intel", "none"),
     "the backend's (vulkan: amd)", SETUP, C, "V", "custom hardware: GPU vendor (the calibration class)"},
    {AIB_P_TFLOPS, "tflops", "tflops", NULL, AIB_PT_NUM, "TFLOPS", 0.01, 100000, NONE, NULL, NULL,
     "none: no prefill figure", SETUP, C, "T", "custom hardware: vector fp32 TFLOPS, for prefill"},
    {AIB_P_KIND, "kind", "kind", NULL, AIB_PT_ENUM, NULL, 0, 0, NONE, "gpu", L("gpu", "apu", "apple", "system", "cpu"), "gpu", SETUP,
     C, "K", "custom hardware: discrete gpu, or a unified apu/apple/system/cpu"},
    {AIB_P_MODEL, "model", "model", NULL, AIB_PT_ID, NULL, 0, 200, NONE, NULL, NULL, NULL, F | W, 0, "ID",
     "catalog model (aibench models)"},
    {AIB_P_MODELS, "models", "for", "models", AIB_PT_ID, NULL, 0, 600, NONE, NULL, NULL, NULL, R, 0, "ID[,ID]",
     "the workload: models that must each run (up to 8)"},
    {AIB_P_USE, "use", "use", "use-case", AIB_PT_ENUM, NULL, 0, 0, NONE, "all",
     L("all", "chat", "coding", "docs", "agents", "image", "voice"), "all", P, 0, "USE", "only the models for this use"},
    {AIB_P_CTX, "ctx", "ctx", NULL, AIB_PT_NUM, "tokens", 1, MAX_TOKENS, NONE, NULL, NULL,
     "min(8192, the model's trained context)", RUN | R, 0, "N", "context to hold (32K = 32768)"},
    {AIB_P_DEPTH, "depth", "depth", NULL, AIB_PT_NUM, "tokens", 0, MAX_TOKENS, NONE, NULL, NULL, "ctx/2", RUN, 0, "N",
     "KV depth at which decode speed is given"},
    {AIB_P_PROMPT, "prompt", "prompt", NULL, AIB_PT_NUM, "tokens", 1, MAX_TOKENS, NONE, NULL, NULL, "min(4096, ctx)",
     RUN, 0, "N", "prompt length for time to first token"},
    {AIB_P_MIN_TPS, "min_tps", "min-tps", NULL, AIB_PT_NUM, "tok/s", 0, 100000, AIB_INTERACTIVE_TPS, NULL, NULL, "10",
     P | R, 0, "N", "slowest decode that counts as running"},
    {AIB_P_MIN_PREFILL, "min_prefill", "min-prefill", NULL, AIB_PT_NUM, "tok/s", 0, 1e7, NONE, NULL, NULL, "none", R, 0,
     "N", "slowest prefill accepted"},
    {AIB_P_BUDGET, "budget", "budget", NULL, AIB_PT_NUM, "USD", 1, 1e8, NONE, NULL, NULL, "none", R, 0, "USD",
     "the most the hardware may cost (unpriced misses)"},
    {AIB_P_POWER, "power", "power", NULL, AIB_PT_NUM, "W", 1, 1e6, NONE, NULL, NULL, "none", R, 0, "W",
     "the most power it may draw (lowest setting counts)"},
    {AIB_P_FORM, "form", "form-factor", NULL, AIB_PT_TEXT, NULL, 0, 40, NONE, NULL, NULL, "any", R, 0, "WORD",
     "a word of the kind or form factor: gpu, mini..."},
    {AIB_P_QUANT, "quant", "quant", NULL, AIB_PT_ID, NULL, 0, 40, NONE, "Q4_K_M", NULL, "Q4_K_M", RUN | R, 0, "Q",
     "quant (fit), or the best quant to consider (aibench quants)"},
    {AIB_P_MIN_QUANT, "min_quant", "min-quant", NULL, AIB_PT_ID, NULL, 0, 40, NONE, "IQ3_M", NULL, "IQ3_M", RUN | R, 0,
     "Q", "the quality floor: no quant with fewer bits per weight is picked (IQ2 and Q2 lose a lot)"},
    {AIB_P_KV, "kv", "kv-type", "kv", AIB_PT_ENUM, NULL, 0, 0, NONE, "f16",
     L("f16", "bf16", "f32", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "iq4_nl"), "f16", RUN | R, 0, "T", "KV cache type"},
    {AIB_P_OFFLOAD, "offload", "offload", NULL, AIB_PT_ENUM, NULL, 0, 0, NONE, "off", L("off", "auto", "layers", "experts"),
     "off", RUN, 0, "MODE",
     "CPU offload when GPU memory is short: auto, layers (-ngl) or experts (--n-cpu-moe); off: such a model does not "
     "count as running"},
    {AIB_P_RAM, "ram", "host-ram", NULL, AIB_PT_NUM, "GiB", 0, 65536, NONE, NULL, NULL, "the catalog's, else 32",
     RUN, 0, "GIB", "system RAM beside a discrete GPU"},
    {AIB_P_RAM_BW, "ram_bw", "host-bandwidth", NULL, AIB_PT_NUM, "GB/s", 1, 100000, NONE, NULL, NULL,
     "89.6 (dual-channel DDR5-5600)", RUN, 0, "GBPS", "its bandwidth"},
    {AIB_P_MISSES, "misses", "misses", NULL, AIB_PT_INT, NULL, 0, 1000, 8, NULL, NULL, "8", R, 0, "N",
     "how many nearest misses to list"},
    {AIB_P_KWH, "kwh_price", "kwh-price", NULL, AIB_PT_NUM, "USD/kWh", 0, 10, 0.15, NULL, NULL, "0.15", B, 0, "USD",
     "electricity price, for local vs cloud"},
    {AIB_P_YEARS, "years", "years", NULL, AIB_PT_NUM, "years", 0.25, 20, 3, NULL, NULL, "3", B, 0, "N",
     "years the hardware's price is spread over, for local vs cloud"},
    {AIB_P_WHAT, "what", NULL, NULL, AIB_PT_ENUM, NULL, 0, 0, NONE, NULL, L("bw", "mem", "quant", "kv"), NULL, P, 0, "INPUT",
     "what-if: the input to change (with to)"},
    {AIB_P_TO, "to", NULL, NULL, AIB_PT_TEXT, NULL, 0, 60, NONE, NULL, NULL, NULL, P, 0, "VALUE",
     "what-if: its new value"},
    {AIB_P_WHAT_IF, NULL, "what-if", NULL, AIB_PT_TEXT, NULL, 0, 60, NONE, NULL, NULL, NULL, P, CLI, "K=V",
     "the same plan with one input changed: bw=, mem=, quant= or kv="},
    {AIB_P_SWEEP, NULL, "sweep", NULL, AIB_PT_FLAG, NULL, 0, 1, 0, NULL, NULL, NULL, F, CLI, NULL,
     "also speed and memory from an empty context to the largest"},
};

const aib_param *aib_params(void) { return table; }

const char *aib_choice_find(const char *const *choices, const char *s)
{
    for (const char *const *c = choices; c && *c && s; c++)
        if (aib_streq_ci(*c, s))
            return *c;
    return NULL;
}

const char *aib_choice_list(const char *const *choices, char *buf, size_t len)
{
    size_t n = 0, k = 0;
    while (choices[k])
        k++;
    buf[0] = '\0';
    for (size_t i = 0; i < k && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i == 0 ? "" : i + 1 == k ? " or " : ", ", choices[i]);
    return buf;
}

const aib_param *aib_param_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < AIB_P_COUNT; i++)
        if ((table[i].key && !strcmp(table[i].key, name)) || (table[i].option && !strcmp(table[i].option, name)) ||
            (table[i].alias && !strcmp(table[i].alias, name)))
            return &table[i];
    return NULL;
}

const char *aib_param_suggest(const char *name, int cli)
{
    const char *names[AIB_P_COUNT];
    for (size_t i = 0; i < AIB_P_COUNT; i++)
        names[i] = cli ? table[i].option : table[i].key;
    return aib_closest(name, names, AIB_P_COUNT);
}

void aib_request_init(aib_request *r, aib_request_kind kind)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->own_bpw = NAN;
    for (size_t i = 0; i < AIB_P_COUNT; i++)
        r->v[i].num = NAN;
}

/* A plain decimal number: digits, one point, an exponent; no hex, no inf/nan, no spaces. */
static int parse_plain(const char *s, double *out, char **end)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
        return 0;
    for (const char *q = p; *q && !strchr("Kk", *q) && !(q > p && strchr("Mm", *q)); q++)
        if (!isdigit((unsigned char)*q) && !strchr(".eE+-", *q))
            return 0;
    errno = 0;
    double v = strtod(s, end);
    if (*end == s || errno == ERANGE || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

/* A plain number, and for a token count a K (x1024) or M (x1048576) suffix; *whole says
 * whether a token count came out whole. */
static int parse_value(const char *s, int tokens, double *out)
{
    char *end;
    double v;
    if (!s || !parse_plain(s, &v, &end))
        return 0;
    if (tokens && (*end == 'K' || *end == 'k'))
        v *= 1024, end++;
    else if (tokens && (*end == 'M' || *end == 'm'))
        v *= 1048576, end++;
    if (*end)
        return 0;
    *out = v;
    return 1;
}

int aib_parse_tokens(const char *s, double *out)
{
    double v;
    if (!parse_value(s, 1, &v) || v < 0 || v != floor(v))
        return 0;
    *out = v;
    return 1;
}

/* The name an input goes by where the request came from: its key, else its option. */
static const char *name_of(const aib_param *p) { return p->key ? p->key : p->option; }

static aib_status set_number(aib_request *r, const aib_param *p, const char *value, aib_error *err)
{
    double v;
    aib_status st = aib_param_number(p, value, &v, err);
    if (!st)
        r->v[p->id].num = v;
    return st;
}

aib_status aib_param_number(const aib_param *p, const char *value, double *out, aib_error *err)
{
    double v;
    int tokens = p->unit && !strcmp(p->unit, "tokens");
    if (!parse_value(value, tokens, &v))
        return aib_error_set(err, AIB_ERR_INVALID, "bad_number", "%s: '%s' is not a number%s", name_of(p), value,
                   tokens ? " of tokens (32768 or 32K)" : "");
    if ((p->type == AIB_PT_INT || tokens) && v != floor(v))
        return aib_error_set(err, AIB_ERR_INVALID, "bad_number", "%s: '%s' is not a whole number", name_of(p), value);
    if (v < p->lo || v > p->hi)
        return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "%s: '%s' must be between %.10g and %.10g%s%s", name_of(p), value, p->lo, p->hi,
                   p->unit ? " " : "", p->unit ? p->unit : "");
    *out = v;
    return AIB_OK;
}

aib_status aib_request_set(aib_request *r, const char *name, const char *value, aib_error *err)
{
    const aib_param *p = aib_param_find(name);
    if (!p) {
        const char *near = aib_param_suggest(name, 0);
        if (!near)
            near = aib_param_suggest(name, 1);
        return aib_error_set(err, AIB_ERR_INVALID, "unknown_parameter", "unknown parameter '%s'%s%s%s", name, near ? "; did you mean '" : "",
                   near ? near : "", near ? "'?" : "");
    }
    if (r->v[p->id].set)
        return aib_error_set(err, AIB_ERR_INVALID, "duplicate_parameter", "parameter '%s' given twice", name_of(p));
    if (p->type == AIB_PT_FLAG) {
        r->v[p->id].set = 1, r->v[p->id].num = 1;
        return AIB_OK;
    }
    if (!value)
        return aib_error_set(err, AIB_ERR_INVALID, "missing_parameter", "%s needs a value", name_of(p));
    if (!*value)
        return AIB_OK; /* an empty form field: not given */
    switch (p->type) {
    case AIB_PT_NUM:
    case AIB_PT_INT: {
        aib_status st = set_number(r, p, value, err);
        if (st)
            return st;
        break;
    }
    case AIB_PT_ENUM: {
        const char *canon = aib_choice_find(p->choices, value);
        if (!canon)
            if (!canon) {
            char list[200];
            return aib_error_set(err, AIB_ERR_INVALID, p->id == AIB_P_USE ? "bad_use_case" : "bad_parameter", "%s: '%s' is not %s", name_of(p),
                       value, aib_choice_list(p->choices, list, sizeof list));
        }
        r->v[p->id].str = canon;
        break;
    }
    case AIB_PT_ID:
    case AIB_PT_TEXT:
        if (strlen(value) > (size_t)p->hi)
            return aib_error_set(err, AIB_ERR_INVALID, "out_of_range", "%s: '%.40s...' is longer than %.0f characters", name_of(p), value, p->hi);
        if (p->id == AIB_P_WHAT_IF) { /* the CLI's KEY=VALUE: what and to */
            const char *eq = strchr(value, '=');
            const aib_param *w = &table[AIB_P_WHAT];
            const char *canon = NULL;
            char key[16];
            if (eq && (size_t)(eq - value) < sizeof key) {
                snprintf(key, sizeof key, "%.*s", (int)(eq - value), value);
                canon = aib_choice_find(w->choices, key);
            }
            if (!eq || !eq[1] || !canon)
                return aib_error_set(err, AIB_ERR_INVALID, "bad_what_if", "a what-if changes bw, mem, quant or kv (KEY=VALUE), not '%s'", value);
            r->v[AIB_P_WHAT].set = r->v[AIB_P_TO].set = 1;
            r->v[AIB_P_WHAT].str = canon;
            r->v[AIB_P_TO].str = eq + 1;
        }
        r->v[p->id].str = value;
        break;
    case AIB_PT_FLAG:
        break;
    }
    r->v[p->id].set = 1;
    return AIB_OK;
}

double aib_request_num(const aib_request *r, aib_param_id id) { return r->v[id].set ? r->v[id].num : NAN; }

const char *aib_request_str(const aib_request *r, aib_param_id id) { return r->v[id].set ? r->v[id].str : NULL; }

/* key=value&...: every web input of the request's kind that is set, in table order, numbers
 * in %.10g; an automatic context (0) is left out. */
size_t aib_request_query(const aib_request *r, char *buf, size_t len)
{
    size_t n = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < AIB_P_COUNT; i++) {
        const aib_param *p = &table[i];
        const aib_value *v = &r->v[i];
        if (!p->key || !v->set || !(p->kinds & r->kind) || p->type == AIB_PT_FLAG)
            continue;
        char num[64];
        const char *s = v->str;
        if (p->type == AIB_PT_NUM || p->type == AIB_PT_INT) {
            if (p->id == AIB_P_CTX && v->num == 0)
                continue;
            snprintf(num, sizeof num, "%.10g", v->num);
            s = num;
        }
        if (!s)
            continue;
        n += aib_url_append(buf, len, n, n ? "&" : "", 0);
        n += aib_url_append(buf, len, n, p->key, 1);
        n += aib_url_append(buf, len, n, "=", 0);
        n += aib_url_append(buf, len, n, s, 1);
    }
    return n;
}
