func.func @missing_config(%x: tensor<1x8x10x10xf32>, %rois: tensor<6x5xf32>, %o: tensor<6x8x2x2xf32>) -> tensor<6x8x2x2xf32> {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%o : tensor<6x8x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<6x8x2x2xf32>
  return %a : tensor<6x8x2x2xf32>
}
