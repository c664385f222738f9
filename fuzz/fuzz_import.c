/* fuzz_import.c: libFuzzer target for the llama-bench import parser (json, jsonl, csv,
 * markdown): any bytes must give rows or a "file:line: what" error, never a fault. The input
 * goes through a temporary file because the parser reads files, as `aibench import` does. */
#include "aibench/aibench.h"
#include "aibench/import.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static aib_catalog *cat;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cat) {
        aib_error err;
        if (aib_catalog_load_dir(AIB_DEFAULT_DATA, &cat, &err))
            abort();
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/aib-fuzz-import-%d.txt", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    aib_import_opts o = {0};
    o.hw = "framework-desktop";
    o.source = "https://example.org/fuzz";
    aib_import *im = NULL;
    aib_error err;
    if (aib_import_parse(cat, path, &o, &im, &err) == AIB_OK)
        (void)aib_import_count(im);
    aib_import_free(im);
    unlink(path);
    return 0;
}
