#ifndef CKERNELS_H
#define CKERNELS_H

/// Element-wise kernels of the encoder, in C so that the compiler can use AVX2 and FMA where the
/// CPU has them (chosen at run time) while the binary still runs on any x86-64.

/// x[r][d] = GELU(x[r][d] + bias[d]), GELU with the error function (polynomial, error 2.3e-7).
void ct_bias_gelu(float *x, int rows, int width, const float *bias);

/// Each row of x (rows × width) replaced by its softmax.
void ct_softmax_rows(float *x, int rows, int width);

/// x[r] = LayerNorm(x[r] + bias + residual[r]) * weight + shift; residual and bias may be NULL.
void ct_add_layer_norm(float *x, const float *residual, const float *bias, int rows, int width,
                       const float *weight, const float *shift, float epsilon);

/// The polynomial erf, for tests.
float ct_erf(float x);

#endif
