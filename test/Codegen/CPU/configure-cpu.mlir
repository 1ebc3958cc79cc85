// RUN: deform-opt %s -split-input-file -deform-configure-cpu -verify-diagnostics | FileCheck %s

// COM: The same convolution for two targets. AVX-512 (16 f32 lanes, 32
// COM: registers): 4 rows of 56 columns make 224 pixels = 14 whole vectors
// COM: and 14 tiles per image, none ragged (past 128 pixels, since the 64 x
// COM: 224 accumulators take 56 KiB, within 256 KiB); the micro-kernel keeps
// COM: 6 output channels x 4 vectors (24 accumulators) in registers,
// COM: 256 KiB / (4 B * 9 taps * 224 pixels) = 32 channels per chunk.
// CHECK-LABEL: func @avx512
// CHECK: deform.conv2d
// CHECK-SAME: config = #deform.cpu_config<tile = [1, 64, 4, 56], reduction = 32, vector = 16, register_tile = [6, 4]>
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @avx512(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                  %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
}

// -----

// COM: Wide rows: a 126-pixel row is one tile (whole rows up to 128
// COM: pixels; two rows waste as much); a 130-pixel row is split evenly,
// COM: 2 x 65 (no narrow remainder tile), 3 rows of them (195 pixels in 13
// COM: vectors, 6 tiles down the 18 rows) waste least.
// CHECK-LABEL: func @wide_rows
// CHECK: config = #deform.cpu_config<tile = [1, 16, 1, 126], reduction = 3,
// CHECK: config = #deform.cpu_config<tile = [1, 16, 3, 65], reduction = 3,
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @wide_rows(%x: tensor<32x3x128x128xf32>, %off: tensor<32x18x126x126xf32>, %w: tensor<16x3x3x3xf32>, %init: tensor<32x16x126x126xf32>,
                     %x2: tensor<4x3x20x132xf32>, %off2: tensor<4x18x18x130xf32>, %init2: tensor<4x16x18x130xf32>)
    -> (tensor<32x16x126x126xf32>, tensor<4x16x18x130xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<32x3x128x128xf32>, tensor<32x18x126x126xf32>, tensor<16x3x3x3xf32>)
       outs(%init : tensor<32x16x126x126xf32>) -> tensor<32x16x126x126xf32>
  %r2 = deform.conv2d ins(%x2, %off2, %w : tensor<4x3x20x132xf32>, tensor<4x18x18x130xf32>, tensor<16x3x3x3xf32>)
       outs(%init2 : tensor<4x16x18x130xf32>) -> tensor<4x16x18x130xf32>
  return %r, %r2 : tensor<32x16x126x126xf32>, tensor<4x16x18x130xf32>
}
}

// -----

// COM: AVX2 (8 f32 lanes, 16 registers): the same 224 pixels are 28 whole
// COM: vectors; 6 x 2 = 12 accumulators leave 4 registers for the columns
// COM: and the broadcast weight.
// CHECK-LABEL: func @avx2
// CHECK: deform.conv2d
// CHECK-SAME: config = #deform.cpu_config<tile = [1, 64, 4, 56], reduction = 32, vector = 8, register_tile = [6, 2]>
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16>} {
func.func @avx2(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
}

// -----

// COM: Where a ragged last tile wastes most: a 14 x 14 image is one tile of
// COM: 196 pixels (13 vectors; 9 rows would compute 2 x 128 for 196), its
// COM: 256 x 208 accumulators within 256 KiB. With 512 channels over 25 x 42
// COM: they would not be (512 x 224 x 4 B for 5 rows): 3 rows, 128 pixels.
// CHECK-LABEL: func @whole_image_tile
// CHECK: config = #deform.cpu_config<tile = [1, 256, 14, 14], reduction = 32,
// CHECK: config = #deform.cpu_config<tile = [1, 512, 3, 42], reduction = 32,
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @whole_image_tile(%x: tensor<8x256x14x14xf32>, %off: tensor<8x18x14x14xf32>, %w: tensor<256x256x3x3xf32>,
                            %init: tensor<8x256x14x14xf32>, %x2: tensor<2x512x25x42xf32>,
                            %off2: tensor<2x18x25x42xf32>, %w2: tensor<512x512x3x3xf32>,
                            %init2: tensor<2x512x25x42xf32>)
    -> (tensor<8x256x14x14xf32>, tensor<2x512x25x42xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x256x14x14xf32>, tensor<8x18x14x14xf32>, tensor<256x256x3x3xf32>)
       outs(%init : tensor<8x256x14x14xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x256x14x14xf32>
  %r2 = deform.conv2d ins(%x2, %off2, %w2 : tensor<2x512x25x42xf32>, tensor<2x18x25x42xf32>, tensor<512x512x3x3xf32>)
       outs(%init2 : tensor<2x512x25x42xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x512x25x42xf32>
  return %r, %r2 : tensor<8x256x14x14xf32>, tensor<2x512x25x42xf32>
}
}

// -----

// COM: A prime channel count: no divisor of 131 comes near the 35 channels
// COM: the column budget allows (256 KiB / (4 B * 9 taps * 208 pixels)), so
// COM: 4 equal chunks of 33 (the last 32), not 131 chunks of one channel.
// CHECK-LABEL: func @prime_channels
// CHECK: config = #deform.cpu_config<tile = [1, 129, 14, 14], reduction = 33,
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @prime_channels(%x: tensor<8x131x14x14xf32>, %off: tensor<8x18x14x14xf32>, %w: tensor<129x131x3x3xf32>,
                          %init: tensor<8x129x14x14xf32>) -> tensor<8x129x14x14xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x131x14x14xf32>, tensor<8x18x14x14xf32>, tensor<129x131x3x3xf32>)
       outs(%init : tensor<8x129x14x14xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x129x14x14xf32>
  return %r : tensor<8x129x14x14xf32>
}
}

