llvm.func @tiles(%ctx: !llvm.ptr, %first: i64, %last: i64, %a: i64, %b: f32) {
  llvm.return
}
llvm.func @tiles__launch(!llvm.ptr, i64, i64, f32) attributes {deform.launch = @tiles}
