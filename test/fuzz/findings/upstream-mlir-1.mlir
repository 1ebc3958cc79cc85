llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @scratch(%n: i64, %v: f32) {
  %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
  llvm.store %v, %p : f32, !llvm.ptr
  llvm.return
}
llvm.func @result(%n: i64) -> !llvm.struct<(ptr, i64)> {
  %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
  %u = llvm.mlir.undef : !llvm.struct<(ptr, i64)>
  %s = llvm.insertvalue %p, %u[4294967296] : !llvm.struct<(ptr, i64)>
  %t = llvm.insertvalue %n, %s[1] : !llvm.struct<(ptr, i64)>
  llvm.return %t : !llvm.struct<(ptr, i64)>
}
