// Each error names the option or attribute and the value.
// RUN: not deform-opt %s -deform-gpu-target=chips=gfx90a 2>&1 | FileCheck %s --check-prefix=CHIP
// CHIP: error: deform-gpu-target: unknown chip 'gfx90a' (expected sm_XY with a compute capability from 50 to 199, e.g. sm_80 or sm_90)
// RUN: not deform-opt %s -deform-gpu-target=chips=sm_80,sm_80 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: deform-gpu-target: chip 'sm_80' is given twice
// RUN: not deform-opt %s -deform-gpu-target="chips=sm_90 ptx=70" 2>&1 | FileCheck %s --check-prefix=PTX
// PTX: error: deform-gpu-target: ptx 70 cannot target sm_90 (it needs PTX 7.8, ptx=78, or newer)
// RUN: not deform-opt %s -deform-gpu-target="ptx=500" 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: error: deform-gpu-target: ptx 500 is not a PTX ISA version from 60 to 199 (80 is PTX 8.0)
// RUN: not deform-opt %S/Inputs/cpu-target.mlir -deform-gpu-target 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: deform-gpu-target: the module's deform.target is #deform.cpu_target<{{.*}}>, expected a #deform.gpu_target
module {
}
