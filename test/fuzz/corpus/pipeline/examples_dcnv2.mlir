func.func @main(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                %m: tensor<8x9x56x56xf32>, %b: tensor<64xf32>) -> tensor<8x64x56x56xf32> {
  %init = tensor.empty() : tensor<8x64x56x56xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       mask(%m : tensor<8x9x56x56xf32>) bias(%b : tensor<64xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>}
       -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
