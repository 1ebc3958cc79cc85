func.func @kernel_zero(%x: tensor<1x4x8x8xf32>, %off: tensor<1x0x9x8xf32>, %w: tensor<4x4x0x1xf32>, %init: tensor<1x4x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x0x9x8xf32>, tensor<4x4x0x1xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}
