func.func @columns_element_type(%x: memref<1x4x8x8xf16>, %off: memref<1x18x6x6xf16>, %cols: memref<18x16xf16>, %i: index) {
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf16>, memref<1x18x6x6xf16>) outs(%cols : memref<18x16xf16>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}
