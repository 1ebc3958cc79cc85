// RUN: deform-opt %s -split-input-file -deform-decompose -canonicalize -verify-diagnostics | FileCheck %s

// COM: An untiled conv on buffers: a parallel loop over (batch, pixel
// COM: chunk), here one chunk per image; per chunk, the sampled columns (reduction * K x padded
// COM: pixels = 2*9 x 32) and the accumulator (6 x 32); per chunk of input
// COM: channels, sample_columns then the matmul of the weight tile by the
// COM: columns, both carrying the configuration; then the epilogue.
// CHECK-LABEL: func @conv
// CHECK: %[[W:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : memref<6x4x3x3xf32> into memref<6x36xf32>
// CHECK: scf.parallel (%[[B:.*]]) =
// CHECK:   %[[COLS:.*]] = memref.alloc() : memref<18x32xf32>
// CHECK:   %[[ACC:.*]] = memref.alloc() : memref<6x32xf32>
// CHECK:   linalg.fill ins(%{{.*}} : f32) outs(%[[ACC]] : memref<6x32xf32>)
// CHECK:   scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:     deform.sample_columns ins(%{{.*}}, %{{.*}} : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>) outs(%[[COLS]] : memref<18x32xf32>) at(%[[B]], %[[C]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {deform.config = #deform.cpu_config<{{.*}}>, kernel = array<i64: 3, 3>}
// CHECK:     %[[WT:.*]] = memref.subview %[[W]][0, %{{.*}}] [6, 18] [1, 1]
// CHECK:     linalg.matmul {deform.config = #deform.cpu_config<{{.*}}>} ins(%[[WT]], %[[COLS]] : memref<6x18xf32, strided<[36, 1], offset: ?>>, memref<18x32xf32>) outs(%[[ACC]] : memref<6x32xf32>)
// CHECK:   scf.for
// CHECK:     scf.for
// CHECK:       memref.store %{{.*}}, %{{.*}} : memref<2x6x5x5xf32>
// CHECK:   memref.dealloc %[[COLS]]
// CHECK:   memref.dealloc %[[ACC]]
// CHECK-NOT: deform.conv2d
func.func @conv(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %w: memref<6x4x3x3xf32>,
                %out: memref<2x6x5x5xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>, memref<6x4x3x3xf32>)
    outs(%out : memref<2x6x5x5xf32>) {config = #deform.cpu_config<tile = [1, 6, 5, 4], reduction = 2, vector = 16, register_tile = [4, 2]>}
  return
}

// -----

