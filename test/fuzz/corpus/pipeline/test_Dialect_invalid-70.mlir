func.func @config_dynamic_kernel(%x: tensor<1x8x8x8xf32>, %off: tensor<1x?x6x6xf32>, %w: tensor<6x4x?x3xf32>, %init: tensor<1x6x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x?x6x6xf32>, tensor<6x4x?x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}
