func.func @tile(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x2x3xf32>, %w: tensor<4x2x3x3xf32>,
    %init: tensor<1x2x2x3xf32>, %oc: index, %y: index, %xo: index, %c: index) -> tensor<1x2x2x3xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x2x3xf32>, tensor<4x2x3x3xf32>)
       outs(%init : tensor<1x2x2x3xf32>) origin(%oc, %y, %xo, %c) -> tensor<1x2x2x3xf32>
  return %r : tensor<1x2x2x3xf32>
}
