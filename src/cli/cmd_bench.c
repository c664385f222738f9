/* cmd_bench.c: aibench bench, a measured run on one's own machine in one command: runs an
 * installed llama-bench on a GGUF file with the standard tests, shows each result as it comes,
 * and imports them (docs/cli.md) with the probe's description of the machine. */
#include "cli.h"
#include "aibench/import.h"
#include "aibench/probe.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char help[] =
    "usage: aibench bench MODEL.gguf [--hw ID] [--llama-bench PATH] [--depths LIST]\n"
    "                    [--repetitions N] [--model ID] [--quant Q] [--backend B]\n"
    "                    [--dry-run]\n"
    "\n"
    "Runs llama-bench (installed: --llama-bench PATH, else the one on PATH) on\n"
    "MODEL.gguf with the standard tests, prompt processing of 512 tokens and\n"
    "generation of 128, at each depth of LIST (default 0,4096), prints each result\n"
    "as it comes, and imports them as measured evidence for the hardware (checked\n"
    "like 'aibench import', stored in one transaction, the calibration refitted).\n"
    "The rows' note says what the probe found on this machine (CPU, GPUs, RAM) and\n"
    "their source is local:HOSTNAME.\n"
    "\n"
    "  --hw ID           the hardware it runs on; default the catalog entry the probe\n"
    "                    matches ('aibench probe --save ID' adds one that is not\n"
    "                    in the catalog)\n"
    "  --llama-bench P   the llama-bench to run\n"
    "  --depths LIST     KV depths, comma-separated (llama-bench -d), default 0,4096\n"
    "  --repetitions N   runs of each test llama-bench averages (-r), default 3\n"
    "  --model ID        the catalog model, when its parameter count does not say\n"
    "  --quant Q, --backend B   when llama-bench's output does not say\n"
    "  --dry-run         run and check, store nothing";

/* The path of an executable named name on PATH, into buf; 0 when there is none. */
static int on_path(const char *name, char *buf, size_t n)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t len = strcspn(p, ":");
        snprintf(buf, n, "%.*s/%s", (int)len, p, name);
        if (access(buf, X_OK) == 0)
            return 1;
        p += len + (p[len] == ':');
    }
    return 0;
}

