func.func @main(%x: tensor<1x16x32x32xf32>, %w_off: tensor<18x16x3x3xf32>,
                %w: tensor<16x16x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x30x30xf32> {
  %zero = arith.constant 0.0 : f32
  %off_init = tensor.empty() : tensor<1x18x30x30xf32>
  %off_zero = linalg.fill ins(%zero : f32) outs(%off_init : tensor<1x18x30x30xf32>) -> tensor<1x18x30x30xf32>
  %off = linalg.conv_2d_nchw_fchw ins(%x, %w_off : tensor<1x16x32x32xf32>, tensor<18x16x3x3xf32>)
         outs(%off_zero : tensor<1x18x30x30xf32>) -> tensor<1x18x30x30xf32>
  %init = tensor.empty() : tensor<1x16x30x30xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<1x16x32x32xf32>, tensor<1x18x30x30xf32>, tensor<16x16x3x3xf32>)
       bias(%b : tensor<16xf32>) outs(%init : tensor<1x16x30x30xf32>) -> tensor<1x16x30x30xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
          outs(%y : tensor<1x16x30x30xf32>) {
  ^bb0(%v: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x16x30x30xf32>
  return %relu : tensor<1x16x30x30xf32>
}
