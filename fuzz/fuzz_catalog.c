/* fuzz_catalog.c: libFuzzer target for the catalog loader. The first byte picks which of the
 * five files the rest replaces in a copy of the test fixture (tests/fixtures/mini); loading must
 * give a catalog or "file:line: what" errors, never a fault. */
#include "aibench/aibench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[5] = {"hardware.txt", "models.txt", "quants.tsv", "measurements.tsv", "editorial.tsv"};
static char dir[64];

static void copy(const char *name)
{
    char src[512], dst[512];
    snprintf(src, sizeof src, "%s/%s", AIB_FIXTURE, name);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    char buf[65536];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/aib-fuzz-catalog-%d", (int)getpid());
        char cmd[128];
        snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
        if (system(cmd))
            abort();
    }
    if (size < 1)
        return 0;
    int which = data[0] % 5;
    for (int k = 0; k < 5; k++)
        if (k != which)
            copy(names[k]);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, names[which]);
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    aib_catalog *cat = NULL;
    aib_error err;
    if (aib_catalog_load_dir(dir, &cat, &err) == AIB_OK) {
        aib_calibration cal;
        aib_calibrate(cat, &cal, &err);
    }
    aib_catalog_free(cat);
    return 0;
}
