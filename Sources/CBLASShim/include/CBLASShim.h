#ifndef CBLASSHIM_H
#define CBLASSHIM_H

/// OpenBLAS, found at run time. The library is opened with dlopen so that claimtrace
/// builds and runs on machines without it (the encoder then uses its pure-Swift products),
/// and so that OPENBLAS_CORETYPE can be set before OpenBLAS reads it: the library picks its
/// kernels once, when it is loaded, and mis-detects some CPUs (AMD Zen 4 here) as an old
/// core, which makes every product 3-4x slower.

/// Loads the library once (later calls return the first answer). `path` names a library
/// file to try first (may be NULL). Returns 1 when cblas_sgemm was found, 0 otherwise.
/// `coretype` receives the OPENBLAS_CORETYPE value set by this call ("" when none was set
/// by us, because the variable was already set or the CPU needs no override).
int ct_blas_load(const char *path, char *coretype, int coretype_capacity);

/// 1 once ct_blas_load has succeeded.
int ct_blas_available(void);

/// The loaded library's own description of its build and of the core it chose
/// ("" when unknown or not loaded).
const char *ct_blas_config(void);
const char *ct_blas_corename(void);
const char *ct_blas_library_path(void);

/// Thread count of OpenBLAS's own pool (no-op when not loaded or not OpenBLAS).
void ct_blas_set_threads(int threads);

/// Row-major single-precision product: C = alpha * op(A) * op(B) + beta * C, where op(X) is X
/// or its transpose when the matching flag is 1. Must only be called when available.
void ct_sgemm(int transA, int transB, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/// 1 when the CPU runs AVX-512F instructions.
int ct_cpu_has_avx512f(void);

#include "CKernels.h"

#endif
