/* catalog.c: the catalog's record descriptors, the two text formats of data/ (key = value
 * blocks for hardware and models, tab-separated rows for quants and measurements), the
 * checks every record must pass, and look-ups with "did you mean" suggestions. */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

#define S AIB_FIELD_STR
#define N AIB_FIELD_NUM
#define REQ AIB_F_REQUIRED
#define POS AIB_F_POSITIVE
#define INT AIB_F_INTEGER
#define NNEG AIB_F_NONNEG

#define HF(k, t, fl, h) {#k, t, offsetof(aib_hw, k), fl, h}
/* a key that is not the member's name: sizes are GiB, and their keys say so */
#define HFK(m, key, t, fl, h) {key, t, offsetof(aib_hw, m), fl, h}
static const aib_field hw_fields[] = {
    HF(id, S, REQ, "catalog id: lower case letters, digits, '.', '-'"),
    HF(name, S, REQ, "display name"),
    HF(maker, S, REQ, "who sells it"),
    HF(gpu_vendor, S, REQ, "nvidia, amd, apple, intel or none: selects the calibration class"),
    HF(kind, S, REQ, "gpu, apu, apple, system or cpu"),
    HFK(memory_gb, "memory_gib", N, REQ | POS, "device memory in GiB: VRAM, or the whole unified pool"),
    HF(memory_type, S, 0, "memory technology"),
    HF(bus_width_bits, N, POS | INT, "memory bus width"),
    HF(bandwidth_gbs, N, REQ | POS, "theoretical memory bandwidth, GB/s"),
    HF(bandwidth_measured_gbs, N, POS, "measured bandwidth, GB/s (needs bandwidth_measured_source)"),
    HF(bandwidth_measured_source, S, AIB_F_URLS, "where the measured bandwidth comes from"),
    HFK(gpu_usable_gb, "gpu_usable_gib", N, POS, "most memory the GPU can be given, GiB (unified memory)"),
    HFK(host_ram_gb, "host_ram_gib", N, POS, "CPU-side RAM for offloaded layers, GiB"),
    HF(fp16_tflops, N, POS, "dense fp16 matrix throughput, TFLOPS"),
    HF(fp32_tflops, N, POS, "vector fp32 throughput of the shader ALUs (no tensor/matrix units), TFLOPS; the prefill basis"),
    HF(int8_tops, N, POS, "dense int8 matrix throughput, TOPS"),
    HF(power_min_w, N, POS, "lowest configurable power, W"),
    HF(power_max_w, N, POS, "board power or highest configurable power, W"),
    HF(price_usd, N, POS, "price in USD of the entry as described (its memory); configurations: configs.tsv"),
    HF(price_kind, S, 0, "what the price is: launch-msrp, list or street"),
    HF(price_source, S, AIB_F_URLS, "where the price was read"),
    HF(price_as_of, S, AIB_F_DATE, "when the price was read"),
    HFK(price_memory_gb, "price_memory_gib", N, POS, "the memory the price buys, GiB, when not memory_gib (a base configuration)"),
    HF(release, S, AIB_F_DATE, "release date"),
    HF(family, S, 0, "hardware family, kept together in cross-validation (default: the id)"),
    HF(silicon, S, 0, "the chip; entries with the same one (boxes around one APU) share measured evidence (default: the id)"),
    HF(backends, S, REQ, "llama.cpp backends, preferred first: cuda, rocm, vulkan, metal, sycl, cpu"),
    HF(form_factor, S, 0, "form factor"),
    HF(confidence, S, 0, "high, medium or low"),
    HF(notes, S, 0, "editorial notes"),
    HF(source, S, REQ | AIB_F_URLS, "source URLs separated by ' | '"),
    HF(as_of, S, REQ | AIB_F_DATE, "date the facts were checked"),
};

#define MF(k, t, fl, h) {#k, t, offsetof(aib_model, k), fl, h}
static const aib_field model_fields[] = {
    MF(id, S, REQ, "catalog id"),
    MF(name, S, REQ, "display name"),
    MF(family, S, 0, "model family: a base and its fine-tunes and distillations share one, kept together in cross-validation"),
    MF(release, S, AIB_F_DATE, "release date"),
    MF(license, S, 0, "license"),
    MF(modality, S, REQ, "text, vision-text, image or voice"),
    MF(use_cases, S, 0, "chat, coding, docs, agents, image, voice"),
    MF(params_total_b, N, REQ | POS, "total parameters, billions"),
    MF(params_active_b, N, REQ | POS, "parameters used per token, billions (MoE)"),
    MF(layers, N, POS | INT, "transformer blocks"),
    MF(hidden_size, N, POS | INT, "embedding width"),
    MF(heads, N, POS | INT, "attention heads"),
    MF(kv_heads, N, POS | INT, "KV heads of full-attention layers (GQA)"),
    MF(head_dim, N, POS | INT, "head size of full-attention layers"),
    MF(kv_layers, N, POS | INT, "layers that keep a KV cache (hybrid models); default all"),
    MF(swa_layers, N, NNEG | INT, "layers with sliding-window or chunked attention"),
    MF(sliding_window, N, POS | INT, "window (or chunk) in tokens"),
    MF(swa_kv_heads, N, POS | INT, "KV heads of SWA layers when they differ"),
    MF(swa_head_dim, N, POS | INT, "head size of SWA layers when it differs"),
    MF(kv_lora_rank, N, POS | INT, "MLA latent size"),
    MF(rope_dim, N, POS | INT, "MLA rope dimensions cached beside the latent"),
    MF(experts, N, POS | INT, "routed experts"),
    MF(experts_used, N, POS | INT, "routed experts per token"),
    MF(shared_experts, N, NNEG | INT, "always-active experts"),
    MF(moe_layers, N, POS | INT, "layers with routed experts; default all when experts are set"),
    MF(max_context, N, POS | INT, "trained context, tokens"),
    MF(vocab_size, N, POS | INT, "vocabulary"),
    MF(tied_embeddings, S, 0, "yes when the output matrix is the input embedding"),
    MF(attention_note, S, 0, "attention layout, as the source states it"),
    MF(confidence, S, 0, "high, medium or low"),
    MF(notes, S, 0, "editorial notes"),
    MF(source, S, REQ | AIB_F_URLS, "source URLs separated by ' | '"),
    MF(as_of, S, REQ | AIB_F_DATE, "date the facts were checked"),
    MF(ships_as, S, 0, "the file type its makers release (gpt-oss: MXFP4_MOE): plan and fit use it unless a quant is asked"),
};

#define QF(k, t, fl, h) {#k, t, offsetof(aib_quant, k), fl, h}
static const aib_field quant_fields[] = {
    QF(id, S, REQ, "llama.cpp file type (Q4_K_M ...)"),
    QF(bpw, N, REQ | POS, "effective bits per weight of a whole file"),
    QF(dense_bpw, N, POS, "MoE files of this type: bits per weight of the non-expert tensors, when the type keeps them apart"),
    QF(basis, S, REQ, "published, derived or block"),
    QF(aliases, S, 0, "short names"),
    QF(source, S, REQ | AIB_F_URLS, "source URL"),
    QF(as_of, S, REQ | AIB_F_DATE, "date checked"),
    QF(kld, N, NNEG, "mean KL divergence from the 16-bit model's token distribution (quality cost; lower is better)"),
    QF(ppl_change_pct, N, NNEG, "perplexity change against the 16-bit model, percent"),
    QF(quality_basis, S, 0, "what the quality figures are: the model and test they were measured on"),
    QF(quality_source, S, AIB_F_URLS, "where the quality figures were published"),
    QF(quality_as_of, S, AIB_F_DATE, "the date of that publication"),
};

