func.func @sample_columns(%x: memref<1x4x8x8xf32>, %off: memref<1x6x6x36xf32>, %m: memref<1x6x6x18xf32>, %cols: memref<18x48xf32>,
                          %b: index, %c: index, %g: index, %p: index, %y: index, %xo: index) {
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x6x6x36xf32>) mask(%m : memref<1x6x6x18xf32>)
      outs(%cols : memref<18x48xf32>) at(%b, %c, %g, %p, %y, %xo)
      {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, offset_groups = 2, boundary = #deform.boundary<dcnv1>,
       offset_layout = #deform.offset_layout<interleaved>}
  return
}
