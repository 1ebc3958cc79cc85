// RUN: deform-opt %s -split-input-file | FileCheck %s
// Round trip through the generic form as well, so every attribute survives
// the custom printer and parser both ways.
// RUN: deform-opt %s -split-input-file -mlir-print-op-generic | deform-opt -split-input-file | FileCheck %s

// COM: torchvision / mmcv / ONNX: all defaults, mask and bias.
// CHECK-LABEL: func @torchvision_dcnv2
// CHECK: deform.conv2d ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x8x16x16xf32>, tensor<2x18x16x16xf32>, tensor<8x8x3x3xf32>) mask(%{{.*}} : tensor<2x9x16x16xf32>) bias(%{{.*}} : tensor<8xf32>) outs(%{{.*}} : tensor<2x8x16x16xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x8x16x16xf32>
func.func @torchvision_dcnv2(%x: tensor<2x8x16x16xf32>, %off: tensor<2x18x16x16xf32>,
    %w: tensor<8x8x3x3xf32>, %m: tensor<2x9x16x16xf32>, %b: tensor<8xf32>,
    %init: tensor<2x8x16x16xf32>) -> tensor<2x8x16x16xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x8x16x16xf32>, tensor<2x18x16x16xf32>, tensor<8x8x3x3xf32>)
       mask(%m : tensor<2x9x16x16xf32>) bias(%b : tensor<8xf32>)
       outs(%init : tensor<2x8x16x16xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x8x16x16xf32>
  return %r : tensor<2x8x16x16xf32>
}

// -----

// COM: Default values are elided when spelled out.
// CHECK-LABEL: func @explicit_defaults
// CHECK: outs(%{{.*}} : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
func.func @explicit_defaults(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>,
    %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>)
       outs(%init : tensor<1x4x6x6xf32>) {
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, groups = 1, offset_groups = 1,
         data_layout = #deform.layout<nchw>, offset_layout = #deform.offset_layout<planar>,
         offset_group_axis = #deform.offset_group_axis<input>,
         boundary = #deform.boundary<zero>, weight_layout = #deform.weight_layout<oihw>}
       -> tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}

// -----

// COM: ONNX DeformConv: asymmetric pads, stride, dilation, groups, offset groups.
// CHECK-LABEL: func @onnx_asymmetric
// CHECK: {dilations = array<i64: 2, 1>, groups = 2 : i64, offset_groups = 2 : i64, pads = array<i64: 1, 0, 2, 3>, strides = array<i64: 2, 3>}
func.func @onnx_asymmetric(%x: tensor<1x4x9x10xf32>, %off: tensor<1x24x4x4xf32>,
    %w: tensor<6x2x3x2xf32>, %init: tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32> {
  // Ho = (9 + 1 + 2 - 5) / 2 + 1 = 4; Wo = (10 + 0 + 3 - 2) / 3 + 1 = 4.
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x9x10xf32>, tensor<1x24x4x4xf32>, tensor<6x2x3x2xf32>)
       outs(%init : tensor<1x6x4x4xf32>) {
         strides = array<i64: 2, 3>, dilations = array<i64: 2, 1>,
         pads = array<i64: 1, 0, 2, 3>, groups = 2, offset_groups = 2} -> tensor<1x6x4x4xf32>
  return %r : tensor<1x6x4x4xf32>
}

// -----

// COM: Original MXNet DCN v1.
// CHECK-LABEL: func @mxnet_dcnv1
// CHECK: {boundary = #deform.boundary<dcnv1>, pads = array<i64: 1, 1, 1, 1>}
func.func @mxnet_dcnv1(%x: tensor<1x4x8x8xf64>, %off: tensor<1x18x8x8xf64>,
    %w: tensor<4x4x3x3xf64>, %init: tensor<1x4x8x8xf64>) -> tensor<1x4x8x8xf64> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf64>, tensor<1x18x8x8xf64>, tensor<4x4x3x3xf64>)
       outs(%init : tensor<1x4x8x8xf64>) {boundary = #deform.boundary<dcnv1>, pads = array<i64: 1, 1, 1, 1>}
       -> tensor<1x4x8x8xf64>
  return %r : tensor<1x4x8x8xf64>
}

// -----

