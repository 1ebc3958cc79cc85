// RUN: deform-opt %s -split-input-file -deform-lower-to-loops -canonicalize -verify-diagnostics | FileCheck %s

// COM: The scalar implementation: loops over (batch, output channel, row,
// COM: column, input channel), then over the taps one sum of four corner
// COM: loads; each offset clipped (NaN and huge values compared first)
// COM: before its floor is converted, coordinates split into exact integers
// COM: plus fractions;
// COM: the first input channel (0) overwrites the output, the others add.
// CHECK-LABEL: func @conv
// CHECK: scf.for %{{.*}} = %c0 to %c2
// CHECK:   scf.for %{{.*}} = %c0 to %c6
// CHECK:     scf.for %{{.*}} = %c0 to %c5
// CHECK:       scf.for %{{.*}} = %c0 to %c5
// CHECK:         scf.for %[[CI:.*]] = %c0 to %c4
// CHECK:           scf.for %{{.*}} = %c0 to %c9 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (f32)
// CHECK:             arith.cmpf ord, %{{.*}}, %{{.*}} : f32
// CHECK:             arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:             math.floor %{{.*}} : f32
// CHECK:             arith.fptosi %{{.*}} : f32 to i64
// CHECK-COUNT-4:     memref.load %{{.*}} : memref<392xf32, strided<[1]>>
// CHECK:             math.fma
// CHECK:           arith.cmpi eq, %[[CI]], %c0 : index
// CHECK:           arith.select
// CHECK:           memref.store %{{.*}}, %{{.*}} : memref<2x6x5x5xf32>
// CHECK-NOT: deform.conv2d
func.func @conv(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %w: memref<6x4x3x3xf32>,
                %out: memref<2x6x5x5xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>, memref<6x4x3x3xf32>)
    outs(%out : memref<2x6x5x5xf32>)
  return
}

// -----

// COM: Dynamic image sizes are fine: they are read from the operands.
// CHECK-LABEL: func @dynamic_image
// CHECK: memref.dim %{{.*}}, %c2 : memref<?x4x?x?xf32>
// CHECK: memref.store %{{.*}}, %{{.*}} : memref<?x6x?x?xf32>
func.func @dynamic_image(%x: memref<?x4x?x?xf32>, %off: memref<?x18x?x?xf32>, %w: memref<6x4x3x3xf32>,
                         %out: memref<?x6x?x?xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<?x4x?x?xf32>, memref<?x18x?x?xf32>, memref<6x4x3x3xf32>)
    outs(%out : memref<?x6x?x?xf32>)
  return
}

// -----

// COM: mmcv RoI pooling, (roi, channel) at a time: the adaptive grid count
// COM: is guarded in float before its conversion; dcn_psroi, one roi at a
// COM: time, all channels, with the sample count.
// CHECK-LABEL: func @roi
// CHECK: scf.for
// CHECK:   scf.for
// CHECK:     math.ceil
// CHECK:     arith.cmpf oge
// CHECK:     arith.fptosi
// CHECK:     memref.store %{{.*}}, %{{.*}} : memref<4x3x2x2xf32>
// CHECK: scf.for
// CHECK:   math.round
// CHECK:   memref.store %{{.*}}, %{{.*}} : memref<4x2x2x2xf32>
// CHECK:   memref.store %{{.*}}, %{{.*}} : memref<4x2x2x2xf32>
// CHECK-NOT: deform.roi_pool
func.func @roi(%x: memref<1x3x8x8xf32>, %rois: memref<4x5xf32>, %off: memref<4x2x2x2xf32>, %out: memref<4x3x2x2xf32>,
               %px: memref<1x8x8x8xf32>, %pout: memref<4x2x2x2xf32>, %count: memref<4x2x2x2xf32>) {
  deform.roi_pool mmcv ins(%x, %rois : memref<1x3x8x8xf32>, memref<4x5xf32>) offset(%off : memref<4x2x2x2xf32>)
    outs(%out : memref<4x3x2x2xf32>) {spatial_scale = 0.5 : f64}
  deform.roi_pool dcn_psroi ins(%px, %rois : memref<1x8x8x8xf32>, memref<4x5xf32>)
    outs(%pout, %count : memref<4x2x2x2xf32>, memref<4x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2}
  return
}

// -----

func.func @on_tensors(%x: tensor<1x4x7x7xf32>, %off: tensor<1x18x5x5xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32> {
  // expected-error @+1 {{'deform.conv2d' op is still on tensors; deform-lower-to-loops needs buffers (run one-shot-bufferize first)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x7x7xf32>, tensor<1x18x5x5xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}

// -----

func.func @dynamic_channels(%x: memref<1x?x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>, %out: memref<1x6x5x5xf32>) {
  // expected-error @+1 {{'deform.conv2d' op operand 'input' dimension 1 is dynamic ('memref<1x?x7x7xf32>'); the input channels must be static}}
  deform.conv2d ins(%x, %off, %w : memref<1x?x7x7xf32>, memref<1x18x5x5xf32>, memref<6x4x3x3xf32>) outs(%out : memref<1x6x5x5xf32>)
  return
}
