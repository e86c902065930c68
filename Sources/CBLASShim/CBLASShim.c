#include "CBLASShim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// CBLAS enum values, fixed by the CBLAS standard.
enum { CT_ROW_MAJOR = 101, CT_NO_TRANS = 111, CT_TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *,
                         int, float, float *, int);
typedef void (*set_threads_fn)(int);
typedef char *(*string_fn)(void);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *requested_path = NULL;
static sgemm_fn sgemm = NULL;
static set_threads_fn set_threads = NULL;
static string_fn get_config = NULL;
static string_fn get_corename = NULL;
static char chosen_coretype[32] = "";
static char loaded_path[512] = "";

int ct_cpu_has_avx512f(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
    return 0;
#endif
}

/// OpenBLAS cores that use AVX-512.
static int is_avx512_core(const char *name) {
    return strcasecmp(name, "SkylakeX") == 0 || strcasecmp(name, "Cooperlake") == 0 ||
           strcasecmp(name, "SapphireRapids") == 0;
}

static void load_library(void) {
    // OpenBLAS reads OPENBLAS_CORETYPE once, when it is loaded. CLAIMTRACE_OPENBLAS_CORETYPE,
    // when set, is used as it is. Otherwise, on a CPU with AVX-512, any value that names an
    // older core is replaced by SkylakeX: OpenBLAS 0.3.21 does not pick it on AMD Zen 4 by
    // itself, and an inherited OPENBLAS_CORETYPE=Haswell made the encoder 1.5x slower here.
    const char *forced = getenv("CLAIMTRACE_OPENBLAS_CORETYPE");
    const char *current = getenv("OPENBLAS_CORETYPE");
    if (forced != NULL && forced[0] != 0) {
        setenv("OPENBLAS_CORETYPE", forced, 1);
        strncpy(chosen_coretype, forced, sizeof chosen_coretype - 1);
    } else if (ct_cpu_has_avx512f() && (current == NULL || !is_avx512_core(current))) {
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
        strncpy(chosen_coretype, "SkylakeX", sizeof chosen_coretype - 1);
    }
    const char *candidates[] = {requested_path, "libopenblas.so.0", "libopenblas.so",
                                "libopenblas.dylib", NULL};
    for (int i = 0; i < 4; i++) {
        const char *name = candidates[i];
        if (name == NULL || name[0] == 0) continue;
        void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) continue;
        sgemm_fn found = (sgemm_fn)dlsym(handle, "cblas_sgemm");
        if (found == NULL) {
            dlclose(handle);
            continue;
        }
        sgemm = found;
        set_threads = (set_threads_fn)dlsym(handle, "openblas_set_num_threads");
        get_config = (string_fn)dlsym(handle, "openblas_get_config");
        get_corename = (string_fn)dlsym(handle, "openblas_get_corename");
        strncpy(loaded_path, name, sizeof loaded_path - 1);
        return;
    }
}

int ct_blas_load(const char *path, char *coretype, int coretype_capacity) {
    requested_path = path;
    pthread_once(&load_once, load_library);
    if (coretype != NULL && coretype_capacity > 0) {
        strncpy(coretype, chosen_coretype, (size_t)coretype_capacity - 1);
        coretype[coretype_capacity - 1] = 0;
    }
    return sgemm != NULL;
}

int ct_blas_available(void) { return sgemm != NULL; }

const char *ct_blas_config(void) { return get_config ? get_config() : ""; }
const char *ct_blas_corename(void) { return get_corename ? get_corename() : ""; }
const char *ct_blas_library_path(void) { return loaded_path; }

void ct_blas_set_threads(int threads) {
    if (set_threads != NULL && threads > 0) set_threads(threads);
}

void ct_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
              const float *b, int ldb, float beta, float *c, int ldc) {
    sgemm(CT_ROW_MAJOR, transA ? CT_TRANS : CT_NO_TRANS, transB ? CT_TRANS : CT_NO_TRANS, m, n, k,
          alpha, a, lda, b, ldb, beta, c, ldc);
}
