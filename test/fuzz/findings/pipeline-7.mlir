func.func @f(%x: memref<1x4x8x8xi32>, %off: memref<1x18x6x6xi32>, %cols: memref<18x16xf32>, %i: index) {
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xi32>, memref<1x18x6x6xi32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}
