// RUN: deform-opt %s -split-input-file --deform-gpu-pipeline -verify-diagnostics

// COM: Static shapes only: a dynamic batch leaves the workgroup loop's
// COM: bounds dynamic.
func.func @dynamic(%x: tensor<?x4x8x8xf32>, %off: tensor<?x18x6x6xf32>, %w: tensor<4x4x3x3xf32>, %init: tensor<?x4x6x6xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+1 {{'scf.forall' op has dynamic bounds; a GPU workgroup loop needs static shapes (the GPU pipeline compiles static shapes only)}}
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x4x8x8xf32>, tensor<?x18x6x6xf32>, tensor<4x4x3x3xf32>) outs(%init : tensor<?x4x6x6xf32>) -> tensor<?x4x6x6xf32>
  return %r : tensor<?x4x6x6xf32>
}
