// RUN: deform-opt %s -split-input-file -deform-cpu-lower -canonicalize -verify-diagnostics | FileCheck %s

// COM: Column sampling, 16 pixels per vector (the configuration's vector):
// COM: per tap, the offsets are gathered (i32 lanes: one batch of the
// COM: offsets spans less than 2^31 elements), clipped in f32 before the
// COM: floor is converted, split into exact i32 rows/columns plus
// COM: fractions, checked against the image in integers, and the corners'
// COM: i32 offsets stored. The image's columns are contiguous, so each
// COM: corner row is one pair: the pair's start, which of its two elements
// COM: each corner reads and their summed weights are stored; then per
// COM: pass over two channels every lane reads its pair starts once and
// COM: loads, per channel, its top and bottom pair (2 x 16 loads of
// COM: vector<2xf32>), split into left and right elements by shuffles;
// COM: both channels' loads come before their stores. The fifth channel
// COM: takes a pass of its own.
// CHECK-LABEL: func @sample_columns
// CHECK: scf.for %[[K:.*]] = %c0 to %c9 step %c1 {
// CHECK-NOT: scf.if
// CHECK:   vector.gather {{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:   arith.cmpf ord, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK:   arith.cmpf olt, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK:   math.floor %{{.*}} : vector<16xf32>
// CHECK:   arith.fptosi %{{.*}} : vector<16xf32> to vector<16xi32>
// CHECK:   arith.cmpi slt, %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK:   vector.store %{{.*}} : memref<4x32xi32>, vector<16xi32>
// CHECK:   scf.for %[[C:.*]] = %c0 to %c4 step %c2 {
// CHECK:     scf.for %[[Q:.*]] = %c0 to %c32 step %c16 {
// CHECK-NOT: vector.gather
// CHECK-COUNT-32: memref.load %{{.*}} : memref<4x32xi32>
// CHECK-NOT: memref<4x32xi32>
// CHECK-COUNT-32: vector.load %{{.*}} : memref<784xf32, strided<[1]>>, vector<2xf32>
// CHECK:       vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30] : vector<32xf32>, vector<32xf32>
// CHECK:       vector.shuffle %{{.*}}, %{{.*}} [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31] : vector<32xf32>, vector<32xf32>
// CHECK-NOT: memref<4x32xi32>
// CHECK-COUNT-32: vector.load %{{.*}} : memref<784xf32, strided<[1]>>, vector<2xf32>
// CHECK-NOT: memref<4x32xi32>
// CHECK:       vector.store %{{.*}}, %{{.*}} : memref<45x32xf32>, vector<16xf32>
// CHECK-NEXT:  arith.addi
// CHECK-NEXT:  arith.muli
// CHECK-NEXT:  arith.addi
// CHECK-NEXT:  vector.store %{{.*}}, %{{.*}} : memref<45x32xf32>, vector<16xf32>
// CHECK:   scf.for %[[Q2:.*]] = %c0 to %c32 step %c16 {
// CHECK-COUNT-32: vector.load %{{.*}} : memref<784xf32, strided<[1]>>, vector<2xf32>
// CHECK:     vector.store %{{.*}}, %{{.*}} : memref<45x32xf32>, vector<16xf32>
// CHECK-NOT: deform.sample_columns
func.func @sample_columns(%x: memref<2x8x7x7xf32>, %off: memref<2x18x5x5xf32>, %cols: memref<45x32xf32>, %b: index, %c: index) {
  %c0 = arith.constant 0 : index
  deform.sample_columns ins(%x, %off : memref<2x8x7x7xf32>, memref<2x18x5x5xf32>) outs(%cols : memref<45x32xf32>)
      at(%b, %c, %c0, %c0, %c0, %c0)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 5, vector = 16, register_tile = [4, 2]>}
  return
}

// -----

