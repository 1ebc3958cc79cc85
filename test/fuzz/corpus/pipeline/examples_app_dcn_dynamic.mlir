func.func @main(%x: tensor<?x16x?x?xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<16x16x3x3xf32>,
                %m: tensor<?x9x?x?xf32>, %b: tensor<16xf32>) -> tensor<?x16x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %h = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %h, %wo) : tensor<?x16x?x?xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<?x16x?x?xf32>, tensor<?x18x?x?xf32>, tensor<16x16x3x3xf32>)
       mask(%m : tensor<?x9x?x?xf32>) bias(%b : tensor<16xf32>) outs(%init : tensor<?x16x?x?xf32>)
       {pads = array<i64: 1, 1, 1, 1>} -> tensor<?x16x?x?xf32>
  return %y : tensor<?x16x?x?xf32>
}
