// RUN: deform-opt %s -split-input-file -deform-gpu-fatbin -verify-diagnostics

// COM: PTX that still calls libdevice cannot be assembled.
module attributes {gpu.container_module} {
  // expected-error-re @+1 {{'gpu.binary' op has PTX for sm_80 that calls libdevice function __nv_expf, which was not linked: give deform-gpu-attach-targets libdevice (looked at {{.*}})}}
  gpu.binary @deform_kernels [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = ".version 8.0\0A.target sm_80\0A.extern .func __nv_expf(\0A">]
}

// -----

module attributes {gpu.container_module} {
  // expected-error @+1 {{'gpu.binary' op has object #gpu.object<#nvvm.target<chip = "sm_80">, bin = "x">; deform-gpu-fatbin expects NVVM PTX (run gpu-module-to-binary{format=isa} first)}}
  gpu.binary @deform_kernels [#gpu.object<#nvvm.target<chip = "sm_80">, bin = "x">]
}
