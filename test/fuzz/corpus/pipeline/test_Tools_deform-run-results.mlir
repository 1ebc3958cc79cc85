func.func @constant_and_argument(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %c = arith.constant dense<1.0> : tensor<2x2xf32>
  return %c, %x : tensor<2x2xf32>, tensor<2x2xf32>
}

func.func @twice(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>) -> (tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32>) {
  %init = tensor.empty() : tensor<1x6x6x6xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  return %r, %r : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32>
}
