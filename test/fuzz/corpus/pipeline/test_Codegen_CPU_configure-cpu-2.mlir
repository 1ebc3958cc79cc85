module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @f64_groups(%x: tensor<1x8x8x3xf64>, %off: tensor<1x6x6x72xf64>, %w: tensor<3x3x16x3xf64>,
                      %init: tensor<1x6x6x16xf64>) -> tensor<1x6x6x16xf64> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x3xf64>, tensor<1x6x6x72xf64>, tensor<3x3x16x3xf64>)
       outs(%init : tensor<1x6x6x16xf64>) {data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>,
       offset_group_axis = #deform.offset_group_axis<output>, offset_groups = 4, boundary = #deform.boundary<tf_clamp>,
       weight_layout = #deform.weight_layout<hwoi>} -> tensor<1x6x6x16xf64>
  return %r : tensor<1x6x6x16xf64>
}
}
