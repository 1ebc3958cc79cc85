// Calls the reduced module's _mlir_ciface_main on a 3x4 image (x = 0..11),
// zero offsets but for a few, and a 1x1 kernel of weight 1; prints the
// 1x3x4x1 output. Element 5 (row 1, column 1; column offset 0.25) must be
// 0.75 * 5 + 0.25 * 6 = 5.25.
#include <stdint.h>
#include <stdio.h>

#include "deform/runtime/deform_runtime.h"

typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[4], strides[4];
} Memref4;
void _mlir_ciface_main(Memref4 *result, void *ctx, Memref4 *x, Memref4 *off,
                       Memref4 *w);

static Memref4 dense(float *p, int64_t n0, int64_t n1, int64_t n2, int64_t n3) {
  Memref4 m = {p, p, 0, {n0, n1, n2, n3}, {n1 * n2 * n3, n2 * n3, n3, 1}};
  return m;
}

int main(void) {
  float x[12], off[24] = {0}, w[1] = {1};
  for (int i = 0; i < 12; ++i)
    x[i] = (float)i;
  off[0] = 0.5f;               // row offset at (0, 0)
  off[12 + 1 * 4 + 1] = 0.25f; // column offset at (1, 1)
  off[2 * 4 + 3] = 5;
  off[12 + 2 * 4 + 2] = -3;
  Memref4 X = dense(x, 1, 3, 4, 1), O = dense(off, 1, 2, 3, 4),
          W = dense(w, 1, 1, 1, 1), R;
  deform_context_options o;
  deform_context_options_init(&o);
  o.cpu_threads = 1;
  deform_context *ctx;
  deform_context_create(&o, &ctx);
  _mlir_ciface_main(&R, ctx, &X, &O, &W);
  for (int i = 0; i < 12; ++i)
    printf("%g ", R.aligned[i]);
  printf("\n");
  return 0;
}
