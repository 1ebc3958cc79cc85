func.func @dynamic_image(%x: memref<?x4x?x?xf32>, %off: memref<?x18x?x?xf32>, %w: memref<6x4x3x3xf32>,
                         %out: memref<?x6x?x?xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<?x4x?x?xf32>, memref<?x18x?x?xf32>, memref<6x4x3x3xf32>)
    outs(%out : memref<?x6x?x?xf32>)
  return
}
