func.func @huge_stride(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x1x1xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x1x1xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x1x1xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x1x1xf32>) {strides = array<i64: 9223372036854775807, 9223372036854775807>} -> tensor<1x4x1x1xf32>
  return
}
