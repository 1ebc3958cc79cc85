// Layers whose kernels the PTX and ptxas tests check: every fused conv2d
// flavour (element types f32, f16, bf16, f64; layouts, boundary rules, groups, strides and
// dilations) and both RoI pooling variants.
func.func @dcnv2(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                 %m: tensor<8x9x56x56xf32>, %b: tensor<64xf32>) -> tensor<8x64x56x56xf32> {
  %init = tensor.empty() : tensor<8x64x56x56xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       mask(%m : tensor<8x9x56x56xf32>) bias(%b : tensor<64xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
func.func @tf_layer(%x: tensor<2x32x32x3xf32>, %off: tensor<2x30x30x288xf32>, %w: tensor<3x3x16x3xf32>,
                    %b: tensor<16xf32>) -> tensor<2x30x30x16xf32> {
  %init = tensor.empty() : tensor<2x30x30x16xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x32x32x3xf32>, tensor<2x30x30x288xf32>, tensor<3x3x16x3xf32>)
       bias(%b : tensor<16xf32>) outs(%init : tensor<2x30x30x16xf32>) {
         data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>,
         offset_group_axis = #deform.offset_group_axis<output>, offset_groups = 16,
         boundary = #deform.boundary<tf_clamp>, weight_layout = #deform.weight_layout<hwoi>}
       -> tensor<2x30x30x16xf32>
  return %r : tensor<2x30x30x16xf32>
}
func.func @grouped(%x: tensor<2x32x33x33xf32>, %off: tensor<2x36x16x16xf32>, %w: tensor<64x8x3x3xf32>,
                   %m: tensor<2x18x16x16xf32>) -> tensor<2x64x16x16xf32> {
  %init = tensor.empty() : tensor<2x64x16x16xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x32x33x33xf32>, tensor<2x36x16x16xf32>, tensor<64x8x3x3xf32>)
       mask(%m : tensor<2x18x16x16xf32>) outs(%init : tensor<2x64x16x16xf32>)
       {groups = 4, offset_groups = 2, strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>,
        pads = array<i64: 1, 1, 1, 1>, boundary = #deform.boundary<dcnv1>} -> tensor<2x64x16x16xf32>
  return %r : tensor<2x64x16x16xf32>
}
func.func @dcn_f16(%x: tensor<2x32x20x20xf16>, %off: tensor<2x18x20x20xf16>, %w: tensor<32x32x3x3xf16>) -> tensor<2x32x20x20xf16> {
  %init = tensor.empty() : tensor<2x32x20x20xf16>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x32x20x20xf16>, tensor<2x18x20x20xf16>, tensor<32x32x3x3xf16>)
       outs(%init : tensor<2x32x20x20xf16>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x32x20x20xf16>
  return %r : tensor<2x32x20x20xf16>
}
func.func @dcn_bf16(%x: tensor<2x32x20x20xbf16>, %off: tensor<2x18x20x20xbf16>, %w: tensor<32x32x3x3xbf16>) -> tensor<2x32x20x20xbf16> {
  %init = tensor.empty() : tensor<2x32x20x20xbf16>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x32x20x20xbf16>, tensor<2x18x20x20xbf16>, tensor<32x32x3x3xbf16>)
       outs(%init : tensor<2x32x20x20xbf16>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x32x20x20xbf16>
  return %r : tensor<2x32x20x20xbf16>
}
func.func @dcn_f64(%x: tensor<2x16x20x20xf64>, %off: tensor<2x18x20x20xf64>, %w: tensor<16x16x3x3xf64>) -> tensor<2x16x20x20xf64> {
  %init = tensor.empty() : tensor<2x16x20x20xf64>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x16x20x20xf64>, tensor<2x18x20x20xf64>, tensor<16x16x3x3xf64>)
       outs(%init : tensor<2x16x20x20xf64>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x16x20x20xf64>
  return %r : tensor<2x16x20x20xf64>
}
func.func @mmcv(%feat: tensor<2x256x50x84xf32>, %rois: tensor<512x5xf32>, %off: tensor<512x2x7x7xf32>,
                %m: tensor<512x1x7x7xf32>) -> tensor<512x256x7x7xf32> {
  %init = tensor.empty() : tensor<512x256x7x7xf32>
  %r = deform.roi_pool mmcv ins(%feat, %rois : tensor<2x256x50x84xf32>, tensor<512x5xf32>)
       offset(%off : tensor<512x2x7x7xf32>) mask(%m : tensor<512x1x7x7xf32>) outs(%init : tensor<512x256x7x7xf32>)
       {spatial_scale = 0.0625 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64} -> tensor<512x256x7x7xf32>
  return %r : tensor<512x256x7x7xf32>
}
func.func @psroi(%feat: tensor<1x1029x38x63xf32>, %rois: tensor<300x5xf32>, %t: tensor<300x2x7x7xf32>)
    -> (tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>) {
  %o = tensor.empty() : tensor<300x21x7x7xf32>
  %n = tensor.empty() : tensor<300x21x7x7xf32>
  %r:2 = deform.roi_pool dcn_psroi ins(%feat, %rois : tensor<1x1029x38x63xf32>, tensor<300x5xf32>)
       offset(%t : tensor<300x2x7x7xf32>) outs(%o, %n : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>)
       {spatial_scale = 0.0625 : f64, group_size = 7, part_size = 7, sample_per_part = 4, trans_std = 0.1 : f64}
       -> tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
  return %r#0, %r#1 : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
}
