/* cli.h: what the subcommands of the aibench CLI share: the opened catalog and its
 * calibration, option helpers, and the one way to print errors and JSON. */
#ifndef AIB_CLI_H
#define AIB_CLI_H

#include "aibench/aibench.h"
#include "front/render.h"

#include <getopt.h>
#include <stdio.h>

typedef struct {
    const char *db;   /* --db, $AIBENCH_DB, or the build's default */
    const char *data; /* --data, $AIBENCH_DATA, or the build's default */
    aib_catalog *cat;
    aib_calibration cal;
    int cal_saved; /* cli_open fitted the calibration and stored it */
} cli_env;

typedef int (*cli_fn)(cli_env *env, int argc, char **argv);

/* Opens the catalog (rebuilding the database when data/ changed) and calibrates.
 * Prints the error and returns 1 on failure, 0 on success. */
int cli_open(cli_env *env);
/* Fits the calibration of env->cat now and stores it in the database (when it can be written);
 * 0, or 1 with the reason on stderr. */
int cli_recalibrate(cli_env *env);
/* Stores measured rows (aibench import and bench) in one transaction and, when any was new,
 * refits and stores the calibration once, so no later command pays for it. *added: the new
 * rows. 0, or 1 with the reason on stderr (nothing stored). */
int cli_store_measured(cli_env *env, const char *cmd, const aib_measurement *rows, size_t n, size_t *added);
/* One line per measured row: hardware, model, quant, backend, test, depth, speed. */
void cli_print_measured(const aib_measurement *rows, size_t n, int with_software);

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

/* A command's own option (beside the table's inputs): metavar NULL for a flag. */
typedef struct {
    const char *name, *metavar, *help;
} cli_opt;

/* A command's options: the library's inputs that the request kinds take (less those with a
 * flag in hide), and its own options ({NULL}-terminated). */
typedef struct {
    const char *cmd;
    const char *usage; /* usage lines and what the command does, for --help */
    unsigned kinds;    /* aib_request_kind bits */
    unsigned hide;     /* AIB_PF_* bits of inputs it does not take */
    const cli_opt *opts;
} cli_spec;

/* Parses argv: the table's inputs into req (checked as the site checks them), the command's
 * own options into seen[i] (the argument, "" for a flag, NULL when absent), up to max_pos
 * positional arguments into pos. Returns -1 to go on, else the exit code (0 after --help,
 * 2 after a usage error, with "did you mean" for a misspelt option). */
int cli_parse(const cli_spec *spec, int argc, char **argv, aib_request *req, const char **seen, const char **pos,
              size_t *npos, size_t max_pos);
/* Prints a command's --help: its usage text, then every input and option it takes. */
void cli_help(const cli_spec *spec, FILE *f);
/* Columns for text output: the terminal's width, else 80. */
int cli_width(void);
/* Prints text wrapped at width columns, each line after the first indented by prefix's
 * length and the first starting with prefix. */
void cli_wrap_to(FILE *f, const char *prefix, const char *text, int width);
void cli_wrap(const char *prefix, const char *text, int width);
/* "as bought: PRODUCT: $PRICE (KIND, DATE)" for config=GIB */
void cli_config_line(const char *prefix, const aib_hw_config *c);

/* Answers a request, printing the error (exit 2 for a bad or unknown input, 1 otherwise) on
 * failure; release the answer in every case. Returns 0 on success. */
int cli_run(cli_env *env, const char *cmd, const aib_request *req, aib_answer *a);

/* Rewrites the library's web keys in a message into the CLI's options (in place). */
void cli_options_in(char *msg, size_t size);

/* Prints an answer as the API's JSON (CLI-indented); returns 0, or 1 when writing failed. */
int cli_json_answer(const aib_answer *a, int with_rows);

/* Commands: one file each. */
int cmd_hw(cli_env *env, int argc, char **argv);
int cmd_models(cli_env *env, int argc, char **argv);
int cmd_quants(cli_env *env, int argc, char **argv);
int cmd_fit(cli_env *env, int argc, char **argv);
int cmd_calibrate(cli_env *env, int argc, char **argv);
int cmd_bench(cli_env *env, int argc, char **argv);
int cmd_plan(cli_env *env, int argc, char **argv);
int cmd_brief(cli_env *env, int argc, char **argv);
int cmd_compare(cli_env *env, int argc, char **argv);
int cmd_params(cli_env *env, int argc, char **argv);
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
/* Gives a request a GGUF file's model, exact bits per weight and file type as the quant. */
void cli_gguf_request(aib_request *r, const aib_model *m, const aib_gguf_summary *gs);

/* Shared by fit and estimate: prints one evaluated setup as text, then its sweep when the
 * answer has one. */
void cli_print_fit(const aib_answer *a);

#endif
