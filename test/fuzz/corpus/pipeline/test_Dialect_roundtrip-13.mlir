module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "+avx2,+fma", vector_bits = 256, vector_registers = 16>} {
func.func @configured(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>,
                      %f: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>)
    -> (tensor<1x4x6x6xf32>, tensor<3x8x2x2xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>)
       {config = #deform.cpu_config<tile = [1, 4, 2, 6], reduction = 2, vector = 8, register_tile = [6, 2]>} -> tensor<1x4x6x6xf32>
  %p = deform.roi_pool mmcv ins(%f, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 64], vector = 16>} -> tensor<3x8x2x2xf32>
  return %r, %p : tensor<1x4x6x6xf32>, tensor<3x8x2x2xf32>
}
}
