func.func @roi_f128(%x: tensor<1x8x10x10xf128>, %rois: tensor<3x5xf128>, %o: tensor<3x8x2x2xf128>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf128>, tensor<3x5xf128>) outs(%o : tensor<3x8x2x2xf128>)
       {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf128>
  return
}
