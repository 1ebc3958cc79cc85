func.func @roi_zero_channels(%x: tensor<1x0x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x0x2x2xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x0x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x0x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<3x0x2x2xf32>
  return
}