// -----

// COM: f64 computes in f64: 8 lanes of a 512-bit register; a tile is one
// COM: row of 6 pixels (one padded vector), leaving 6 tiles for threads in
// COM: this single 6 x 6 image. A task takes all
// COM: 16 output channels (it samples once per block of 16 / 4 = 4 that share
// COM: an offset group).
// CHECK-LABEL: func @f64_groups
// CHECK: deform.conv2d
// CHECK-SAME: config = #deform.cpu_config<tile = [1, 16, 1, 6], reduction = 3, vector = 8, register_tile = [6, 4]>
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

// -----

// COM: A configuration already present (a tuner's, a user's) passes through
// COM: unchanged.
// CHECK-LABEL: func @user_config
// CHECK: deform.conv2d
// CHECK-SAME: config = #deform.cpu_config<tile = [2, 16, 5, 7], reduction = 4, vector = 8, register_tile = [3, 2]>
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @user_config(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                       %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {config = #deform.cpu_config<tile = [2, 16, 5, 7], reduction = 4, vector = 8, register_tile = [3, 2]>,
       pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
}

// -----

// COM: RoI pooling: mmcv tiles 4 rois x 64 channels, 16 channels per
// COM: vector on AVX-512; dcn_psroi tiles rois and is scalar.
// CHECK-LABEL: func @rois
// CHECK: deform.roi_pool mmcv
// CHECK-SAME: config = #deform.cpu_config<tile = [4, 64], vector = 16>
// CHECK: deform.roi_pool dcn_psroi
// CHECK-SAME: config = #deform.cpu_config<tile = [4], vector = 1>
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @rois(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>, %p: tensor<3x2x2x2xf32>)
    -> (tensor<3x8x2x2xf32>, tensor<3x2x2x2xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  %b = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%p : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return %a, %b : tensor<3x8x2x2xf32>, tensor<3x2x2x2xf32>
}
}

// -----

func.func @no_target(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) -> tensor<3x8x2x2xf32> {
  // expected-error @+1 {{'deform.roi_pool' op cannot be configured: the module has no 'deform.target' #deform.cpu_target (run deform-cpu-target)}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  return %a : tensor<3x8x2x2xf32>
}

// -----

// COM: A kernel size the verifier cannot check is reported, not divided by.
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @dynamic_kernel(%x: tensor<1x4x8x8xf32>, %off: tensor<1x?x6x6xf32>, %w: tensor<6x4x?x?xf32>,
                          %init: tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'deform.conv2d' op operand 'weight' dimension 2 (weight sizes) is dynamic ('tensor<6x4x?x?xf32>'); the CPU code generator needs it static}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x?x6x6xf32>, tensor<6x4x?x?xf32>)
       outs(%init : tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  return %r : tensor<1x6x6x6xf32>
}
}

// -----

// COM: A regular convolution (here the offset conv of a DCN block) gets the
// COM: same heuristic through its geometry, as a deform.config attribute;
// COM: one with a dynamic channel count is left to upstream's loops.
// CHECK-LABEL: func @offset_conv
// CHECK: linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<tile = [1, 18, 4, 56], reduction = 32, vector = 16, register_tile = [6, 4]>}
// CHECK-LABEL: func @dynamic_channels
// CHECK: linalg.conv_2d_nchw_fchw ins
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @offset_conv(%x: tensor<8x64x58x58xf32>, %w: tensor<18x64x3x3xf32>, %init: tensor<8x18x56x56xf32>) -> tensor<8x18x56x56xf32> {
  %r = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<8x64x58x58xf32>, tensor<18x64x3x3xf32>)
       outs(%init : tensor<8x18x56x56xf32>) -> tensor<8x18x56x56xf32>
  return %r : tensor<8x18x56x56xf32>
}
func.func @dynamic_channels(%x: tensor<8x?x58x58xf32>, %w: tensor<18x?x3x3xf32>, %init: tensor<8x18x56x56xf32>) -> tensor<8x18x56x56xf32> {
  %r = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<8x?x58x58xf32>, tensor<18x?x3x3xf32>)
       outs(%init : tensor<8x18x56x56xf32>) -> tensor<8x18x56x56xf32>
  return %r : tensor<8x18x56x56xf32>
}
}

// -----

// COM: A user's deform.config on a regular convolution is checked like a
// COM: conv2d's.
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>} {
func.func @bad_regular_config(%x: tensor<1x6x10x10xf32>, %w: tensor<18x6x3x3xf32>, %init: tensor<1x18x8x8xf32>) -> tensor<1x18x8x8xf32> {
  // expected-error @+1 {{'linalg.conv_2d_nchw_fchw' op configuration #deform.cpu_config<tile = [1, 18, 2, 8], reduction = 7, vector = 16, register_tile = [6, 4]>: field 'reduction' is 7, expected 1 to 6}}
  %r = linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<tile = [1, 18, 2, 8], reduction = 7, vector = 16, register_tile = [6, 4]>}
       ins(%x, %w : tensor<1x6x10x10xf32>, tensor<18x6x3x3xf32>) outs(%init : tensor<1x18x8x8xf32>) -> tensor<1x18x8x8xf32>
  return %r : tensor<1x18x8x8xf32>
}
}