// COM: The TF layer at its own shape: NHWC, interleaved offsets, 16 offset groups over output filters.
// CHECK-LABEL: func @tf_layer
// CHECK: {boundary = #deform.boundary<tf_clamp>, data_layout = #deform.layout<nhwc>, offset_group_axis = #deform.offset_group_axis<output>, offset_groups = 16 : i64, offset_layout = #deform.offset_layout<interleaved>, weight_layout = #deform.weight_layout<hwoi>}
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

// -----

// COM: Interleaved offsets with an interleaved mask and NCHW data (layouts are independent).
// CHECK-LABEL: func @interleaved_mask
// CHECK: mask(%{{.*}} : tensor<1x5x5x18xf16>)
// CHECK-SAME: offset_layout = #deform.offset_layout<interleaved>
func.func @interleaved_mask(%x: tensor<1x4x5x5xf16>, %off: tensor<1x5x5x36xf16>,
    %w: tensor<4x4x3x3xf16>, %m: tensor<1x5x5x18xf16>, %init: tensor<1x4x5x5xf16>) -> tensor<1x4x5x5xf16> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x5x5xf16>, tensor<1x5x5x36xf16>, tensor<4x4x3x3xf16>)
       mask(%m : tensor<1x5x5x18xf16>) outs(%init : tensor<1x4x5x5xf16>) {
         offset_layout = #deform.offset_layout<interleaved>, offset_groups = 2, pads = array<i64: 1, 1, 1, 1>}
       -> tensor<1x4x5x5xf16>
  return %r : tensor<1x4x5x5xf16>
}

// -----

// COM: Dynamic sizes are accepted; only the static ones are checked.
// CHECK-LABEL: func @dynamic
// CHECK: deform.conv2d ins(%{{.*}} : tensor<?x8x?x?xf32>, tensor<?x18x?x?xf32>, tensor<8x8x3x3xf32>) outs(%{{.*}} : tensor<?x8x?x?xf32>) -> tensor<?x8x?x?xf32>
func.func @dynamic(%x: tensor<?x8x?x?xf32>, %off: tensor<?x18x?x?xf32>,
    %w: tensor<8x8x3x3xf32>, %init: tensor<?x8x?x?xf32>) -> tensor<?x8x?x?xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x8x?x?xf32>, tensor<?x18x?x?xf32>, tensor<8x8x3x3xf32>)
       outs(%init : tensor<?x8x?x?xf32>) -> tensor<?x8x?x?xf32>
  return %r : tensor<?x8x?x?xf32>
}

// -----

// COM: Buffer form: no result.
// CHECK-LABEL: func @buffers
// CHECK: deform.conv2d ins(%{{.*}} : memref<1x2x4x4xf32>, memref<1x8x3x3xf32>, memref<2x2x2x2xf32>) mask(%{{.*}} : memref<1x4x3x3xf32>) outs(%{{.*}} : memref<1x2x3x3xf32>){{$}}
func.func @buffers(%x: memref<1x2x4x4xf32>, %off: memref<1x8x3x3xf32>, %w: memref<2x2x2x2xf32>,
    %m: memref<1x4x3x3xf32>, %out: memref<1x2x3x3xf32>) {
  deform.conv2d ins(%x, %off, %w : memref<1x2x4x4xf32>, memref<1x8x3x3xf32>, memref<2x2x2x2xf32>)
    mask(%m : memref<1x4x3x3xf32>) outs(%out : memref<1x2x3x3xf32>)
  return
}

// -----

// COM: mmcv DeformRoIPool with offsets (and the modulated variant's mask).
// CHECK-LABEL: func @mmcv_roi_pool
// CHECK: deform.roi_pool mmcv ins(%{{.*}}, %{{.*}} : tensor<2x256x50x84xf32>, tensor<512x5xf32>) offset(%{{.*}} : tensor<512x2x7x7xf32>) mask(%{{.*}} : tensor<512x1x7x7xf32>) outs(%{{.*}} : tensor<512x256x7x7xf32>) {gamma = 1.000000e-01 : f64, sampling_ratio = 2 : i64, spatial_scale = 6.250000e-02 : f64} -> tensor<512x256x7x7xf32>
func.func @mmcv_roi_pool(%x: tensor<2x256x50x84xf32>, %rois: tensor<512x5xf32>,
    %off: tensor<512x2x7x7xf32>, %m: tensor<512x1x7x7xf32>, %init: tensor<512x256x7x7xf32>) -> tensor<512x256x7x7xf32> {
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<2x256x50x84xf32>, tensor<512x5xf32>)
       offset(%off : tensor<512x2x7x7xf32>) mask(%m : tensor<512x1x7x7xf32>)
       outs(%init : tensor<512x256x7x7xf32>)
       {spatial_scale = 0.0625 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64} -> tensor<512x256x7x7xf32>
  return %r : tensor<512x256x7x7xf32>
}