#define XF(k, t, fl, h) {#k, t, offsetof(aib_measurement, k), fl, h}
static const aib_field meas_fields[] = {
    XF(hw, S, REQ, "hardware id"),
    XF(model, S, REQ, "model id"),
    XF(quant, S, REQ, "quant id"),
    XF(backend, S, REQ, "backend"),
    XF(test, S, REQ, "ppN or tgN"),
    XF(depth, N, REQ | NNEG | INT, "KV depth (llama-bench -d)"),
    XF(tps, N, REQ | POS, "tokens per second"),
    XF(software, S, REQ, "software and version"),
    XF(date, S, REQ | AIB_F_DATE, "date measured or published"),
    XF(source, S, REQ | AIB_F_URLS, "source URL, or local:MACHINE for a user's own imported run"),
    XF(note, S, 0, "what else the reader should know"),
};

#define EF(k, t, fl, h) {#k, t, offsetof(aib_editorial, k), fl, h}
static const aib_field edit_fields[] = {
    EF(hw, S, REQ, "hardware id the text is about"),
    EF(section, S, REQ, "where it goes on the hardware page (docs/catalog.md)"),
    EF(ref, S, 0, "a model or hardware id the section names (picks, peer, alternatives)"),
    EF(text, S, 0, "the text; required except for peer and headline"),
    EF(source, S, REQ | AIB_F_URLS, "source URLs separated by ' | '"),
    EF(as_of, S, REQ | AIB_F_DATE, "date the text was checked"),
};

#define CF(k, t, fl, h) {#k, t, offsetof(aib_config, k), fl, h}
static const aib_field config_fields[] = {
    CF(hw, S, REQ, "hardware id (or host-desktop: the desktop a discrete GPU needs)"),
    {"memory_gib", N, offsetof(aib_config, memory_gb), POS, "the configuration's memory, GiB (empty for host-desktop)"},
    CF(price_usd, N, REQ | POS, "its price, USD"),
    CF(price_kind, S, REQ, "launch-msrp, list or street"),
    CF(product, S, REQ, "what exactly the price buys"),
    CF(source, S, REQ | AIB_F_URLS, "where the price was read"),
    CF(as_of, S, REQ | AIB_F_DATE, "when"),
    CF(note, S, 0, "anything a reader needs (derived, withdrawn...)"),
};

#define FF(k, t, fl, h) {#k, t, offsetof(aib_fitness, k), fl, h}
static const aib_field fitness_fields[] = {
    FF(model, S, REQ, "model id"),
    FF(use, S, REQ, "coding, chat, docs or agents"),
    FF(benchmark, S, REQ, "the benchmark, with its version: scores compare only within one"),
    FF(score, N, REQ | NNEG, "the published score"),
    FF(scale, S, REQ, "what the score is (pass@1 %, Elo...)"),
    FF(source, S, REQ | AIB_F_URLS, "where it was published"),
    FF(as_of, S, REQ | AIB_F_DATE, "the date of that publication"),
    FF(note, S, 0, "the mode or harness, anything a reader needs"),
};

