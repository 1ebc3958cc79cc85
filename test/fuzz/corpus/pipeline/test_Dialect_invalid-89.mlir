func.func @columns_mask_channels(%x: memref<1x4x8x8xf32>, %off: memref<1x6x6x36xf32>, %m: memref<1x6x6x9xf32>, %cols: memref<18x16xf32>, %i: index) {
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x6x6x36xf32>) mask(%m : memref<1x6x6x9xf32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i)
      {kernel = array<i64: 3, 3>, offset_groups = 2, offset_layout = #deform.offset_layout<interleaved>}
  return
}
