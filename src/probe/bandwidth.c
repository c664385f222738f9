/* bandwidth.c: sustained memory bandwidth with every core: read (a sum over the array),
 * copy (memcpy; read + write bytes) and triad (a = b + s * c; two reads, one write), each
 * over arrays far larger than the caches, repeated to report the best and the median run.
 * The read kernel uses AVX2 when the CPU has it (chosen at run time), plain C otherwise. */

#include "aibench/probe.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#ifdef __x86_64__
#include <immintrin.h>
#endif

typedef struct {
    double *a, *b, *c;
    size_t n; /* doubles in this thread's slice */
    int op;   /* 0 read, 1 copy, 2 triad */
    double sink;
} worker;

#ifdef __x86_64__
__attribute__((target("avx2"))) static double read_avx2(const double *a, size_t n)
{
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_add_pd(s0, _mm256_load_pd(a + i));
        s1 = _mm256_add_pd(s1, _mm256_load_pd(a + i + 4));
        s2 = _mm256_add_pd(s2, _mm256_load_pd(a + i + 8));
        s3 = _mm256_add_pd(s3, _mm256_load_pd(a + i + 12));
    }
    double out[4];
    _mm256_storeu_pd(out, _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
    double s = out[0] + out[1] + out[2] + out[3];
    for (; i < n; i++)
        s += a[i];
    return s;
}
#endif

static double read_plain(const double *a, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        s0 += a[i], s1 += a[i + 1], s2 += a[i + 2], s3 += a[i + 3];
    for (; i < n; i++)
        s0 += a[i];
    return s0 + s1 + s2 + s3;
}

static double (*read_kernel)(const double *, size_t) = read_plain;

static void *run_worker(void *arg)
{
    worker *w = arg;
    if (w->op == 0)
        w->sink += read_kernel(w->a, w->n);
    else if (w->op == 1)
        memcpy(w->b, w->a, w->n * sizeof(double));
    else {
        double *restrict a = w->a;
        const double *restrict b = w->b, *restrict c = w->c;
        for (size_t i = 0; i < w->n; i++)
            a[i] = b[i] + 3.0 * c[i];
    }
    return NULL;
}

/* Runs op on every thread's slice at once; returns the seconds it took, or -1. */
static double run_all(worker *w, pthread_t *tid, int threads, int op);

/* ---- compute: fp32 fused multiply-adds on eight independent registers ---- */

typedef struct {
    long iters;
    float sink;
    int avx2;
} fma_job;

#ifdef __x86_64__
__attribute__((target("avx2,fma"))) static float fma_avx2(long iters)
{
    __m256 m = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(0.001f);
    __m256 a0 = _mm256_set1_ps(0), a1 = _mm256_set1_ps(1), a2 = _mm256_set1_ps(2), a3 = _mm256_set1_ps(3);
    __m256 a4 = _mm256_set1_ps(4), a5 = _mm256_set1_ps(5), a6 = _mm256_set1_ps(6), a7 = _mm256_set1_ps(7);
    for (long i = 0; i < iters; i++) {
        a0 = _mm256_fmadd_ps(a0, m, c), a1 = _mm256_fmadd_ps(a1, m, c);
        a2 = _mm256_fmadd_ps(a2, m, c), a3 = _mm256_fmadd_ps(a3, m, c);
        a4 = _mm256_fmadd_ps(a4, m, c), a5 = _mm256_fmadd_ps(a5, m, c);
        a6 = _mm256_fmadd_ps(a6, m, c), a7 = _mm256_fmadd_ps(a7, m, c);
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0];
}
#endif

