/* import.c: reads llama-bench output (-o json, -o jsonl, -o csv, and the default markdown
 * table) into measurement rows for aib_store_import(). The hardware is named by the user; the
 * model, quant and backend come from the file (or the user), checked against the catalog. */
#include "internal.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct aib_import {
    aib_measurement *rows;
    size_t n, skipped;
    aib_arena mem;
};

size_t aib_import_count(const aib_import *im) { return im->n; }
size_t aib_import_skipped(const aib_import *im) { return im->skipped; }
const aib_measurement *aib_import_rows(const aib_import *im) { return im->rows; }

void aib_import_free(aib_import *im)
{
    if (!im)
        return;
    aib_free(im->rows);
    aib_arena_release(&im->mem);
    aib_free(im);
}

/* One row of the file as text fields, whatever the format. */
typedef struct {
    const char *model_type, *params, *backend, *test, *tps, *commit, *build, *time;
    double n_prompt, n_gen, n_depth;
    int line;
} raw_row;

static char *idup(aib_import *im, const char *s) { return s ? aib_arena_strdup(&im->mem, s, strlen(s)) : NULL; }

/* A word that starts a llama.cpp file type name: Q4_K, IQ4_XS, TQ1_0, F16, BF16, F32, MXFP4. */
static int ftype_word(const char *w)
{
    if (w[0] == 'Q' && isdigit((unsigned char)w[1]))
        return 1;
    if ((w[0] == 'I' || w[0] == 'T') && w[1] == 'Q' && isdigit((unsigned char)w[2]))
        return 1;
    return !strncmp(w, "F16", 3) || !strncmp(w, "BF16", 4) || !strncmp(w, "F32", 3) || !strncmp(w, "MXFP4", 5) ||
           !strncmp(w, "NVFP4", 5);
}

/* llama-bench's model_type ends with llama.cpp's file type name: "llama 8B Q4_K - Medium" ->
 * Q4_K_M, "... IQ4_XS - 4.25 bpw" -> IQ4_XS, "... MXFP4 MoE" -> MXFP4_MOE, "Q2_K - Medium" -> Q2_K. */
static void quant_from_type(const char *model_type, char *out, size_t n)
{
    out[0] = '\0';
    if (!model_type)
        return;
    const char *p = NULL;
    for (const char *w = model_type; *w && !p; w++)
        if ((w == model_type || w[-1] == ' ') && ftype_word(w))
            p = w;
    if (!p)
        return;
    size_t k = 0;
    while (p[k] && p[k] != ' ' && k + 1 < n)
        out[k] = p[k], k++;
    out[k] = '\0';
    const char *rest = p + k;
    if (strstr(rest, "- Medium") && strcmp(out, "Q2_K"))
        snprintf(out + k, n - k, "_M");
    else if (strstr(rest, "- Small"))
        snprintf(out + k, n - k, "_S");
    else if (strstr(rest, "- Large"))
        snprintf(out + k, n - k, "_L");
    else if (strstr(rest, "MoE"))
        snprintf(out + k, n - k, "_MOE");
}

static const char *backend_from(const char *b)
{
    if (!b)
        return NULL;
    if (strcasestr(b, "cuda")) return "cuda";
    if (strcasestr(b, "rocm") || strcasestr(b, "hip")) return "rocm";
    if (strcasestr(b, "vulkan")) return "vulkan";
    if (strcasestr(b, "metal")) return "metal";
    if (strcasestr(b, "sycl")) return "sycl";
    if (strcasestr(b, "cpu") || strcasestr(b, "blas")) return "cpu";
    return NULL;
}

