// deform-run --device=cuda without a GPU: the driver is loaded at run time,
// and without one it says so plainly and fails.
// RUN: env DEFORM_CUDA_DRIVER_PATH=%no-cuda-driver not deform-run %s --device=cuda --random-inputs 2>&1 | FileCheck %s --check-prefix=NODRIVER
// NODRIVER: deform-run: --device=cuda: deform_context_create: no CUDA driver was found (dlopen("{{.*}}no-such-libcuda.so") failed: {{.*}})
// COM: On the fake driver the launch plan runs (the fake checks that every
// COM: kernel parameter is a live allocation; the kernels do not compute).
// RUN: env DEFORM_CUDA_DRIVER_PATH=%fake-cuda-driver deform-run %s --device=cuda --random-inputs --benchmark=2 | FileCheck %s --check-prefix=FAKE
// FAKE: device: Fake CUDA device (compute capability 9.0), kernels: {{fatbin|PTX}}
// FAKE: runs: 2
// COM: Only deform ops run on the GPU; static shapes only.
// RUN: env DEFORM_CUDA_DRIVER_PATH=%fake-cuda-driver not deform-run %S/Inputs/conv-relu.mlir --device=cuda --random-inputs 2>&1 | FileCheck %s --check-prefix=HOST
// HOST: error: 'linalg.generic' op is host code the GPU launch plan cannot run (it holds kernel launches, static buffers and copies only): only deform ops run on the GPU
// RUN: env DEFORM_CUDA_DRIVER_PATH=%fake-cuda-driver not deform-run %S/deform-run-dynamic.mlir --device=cuda --random-inputs 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: deform-run: @main argument 0 is a tensor<?x6x?x?xf32>: the CUDA path compiles static shapes only
func.func @main(%x: tensor<2x8x12x12xf32>, %off: tensor<2x18x10x10xf32>, %w: tensor<8x8x3x3xf32>,
                %m: tensor<2x9x10x10xf32>, %b: tensor<8xf32>) -> tensor<2x8x10x10xf32> {
  %init = tensor.empty() : tensor<2x8x10x10xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x8x12x12xf32>, tensor<2x18x10x10xf32>, tensor<8x8x3x3xf32>)
       mask(%m : tensor<2x9x10x10xf32>) bias(%b : tensor<8xf32>)
       outs(%init : tensor<2x8x10x10xf32>) -> tensor<2x8x10x10xf32>
  return %r : tensor<2x8x10x10xf32>
}