// -----

// COM: mmcv without offsets = roi_align(aligned=True), adaptive sampling grid.
// CHECK-LABEL: func @mmcv_no_offset
// CHECK: deform.roi_pool mmcv ins(%{{.*}}, %{{.*}} : tensor<1x3x8x8xf32>, tensor<4x5xf32>) outs(%{{.*}} : tensor<4x3x2x3xf32>) {spatial_scale = 5.000000e-01 : f64} -> tensor<4x3x2x3xf32>
func.func @mmcv_no_offset(%x: tensor<1x3x8x8xf32>, %rois: tensor<4x5xf32>, %init: tensor<4x3x2x3xf32>) -> tensor<4x3x2x3xf32> {
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x3x8x8xf32>, tensor<4x5xf32>)
       outs(%init : tensor<4x3x2x3xf32>) {spatial_scale = 0.5 : f64} -> tensor<4x3x2x3xf32>
  return %r : tensor<4x3x2x3xf32>
}

// -----

// COM: Original DCN DeformablePSROIPooling (R-FCN), with trans and the count output.
// CHECK-LABEL: func @dcn_psroi
// CHECK: deform.roi_pool dcn_psroi ins(%{{.*}}, %{{.*}} : tensor<1x1029x38x63xf32>, tensor<300x5xf32>) offset(%{{.*}} : tensor<300x2x7x7xf32>) outs(%{{.*}}, %{{.*}} : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>) {group_size = 7 : i64, part_size = 7 : i64, sample_per_part = 4 : i64, spatial_scale = 6.250000e-02 : f64, trans_std = 1.000000e-01 : f64} -> tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
func.func @dcn_psroi(%x: tensor<1x1029x38x63xf32>, %rois: tensor<300x5xf32>, %t: tensor<300x2x7x7xf32>,
    %init: tensor<300x21x7x7xf32>, %cnt: tensor<300x21x7x7xf32>) -> (tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>) {
  %r:2 = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x1029x38x63xf32>, tensor<300x5xf32>)
       offset(%t : tensor<300x2x7x7xf32>) outs(%init, %cnt : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>)
       {spatial_scale = 0.0625 : f64, group_size = 7, part_size = 7, sample_per_part = 4, trans_std = 0.1 : f64}
       -> tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
  return %r#0, %r#1 : tensor<300x21x7x7xf32>, tensor<300x21x7x7xf32>
}

// -----

// COM: Position-sensitive without trans (no_trans) and without the count, on buffers.
// CHECK-LABEL: func @dcn_psroi_no_trans
// CHECK: deform.roi_pool dcn_psroi ins(%{{.*}}, %{{.*}} : memref<2x8x10x10xf32>, memref<3x5xf32>) outs(%{{.*}} : memref<3x2x2x2xf32>) {group_size = 2 : i64, part_size = 2 : i64, sample_per_part = 2 : i64, spatial_scale = 1.000000e+00 : f64}{{$}}
func.func @dcn_psroi_no_trans(%x: memref<2x8x10x10xf32>, %rois: memref<3x5xf32>, %out: memref<3x2x2x2xf32>) {
  deform.roi_pool dcn_psroi ins(%x, %rois : memref<2x8x10x10xf32>, memref<3x5xf32>)
    outs(%out : memref<3x2x2x2xf32>)
    {spatial_scale = 1.0 : f64, group_size = 2, part_size = 2, sample_per_part = 2}
  return
}

// -----

