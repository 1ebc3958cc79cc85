func.func @wrong_operand_count(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>) {
  %r = deform.conv2d ins(%x, %off : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>) outs(%off : tensor<1x18x6x6xf32>) -> tensor<1x18x6x6xf32>
  return
}