// COM: Tile rows of 20 pixels: a vector of 16 pixels that is one run of a
// COM: row (here the first of each row's tap) reads its offsets and mask
// COM: with one vector load each; the others (across two rows, or clamped
// COM: to the last pixel) gather them. Rows shorter than a vector (above)
// COM: have no such branch.
// CHECK-LABEL: func @row_runs
// CHECK: scf.for %[[K:.*]] = %c0 to %c9 step %c1 {
// CHECK:   scf.for %[[Q:.*]] = %c0 to %c48 step %c16 {
// CHECK:     %[[INROW:.*]] = arith.andi
// CHECK:     scf.if %[[INROW]] -> (vector<16xf32>) {
// CHECK:       vector.load %{{.*}} : memref<720xf32, strided<[1]>>, vector<16xf32>
// CHECK:     } else {
// CHECK:       vector.gather
// CHECK:     scf.if %[[INROW]] -> (vector<16xf32>) {
// CHECK:       vector.load %{{.*}} : memref<720xf32, strided<[1]>>, vector<16xf32>
// CHECK:     } else {
// CHECK:       vector.gather
// CHECK:     math.floor
// CHECK:     scf.if %[[INROW]] -> (vector<16xf32>) {
// CHECK:       vector.load %{{.*}} : memref<360xf32, strided<[1]>>, vector<16xf32>
// CHECK:     } else {
// CHECK:       vector.gather
func.func @row_runs(%x: memref<1x8x9x22xf32>, %off: memref<1x18x2x20xf32>, %m: memref<1x9x2x20xf32>, %cols: memref<72x48xf32>, %b: index, %c: index) {
  %c0 = arith.constant 0 : index
  deform.sample_columns ins(%x, %off : memref<1x8x9x22xf32>, memref<1x18x2x20xf32>) mask(%m : memref<1x9x2x20xf32>) outs(%cols : memref<72x48xf32>)
      at(%b, %c, %c0, %c0, %c0, %c0)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 2, 20], reduction = 8, vector = 16, register_tile = [4, 2]>}
  return
}

// -----

// COM: A chunk of up to 4 NCHW channels keeps each pixel vector's corners
// COM: in registers: per tap and pixel vector, the corners, then the two
// COM: pairs of every lane of every channel; nothing goes through the
// COM: corner scratch.
// CHECK-LABEL: func @few_channels
// CHECK-NOT: memref<4x32xi32>
// CHECK: scf.for %[[K:.*]] = %c0 to %c9 step %c1 {
// CHECK:   scf.for %[[Q:.*]] = %c0 to %c32 step %c16 {
// CHECK:     math.floor %{{.*}} : vector<16xf32>
// CHECK:     scf.for %[[C:.*]] = %c0 to %c2 step %c1 {
// CHECK:       vector.extract %{{.*}}[0] : i32 from vector<16xi32>
// CHECK-COUNT-32: vector.load %{{.*}} : memref<392xf32, strided<[1]>>, vector<2xf32>
// CHECK:       vector.store %{{.*}}, %{{.*}} : memref<18x32xf32>, vector<16xf32>
// CHECK-NOT: memref<4x32xi32>
// CHECK-NOT: deform.sample_columns
func.func @few_channels(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %cols: memref<18x32xf32>, %b: index, %c: index) {
  %c0 = arith.constant 0 : index
  deform.sample_columns ins(%x, %off : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>) outs(%cols : memref<18x32xf32>)
      at(%b, %c, %c0, %c0, %c0, %c0)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 2, vector = 16, register_tile = [4, 2]>}
  return
}

// -----

// COM: Columns that are not contiguous (every second one of a wider image):
// COM: a pair would straddle two columns, so every corner is a gather
// COM: (4 per channel; two channels per pass, then the fifth).
// CHECK-LABEL: func @strided_columns
// CHECK:   scf.for %[[C:.*]] = %c0 to %c4 step %c2 {
// CHECK-NOT: vector<2xf32>
// CHECK-COUNT-8: vector.gather {{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:       vector.store %{{.*}}, %{{.*}} : memref<45x32xf32>, vector<16xf32>
// CHECK:       vector.store %{{.*}}, %{{.*}} : memref<45x32xf32>, vector<16xf32>
// CHECK-COUNT-4: vector.gather {{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:     vector.store %{{.*}}, %{{.*}} : memref<45x32xf32>, vector<16xf32>
func.func @strided_columns(%x: memref<2x8x7x7xf32, strided<[784, 98, 14, 2]>>, %off: memref<2x18x5x5xf32>, %cols: memref<45x32xf32>, %b: index, %c: index) {
  %c0 = arith.constant 0 : index
  deform.sample_columns ins(%x, %off : memref<2x8x7x7xf32, strided<[784, 98, 14, 2]>>, memref<2x18x5x5xf32>) outs(%cols : memref<45x32xf32>)
      at(%b, %c, %c0, %c0, %c0, %c0)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 5, vector = 16, register_tile = [4, 2]>}
  return
}

