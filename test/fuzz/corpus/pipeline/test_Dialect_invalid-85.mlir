func.func @columns_kernel(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf32>, %cols: memref<18x16xf32>, %i: index) {
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x18x6x6xf32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3>}
  return
}
