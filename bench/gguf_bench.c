/* gguf_bench.c: times aib_gguf_read() on one file: N reads, prints min and median in ms. */
#include "aibench/aibench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    int n = atoi(argv[2]);
    double *t = calloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) {
        struct timespec a, b;
        aib_gguf *g;
        aib_error err;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (aib_gguf_read(argv[1], &g, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        aib_gguf_free(g);
        clock_gettime(CLOCK_MONOTONIC, &b);
        t[i] = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("aibench (C)          min %8.2f ms   median %8.2f ms   (%d reads)\n", t[0], t[n / 2], n);
    free(t);
    return 0;
}