#define AF(k, t, fl, h) {#k, t, offsetof(aib_api_price, k), fl, h}
static const aib_field api_price_fields[] = {
    AF(model, S, REQ, "model id"),
    AF(provider, S, REQ, "who serves it"),
    AF(input_usd, N, REQ | NNEG, "USD per million input tokens"),
    AF(output_usd, N, REQ | POS, "USD per million output tokens"),
    AF(source, S, REQ | AIB_F_URLS, "where the price was read"),
    AF(as_of, S, REQ | AIB_F_DATE, "when"),
    AF(note, S, 0, "anything a reader needs"),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
const aib_field *aib_config_fields(size_t *n) { *n = COUNT(config_fields); return config_fields; }
const aib_field *aib_fitness_fields(size_t *n) { *n = COUNT(fitness_fields); return fitness_fields; }
const aib_field *aib_api_price_fields(size_t *n) { *n = COUNT(api_price_fields); return api_price_fields; }
const aib_field *aib_hw_fields(size_t *n) { *n = COUNT(hw_fields); return hw_fields; }
const aib_field *aib_model_fields(size_t *n) { *n = COUNT(model_fields); return model_fields; }
const aib_field *aib_quant_fields(size_t *n) { *n = COUNT(quant_fields); return quant_fields; }
const aib_field *aib_measurement_fields(size_t *n) { *n = COUNT(meas_fields); return meas_fields; }
const aib_field *aib_editorial_fields(size_t *n) { *n = COUNT(edit_fields); return edit_fields; }

#define KIND(nm, file, table, blocks, type, arr, cnt, line, fields) \
    {nm, file, table, blocks, sizeof(type), offsetof(struct aib_catalog, arr), offsetof(struct aib_catalog, cnt), line, fields}
const aib_kind aib_kinds[AIB_NKINDS] = {
    KIND("hw", "hardware.txt", "hardware", 1, aib_hw, hw, n_hw, -1, aib_hw_fields),
    KIND("model", "models.txt", "models", 1, aib_model, models, n_models, -1, aib_model_fields),
    KIND("quant", "quants.tsv", "quants", 0, aib_quant, quants, n_quants, -1, aib_quant_fields),
    KIND("measurement", "measurements.tsv", "measurements", 0, aib_measurement, meas, n_meas,
         (long)offsetof(aib_measurement, line), aib_measurement_fields),
    KIND("editorial", "editorial.tsv", "editorial", 0, aib_editorial, edits, n_edits,
         (long)offsetof(aib_editorial, line), aib_editorial_fields),
    KIND("config", "configs.tsv", "configs", 0, aib_config, configs, n_configs, (long)offsetof(aib_config, line),
         aib_config_fields),
    KIND("fitness", "fitness.tsv", "fitness", 0, aib_fitness, fitness, n_fitness, (long)offsetof(aib_fitness, line),
         aib_fitness_fields),
    KIND("api price", "api_prices.tsv", "api_prices", 0, aib_api_price, api_prices, n_api_prices,
         (long)offsetof(aib_api_price, line), aib_api_price_fields),
};

void *aib_kind_records(const aib_catalog *cat, int k, size_t *n)
{
    *n = *(const size_t *)((const char *)cat + aib_kinds[k].count);
    return *(void *const *)((const char *)cat + aib_kinds[k].arr);
}

const char *aib_field_str(const aib_field *f, const void *rec)
{
    return *(const char *const *)((const char *)rec + f->offset);
}

double aib_field_num(const aib_field *f, const void *rec)
{
    return *(const double *)((const char *)rec + f->offset);
}

static const aib_field *find_field(const aib_field *fs, size_t n, const char *key)
{
    /* keys renamed when sizes took the unit they are in (GiB): the old names still read */
    static const char *const renamed[][2] = {
        {"memory_gb", "memory_gib"}, {"gpu_usable_gb", "gpu_usable_gib"}, {"host_ram_gb", "host_ram_gib"}};
    for (size_t i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
        if (!strcmp(key, renamed[i][0]))
            key = renamed[i][1];
    for (size_t i = 0; i < n; i++)
        if (!strcmp(fs[i].key, key))
            return &fs[i];
    return NULL;
}

/* ---- records ---- */

static void *grow(void **arr, size_t *count, size_t elem)
{
    size_t n = *count;
    if ((n & (n - 1)) == 0) { /* capacity doubles at powers of two */
        size_t cap = n ? n * 2 : 8;
        void *p = aib_realloc(*arr, cap * elem);
        if (!p)
            return NULL;
        *arr = p;
    }
    char *rec = (char *)*arr + n * elem;
    memset(rec, 0, elem);
    *count = n + 1;
    return rec;
}

void *aib_catalog_add(aib_catalog *cat, int k)
{
    size_t nf;
    const aib_field *fs = aib_kinds[k].fields(&nf);
    void *rec = grow((void **)((char *)cat + aib_kinds[k].arr), (size_t *)((char *)cat + aib_kinds[k].count),
                     aib_kinds[k].size);
    if (!rec)
        return NULL;
    for (size_t i = 0; i < nf; i++)
        if (fs[i].type == AIB_FIELD_NUM)
            *(double *)((char *)rec + fs[i].offset) = NAN;
    return rec;
}

int aib_valid_date(const char *s)
{
    /* YYYY, YYYY-MM or YYYY-MM-DD, a day that exists in its month */
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (!isdigit((unsigned char)s[i]))
            return 0;
    }
    int y = atoi(s);
    if (y < 1900)
        return 0;
    if (n >= 7) {
        int m = atoi(s + 5);
        if (m < 1 || m > 12)
            return 0;
        if (n == 10) {
            static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            int d = atoi(s + 8);
            if (d < 1 || d > days[m - 1] + (m == 2 && leap))
                return 0;
        }
    }
    return 1;
}

int aib_parse_decimal(const char *s, double *out)
{
    /* [space] [+-] digits [. digits] [e [+-] digits] [space]: no hex, no inf or nan, no units */
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *start = p;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0;
    while (isdigit((unsigned char)*p))
        p++, digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    const char *end = p;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p)
        return 0;
    char buf[64];
    if ((size_t)(end - start) >= sizeof buf)
        return 0;
    memcpy(buf, start, (size_t)(end - start));
    buf[end - start] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static int valid_urls(const char *s)
{
    const char *p = s;
    if (!strncmp(s, "local:", 6) && s[6]) /* a user's own run, imported from a file */
        return 1;
    while (*p) {
        while (*p == ' ' || *p == '|')
            p++;
        if (!*p)
            break;
        if (strncmp(p, "https://", 8) && strncmp(p, "http://", 7))
            return 0;
        while (*p && *p != ' ')
            p++;
    }
    return 1;
}

const char aib_oom_msg[] = "out of memory";

const char *aib_field_set(aib_catalog *cat, const aib_field *f, void *rec, const char *val)
{
    char *slot = (char *)rec + f->offset;
    if (f->type == AIB_FIELD_STR) {
        if (*(char **)slot)
            return "duplicate key";
        if ((f->flags & AIB_F_DATE) && !aib_valid_date(val))
            return "not a date (YYYY, YYYY-MM or YYYY-MM-DD)";
        if ((f->flags & AIB_F_URLS) && !valid_urls(val))
            return "not a list of http(s) URLs separated by ' | '";
        char *d = aib_arena_strdup(&cat->strings, val, strlen(val));
        if (!d)
            return aib_oom_msg;
        *(char **)slot = d;
        return NULL;
    }
    if (!isnan(*(double *)slot))
        return "duplicate key";
    double v;
    if (!aib_parse_decimal(val, &v))
        return "not a number";
    if ((f->flags & AIB_F_POSITIVE) && !(v > 0))
        return "must be greater than 0";
    if ((f->flags & AIB_F_NONNEG) && v < 0)
        return "must not be negative";
    if ((f->flags & AIB_F_INTEGER) && v != floor(v))
        return "must be a whole number";
    if (v > 1e12)
        return "is out of range";
    *(double *)slot = v;
    return NULL;
}

/* ---- text formats ---- */

typedef struct {
    const char *path;
    char *buf;
    size_t len;
} text_file;

static aib_status read_file(const char *path, text_file *tf, aib_error *err)
{
    tf->path = path;
    return aib_file_read(path, &tf->buf, &tf->len, err);
}


static int valid_id(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-' || *s == '.' || *s == '_'))
            return 0;
    return 1;
}

#define MAX_PROBLEMS 20

/* Parses "[id]" blocks of "key = value" lines. */
static int parse_blocks(aib_catalog *cat, int kind, text_file *tf, int *lines, aib_error *err)
{
    size_t nf, count;
    const aib_field *fs = aib_kinds[kind].fields(&nf);
    int problems = 0, lineno = 0;
    void *rec = NULL;
    char *p = tf->buf;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *line = p;
        p = nl ? nl + 1 : p + strlen(p);
        lineno++;
        char *t = aib_trim(line);
        if (!*t || *t == '#')
            continue;
        if (problems >= MAX_PROBLEMS)
            break;
        if (*t == '[') {
            char *e = strchr(t, ']');
            if (!e || e[1]) {
                aib_error_append(err, "%s:%d: malformed block header '%s'", tf->path, lineno, t);
                problems++, rec = NULL;
                continue;
            }
            *e = '\0';
            if (!valid_id(t + 1)) {
                aib_error_append(err, "%s:%d: bad id '%s' (lower case letters, digits, '.', '-', '_')", tf->path, lineno, t + 1);
                problems++, rec = NULL;
                continue;
            }
            rec = aib_catalog_add(cat, kind);
            if (!rec)
                return -1;
            if (aib_field_set(cat, &fs[0], rec, t + 1))
                return -1;
            aib_kind_records(cat, kind, &count);
            lines[count - 1] = lineno;
            continue;
        }
        char *eq = strchr(t, '=');
        if (!eq) {
            aib_error_append(err, "%s:%d: expected 'key = value' or '[id]', got '%.60s'", tf->path, lineno, t);
            problems++;
            continue;
        }
        if (!rec) {
            aib_error_append(err, "%s:%d: key outside a block", tf->path, lineno);
            problems++;
            continue;
        }
        *eq = '\0';
        char *key = aib_trim(t), *val = aib_trim(eq + 1);
        const aib_field *f = find_field(fs, nf, key);
        if (!f || f == &fs[0]) {
            aib_error_append(err, "%s:%d: unknown key '%s'", tf->path, lineno, key);
            problems++;
            continue;
        }
        if (!*val) {
            aib_error_append(err, "%s:%d: empty value for '%s'", tf->path, lineno, key);
            problems++;
            continue;
        }
        const char *why = aib_field_set(cat, f, rec, val);
        if (why == aib_oom_msg)
            return -1;
        if (why) {
            aib_error_append(err, "%s:%d: %s '%s': %s", tf->path, lineno, key, val, why);
            problems++;
        }
    }
    return problems;
}

/* Parses a tab-separated table whose first non-comment line names the columns. */
static int parse_tsv(aib_catalog *cat, int kind, text_file *tf, int *lines, aib_error *err)
{
    size_t nf, count;
    const aib_field *fs = aib_kinds[kind].fields(&nf);
    const aib_field *cols[64];
    int ncols = -1, problems = 0, lineno = 0;
    char *p = tf->buf;
    while (*p && problems < MAX_PROBLEMS) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *line = p;
        p = nl ? nl + 1 : p + strlen(p);
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
            continue;
        if (ncols < 0) {
            ncols = 0;
            for (char *s = line;; ncols++) {
                char *tab = strchr(s, '\t');
                if (tab)
                    *tab = '\0';
                const aib_field *f = find_field(fs, nf, aib_trim(s));
                if (!f || ncols >= 64) {
                    aib_error_append(err, "%s:%d: unknown column '%s'", tf->path, lineno, aib_trim(s));
                    return problems + 1;
                }
                for (int i = 0; i < ncols; i++)
                    if (cols[i] == f) {
                        aib_error_append(err, "%s:%d: duplicate column '%s'", tf->path, lineno, f->key);
                        return problems + 1;
                    }
                cols[ncols] = f;
                if (!tab) {
                    ncols++;
                    break;
                }
                s = tab + 1;
            }
            continue;
        }
        void *rec = aib_catalog_add(cat, kind);
        if (!rec)
            return -1;
        aib_kind_records(cat, kind, &count);
        lines[count - 1] = lineno;
        if (aib_kinds[kind].line >= 0)
            *(int *)((char *)rec + aib_kinds[kind].line) = lineno;
        int col = 0;
        for (char *s = line;; col++) {
            char *tab = strchr(s, '\t');
            if (tab)
                *tab = '\0';
            if (col < ncols) {
                char *v = aib_trim(s);
                if (*v) {
                    const char *why = aib_field_set(cat, cols[col], rec, v);
                    if (why == aib_oom_msg)
                        return -1;
                    if (why) {
                        aib_error_append(err, "%s:%d: %s '%s': %s", tf->path, lineno, cols[col]->key, v, why);
                        problems++;
                    }
                }
            }
            if (!tab)
                break;
            s = tab + 1;
        }
        if (col + 1 != ncols) {
            aib_error_append(err, "%s:%d: %d columns, the header has %d", tf->path, lineno, col + 1, ncols);
            problems++;
        }
    }
    if (ncols < 0) {
        aib_error_append(err, "%s: no header line", tf->path);
        problems++;
    }
    return problems;
}

