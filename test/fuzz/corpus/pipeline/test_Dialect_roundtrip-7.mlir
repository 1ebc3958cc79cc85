func.func @buffers(%x: memref<1x2x4x4xf32>, %off: memref<1x8x3x3xf32>, %w: memref<2x2x2x2xf32>,
    %m: memref<1x4x3x3xf32>, %out: memref<1x2x3x3xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<1x2x4x4xf32>, memref<1x8x3x3xf32>, memref<2x2x2x2xf32>)
    mask(%m : memref<1x4x3x3xf32>) outs(%out : memref<1x2x3x3xf32>)
  return
}
