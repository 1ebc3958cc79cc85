// REQUIRES: gpu-emulator
// deform-run --device=cuda on the emulating driver: the kernels compiled
// for the host run the fused convolution's and the RoI pooling's logic, and
// the results match the float64 reference.
// RUN: env DEFORM_CUDA_DRIVER_PATH=%emu-cuda-driver deform-run %S/deform-run-cuda.mlir --device=cuda --gpu-emulate --random-inputs --check | FileCheck %s
// RUN: env DEFORM_CUDA_DRIVER_PATH=%emu-cuda-driver deform-run %S/deform-run-cuda.mlir --device=cuda --gpu-emulate --scalar --random-inputs --check | FileCheck %s
// RUN: env DEFORM_CUDA_DRIVER_PATH=%emu-cuda-driver deform-run %s --device=cuda --gpu-emulate --random-inputs --check | FileCheck %s --check-prefix=ROI
// CHECK: device: Fake CUDA device (compute capability 9.0), kernels: emulated
// CHECK: check: result 0: relative L2 error {{.*}}: PASS (limit 1e-05)
// ROI: check: result 0: relative L2 error {{.*}}: PASS (limit 1e-05)
// ROI: check: result 1: relative L2 error {{.*}}: PASS (limit 1e-05)
func.func @main(%feat: tensor<1x72x19x23xf32>, %rois: tensor<11x5xf32>, %t: tensor<11x4x3x3xf32>)
    -> (tensor<11x8x3x3xf32>, tensor<11x8x3x3xf32>) {
  %o = tensor.empty() : tensor<11x8x3x3xf32>
  %n = tensor.empty() : tensor<11x8x3x3xf32>
  %r:2 = deform.roi_pool dcn_psroi ins(%feat, %rois : tensor<1x72x19x23xf32>, tensor<11x5xf32>)
       offset(%t : tensor<11x4x3x3xf32>) outs(%o, %n : tensor<11x8x3x3xf32>, tensor<11x8x3x3xf32>)
       {spatial_scale = 0.25 : f64, group_size = 3, part_size = 3, sample_per_part = 2, trans_std = 0.1 : f64}
       -> tensor<11x8x3x3xf32>, tensor<11x8x3x3xf32>
  return %r#0, %r#1 : tensor<11x8x3x3xf32>, tensor<11x8x3x3xf32>
}