// COM: A tile inside a parallel loop: serial, at its origin; the HWOI
// COM: weights are packed once, before the loop; output channels come in
// COM: blocks of 2 that share a group (groups = 2).
// CHECK-LABEL: func @tile
// CHECK: %[[PACKED:.*]] = memref.alloc() : memref<4x18xf32>
// CHECK: scf.forall (%[[Y:.*]]) =
// CHECK-NOT: scf.parallel
// CHECK:   memref.alloc() : memref<18x16xf32>
// CHECK:   scf.for %[[OC:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:     deform.sample_columns {{.*}} at(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[Y]], %{{.*}})
// CHECK:     linalg.matmul
// CHECK: memref.dealloc %[[PACKED]]
func.func @tile(%x: memref<1x4x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<3x3x4x2xf32>,
                %out: memref<1x4x5x5xf32>) {
  scf.forall (%y) = (0) to (5) step (2) {
    %h = affine.min affine_map<(d0) -> (-d0 + 5, 2)>(%y)
    %c0 = arith.constant 0 : index
    %o = memref.subview %off[0, 0, %y, 0] [1, 18, %h, 5] [1, 1, 1, 1] : memref<1x18x5x5xf32> to memref<1x18x?x5xf32, strided<[450, 25, 5, 1], offset: ?>>
    %t = memref.subview %out[0, 0, %y, 0] [1, 4, %h, 5] [1, 1, 1, 1] : memref<1x4x5x5xf32> to memref<1x4x?x5xf32, strided<[100, 25, 5, 1], offset: ?>>
    deform.conv2d ins(%x, %o, %w : memref<1x4x7x7xf32>, memref<1x18x?x5xf32, strided<[450, 25, 5, 1], offset: ?>>, memref<3x3x4x2xf32>)
      outs(%t : memref<1x4x?x5xf32, strided<[100, 25, 5, 1], offset: ?>>) origin(%c0, %y, %c0, %c0)
      {groups = 2, weight_layout = #deform.weight_layout<hwoi>,
       config = #deform.cpu_config<tile = [1, 2, 2, 5], reduction = 2, vector = 8, register_tile = [2, 2]>}
  }
  return
}

// -----

// COM: A reduction tile (input channels from %c on) whose origin is not
// COM: known: chunks are cut at offset-group boundaries at run time, and
// COM: the epilogue adds to what the output holds unless %c is 0.
// CHECK-LABEL: func @reduction_tile
// CHECK: scf.while
// CHECK:   deform.sample_columns
// CHECK:   linalg.matmul
// CHECK: arith.cmpi eq, %{{.*}}, %{{.*}} : index
// CHECK: memref.load %{{.*}} : memref<1x6x5x5xf32>
// CHECK: arith.select
func.func @reduction_tile(%x: memref<1x4x7x7xf32>, %off: memref<1x36x5x5xf32>, %w: memref<6x2x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>,
                          %out: memref<1x6x5x5xf32>, %c: index) {
  %c0 = arith.constant 0 : index
  deform.conv2d ins(%x, %off, %w : memref<1x4x7x7xf32>, memref<1x36x5x5xf32>, memref<6x2x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>)
    outs(%out : memref<1x6x5x5xf32>) origin(%c0, %c0, %c0, %c)
    {offset_groups = 2, config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 2, vector = 8, register_tile = [2, 2]>}
  return
}

// -----

func.func @no_config(%x: memref<1x4x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>, %out: memref<1x6x5x5xf32>) {
  // expected-error @+1 {{'deform.conv2d' op has no 'config' attribute: run a configure pass first (deform-configure-cpu), or write one}}
  deform.conv2d ins(%x, %off, %w : memref<1x4x7x7xf32>, memref<1x18x5x5xf32>, memref<6x4x3x3xf32>) outs(%out : memref<1x6x5x5xf32>)
  return
}

// -----

func.func @on_tensors(%x: tensor<1x4x7x7xf32>, %off: tensor<1x18x5x5xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32> {
  // expected-error @+1 {{'deform.conv2d' op is still on tensors; deform-decompose needs buffers (run one-shot-bufferize first)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x7x7xf32>, tensor<1x18x5x5xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}

// -----

func.func @dynamic_channels(%x: memref<1x?x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>, %out: memref<1x6x5x5xf32>) {
  // expected-error @+1 {{'deform.conv2d' op operand 'input' dimension 1 (input channels) is dynamic ('memref<1x?x7x7xf32>'); deform-decompose needs it static}}
  deform.conv2d ins(%x, %off, %w : memref<1x?x7x7xf32>, memref<1x18x5x5xf32>, memref<6x4x3x3xf32>) outs(%out : memref<1x6x5x5xf32>)
  return
}

// -----

// COM: A regular convolution tile (linalg, configured): deform.im2col
// COM: samples its window on the pixel grid, the same matmul contracts it,
// COM: and the epilogue adds to what the output holds (linalg accumulates).
// COM: (One image of one pixel chunk: the parallel loop folds away.)
// CHECK-LABEL: func @regular
// CHECK: %[[W:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : memref<18x4x3x3xf32> into memref<18x36xf32>
// CHECK:   deform.im2col ins(%{{.*}} : memref<1x4x4x10xf32>) outs(%{{.*}} : memref<36x16xf32>) at(%{{.*}}, %{{.*}}, %{{.*}}) extent(%c2, %c8) {deform.config = #deform.cpu_config<{{.*}}>, kernel = array<i64: 3, 3>}
// CHECK:   linalg.matmul {deform.config = #deform.cpu_config<{{.*}}>} ins(%[[W]], %{{.*}} : memref<18x36xf32>, memref<36x16xf32>)
// CHECK:   memref.load %{{.*}} : memref<1x18x2x8xf32>
// CHECK:   arith.addf
// CHECK:   memref.store %{{.*}} : memref<1x18x2x8xf32>
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @regular(%x: memref<1x4x4x10xf32>, %w: memref<18x4x3x3xf32>, %out: memref<1x18x2x8xf32>) {
  linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<tile = [1, 18, 2, 8], reduction = 4, vector = 16, register_tile = [6, 4]>}
    ins(%x, %w : memref<1x4x4x10xf32>, memref<18x4x3x3xf32>) outs(%out : memref<1x18x2x8xf32>)
  return
}

// -----

// COM: NHWC with HWCF weights: packed to [F, C*K] (column ci*K + k) once.
// CHECK-LABEL: func @regular_nhwc
// CHECK: %[[P:.*]] = memref.alloc() : memref<8x27xf32>
// CHECK: memref.load %{{.*}} : memref<3x3x3x8xf32>
// CHECK: deform.im2col ins(%{{.*}} : memref<1x5x6x3xf32>) {{.*}} {data_layout = #deform.layout<nhwc>, deform.config
// CHECK: memref.dealloc %[[P]]
func.func @regular_nhwc(%x: memref<1x5x6x3xf32>, %w: memref<3x3x3x8xf32>, %out: memref<1x3x4x8xf32>) {
  linalg.conv_2d_nhwc_hwcf {deform.config = #deform.cpu_config<tile = [1, 8, 3, 4], reduction = 3, vector = 8, register_tile = [6, 2]>}
    ins(%x, %w : memref<1x5x6x3xf32>, memref<3x3x3x8xf32>) outs(%out : memref<1x3x4x8xf32>)
  return
}
