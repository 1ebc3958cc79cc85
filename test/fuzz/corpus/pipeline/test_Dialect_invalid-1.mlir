func.func @memref_with_result(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf32>, %w: memref<4x4x3x3xf32>, %init: memref<1x4x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : memref<1x4x8x8xf32>, memref<1x18x6x6xf32>, memref<4x4x3x3xf32>) outs(%init : memref<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}