/* Turns one raw row into a measurement; returns 0, 1 to skip it (pp+tg), or -1 with err set. */
static int convert(const aib_catalog *cat, const aib_import_opts *o, const char *path, const raw_row *r,
                   aib_import *im, aib_measurement *x, aib_error *err)
{
    memset(x, 0, sizeof *x);
    x->line = r->line;
    char quant[32];
    if (r->n_prompt > 0 && r->n_gen > 0)
        return 1; /* pp+tg combined tests: not a single speed */
    char test[32];
    if (r->test) {
        /* markdown: "pp512", "tg128", "pp512 @ d4096" */
        double d = 0;
        const char *at = strstr(r->test, "@ d");
        if (strchr(r->test, '+'))
            return 1;
        snprintf(test, sizeof test, "%.*s", (int)strcspn(r->test, " @"), r->test);
        if (at)
            d = atof(at + 3);
        x->depth = d;
    } else if (r->n_prompt > 0) {
        snprintf(test, sizeof test, "pp%.0f", r->n_prompt);
        x->depth = r->n_depth > 0 ? r->n_depth : 0;
    } else if (r->n_gen > 0) {
        snprintf(test, sizeof test, "tg%.0f", r->n_gen);
        x->depth = r->n_depth > 0 ? r->n_depth : 0;
    } else {
        aib_error_append(err, "%s:%d: no test (n_prompt and n_gen are both 0)", path, r->line);
        return -1;
    }
    x->test = idup(im, test);
    char *end = NULL;
    x->tps = r->tps ? strtod(r->tps, &end) : NAN;
    if (!r->tps || end == r->tps || !(x->tps > 0) || !isfinite(x->tps)) {
        aib_error_append(err, "%s:%d: speed '%s' is not a positive number", path, r->line, r->tps ? r->tps : "");
        return -1;
    }
    quant_from_type(r->model_type, quant, sizeof quant);
    const aib_quant *q = aib_catalog_find_quant(cat, o->quant ? o->quant : quant);
    if (!q) {
        aib_error_append(err, "%s:%d: quant '%s' (from '%s') is not in the catalog: give --quant", path, r->line,
                       o->quant ? o->quant : quant, r->model_type ? r->model_type : "");
        return -1;
    }
    x->quant = q->id;
    if (o->model) {
        const aib_model *m = aib_catalog_find_model(cat, o->model);
        x->model = m ? m->id : idup(im, o->model); /* an unknown id is reported by the store's check */
    } else {
        double params = r->params ? atof(r->params) : NAN;
        if (r->params && strchr(r->params, 'B') && params < 1e6)
            params *= 1e9; /* markdown: "8.03 B" */
        const aib_model *hit = NULL;
        int hits = 0;
        for (size_t i = 0; isfinite(params) && i < aib_catalog_model_count(cat); i++) {
            const aib_model *m = aib_catalog_model_at(cat, i);
            if (fabs(m->params_total_b * 1e9 - params) <= 0.006 * params)
                hit = hit ? hit : m, hits++;
        }
        if (hits != 1) {
            aib_error_append(err, "%s:%d: %s catalog models have %s parameters ('%s'): give --model", path, r->line,
                           hits ? "several" : "no", r->params ? r->params : "?", r->model_type ? r->model_type : "");
            return -1;
        }
        x->model = hit->id;
    }
    const char *b = o->backend ? o->backend : backend_from(r->backend);
    if (!b || !aib_backend_name(b)) {
        aib_error_append(err, "%s:%d: backend '%s' is not one aibench knows: give --backend", path, r->line,
                       o->backend ? o->backend : r->backend ? r->backend : "");
        return -1;
    }
    x->backend = aib_backend_name(b);
    x->hw = o->hw;
    char sw[128];
    if (r->commit)
        snprintf(sw, sizeof sw, "llama.cpp %s%s%s%s", r->commit, r->build ? " (" : "", r->build ? r->build : "",
                 r->build ? ")" : "");
    else
        snprintf(sw, sizeof sw, "llama.cpp (build not given)");
    x->software = idup(im, o->software ? o->software : sw);
    char date[16];
    if (o->date)
        snprintf(date, sizeof date, "%s", o->date);
    else if (r->time && strlen(r->time) >= 10)
        snprintf(date, sizeof date, "%.10s", r->time);
    else {
        time_t now = time(NULL);
        strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    }
    x->date = idup(im, date);
    x->source = o->source;
    x->note = o->note;
    x->depth = isfinite(x->depth) ? x->depth : 0;
    return x->test && x->software && x->date ? 0 : -1;
}

static int add(aib_import *im, const aib_measurement *x)
{
    if ((im->n & (im->n - 1)) == 0) {
        aib_measurement *p = aib_realloc(im->rows, (im->n ? im->n * 2 : 16) * sizeof *p);
        if (!p)
            return 0;
        im->rows = p;
    }
    im->rows[im->n++] = *x;
    return 1;
}

