// Offsets and masks read as one vector load per pixel vector where the
// vector is a run of one tile row (planar offsets, rows of at least a
// vector), gathered elsewhere: 37-pixel rows give runs, vectors across two
// rows and vectors clamped to the last pixel in every tile. Offsets of
// N(0, 4^2) leave the image; each against the float64 reference, on the
// AVX-512 host (16 lanes) and AVX2 (8 lanes), static and dynamic sizes
// (the run is then decided at run time), a chunk through the corner
// scratch (8 channels) and one in registers (2 channels).
// RUN: deform-run %s --function=mask8 --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=mask8 --cpu=x86-64-v3 --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=groups2 --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=groups2 --cpu=x86-64-v3 --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=dynamic --random-inputs --offset-scale=4 --shape=2x8x9x37 --shape=2x18x9x37 --shape=5x8x3x3 --shape=2x9x9x37 --check | FileCheck %s
// RUN: deform-run %s --function=dynamic --cpu=x86-64-v3 --random-inputs --offset-scale=4 --shape=1x8x6x21 --shape=1x18x6x21 --shape=5x8x3x3 --shape=1x9x6x21 --check | FileCheck %s
// CHECK: check: result 0: relative L2 error {{[0-9.e-]+}} vs the float64 reference {{.*}}: PASS

func.func @mask8(%x: tensor<2x8x9x37xf32>, %off: tensor<2x18x9x37xf32>, %w: tensor<5x8x3x3xf32>, %m: tensor<2x9x9x37xf32>) -> tensor<2x5x9x37xf32> {
  %init = tensor.empty() : tensor<2x5x9x37xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x8x9x37xf32>, tensor<2x18x9x37xf32>, tensor<5x8x3x3xf32>)
       mask(%m : tensor<2x9x9x37xf32>) outs(%init : tensor<2x5x9x37xf32>)
       {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x5x9x37xf32>
  return %r : tensor<2x5x9x37xf32>
}

// Two offset groups of 2 channels each (corners in registers), stride 2.
func.func @groups2(%x: tensor<1x4x19x75xf32>, %off: tensor<1x36x9x37xf32>, %w: tensor<3x4x3x3xf32>, %m: tensor<1x18x9x37xf32>) -> tensor<1x3x9x37xf32> {
  %init = tensor.empty() : tensor<1x3x9x37xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x19x75xf32>, tensor<1x36x9x37xf32>, tensor<3x4x3x3xf32>)
       mask(%m : tensor<1x18x9x37xf32>) outs(%init : tensor<1x3x9x37xf32>)
       {strides = array<i64: 2, 2>, offset_groups = 2} -> tensor<1x3x9x37xf32>
  return %r : tensor<1x3x9x37xf32>
}

func.func @dynamic(%x: tensor<?x8x?x?xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<5x8x3x3xf32>, %m: tensor<?x9x?x?xf32>) -> tensor<?x5x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %h = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wd = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %h, %wd) : tensor<?x5x?x?xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x8x?x?xf32>, tensor<?x18x?x?xf32>, tensor<5x8x3x3xf32>)
       mask(%m : tensor<?x9x?x?xf32>) outs(%init : tensor<?x5x?x?xf32>)
       {pads = array<i64: 1, 1, 1, 1>} -> tensor<?x5x?x?xf32>
  return %r : tensor<?x5x?x?xf32>
}
