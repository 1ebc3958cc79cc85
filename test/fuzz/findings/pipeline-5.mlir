func.func @matmul(%w: memref<6x18xf32, strided<[36, 1], offset: ?>>, %cols: memref<18x32xf32>, %acc: memref<6x32xf32>) {
  linalg.matmul {deform.config = #deform.cpu_config<tile = [1, 6, 5, 3], reduction = 2, vector = 16, register_tile = [-9223372036854775808, 2]>}
      ins(%w, %cols : memref<6x18xf32, strided<[36, 1], offset: ?>>, memref<18x32xf32>) outs(%acc : memref<6x32xf32>)
  return
}