static float fma_plain(long iters)
{
    float a[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    for (long i = 0; i < iters; i++)
        for (int k = 0; k < 8; k++)
            a[k] = a[k] * 0.999f + 0.001f;
    return a[0] + a[7];
}

static void *run_fma(void *arg)
{
    fma_job *j = arg;
#ifdef __x86_64__
    if (j->avx2)
        j->sink = fma_avx2(j->iters);
    else
#endif
        j->sink = fma_plain(j->iters);
    return NULL;
}

static double now(void);

/* fp32 TFLOPS of all threads: 8 registers x lanes x 2 flops per fused multiply-add. */
static double measure_compute(int threads)
{
    int avx2 = 0;
#ifdef __x86_64__
    avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    double lanes = avx2 ? 8 : 1, best = 0;
    long iters = avx2 ? 20000000 : 5000000;
    fma_job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    for (int rep = 0; jobs && tid && rep < 3; rep++) {
        int started = 0;
        double t0 = now();
        for (int i = 0; i < threads; i++) {
            jobs[i] = (fma_job){iters, 0, avx2};
            if (pthread_create(&tid[i], NULL, run_fma, &jobs[i]))
                break;
            started++;
        }
        for (int i = 0; i < started; i++)
            pthread_join(tid[i], NULL);
        double dt = now() - t0;
        double t = (double)iters * 8 * lanes * 2 * started / dt / 1e12;
        if (t > best)
            best = t;
    }
    free(jobs);
    free(tid);
    return best;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double run_all(worker *w, pthread_t *tid, int threads, int op)
{
    int started = 0;
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        w[i].op = op;
        if (pthread_create(&tid[i], NULL, run_worker, &w[i]))
            break;
        started++;
    }
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    return started == threads ? now() - t0 : -1;
}

static int cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

aib_status aib_bandwidth_measure(int threads, size_t bytes, int runs, void (*progress)(void *, double), void *ctx,
                                 aib_bandwidth *out, aib_error *err)
{
    memset(out, 0, sizeof *out);
    if (threads < 1 || threads > 1024 || runs < 1 || runs > 100 || bytes < (1u << 20))
        return aib_error_set(err, AIB_ERR_INVALID, NULL, "bandwidth: threads 1..1024, runs 1..100, at least 1 MiB");
#ifdef __x86_64__
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        read_kernel = read_avx2;
#endif
    size_t n = bytes / sizeof(double) / threads / 64 * 64; /* doubles per thread, 512-byte multiples */
    double *arr[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 3; k++) {
        /* 2 MiB alignment and huge pages where the kernel allows them: TLB misses on 4 KiB
         * pages would otherwise cost a quarter of the bandwidth */
        arr[k] = aligned_alloc(2u << 20, (n * threads * sizeof(double) + (2u << 20) - 1) / (2u << 20) * (2u << 20));
        if (!arr[k]) {
            for (int j = 0; j < k; j++)
                free(arr[j]);
            return aib_error_set(err, AIB_ERR_NOMEM, NULL, "bandwidth: cannot allocate 3 x %zu MiB", bytes >> 20);
        }
#ifdef MADV_HUGEPAGE
        madvise(arr[k], n * threads * sizeof(double), MADV_HUGEPAGE);
#endif
    }
    worker *w = calloc((size_t)threads, sizeof *w);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    double *t[3];
    for (int k = 0; k < 3; k++)
        t[k] = calloc((size_t)runs, sizeof(double));
    aib_status st = AIB_OK;
    if (!w || !tid || !t[0] || !t[1] || !t[2]) {
        st = aib_error_set(err, AIB_ERR_NOMEM, NULL, "out of memory");
        goto out;
    }
    for (int i = 0; i < threads; i++)
        w[i] = (worker){arr[0] + i * n, arr[1] + i * n, arr[2] + i * n, n, 0, 0};
    /* an untimed round touches every page from the thread that will use it (first touch) */
    if (run_all(w, tid, threads, 2) < 0) {
        st = aib_error_set(err, AIB_ERR_INVALID, NULL, "bandwidth: cannot start %d threads", threads);
        goto out;
    }
    int total = 3 * runs, done = 0;
    for (int r = 0; r < runs; r++) {
        for (int op = 0; op < 3; op++) {
            double dt = run_all(w, tid, threads, op);
            if (dt <= 0) {
                st = aib_error_set(err, AIB_ERR_INVALID, NULL, "bandwidth: cannot start %d threads", threads);
                goto out;
            }
            double moved = (double)n * threads * sizeof(double) * (op == 0 ? 1 : op == 1 ? 2 : 3);
            t[op][r] = moved / dt / 1e9;
            if (progress)
                progress(ctx, (double)++done / total);
        }
    }
    for (int op = 0; op < 3; op++)
        qsort(t[op], (size_t)runs, sizeof(double), cmp);
    out->read_best = t[0][runs - 1], out->read_median = t[0][runs / 2];
    out->copy_best = t[1][runs - 1], out->copy_median = t[1][runs / 2];
    out->triad_best = t[2][runs - 1], out->triad_median = t[2][runs / 2];
    out->threads = threads;
    out->runs = runs;
    out->buffer_mib = (double)n * threads * sizeof(double) / 1048576.0;
    out->fp32_tflops = measure_compute(threads);
out:
    free(w);
    free(tid);
    for (int k = 0; k < 3; k++)
        free(t[k]), free(arr[k]);
    return st;
}
