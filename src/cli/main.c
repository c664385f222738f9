/* main.c: the aibench command: global options, then one subcommand from commands[]. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AIB_DEFAULT_DATA
#define AIB_DEFAULT_DATA "data"
#endif
#ifndef AIB_DEFAULT_DB
#define AIB_DEFAULT_DB "aibench.db"
#endif
#define AIB_VERSION "0.1.0"

static const struct {
    const char *name;
    cli_fn fn;
    const char *summary;
} commands[] = {
    {"hw", cmd_hw, "list hardware, or show one"},
    {"models", cmd_models, "list models, or show one"},
    {"quants", cmd_quants, "list quantization formats and their bits per weight"},
    {"fit", cmd_fit, "memory, fit, context and speed of one model on one hardware"},
    {"plan", cmd_plan, "what fits at this tier: every model on one hardware"},
    {"brief", cmd_brief, "a hardware's page as text: the decision, picks, the call"},
    {"compare", cmd_compare, "two or three hardware side by side"},
    {"estimate", cmd_estimate, "the same for a setup that is not in the catalog"},
    {"import", cmd_import, "add llama-bench results (json, jsonl, csv, markdown) as measurements"},
    {"bench", cmd_bench, "run llama-bench on a GGUF file here and import the results"},
    {"validate", cmd_validate, "accuracy report: cross-validated estimates against measurements"},
    {"calibration", cmd_calibration, "the engine constants in use and their residuals"},
    {"calibrate", cmd_calibrate, "fit the engine constants from the measurements and store them"},
    {"probe", cmd_probe, "detect this machine and measure its memory bandwidth"},
    {"gguf", cmd_gguf, "inspect a GGUF model file: metadata, tensors, exact sizes"},
    {"schema", cmd_schema, "the keys of each catalog file and their rules"},
    {"params", cmd_params, "the inputs of the planner, fit and the reverse planner"},
    {"serve", cmd_serve, "serve the site and the JSON API over HTTP"},
    {"export", cmd_export, "write the whole site as static files"},
    {"page", cmd_page, "print what the server answers for one URL"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: aibench [--db PATH] [--data DIR] COMMAND [ARGS]\n\n"
               "What AI models run on a hardware, how fast, with how much context.\n"
               "Every figure says whether it was measured or estimated.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\noptions:\n"
               "  --db PATH    SQLite catalog database (default $AIBENCH_DB or %s);\n"
               "               rebuilt from --data whenever those files change\n"
               "  --data DIR   catalog text files (default $AIBENCH_DATA or %s)\n"
               "  --version    print the version\n"
               "  -h, --help   this help; 'aibench COMMAND --help' for a command\n",
            AIB_DEFAULT_DB, AIB_DEFAULT_DATA);
}

/* Output that could not be written (a full disk, a closed pipe) is a failure, said once. */
static int finish(int rc)
{
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "aibench: cannot write the output: %s\n", strerror(errno ? errno : EIO));
        return rc ? rc : 1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    cli_env env = {0};
    env.db = getenv("AIBENCH_DB") ? getenv("AIBENCH_DB") : AIB_DEFAULT_DB;
    env.data = getenv("AIBENCH_DATA") ? getenv("AIBENCH_DATA") : AIB_DEFAULT_DATA;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return finish(0);
        } else if (!strcmp(a, "--version")) {
            printf("aibench %s\n", AIB_VERSION);
            return finish(0);
        } else if ((!strcmp(a, "--db") || !strcmp(a, "--data")) && i + 1 < argc) {
            *(a[2] == 'd' && a[3] == 'b' ? &env.db : &env.data) = argv[++i];
        } else if (!strncmp(a, "--db=", 5)) {
            env.db = a + 5;
        } else if (!strncmp(a, "--data=", 7)) {
            env.data = a + 7;
        } else {
            fprintf(stderr, "aibench: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const size_t ncmd = sizeof commands / sizeof commands[0];
    for (size_t k = 0; k < ncmd; k++) {
        if (strcmp(argv[i], commands[k].name))
            continue;
        int rc = commands[k].fn(&env, argc - i, argv + i);
        aib_catalog_free(env.cat);
        return finish(rc);
    }
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t k = 0; k < ncmd; k++)
        names[k] = commands[k].name;
    const char *near = aib_closest(argv[i], names, ncmd);
    fprintf(stderr, "aibench: '%s' is not a command%s%s%s\nsee 'aibench --help'\n", argv[i],
            near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return 2;
}
