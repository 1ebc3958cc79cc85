func.func @main(%x: tensor<1x4x9x9xf32>, %off: tensor<1x18x9x9xf32>, %w: tensor<8x4x3x3xf32>,
                %m: tensor<1x9x9x9xf32>) -> tensor<1x8x9x9xf32> {
  %init = tensor.empty() : tensor<1x8x9x9xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x9x9xf32>, tensor<1x18x9x9xf32>, tensor<8x4x3x3xf32>)
       mask(%m : tensor<1x9x9x9xf32>) outs(%init : tensor<1x8x9x9xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x8x9x9xf32>
  return %r : tensor<1x8x9x9xf32>
}
