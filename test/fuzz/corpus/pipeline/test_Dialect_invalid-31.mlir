func.func @offset_overflow(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3037000500x3037000500xf32>, %init: tensor<1x4x?x?xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3037000500x3037000500xf32>) outs(%init : tensor<1x4x?x?xf32>) {pads = array<i64: 4611686018427387903, 4611686018427387903, 0, 0>} -> tensor<1x4x?x?xf32>
  return
}
