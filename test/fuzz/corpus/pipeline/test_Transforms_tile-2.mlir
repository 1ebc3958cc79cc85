func.func @rois(%x: tensor<1x8x10x10xf32>, %rois: tensor<6x5xf32>, %o: tensor<6x8x2x2xf32>, %p: tensor<6x2x2x2xf32>, %n: tensor<6x2x2x2xf32>)
    -> (tensor<6x8x2x2xf32>, tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%o : tensor<6x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 4], vector = 4>} -> tensor<6x8x2x2xf32>
  %b:2 = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%p, %n : tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2, config = #deform.cpu_config<tile = [4], vector = 1>}
       -> tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>
  return %a, %b#0, %b#1 : tensor<6x8x2x2xf32>, tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>
}
