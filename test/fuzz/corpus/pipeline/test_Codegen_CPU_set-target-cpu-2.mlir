module {
  llvm.func @untargeted() {
    llvm.return
  }
}
