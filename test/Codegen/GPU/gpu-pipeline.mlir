// RUN: deform-opt %s --deform-gpu-pipeline 2>&1 | FileCheck %s
// RUN: deform-opt %s --deform-gpu-pipeline="scalar=1" 2>&1 | FileCheck %s --check-prefix=SCALAR
// COM: No kernel needs libdevice (deform-gpu-native-math): a machine
// COM: without the CUDA toolkit compiles complete PTX.
// RUN: deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline=stop-before-binary=1 | FileCheck %s --check-prefix=NOLIBDEVICE
// RUN: deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline="stop-before-binary=1 scalar=1" | FileCheck %s --check-prefix=NOLIBDEVICE
// NOLIBDEVICE: gpu.module @deform_kernels
// NOLIBDEVICE-NOT: __nv_

// COM: The host function after the pipeline is the launch plan: the
// COM: result became a caller-provided buffer (%arg5), one launch of the
// COM: fused kernel (224 workgroups of 224 threads) with its buffers in
// COM: parameter order, and one binary for every kernel of the module.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:.*]]: memref<8x64x56x56xf32>, %[[OFF:.*]]: memref<8x18x56x56xf32>, %[[W:.*]]: memref<64x64x3x3xf32>, %[[M:.*]]: memref<8x9x56x56xf32>, %[[B:.*]]: memref<64xf32>, %[[OUT:.*]]: memref<8x64x56x56xf32>)
// CHECK-NOT: memref.alloc
// CHECK: gpu.launch_func @deform_kernels::@main_conv2d blocks in (%c224, %c1, %c1) threads in (%c224, %c1, %c1) args(%[[X]] : memref<8x64x56x56xf32>, %[[OFF]] : memref<8x18x56x56xf32>, %[[M]] : memref<8x9x56x56xf32>, %[[OUT]] : memref<8x64x56x56xf32>, %[[W]] : memref<64x64x3x3xf32>, %[[B]] : memref<64xf32>)
// CHECK-NEXT: return
// CHECK: gpu.binary @deform_kernels {{ *}}[#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80"{{.*}}>
// COM: The scalar path: one thread per thread tile (8 channels x 4 pixels).
// SCALAR: gpu.launch_func @deform_kernels::@main_conv2d blocks in (%c224, %c1, %c1) threads in (%c224, %c1, %c1)
func.func @main(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                %m: tensor<8x9x56x56xf32>, %b: tensor<64xf32>) -> tensor<8x64x56x56xf32> {
  %init = tensor.empty() : tensor<8x64x56x56xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       mask(%m : tensor<8x9x56x56xf32>) bias(%b : tensor<64xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
