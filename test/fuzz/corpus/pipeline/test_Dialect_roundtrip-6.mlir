func.func @dynamic(%x: tensor<?x8x?x?xf32>, %off: tensor<?x18x?x?xf32>,
    %w: tensor<8x8x3x3xf32>, %init: tensor<?x8x?x?xf32>) -> tensor<?x8x?x?xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x8x?x?xf32>, tensor<?x18x?x?xf32>, tensor<8x8x3x3xf32>)
       outs(%init : tensor<?x8x?x?xf32>) -> tensor<?x8x?x?xf32>
  return %r : tensor<?x8x?x?xf32>
}
