// RUN: deform-opt %s -split-input-file -deform-tile=level=workgroup -deform-tile=level=thread -canonicalize -one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" -cse -canonicalize -deform-gpu-map-launch -canonicalize | FileCheck %s

// COM: Workgroup loop -> gpu.launch: 5 workgroups of 2 rows (a 1-D grid,
// COM: the loop's indices delinearized from the block id), the configured
// COM: 12 threads, kernel named after the function and the op. Thread loop
// COM: -> each thread's (output channels, row, columns) from its id over the
// COM: 2 x 2 x 3 thread tiles, guarded by the partial tile's extent.
// CHECK: module attributes {deform.kernel_registers = {conv_conv2d = 64 : i64}}
// CHECK-LABEL: func @conv
// CHECK: gpu.launch blocks(%[[B:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c5, %{{.*}} = %c1, %{{.*}} = %c1) threads(%[[T:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %c12, %{{.*}} = %c1, %{{.*}} = %c1) module(@deform_kernels) function(@conv_conv2d)
// CHECK:   %[[BI:.*]] = arith.remui %[[B]], %c5
// CHECK:   %[[Y0:.*]] = arith.muli %[[BI]], %c2
// CHECK:   memref.subview %{{.*}}[0, 0, %[[Y0]], 0] [1, 18, 2, 10]
// CHECK:   %[[TX:.*]] = arith.remui %[[T]], %c3
// CHECK:   %[[INSIDE:.*]] = arith.cmpi ult, %[[T]], %c12
// CHECK:   scf.if %{{.*}} {
// CHECK:     %[[W:.*]] = affine.min
// CHECK:     deform.conv2d {{.*}} outs(%{{.*}} : memref<1x4x1x?xf32, {{.*}}>) origin(
// CHECK:   }
// CHECK:   gpu.terminator
func.func @conv(%x: tensor<1x4x12x12xf32>, %off: tensor<1x18x10x10xf32>, %w: tensor<8x4x3x3xf32>,
                %init: tensor<1x8x10x10xf32>) -> tensor<1x8x10x10xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x12x12xf32>, tensor<1x18x10x10xf32>, tensor<8x4x3x3xf32>)
       outs(%init : tensor<1x8x10x10xf32>)
       {config = #deform.gpu_config<tile = [1, 8, 2, 12], thread_tile = [1, 4, 1, 4], reduction = 2, workgroup = [12, 1, 1], staging = columns_weights, registers = 64>} -> tensor<1x8x10x10xf32>
  return %r : tensor<1x8x10x10xf32>
}
