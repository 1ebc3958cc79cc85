// The PTX of every kernel flavour (Inputs/kernels.mlir), as the driver or
// ptxas sees it, for both chips: one entry per deform op, one 64-bit
// pointer parameter per buffer (bare-pointer ABI: no memref descriptors,
// no scalars), the configured workgroup as .maxntid, no local memory (no
// stack, no spills), no calls and no unresolved libdevice functions, the
// read-only inputs through the non-coherent read-only path (ld.global.nc),
// the fused convolutions with FMAs and 16-byte shared-memory loads.
// RUN: rm -rf %t && deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline="ptx-dir=%t" -o /dev/null 2>&1
// RUN: FileCheck %s --input-file=%t/deform_kernels.sm_80.ptx --check-prefixes=CHECK,SM80
// RUN: FileCheck %s --input-file=%t/deform_kernels.sm_90.ptx --check-prefixes=CHECK,SM90
// RUN: FileCheck %s --input-file=%t/deform_kernels.sm_90.ptx --check-prefix=NEVER
// COM: The scalar path's kernels (one thread per thread tile) too.
// RUN: rm -rf %t.scalar && deform-opt %S/Inputs/kernels.mlir --deform-gpu-pipeline="scalar=1 ptx-dir=%t.scalar" -o /dev/null 2>&1
// RUN: FileCheck %s --input-file=%t.scalar/deform_kernels.sm_90.ptx --check-prefix=NEVER

// SM80: .version 8.0
// SM80: .target sm_80
// SM90: .target sm_90
// CHECK: .address_size 64
// NEVER-NOT: .local
// NEVER-NOT: call
// NEVER-NOT: .extern
// NEVER-NOT: __nv_

// CHECK-LABEL: .visible .entry dcnv2_conv2d(
// CHECK-COUNT-6: .param .u64 .ptr .align 1 dcnv2_conv2d_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 224, 1, 1
// CHECK: ld.global.nc
// CHECK: bar.sync 0
// CHECK: ld.shared.v{{[24]}}
// CHECK: fma.rn.f{{32|64}}

// CHECK-LABEL: .visible .entry tf_layer_conv2d(
// CHECK-COUNT-5: .param .u64 .ptr .align 1 tf_layer_conv2d_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 32, 1, 1
// CHECK: ld.global.nc
// CHECK: bar.sync 0
// CHECK: ld.shared.v{{[24]}}
// CHECK: fma.rn.f{{32|64}}

// CHECK-LABEL: .visible .entry grouped_conv2d(
// CHECK-COUNT-5: .param .u64 .ptr .align 1 grouped_conv2d_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 128, 1, 1
// CHECK: ld.global.nc
// CHECK: bar.sync 0
// CHECK: ld.shared.v{{[24]}}
// CHECK: fma.rn.f{{32|64}}

// CHECK-LABEL: .visible .entry dcn_f16_conv2d(
// CHECK-COUNT-4: .param .u64 .ptr .align 1 dcn_f16_conv2d_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 120, 1, 1
// CHECK: ld.global.nc
// CHECK: bar.sync 0
// CHECK: ld.shared.v{{[24]}}
// CHECK: fma.rn.f{{32|64}}

// CHECK-LABEL: .visible .entry dcn_bf16_conv2d(
// CHECK-COUNT-4: .param .u64 .ptr .align 1 dcn_bf16_conv2d_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 120, 1, 1
// CHECK: ld.global.nc
// CHECK: bar.sync 0
// CHECK: ld.shared.v{{[24]}}
// CHECK: fma.rn.f{{32|64}}

// CHECK-LABEL: .visible .entry dcn_f64_conv2d(
// CHECK-COUNT-4: .param .u64 .ptr .align 1 dcn_f64_conv2d_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 120, 1, 1
// CHECK: ld.global.nc
// CHECK: bar.sync 0
// CHECK: ld.shared.v{{[24]}}
// CHECK: fma.rn.f{{32|64}}

// CHECK-LABEL: .visible .entry mmcv_roi_pool(
// CHECK-COUNT-5: .param .u64 .ptr .align 1 mmcv_roi_pool_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 256, 1, 1
// CHECK: ld.global.nc

// CHECK-LABEL: .visible .entry psroi_roi_pool(
// CHECK-COUNT-5: .param .u64 .ptr .align 1 psroi_roi_pool_param_{{[0-9]}}
// CHECK-NEXT: )
// CHECK-NEXT: .maxntid 128, 1, 1
// CHECK: ld.global.nc
