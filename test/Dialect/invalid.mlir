// RUN: deform-opt %s -split-input-file -verify-diagnostics
// One case per verifier message of deform.conv2d and deform.roi_pool.

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
  // expected-error @+1 {{padded input height or dilated kernel height overflows a 64-bit size}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {dilations = array<i64: 4611686018427387904, 1>} -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @huge_pad(%x: tensor<1x4x4611686018427387904x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) {
  // expected-error @+1 {{padded input height or dilated kernel height overflows a 64-bit size}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x4611686018427387904x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>) {pads = array<i64: 4611686018427387904, 0, 4611686018427387904, 0>} -> tensor<1x4x6x6xf32>
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

func.func @offset_overflow(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3037000500x3037000500xf32>, %init: tensor<1x4x?x?xf32>) {
  // expected-error @+1 {{offset channels offset_groups*2*kh*kw overflows a 64-bit size}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3037000500x3037000500xf32>) outs(%init : tensor<1x4x?x?xf32>) {pads = array<i64: 4611686018427387903, 4611686018427387903, 0, 0>} -> tensor<1x4x?x?xf32>
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
  // expected-error @+1 {{attribute 'sampling_ratio' is -1, expected at least 0 (0 = adaptive)}}
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
  // expected-error @+1 {{has 1 origin values, expected 2 (output row, column)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x2x3xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x2x3xf32>) origin(%y) -> tensor<1x4x2x3xf32>
  return
}

// -----

func.func @tile_too_large(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x7x3xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x7x3xf32>, %y: index) {
  // expected-error @+1 {{operand 'init' dimension 2 (output height of a tile) is 7, expected 1 to 6 ('tensor<1x4x7x3xf32>')}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x7x3xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x7x3xf32>) origin(%y, %y) -> tensor<1x4x7x3xf32>
  return
}
