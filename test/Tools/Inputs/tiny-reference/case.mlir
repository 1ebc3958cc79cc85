func.func @main(%x: tensor<4x5x8x3xf32>, %off: tensor<4x2x1x150xf32>, %w: tensor<9x1x5x5xf32>) -> tensor<4x2x1x9xf32> {
  %init = tensor.empty() : tensor<4x2x1x9xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<4x5x8x3xf32>, tensor<4x2x1x150xf32>, tensor<9x1x5x5xf32>) outs(%init : tensor<4x2x1x9xf32>) {config = #deform.cpu_config<tile = [1, 6, 56, 41], reduction = 1, vector = 2, register_tile = [2, 2]>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 2>, pads = array<i64: 0, 1, 1, 0>, groups = 3, offset_groups = 3, data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>, offset_group_axis = #deform.offset_group_axis<input>, boundary = #deform.boundary<tf_clamp>, weight_layout = #deform.weight_layout<oihw>} -> tensor<4x2x1x9xf32>
  return %r : tensor<4x2x1x9xf32>
}
