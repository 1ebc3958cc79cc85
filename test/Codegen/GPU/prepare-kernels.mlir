// RUN: deform-opt %s -split-input-file -deform-gpu-prepare-kernels -verify-diagnostics | FileCheck %s

// COM: The shared buffer becomes a 16-byte aligned workgroup attribution;
// COM: every argument is noalias, the ones the kernel only reads (through
// COM: views too) are readonly; the kernel gets its register budget
// COM: (recorded by deform-gpu-map-launch), the module loses the record.
// CHECK-NOT: deform.kernel_registers
// CHECK-LABEL: gpu.func @k(
// CHECK-SAME: %{{.*}}: memref<16xf32> {llvm.noalias, llvm.readonly}
// CHECK-SAME: %{{.*}}: memref<4x4xf32> {llvm.noalias, llvm.readonly}
// CHECK-SAME: %{{.*}}: memref<16xf32> {llvm.noalias})
// CHECK-SAME: workgroup(%[[S:.*]] : memref<16xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK-SAME: kernel attributes {nvvm.maxnreg = 96 : i32}
// CHECK-NOT: memref.alloc
// CHECK: memref.store %{{.*}}, %[[S]]
// CHECK-NOT: memref.dealloc
module attributes {gpu.container_module, deform.kernel_registers = {k = 96 : i64}} {
  gpu.module @deform_kernels {
    gpu.func @k(%in: memref<16xf32>, %view: memref<4x4xf32>, %out: memref<16xf32>) kernel {
      %t = gpu.thread_id x
      %c0 = arith.constant 0 : index
      %s = memref.alloc() : memref<16xf32, #gpu.address_space<workgroup>>
      %v = memref.load %in[%t] : memref<16xf32>
      %sub = memref.subview %view[0, 0] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1]>>
      %w = memref.load %sub[%c0, %c0] : memref<2x2xf32, strided<[4, 1]>>
      %sum = arith.addf %v, %w : f32
      memref.store %sum, %s[%t] : memref<16xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %r = memref.load %s[%c0] : memref<16xf32, #gpu.address_space<workgroup>>
      memref.store %r, %out[%t] : memref<16xf32>
      memref.dealloc %s : memref<16xf32, #gpu.address_space<workgroup>>
      gpu.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @deform_kernels {
    // expected-error @+1 {{'gpu.func' op argument 1 has type 'index'; the launch plan passes buffers only (a value computed outside the kernel was not sunk into it)}}
    gpu.func @k(%in: memref<16xf32>, %n: index) kernel {
      gpu.return
    }
  }
}