/* ---- checks ---- */

static const char *const vendors[] = {"nvidia", "amd", "apple", "intel", "none", NULL};
static const char *const kinds[] = {"gpu", "apu", "apple", "system", "cpu", NULL};
static const char *const backends[] = {"cuda", "rocm", "vulkan", "metal", "sycl", "cpu", NULL};
static const char *const modalities[] = {"text", "vision-text", "image", "voice", NULL};
static const char *const use_cases[] = {"chat", "coding", "docs", "agents", "image", "voice", NULL};

static int in_set(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(v, *set))
            return 1;
    return 0;
}

/* Every item of a comma-separated list is in set; returns the first bad item or NULL. */
static const char *list_in_set(const char *list, const char *const *set, char *buf, size_t size)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ')
            n--;
        if (n >= size)
            n = size - 1;
        memcpy(buf, p, n);
        buf[n] = '\0';
        if (!in_set(buf, set))
            return buf;
        p += strcspn(p, ",");
    }
    return NULL;
}

typedef struct {
    const char *path;
    const int *lines;
} origin;

#define PROBLEM(o, i, ...)                                                                  \
    do {                                                                                    \
        char m_[512];                                                                       \
        snprintf(m_, sizeof m_, __VA_ARGS__);                                               \
        if ((o).lines)                                                                      \
            aib_error_append(err, "%s:%d: %s", (o).path, (o).lines[i], m_);                   \
        else                                                                                \
            aib_error_append(err, "%s: record %zu: %s", (o).path, (size_t)(i) + 1, m_);       \
        problems++;                                                                         \
    } while (0)

static int check_required(const aib_field *fs, size_t nf, const void *rec, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    for (size_t k = 0; k < nf; k++) {
        if (!(fs[k].flags & AIB_F_REQUIRED))
            continue;
        int missing = fs[k].type == AIB_FIELD_STR ? !aib_field_str(&fs[k], rec) : isnan(aib_field_num(&fs[k], rec));
        if (missing)
            PROBLEM(o, i, "missing required key '%s'", fs[k].key);
    }
    return problems;
}

static int check_hw(const aib_hw *h, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    char buf[64];
    const char *bad;
    if (h->gpu_vendor && !in_set(h->gpu_vendor, vendors))
        PROBLEM(o, i, "unknown gpu_vendor '%s' (nvidia, amd, apple, intel, none)", h->gpu_vendor);
    if (h->kind && !in_set(h->kind, kinds))
        PROBLEM(o, i, "unknown kind '%s' (gpu, apu, apple, system, cpu)", h->kind);
    if (h->backends && (bad = list_in_set(h->backends, backends, buf, sizeof buf)))
        PROBLEM(o, i, "unknown backend '%s' (cuda, rocm, vulkan, metal, sycl, cpu)", bad);
    if (aib_has(h->gpu_usable_gb) && aib_has(h->memory_gb) && h->gpu_usable_gb > h->memory_gb)
        PROBLEM(o, i, "gpu_usable_gib %g is more than memory_gib %g", h->gpu_usable_gb, h->memory_gb);
    if (aib_has(h->power_min_w) && aib_has(h->power_max_w) && h->power_min_w > h->power_max_w)
        PROBLEM(o, i, "power_min_w %g is more than power_max_w %g", h->power_min_w, h->power_max_w);
    if (aib_has(h->bandwidth_measured_gbs) != (h->bandwidth_measured_source != NULL))
        PROBLEM(o, i, "bandwidth_measured_gbs and bandwidth_measured_source go together");
    if (aib_has(h->bandwidth_measured_gbs) && aib_has(h->bandwidth_gbs) && h->bandwidth_measured_gbs > h->bandwidth_gbs * 1.05)
        PROBLEM(o, i, "measured bandwidth %g GB/s is above the theoretical %g", h->bandwidth_measured_gbs, h->bandwidth_gbs);
    if (h->kind && !strcmp(h->kind, "cpu") && h->backends && strcmp(h->backends, "cpu"))
        PROBLEM(o, i, "a cpu box has only the cpu backend");
    return problems;
}

static int token_modality(const char *m) { return m && (!strcmp(m, "text") || !strcmp(m, "vision-text")); }

static int check_model(const aib_model *m, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    char buf[64];
    const char *bad;
    if (m->modality && !in_set(m->modality, modalities))
        PROBLEM(o, i, "unknown modality '%s' (text, vision-text, image, voice)", m->modality);
    if (m->use_cases && (bad = list_in_set(m->use_cases, use_cases, buf, sizeof buf)))
        PROBLEM(o, i, "unknown use case '%s' (chat, coding, docs, agents, image, voice)", bad);
    if (m->tied_embeddings && strcmp(m->tied_embeddings, "yes") && strcmp(m->tied_embeddings, "no"))
        PROBLEM(o, i, "tied_embeddings must be yes or no, not '%s'", m->tied_embeddings);
    if (aib_has(m->params_active_b) && aib_has(m->params_total_b) && m->params_active_b > m->params_total_b)
        PROBLEM(o, i, "params_active_b %g is more than params_total_b %g", m->params_active_b, m->params_total_b);
    if (token_modality(m->modality)) {
        static const char *const need[] = {"layers", "hidden_size", "heads", "kv_heads", "head_dim", "max_context", "vocab_size"};
        size_t nf;
        const aib_field *fs = aib_model_fields(&nf);
        for (size_t k = 0; k < COUNT(need); k++)
            if (isnan(aib_field_num(find_field(fs, nf, need[k]), m)))
                PROBLEM(o, i, "a %s model needs '%s'", m->modality, need[k]);
    }
    if (aib_has(m->kv_heads) && aib_has(m->heads) && m->kv_heads > m->heads)
        PROBLEM(o, i, "kv_heads %g is more than heads %g", m->kv_heads, m->heads);
    if (aib_has(m->experts) != aib_has(m->experts_used))
        PROBLEM(o, i, "experts and experts_used go together");
    if (aib_has(m->experts_used) && aib_has(m->experts) && m->experts_used > m->experts)
        PROBLEM(o, i, "experts_used %g is more than experts %g", m->experts_used, m->experts);
    if (aib_has(m->experts) && aib_has(m->params_active_b) && m->params_active_b == m->params_total_b)
        PROBLEM(o, i, "a MoE model's params_active_b must be less than params_total_b");
    if (aib_has(m->moe_layers) && !aib_has(m->experts))
        PROBLEM(o, i, "moe_layers without experts");
    if (aib_has(m->layers)) {
        if (aib_has(m->kv_layers) && m->kv_layers > m->layers)
            PROBLEM(o, i, "kv_layers %g is more than layers %g", m->kv_layers, m->layers);
        if (aib_has(m->swa_layers) && m->swa_layers > m->layers)
            PROBLEM(o, i, "swa_layers %g is more than layers %g", m->swa_layers, m->layers);
        if (aib_has(m->moe_layers) && m->moe_layers > m->layers)
            PROBLEM(o, i, "moe_layers %g is more than layers %g", m->moe_layers, m->layers);
    }
    if (aib_has(m->swa_layers) && m->swa_layers > 0 && !aib_has(m->sliding_window))
        PROBLEM(o, i, "swa_layers needs sliding_window");
    if (aib_has(m->kv_lora_rank) != aib_has(m->rope_dim))
        PROBLEM(o, i, "kv_lora_rank and rope_dim go together (MLA)");
    return problems;
}

