// deform-compile --target=cuda writes an object with the kernels and the
// launch plan and a header with the CPU target's functions plus a variant
// on device buffers.
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-compile %s --target=cuda -o layer --output-dir=%t | FileCheck %s --check-prefix=LOG
// LOG: deform-compile: wrote {{.*}}layer.o and {{.*}}layer.h (1 function(s), cuda sm_80,sm_90, kernels {{fatbin|PTX only}})
// RUN: FileCheck %s --input-file=%t/layer.h
// RUN: llvm-nm %t/layer.o | FileCheck %s --check-prefix=NM
// COM: Data only: the programs are exported, nothing is called.
// NM-DAG: D __deform_5layer_main__program
// NM-DAG: D __deform_5layer__programs
// RUN: llvm-nm -u %t/layer.o | FileCheck %s --check-prefix=UNDEFINED --allow-empty
// UNDEFINED-NOT: {{.}}

// CHECK: for CUDA (sm_80,sm_90). Do not edit.
// CHECK: extern const deform_gpu_program *const __deform_5layer__programs[];
// CHECK: extern const deform_gpu_program __deform_5layer_main__program;
// CHECK: /* @main of
// CHECK:  *   in0  float[1][4][7][7]  (argument 0, 196 elements, read only)
// CHECK:  *   out0 float[1][6][5][5]  (result 0, 150 elements, fully written)
// CHECK:  * Launch plan:
// CHECK:  *   __deform_5layer_main_conv2d: grid 1x1x1, block {{[0-9]+}}x1x1, buffers (2, 0, 1, 3)
// CHECK: static inline deform_status layer_main(const float *in0, const float *in1, const float *in2, float *out0) {
// CHECK:   return deform_gpu_program_run_host(NULL, &__deform_5layer_main__program, inputs, results);
// CHECK: static inline deform_status layer_main_on(deform_context *ctx, const float *in0, const float *in1, const float *in2, float *out0) {
// CHECK:   deform_status s = deform_context_validate(ctx, "layer_main_on");
// CHECK: static inline deform_status layer_main_device(deform_context *ctx, deform_buffer *in0, deform_buffer *in1, deform_buffer *in2, deform_buffer *out0) {
// CHECK:   return deform_gpu_program_run(ctx, &__deform_5layer_main__program, buffers);

// COM: An application built with the header, the object and the runtime;
// COM: no driver: a plain error. On the emulating driver, see
// COM: deform-compile-cuda-app.mlir.
// RUN: %cxx -std=c++17 -I %t -I %deform_runtime_include -I %deform_src_root/reference/include %S/Inputs/cuda-app.cpp %t/layer.o %deform_runtime_lib %deform_obj_root/reference/libDeformReference.a -ldl -lpthread -o %t/app
// RUN: env DEFORM_CUDA_DRIVER_PATH=%no-cuda-driver not %t/app | FileCheck %s --check-prefix=NODRIVER
// NODRIVER: layer_main: deform_gpu_program_run_host: the default CUDA context: deform_context_create: no CUDA driver was found

// COM: Static shapes only.
// RUN: not deform-compile %S/deform-run-dynamic.mlir --target=cuda -o dyn --output-dir=%t 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: deform-compile: @main argument 0 is a tensor<?x6x?x?xf32>: --target=cuda compiles static shapes only
func.func @main(%x: tensor<1x4x7x7xf32>, %off: tensor<1x18x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %init = tensor.empty() : tensor<1x6x5x5xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x7x7xf32>, tensor<1x18x5x5xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}