/* Fills a raw row from a llama-bench JSON object. */
static void raw_from_json(json_t *o, raw_row *r, aib_import *im)
{
    char num[64];
#define S(k) (json_is_string(json_object_get(o, k)) ? idup(im, json_string_value(json_object_get(o, k))) : NULL)
    r->model_type = S("model_type");
    r->backend = S("backends");
    r->commit = S("build_commit");
    r->time = S("test_time");
    json_t *p = json_object_get(o, "model_n_params");
    if (json_is_number(p)) {
        snprintf(num, sizeof num, "%.0f", json_number_value(p));
        r->params = idup(im, num);
    }
    json_t *bn = json_object_get(o, "build_number");
    if (json_is_number(bn)) {
        snprintf(num, sizeof num, "%.0f", json_number_value(bn));
        r->build = idup(im, num);
    }
    json_t *ts = json_object_get(o, "avg_ts");
    if (json_is_number(ts)) {
        snprintf(num, sizeof num, "%.17g", json_number_value(ts));
        r->tps = idup(im, num);
    }
    r->n_prompt = json_number_value(json_object_get(o, "n_prompt"));
    r->n_gen = json_number_value(json_object_get(o, "n_gen"));
    r->n_depth = json_number_value(json_object_get(o, "n_depth"));
#undef S
}

/* Splits a CSV line in place (quoted fields, "" escapes); returns the field count. */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *start = p, *out;
        if (*p == '"') {
            out = start;
            p++;
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else
                    *out++ = *p++;
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',')
                p++;
            out = p;
        }
        char sep = *p;
        *out = '\0';
        f[n++] = start;
        if (sep != ',')
            break;
        p++;
    }
    return n;
}

/* Converts one raw row and keeps it; returns the number of problems (0 or 1). */
static int take(const aib_catalog *cat, const aib_import_opts *o, const char *path, const raw_row *rr, aib_import *im,
                aib_error *err)
{
    aib_measurement x;
    int c = convert(cat, o, path, rr, im, &x, err);
    if (c == 1)
        im->skipped++;
    return c < 0 || (c == 0 && !add(im, &x));
}