// COM: One tile of a larger convolution (what deform-tile produces): the
// COM: weight is sliced along its input channels only, origin gives the
// COM: output channel, row, column and input channel of the tile.
// CHECK-LABEL: func @tile
// CHECK: deform.conv2d ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<1x4x8x8xf32>, tensor<1x18x2x3xf32>, tensor<4x2x3x3xf32>) outs(%{{.*}} : tensor<1x2x2x3xf32>) origin(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) -> tensor<1x2x2x3xf32>
func.func @tile(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x2x3xf32>, %w: tensor<4x2x3x3xf32>,
    %init: tensor<1x2x2x3xf32>, %oc: index, %y: index, %xo: index, %c: index) -> tensor<1x2x2x3xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x2x3xf32>, tensor<4x2x3x3xf32>)
       outs(%init : tensor<1x2x2x3xf32>) origin(%oc, %y, %xo, %c) -> tensor<1x2x2x3xf32>
  return %r : tensor<1x2x2x3xf32>
}

// -----

// COM: Kernel configurations and the CPU target.
// CHECK: module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "+avx2,+fma", vector_bits = 256, vector_registers = 16>}
// CHECK-LABEL: func @configured
// CHECK: deform.conv2d {{.*}} {config = #deform.cpu_config<tile = [1, 4, 2, 6], reduction = 2, vector = 8, register_tile = [6, 2]>}
// CHECK: deform.roi_pool mmcv {{.*}} {config = #deform.cpu_config<tile = [4, 64], vector = 16>, spatial_scale = 5.000000e-01 : f64}
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "+avx2,+fma", vector_bits = 256, vector_registers = 16>} {
func.func @configured(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>,
                      %f: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>)
    -> (tensor<1x4x6x6xf32>, tensor<3x8x2x2xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<1x4x6x6xf32>)
       {config = #deform.cpu_config<tile = [1, 4, 2, 6], reduction = 2, vector = 8, register_tile = [6, 2]>} -> tensor<1x4x6x6xf32>
  %p = deform.roi_pool mmcv ins(%f, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 64], vector = 16>} -> tensor<3x8x2x2xf32>
  return %r, %p : tensor<1x4x6x6xf32>, tensor<3x8x2x2xf32>
}
}

// -----

// COM: The sampling half of a decomposed conv2d tile.
// CHECK-LABEL: func @sample_columns
// CHECK: deform.sample_columns ins(%{{.*}}, %{{.*}} : memref<1x4x8x8xf32>, memref<1x6x6x36xf32>) mask(%{{.*}} : memref<1x6x6x18xf32>) outs(%{{.*}} : memref<18x48xf32>) at(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) {boundary = #deform.boundary<dcnv1>, kernel = array<i64: 3, 3>, offset_groups = 2 : i64, offset_layout = #deform.offset_layout<interleaved>, pads = array<i64: 1, 1, 1, 1>}
func.func @sample_columns(%x: memref<1x4x8x8xf32>, %off: memref<1x6x6x36xf32>, %m: memref<1x6x6x18xf32>, %cols: memref<18x48xf32>,
                          %b: index, %c: index, %g: index, %p: index, %y: index, %xo: index) {
  deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x6x6x36xf32>) mask(%m : memref<1x6x6x18xf32>)
      outs(%cols : memref<18x48xf32>) at(%b, %c, %g, %p, %y, %xo)
      {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, offset_groups = 2, boundary = #deform.boundary<dcnv1>,
       offset_layout = #deform.offset_layout<interleaved>}
  return
}

// -----

// COM: The sampling half of a decomposed regular convolution tile.
// CHECK-LABEL: func @im2col
// CHECK: deform.im2col ins(%{{.*}} : memref<1x4x8x8xf32>) outs(%{{.*}} : memref<36x48xf32>) at(%{{.*}}, %{{.*}}, %{{.*}}) extent(%{{.*}}, %{{.*}}) {dilations = array<i64: 1, 2>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 1>}
func.func @im2col(%x: memref<1x4x8x8xf32>, %cols: memref<36x48xf32>, %b: index, %c: index, %p: index, %h: index, %w: index) {
  deform.im2col ins(%x : memref<1x4x8x8xf32>) outs(%cols : memref<36x48xf32>) at(%b, %c, %p) extent(%h, %w)
      {kernel = array<i64: 3, 3>, strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>}
  return
}
