func.func @main(%feat: tensor<2x256x50x84xf32>, %rois: tensor<512x5xf32>,
                %off: tensor<512x2x7x7xf32>, %m: tensor<512x1x7x7xf32>) -> tensor<512x256x7x7xf32> {
  %init = tensor.empty() : tensor<512x256x7x7xf32>
  %r = deform.roi_pool mmcv ins(%feat, %rois : tensor<2x256x50x84xf32>, tensor<512x5xf32>)
       offset(%off : tensor<512x2x7x7xf32>) mask(%m : tensor<512x1x7x7xf32>)
       outs(%init : tensor<512x256x7x7xf32>)
       {spatial_scale = 0.0625 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64}
       -> tensor<512x256x7x7xf32>
  return %r : tensor<512x256x7x7xf32>
}
