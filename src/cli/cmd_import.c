/* cmd_import.c: aibench import, llama-bench results into the database as measurements. */
#include "cli.h"
#include "aibench/import.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: aibench import FILE --hw ID [--source URL] [--model ID] [--quant Q]\n"
    "                      [--backend B]\n"
    "                      [--date YYYY-MM-DD] [--software TEXT] [--note TEXT]\n"
    "                      [--skip-bad] [--dry-run] [--json]\n"
    "\n"
    "Reads llama-bench output (-o json, -o jsonl, -o csv, or the default markdown\n"
    "table), checks every row (strict numbers and dates, the catalog, and physics: no\n"
    "decode above 3x the hardware's bandwidth roofline, no prefill above 40x its fp32\n"
    "peak, a KV cache that fits its memory) and stores them all in one transaction;\n"
    "a bad row refuses the file, changes nothing and says which line is wrong.\n"
    "Rows already stored (same test, settings and source) are not stored twice, so\n"
    "importing a file again adds nothing. Imported rows join the catalog's\n"
    "measurements: they are shown as measured evidence and used by the calibration,\n"
    "which is refitted and stored once, here.\n"
    "\n"
    "  --hw ID         the catalog hardware it ran on (required)\n"
    "  --source URL    where the numbers come from; default local:HOSTNAME, your own\n"
    "                  run\n"
    "  --model ID      the catalog model, when the parameter count does not say\n"
    "                  which\n"
    "  --quant Q       the quant, when the file's model type does not say\n"
    "  --backend B     the backend, when the file does not say\n"
    "  --date D        default: the file's test_time, else today\n"
    "  --software S    default: llama.cpp and the file's build\n"
    "  --note TEXT     anything the reader should know\n"
    "  --skip-bad      store the good rows, list the bad ones (exit 0 when any is\n"
    "                  stored)\n"
    "  --dry-run       check and print, store nothing (same checks, same exit code)\n"
    "  --json          machine-readable output";

int cmd_import(cli_env *env, int argc, char **argv)
{
    aib_import_opts o = {0};
    const char *path = NULL;
    int dry = 0, json = 0;
    char host[128], source[160];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--hw") ? &o.hw : !strcmp(a, "--source") ? &o.source
                          : !strcmp(a, "--model") ? &o.model : !strcmp(a, "--quant") ? &o.quant
                          : !strcmp(a, "--backend") ? &o.backend : !strcmp(a, "--date") ? &o.date
                          : !strcmp(a, "--software") ? &o.software : !strcmp(a, "--note") ? &o.note : NULL;
        if (slot) {
            if (i + 1 >= argc)
                return cli_usage("import", "%s needs a value", a);
            *slot = argv[++i];
        } else if (!strcmp(a, "--dry-run"))
            dry = 1;
        else if (!strcmp(a, "--skip-bad"))
            o.skip_bad = 1;
        else if (!strcmp(a, "--json"))
            json = 1;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            return 0;
        } else if (a[0] == '-' && a[1])
            return cli_usage("import", "unknown option '%s'", a);
        else if (path)
            return cli_usage("import", "one file at a time");
        else
            path = a;
    }
    if (!path || !o.hw)
        return cli_usage("import", "a FILE and --hw are required");
    if (!o.source) {
        if (gethostname(host, sizeof host))
            snprintf(host, sizeof host, "unknown");
        host[sizeof host - 1] = '\0';
        snprintf(source, sizeof source, "local:%s", host);
        o.source = source;
    }
    if (cli_open(env))
        return 1;
    const aib_hw *h = aib_catalog_find_hw(env->cat, o.hw);
    if (!h)
        return cli_unknown(env, "import", "hw", o.hw);
    o.hw = h->id;
    aib_import *im;
    aib_error err = {0};
    int tty = isatty(STDERR_FILENO) && !json;
    if (tty)
        fprintf(stderr, "reading %s...", path);
    if (aib_import_parse(env->cat, path, &o, &im, &err)) {
        if (tty)
            fputc('\n', stderr);
        fprintf(stderr, "%s\naibench import: nothing was imported\n", err.msg);
        return 1;
    }
    const aib_measurement *rows = aib_import_rows(im);
    size_t n = aib_import_count(im), added = 0, bad = aib_import_bad_count(im);
    int rc = 0;
    for (size_t i = 0; i < bad; i++)
        fprintf(stderr, "%s (left out)\n", aib_import_bad_at(im, i));
    if (tty)
        fprintf(stderr, "\r%zu rows read from %s; %s...\n", n, path, dry ? "checked" : "storing them in one transaction");
    if (!dry && cli_store_measured(env, "import", rows, n, &added)) {
        aib_import_free(im);
        return 1;
    }
    if (json) {
        json_t *arr = json_array(), *left = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, aib_json_measurement(&rows[i]));
        for (size_t i = 0; i < bad; i++)
            json_array_append_new(left, json_string(aib_import_bad_at(im, i)));
        rc = cli_json(json_pack("{s:b, s:I, s:I, s:I, s:I, s:o, s:o}", "stored", !dry, "rows", (json_int_t)n, "new",
                                (json_int_t)(dry ? 0 : added), "skipped", (json_int_t)aib_import_skipped(im), "bad",
                                (json_int_t)bad, "left_out", left, "measurements", arr));
    } else {
        cli_print_measured(rows, n, 1);
        if (dry)
            printf("checked %zu measurement%s from %s (dry run: nothing stored)", n, n == 1 ? "" : "s", path);
        else
            printf("read %zu measurement%s from %s: %zu new, %zu already stored", n, n == 1 ? "" : "s", path, added,
                   n - added);
        if (aib_import_skipped(im))
            printf("; skipped %zu combined pp+tg test%s", aib_import_skipped(im), aib_import_skipped(im) == 1 ? "" : "s");
        if (bad)
            printf("; left out %zu bad row%s", bad, bad == 1 ? "" : "s");
        printf("\n");
    }
    aib_import_free(im);
    return rc;
}
