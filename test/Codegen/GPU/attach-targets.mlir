// RUN: deform-opt %s -deform-gpu-attach-targets="libdevice=%S/Inputs/fake-libdevice.bc" | FileCheck %s
// RUN: not deform-opt %s -deform-gpu-attach-targets="libdevice=%t.missing.bc" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not deform-opt %S/Inputs/no-target.mlir -deform-gpu-attach-targets 2>&1 | FileCheck %s --check-prefix=NOTARGET

// COM: One NVVM target per chip of the module's GPU target, O3, the PTX
// COM: version as a feature, libdevice linked.
// CHECK: gpu.module @deform_kernels [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80", link = ["{{.*}}fake-libdevice.bc"]>, #nvvm.target<O = 3, chip = "sm_90", features = "+ptx80", link = ["{{.*}}fake-libdevice.bc"]>]
// MISSING: error: deform-gpu-attach-targets: libdevice '{{.*}}.missing.bc' does not exist
// NOTARGET: error: deform-gpu-attach-targets: the module has no 'deform.target' #deform.gpu_target (run deform-gpu-target)
module attributes {gpu.container_module, deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>} {
  gpu.module @deform_kernels {
  }
}
