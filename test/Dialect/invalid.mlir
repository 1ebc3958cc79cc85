// RUN: deform-opt %s -split-input-file -verify-diagnostics
// One case per verifier message of deform.conv2d, deform.roi_pool,
// deform.sample_columns, deform.im2col, #deform.cpu_config and
// #deform.cpu_target.

func.func @mixed(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: memref<1x4x6x6xf32>) {
  // expected-error @+1 {{operands mix tensors and memrefs; expected all tensors (value form) or all memrefs (buffer form)}}
  deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : memref<1x4x6x6xf32>)
  return
}

// -----

func.func @memref_with_result(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf32>, %w: memref<4x4x3x3xf32>, %init: memref<1x4x6x6xf32>) {
  // expected-error @+1 {{has 1 results in buffer (memref) form, expected 0}}
  %r = deform.conv2d ins(%x, %off, %w : memref<1x4x8x8xf32>, memref<1x18x6x6xf32>, memref<4x4x3x3xf32>) outs(%init : memref<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @tensor_without_result(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{has 0 results, expected 1 (one per destination operand)}}
  deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>)
  return
}

// -----

func.func @result_type(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{result 0 has type 'tensor<1x4x6x6xf16>', expected 'tensor<1x4x6x6xf32>' (the type of its destination operand)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf16>
  return
}

// -----

func.func @rank(%x: tensor<4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand 'input' has rank 3, expected rank 4 ('tensor<4x8x8xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @bias_rank(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{operand 'bias' has rank 2, expected rank 1 ('tensor<1x4xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) bias(%b : tensor<1x4xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @element_type(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf16>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand 'offset' has element type 'f16', expected 'f32' (the element type of 'input')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf16>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @integer_type(%x: tensor<1x4x8x8xi32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand #0 must be Tensor or MemRef of floating-point values, but got 'tensor<1x4x8x8xi32>'}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xi32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @strides_size(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'strides' has 1 values, expected 2 [h, w]}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {strides = array<i64: 1>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @strides_zero(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'strides' value 1 is 0, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {strides = array<i64: 1, 0>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @strides_negative(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'strides' value 0 is -2, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {strides = array<i64: -2, 1>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @dilations_zero(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'dilations' value 0 is 0, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {dilations = array<i64: 0, 1>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pads_size(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'pads' has 2 values, expected 4 [top, left, bottom, right]}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {pads = array<i64: 1, 1>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @pads_negative(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'pads' value 2 is -1, expected at least 0}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {pads = array<i64: 0, 0, -1, 0>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @groups_zero(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'groups' is 0, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {groups = 0} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @offset_groups_negative(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{attribute 'offset_groups' is -3, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {offset_groups = -3} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @kernel_zero(%x: tensor<1x4x8x8xf32>, %off: tensor<1x0x9x8xf32>, %w: tensor<4x4x0x1xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{kernel height (from operand 'weight' 'tensor<4x4x0x1xf32>') is 0, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x0x9x8xf32>, tensor<4x4x0x1xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @groups_input(%x: tensor<1x6x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x1x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{input channels (6) must be divisible by attribute 'groups' (4)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x6x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x1x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {groups = 4} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @groups_output(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<5x2x3x3xf32>, %init: tensor<1x5x6x6xf32>) {
  // expected-error @+1 {{output channels (5) must be divisible by attribute 'groups' (2)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<5x2x3x3xf32>) outs(%init : tensor<1x5x6x6xf32>) {groups = 2 : i64, offset_groups = 1} -> tensor<1x5x6x6xf32>
  return
}

// -----

func.func @offset_groups_input(%x: tensor<1x4x8x8xf32>, %off: tensor<1x54x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{input channels (4) must be divisible by attribute 'offset_groups' (3)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x54x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {offset_groups = 3} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @offset_groups_output(%x: tensor<1x4x8x8xf32>, %off: tensor<1x54x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{output channels (4) must be divisible by attribute 'offset_groups' (3)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x54x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {offset_groups = 3, offset_group_axis = #deform.offset_group_axis<output>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @input_too_small(%x: tensor<1x4x2x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{padded input height is 2, expected at least the dilated kernel height 3 (output height would be empty)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x2x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @huge_dilation(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{dilated kernel height overflows a 64-bit size}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {dilations = array<i64: 4611686018427387904, 1>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @huge_dilation_dynamic_image(%x: tensor<1x4x?x?xf32>, %off: tensor<1x18x?x?xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x?x?xf32>) {
  // expected-error @+1 {{dilated kernel height is 16777217, expected at most 16777215 (2^24 - 1)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x?x?xf32>, tensor<1x18x?x?xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x?x?xf32>) {dilations = array<i64: 8388608, 1>} -> tensor<1x4x?x?xf32>
  return
}

// -----

func.func @overflowing_dilation_dynamic_image(%x: tensor<1x4x?x?xf32>, %off: tensor<1x18x?x?xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x?x?xf32>) {
  // expected-error @+1 {{dilated kernel width overflows a 64-bit size}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x?x?xf32>, tensor<1x18x?x?xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x?x?xf32>) {dilations = array<i64: 1, 4611686018427387904>} -> tensor<1x4x?x?xf32>
  return
}

// -----

func.func @huge_pad(%x: tensor<1x4x4611686018427387904x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{pads of the input height are 4611686018427387904 + 4611686018427387904, expected at most 16777215 (2^24 - 1) together}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x4611686018427387904x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {pads = array<i64: 4611686018427387904, 0, 4611686018427387904, 0>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @huge_input(%x: tensor<1x1x16777215x8xf32>, %off: tensor<1x18x?x6xf32>, %w: tensor<4x1x3x3xf32>, %init: tensor<1x4x?x6xf32>) {
  // expected-error @+1 {{padded input height is 16777217, expected at most 16777215 (2^24 - 1)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x16777215x8xf32>, tensor<1x18x?x6xf32>, tensor<4x1x3x3xf32>) outs(%init : tensor<1x4x?x6xf32>) {pads = array<i64: 1, 0, 1, 0>} -> tensor<1x4x?x6xf32>
  return
}

// -----

func.func @weight_channels(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x2x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand 'weight' dimension 1 (C/groups) is 2, expected 4 ('tensor<4x2x3x3xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x2x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @weight_hwoi(%x: tensor<1x8x8x4xf32>, %off: tensor<1x6x6x18xf32>, %w: tensor<3x3x4x2xf32>, %init: tensor<1x6x6x4xf32>) {
  // expected-error @+1 {{operand 'weight' dimension 3 (C/groups) is 2, expected 4 ('tensor<3x3x4x2xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x4xf32>, tensor<1x6x6x18xf32>, tensor<3x3x4x2xf32>) outs(%init : tensor<1x6x6x4xf32>) {data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>, weight_layout = #deform.weight_layout<hwoi>} -> tensor<1x6x6x4xf32>
  return
}

// -----

func.func @init_height(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x7x6xf32>) {
  // expected-error @+1 {{operand 'init' dimension 2 (output height) is 7, expected 6 ('tensor<1x4x7x6xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x7x6xf32>) -> tensor<1x4x7x6xf32>
  return
}

// -----

func.func @init_nhwc(%x: tensor<1x8x8x4xf32>, %off: tensor<1x4x4x18xf32>, %w: tensor<3x3x4x4xf32>, %init: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{operand 'init' dimension 1 (output height) is 4, expected 3 ('tensor<1x4x4x4xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x4xf32>, tensor<1x4x4x18xf32>, tensor<3x3x4x4xf32>) outs(%init : tensor<1x4x4x4xf32>) {strides = array<i64: 2, 2>, data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>, weight_layout = #deform.weight_layout<hwoi>} -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @offset_channels(%x: tensor<1x4x8x8xf32>, %off: tensor<1x16x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand 'offset' dimension 1 (offset_groups*2*kh*kw) is 16, expected 18 ('tensor<1x16x6x6xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x16x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @offset_interleaved(%x: tensor<1x4x8x8xf32>, %off: tensor<1x6x6x9xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand 'offset' dimension 3 (offset_groups*2*kh*kw) is 9, expected 18 ('tensor<1x6x6x9xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x6x6x9xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {offset_layout = #deform.offset_layout<interleaved>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @offset_batch(%x: tensor<1x4x8x8xf32>, %off: tensor<2x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{operand 'offset' dimension 0 (batch) is 2, expected 1 ('tensor<2x18x6x6xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<2x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @offset_overflow(%x: tensor<1x1048576x?x?xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x1048576x16777215x16777215xf32>, %init: tensor<1x4x?x?xf32>) {
  // expected-error @+1 {{offset channels offset_groups*2*kh*kw overflows a 64-bit size}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1048576x?x?xf32>, tensor<1x18x6x6xf32>, tensor<4x1048576x16777215x16777215xf32>) outs(%init : tensor<1x4x?x?xf32>) {offset_groups = 1048576} -> tensor<1x4x?x?xf32>
  return
}

// -----

func.func @mask_channels(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>, %m: tensor<1x18x6x6xf32>) {
  // expected-error @+1 {{operand 'mask' dimension 1 (offset_groups*kh*kw) is 18, expected 9 ('tensor<1x18x6x6xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) mask(%m : tensor<1x18x6x6xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{operand 'bias' dimension 0 (OC) is 5, expected 4 ('tensor<5xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) bias(%b : tensor<5xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @mmcv_two_dests(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>, %o1: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{has 2 destination operands, expected 1 for the mmcv variant}}
  %r:2 = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0, %o1 : tensor<3x8x2x2xf32>, tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>, tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_rank(%x: tensor<1x8x10x10xf32>, %rois: tensor<15xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{operand 'rois' has rank 1, expected rank 2 ('tensor<15xf32>')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<15xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_element_type(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf64>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{operand 'rois' has element type 'f64', expected 'f32' (the element type of 'input')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf64>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_scale_zero(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'spatial_scale' is 0.000000e+00, expected a finite value > 0}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.0 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_scale_inf(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'spatial_scale' is INF, expected a finite value > 0}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0x7FF0000000000000 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_columns(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x4xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{operand 'rois' dimension 1 ((batch_index, x1, y1, x2, y2)) is 4, expected 5 ('tensor<3x4xf32>')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x4xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_pooled_zero(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x0x2xf32>) {
  // expected-error @+1 {{output pooled height is 0, expected at least 1}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x0x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x0x2xf32>
  return
}

// -----

func.func @roi_count(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<4x8x2x2xf32>) {
  // expected-error @+1 {{operand 'output' dimension 0 (R) is 4, expected 3 ('tensor<4x8x2x2xf32>')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<4x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<4x8x2x2xf32>
  return
}

// -----

func.func @mmcv_ps_attr(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'group_size' is not used by the mmcv variant; remove it}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @mmcv_gamma_nan(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'gamma' is nan, expected a finite value}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64, gamma = 0x7FF8000000000000 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @mmcv_sampling_ratio(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'sampling_ratio' is -1, expected 0 (adaptive) to 512}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64, sampling_ratio = -1} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @mmcv_channels(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x4x2x2xf32>) {
  // expected-error @+1 {{operand 'output' dimension 1 (C) is 4, expected 8 ('tensor<3x4x2x2xf32>')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x4x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x4x2x2xf32>
  return
}

// -----

func.func @mmcv_offset(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>, %t: tensor<3x2x2x3xf32>) {
  // expected-error @+1 {{operand 'offset' dimension 3 (pooled width) is 3, expected 2 ('tensor<3x2x2x3xf32>')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) offset(%t : tensor<3x2x2x3xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @mmcv_mask(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x8x2x2xf32>, %m: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{operand 'mask' dimension 1 (1) is 2, expected 1 ('tensor<3x2x2x2xf32>')}}
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) mask(%m : tensor<3x2x2x2xf32>) outs(%o0 : tensor<3x8x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @ps_mmcv_attr(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{attribute 'sampling_ratio' is not used by the dcn_psroi variant; remove it}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2, sampling_ratio = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_trans_std_inf(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{attribute 'trans_std' is -INF, expected a finite value}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2, trans_std = 0xFFF0000000000000 : f64} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_missing(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{requires attribute 'part_size' for the dcn_psroi variant}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_group_zero(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{attribute 'group_size' is 0, expected at least 1}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 0, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_mask(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>, %m: tensor<3x1x2x2xf32>) {
  // expected-error @+1 {{operand 'mask' is not supported by the dcn_psroi variant; expected no mask}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) mask(%m : tensor<3x1x2x2xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_overflow(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{output channels * group_size^2 overflows a 64-bit size}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 4294967296, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_channels(%x: tensor<1x9x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{operand 'input' dimension 1 (output channels * group_size^2) is 9, expected 8 ('tensor<1x9x10x10xf32>')}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x9x10x10xf32>, tensor<3x5xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_count_type(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>, %o1: tensor<3x2x2x1xf32>) {
  // expected-error @+1 {{operand 'count' has type 'tensor<3x2x2x1xf32>', expected 'tensor<3x2x2x2xf32>' (the output's type)}}
  %r:2 = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o0, %o1 : tensor<3x2x2x2xf32>, tensor<3x2x2x1xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>, tensor<3x2x2x1xf32>
  return
}

// -----

func.func @ps_trans_part(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>, %t: tensor<3x2x3x2xf32>) {
  // expected-error @+1 {{operand 'offset' dimension 2 (part_size) is 3, expected 2 ('tensor<3x2x3x2xf32>')}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) offset(%t : tensor<3x2x3x2xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_trans_odd(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>, %t: tensor<3x3x2x2xf32>) {
  // expected-error @+1 {{operand 'offset' dimension 1 (2*num_classes) is 3, expected a positive even number}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) offset(%t : tensor<3x3x2x2xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @ps_classes(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o0: tensor<3x2x2x2xf32>, %t: tensor<3x6x2x2xf32>) {
  // expected-error @+1 {{output channels (2) must be divisible by the offset's num_classes (3)}}
  %r = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) offset(%t : tensor<3x6x2x2xf32>) outs(%o0 : tensor<3x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @unknown_variant(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{unknown deform.roi_pool variant 'psroi', expected 'mmcv' or 'dcn_psroi'}}
  %r = deform.roi_pool psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>) {spatial_scale = 1.0 : f64} -> tensor<3x8x2x2xf32>
  return
}

// -----

// expected-error @+2 {{expected ::mlir::deform::Boundary to be one of: zero, dcnv1, tf_clamp}}
// expected-error @+1 {{failed to parse Deform_BoundaryAttr parameter 'value' which is to be a `::mlir::deform::Boundary`}}
func.func @unknown_boundary() attributes {b = #deform.boundary<reflect>} {
  return
}

// -----

func.func @origin_count(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x2x3xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x2x3xf32>, %y: index) {
  // expected-error @+1 {{has 2 origin values, expected 4 (output channel, row, column, input channel)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x2x3xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x2x3xf32>) origin(%y, %y) -> tensor<1x4x2x3xf32>
  return
}

// -----

func.func @tile_too_large(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x7x3xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x7x3xf32>, %y: index) {
  // expected-error @+1 {{operand 'init' dimension 2 (output height of a tile) is 7, expected 1 to 6 ('tensor<1x4x7x3xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x7x3xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x7x3xf32>) origin(%y, %y, %y, %y) -> tensor<1x4x7x3xf32>
  return
}

// -----

func.func @tile_weight_too_large(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x5x3x3xf32>, %init: tensor<1x4x6x6xf32>, %y: index) {
  // expected-error @+1 {{operand 'weight' dimension 1 (C/groups of a tile) is 5, expected 1 to 4 ('tensor<4x5x3x3xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x5x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) origin(%y, %y, %y, %y) -> tensor<1x4x6x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// #deform.cpu_config on deform.conv2d (C = 8, OC = 6, 2 weight groups, 3x3)
//===----------------------------------------------------------------------===//

func.func @config_tile_count(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{'deform.conv2d' op configuration #deform.cpu_config<tile = [1, 3, 2], reduction = 2, vector = 8, register_tile = [4, 1]>: field 'tile' has 3 values, expected 4 (batch, output channels, output rows, output columns)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_tile_range(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'tile' value 2 is 0, expected 1 to 4294967296}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 0, 6], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_vector(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'vector' is 12, expected a power of two from 1 to 64}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 12, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_register_tile_count(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'register_tile' has 0 values, expected 2 (output channels, vectors of pixels)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 8>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_register_tile_range(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'register_tile' value 1 is 65, expected 1 to 64}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 8, register_tile = [1, 65]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_accumulators(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'register_tile' holds 96 accumulators, expected at most 64}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 8, register_tile = [24, 4]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_dynamic_kernel(%x: tensor<1x8x8x8xf32>, %off: tensor<1x?x6x6xf32>, %w: tensor<6x4x?x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{has a configuration but a dynamic channel or kernel size; configured ops need static channels and kernels}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x?x6x6xf32>, tensor<6x4x?x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_reduction_range(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'reduction' is 0, expected 1 to 4 (the input channels of one weight group that share one offset group)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_oc_tile(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'tile' has 2 output channels, expected a divisor or a multiple of 3 (the output channels that share one weight group and one offset group)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 2, 2, 6], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

// COM: A tuner asking for 5 channels per chunk on a 4-channel offset-group
// COM: segment gets an error, not 4 channels.
func.func @config_reduction_segment(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'reduction' is 5, expected 1 to 4 (the input channels of one weight group that share one offset group)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 2, 6], reduction = 5, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_pixels(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'tile' has 4294967296 x 4294967296 pixels, expected at most 65536}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.cpu_config<tile = [1, 3, 4294967296, 4294967296], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_column_buffer(%x: tensor<1x2048x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x2048x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'reduction' is 2048: the column buffer (2048 channels x 9 taps x 65536 pixels) exceeds 16777216 elements}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2048x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x2048x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {config = #deform.cpu_config<tile = [1, 6, 256, 256], reduction = 2048, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_accumulator_tile(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<512x8x3x3xf32>, %init: tensor<1x512x6x6xf32>) {
  // expected-error @+1 {{field 'tile' has 512 output channels: the accumulator tile (512 x 65536 pixels) exceeds 16777216 elements}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<512x8x3x3xf32>) outs(%init : tensor<1x512x6x6xf32>)
       {config = #deform.cpu_config<tile = [1, 512, 256, 256], reduction = 1, vector = 8, register_tile = [4, 1]>} -> tensor<1x512x6x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// #deform.cpu_config on deform.roi_pool
//===----------------------------------------------------------------------===//

func.func @roi_config_tile(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'tile' has 1 values, expected 2 (rois, channels)}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4], vector = 16>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_config_reduction(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'reduction' is not used by the mmcv variant; remove it}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 64], reduction = 4, vector = 16>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_config_register_tile(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{field 'register_tile' is not used by the dcn_psroi variant; remove it}}
  %a = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2,
        config = #deform.cpu_config<tile = [4], vector = 1, register_tile = [4, 4]>} -> tensor<3x2x2x2xf32>
  return
}

// -----

func.func @roi_config_scalar(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{field 'vector' is 16, expected 1 (the dcn_psroi lowering is scalar)}}
  %a = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2,
        config = #deform.cpu_config<tile = [4], vector = 16>} -> tensor<3x2x2x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// #deform.cpu_target
//===----------------------------------------------------------------------===//

// expected-error @+1 {{#deform.cpu_target needs a CPU name}}
module attributes {deform.target = #deform.cpu_target<cpu = "", features = "", vector_bits = 256, vector_registers = 16>} {
}

// -----

// expected-error @+1 {{#deform.cpu_target vector_bits is 100, expected a power of two from 64 to 4096}}
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64", features = "", vector_bits = 100, vector_registers = 16>} {
}

// -----

// expected-error @+1 {{#deform.cpu_target vector_registers is 0, expected 1 to 256}}
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 0>} {
}

// -----

// expected-error @+1 {{#deform.cpu_target features entry 'avx2', expected '+name' or '-name' (comma-separated)}}
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64", features = "+fma,avx2", vector_bits = 256, vector_registers = 16>} {
}

// -----

//===----------------------------------------------------------------------===//
// deform.sample_columns
//===----------------------------------------------------------------------===//

func.func @columns_rank(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf32>, %cols: memref<18xf32>, %i: index) {
  // expected-error @+1 {{operand 'cols' has rank 1, expected rank 2 ('memref<18xf32>')}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x18x6x6xf32>) outs(%cols : memref<18xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @columns_kernel(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf32>, %cols: memref<18x16xf32>, %i: index) {
  // expected-error @+1 {{attribute 'kernel' has 1 values, expected 2 [kh, kw]}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x18x6x6xf32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3>}
  return
}

// -----

func.func @columns_element_type(%x: memref<1x4x8x8xf16>, %off: memref<1x18x6x6xf16>, %cols: memref<18x16xf16>, %i: index) {
  // expected-error @+1 {{operand 'cols' has element type 'f16', expected 'f32' (the compute type of the input's 'f16')}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf16>, memref<1x18x6x6xf16>) outs(%cols : memref<18x16xf16>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @columns_rows(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf32>, %cols: memref<10x16xf32>, %i: index) {
  // expected-error @+1 {{operand 'cols' dimension 0 is 10, expected a multiple of kh*kw = 9}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x18x6x6xf32>) outs(%cols : memref<10x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @columns_offset_channels(%x: memref<1x4x8x8xf32>, %off: memref<1x16x6x6xf32>, %cols: memref<18x16xf32>, %i: index) {
  // expected-error @+1 {{operand 'offset' dimension 1 (offset_groups*2*kh*kw) is 16, expected 18 ('memref<1x16x6x6xf32>')}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x16x6x6xf32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @columns_mask_channels(%x: memref<1x4x8x8xf32>, %off: memref<1x6x6x36xf32>, %m: memref<1x6x6x9xf32>, %cols: memref<18x16xf32>, %i: index) {
  // expected-error @+1 {{operand 'mask' dimension 3 (offset_groups*kh*kw) is 9, expected 18 ('memref<1x6x6x9xf32>')}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x6x6x36xf32>) mask(%m : memref<1x6x6x9xf32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i)
      {kernel = array<i64: 3, 3>, offset_groups = 2, offset_layout = #deform.offset_layout<interleaved>}
  return
}

// -----

// COM: An integer input is refused before its type is used as a float (the
// COM: verifier cast it: a crash found by the CI stage's pipeline fuzzing).
func.func @columns_integer_input(%x: memref<1x4x8x8xi32>, %off: memref<1x18x6x6xi32>, %cols: memref<18x16xf32>, %i: index) {
  // expected-error @+1 {{'deform.sample_columns' op operand 'input' has element type 'i32', expected f16, bf16, f32 or f64}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xi32>, memref<1x18x6x6xi32>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @im2col_integer_input(%x: memref<1x4x8x8xi8>, %cols: memref<36x16xf32>, %i: index) {
  // expected-error @+1 {{'deform.im2col' op operand 'input' has element type 'i8', expected f16, bf16, f32 or f64}}
  deform.im2col ins(%x : memref<1x4x8x8xi8>) outs(%cols : memref<36x16xf32>) at(%i, %i, %i) extent(%i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @columns_offset_type(%x: memref<1x4x8x8xf32>, %off: memref<1x18x6x6xf64>, %cols: memref<18x16xf32>, %i: index) {
  // expected-error @+1 {{operand 'offset' has element type 'f64', expected 'f32' (the element type of 'input')}}
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x18x6x6xf64>) outs(%cols : memref<18x16xf32>) at(%i, %i, %i, %i, %i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

//===----------------------------------------------------------------------===//
// Bounds
//===----------------------------------------------------------------------===//

func.func @f80(%x: tensor<1x4x8x8xf80>, %off: tensor<1x18x6x6xf80>, %w: tensor<4x4x3x3xf80>, %init: tensor<1x4x6x6xf80>) {
  // expected-error @+1 {{operand 'input' has element type 'f80', expected f16, bf16, f32 or f64}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf80>, tensor<1x18x6x6xf80>, tensor<4x4x3x3xf80>) outs(%init : tensor<1x4x6x6xf80>) -> tensor<1x4x6x6xf80>
  return
}

// -----

func.func @zero_channels(%x: tensor<1x0x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x0x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{input channels (from operand 'input') is 0, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x0x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x0x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @zero_out_channels(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<0x4x3x3xf32>, %init: tensor<1x0x6x6xf32>) {
  // expected-error @+1 {{output channels (from operand 'weight') is 0, expected at least 1}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<0x4x3x3xf32>) outs(%init : tensor<1x0x6x6xf32>) -> tensor<1x0x6x6xf32>
  return
}

// -----

func.func @roi_f128(%x: tensor<1x8x10x10xf128>, %rois: tensor<3x5xf128>, %o: tensor<3x8x2x2xf128>) {
  // expected-error @+1 {{operand 'input' has element type 'f128', expected f16, bf16, f32 or f64}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf128>, tensor<3x5xf128>) outs(%o : tensor<3x8x2x2xf128>)
       {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf128>
  return
}

// -----

func.func @roi_zero_channels(%x: tensor<1x0x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x0x2x2xf32>) {
  // expected-error @+1 {{operand 'input' dimension 1 (channels) is 0, expected at least 1}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x0x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x0x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<3x0x2x2xf32>
  return
}

// -----

func.func @sampling_ratio_bound(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{attribute 'sampling_ratio' is 1000000, expected 0 (adaptive) to 512}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, sampling_ratio = 1000000} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @sample_per_part_bound(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{attribute 'sample_per_part' is 4294967296, expected 1 to 512}}
  %a = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 4294967296} -> tensor<3x2x2x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// deform.im2col
//===----------------------------------------------------------------------===//

func.func @im2col_rank(%x: memref<1x4x8xf32>, %cols: memref<36x16xf32>, %i: index) {
  // expected-error @+1 {{operand 'input' has rank 3, expected rank 4 ('memref<1x4x8xf32>')}}
  deform.im2col ins(%x : memref<1x4x8xf32>) outs(%cols : memref<36x16xf32>) at(%i, %i, %i) extent(%i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @im2col_strides(%x: memref<1x4x8x8xf32>, %cols: memref<36x16xf32>, %i: index) {
  // expected-error @+1 {{attribute 'strides' value 1 is 0, expected at least 1}}
  deform.im2col ins(%x : memref<1x4x8x8xf32>) outs(%cols : memref<36x16xf32>) at(%i, %i, %i) extent(%i, %i) {kernel = array<i64: 3, 3>, strides = array<i64: 1, 0>}
  return
}

// -----

func.func @im2col_element_type(%x: memref<1x4x8x8xbf16>, %cols: memref<36x16xbf16>, %i: index) {
  // expected-error @+1 {{operand 'cols' has element type 'bf16', expected 'f32' (the compute type of the input's 'bf16')}}
  deform.im2col ins(%x : memref<1x4x8x8xbf16>) outs(%cols : memref<36x16xbf16>) at(%i, %i, %i) extent(%i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @im2col_rows(%x: memref<1x4x8x8xf32>, %cols: memref<35x16xf32>, %i: index) {
  // expected-error @+1 {{operand 'cols' dimension 0 is 35, expected a multiple of kh*kw = 9}}
  deform.im2col ins(%x : memref<1x4x8x8xf32>) outs(%cols : memref<35x16xf32>) at(%i, %i, %i) extent(%i, %i) {kernel = array<i64: 3, 3>}
  return
}

// -----

func.func @im2col_taps(%x: memref<1x4x8x8xf32>, %cols: memref<36x16xf32>, %i: index) {
  // expected-error @+1 {{kernel taps kh*kw overflows a 64-bit size}}
  deform.im2col ins(%x : memref<1x4x8x8xf32>) outs(%cols : memref<36x16xf32>) at(%i, %i, %i) extent(%i, %i) {kernel = array<i64: 4294967296, 4294967296>}
  return
}
