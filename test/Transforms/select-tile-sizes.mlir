// RUN: deform-opt %s -split-input-file -deform-select-tile-sizes | FileCheck %s
// RUN: deform-opt %s -split-input-file -deform-select-tile-sizes="rows=2 columns=8 channels=4" | FileCheck %s --check-prefix=OVERRIDE

// COM: 56 columns per row; 2 rows make 112 pixels = 7 whole vectors of 16.
// COM: Channels: 64 KiB / (4 B * 9 taps * 112 pixels) = 16.
// CHECK-LABEL: func @conv
// CHECK: deform.conv2d
// CHECK-SAME: deform.tile_sizes = array<i64: 1, 2, 56, 16>
// OVERRIDE-LABEL: func @conv
// OVERRIDE: deform.tile_sizes = array<i64: 1, 2, 8, 4>
func.func @conv(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}

// -----

// COM: A configuration already present (a tuner's, a user's) is kept.
// CHECK-LABEL: func @tuned
// CHECK: deform.tile_sizes = array<i64: 2, 3, 5, 7>
// OVERRIDE-LABEL: func @tuned
// OVERRIDE: deform.tile_sizes = array<i64: 2, 3, 5, 7>
func.func @tuned(%x: tensor<8x64x56x56xf32>, %off: tensor<8x18x56x56xf32>, %w: tensor<64x64x3x3xf32>,
                 %init: tensor<8x64x56x56xf32>) -> tensor<8x64x56x56xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<8x64x56x56xf32>, tensor<8x18x56x56xf32>, tensor<64x64x3x3xf32>)
       outs(%init : tensor<8x64x56x56xf32>) {deform.tile_sizes = array<i64: 2, 3, 5, 7>, pads = array<i64: 1, 1, 1, 1>} -> tensor<8x64x56x56xf32>
  return %r : tensor<8x64x56x56xf32>
}

// -----

// CHECK-LABEL: func @rois
// CHECK: deform.roi_pool mmcv
// CHECK-SAME: deform.tile_sizes = array<i64: 4, 64>
// CHECK: deform.roi_pool dcn_psroi
// CHECK-SAME: deform.tile_sizes = array<i64: 4>
func.func @rois(%x: tensor<1x8x10x10xf32>, %rois: tensor<3x5xf32>, %o: tensor<3x8x2x2xf32>, %p: tensor<3x2x2x2xf32>)
    -> (tensor<3x8x2x2xf32>, tensor<3x2x2x2xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%o : tensor<3x8x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<3x8x2x2xf32>
  %b = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<3x5xf32>) outs(%p : tensor<3x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2} -> tensor<3x2x2x2xf32>
  return %a, %b : tensor<3x8x2x2xf32>, tensor<3x2x2x2xf32>
}
