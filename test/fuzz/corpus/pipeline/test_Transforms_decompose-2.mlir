func.func @reduction_tile(%x: memref<1x4x7x7xf32>, %off: memref<1x36x5x5xf32>, %w: memref<6x2x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>,
                          %out: memref<1x6x5x5xf32>, %c: index) {
  %c0 = arith.constant 0 : index
  deform.conv2d ins(%x, %off, %w : memref<1x4x7x7xf32>, memref<1x36x5x5xf32>, memref<6x2x3x3xf32, strided<[36, 9, 3, 1], offset: ?>>)
    outs(%out : memref<1x6x5x5xf32>) origin(%c0, %c0, %c0, %c)
    {offset_groups = 2, config = #deform.cpu_config<tile = [1, 6, 5, 5], reduction = 2, vector = 8, register_tile = [2, 2]>}
  return
}
