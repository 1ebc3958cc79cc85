func.func @huge_sizes(%x: tensor<4611686018427387904x4x8x8xf32>, %off: tensor<4611686018427387904x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<4611686018427387904x4x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<4611686018427387904x4x8x8xf32>, tensor<4611686018427387904x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<4611686018427387904x4x6x6xf32>) -> tensor<4611686018427387904x4x6x6xf32>
  return
}
