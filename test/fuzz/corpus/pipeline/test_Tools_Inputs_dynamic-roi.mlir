func.func @main(%feat: tensor<?x8x?x?xf32>, %rois: tensor<?x5xf32>, %off: tensor<?x2x3x3xf32>,
                %m: tensor<?x1x3x3xf32>) -> tensor<?x8x3x3xf32> {
  %c0 = arith.constant 0 : index
  %r = tensor.dim %rois, %c0 : tensor<?x5xf32>
  %init = tensor.empty(%r) : tensor<?x8x3x3xf32>
  %y = deform.roi_pool mmcv ins(%feat, %rois : tensor<?x8x?x?xf32>, tensor<?x5xf32>)
       offset(%off : tensor<?x2x3x3xf32>) mask(%m : tensor<?x1x3x3xf32>) outs(%init : tensor<?x8x3x3xf32>)
       {spatial_scale = 0.25 : f64, sampling_ratio = 2} -> tensor<?x8x3x3xf32>
  return %y : tensor<?x8x3x3xf32>
}