static int check_quant(const aib_quant *q, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    if (aib_has(q->bpw) && (q->bpw < 1 || q->bpw > 33))
        PROBLEM(o, i, "bpw %g is outside 1..33", q->bpw);
    if (q->basis && strcmp(q->basis, "published") && strcmp(q->basis, "derived") && strcmp(q->basis, "block"))
        PROBLEM(o, i, "basis must be published, derived or block, not '%s'", q->basis);
    return problems;
}

/* What a measurement's ids name, resolved once for a run of rows that repeat them (imports
 * and sweeps come in runs of one hardware and model): the catalog's lookups are linear. */
typedef struct {
    const char *hw_s, *model_s, *quant_s, *backend_s;
    const aib_hw *h;
    const aib_model *m;
    const aib_quant *q;
    aib_setup st;
    int st_ok; /* st is the setup of h, m, q and backend_s */
} meas_memo;

static void memo_resolve(const aib_catalog *cat, const aib_measurement *x, meas_memo *mm)
{
#define SAME(a, b) ((a) && (b) && !strcmp((a), (b)))
    if (!SAME(mm->hw_s, x->hw))
        mm->h = x->hw ? aib_catalog_find_hw(cat, x->hw) : NULL, mm->hw_s = x->hw, mm->st_ok = 0;
    if (!SAME(mm->model_s, x->model))
        mm->m = x->model ? aib_catalog_find_model(cat, x->model) : NULL, mm->model_s = x->model, mm->st_ok = 0;
    if (!SAME(mm->quant_s, x->quant))
        mm->q = x->quant ? aib_catalog_find_quant(cat, x->quant) : NULL, mm->quant_s = x->quant, mm->st_ok = 0;
    if (!SAME(mm->backend_s, x->backend))
        mm->backend_s = x->backend, mm->st_ok = 0;
#undef SAME
}

static int implausible(const aib_measurement *x, meas_memo *mm, char *why, size_t n);

static int check_measurement(const aib_catalog *cat, const aib_measurement *x, origin o, size_t i, aib_error *err,
                             meas_memo *mm)
{
    int problems = 0;
    memo_resolve(cat, x, mm);
    const aib_hw *h = mm->h;
    if (x->hw && !h)
        PROBLEM(o, i, "unknown hw '%s'", x->hw);
    if (x->model && !mm->m)
        PROBLEM(o, i, "unknown model '%s'", x->model);
    if (x->quant && !mm->q)
        PROBLEM(o, i, "unknown quant '%s'", x->quant);
    if (x->backend && !in_set(x->backend, backends))
        PROBLEM(o, i, "unknown backend '%s'", x->backend);
    else if (h && x->backend && !aib_list_has(h->backends, x->backend))
        PROBLEM(o, i, "backend '%s' is not one of %s's (%s)", x->backend, h->id, h->backends);
    if (x->test) {
        const char *t = x->test;
        int ok = (!strncmp(t, "pp", 2) || !strncmp(t, "tg", 2)) && t[2];
        for (const char *p = t + 2; ok && *p; p++)
            ok = isdigit((unsigned char)*p);
        if (!ok || atoi(t + 2) <= 0 || atoi(t + 2) > 1000000)
            PROBLEM(o, i, "test '%s' is not ppN or tgN", t);
    }
    if (x->date) {
        char today[16];
        time_t now = time(NULL);
        strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
        if (!aib_valid_date(x->date))
            PROBLEM(o, i, "date '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", x->date);
        else if (strncmp(x->date, today, strlen(x->date)) > 0)
            PROBLEM(o, i, "date %s is in the future", x->date);
    }
    char why[160];
    if (!problems && implausible(x, mm, why, sizeof why))
        PROBLEM(o, i, "%s", why);
    return problems;
}

/* The bounds of physics a measurement must keep (docs/catalog.md, "What a measurement must
 * respect"): generation cannot stream the weights much faster than the memory's theoretical
 * bandwidth (caches help small models a little, never several times), and prompt processing
 * cannot run faster than the silicon's arithmetic (fp16 tensor and int8 units reach up to
 * ~30x the fp32 vector peak the catalog records). The floors catch a unit slip (tok/min, ms). */
#define TG_MAX_ROOFLINE 3.0
#define TG_MIN_ROOFLINE 0.001
#define PP_MAX_FP32 40.0
#define PP_MIN_FP32 0.001

int aib_measurement_implausible(const aib_catalog *cat, const aib_measurement *x, char *why, size_t n)
{
    meas_memo mm = {0};
    memo_resolve(cat, x, &mm);
    return implausible(x, &mm, why, n);
}

static int implausible(const aib_measurement *x, meas_memo *mm, char *why, size_t n)
{
    why[0] = '\0';
    if (!x->test || !x->hw || !x->model || !x->quant || !x->backend)
        return 0;
    int tokens = atoi(x->test + 2);
    if (!(x->tps > 0) || !isfinite(x->tps) || x->tps > 1e6) {
        snprintf(why, n, "speed %g tok/s is not a plausible number", x->tps);
        return 1;
    }
    if (!(x->depth >= 0) || x->depth != floor(x->depth) || x->depth > 1e7) {
        snprintf(why, n, "depth %g is not a whole number of tokens >= 0", x->depth);
        return 1;
    }
    const aib_hw *h = mm->h;
    const aib_model *m = mm->m;
    const aib_quant *q = mm->q;
    if (!h || !m || !q)
        return 0;
    /* llama.cpp runs past a model's trained context (with a warning) at the same cost per token,
     * and published sweeps do; what it cannot do is hold a cache larger than the machine: the
     * KV cache at the smallest type llama.cpp offers (q4_0) must fit the hardware's memory */
    double kv = aib_kv_cache_bytes(m, x->depth + tokens, aib_kv_type_bytes("q4_0"));
    if (aib_has(h->memory_gb) && kv > h->memory_gb * AIB_GIB) {
        snprintf(why, n, "depth %.0f + %d tokens needs a %.0f GiB KV cache even at q4_0: more than %s's %.0f GB",
                 x->depth, tokens, kv / AIB_GIB, h->id, h->memory_gb);
        return 1;
    }
    if (!mm->st_ok) {
        aib_setup_init(&mm->st);
        if (aib_setup_from(&mm->st, h, m, q, x->backend, NULL) != AIB_OK)
            return 0;
        mm->st_ok = 1;
    }
    const aib_setup st = mm->st;
    if (x->test[0] == 't') {
        double f[AIB_DECODE_NX];
        aib_decode_features(&st, x->depth + tokens / 2.0, 1.0, st.bandwidth_gbs, f);
        double roof = f[0] > 0 ? 1.0 / f[0] : NAN; /* tok/s if every byte moved at full bandwidth */
        if (isfinite(roof) && x->tps > TG_MAX_ROOFLINE * roof) {
            snprintf(why, n, "%.4g tok/s is %.0fx the bandwidth roofline of %s (%.3g tok/s at %.0f GB/s): not possible",
                     x->tps, x->tps / roof, h->id, roof, st.bandwidth_gbs);
            return 1;
        }
        if (isfinite(roof) && x->tps < TG_MIN_ROOFLINE * roof) {
            snprintf(why, n, "%.4g tok/s is under 1/%.0f of the bandwidth roofline (%.3g tok/s): a unit slip?", x->tps,
                     1 / TG_MIN_ROOFLINE, roof);
            return 1;
        }
    } else if (aib_has(st.tflops) && st.tflops > 0) {
        double rate = x->tps * aib_prefill_flops(m, x->depth + tokens / 2.0) / (st.tflops * 1e12);
        if (rate > PP_MAX_FP32) {
            snprintf(why, n, "%.4g tok/s needs %.0fx the fp32 peak of %s (%.3g TFLOPS): not possible", x->tps, rate,
                     h->id, st.tflops);
            return 1;
        }
        if (rate < PP_MIN_FP32) {
            snprintf(why, n, "%.4g tok/s is under 1/%.0f of the fp32 peak's rate: a unit slip?", x->tps, 1 / PP_MIN_FP32);
            return 1;
        }
    }
    return 0;
}

