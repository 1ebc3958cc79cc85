func.func @mmcv_no_offset(%x: tensor<1x3x8x8xf32>, %rois: tensor<4x5xf32>, %init: tensor<4x3x2x3xf32>) -> tensor<4x3x2x3xf32> {
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x3x8x8xf32>, tensor<4x5xf32>)
       outs(%init : tensor<4x3x2x3xf32>) {spatial_scale = 0.5 : f64} -> tensor<4x3x2x3xf32>
  return %r : tensor<4x3x2x3xf32>
}
