func.func @main(%x: tensor<?x6x?x?xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x6x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant -2 : index
  %c3 = arith.constant 6 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %h = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %h, %wo) : tensor<?x4x?x?xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x6x?x?xf32>, tensor<?x18x?x?xf32>, tensor<4x6x3x3xf32>)
       outs(%init : tensor<?x4x?x?xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<?x4x?x?xf32>
  return %r : tensor<?x4x?x?xf32>
}
