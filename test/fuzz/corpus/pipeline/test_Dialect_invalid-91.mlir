func.func @f80(%x: tensor<1x4x8x8xf80>, %off: tensor<1x18x6x6xf80>, %w: tensor<4x4x3x3xf80>, %init: tensor<1x4x6x6xf80>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf80>, tensor<1x18x6x6xf80>, tensor<4x4x3x3xf80>) outs(%init : tensor<1x4x6x6xf80>) -> tensor<1x4x6x6xf80>
  return
}
