// RUN: deform-opt %s -deform-cpu-pipeline | FileCheck %s
// RUN: deform-opt %s -deform-cpu-pipeline="threads=3 tile-rows=2 tile-columns=4 tile-channels=2" | FileCheck %s --check-prefix=OPTS

// COM: From tensors to the LLVM dialect: no deform, tensor, memref or scf op
// COM: is left; the tiles run in an OpenMP parallel loop.
// CHECK-LABEL: llvm.func @main
// CHECK: omp.parallel
// CHECK: omp.wsloop
// CHECK: llvm.intr.fmuladd
// CHECK-NOT: deform.
// CHECK-NOT: scf.
// CHECK-NOT: memref.
// OPTS-LABEL: llvm.func @main
// OPTS: %[[N:.*]] = llvm.mlir.constant(3 : i32) : i32
// OPTS: omp.parallel num_threads(%[[N]] : i32)
func.func @main(%x: tensor<1x4x9x9xf32>, %off: tensor<1x18x9x9xf32>, %w: tensor<8x4x3x3xf32>,
                %m: tensor<1x9x9x9xf32>) -> tensor<1x8x9x9xf32> {
  %init = tensor.empty() : tensor<1x8x9x9xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x9x9xf32>, tensor<1x18x9x9xf32>, tensor<8x4x3x3xf32>)
       mask(%m : tensor<1x9x9x9xf32>) outs(%init : tensor<1x8x9x9xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x8x9x9xf32>
  return %r : tensor<1x8x9x9xf32>
}
