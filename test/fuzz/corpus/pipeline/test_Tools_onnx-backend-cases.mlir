func.func @with_padding(%x: tensor<1x1x3x3xf32>, %off: tensor<1x8x4x4xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %init = tensor.empty() : tensor<1x1x4x4xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x3x3xf32>, tensor<1x8x4x4xf32>, tensor<1x1x2x2xf32>)
       outs(%init : tensor<1x1x4x4xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}

func.func @without_padding(%x: tensor<1x1x3x3xf32>, %off: tensor<1x8x2x2xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %init = tensor.empty() : tensor<1x1x2x2xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x3x3xf32>, tensor<1x8x2x2xf32>, tensor<1x1x2x2xf32>)
       outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %r : tensor<1x1x2x2xf32>
}

func.func @with_mask_bias(%x: tensor<1x1x3x3xf32>, %off: tensor<1x8x2x2xf32>, %w: tensor<1x1x2x2xf32>,
                          %m: tensor<1x4x2x2xf32>, %b: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %init = tensor.empty() : tensor<1x1x2x2xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x3x3xf32>, tensor<1x8x2x2xf32>, tensor<1x1x2x2xf32>)
       mask(%m : tensor<1x4x2x2xf32>) bias(%b : tensor<1xf32>) outs(%init : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %r : tensor<1x1x2x2xf32>
}

func.func @multiple_offset_groups(%x: tensor<1x2x3x3xf32>, %off: tensor<1x16x2x2xf32>, %w: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %init = tensor.empty() : tensor<1x1x2x2xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x3x3xf32>, tensor<1x16x2x2xf32>, tensor<1x2x2x2xf32>)
       outs(%init : tensor<1x1x2x2xf32>) {offset_groups = 2} -> tensor<1x1x2x2xf32>
  return %r : tensor<1x1x2x2xf32>
}
