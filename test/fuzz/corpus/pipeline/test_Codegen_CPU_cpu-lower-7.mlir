func.func @matmul_without_register_tile(%w: memref<6x18xf32>, %cols: memref<18x32xf32>, %acc: memref<6x32xf32>, %x: memref<1x3x8x8xf32>) {
  linalg.matmul {deform.config = #deform.cpu_config<tile = [4, 64], vector = 16>}
      ins(%w, %cols : memref<6x18xf32>, memref<18x32xf32>) outs(%acc : memref<6x32xf32>)
  return
}
