module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @user_config(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                       %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {config = #deform.cpu_config<tile = [2, 16, 5, 7], reduction = 4, vector = 8, register_tile = [3, 2]>,
       pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
}
