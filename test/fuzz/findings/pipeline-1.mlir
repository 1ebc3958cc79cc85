module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @dynamic_kernel(%x: tensor<1x4x8x8xf32>, %off: tensor<1x?x6x6xf32>, %w: tensor<6x4x?x?xf32>,
                          %init: tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x?x6x6xf32>, tensor<6x4x?x?xf32>)
       outs(%init : tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  return %r : tensor<1x6x6x6xf32>
}
}
