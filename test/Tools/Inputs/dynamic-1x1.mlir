// A 1x1 deformable conv with dynamic image sizes (one channel in and out).
func.func @main(%x: tensor<1x1x?x?xf32>, %off: tensor<1x2x?x?xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x?x?xf32> {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %h = tensor.dim %x, %c2 : tensor<1x1x?x?xf32>
  %w_ = tensor.dim %x, %c3 : tensor<1x1x?x?xf32>
  %init = tensor.empty(%h, %w_) : tensor<1x1x?x?xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x?x?xf32>, tensor<1x2x?x?xf32>, tensor<1x1x1x1xf32>)
       outs(%init : tensor<1x1x?x?xf32>) -> tensor<1x1x?x?xf32>
  return %r : tensor<1x1x?x?xf32>
}
