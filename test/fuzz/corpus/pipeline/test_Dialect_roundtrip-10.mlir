func.func @dcn_psroi(%x: tensor<1x1029x38x63xf32>, %rois: tensor<300x5xf32>, %t: tensor<300x2x7x7xf32>,
    %init: tensor<300x21x7x7xf32>, %cnt: tensor<300x21x7x7xf32>) -> (tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>) {
  %r:2 = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x1029x38x63xf32>, tensor<300x5xf32>)
       offset(%t : tensor<300x2x7x7xf32>) outs(%init, %cnt : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>)
       {spatial_scale = 0.0625 : f64, group_size = 7, part_size = 7, sample_per_part = 4, trans_std = 0.1 : f64}
       -> tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
  return %r#0, %r#1 : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
}
