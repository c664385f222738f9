/* cli.h: what the subcommands of the aibench CLI share: the opened catalog and its
 * calibration, option helpers, and the one way to print errors and JSON. */
#ifndef AIB_CLI_H
#define AIB_CLI_H

#include "aibench/aibench.h"
#include "front/render.h"

#include <getopt.h>

typedef struct {
    const char *db;   /* --db, $AIBENCH_DB, or the build's default */
    const char *data; /* --data, $AIBENCH_DATA, or the build's default */
    aib_catalog *cat;
    aib_calibration cal;
} cli_env;

typedef int (*cli_fn)(cli_env *env, int argc, char **argv);

/* Opens the catalog (rebuilding the database when data/ changed) and calibrates.
 * Prints the error and returns 1 on failure, 0 on success. */
int cli_open(cli_env *env);

/* Prints "aibench CMD: message" and a pointer to --help; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "aibench CMD: message"; returns 1. */
int cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Unknown id: prints the closest ids; returns 2. */
int cli_unknown(cli_env *env, const char *cmd, const char *kind, const char *id);

/* Parses a number within lo..hi for option opt; on error prints a usage error and returns 0. */
int cli_num(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out);

/* Prints a JSON value (and drops the reference); returns 0. */
int cli_json(json_t *v);

/* Formats a number of tok/s or "-" for NaN into buf. */
const char *cli_tps(double v, char *buf, size_t n);

/* Options shared by fit, plan and estimate (cmd_fit.c). */
typedef struct {
    const char *hw, *model, *quant, *backend, *kv_type, *gguf;
    double ctx, depth, prompt; /* 0 / -1 / 0: automatic */
    double host_ram, host_bw;  /* 0: the hardware's (or the default) */
    const char *offload;       /* auto, layers, experts; NULL: auto */
    int json, no_measured, sweep;
} run_opts;

/* Option ids for run options; commands add their own above RUN_OPT_LAST. */
enum { RUN_HW = 256, RUN_MODEL, RUN_QUANT, RUN_BACKEND, RUN_KV, RUN_CTX, RUN_DEPTH, RUN_PROMPT, RUN_JSON,
       RUN_NO_MEASURED, RUN_HELP, RUN_GGUF, RUN_SWEEP, RUN_OFFLOAD, RUN_HOST_RAM, RUN_HOST_BW, RUN_OPT_LAST };

/* Handles one run option c with argument arg. Returns -1 when c is not a run option,
 * 0 when handled, or 2 after printing a usage error. */
int run_opt(const char *cmd, int c, const char *arg, run_opts *o);

/* Applies the run options to a setup (ctx, depth, prompt, KV type, offload, host RAM).
 * Returns 0 or 2. */
int run_apply(const char *cmd, const run_opts *o, aib_setup *s);

#define RUN_LONGOPTS                                                                                          \
    {"hw", required_argument, NULL, RUN_HW}, {"model", required_argument, NULL, RUN_MODEL},                    \
    {"quant", required_argument, NULL, RUN_QUANT}, {"backend", required_argument, NULL, RUN_BACKEND},          \
    {"kv-type", required_argument, NULL, RUN_KV}, {"ctx", required_argument, NULL, RUN_CTX},                   \
    {"depth", required_argument, NULL, RUN_DEPTH}, {"prompt", required_argument, NULL, RUN_PROMPT},            \
    {"json", no_argument, NULL, RUN_JSON}, {"no-measured", no_argument, NULL, RUN_NO_MEASURED},                \
    {"help", no_argument, NULL, RUN_HELP}, {"gguf", required_argument, NULL, RUN_GGUF},                        \
    {"offload", required_argument, NULL, RUN_OFFLOAD}, {"host-ram", required_argument, NULL, RUN_HOST_RAM},    \
    {"host-bandwidth", required_argument, NULL, RUN_HOST_BW}

/* Commands: one file each. */
int cmd_hw(cli_env *env, int argc, char **argv);
int cmd_models(cli_env *env, int argc, char **argv);
int cmd_quants(cli_env *env, int argc, char **argv);
int cmd_fit(cli_env *env, int argc, char **argv);
int cmd_calibrate(cli_env *env, int argc, char **argv);
int cmd_plan(cli_env *env, int argc, char **argv);
int cmd_estimate(cli_env *env, int argc, char **argv);
int cmd_calibration(cli_env *env, int argc, char **argv);
int cmd_schema(cli_env *env, int argc, char **argv);
int cmd_gguf(cli_env *env, int argc, char **argv);
int cmd_validate(cli_env *env, int argc, char **argv);
int cmd_import(cli_env *env, int argc, char **argv);
int cmd_probe(cli_env *env, int argc, char **argv);
int cmd_serve(cli_env *env, int argc, char **argv);
int cmd_export(cli_env *env, int argc, char **argv);
int cmd_page(cli_env *env, int argc, char **argv);

/* Probes the machine under root and, when measure is set, its bandwidth (cmd_probe.c).
 * Prints the error and returns 1 on failure. */
int cli_probe_run(const char *cmd, const char *root, int measure, int threads, int runs, double size_mib, aib_probe *p,
                  aib_bandwidth *bw, int quiet);
/* A hardware entry for the probed machine: a matched catalog entry's figures, or what was
 * read and measured here. strings holds its text. */
void cli_probe_hw(const aib_probe *p, const aib_bandwidth *bw, const char *id, aib_hw *h, char strings[8][192]);

/* Reads a GGUF file for a command: the header, its summary and (when m is not NULL) the model
 * it describes, with id and name from the file. Prints the error and returns 1 on failure. */
int cli_gguf_open(const char *cmd, const char *path, aib_gguf **g, aib_model *m, aib_gguf_summary *s);
json_t *cli_gguf_summary_json(const aib_gguf_summary *s);
/* Gives a setup a GGUF file's exact bits per weight and its file type as the quant. */
void cli_gguf_quant(aib_setup *s, const aib_gguf_summary *gs);

/* fit's core, shared with plan --gguf --hw (cmd_fit.c). */
int cli_fit_one(cli_env *env, const run_opts *o, const aib_hw *h, const aib_model *m, const aib_quant *q,
                const aib_gguf_summary *gs);

/* Shared by fit and estimate: prints one evaluated setup as text. */
void cli_print_result(const aib_setup *s, const aib_result *r, const aib_measurement *tg, const aib_measurement *pp,
                      int use_measured);

#endif