int aib_check_measurement(const aib_catalog *cat, const aib_measurement *x, const char *path, int line,
                          aib_error *err)
{
    size_t nf;
    const aib_field *fs = aib_measurement_fields(&nf);
    int l = line;
    origin o = {path, &l};
    meas_memo mm = {0};
    return check_required(fs, nf, x, o, 0, err) + check_measurement(cat, x, o, 0, err, &mm);
}

static const char *const sections[] = {"tagline", "class", "verdict", "summary", "headline", "peer",
                                       "buy_if", "skip_if", "alternative", "watchout", "local_wins",
                                       "cloud_wins", "local_cloud", "pick-coding", "pick-chat", "pick-docs",
                                       "pick-image", "pick-agents", "pick-voice", NULL};

static int check_editorial(const aib_catalog *cat, const aib_editorial *e, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    if (e->hw && !aib_catalog_find_hw(cat, e->hw))
        PROBLEM(o, i, "unknown hw '%s'", e->hw);
    if (!e->section)
        return problems;
    if (!in_set(e->section, sections)) {
        PROBLEM(o, i, "unknown section '%s' (see docs/catalog.md)", e->section);
        return problems;
    }
    int wants_model = !strcmp(e->section, "headline") || !strncmp(e->section, "pick-", 5);
    int wants_hw = !strcmp(e->section, "peer") || !strcmp(e->section, "alternative");
    if ((wants_model || wants_hw) && !e->ref)
        PROBLEM(o, i, "section '%s' needs ref: a %s id", e->section, wants_model ? "model" : "hardware");
    else if (!wants_model && !wants_hw && e->ref)
        PROBLEM(o, i, "section '%s' takes no ref", e->section);
    else if (wants_model && !aib_catalog_find_model(cat, e->ref))
        PROBLEM(o, i, "unknown model '%s'", e->ref);
    else if (wants_hw && !aib_catalog_find_hw(cat, e->ref))
        PROBLEM(o, i, "unknown hw '%s'", e->ref);
    else if (wants_hw && e->hw && aib_streq_ci(e->ref, e->hw))
        PROBLEM(o, i, "a hardware is not its own %s", e->section);
    if (!e->text && strcmp(e->section, "peer") && strcmp(e->section, "headline"))
        PROBLEM(o, i, "section '%s' needs text", e->section);
    static const char *const verdicts[] = {"buy", "consider", "skip", NULL};
    if (!strcmp(e->section, "verdict") && e->text && !in_set(e->text, verdicts))
        PROBLEM(o, i, "verdict must be buy, consider or skip, not '%s'", e->text);
    if (strcmp(e->section, "watchout") && strcmp(e->section, "alternative"))
        for (const aib_editorial *d = cat->edits; d < e; d++)
            if (d->hw && e->hw && d->section && aib_streq_ci(d->hw, e->hw) && !strcmp(d->section, e->section))
                PROBLEM(o, i, "second '%s' for %s (only watchout and alternative repeat)", e->section, e->hw);
    return problems;
}

static int check_config(const aib_catalog *cat, const aib_config *c, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    int host = c->hw && !strcmp(c->hw, "host-desktop");
    const aib_hw *h = host ? NULL : aib_catalog_find_hw(cat, c->hw);
    static const char *const price_kinds[] = {"launch-msrp", "list", "street", NULL};
    if (!host && !h)
        PROBLEM(o, i, "unknown hw '%s'", c->hw);
    else if (!host && !aib_has(c->memory_gb))
        PROBLEM(o, i, "a configuration needs memory_gib");
    else if (h && c->memory_gb == h->memory_gb && !(aib_has(h->price_memory_gb) && h->price_memory_gb != h->memory_gb))
        PROBLEM(o, i, "%g GiB is %s's own configuration: its price goes in hardware.txt", c->memory_gb, h->id);
    if (c->price_kind && !in_set(c->price_kind, price_kinds))
        PROBLEM(o, i, "price_kind must be launch-msrp, list or street, not '%s'", c->price_kind);
    return problems;
}

static int check_fitness(const aib_catalog *cat, const aib_fitness *f, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    static const char *const uses[] = {"coding", "chat", "docs", "agents", NULL};
    if (f->model && !aib_catalog_find_model(cat, f->model))
        PROBLEM(o, i, "unknown model '%s'", f->model);
    if (f->use && !in_set(f->use, uses))
        PROBLEM(o, i, "use must be coding, chat, docs or agents, not '%s'", f->use);
    return problems;
}

static int check_api_price(const aib_catalog *cat, const aib_api_price *a, origin o, size_t i, aib_error *err)
{
    int problems = 0;
    if (a->model && !aib_catalog_find_model(cat, a->model))
        PROBLEM(o, i, "unknown model '%s'", a->model);
    return problems;
}

/* Checks one record of kind k. */
static int check_record(const aib_catalog *cat, int k, const void *rec, origin o, size_t i, aib_error *err,
                        meas_memo *mm)
{
    switch (k) {
    case AIB_K_HW: return check_hw(rec, o, i, err);
    case AIB_K_MODEL: return check_model(rec, o, i, err);
    case AIB_K_QUANT: return check_quant(rec, o, i, err);
    case AIB_K_MEAS: return check_measurement(cat, rec, o, i, err, mm);
    case AIB_K_CONFIG: return check_config(cat, rec, o, i, err);
    case AIB_K_FITNESS: return check_fitness(cat, rec, o, i, err);
    case AIB_K_API: return check_api_price(cat, rec, o, i, err);
    default: return check_editorial(cat, rec, o, i, err);
    }
}

/* The same run entered twice: every field of its identity equal (what, where, with which
 * software, from which source, when). Different builds or sources of one test are different
 * runs and stay. */
int aib_run_cmp(const aib_measurement *x, const aib_measurement *y)
{
    int c;
    const char *xs[] = {x->hw, x->model, x->quant, x->backend, x->test, x->software, x->source, x->date};
    const char *ys[] = {y->hw, y->model, y->quant, y->backend, y->test, y->software, y->source, y->date};
    for (int i = 0; i < 8; i++)
        if ((c = strcmp(xs[i] ? xs[i] : "", ys[i] ? ys[i] : "")))
            return c;
    return x->depth != y->depth ? (x->depth < y->depth ? -1 : 1) : 0;
}

static const aib_measurement *dup_base;
static int run_cmp(const void *a, const void *b)
{
    const aib_measurement *x = dup_base + *(const size_t *)a, *y = dup_base + *(const size_t *)b;
    int c = aib_run_cmp(x, y);
    return c ? c : (x > y) - (x < y); /* one run's rows in catalog order */
}

static int duplicate_runs(const aib_catalog *cat, origin o, aib_error *err)
{
    int problems = 0;
    size_t n = cat->n_meas;
    size_t *idx = aib_malloc((n + 1) * sizeof *idx);
    if (!idx)
        return 0;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    dup_base = cat->meas; /* the catalog loads on one thread at a time */
    qsort(idx, n, sizeof *idx, run_cmp);
    for (size_t i = 1; i < n; i++) {
        const aib_measurement *a = &cat->meas[idx[i - 1]], *b = &cat->meas[idx[i]];
        if (aib_run_cmp(a, b) == 0) {
            size_t later = idx[i] > idx[i - 1] ? idx[i] : idx[i - 1], first = idx[i] > idx[i - 1] ? idx[i - 1] : idx[i];
            PROBLEM(o, later, "the same run as line %d (test, hardware, model, quant, backend, depth, software, "
                              "source and date)", o.lines[first]);
        }
    }
    aib_free(idx);
    return problems;
}

