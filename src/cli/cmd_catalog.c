/* cmd_catalog.c: aibench hw, models and quants: list the catalog or show one entry. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    int json;
    const char *filter; /* --kind for hw, --use-case for models */
    const char *id;
} list_opts;

/* Parses [ID] [--json] [--FILTER V] [--help]; returns -1 to go on, else an exit code. */
static int parse_list(const char *cmd, const char *filter_name, const char *help, int argc, char **argv, list_opts *o)
{
    struct option longopts[] = {{"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},
                                {filter_name ? filter_name : "-", required_argument, NULL, 'f'}, {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': o->json = 1; break;
        case 'h': fputs(help, stdout); return 0;
        case 'f': o->filter = optarg; break;
        default: return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        o->id = argv[optind++];
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    return -1;
}

static void print_fields(const aib_field *fs, size_t nf, const void *rec)
{
    for (size_t i = 0; i < nf; i++) {
        if (fs[i].type == AIB_FIELD_STR) {
            const char *v = aib_field_str(&fs[i], rec);
            char head[40];
            snprintf(head, sizeof head, "%-26s ", fs[i].key);
            if (v)
                cli_wrap(head, v, 80);
        } else {
            double v = aib_field_num(&fs[i], rec);
            if (aib_has(v))
                printf("%-26s %g\n", fs[i].key, v);
        }
    }
}

/* Prints one record, as JSON or as "key value" lines. */
static int show_one(const void *rec, const aib_field *(*fields)(size_t *), json_t *(*as_json)(const void *), int json)
{
    if (json)
        return cli_json(as_json(rec));
    size_t nf;
    const aib_field *fs = fields(&nf);
    print_fields(fs, nf, rec);
    return 0;
}

static json_t *model_json(const void *r) { return aib_json_model(r); }
static json_t *quant_json(const void *r) { return aib_json_quant(r); }

/* One hardware: its fields, then the memory configurations one can buy (configs.tsv), priced. */
static int show_hw(const aib_catalog *cat, const aib_hw *h, int json)
{
    aib_hw_config cs[AIB_MAX_CONFIGS];
    size_t n = aib_hw_configs(cat, h, cs, AIB_MAX_CONFIGS);
    if (json) {
        json_t *o = aib_json_hw(h);
        json_object_set_new(o, "configurations", aib_json_configs(cat, h));
        return cli_json(o);
    }
    size_t nf;
    const aib_field *fs = aib_hw_fields(&nf);
    print_fields(fs, nf, h);
    printf("\nconfigurations (--config GIB):\n");
    for (size_t i = 0; i < n; i++) {
        char head[40];
        snprintf(head, sizeof head, "  %4.0f GiB  ", cs[i].memory_gb);
        cli_config_line(head, &cs[i]);
    }
    return 0;
}

static const char hw_help[] =
    "usage: aibench hw [ID] [--kind KIND] [--json]\n\n"
    "Lists the hardware catalog, or shows every field of one entry with its source and\n"
    "the memory configurations it is sold in, with their prices.\n\n"
    "  --kind KIND   only gpu, apu, apple, system or cpu\n"
    "  --json        machine-readable output\n";

int cmd_hw(cli_env *env, int argc, char **argv)
{
    list_opts o;
    int rc = parse_list("hw", "kind", hw_help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (o.filter && !aib_choice_find(aib_params()[AIB_P_KIND].choices, o.filter)) {
        char list[100];
        return cli_usage("hw", "--kind: '%s' is not %s", o.filter,
                         aib_choice_list(aib_params()[AIB_P_KIND].choices, list, sizeof list));
    }
    if (cli_open(env))
        return 1;
    if (o.id) {
        const aib_hw *h = aib_catalog_find_hw(env->cat, o.id);
        return h ? show_hw(env->cat, h, o.json) : cli_unknown(env, "hw", "hw", o.id);
    }
    json_t *arr = o.json ? json_array() : NULL;
    if (!o.json)
        printf("%-25s %-6s %7s %7s %6s %7s  %s\n", "id", "kind", "mem GiB", "GPU GiB", "GB/s", "price", "backends");
    for (size_t i = 0; i < aib_catalog_hw_count(env->cat); i++) {
        const aib_hw *h = aib_catalog_hw_at(env->cat, i);
        if (o.filter && strcasecmp(h->kind, o.filter))
            continue;
        if (o.json) {
            json_array_append_new(arr, aib_json_hw(h));
            continue;
        }
        char usable[16] = "-", price[16] = "-";
        if (aib_has(h->gpu_usable_gb))
            snprintf(usable, sizeof usable, "%g", h->gpu_usable_gb);
        if (aib_has(h->price_usd))
            snprintf(price, sizeof price, "$%.0f", h->price_usd);
        char be[40];
        snprintf(be, sizeof be, "%s", h->backends);
        for (char *c = be; *c; c++) /* "cuda, vulkan" -> "cuda,vulkan": one column */
            if (*c == ' ')
                memmove(c, c + 1, strlen(c)), c--;
        printf("%-25.25s %-6s %7g %7s %6g %7s  %.15s\n", h->id, h->kind, h->memory_gb, usable, h->bandwidth_gbs, price, be);
    }
    return o.json ? cli_json(arr) : 0;
}

static const char models_help[] =
    "usage: aibench models [ID] [--use-case CASE] [--json]\n\n"
    "Lists the model catalog, or shows every field of one model with its source.\n\n"
    "  --use-case CASE   only chat, coding, docs, agents, image or voice models\n"
    "  --json            machine-readable output\n";

int cmd_models(cli_env *env, int argc, char **argv)
{
    list_opts o;
    int rc = parse_list("models", "use-case", models_help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    const char *const *uses = aib_params()[AIB_P_USE].choices + 1; /* not "all" */
    if (o.filter && !aib_choice_find(uses, o.filter)) {
        char list[100];
        return cli_usage("models", "--use-case: '%s' is not %s", o.filter, aib_choice_list(uses, list, sizeof list));
    }
    if (cli_open(env))
        return 1;
    if (o.id) {
        const aib_model *m = aib_catalog_find_model(env->cat, o.id);
        return m ? show_one(m, aib_model_fields, model_json, o.json) : cli_unknown(env, "models", "model", o.id);
    }
    json_t *arr = o.json ? json_array() : NULL;
    if (!o.json)
        printf("%-29s %-11s %7s %8s %8s  %s\n", "id", "modality", "total B", "active B", "context", "license");
    for (size_t i = 0; i < aib_catalog_model_count(env->cat); i++) {
        const aib_model *m = aib_catalog_model_at(env->cat, i);
        if (o.filter && !aib_list_has(m->use_cases, o.filter))
            continue;
        if (o.json) {
            json_array_append_new(arr, aib_json_model(m));
            continue;
        }
        char ctx[16] = "-";
        if (aib_has(m->max_context))
            snprintf(ctx, sizeof ctx, "%.0f", m->max_context);
        printf("%-29.29s %-11s %7g %8g %8s  %.10s\n", m->id, m->modality, m->params_total_b, m->params_active_b, ctx,
               m->license ? m->license : "-");
    }
    return o.json ? cli_json(arr) : 0;
}

static const char quants_help[] =
    "usage: aibench quants [ID] [--json]\n\n"
    "Lists llama.cpp quantization formats with the bits per weight of a whole file.\n\n"
    "  --json   machine-readable output\n";

int cmd_quants(cli_env *env, int argc, char **argv)
{
    list_opts o;
    int rc = parse_list("quants", NULL, quants_help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (cli_open(env))
        return 1;
    if (o.id) {
        const aib_quant *q = aib_catalog_find_quant(env->cat, o.id);
        return q ? show_one(q, aib_quant_fields, quant_json, o.json) : cli_unknown(env, "quants", "quant", o.id);
    }
    json_t *arr = o.json ? json_array() : NULL;
    if (!o.json)
        printf("%-10s %8s  %-9s %8s %8s  %s\n", "id", "bpw", "basis", "KLD", "PPL +%", "aliases");
    for (size_t i = 0; i < aib_catalog_quant_count(env->cat); i++) {
        const aib_quant *q = aib_catalog_quant_at(env->cat, i);
        if (o.json)
            json_array_append_new(arr, aib_json_quant(q));
        else {
            char k[16] = "-", p[16] = "-";
            if (aib_has(q->kld))
                snprintf(k, sizeof k, "%.4f", q->kld);
            if (aib_has(q->ppl_change_pct))
                snprintf(p, sizeof p, "%.2f", q->ppl_change_pct);
            printf("%-10s %8.4f  %-9s %8s %8s  %s\n", q->id, q->bpw, q->basis, k, p, q->aliases ? q->aliases : "");
        }
    }
    return o.json ? cli_json(arr) : 0;
}

static const char schema_help[] =
    "usage: aibench schema [TABLE] [--json]\n"
    "\n"
    "TABLE: hardware, models, quants, measurements, editorial, configs, fitness,\n"
    "api_prices (default: all).\n"
    "\n"
    "Prints the keys of each catalog file: type, whether required, constraints and\n"
    "meaning. It is read from the same tables the loader checks rows against.\n"
    "\n"
    "  --json   machine-readable output\n";

int cmd_schema(cli_env *env, int argc, char **argv)
{
    (void)env;
    list_opts o;
    int rc = parse_list("schema", NULL, schema_help, argc, argv, &o);
    if (rc >= 0)
        return rc;
    static const char *const names[] = {"hardware", "models", "quants",  "measurements",
                                        "editorial", "configs", "fitness", "api_prices"};
    const aib_field *(*tables[])(size_t *) = {aib_hw_fields,        aib_model_fields,     aib_quant_fields,
                                              aib_measurement_fields, aib_editorial_fields, aib_config_fields,
                                              aib_fitness_fields,     aib_api_price_fields};
    json_t *all = o.json ? json_object() : NULL;
    int shown = 0;
    for (int t = 0; t < (int)(sizeof names / sizeof names[0]); t++) {
        if (o.id && strcmp(o.id, names[t]))
            continue;
        shown++;
        size_t nf;
        const aib_field *fs = tables[t](&nf);
        json_t *arr = o.json ? json_array() : NULL;
        if (!o.json)
            printf("%s%s\n", shown > 1 ? "\n" : "", names[t]);
        for (size_t i = 0; i < nf; i++) {
            char rules[128] = "";
            unsigned f = fs[i].flags;
            snprintf(rules, sizeof rules, "%s%s%s%s%s%s", f & AIB_F_REQUIRED ? "required " : "",
                     f & AIB_F_POSITIVE ? "> 0 " : "", f & AIB_F_NONNEG ? ">= 0 " : "", f & AIB_F_INTEGER ? "integer " : "",
                     f & AIB_F_DATE ? "date " : "", f & AIB_F_URLS ? "urls " : "");
            const char *type = fs[i].type == AIB_FIELD_STR ? "text" : "number";
            if (o.json)
                json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:s, s:s}", "key", fs[i].key, "type", type,
                                                     "required", (f & AIB_F_REQUIRED) != 0, "rules", rules, "help",
                                                     fs[i].help));
            else {
                char head[80];
                snprintf(head, sizeof head, "  %-24s %-6s %-17s ", fs[i].key, type, rules);
                cli_wrap(head, fs[i].help, 80);
            }
        }
        if (o.json)
            json_object_set_new(all, names[t], arr);
    }
    if (!shown)
        return cli_usage("schema", "unknown table '%s' (hardware, models, quants, measurements, editorial, configs, "
                                   "fitness, api_prices)", o.id);
    return o.json ? cli_json(all) : 0;
}
