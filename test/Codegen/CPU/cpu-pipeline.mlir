// RUN: deform-opt %s -deform-cpu-pipeline="target-cpu=x86-64-v3" | FileCheck %s
// RUN: deform-opt %s -deform-cpu-pipeline="target-cpu=x86-64-v4 scalar=1" | FileCheck %s --check-prefix=SCALAR

// COM: From tensors to the LLVM dialect: no deform, tensor, memref or scf op
// COM: is left. The function takes the runtime context first; its tiles run
// COM: through deform_kernel_parallel_for (no OpenMP), the vector code is
// COM: AVX2-wide (8 lanes), and every function is marked for the target CPU.
// CHECK: module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3"
// CHECK-LABEL: llvm.func @main(%{{.*}}: !llvm.ptr,
// CHECK-SAME: target_cpu = "x86-64-v3"
// CHECK: llvm.call @main__tiles0__launch
// CHECK-LABEL: llvm.func internal @main__tiles0(
// CHECK: llvm.intr.masked.gather {{.*}} -> vector<8xf32>
// CHECK: llvm.intr.fma({{.*}}) : (vector<8xf32>, vector<8xf32>, vector<8xf32>) -> vector<8xf32>
// CHECK-LABEL: llvm.func internal @main__tiles0__entry(%{{.*}}: i64, %{{.*}}: i64, %{{.*}}: !llvm.ptr)
// CHECK-LABEL: llvm.func internal @main__tiles0__launch(
// CHECK: llvm.call @deform_kernel_parallel_for
// CHECK: llvm.func @deform_kernel_parallel_for(!llvm.ptr, i64, !llvm.ptr, !llvm.ptr)
// CHECK-NOT: omp.
// CHECK-NOT: deform.conv2d
// CHECK-NOT: scf.
// CHECK-NOT: memref.
// COM: The scalar path: no vectors in the tiles.
// SCALAR-LABEL: llvm.func internal @main__tiles0(
// SCALAR-NOT: vector<
// SCALAR: llvm.intr.fma({{.*}}) : (f32, f32, f32) -> f32
// SCALAR-LABEL: llvm.func internal @main__tiles0__entry
func.func @main(%x: tensor<1x4x9x9xf32>, %off: tensor<1x18x9x9xf32>, %w: tensor<8x4x3x3xf32>,
                %m: tensor<1x9x9x9xf32>) -> tensor<1x8x9x9xf32> {
  %init = tensor.empty() : tensor<1x8x9x9xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x9x9xf32>, tensor<1x18x9x9xf32>, tensor<8x4x3x3xf32>)
       mask(%m : tensor<1x9x9x9xf32>) outs(%init : tensor<1x8x9x9xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x8x9x9xf32>
  return %r : tensor<1x8x9x9xf32>
}
