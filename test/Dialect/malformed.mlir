// Malformed input must give diagnostics and a non-zero exit, never a crash
// or a hang.

// Garbage bytes.
// RUN: printf '\000\377\376garbage\001deform.conv2d {{{' | not deform-opt 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: error:

// Every prefix of the round-trip file and random byte mutations of it.
// RUN: %S/Inputs/no-crash.sh deform-opt %S/roundtrip.mlir 61 | FileCheck %s --check-prefix=NOCRASH
// RUN: %S/Inputs/no-crash.sh deform-opt %S/invalid.mlir 397 | FileCheck %s --check-prefix=NOCRASH
// NOCRASH: no crash

// Wrong attribute kinds and absurd values, with their diagnostics.
// RUN: deform-opt %s -split-input-file -verify-diagnostics

func.func @strides_not_array(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{'deform.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {strides = 2 : i64} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @boundary_as_string(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{'deform.conv2d' op attribute 'boundary' failed to satisfy constraint: how a sample near or outside the image border is read}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {boundary = "zero"} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @missing_spatial_scale(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{requires attribute 'spatial_scale'}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>) {} -> tensor<3x8x2x2xf32>
  return
}

// -----

// COM: 2^62-sized operands verify without overflow or allocation.
func.func @huge_sizes(%x: tensor<4611686018427387904x4x8x8xf32>, %off: tensor<4611686018427387904x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<4611686018427387904x4x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<4611686018427387904x4x8x8xf32>, tensor<4611686018427387904x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<4611686018427387904x4x6x6xf32>) -> tensor<4611686018427387904x4x6x6xf32>
  return
}

// -----

func.func @huge_stride(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x1x1xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x1x1xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x1x1xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x1x1xf32>) {strides = array<i64: 9223372036854775807, 9223372036854775807>} -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @wrong_operand_count(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>) {
  // expected-error @+1 {{expected ','}}
  %r = deform.conv2d ins(%x, %off : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>) outs(%off : tensor<1x18x6x6xf32>) -> tensor<1x18x6x6xf32>
  return
}
