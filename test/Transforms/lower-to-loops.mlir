// RUN: deform-opt %s -split-input-file -deform-lower-to-loops -verify-diagnostics | FileCheck %s
// RUN: deform-opt %s -split-input-file -deform-lower-to-loops=scalar -verify-diagnostics | FileCheck %s --check-prefix=SCALAR

// COM: Untiled conv on buffers: a parallel loop over (batch, pixel chunk);
// COM: per chunk, sampled columns (Cc*K x P = 36 x 32) and an accumulator
// COM: (block x P = 6 x 32). Per tap, the bilinear corners of 16 pixels at a
// COM: time (offsets gathered, coordinates in f64, floor compared before the
// COM: conversion); per channel, four masked gathers into the columns; then
// COM: the register-tiled micro-kernel: with 2 vectors of 16 pixels it takes
// COM: 8 output channels at a time, here the 6 there are: 12 accumulators.
// CHECK-LABEL: func @conv
// CHECK: %[[W:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : memref<6x4x3x3xf32> into memref<6x36xf32>
// CHECK: scf.parallel
// CHECK:   %[[COLS:.*]] = memref.alloc() : memref<36x32xf32>
// CHECK:   %[[ACC:.*]] = memref.alloc() : memref<6x32xf32>
// CHECK:   linalg.fill ins(%{{.*}} : f32) outs(%[[ACC]] : memref<6x32xf32>)
// CHECK:   vector.gather {{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<16xindex>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:   math.floor %{{.*}} : vector<16xf64>
// CHECK:   arith.fptosi %{{.*}} : vector<16xf64> to vector<16xi64>
// CHECK:   vector.gather {{.*}} : memref<196xf32, strided<[1], offset: ?>>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:   vector.store %{{.*}}, %[[COLS]]
// CHECK:   scf.for {{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK:     vector.broadcast
// CHECK:     vector.fma
// CHECK:   memref.store %{{.*}}, %{{.*}} : memref<2x6x5x5xf32>
// CHECK:   memref.dealloc %[[COLS]]
// CHECK-NOT: deform.conv2d
// SCALAR-LABEL: func @conv
// SCALAR-NOT: vector.fma
// SCALAR: scf.for
// SCALAR: math.floor
// SCALAR-NOT: deform.conv2d
func.func @conv(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %w: memref<6x4x3x3xf32>,
                %out: memref<2x6x5x5xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>, memref<6x4x3x3xf32>)
    outs(%out : memref<2x6x5x5xf32>) {deform.tile_sizes = array<i64: 1, 4, 5, 4>}
  return
}

// -----

// COM: A tile inside a parallel loop is lowered serially, with its origin.
// CHECK-LABEL: func @tile
// CHECK: scf.forall
// CHECK-NOT: scf.parallel
// CHECK:   arith.addi %{{.*}}, %{{.*}} : index
// CHECK:   vector.fma
func.func @tile(%x: memref<1x4x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>,
                %out: memref<1x6x5x5xf32>) {
  scf.forall (%y) = (0) to (5) step (2) {
    %h = affine.min affine_map<(d0) -> (-d0 + 5, 2)>(%y)
    %c0 = arith.constant 0 : index
    %o = memref.subview %off[0, 0, %y, 0] [1, 18, %h, 5] [1, 1, 1, 1] : memref<1x18x5x5xf32> to memref<1x18x?x5xf32, strided<[450, 25, 5, 1], offset: ?>>
    %t = memref.subview %out[0, 0, %y, 0] [1, 6, %h, 5] [1, 1, 1, 1] : memref<1x6x5x5xf32> to memref<1x6x?x5xf32, strided<[150, 25, 5, 1], offset: ?>>
    deform.conv2d ins(%x, %o, %w : memref<1x4x7x7xf32>, memref<1x18x?x5xf32, strided<[450, 25, 5, 1], offset: ?>>, memref<6x4x3x3xf32>)
      outs(%t : memref<1x6x?x5xf32, strided<[150, 25, 5, 1], offset: ?>>) origin(%y, %c0) {deform.tile_sizes = array<i64: 1, 2, 5, 4>}
  }
  return
}

// -----

// COM: mmcv RoI pooling: a parallel loop over rois, the adaptive grid count
// COM: guarded in float before its conversion; each sample's corners are
// COM: computed once and gathered for 16 channels at a time (masked past the
// COM: last channel), each bin scattered to its 16 channels.
// CHECK-LABEL: func @roi
// CHECK: scf.parallel
// CHECK:   math.ceil
// CHECK:   arith.cmpf oge
// CHECK:   arith.fptosi
// CHECK:   scf.for
// CHECK:     scf.for
// CHECK:       vector.gather {{.*}} vector<16xindex>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:       vector.fma {{.*}} : vector<16xf64>
// CHECK:   vector.scatter {{.*}} vector<16xindex>, vector<16xi1>, vector<16xf32>
// CHECK-NOT: deform.roi_pool
func.func @roi(%x: memref<1x3x8x8xf32>, %rois: memref<4x5xf32>, %off: memref<4x2x2x2xf32>, %out: memref<4x3x2x2xf32>) {
  deform.roi_pool mmcv ins(%x, %rois : memref<1x3x8x8xf32>, memref<4x5xf32>) offset(%off : memref<4x2x2x2xf32>)
    outs(%out : memref<4x3x2x2xf32>) {spatial_scale = 0.5 : f64}
  return
}

// -----

func.func @on_tensors(%x: tensor<1x4x7x7xf32>, %off: tensor<1x18x5x5xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32> {
  // expected-error @+1 {{'deform.conv2d' op is still on tensors; deform-lower-to-loops needs buffers (run one-shot-bufferize first)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x7x7xf32>, tensor<1x18x5x5xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x5x5xf32>) {deform.tile_sizes = array<i64: 1, 4, 5, 4>} -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}

// -----

func.func @dynamic_channels(%x: memref<1x?x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>, %out: memref<1x6x5x5xf32>) {
  // expected-error @+1 {{'deform.conv2d' op has a dynamic channel, kernel, image or pooled size; deform-lower-to-loops needs those static (batch, output rows/columns and rois may be dynamic)}}
  deform.conv2d ins(%x, %off, %w : memref<1x?x7x7xf32>, memref<1x18x5x5xf32>, memref<6x4x3x3xf32>) outs(%out : memref<1x6x5x5xf32>) {deform.tile_sizes = array<i64: 1, 4, 5, 4>}
  return
}
