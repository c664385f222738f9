/* testlib.h: a minimal test harness. Each check prints a line on failure; the run ends with
 * "N passed, N failed" and exits non-zero when anything failed. */
#ifndef AIB_TESTLIB_H
#define AIB_TESTLIB_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (cond)                                                                   \
            t_pass++;                                                               \
        else {                                                                      \
            t_fail++;                                                               \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                  \
        }                                                                           \
    } while (0)

/* |got - want| <= tol * |want| */
#define CHECK_REL(got, want, tol)                                                   \
    do {                                                                            \
        double g_ = (got), w_ = (want);                                             \
        if (fabs(g_ - w_) <= (tol) * fabs(w_))                                      \
            t_pass++;                                                               \
        else {                                                                      \
            t_fail++;                                                               \
            printf("FAIL %s:%d: %s = %.6g, want %.6g within %.1f%%\n", __FILE__,    \
                   __LINE__, #got, g_, w_, 100.0 * (tol));                          \
        }                                                                           \
    } while (0)

#define CHECK_STR(hay, needle)                                                      \
    do {                                                                            \
        const char *h_ = (hay), *n_ = (needle);                                     \
        if (h_ && strstr(h_, n_))                                                   \
            t_pass++;                                                               \
        else {                                                                      \
            t_fail++;                                                               \
            printf("FAIL %s:%d: '%s' not in '%s'\n", __FILE__, __LINE__, n_,        \
                   h_ ? h_ : "(null)");                                             \
        }                                                                           \
    } while (0)

static int t_report(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
    return t_fail ? 1 : 0;
}

#endif
