// Whole layers as models write them: a regular convolution computes the
// offsets (and the mask, through a sigmoid), the deformable convolution
// uses them, then bias and ReLU. Used by test/Tools/layers.mlir.

// mmcv DeformConv2dPack: 'same' offset conv (tensor.pad), DCNv1, ReLU.
func.func @dcnv1(%x: tensor<2x8x12x10xf32>, %w_off: tensor<18x8x3x3xf32>,
                 %w: tensor<6x8x3x3xf32>) -> tensor<2x6x12x10xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<2x8x12x10xf32> to tensor<2x8x14x12xf32>
  %off_init = tensor.empty() : tensor<2x18x12x10xf32>
  %off_zero = linalg.fill ins(%zero : f32) outs(%off_init : tensor<2x18x12x10xf32>) -> tensor<2x18x12x10xf32>
  %off = linalg.conv_2d_nchw_fchw ins(%padded, %w_off : tensor<2x8x14x12xf32>, tensor<18x8x3x3xf32>)
         outs(%off_zero : tensor<2x18x12x10xf32>) -> tensor<2x18x12x10xf32>
  %init = tensor.empty() : tensor<2x6x12x10xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<2x8x12x10xf32>, tensor<2x18x12x10xf32>, tensor<6x8x3x3xf32>)
       outs(%init : tensor<2x6x12x10xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x6x12x10xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
          outs(%y : tensor<2x6x12x10xf32>) {
  ^bb0(%v: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x6x12x10xf32>
  return %relu : tensor<2x6x12x10xf32>
}

// The same on rows of 37 pixels: vectors of a tile row whose taps lie in
// the image read the offset conv's input with vector loads (im2col).
func.func @wide(%x: tensor<1x8x9x37xf32>, %w_off: tensor<18x8x3x3xf32>,
                 %w: tensor<6x8x3x3xf32>) -> tensor<1x6x9x37xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x8x9x37xf32> to tensor<1x8x11x39xf32>
  %off_init = tensor.empty() : tensor<1x18x9x37xf32>
  %off_zero = linalg.fill ins(%zero : f32) outs(%off_init : tensor<1x18x9x37xf32>) -> tensor<1x18x9x37xf32>
  %off = linalg.conv_2d_nchw_fchw ins(%padded, %w_off : tensor<1x8x11x39xf32>, tensor<18x8x3x3xf32>)
         outs(%off_zero : tensor<1x18x9x37xf32>) -> tensor<1x18x9x37xf32>
  %init = tensor.empty() : tensor<1x6x9x37xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<1x8x9x37xf32>, tensor<1x18x9x37xf32>, tensor<6x8x3x3xf32>)
       outs(%init : tensor<1x6x9x37xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x6x9x37xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
          outs(%y : tensor<1x6x9x37xf32>) {
  ^bb0(%v: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x6x9x37xf32>
  return %relu : tensor<1x6x9x37xf32>
}

// mmcv ModulatedDeformConv2dPack: one conv gives offsets and mask logits;
// stride 2 on both convolutions; bias.
func.func @modulated(%x: tensor<1x8x13x11xf32>, %w_off: tensor<27x8x3x3xf32>,
                     %w: tensor<5x8x3x3xf32>, %b: tensor<5xf32>) -> tensor<1x5x6x5xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %o_init = tensor.empty() : tensor<1x27x6x5xf32>
  %o_zero = linalg.fill ins(%zero : f32) outs(%o_init : tensor<1x27x6x5xf32>) -> tensor<1x27x6x5xf32>
  %o = linalg.conv_2d_nchw_fchw {strides = dense<2> : tensor<2xi64>}
       ins(%x, %w_off : tensor<1x8x13x11xf32>, tensor<27x8x3x3xf32>)
       outs(%o_zero : tensor<1x27x6x5xf32>) -> tensor<1x27x6x5xf32>
  %off = tensor.extract_slice %o[0, 0, 0, 0] [1, 18, 6, 5] [1, 1, 1, 1] : tensor<1x27x6x5xf32> to tensor<1x18x6x5xf32>
  %logits = tensor.extract_slice %o[0, 18, 0, 0] [1, 9, 6, 5] [1, 1, 1, 1] : tensor<1x27x6x5xf32> to tensor<1x9x6x5xf32>
  %m_init = tensor.empty() : tensor<1x9x6x5xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
       ins(%logits : tensor<1x9x6x5xf32>) outs(%m_init : tensor<1x9x6x5xf32>) {
  ^bb0(%l: f32, %unused: f32):
    %neg = arith.negf %l : f32
    %e = math.exp %neg : f32
    %d = arith.addf %one, %e : f32
    %s = arith.divf %one, %d : f32
    linalg.yield %s : f32
  } -> tensor<1x9x6x5xf32>
  %init = tensor.empty() : tensor<1x5x6x5xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<1x8x13x11xf32>, tensor<1x18x6x5xf32>, tensor<5x8x3x3xf32>)
       mask(%m : tensor<1x9x6x5xf32>) bias(%b : tensor<5xf32>)
       outs(%init : tensor<1x5x6x5xf32>) {strides = array<i64: 2, 2>} -> tensor<1x5x6x5xf32>
  return %y : tensor<1x5x6x5xf32>
}

// The TF layer: NHWC, an offset conv giving interleaved offsets, one offset
// group per output filter, tf_clamp, HWOI weights, bias.
func.func @tf_layer(%x: tensor<2x11x9x3xf32>, %w_off: tensor<3x3x3x72xf32>,
                    %w: tensor<3x3x4x3xf32>, %b: tensor<4xf32>) -> tensor<2x9x7x4xf32> {
  %zero = arith.constant 0.0 : f32
  %o_init = tensor.empty() : tensor<2x9x7x72xf32>
  %o_zero = linalg.fill ins(%zero : f32) outs(%o_init : tensor<2x9x7x72xf32>) -> tensor<2x9x7x72xf32>
  %off = linalg.conv_2d_nhwc_hwcf ins(%x, %w_off : tensor<2x11x9x3xf32>, tensor<3x3x3x72xf32>)
         outs(%o_zero : tensor<2x9x7x72xf32>) -> tensor<2x9x7x72xf32>
  %init = tensor.empty() : tensor<2x9x7x4xf32>
  %y = deform.conv2d ins(%x, %off, %w : tensor<2x11x9x3xf32>, tensor<2x9x7x72xf32>, tensor<3x3x4x3xf32>)
       bias(%b : tensor<4xf32>) outs(%init : tensor<2x9x7x4xf32>)
       {data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>,
        offset_groups = 4, offset_group_axis = #deform.offset_group_axis<output>,
        boundary = #deform.boundary<tf_clamp>, weight_layout = #deform.weight_layout<hwoi>} -> tensor<2x9x7x4xf32>
  return %y : tensor<2x9x7x4xf32>
}
