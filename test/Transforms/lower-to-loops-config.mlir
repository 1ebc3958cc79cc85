// RUN: deform-opt %s -deform-lower-to-loops -verify-diagnostics
// The fast lowering reads its tile configuration from the op and says so
// when it is missing (the scalar path needs none).

func.func @no_config(%x: memref<1x4x7x7xf32>, %off: memref<1x18x5x5xf32>, %w: memref<6x4x3x3xf32>, %out: memref<1x6x5x5xf32>) {
  // expected-error @+1 {{'deform.conv2d' op needs attribute 'deform.tile_sizes' = array<i64: batch, rows, columns, channels>, each >= 1 (run deform-select-tile-sizes first)}}
  deform.conv2d ins(%x, %off, %w : memref<1x4x7x7xf32>, memref<1x18x5x5xf32>, memref<6x4x3x3xf32>) outs(%out : memref<1x6x5x5xf32>)
  return
}

