func.func @dcn_psroi_no_trans(%x: memref<2x8x10x10xf32>, %rois: memref<3x5xf32>, %out: memref<3x2x2x2xf32>) {
  deform.roi_pool dcn_psroi ins(%x, %rois : memref<2x8x10x10xf32>, memref<3x5xf32>)
    outs(%out : memref<3x2x2x2xf32>)
    {spatial_scale = 1.0 : f64, group_size = 2, part_size = 2, sample_per_part = 2}
  return
}
