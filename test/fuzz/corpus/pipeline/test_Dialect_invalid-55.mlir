func.func @ps_count_type(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>, %o1: tensor<3x2x2x1xf32>) {
  %r:2 = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0, %o1 : tensor<3x2x2x2xf32>, tensor<3x2x2x1xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>, tensor<3x2x2x1xf32>
  return
}
