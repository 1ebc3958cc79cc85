// RUN: deform-opt %s -deform-gpu-emulate | FileCheck %s

// COM: Kernels for the host: the gpu.module becomes a binary whose one
// COM: object is the emulated image (its header, then LLVM bitcode).
// CHECK-NOT: gpu.module
// CHECK: gpu.binary @deform_kernels {{ *}}[#gpu.object<#nvvm.target, properties = {deform.emulated}, offload = "DFEMU\00\00\01{{.*}}BC\C0\DE
module attributes {gpu.container_module} {
  gpu.module @deform_kernels {
    gpu.func @k(%a: memref<64xf32>) workgroup(%s : memref<64xf32, #gpu.address_space<workgroup>>) kernel
        attributes {known_block_size = array<i32: 64, 1, 1>, known_grid_size = array<i32: 1, 1, 1>} {
      %t = gpu.thread_id x
      %v = memref.load %a[%t] : memref<64xf32>
      memref.store %v, %s[%t] : memref<64xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %c0 = arith.constant 0 : index
      %w = memref.load %s[%c0] : memref<64xf32, #gpu.address_space<workgroup>>
      memref.store %w, %a[%t] : memref<64xf32>
      gpu.return
    }
  }
}
