func.func @conv(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %w: memref<6x4x3x3xf32>,
                %out: memref<2x6x5x5xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>, memref<6x4x3x3xf32>)
    outs(%out : memref<2x6x5x5xf32>) {config = #deform.cpu_config<tile = [1, 6, 5, 4], reduction = 2, vector = 16, register_tile = [4, 2]>}
  return
}
