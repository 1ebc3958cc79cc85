func.func @sample_columns(%x: memref<2x4x7x7xf32>, %off: memref<2x18x5x5xf32>, %cols: memref<18x32xf32>, %b: index, %c: index) {
  %c0 = arith.constant 4 : index
  deform.sample_columns ins(%x, %off : memref<2x4x7x7xf32>, memref<2x18x5x5xf32>) outs(%cols : memref<18x32xf32>)
      at(%b, %c, %c0, %c0, %c0, %c0)
      {kernel = array<i64: 3, 3>, deform.config = #deform.cpu_config<tile = [1, 6, 3, 5], reduction = 2, vector = 0, register_tile = [4, 2]>}
  return
}