// -----

// COM: The configured matmul: 6 rows = one tile of 4 and a remainder of 2,
// COM: each keeping rows x 2 vectors of 16 accumulators across the depth
// COM: (the one 32-pixel column step and row tile are folded away).
// CHECK-LABEL: func @matmul
// CHECK: scf.for %{{.*}} = %c0 to %c18 step %c1 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK:   vector.broadcast
// CHECK:   vector.fma
// CHECK: scf.for %{{.*}} = %c0 to %c18 step %c1 iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-NOT: linalg.matmul
func.func @matmul(%w: memref<6x18xf32, strided<[36, 1], offset: ?>>, %cols: memref<18x32xf32>, %acc: memref<6x32xf32>) {
  linalg.matmul {deform.config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 2, vector = 16, register_tile = [4, 2]>}
      ins(%w, %cols : memref<6x18xf32, strided<[36, 1], offset: ?>>, memref<18x32xf32>) outs(%acc : memref<6x32xf32>)
  return
}

// -----

// COM: A matmul without the configuration is not ours: left alone.
// CHECK-LABEL: func @plain_matmul
// CHECK: linalg.matmul
func.func @plain_matmul(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// -----

// COM: mmcv RoI pooling outside a tile loop: a parallel loop over rois; each
// COM: sample's corners computed once and gathered for 8 channels at a time
// COM: (the configuration's vector; masked past the last channel), each bin
// COM: scattered to its channels. dcn_psroi: scalar, parallel over (roi,
// COM: channel).
// CHECK-LABEL: func @roi
// CHECK: scf.parallel
// CHECK:   math.ceil
// CHECK:   vector.gather {{.*}} vector<8xindex>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK:   math.fma {{.*}} : vector<8xf64>
// CHECK:   vector.scatter {{.*}} vector<8xindex>, vector<8xi1>, vector<8xf32>
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) =
// CHECK:   memref.store %{{.*}}, %{{.*}} : memref<4x2x2x2xf32>
// CHECK-NOT: deform.roi_pool
func.func @roi(%x: memref<1x3x8x8xf32>, %rois: memref<4x5xf32>, %off: memref<4x2x2x2xf32>, %out: memref<4x3x2x2xf32>,
               %px: memref<1x8x8x8xf32>, %pout: memref<4x2x2x2xf32>) {
  deform.roi_pool mmcv ins(%x, %rois : memref<1x3x8x8xf32>, memref<4x5xf32>) offset(%off : memref<4x2x2x2xf32>)
    outs(%out : memref<4x3x2x2xf32>) {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 64], vector = 8>}
  deform.roi_pool dcn_psroi ins(%px, %rois : memref<1x8x8x8xf32>, memref<4x5xf32>)
    outs(%pout : memref<4x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2,
    config = #deform.cpu_config<tile = [4], vector = 1>}
  return
}

// -----

func.func @not_decomposed(%x: memref<1x4x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>, %out: memref<1x6x5x5xf32>) {
  // expected-error @+1 {{'deform.conv2d' op must be decomposed before the CPU lowering (run deform-decompose, or deform-lower-to-loops for the scalar path)}}
  deform.conv2d ins(%x, %off, %w : memref<1x4x7x7xf32>, memref<1x18x5x5xf32>, memref<6x4x3x3xf32>) outs(%out : memref<1x6x5x5xf32>)
  return
}

// -----

func.func @no_config(%x: memref<1x3x8x8xf32>, %rois: memref<4x5xf32>, %out: memref<4x3x2x2xf32>) {
  // expected-error @+1 {{'deform.roi_pool' op has no CPU configuration (run deform-configure-cpu first)}}
  deform.roi_pool mmcv ins(%x, %rois : memref<1x3x8x8xf32>, memref<4x5xf32>) outs(%out : memref<4x3x2x2xf32>) {spatial_scale = 0.5 : f64}
  return
}

// -----

// COM: A piece's configuration is not verified by the piece: the lowering
// COM: checks the vector it reads (fuzz finding pipeline-6: 0 divided by zero).
func.func @zero_vector(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %cols: memref<18x32xf32>, %i: index) {
  // expected-error @+1 {{'deform.sample_columns' op configuration #deform.cpu_config<tile = [1, 6, 3, 5], reduction = 2, vector = 0, register_tile = [4, 2]> has vector 0, expected a power of two from 1 to 64}}
  deform.sample_columns ins(%x, %off : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>) outs(%cols : memref<18x32xf32>)
      at(%i, %i, %i, %i, %i, %i)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 3, 5], reduction = 2, vector = 0, register_tile = [4, 2]>}
  return
}

