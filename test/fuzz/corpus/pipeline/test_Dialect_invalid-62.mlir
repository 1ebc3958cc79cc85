func.func @tile_too_large(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x7x3xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x7x3xf32>, %y: index) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x7x3xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x7x3xf32>) origin(%y, %y, %y, %y) -> tensor<1x4x7x3xf32>
  return
}
