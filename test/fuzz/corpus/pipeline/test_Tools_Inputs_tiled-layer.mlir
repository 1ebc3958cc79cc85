func.func @main(%x: tensor<2x8x30x30xf32>, %off: tensor<2x18x28x28xf32>, %w: tensor<8x8x3x3xf32>) -> tensor<2x8x28x28xf32> {
  %init = tensor.empty() : tensor<2x8x28x28xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x8x30x30xf32>, tensor<2x18x28x28xf32>, tensor<8x8x3x3xf32>)
       outs(%init : tensor<2x8x28x28xf32>) -> tensor<2x8x28x28xf32>
  return %r : tensor<2x8x28x28xf32>
}