/* One JSON line of llama-bench, as progress: "pp512 @ d4096   1234.5 tok/s". */
static void progress(const char *line)
{
    json_error_t je;
    json_t *o = json_loads(line, 0, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    double np = json_number_value(json_object_get(o, "n_prompt")), ng = json_number_value(json_object_get(o, "n_gen"));
    double d = json_number_value(json_object_get(o, "n_depth")), ts = json_number_value(json_object_get(o, "avg_ts"));
    char test[32];
    snprintf(test, sizeof test, np > 0 && ng > 0 ? "pp%.0f+tg%.0f" : np > 0 ? "pp%.0f" : "tg%.0f", np > 0 ? np : ng, ng);
    fprintf(stderr, "  %-12s @ d%-6.0f %10.1f tok/s\n", test, d, ts);
    json_decref(o);
    fflush(stderr);
}

/* Runs llama-bench with argv, its JSON lines into out (and shown as they come); its stderr
 * stays the user's. The exit status, or -1 when it could not run. */
static int run_llama_bench(char *const argv[], FILE *out)
{
    int fds[2];
    if (pipe(fds))
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc) {
        close(fds[0]);
        errno = rc;
        return -1;
    }
    FILE *in = fdopen(fds[0], "r");
    char line[16384];
    while (in && fgets(line, sizeof line, in)) {
        if (line[0] == '{') {
            fputs(line, out);
            progress(line);
        }
    }
    if (in)
        fclose(in);
    else
        close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int cmd_bench(cli_env *env, int argc, char **argv)
{
    const char *model_path = NULL, *lb = NULL, *depths = "0,4096", *reps = "3", *hw_id = NULL;
    aib_import_opts o = {0};
    int dry = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--hw") ? &hw_id : !strcmp(a, "--llama-bench") ? &lb
                          : !strcmp(a, "--depths") ? &depths : !strcmp(a, "--repetitions") ? &reps
                          : !strcmp(a, "--model") ? &o.model : !strcmp(a, "--quant") ? &o.quant
                          : !strcmp(a, "--backend") ? &o.backend : NULL;
        if (slot) {
            if (i + 1 >= argc)
                return cli_usage("bench", "%s needs a value", a);
            *slot = argv[++i];
        } else if (!strcmp(a, "--dry-run"))
            dry = 1;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            putchar('\n');
            return 0;
        } else if (a[0] == '-' && a[1])
            return cli_usage("bench", "unknown option '%s'", a);
        else if (model_path)
            return cli_usage("bench", "one model file at a time");
        else
            model_path = a;
    }
    if (!model_path)
        return cli_usage("bench", "which GGUF file?");
    if (strspn(depths, "0123456789,") != strlen(depths) || !*depths)
        return cli_usage("bench", "--depths: '%s' is not a comma-separated list of token counts", depths);
    if (strspn(reps, "0123456789") != strlen(reps) || atoi(reps) < 1 || atoi(reps) > 100)
        return cli_usage("bench", "--repetitions: '%s' is not 1 to 100", reps);
    struct stat st;
    if (stat(model_path, &st) || !S_ISREG(st.st_mode))
        return cli_fail("bench", "%s: not a readable regular file", model_path);
    char found[1024];
    if (!lb) {
        if (!on_path("llama-bench", found, sizeof found))
            return cli_fail("bench", "no llama-bench on PATH: give --llama-bench PATH (bench/llama_cpu.sh builds one "
                                     "from the llama.cpp source node-llama-cpp bundles)");
        lb = found;
    } else if (access(lb, X_OK))
        return cli_fail("bench", "--llama-bench %s: not an executable (%s)", lb, strerror(errno));
    if (cli_open(env))
        return 1;
    /* the machine: the probe's description always, its catalog entry when --hw is not given */
    aib_probe probe;
    aib_bandwidth bw;
    if (cli_probe_run("bench", "/", 0, 0, 0, 0, &probe, &bw, 1))
        return 1;
    aib_probe_match(env->cat, &probe);
    const aib_hw *h = hw_id ? aib_catalog_find_hw(env->cat, hw_id) : probe.match;
    if (hw_id && !h)
        return cli_unknown(env, "bench", "hw", hw_id);
    if (!h)
        return cli_fail("bench", "this machine matches no catalog hardware: give --hw ID, or save it first with "
                                 "'aibench probe --save ID'");
    char note[600];
    int k = snprintf(note, sizeof note, "aibench bench; machine: %s, %d cores, %.0f GiB RAM", probe.cpu_model, probe.cores,
                     probe.ram_gib);
    for (int g = 0; g < probe.n_gpus && k > 0 && (size_t)k < sizeof note; g++)
        k += snprintf(note + k, sizeof note - (size_t)k, "; GPU %s", probe.gpu[g].name);
    char host[128], source[160];
    if (gethostname(host, sizeof host))
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    snprintf(source, sizeof source, "local:%s", host);
    o.hw = h->id, o.source = source, o.note = note;

    char tmp[] = "/tmp/aibench-bench-XXXXXX";
    int fd = mkstemp(tmp);
    FILE *out = fd < 0 ? NULL : fdopen(fd, "w");
    if (!out) {
        if (fd >= 0)
            close(fd), unlink(tmp);
        return cli_fail("bench", "cannot write a temporary file: %s", strerror(errno));
    }
    char *lb_argv[] = {(char *)lb, "-m", (char *)model_path, "-p", "512", "-n", "128", "-d", (char *)depths, "-r",
                       (char *)reps, "-o", "jsonl", NULL};
    fprintf(stderr, "running %s -m %s -p 512 -n 128 -d %s -r %s -o jsonl on %s...\n", lb, model_path, depths, reps, h->id);
    signal(SIGPIPE, SIG_IGN);
    int rc = run_llama_bench(lb_argv, out);
    fclose(out);
    if (rc < 0) {
        int e = errno;
        unlink(tmp);
        return cli_fail("bench", "cannot run %s: %s", lb, strerror(e));
    }
    if (rc) {
        unlink(tmp);
        return cli_fail("bench", "%s failed (exit %d): nothing was imported", lb, rc);
    }
    aib_import *im;
    aib_error err = {0};
    if (aib_import_parse(env->cat, tmp, &o, &im, &err)) {
        unlink(tmp);
        /* the messages name the temporary file: say what it held */
        for (char *p; (p = strstr(err.msg, tmp));) {
            memmove(p + 18, p + strlen(tmp), strlen(p + strlen(tmp)) + 1);
            memcpy(p, "llama-bench output", 18);
        }
        fprintf(stderr, "%s\naibench bench: nothing was imported\n", err.msg);
        return 1;
    }
    unlink(tmp);
    size_t n = aib_import_count(im), added = 0;
    const aib_measurement *rows = aib_import_rows(im);
    if (!dry && cli_store_measured(env, "bench", rows, n, &added)) {
        aib_import_free(im);
        return 1;
    }
    cli_print_measured(rows, n, 0);
    if (dry)
        printf("measured %zu results on %s (dry run: nothing stored)\n", n, h->id);
    else
        printf("measured %zu results on %s: %zu new, imported as %s\n", n, h->id, added, source);
    aib_import_free(im);
    return 0;
}