aib_status aib_import_parse(const aib_catalog *cat, const char *path, const aib_import_opts *o, aib_import **out,
                            aib_error *err)
{
    *out = NULL;
    if (err)
        err->msg[0] = '\0', err->code = AIB_OK;
    char *buf;
    size_t len;
    aib_status st = aib_file_read(path, &buf, &len, err);
    if (st)
        return st;
    aib_import *im = aib_calloc(1, sizeof *im);
    if (!im) {
        aib_free(buf);
        return aib_fail(err, AIB_ERR_NOMEM, "out of memory");
    }
    int problems = 0;
    const char *p = buf + strspn(buf, " \t\r\n");
    if (*p == '[') { /* -o json: an array of objects */
        json_error_t je;
        json_t *arr = json_loads(p, 0, &je);
        if (!json_is_array(arr)) {
            aib_error_append(err, "%s:%d: not llama-bench JSON: %s", path, je.line, arr ? "not an array" : je.text);
            problems++;
        }
        for (size_t i = 0; arr && json_is_array(arr) && i < json_array_size(arr); i++) {
            raw_row rr = {0};
            raw_from_json(json_array_get(arr, i), &rr, im);
            rr.line = (int)i + 1; /* entry number */
            problems += take(cat, o, path, &rr, im, err);
        }
        json_decref(arr);
    } else {
        /* line formats: jsonl, csv, markdown */
        char *header[64];
        int ncols = 0, lineno = 0;
        char *build = NULL, *commit = NULL;
        /* the format is the file's: a markdown table anywhere (llama-bench prints log lines
         * around it), else JSON lines, else CSV */
        int markdown = !strncmp(buf, "|", 1) || strstr(buf, "\n|") != NULL;
        int jsonl = !markdown && *p == '{';
        /* llama-bench prints "build: COMMIT (NUMBER)" under a markdown table */
        const char *bl = strstr(buf, "\nbuild: ");
        if (bl || !strncmp(buf, "build: ", 7)) {
            const char *s = bl ? bl + 8 : buf + 7;
            char c1[64] = "", c2[32] = "";
            if (sscanf(s, "%63s (%31[0-9])", c1, c2) >= 1) {
                commit = idup(im, c1);
                build = c2[0] ? idup(im, c2) : NULL;
            }
        }
        char *next = buf;
        while (next && *next) {
            char *line = next;
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            next = nl ? nl + 1 : NULL;
            lineno++;
            char *t = aib_trim(line);
            if (!*t)
                continue;
            raw_row rr = {0};
            rr.line = lineno;
            if (markdown && *t != '|')
                continue;
            if (jsonl && *t != '{') {
                aib_error_append(err, "%s:%d: not a JSON object", path, lineno);
                problems++;
                continue;
            }
            if (jsonl) {
                json_error_t je;
                json_t *obj = json_loads(t, 0, &je);
                if (!json_is_object(obj)) {
                    aib_error_append(err, "%s:%d: not a JSON object: %s", path, lineno, je.text);
                    problems++;
                    json_decref(obj);
                    continue;
                }
                raw_from_json(obj, &rr, im);
                json_decref(obj);
            } else if (markdown) {
                char *cells[64];
                int n = 0;
                char *save = NULL;
                for (char *c = strtok_r(t + 1, "|", &save); c && n < 64; c = strtok_r(NULL, "|", &save))
                    cells[n++] = aib_trim(c);
                if (n && strspn(cells[0], "-: ") == strlen(cells[0]))
                    continue; /* the separator row */
                if (!ncols) {
                    ncols = n;
                    for (int k = 0; k < n; k++)
                        header[k] = idup(im, cells[k]);
                    continue;
                }
                for (int k = 0; k < n && k < ncols; k++) {
                    const char *h = header[k];
                    if (!strcmp(h, "model")) rr.model_type = idup(im, cells[k]);
                    else if (!strcmp(h, "params")) rr.params = idup(im, cells[k]);
                    else if (!strcmp(h, "backend")) rr.backend = idup(im, cells[k]);
                    else if (!strcmp(h, "test")) rr.test = idup(im, cells[k]);
                    else if (!strcmp(h, "t/s")) rr.tps = idup(im, cells[k]);
                }
                rr.commit = commit, rr.build = build;
            } else {
                char *cells[64];
                int n = csv_split(t, cells, 64);
                if (!ncols) {
                    ncols = n;
                    for (int k = 0; k < n; k++)
                        header[k] = idup(im, cells[k]);
                    continue;
                }
                if (n != ncols) {
                    aib_error_append(err, "%s:%d: %d fields, the header has %d", path, lineno, n, ncols);
                    problems++;
                    continue;
                }
                for (int k = 0; k < n; k++) {
                    const char *h = header[k];
                    if (!strcmp(h, "model_type")) rr.model_type = idup(im, cells[k]);
                    else if (!strcmp(h, "model_n_params")) rr.params = idup(im, cells[k]);
                    else if (!strcmp(h, "backends")) rr.backend = idup(im, cells[k]);
                    else if (!strcmp(h, "avg_ts")) rr.tps = idup(im, cells[k]);
                    else if (!strcmp(h, "build_commit")) rr.commit = idup(im, cells[k]);
                    else if (!strcmp(h, "build_number")) rr.build = idup(im, cells[k]);
                    else if (!strcmp(h, "test_time")) rr.time = idup(im, cells[k]);
                    else if (!strcmp(h, "n_prompt")) rr.n_prompt = atof(cells[k]);
                    else if (!strcmp(h, "n_gen")) rr.n_gen = atof(cells[k]);
                    else if (!strcmp(h, "n_depth")) rr.n_depth = atof(cells[k]);
                }
                if (!rr.tps && !rr.model_type) {
                    aib_error_append(err, "%s:%d: not llama-bench output (no avg_ts or model_type column)", path, lineno);
                    problems++;
                    break;
                }
            }
            problems += take(cat, o, path, &rr, im, err);
            if (problems >= 20)
                break;
        }
    }
    aib_free(buf);
    if (problems) {
        aib_import_free(im);
        return err ? (err->code = AIB_ERR_PARSE) : AIB_ERR_PARSE;
    }
    if (im->n == 0) {
        aib_import_free(im);
        return aib_fail(err, AIB_ERR_PARSE, "%s: no llama-bench results found (json, jsonl, csv or markdown)", path);
    }
    *out = im;
    return AIB_OK;
}
