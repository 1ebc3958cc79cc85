// REQUIRES: ptxas
// ptxas assembles every kernel for sm_80 and sm_90 without stack or
// spills (the fused convolutions' register tiles fit).
// RUN: rm -rf %t && deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline="ptx-dir=%t" -o /dev/null 2>&1
// RUN: %ptxas -v -O3 -arch=sm_80 %t/deform_kernels.sm_80.ptx -o %t/k80.cubin 2>&1 | FileCheck %s --check-prefix=SM80
// RUN: %ptxas -v -O3 -arch=sm_90 %t/deform_kernels.sm_90.ptx -o %t/k90.cubin 2>&1 | FileCheck %s --check-prefix=SM90
// SM80: Compiling entry function 'psroi_roi_pool' for 'sm_80'
// SM80-NEXT: Function properties for psroi_roi_pool
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'mmcv_roi_pool' for 'sm_80'
// SM80-NEXT: Function properties for mmcv_roi_pool
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'dcn_f64_conv2d' for 'sm_80'
// SM80-NEXT: Function properties for dcn_f64_conv2d
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'dcn_bf16_conv2d' for 'sm_80'
// SM80-NEXT: Function properties for dcn_bf16_conv2d
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'dcn_f16_conv2d' for 'sm_80'
// SM80-NEXT: Function properties for dcn_f16_conv2d
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'grouped_conv2d' for 'sm_80'
// SM80-NEXT: Function properties for grouped_conv2d
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'tf_layer_conv2d' for 'sm_80'
// SM80-NEXT: Function properties for tf_layer_conv2d
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM80: Compiling entry function 'dcnv2_conv2d' for 'sm_80'
// SM80-NEXT: Function properties for dcnv2_conv2d
// SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'psroi_roi_pool' for 'sm_90'
// SM90-NEXT: Function properties for psroi_roi_pool
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'mmcv_roi_pool' for 'sm_90'
// SM90-NEXT: Function properties for mmcv_roi_pool
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'dcn_f64_conv2d' for 'sm_90'
// SM90-NEXT: Function properties for dcn_f64_conv2d
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'dcn_bf16_conv2d' for 'sm_90'
// SM90-NEXT: Function properties for dcn_bf16_conv2d
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'dcn_f16_conv2d' for 'sm_90'
// SM90-NEXT: Function properties for dcn_f16_conv2d
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'grouped_conv2d' for 'sm_90'
// SM90-NEXT: Function properties for grouped_conv2d
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'tf_layer_conv2d' for 'sm_90'
// SM90-NEXT: Function properties for tf_layer_conv2d
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
// SM90: Compiling entry function 'dcnv2_conv2d' for 'sm_90'
// SM90-NEXT: Function properties for dcnv2_conv2d
// SM90-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads

// COM: And the kernels of the benchmark suite's shapes (bench/suite.json).
// RUN: rm -rf %t.bench && %python %deform_src_root/bench/gpu_cases.py --out %t.bench
// RUN: deform-opt %t.bench/bench_cases.mlir --deform-gpu-pipeline="ptx-dir=%t.bench" -o /dev/null 2>&1
// RUN: %ptxas -v -O3 -arch=sm_80 %t.bench/deform_kernels.sm_80.ptx -o %t.bench/k80.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// RUN: %ptxas -v -O3 -arch=sm_90 %t.bench/deform_kernels.sm_90.ptx -o %t.bench/k90.cubin 2>&1 | FileCheck %s --check-prefix=NOSPILL
// NOSPILL-NOT: {{[1-9][0-9]*}} bytes spill
// NOSPILL: Compiling entry function 'seed_conv2d'
// NOSPILL-NOT: {{[1-9][0-9]*}} bytes spill
