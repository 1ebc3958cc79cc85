func.func @main(%x: tensor<2x8x12x12xf32>, %off: tensor<2x18x12x12xf32>,
                %w: tensor<6x8x3x3xf32>, %m: tensor<2x9x12x12xf32>,
                %b: tensor<6xf32>) -> tensor<2x6x12x12xf32> {
  %init = tensor.empty() : tensor<2x6x12x12xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<2x8x12x12xf32>, tensor<2x18x12x12xf32>, tensor<6x8x3x3xf32>)
       mask(%m : tensor<2x9x12x12xf32>) bias(%b : tensor<6xf32>)
       outs(%init : tensor<2x6x12x12xf32>) {pads = array<i64: 1, 1, 1, 1>}
       -> tensor<2x6x12x12xf32>
  return %y : tensor<2x6x12x12xf32>
}
