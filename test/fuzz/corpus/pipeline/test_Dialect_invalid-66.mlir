func.func @config_vector(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 12, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}
