/* test_catalog.c: catalog files with one defect each (tests/catalog/NAME.case) must be rejected
 * with "file:line: what is wrong", and the SQLite store must keep its last good catalog. */
#include "aibench/aibench.h"
#include "testlib.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE AIB_TEST_DIR "/fixtures/mini"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    if (len)
        *len = got;
    return b;
}

static void copy_fixture(const char *dir)
{
    const char *names[] = {"hardware.txt",  "models.txt",  "quants.tsv",  "measurements.tsv",
                           "editorial.tsv", "configs.tsv", "fitness.tsv", "api_prices.tsv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char src[1024], dst[1024];
        size_t n;
        snprintf(src, sizeof src, FIXTURE "/%s", names[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, names[i]);
        char *b = slurp(src, &n);
        FILE *f = fopen(dst, "wb");
        fwrite(b, 1, n, f);
        fclose(f);
        free(b);
    }
}

/* Applies one case to a copy of the fixture; returns the number of expect lines. */
static int apply_case(const char *path, const char *dir, char expects[8][256])
{
    char *text = slurp(path, NULL);
    char file[64] = "", mode[32] = "append";
    int nexp = 0;
    char *body = strstr(text, "\n---\n");
    CHECK(body != NULL);
    if (!body) {
        free(text);
        return 0;
    }
    *body = '\0';
    body += 5;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "file: ", 6))
            snprintf(file, sizeof file, "%s", line + 6);
        else if (!strncmp(line, "mode: ", 6))
            snprintf(mode, sizeof mode, "%s", line + 6);
        else if (!strncmp(line, "expect: ", 8) && nexp < 8)
            snprintf(expects[nexp++], 256, "%s", line + 8);
    }
    char target[1024];
    snprintf(target, sizeof target, "%s/%s", dir, file);
    FILE *f = fopen(target, !strcmp(mode, "append") ? "ab" : "wb");
    fputs(body, f);
    if (!strcmp(mode, "replace-nul"))
        fputc('\0', f), fputs("\n", f);
    fclose(f);
    free(text);
    return nexp;
}

int main(void)
{
    aib_catalog *cat;
    aib_error err = {0};
    /* the fixture itself is valid */
    CHECK(aib_catalog_load_dir(FIXTURE, &cat, &err) == AIB_OK);
    aib_catalog_free(cat);

    char dir[] = "/tmp/aib-catalog-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char db[600];
    snprintf(db, sizeof db, "%s/catalog.db", dir);

    /* a good catalog goes into the database */
    int rebuilt = 0;
    CHECK(aib_store_open(db, FIXTURE, &cat, &rebuilt, &err) == AIB_OK && rebuilt == 1);
    size_t good_hw = aib_catalog_hw_count(cat), good_models = aib_catalog_model_count(cat);
    aib_catalog_free(cat);
    CHECK(aib_store_open(db, FIXTURE, &cat, &rebuilt, &err) == AIB_OK && rebuilt == 0);
    CHECK(aib_catalog_find_hw(cat, "framework-desktop") != NULL);
    CHECK(aib_catalog_measurement_count(cat) == 4);
    aib_catalog_free(cat);

    DIR *d = opendir(AIB_TEST_DIR "/catalog");
    CHECK(d != NULL);
    struct dirent *e;
    int cases = 0;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".case"))
            continue;
        char path[600], work[600];
        snprintf(path, sizeof path, AIB_TEST_DIR "/catalog/%s", e->d_name);
        snprintf(work, sizeof work, "%s/data", dir);
        mkdir(work, 0700);
        copy_fixture(work);
        char expects[8][256];
        int n = apply_case(path, work, expects);
        cases++;
        CHECK(n > 0);
        aib_catalog *c2 = NULL;
        aib_status st = aib_catalog_load_dir(work, &c2, &err);
        if (st != AIB_ERR_PARSE)
            printf("case %s: status %s\n", e->d_name, aib_status_name(st));
        CHECK(st == AIB_ERR_PARSE && c2 == NULL);
        for (int i = 0; i < n; i++)
            CHECK_STR(err.msg, expects[i]);
        /* the store refuses the broken files and keeps the last good catalog */
        st = aib_store_open(db, work, &c2, &rebuilt, &err);
        CHECK(st == AIB_ERR_PARSE && c2 == NULL && rebuilt == 0);
        CHECK(aib_store_open(db, NULL, &c2, &rebuilt, &err) == AIB_OK);
        if (c2) {
            CHECK(aib_catalog_hw_count(c2) == good_hw && aib_catalog_model_count(c2) == good_models);
            aib_catalog_free(c2);
        }
    }
    if (d)
        closedir(d);
    CHECK(cases >= 20);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return t_report("test_catalog");
}
