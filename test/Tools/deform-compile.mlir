// deform-compile writes an object and a documented C header.
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-compile %s -o layer --output-dir=%t | FileCheck %s --check-prefix=LOG
// LOG: deform-compile: wrote {{.*}}layer.o and {{.*}}layer.h (1 function(s), cpu
// RUN: FileCheck %s --input-file=%t/layer.h
// RUN: llvm-nm %t/layer.o | FileCheck %s --check-prefix=NM
// NM-DAG: T __deform_5layer_main
// NM-DAG: T _mlir_ciface___deform_5layer_main
// COM: Several tiles: the entry points are exported, the tiles and their
// COM: launches are not; the object calls the runtime, not OpenMP.
// RUN: deform-compile %S/Inputs/tiled-layer.mlir -o tiled --output-dir=%t
// RUN: llvm-nm %t/tiled.o | FileCheck %s --check-prefix=TILED
// TILED-NOT: omp
// COM: The object needs libc's allocator and the deform runtime only (no
// COM: MLIR runner library, no OpenMP).
// RUN: llvm-nm -u %t/tiled.o | FileCheck %s --check-prefix=UNDEFINED
// UNDEFINED-NOT: {{memrefCopy|_mlir_|omp|kmpc}}
// UNDEFINED: U deform_kernel_alloc
// UNDEFINED: U deform_kernel_free
// UNDEFINED: U deform_kernel_parallel_for
// UNDEFINED-NOT: {{memrefCopy|_mlir_|omp|kmpc}}
// TILED-DAG: T __deform_5tiled_main
// TILED-DAG: t __deform_5tiled_main__tiles0
// TILED-DAG: U deform_kernel_parallel_for
// TILED-NOT: omp
// A portable binary for x86-64-v3 (AVX2) machines:
// RUN: deform-compile %s -o portable --output-dir=%t --cpu=x86-64-v3 | FileCheck %s --check-prefix=V3
// V3: cpu x86-64-v3)

// CHECK: #include "deform/runtime/deform_runtime.h"
// CHECK: void _mlir_ciface___deform_5layer_main(deform_context *, layer__memref4 *, layer__memref4 *, layer__memref4 *, layer__memref4 *);
// CHECK: static inline deform_status layer_main__run(const char *who, deform_context *ctx, const float *in0, const float *in1, const float *in2, float *out0) {
// CHECK:   if (!in0)
// CHECK-NEXT: return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, who, "in0 (argument 0 of @main, float[1][4][7][7]) is NULL");
// CHECK:   if (!out0)
// CHECK-NEXT: return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, who, "out0 (result 0 of @main, float[1][6][5][5]) is NULL");
// CHECK: /* @main of
// CHECK:  *   in0  float[1][4][7][7]  (argument 0, 196 elements, read only)
// CHECK:  *   in1  float[1][18][5][5]  (argument 1, 450 elements, read only)
// CHECK:  *   in2  float[6][4][3][3]  (argument 2, 216 elements, read only)
// CHECK:  *   out0 float[1][6][5][5]  (result 0, 150 elements, caller-allocated, fully written)
// CHECK: static inline deform_status layer_main(const float *in0, const float *in1, const float *in2, float *out0) {
// CHECK-NEXT: return layer_main__run("layer_main", NULL, in0, in1, in2, out0);
// CHECK: static inline deform_status layer_main_on(deform_context *ctx, const float *in0, const float *in1, const float *in2, float *out0) {
// CHECK-NEXT: deform_status s = deform_context_validate(ctx, "layer_main_on");
// CHECK: return layer_main__run("layer_main_on", ctx, in0, in1, in2, out0);

// COM: Dynamic sizes: the header takes each such tensor's shape, runs the
// COM: function's size checks with their messages, and computes the result
// COM: shapes from the input shapes.
// RUN: deform-compile %S/deform-run-dynamic.mlir -o dyn --output-dir=%t
// RUN: FileCheck %s --check-prefix=DYN --input-file=%t/dyn.h
// DYN: static const char *const dyn_main__messages[] = {
// DYN: "'deform.conv2d' at {{.*}}: operand 'offset' dimension 3 (output width) is %lld, expected %lld",
// DYN: static inline deform_status dyn_main(const float *in0, const int64_t *in0_shape, const float *in1, const int64_t *in1_shape, const float *in2, float *out0, const int64_t *out0_shape) {
// DYN: static inline deform_status dyn_main_shapes(const int64_t *in0_shape, const int64_t *in1_shape, const int64_t *in2_shape, int64_t *out0_shape) {
// RUN: llvm-nm %t/dyn.o | FileCheck %s --check-prefix=DYNNM
// DYNNM: T _mlir_ciface___deform_3dyn_main__shape_check

// Errors name the option and the value.
// RUN: not deform-compile %s -o 9lives 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: deform-compile: -o '9lives': expected a C identifier (it prefixes the C functions)
// RUN: not deform-compile %s -o layer --target=cpu,cuda 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: deform-compile: --target=cpu,cuda: one target per output (compile each to its own -o NAME)
// RUN: not deform-compile %s -o layer --target=tpu 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: deform-compile: --target: unknown target 'tpu', expected cpu or cuda
// RUN: not deform-compile %S/Inputs/bad-name.mlir -o layer 2>&1 | FileCheck %s --check-prefix=BADNAME
// BADNAME: deform-compile: @"my-layer": a public function's name must be a C identifier that does not start with '_' (it names the C function layer_<name>); rename it or make it private
// RUN: not deform-compile %s -o layer --cpu=bogus 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: deform-cpu-target: unknown CPU 'bogus' for x86_64{{.*}}
// CPU-NOT: error
// RUN: not deform-compile %t/missing.mlir -o layer 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: deform-compile: cannot open '{{.*}}missing.mlir'

func.func @main(%x: tensor<1x4x7x7xf32>, %off: tensor<1x18x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %init = tensor.empty() : tensor<1x6x5x5xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x7x7xf32>, tensor<1x18x5x5xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}
