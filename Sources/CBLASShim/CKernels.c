#include "CKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// Chebyshev coefficients of erf(x)/x in t = x*x over [0, 16], fitted by us with numpy (least
// squares on Chebyshev nodes, degree 16); Clenshaw's recurrence in float gives at most 2.3e-7
// absolute error on [0, 4], and erf is +-1 within 1.6e-8 beyond.
static const float ERF_C[17] = {
    0.485912948846817f,     -0.3454078435897827f,    0.16182909905910492f,   -0.07648275792598724f,
    0.03466993570327759f,   -0.014811864122748375f,  0.005922937765717506f,  -0.0022118405904620886f,
    0.0007714154198765755f, -0.0002515965898055583f, 7.688657933613285e-05f, -2.206549652328249e-05f,
    5.961274382570991e-06f, -1.5197759921647958e-06f, 3.6649322510129423e-07f, -8.379095817190318e-08f,
    1.820164108323752e-08f,
};

static inline float erf_poly(float x) {
    float c = x < -4.0f ? -4.0f : (x > 4.0f ? 4.0f : x);
    float u = c * c * (2.0f / 16.0f) - 1.0f;
    float two_u = u + u;
    float b1 = ERF_C[16], b2 = 0.0f;
    for (int k = 15; k > 0; k--) {
        float b0 = two_u * b1 - b2 + ERF_C[k];
        b2 = b1;
        b1 = b0;
    }
    return (u * b1 - b2 + ERF_C[0]) * c;
}

float ct_erf(float x) { return erf_poly(x); }

// e^x for x <= 0: 2^k e^r with |r| <= ln2/2, e^r by its Taylor series to r^7.
static inline float exp_nonpositive(float x) {
    if (x < -87.0f) return 0.0f;
    float shifted = x * 1.4426950408889634f + 12582912.0f;
    float k = shifted - 12582912.0f;
    float r = x - k * 0.693359375f + k * 2.12194440e-4f;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    uint32_t bits;
    memcpy(&bits, &shifted, 4);
    bits = (bits - 0x4B400000u + 127u) << 23;
    float scale;
    memcpy(&scale, &bits, 4);
    return p * scale;
}

// Each kernel body is written once as a macro and compiled twice: for AVX2+FMA and for the
// x86-64 baseline; the first call picks one.
#define BODY_BIAS_GELU                                                                       \
    for (int r = 0; r < rows; r++) {                                                         \
        float *line = x + (long)r * width;                                                   \
        for (int d = 0; d < width; d++) {                                                    \
            float v = line[d] + bias[d];                                                     \
            line[d] = 0.5f * v * (1.0f + erf_poly(v * 0.70710678118654752f));               \
        }                                                                                    \
    }

#define BODY_SOFTMAX                                                                         \
    for (int r = 0; r < rows; r++) {                                                         \
        float *line = x + (long)r * width;                                                   \
        float largest = -INFINITY;                                                           \
        for (int d = 0; d < width; d++) largest = line[d] > largest ? line[d] : largest;     \
        float sum = 0.0f;                                                                    \
        for (int d = 0; d < width; d++) {                                                    \
            float v = exp_nonpositive(line[d] - largest);                                    \
            line[d] = v;                                                                     \
            sum += v;                                                                        \
        }                                                                                    \
        float inverse = 1.0f / sum;                                                          \
        for (int d = 0; d < width; d++) line[d] *= inverse;                                  \
    }

#define BODY_LAYER_NORM                                                                      \
    for (int r = 0; r < rows; r++) {                                                         \
        float *line = x + (long)r * width;                                                   \
        if (residual) {                                                                      \
            const float *other = residual + (long)r * width;                                 \
            for (int d = 0; d < width; d++) line[d] += other[d];                             \
        }                                                                                    \
        if (bias)                                                                            \
            for (int d = 0; d < width; d++) line[d] += bias[d];                              \
        float mean = 0.0f;                                                                   \
        for (int d = 0; d < width; d++) mean += line[d];                                     \
        mean /= (float)width;                                                                \
        float variance = 0.0f;                                                               \
        for (int d = 0; d < width; d++) {                                                    \
            float c = line[d] - mean;                                                        \
            variance += c * c;                                                               \
        }                                                                                    \
        variance /= (float)width;                                                            \
        float inverse = 1.0f / sqrtf(variance + epsilon);                                    \
        for (int d = 0; d < width; d++) line[d] = (line[d] - mean) * inverse * weight[d] + shift[d]; \
    }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define HAVE_DISPATCH 1
__attribute__((target("avx2,fma"))) static void bias_gelu_avx2(float *x, int rows, int width,
                                                                const float *bias) {
    BODY_BIAS_GELU
}
__attribute__((target("avx2,fma"))) static void softmax_avx2(float *x, int rows, int width) {
    BODY_SOFTMAX
}
__attribute__((target("avx2,fma"))) static void layer_norm_avx2(float *x, const float *residual,
                                                                 const float *bias, int rows,
                                                                 int width, const float *weight,
                                                                 const float *shift, float epsilon) {
    BODY_LAYER_NORM
}
static int use_avx2 = -1;
static int avx2(void) {
    if (use_avx2 < 0) {
        __builtin_cpu_init();
        use_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return use_avx2;
}
#endif

void ct_bias_gelu(float *x, int rows, int width, const float *bias) {
#ifdef HAVE_DISPATCH
    if (avx2()) {
        bias_gelu_avx2(x, rows, width, bias);
        return;
    }
#endif
    BODY_BIAS_GELU
}

void ct_softmax_rows(float *x, int rows, int width) {
#ifdef HAVE_DISPATCH
    if (avx2()) {
        softmax_avx2(x, rows, width);
        return;
    }
#endif
    BODY_SOFTMAX
}

void ct_add_layer_norm(float *x, const float *residual, const float *bias, int rows, int width,
                       const float *weight, const float *shift, float epsilon) {
#ifdef HAVE_DISPATCH
    if (avx2()) {
        layer_norm_avx2(x, residual, bias, rows, width, weight, shift, epsilon);
        return;
    }
#endif
    BODY_LAYER_NORM
}
