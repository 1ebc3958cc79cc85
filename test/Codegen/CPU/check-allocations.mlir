// RUN: deform-opt %s -deform-cpu-check-allocations | FileCheck %s

// COM: Allocations go through the runtime; a NULL returns at once (zero
// COM: results), before the pointer is used. Frees go to the runtime's
// COM: scratch cache.
// CHECK-LABEL: llvm.func @scratch(
// CHECK:   %[[P:.*]] = llvm.call @deform_kernel_alloc(%{{.*}}) : (i64) -> !llvm.ptr
// CHECK:   %[[Z:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK:   %[[NULL:.*]] = llvm.icmp "eq" %[[P]], %[[Z]] : !llvm.ptr
// CHECK:   llvm.cond_br %[[NULL]], ^[[FAILED:.*]], ^[[OK:.*]]
// CHECK: ^[[FAILED]]:
// CHECK:   llvm.return
// CHECK: ^[[OK]]:
// CHECK:   llvm.store %{{.*}}, %[[P]]
// CHECK:   llvm.call @deform_kernel_free(%[[P]]) : (!llvm.ptr) -> ()
// CHECK-LABEL: llvm.func @result(
// CHECK:   llvm.call @deform_kernel_alloc
// CHECK:   llvm.cond_br
// CHECK:   %[[ZERO:.*]] = llvm.mlir.zero : !llvm.struct<(ptr, i64)>
// CHECK:   llvm.return %[[ZERO]] : !llvm.struct<(ptr, i64)>
// CHECK-DAG: llvm.func @deform_kernel_free(!llvm.ptr)
// CHECK-DAG: llvm.func @deform_kernel_alloc(i64) -> !llvm.ptr
// CHECK-NOT: llvm.call @{{malloc|free}}
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @free(!llvm.ptr)
llvm.func @scratch(%n: i64, %v: f32) {
  %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
  llvm.store %v, %p : f32, !llvm.ptr
  llvm.call @free(%p) : (!llvm.ptr) -> ()
  llvm.return
}
llvm.func @result(%n: i64) -> !llvm.struct<(ptr, i64)> {
  %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
  %u = llvm.mlir.undef : !llvm.struct<(ptr, i64)>
  %s = llvm.insertvalue %p, %u[0] : !llvm.struct<(ptr, i64)>
  %t = llvm.insertvalue %n, %s[1] : !llvm.struct<(ptr, i64)>
  llvm.return %t : !llvm.struct<(ptr, i64)>
}
