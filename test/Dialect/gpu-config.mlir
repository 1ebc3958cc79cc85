// RUN: deform-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// #deform.gpu_config and #deform.gpu_target: printing, parsing, and every
// verifier message (conv2d: C = 8, OC = 6, 2 weight groups, 3x3, so 3
// output channels share a weight group and 4 input channels; roi_pool:
// 8 channels, 3 rois).

// CHECK: module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>}
// CHECK-LABEL: func @configured
// CHECK: deform.conv2d {{.*}} {config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns_weights, registers = 96>, groups = 2 : i64}
// CHECK: deform.roi_pool mmcv {{.*}} {config = #deform.gpu_config<tile = [1, 8], thread_tile = [1, 1], workgroup = [32, 1, 1]>, spatial_scale = 5.000000e-01 : f64}
module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
func.func @configured(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>,
                      %f: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>)
    -> (tensor<1x6x6x6xf32>, tensor<3x8x2x2xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns_weights, registers = 96>} -> tensor<1x6x6x6xf32>
  %p = deform.roi_pool mmcv ins(%f, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [1, 8], thread_tile = [1, 1], workgroup = [32, 1, 1]>} -> tensor<3x8x2x2xf32>
  return %r, %p : tensor<1x6x6x6xf32>, tensor<3x8x2x2xf32>
}
}

// -----

func.func @config_tile_count(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{'deform.conv2d' op configuration #deform.gpu_config<tile = [1, 3, 2], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>: field 'tile' has 3 values, expected 4 (batch, output channels, output rows, output columns)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_thread_count(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'thread_tile' has 3 values, expected 4 (batch, output channels, output rows, output columns)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_thread_range(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'thread_tile' value 1 is 65, expected 1 to 64}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 65, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_workgroup_count(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'workgroup' has 2 values, expected 3 (x, y, z)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_workgroup_range(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'workgroup' value 0 is 0, expected 1 to 1024}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [0, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_workgroup_size(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'workgroup' has 2048 threads, expected at most 1024}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [1024, 2, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_images(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'tile' has 2 images, expected 1 (one image per workgroup)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [2, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_thread_shape(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'thread_tile' is [1, 3, 2, 2], expected [1, oc, 1, pixels] (a thread keeps consecutive pixels of one row)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 2, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_accumulators(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'thread_tile' holds 128 accumulators, expected at most 64}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 16, 1, 8], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_thread_divides(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'thread_tile' is [1, 2, 1, 2], expected output channels dividing 3 and pixels dividing 4 (the workgroup tile)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 2, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_staging(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'staging' is none, expected columns or columns_weights (the fused kernel samples its columns into shared memory)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1]>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_block(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'tile' has 6 output channels, expected a divisor of 3 (the output channels that share one weight group and one offset group)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 6, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [8, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_reduction_range(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'reduction' is 0, expected 1 to 8}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_reduction_divides(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'reduction' is 3, expected a divisor of 4 (the input channels of one weight group that share one offset group)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 3, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_pixels(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'tile' has 300 x 300 pixels, expected at most 65536}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 300, 300], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_threads(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'workgroup' has 8 threads, expected 4 (one per thread tile: 1 x 2 x 2)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [8, 1, 1], staging = columns>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_shared(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'reduction' is 4: the workgroup's shared memory (18432 column and 108 weight elements of 4 bytes) is 74160 bytes, expected at most 49152}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 16, 32], thread_tile = [1, 1, 1, 16], reduction = 4, workgroup = [96, 1, 1], staging = columns_weights>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @config_registers(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>, %init: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{field 'registers' is 300, expected 16 to 255}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>) outs(%init : tensor<1x6x6x6xf32>)
       {groups = 2, config = #deform.gpu_config<tile = [1, 3, 2, 4], thread_tile = [1, 3, 1, 2], reduction = 2, workgroup = [4, 1, 1], staging = columns, registers = 300>} -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @roi_tile(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'tile' has 1 values, expected 2 (rois, channels)}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [4], thread_tile = [1], workgroup = [32, 1, 1]>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_thread(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'thread_tile' has 1 values, expected 2 (rois, channels)}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [1, 8], thread_tile = [1], workgroup = [32, 1, 1]>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_reduction(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'reduction' is not used by the mmcv variant; remove it}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [1, 8], thread_tile = [1, 1], reduction = 4, workgroup = [32, 1, 1]>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_staging(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'staging' is columns, expected none for the mmcv variant}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [1, 8], thread_tile = [1, 1], workgroup = [32, 1, 1], staging = columns>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @roi_workgroup(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>) {
  // expected-error @+1 {{field 'workgroup' has 16 threads, expected at least 32 (one per thread tile)}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [4, 8], thread_tile = [1, 1], workgroup = [16, 1, 1]>} -> tensor<3x8x2x2xf32>
  return
}

// -----

func.func @psroi_tile(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x2x2x2xf32>) {
  // expected-error @+1 {{field 'tile' has 2 values, expected 1 (rois)}}
  %a = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2,
        config = #deform.gpu_config<tile = [2, 2], thread_tile = [1, 1], workgroup = [32, 1, 1]>} -> tensor<3x2x2x2xf32>
  return
}

// -----

// expected-error @+1 {{#deform.gpu_target chip 30 is not a compute capability from 50 to 199 (80 is sm_80)}}
module attributes {deform.target = #deform.gpu_target<chips = [30], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
}

// -----

// expected-error @+1 {{#deform.gpu_target ptx is 50, expected a PTX ISA version from 60 to 199 (80 is PTX 8.0)}}
module attributes {deform.target = #deform.gpu_target<chips = [80], ptx = 50, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
}

// -----

// expected-error @+1 {{#deform.gpu_target max_threads is 16, expected 32 to 1024}}
module attributes {deform.target = #deform.gpu_target<chips = [80], ptx = 80, max_threads = 16, shared_memory = 49152, registers = 65536>} {
}

// -----

// expected-error @+1 {{#deform.gpu_target shared_memory is 100000, expected 1024 to 49152 bytes (static shared memory)}}
module attributes {deform.target = #deform.gpu_target<chips = [80], ptx = 80, max_threads = 1024, shared_memory = 100000, registers = 65536>} {
}

// -----

// expected-error @+1 {{#deform.gpu_target registers is 10, expected 1024 to 1048576}}
module attributes {deform.target = #deform.gpu_target<chips = [80], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 10>} {
}


