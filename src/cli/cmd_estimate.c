/* cmd_estimate.c: aibench estimate, a setup described on the command line: hardware that is
 * not in the catalog, a model given by its numbers, or both. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: aibench estimate --memory GIB --bandwidth GBPS [--usable-memory GIB]\n"
    "                        [--tflops T]\n"
    "                        [--backend B] [--vendor V] [--kind K] --params B\n"
    "                        [--active B]\n"
    "                        [--layers N --kv-heads N --head-dim N | --like MODEL]\n"
    "                        [INPUTS]\n"
    "\n"
    "Evaluates a setup that is not in the catalog, with the same engine and\n"
    "calibration as 'aibench fit': hardware given by its figures, a model given by\n"
    "its numbers, or both (a catalog model with --model, a catalog hardware with\n"
    "--hw).";

static const cli_opt opts[] = {
    {"params", "B", "model: total parameters, billions"},
    {"active", "B", "model: active parameters per token (MoE), default --params"},
    {"layers", "N", "model: layers (with --kv-heads and --head-dim; without them and without --like a "
                    "typical shape is assumed, and the output says so)"},
    {"kv-heads", "N", "model: KV heads"},
    {"head-dim", "N", "model: head size"},
    {"experts", "N", "model: routed experts (MoE)"},
    {"experts-used", "N", "model: experts per token"},
    {"like", "MODEL", "model: the architecture of a catalog model"},
    {"no-measured", NULL, "never show a catalog measurement, even when the setup matches one"},
    {"json", NULL, "machine-readable output"},
    {NULL, NULL, NULL},
};
enum { O_PARAMS, O_ACTIVE, O_LAYERS, O_KVH, O_HD, O_EXPERTS, O_USED, O_LIKE, O_NO_MEASURED, O_JSON, O_N };

static const cli_spec spec = {"estimate", usage, AIB_REQ_FIT, 0, opts};

int cmd_estimate(cli_env *env, int argc, char **argv)
{
    aib_request req;
    aib_request_init(&req, AIB_REQ_FIT);
    const char *seen[O_N], *pos[1];
    size_t npos;
    int rc = cli_parse(&spec, argc, argv, &req, seen, pos, &npos, 0);
    if (rc >= 0)
        return rc;
    static const struct { int opt; double lo, hi; } ranges[] = {
        {O_PARAMS, 0.001, 100000}, {O_ACTIVE, 0.001, 100000}, {O_LAYERS, 1, 1024}, {O_KVH, 1, 1024},
        {O_HD, 1, 4096}, {O_EXPERTS, 1, 4096}, {O_USED, 1, 4096}};
    double v[O_LIKE];
    for (int i = 0; i < O_LIKE; i++)
        v[i] = NAN;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        char opt[32];
        snprintf(opt, sizeof opt, "--%s", opts[ranges[i].opt].name);
        if (seen[ranges[i].opt] && !cli_num("estimate", opt, seen[ranges[i].opt], ranges[i].lo, ranges[i].hi, &v[ranges[i].opt]))
            return 2;
    }
    int model_numbers = aib_has(v[O_PARAMS]) || seen[O_LIKE];
    if (aib_request_str(&req, AIB_P_MODEL) && model_numbers)
        return cli_usage("estimate", "--model names a catalog model: drop --params/--like");
    if (!aib_request_str(&req, AIB_P_MODEL) && !aib_has(v[O_PARAMS]))
        return cli_usage("estimate", "the model: --params (with --layers, --kv-heads, --head-dim or --like), or --model");
    req.no_measured = seen[O_NO_MEASURED] != NULL;
    if (cli_open(env))
        return 1;
    aib_model m;
    const char *assumed = NULL;
    if (model_numbers) {
        aib_model_spec ms = {v[O_PARAMS], v[O_ACTIVE], v[O_LAYERS], v[O_KVH], v[O_HD], v[O_EXPERTS], v[O_USED], NULL};
        if (seen[O_LIKE] && !(ms.like = aib_catalog_find_model(env->cat, seen[O_LIKE])))
            return cli_unknown(env, "estimate", "model", seen[O_LIKE]);
        aib_error err = {0};
        if (aib_model_custom(env->cat, &ms, &m, &assumed, &err))
            return cli_usage("estimate", "%s", err.msg);
        req.own_model = &m;
    }
    aib_answer a;
    if ((rc = cli_run(env, "estimate", &req, &a))) {
        aib_answer_release(&a);
        return rc;
    }
    if (seen[O_JSON]) {
        json_t *j = aib_json_answer(&a, 0);
        if (j)
            json_object_set_new(j, "assumed", assumed ? json_string(assumed) : json_null());
        rc = cli_json(j);
    } else {
        cli_print_fit(&a);
        if (assumed)
            printf("  assumed    %s:\n             %.0f layers, %.0f KV heads x %.0f\n", assumed, m.layers, m.kv_heads,
                   m.head_dim);
    }
    aib_answer_release(&a);
    return rc;
}
