// REQUIRES: ptxas
// RUN: deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline 2>&1 | FileCheck %s
// COM: With a CUDA toolkit: one fatbin object (a fatbin's magic is
// COM: 0xBA55ED50), no warning.
// CHECK-NOT: warning
// CHECK: gpu.binary @deform_kernels {{ *}}[#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80"{{.*}}>, "P\EDU\BA
// RUN: not deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline="ptxas=%t.none/ptxas" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: deform-gpu-fatbin: ptxas '{{.*}}.none/ptxas' does not exist