// -----

func.func @columns_not_whole_vectors(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %cols: memref<18x20xf32>, %i: index) {
  // expected-error @+1 {{'deform.sample_columns' op operand 'cols' has 'memref<18x20xf32>': its pixels must be a static multiple of the configured vector width 16}}
  deform.sample_columns ins(%x, %off : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>) outs(%cols : memref<18x20xf32>)
      at(%i, %i, %i, %i, %i, %i)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 2, vector = 16, register_tile = [4, 2]>}
  return
}

// -----

func.func @matmul_without_register_tile(%w: memref<6x18xf32>, %cols: memref<18x32xf32>, %acc: memref<6x32xf32>, %x: memref<1x3x8x8xf32>) {
  // expected-error @+1 {{'linalg.matmul' op configuration #deform.cpu_config<tile = [4, 64], vector = 16> has no register_tile; the CPU micro-kernel needs one}}
  linalg.matmul {deform.config = #deform.cpu_config<tile = [4, 64], vector = 16>}
      ins(%w, %cols : memref<6x18xf32>, memref<18x32xf32>) outs(%acc : memref<6x32xf32>)
  return
}

// -----

// COM: The regular im2col: per tap the pixels' input offsets (i32) once,
// COM: then per channel one gather per vector (no masks: without pads every
// COM: read is in the window; rows of 8 pixels hold no run of 16).
// CHECK-LABEL: func @im2col
// CHECK: scf.for %[[K:.*]] = %c0 to %c9 step %c1 {
// CHECK:   arith.muli %{{.*}} : vector<16xi32>
// CHECK:   vector.store %{{.*}} : memref<16xi32>, vector<16xi32>
// CHECK:   scf.for %[[C:.*]] = %c0 to %c4 step %c1 {
// CHECK-NOT: scf.if
// CHECK:     vector.gather {{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK:     vector.store %{{.*}} : memref<36x16xf32>, vector<16xf32>
// CHECK-NOT: deform.im2col
func.func @im2col(%x: memref<1x4x4x10xf32>, %cols: memref<36x16xf32>, %b: index, %p: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  deform.im2col ins(%x : memref<1x4x4x10xf32>) outs(%cols : memref<36x16xf32>) at(%b, %c0, %p) extent(%c2, %c8)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 18, 2, 8], reduction = 4, vector = 16, register_tile = [6, 4]>}
  return
}

// -----

// COM: Tile rows of 22 pixels, pads of 1: per tap, whether each vector is
// COM: one run of a row with its tap inside the image (a reduction of the
// COM: in-image lanes), stored per vector; then such a vector reads its
// COM: channel's pixels with one vector load, the others gather.
// CHECK-LABEL: func @im2col_runs
// CHECK: scf.for %[[K:.*]] = %c0 to %c9 step %c1 {
// CHECK:   scf.for %[[Q:.*]] = %c0 to %c32 step %c16 {
// CHECK:     vector.reduction <and>, %{{.*}} : vector<16xi1> into i1
// CHECK:     memref.store %{{.*}} : memref<2xi8>
// CHECK:   scf.for %[[C:.*]] = %c0 to %c4 step %c1 {
// CHECK:     scf.for %[[Q2:.*]] = %c0 to %c32 step %c16 {
// CHECK:       memref.load %{{.*}} : memref<2xi8>
// CHECK:       scf.if %{{.*}} -> (vector<16xf32>) {
// CHECK:         vector.load %{{.*}} : memref<440xf32, strided<[1]>>, vector<16xf32>
// CHECK:       } else {
// CHECK:         vector.gather
// CHECK:       vector.store %{{.*}} : memref<36x32xf32>, vector<16xf32>
func.func @im2col_runs(%x: memref<1x4x5x22xf32>, %cols: memref<36x32xf32>, %b: index, %p: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c22 = arith.constant 22 : index
  deform.im2col ins(%x : memref<1x4x5x22xf32>) outs(%cols : memref<36x32xf32>) at(%b, %c0, %p) extent(%c1, %c22)
      {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, deform.config = #deform.cpu_config<tile = [1, 18, 1, 22], reduction = 4, vector = 16, register_tile = [6, 4]>}
  return
}