static int check_all(aib_catalog *cat, const char *dir, const int *const lines[AIB_NKINDS], aib_error *err)
{
    int problems = 0;
    for (int k = 0; k < AIB_NKINDS; k++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, aib_kinds[k].file);
        origin o = {path, lines[k]};
        size_t nf, n;
        const aib_field *fs = aib_kinds[k].fields(&nf);
        const char *base = aib_kind_records(cat, k, &n);
        int has_id = !strcmp(fs[0].key, "id");
        meas_memo mm = {0};
        int before = problems;
        for (size_t i = 0; i < n; i++) {
            const void *rec = base + i * aib_kinds[k].size;
            problems += check_required(fs, nf, rec, o, i, err) + check_record(cat, k, rec, o, i, err, &mm);
            const char *id = aib_field_str(&fs[0], rec);
            for (size_t j = 0; has_id && id && j < i; j++)
                if (aib_streq_ci(aib_field_str(&fs[0], base + j * aib_kinds[k].size), id))
                    PROBLEM(o, i, "duplicate id '%s'", id);
        }
        /* the files' rows: a database's imported rows are kept one per run by the import itself
         * (an older database's doubles stay readable) */
        if (k == AIB_K_MEAS && problems == before && o.lines)
            problems += duplicate_runs(cat, o, err);
        if (k == AIB_K_MEAS && problems == before) {
            /* every id named resolves: point each row at its catalog id, so that comparisons
             * between rows and catalog entries are pointer equality (aib_streq_ci's fast path) */
            memset(&mm, 0, sizeof mm);
            for (size_t i = 0; i < cat->n_meas; i++) {
                aib_measurement *x = &cat->meas[i];
                memo_resolve(cat, x, &mm);
                x->hw = mm.h->id, x->model = mm.m->id, x->quant = mm.q->id;
                const char *b = aib_backend_name(x->backend);
                if (b)
                    x->backend = b;
                mm.hw_s = x->hw, mm.model_s = x->model, mm.quant_s = x->quant, mm.backend_s = x->backend;
            }
        }
    }
    return problems;
}

aib_status aib_catalog_check(aib_catalog *cat, aib_error *err)
{
    const int *const none[AIB_NKINDS] = {NULL};
    if (err)
        err->msg[0] = '\0';
    if (check_all(cat, "catalog database", none, err))
        return err ? (err->code = AIB_ERR_PARSE) : AIB_ERR_PARSE;
    return AIB_OK;
}

void aib_catalog_free(aib_catalog *cat)
{
    if (!cat)
        return;
    aib_free(cat->hw);
    aib_free(cat->models);
    aib_free(cat->quants);
    aib_free(cat->meas);
    aib_free(cat->edits);
    aib_free(cat->configs);
    aib_free(cat->fitness);
    aib_free(cat->api_prices);
    aib_arena_release(&cat->strings);
    aib_free(cat);
}

/* Parses and checks the catalog's texts (tf[k] for each kind, read or given; parsing writes
 * into them). origin names where they came from in messages. */
_Static_assert(AIB_CATALOG_KINDS == AIB_NKINDS, "catalog.h's count of kinds");

static aib_status load_texts(text_file tf[AIB_NKINDS], const char *where, aib_catalog **out, aib_error *err)
{
    *out = NULL;
    if (err)
        err->msg[0] = '\0', err->code = AIB_OK;
    aib_catalog *cat = aib_calloc(1, sizeof *cat);
    int *lines[AIB_NKINDS] = {NULL};
    aib_status st = AIB_OK;
    int problems = 0;
    if (!cat)
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    for (int k = 0; k < AIB_NKINDS; k++) {
        /* a record per line at most: bound the line tables by the line count */
        size_t nl = 2;
        for (size_t i = 0; i < tf[k].len; i++)
            nl += tf[k].buf[i] == '\n';
        lines[k] = aib_calloc(nl, sizeof(int));
        if (!lines[k]) {
            st = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
            goto fail;
        }
        int p = aib_kinds[k].blocks ? parse_blocks(cat, k, &tf[k], lines[k], err)
                                    : parse_tsv(cat, k, &tf[k], lines[k], err);
        if (p < 0) {
            st = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
            goto fail;
        }
        problems += p;
    }
    if (!problems) {
        const int *cl[AIB_NKINDS];
        for (int k = 0; k < AIB_NKINDS; k++)
            cl[k] = lines[k];
        problems = check_all(cat, where, cl, err);
    }
    if (problems) {
        st = AIB_ERR_PARSE;
        if (err)
            err->code = st;
        goto fail;
    }
    for (int k = 0; k < AIB_NKINDS; k++)
        aib_free(lines[k]);
    *out = cat;
    return AIB_OK;
fail:
    for (int k = 0; k < AIB_NKINDS; k++)
        aib_free(lines[k]);
    aib_catalog_free(cat);
    return st;
}

aib_status aib_catalog_load_dir(const char *datadir, aib_catalog **out, aib_error *err)
{
    *out = NULL;
    if (err)
        err->msg[0] = '\0', err->code = AIB_OK;
    text_file tf[AIB_NKINDS] = {{0}};
    char path[AIB_NKINDS][1100];
    aib_status st = AIB_OK;
    for (int k = 0; k < AIB_NKINDS && !st; k++) {
        snprintf(path[k], sizeof path[k], "%s/%s", datadir, aib_kinds[k].file);
        st = read_file(path[k], &tf[k], err);
    }
    if (!st)
        st = load_texts(tf, datadir, out, err);
    for (int k = 0; k < AIB_NKINDS; k++)
        aib_free(tf[k].buf);
    return st;
}

aib_status aib_catalog_load_texts(const char *const texts[], const size_t lens[], const char *where,
                                  aib_catalog **out, aib_error *err)
{
    *out = NULL;
    text_file tf[AIB_NKINDS] = {{0}};
    char path[AIB_NKINDS][300];
    aib_status st = AIB_OK;
    for (int k = 0; k < AIB_NKINDS && !st; k++) {
        snprintf(path[k], sizeof path[k], "%s/%s", where, aib_kinds[k].file);
        tf[k].path = path[k];
        tf[k].len = lens[k];
        if (!(tf[k].buf = aib_malloc(lens[k] + 1)))
            st = aib_fail(err, AIB_ERR_NOMEM, "out of memory");
        else {
            memcpy(tf[k].buf, texts[k], lens[k]);
            tf[k].buf[lens[k]] = '\0';
        }
    }
    if (!st)
        st = load_texts(tf, where, out, err);
    for (int k = 0; k < AIB_NKINDS; k++)
        aib_free(tf[k].buf);
    return st;
}

/* ---- the catalog as text (what aib_catalog_load_texts() reads back) ---- */

typedef struct {
    char *p;
    size_t len, cap;
    int failed;
} text_out;

static void out_put(text_out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n + 1)
            cap *= 2;
        char *q = aib_realloc(o->p, cap);
        if (!q) {
            o->failed = 1;
            return;
        }
        o->p = q, o->cap = cap;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void out_str(text_out *o, const char *s) { out_put(o, s, strlen(s)); }

/* A field's value as text: strings as they are, numbers exactly (%.17g reads back bit for bit). */
static const char *field_text(const aib_field *f, const void *rec, char *num, size_t n)
{
    if (f->type == AIB_FIELD_STR)
        return aib_field_str(f, rec);
    double v = aib_field_num(f, rec);
    if (!aib_has(v))
        return NULL;
    snprintf(num, n, "%.17g", v);
    return num;
}

const char *aib_catalog_kind_file(int kind) { return kind >= 0 && kind < AIB_NKINDS ? aib_kinds[kind].file : NULL; }

