func.func @main(%x: tensor<?xf32>) -> tensor<1xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %huge = arith.constant 1000000000000 : index
  %size = arith.muli %n, %huge : index
  %cst = arith.constant 1.0 : f32
  %e = tensor.empty(%size) : tensor<?xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %s = tensor.extract_slice %f[0] [1] [1] : tensor<?xf32> to tensor<1xf32>
  return %s : tensor<1xf32>
}
