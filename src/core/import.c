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
    char **bad; /* "file:line: why" of each row left out (--skip-bad) */
    size_t n_bad;
    aib_arena mem;
};

size_t aib_import_count(const aib_import *im) { return im->n; }
size_t aib_import_skipped(const aib_import *im) { return im->skipped; }
const aib_measurement *aib_import_rows(const aib_import *im) { return im->rows; }
size_t aib_import_bad_count(const aib_import *im) { return im->n_bad; }
const char *aib_import_bad_at(const aib_import *im, size_t i) { return i < im->n_bad ? im->bad[i] : NULL; }

void aib_import_free(aib_import *im)
{
    if (!im)
        return;
    aib_free(im->rows);
    aib_free(im->bad);
    aib_arena_release(&im->mem);
    aib_free(im);
}

/* One row of the file as text fields, whatever the format. */
typedef struct {
    const char *model_type, *params, *backend, *test, *tps, *commit, *build, *time;
    const char *n_prompt, *n_gen, *n_depth; /* numbers as text, parsed strictly */
    const char *bad;                         /* a field of the wrong type (JSON) */
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

/* A count of tokens (n_prompt, n_gen, n_depth): absent is 0; else a whole number >= 0. */
static int count_field(const char *text, double *out)
{
    *out = 0;
    return !text || (aib_parse_decimal(text, out) && *out >= 0 && *out == floor(*out) && *out <= 1e9);
}

/* llama-bench's date-time "2025-03-02T12:34:56Z" (or "... 12:34:56"): its day, when valid. */
static int day_of(const char *t, char out[11])
{
    if (!t || strlen(t) < 10 || (t[10] && t[10] != 'T' && t[10] != ' '))
        return 0;
    snprintf(out, 11, "%.10s", t);
    return aib_valid_date(out);
}

/* Turns one raw row into a measurement; returns 0, 1 to skip it (pp+tg), or -1 with err set. */
static int convert(const aib_catalog *cat, const aib_import_opts *o, const char *path, const raw_row *r,
                   aib_import *im, aib_measurement *x, aib_error *err)
{
    memset(x, 0, sizeof *x);
    x->line = r->line;
    char quant[32];
    double n_prompt, n_gen, n_depth;
    if (r->bad) {
        aib_error_append(err, "%s:%d: %s", path, r->line, r->bad);
        return -1;
    }
    if (!count_field(r->n_prompt, &n_prompt) || !count_field(r->n_gen, &n_gen) || !count_field(r->n_depth, &n_depth)) {
        aib_error_append(err, "%s:%d: n_prompt, n_gen and n_depth must be whole numbers >= 0 ('%s', '%s', '%s')", path,
                         r->line, r->n_prompt ? r->n_prompt : "", r->n_gen ? r->n_gen : "", r->n_depth ? r->n_depth : "");
        return -1;
    }
    if (n_prompt > 0 && n_gen > 0)
        return 1; /* pp+tg combined tests: not a single speed */
    char test[32];
    if (r->test) {
        /* markdown: "pp512", "tg128", "pp512 @ d4096"; "pp512+tg128" is a combined test */
        if (strchr(r->test, '+'))
            return 1;
        char kind[3] = "", rest[32] = "";
        unsigned long tokens = 0, d = 0;
        int k = sscanf(r->test, "%2[ptg]%lu%31[^\n]", kind, &tokens, rest);
        int ok = k >= 2 && (!strcmp(kind, "pp") || !strcmp(kind, "tg")) && tokens > 0 && tokens <= 1000000 &&
                 isdigit((unsigned char)r->test[2]);
        if (ok && k == 3) {
            int used = 0;
            ok = sscanf(rest, " @ d%lu%n", &d, &used) == 1 && !rest[used] && d <= 10000000;
        }
        if (!ok) {
            aib_error_append(err, "%s:%d: test '%s' is not ppN, tgN or 'ppN @ dD'", path, r->line, r->test);
            return -1;
        }
        snprintf(test, sizeof test, "%s%lu", kind, tokens);
        x->depth = (double)d;
    } else if (n_prompt > 0) {
        snprintf(test, sizeof test, "pp%.0f", n_prompt);
        x->depth = n_depth;
    } else if (n_gen > 0) {
        snprintf(test, sizeof test, "tg%.0f", n_gen);
        x->depth = n_depth;
    } else {
        aib_error_append(err, "%s:%d: no test (n_prompt and n_gen are both 0)", path, r->line);
        return -1;
    }
    x->test = idup(im, test);
    /* markdown speeds carry llama-bench's spread: "41.60 ± 0.12" */
    char speed[64] = "";
    if (r->tps)
        snprintf(speed, sizeof speed, "%.*s", (int)(strstr(r->tps, "\xc2\xb1") ? strstr(r->tps, "\xc2\xb1") - r->tps : (long)strlen(r->tps)), r->tps);
    if (!r->tps || !aib_parse_decimal(speed, &x->tps) || !(x->tps > 0)) {
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
        /* JSON and CSV: a count; markdown: "8.03 B", "494.03 M" */
        double params = NAN;
        char num[64] = "";
        const char *unit = NULL;
        if (r->params) {
            size_t len = strcspn(r->params, "BMK");
            unit = r->params[len] ? r->params + len : NULL;
            snprintf(num, sizeof num, "%.*s", (int)len, r->params);
            if (!aib_parse_decimal(num, &params) || !(params > 0) || (unit && aib_trim((char *)idup(im, unit + 1))[0]))
                params = NAN;
            else if (unit)
                params *= *unit == 'B' ? 1e9 : *unit == 'M' ? 1e6 : 1e3;
        }
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
        snprintf(date, sizeof date, "%s", o->date); /* checked with the row */
    else if (r->time) {
        if (!day_of(r->time, date)) {
            aib_error_append(err, "%s:%d: test_time '%s' is not an ISO 8601 date: give --date", path, r->line, r->time);
            return -1;
        }
    } else {
        time_t now = time(NULL);
        strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    }
    x->date = idup(im, date);
    x->source = o->source;
    x->note = o->note;
    if (!x->test || !x->software || !x->date)
        return -1;
    /* the checks every measurement passes, catalog or imported (physics included), here so that
     * --dry-run and the import agree */
    return aib_check_measurement(cat, x, path, r->line, err) ? -1 : 0;
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
    /* numbers must be JSON numbers: "41.6 tok/s" or "0x10" in a string is refused, not read */
    static const char *const keys[] = {"model_n_params", "build_number", "avg_ts", "n_prompt", "n_gen", "n_depth"};
    const char **slots[] = {&r->params, &r->build, &r->tps, &r->n_prompt, &r->n_gen, &r->n_depth};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        json_t *v = json_object_get(o, keys[k]);
        if (!v || json_is_null(v))
            continue;
        if (!json_is_number(v)) {
            snprintf(num, sizeof num, "%s is not a number", keys[k]);
            r->bad = idup(im, num);
            continue;
        }
        snprintf(num, sizeof num, k == 2 ? "%.17g" : "%.0f", json_number_value(v));
        *slots[k] = idup(im, num);
    }
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

/* Converts one raw row and keeps it; returns the number of problems (0 or 1). A bad row's
 * reason goes to err, or with --skip-bad to the import's list of rows left out. */
static int take(const aib_catalog *cat, const aib_import_opts *o, const char *path, const raw_row *rr, aib_import *im,
                aib_error *err)
{
    aib_measurement x;
    aib_error row = {0};
    int c = convert(cat, o, path, rr, im, &x, &row);
    if (c == 1)
        im->skipped++;
    if (c == 0)
        return !add(im, &x);
    if (c > 0)
        return 0;
    if (!o->skip_bad) {
        aib_error_append(err, "%s", row.msg);
        return 1;
    }
    if ((im->n_bad & (im->n_bad - 1)) == 0) {
        char **p = aib_realloc(im->bad, (im->n_bad ? im->n_bad * 2 : 8) * sizeof *p);
        if (!p)
            return 1;
        im->bad = p;
    }
    im->bad[im->n_bad++] = idup(im, row.msg);
    return 0;
}

/* The line on which each entry of a top-level JSON array starts (llama-bench -o json puts one
 * result per object): lines[i] for entry i, up to max. */
static size_t json_entry_lines(const char *p, int *lines, size_t max)
{
    int line = 1, depth = 0, in_str = 0, in_entry = 0;
    size_t n = 0;
    for (; *p; p++) {
        if (*p == '\n')
            line++;
        if (in_str) {
            if (*p == '\\' && p[1] && p[1] != '\n')
                p++;
            else if (*p == '"')
                in_str = 0;
            continue;
        }
        if (depth == 1 && !in_entry && !strchr(" \t\r\n,]", *p)) {
            in_entry = 1; /* a value starts here */
            if (n < max)
                lines[n++] = line;
        }
        if (*p == '"')
            in_str = 1;
        else if (*p == '[' || *p == '{')
            depth++;
        else if (*p == ']' || *p == '}')
            depth--;
        else if (*p == ',' && depth == 1)
            in_entry = 0;
    }
    return n;
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
        size_t entries = json_is_array(arr) ? json_array_size(arr) : 0;
        int *lines = entries ? aib_calloc(entries, sizeof *lines) : NULL;
        size_t found = lines ? json_entry_lines(p, lines, entries) : 0;
        int offset = (int)(p - buf); /* blank lines before the array */
        for (const char *q = buf; q < p; q++)
            offset -= *q != '\n';
        for (size_t i = 0; i < entries && problems < 20; i++) {
            raw_row rr = {0};
            json_t *e = json_array_get(arr, i);
            if (!json_is_object(e))
                rr.bad = "not a JSON object";
            else
                raw_from_json(e, &rr, im);
            rr.line = found == entries ? lines[i] + offset : (int)i + 1; /* the entry's line */
            problems += take(cat, o, path, &rr, im, err);
        }
        aib_free(lines);
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
                    else if (!strcmp(h, "n_prompt")) rr.n_prompt = idup(im, cells[k]);
                    else if (!strcmp(h, "n_gen")) rr.n_gen = idup(im, cells[k]);
                    else if (!strcmp(h, "n_depth")) rr.n_depth = idup(im, cells[k]);
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
        if (err && problems > 1)
            aib_error_append(err, "%s: %d problem%s%s", path, problems, problems == 1 ? "" : "s",
                             problems >= 20 ? " (stopped at 20)" : "");
        return err ? (err->code = AIB_ERR_PARSE) : AIB_ERR_PARSE;
    }
    if (im->n == 0) {
        aib_status st2 = im->n_bad
            ? aib_fail(err, AIB_ERR_PARSE, "%s: every row is bad (%zu); the first: %s", path, im->n_bad, im->bad[0])
            : aib_fail(err, AIB_ERR_PARSE, "%s: no llama-bench results found (json, jsonl, csv or markdown)", path);
        aib_import_free(im);
        return st2;
    }
    *out = im;
    return AIB_OK;
}
