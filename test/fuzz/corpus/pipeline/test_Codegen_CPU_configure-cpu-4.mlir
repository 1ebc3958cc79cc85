module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @rois(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>, %p: tensor<3x2x2x2xf32>)
    -> (tensor<3x8x2x2xf32>, tensor<3x2x2x2xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  %b = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%p : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return %a, %b : tensor<3x8x2x2xf32>, tensor<3x2x2x2xf32>
}
}
