func.func @roi_scale_zero(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>) {
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.0 : f64} -> tensor<3x8x2x2xf32>
  return
}
