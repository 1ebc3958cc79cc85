// RUN: deform-opt %s -split-input-file -deform-configure-gpu -verify-diagnostics | FileCheck %s

// COM: conv2d: 64 output channels of one group x 2 rows of 56 columns per
// COM: workgroup, 8 channels x 4 pixels per thread (224 threads), 4 input
// COM: channels per shared-memory chunk (36 x 112 columns and 64 x 36
// COM: weights: 25 KiB).
// CHECK-LABEL: func @dcnv2
// CHECK: config = #deform.gpu_config<tile = [1, 64, 2, 56], thread_tile = [1, 8, 1, 4], reduction = 4, workgroup = [224, 1, 1], staging = columns_weights, registers = 96>
// COM: A small layer: the whole 10x10 image (columns rounded up to 12, a
// COM: multiple of the thread's 4 pixels), every input channel at once.
// CHECK-LABEL: func @small
// CHECK: config = #deform.gpu_config<tile = [1, 6, 10, 12], thread_tile = [1, 2, 1, 4], reduction = 3, workgroup = [90, 1, 1], staging = columns_weights, registers = 96>
// COM: f64 and an 11x11 kernel: one channel of columns fills the budget, so
// COM: the weights stay in global memory and the tile shrinks.
// CHECK-LABEL: func @big_kernel
// CHECK: config = #deform.gpu_config<tile = [1, 64, 1, 32], thread_tile = [1, 8, 1, 4], reduction = 1, workgroup = [64, 1, 1], staging = columns, registers = 96>
// COM: roi_pool: one roi and 256 channels (mmcv) or one roi (dcn_psroi)
// COM: per workgroup, its bins over 256 (128) threads.
// CHECK-LABEL: func @rois
// CHECK: deform.roi_pool mmcv {{.*}}config = #deform.gpu_config<tile = [1, 256], thread_tile = [1, 1], workgroup = [256, 1, 1]>
// CHECK: deform.roi_pool dcn_psroi {{.*}}config = #deform.gpu_config<tile = [1], thread_tile = [1], workgroup = [128, 1, 1]>
module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
func.func @dcnv2(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>, %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>) outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}
func.func @small(%x: tensor<1x3x12x12xf32>, %off: tensor<1x18x10x10xf32>, %w: tensor<6x3x3x3xf32>, %init: tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x3x12x12xf32>, tensor<1x18x10x10xf32>, tensor<6x3x3x3xf32>) outs(%init : tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32>
  return %r : tensor<1x6x10x10xf32>
}
func.func @big_kernel(%x: tensor<1x16x40x40xf64>, %off: tensor<1x242x30x30xf64>, %w: tensor<64x16x11x11xf64>, %init: tensor<1x64x30x30xf64>) -> tensor<1x64x30x30xf64> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x16x40x40xf64>, tensor<1x242x30x30xf64>, tensor<64x16x11x11xf64>) outs(%init : tensor<1x64x30x30xf64>) -> tensor<1x64x30x30xf64>
  return %r : tensor<1x64x30x30xf64>
}
func.func @rois(%x: tensor<2x256x50x84xf32>, %rois: tensor<512x5xf32>, %o: tensor<512x256x7x7xf32>, %p: tensor<300x21x7x7xf32>, %f: tensor<1x1029x38x63xf32>) -> (tensor<512x256x7x7xf32>, tensor<300x21x7x7xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<2x256x50x84xf32>, tensor<512x5xf32>) outs(%o : tensor<512x256x7x7xf32>) {spatial_scale = 0.0625 : f64, sampling_ratio = 2} -> tensor<512x256x7x7xf32>
  %rois2 = tensor.extract_slice %rois[0, 0] [300, 5] [1, 1] : tensor<512x5xf32> to tensor<300x5xf32>
  %b = deform.roi_pool dcn_psroi ins(%f, %rois2 : tensor<1x1029x38x63xf32>, tensor<300x5xf32>) outs(%p : tensor<300x21x7x7xf32>) {spatial_scale = 0.0625 : f64, group_size = 7, part_size = 7, sample_per_part = 4} -> tensor<300x21x7x7xf32>
  return %a, %b : tensor<512x256x7x7xf32>, tensor<300x21x7x7xf32>
}
}

// -----

// COM: A configuration already there (a tuner's, a user's) is kept.
// CHECK-LABEL: func @tuned
// CHECK: config = #deform.gpu_config<tile = [1, 6, 1, 4], thread_tile = [1, 6, 1, 1], reduction = 1, workgroup = [4, 1, 1], staging = columns>
module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
func.func @tuned(%x: tensor<1x3x12x12xf32>, %off: tensor<1x18x10x10xf32>, %w: tensor<6x3x3x3xf32>, %init: tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x3x12x12xf32>, tensor<1x18x10x10xf32>, tensor<6x3x3x3xf32>) outs(%init : tensor<1x6x10x10xf32>)
       {config = #deform.gpu_config<tile = [1, 6, 1, 4], thread_tile = [1, 6, 1, 1], reduction = 1, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x10x10xf32>
  return %r : tensor<1x6x10x10xf32>
}
}

// -----

func.func @no_target(%x: tensor<1x3x12x12xf32>, %off: tensor<1x18x10x10xf32>, %w: tensor<6x3x3x3xf32>, %init: tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32> {
  // expected-error @+1 {{'deform.conv2d' op cannot be configured: the module has no 'deform.target' #deform.gpu_target (run deform-gpu-target)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x3x12x12xf32>, tensor<1x18x10x10xf32>, tensor<6x3x3x3xf32>) outs(%init : tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32>
  return %r : tensor<1x6x10x10xf32>
}

// -----

module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
func.func @dynamic_pooled(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x?x2xf32>) -> tensor<3x8x?x2xf32> {
  // expected-error @+1 {{'deform.roi_pool' op operand 'output' dimension 2 (output channels and pooled sizes) is dynamic ('tensor<3x8x?x2xf32>'); the GPU code generator needs it static}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x?x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x8x?x2xf32>
  return %a : tensor<3x8x?x2xf32>
}
}
