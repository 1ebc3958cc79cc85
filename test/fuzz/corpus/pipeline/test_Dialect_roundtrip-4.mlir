func.func @tf_layer(%x: tensor<32x128x128x3xf32>, %off: tensor<32x126x126x288xf32>,
    %w: tensor<3x3x16x3xf32>, %b: tensor<16xf32>, %init: tensor<32x126x126x16xf32>) -> tensor<32x126x126x16xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<32x128x128x3xf32>, tensor<32x126x126x288xf32>, tensor<3x3x16x3xf32>)
       bias(%b : tensor<16xf32>) outs(%init : tensor<32x126x126x16xf32>) {
         data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>,
         offset_group_axis = #deform.offset_group_axis<output>, offset_groups = 16,
         boundary = #deform.boundary<tf_clamp>, weight_layout = #deform.weight_layout<hwoi>}
       -> tensor<32x126x126x16xf32>
  return %r : tensor<32x126x126x16xf32>
}
