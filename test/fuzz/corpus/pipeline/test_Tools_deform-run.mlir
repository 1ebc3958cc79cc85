func.func @main(%x: tensor<1x1x4x4xf32>, %off: tensor<1x2x4x4xf32>, %w: tensor<1x1x1x1xf32>, %b: tensor<1xf32>) -> tensor<1x1x4x4xf32> {
  %init = tensor.empty() : tensor<1x1x4x4xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x1x1x1xf32>)
       bias(%b : tensor<1xf32>) outs(%init : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}