aib_status aib_catalog_write_text(const aib_catalog *cat, int kind, char **out, size_t *len, aib_error *err)
{
    *out = NULL;
    if (kind < 0 || kind >= AIB_NKINDS)
        return aib_fail(err, AIB_ERR_INVALID, "no catalog kind %d", kind);
    size_t nf, n;
    const aib_field *fs = aib_kinds[kind].fields(&nf);
    const char *base = aib_kind_records(cat, kind, &n);
    text_out o = {0};
    char num[64];
    out_str(&o, "# written by aibench from its catalog (the files of data/, with imported rows and one's own hardware)\n");
    if (aib_kinds[kind].blocks) {
        for (size_t r = 0; r < n; r++) {
            const void *rec = base + r * aib_kinds[kind].size;
            out_str(&o, "\n[");
            out_str(&o, aib_field_str(&fs[0], rec));
            out_str(&o, "]\n");
            for (size_t i = 1; i < nf; i++) {
                const char *v = field_text(&fs[i], rec, num, sizeof num);
                if (!v)
                    continue;
                out_str(&o, fs[i].key);
                out_str(&o, " = ");
                out_str(&o, v);
                out_str(&o, "\n");
            }
        }
    } else {
        for (size_t i = 0; i < nf; i++) {
            out_str(&o, i ? "\t" : "");
            out_str(&o, fs[i].key);
        }
        out_str(&o, "\n");
        for (size_t r = 0; r < n; r++) {
            const void *rec = base + r * aib_kinds[kind].size;
            for (size_t i = 0; i < nf; i++) {
                const char *v = field_text(&fs[i], rec, num, sizeof num);
                out_str(&o, i ? "\t" : "");
                out_str(&o, v ? v : "");
            }
            out_str(&o, "\n");
        }
    }
    if (o.failed) {
        aib_free(o.p);
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    }
    *out = o.p;
    if (len)
        *len = o.len;
    return AIB_OK;
}

/* ---- look-ups ---- */

size_t aib_catalog_hw_count(const aib_catalog *c) { return c->n_hw; }
const aib_hw *aib_catalog_hw_at(const aib_catalog *c, size_t i) { return i < c->n_hw ? &c->hw[i] : NULL; }
size_t aib_catalog_model_count(const aib_catalog *c) { return c->n_models; }
const aib_model *aib_catalog_model_at(const aib_catalog *c, size_t i) { return i < c->n_models ? &c->models[i] : NULL; }
size_t aib_catalog_quant_count(const aib_catalog *c) { return c->n_quants; }
const aib_quant *aib_catalog_quant_at(const aib_catalog *c, size_t i) { return i < c->n_quants ? &c->quants[i] : NULL; }
size_t aib_catalog_measurement_count(const aib_catalog *c) { return c->n_meas; }
const aib_measurement *aib_catalog_measurement_at(const aib_catalog *c, size_t i) { return i < c->n_meas ? &c->meas[i] : NULL; }
size_t aib_catalog_editorial_count(const aib_catalog *c) { return c->n_edits; }
size_t aib_catalog_config_count(const aib_catalog *c) { return c->n_configs; }
const aib_config *aib_catalog_config_at(const aib_catalog *c, size_t i) { return i < c->n_configs ? &c->configs[i] : NULL; }
size_t aib_catalog_fitness_count(const aib_catalog *c) { return c->n_fitness; }
const aib_fitness *aib_catalog_fitness_at(const aib_catalog *c, size_t i) { return i < c->n_fitness ? &c->fitness[i] : NULL; }
double aib_quant_kld(const aib_model *m, const aib_quant *q)
{
    return m && m->ships_as && aib_streq_ci(m->ships_as, q->id) ? 0 : q->kld;
}

size_t aib_catalog_api_price_count(const aib_catalog *c) { return c->n_api_prices; }
const aib_api_price *aib_catalog_api_price_at(const aib_catalog *c, size_t i) { return i < c->n_api_prices ? &c->api_prices[i] : NULL; }
const aib_editorial *aib_catalog_editorial_at(const aib_catalog *c, size_t i) { return i < c->n_edits ? &c->edits[i] : NULL; }

const aib_editorial *aib_catalog_editorial(const aib_catalog *c, const char *hw, const char *section,
                                           const aib_editorial *after)
{
    size_t i = after ? (size_t)(after - c->edits) + 1 : 0;
    for (; i < c->n_edits; i++)
        if (aib_streq_ci(c->edits[i].hw, hw) && !strcmp(c->edits[i].section, section))
            return &c->edits[i];
    return NULL;
}

const aib_hw *aib_catalog_find_hw(const aib_catalog *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_hw; i++)
        if (aib_streq_ci(c->hw[i].id, id))
            return &c->hw[i];
    return NULL;
}

const aib_model *aib_catalog_find_model(const aib_catalog *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_models; i++)
        if (aib_streq_ci(c->models[i].id, id))
            return &c->models[i];
    return NULL;
}

const aib_quant *aib_catalog_find_quant(const aib_catalog *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_quants; i++)
        if (aib_streq_ci(c->quants[i].id, id))
            return &c->quants[i];
    for (size_t i = 0; id && i < c->n_quants; i++)
        if (aib_list_has(c->quants[i].aliases, id))
            return &c->quants[i];
    return NULL;
}

/* Levenshtein distance, case-insensitive, on at most 64 characters (internal.h). */
size_t aib_edit_distance(const char *a, const char *b)
{
    /* optimal string alignment: an adjacent transposition ("modle") costs one edit */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64) la = 64;
    if (lb > 64) lb = 64;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int ai = tolower((unsigned char)a[i - 1]), bj = tolower((unsigned char)b[j - 1]);
            size_t v = d[i - 1][j - 1] + (ai != bj);
            if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ai == tolower((unsigned char)b[j - 2]) && tolower((unsigned char)a[i - 2]) == bj &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

/* The share of id's words (split at - _ . and spaces) found in text, case-insensitive: how
 * "mac-studio" finds the M3 Ultra (form factor "Mac Studio") and "strix-halo" its family. */
static double words_found(const char *id, const char *text)
{
    char w[65];
    int words = 0, found = 0;
    for (const char *p = id; *p;) {
        size_t n = strcspn(p, "-_. ");
        if (n && n < sizeof w) {
            snprintf(w, sizeof w, "%.*s", (int)n, p);
            words++;
            found += strcasestr(text, w) != NULL;
        }
        p += n;
        while (*p && strchr("-_. ", *p))
            p++;
    }
    return words ? (double)found / words : 0;
}

size_t aib_catalog_suggest(const aib_catalog *c, const char *kind, const char *id, const char **out, size_t max)
{
    int hw = !strcmp(kind, "hw"), model = !strcmp(kind, "model");
    size_t n = hw ? c->n_hw : model ? c->n_models : c->n_quants;
    double best[8];
    size_t got = 0;
    if (max > 8)
        max = 8;
    for (size_t i = 0; i < n && id && max; i++) {
        const char *cand = hw ? c->hw[i].id : model ? c->models[i].id : c->quants[i].id;
        /* rank: an edit distance; a substring counts as 2; every word found as 2.5, most words
         * as 3.5 (so near spellings come first) */
        double d = (double)aib_edit_distance(id, cand);
        if (strlen(id) >= 3 && strcasestr(cand, id))
            d = d < 2 ? d : 2;
        if (d > 3 + (double)(strlen(id) / 4)) {
            char text[700];
            snprintf(text, sizeof text, "%s %s %s %s", cand, hw ? c->hw[i].name : model ? c->models[i].name : "",
                     hw && c->hw[i].family ? c->hw[i].family : model && c->models[i].family ? c->models[i].family : "",
                     hw && c->hw[i].form_factor ? c->hw[i].form_factor : "");
            double f = words_found(id, text);
            if (f < 0.6)
                continue;
            d = f >= 1 ? 2.5 : 3.5;
        }
        size_t pos = got;
        while (pos > 0 && best[pos - 1] > d)
            pos--;
        if (pos >= max)
            continue;
        size_t last = got < max ? got : max - 1;
        for (size_t k = last; k > pos; k--)
            best[k] = best[k - 1], out[k] = out[k - 1];
        best[pos] = d;
        out[pos] = cand;
        if (got < max)
            got++;
    }
    return got;
}
