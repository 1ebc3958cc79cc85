func.func @groups_output(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<5x2x3x3xf32>, %init: tensor<1x5x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<5x2x3x3xf32>) outs(%init : tensor<1x5x6x6xf32>) {groups = 2 : i64, offset_groups = 1} -> tensor<1x5x6x6xf32>
  return
}
