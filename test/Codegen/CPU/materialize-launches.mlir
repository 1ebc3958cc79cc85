// RUN: deform-opt %s -deform-cpu-materialize-launches | FileCheck %s

// COM: A launch stub (after the conversion to LLVM) packs the context and
// COM: the captured values into a stack struct and hands the runtime an
// COM: entry point that unpacks them and runs the tiles.
// CHECK-LABEL: llvm.func internal @tiles(
// CHECK-LABEL: llvm.func internal @tiles__entry(
// CHECK-SAME: %[[FIRST:.*]]: i64, %[[LAST:.*]]: i64, %[[ARGS:.*]]: !llvm.ptr)
// CHECK:   %[[P0:.*]] = llvm.getelementptr %[[ARGS]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i64, f32)>
// CHECK:   %[[CTX:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// CHECK:   %[[P1:.*]] = llvm.getelementptr %[[ARGS]][0, 1]
// CHECK:   %[[A:.*]] = llvm.load %[[P1]] : !llvm.ptr -> i64
// CHECK:   %[[P2:.*]] = llvm.getelementptr %[[ARGS]][0, 2]
// CHECK:   %[[B:.*]] = llvm.load %[[P2]] : !llvm.ptr -> f32
// CHECK:   llvm.call @tiles(%[[CTX]], %[[FIRST]], %[[LAST]], %[[A]], %[[B]])
// CHECK-LABEL: llvm.func internal @tiles__launch(
// CHECK-SAME: %[[C:.*]]: !llvm.ptr, %[[N:.*]]: i64, %{{.*}}: i64, %{{.*}}: f32)
// CHECK:   %[[S:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, i64, f32)>
// CHECK-COUNT-3: llvm.store
// CHECK:   %[[E:.*]] = llvm.mlir.addressof @tiles__entry
// CHECK:   llvm.call @deform_kernel_parallel_for(%[[C]], %[[N]], %[[E]], %[[S]])
// CHECK: llvm.func @deform_kernel_parallel_for(!llvm.ptr, i64, !llvm.ptr, !llvm.ptr)
llvm.func @tiles(%ctx: !llvm.ptr, %first: i64, %last: i64, %a: i64, %b: f32) {
  llvm.return
}
llvm.func @tiles__launch(!llvm.ptr, i64, i64, f32) attributes {deform.launch = @tiles}
