func.func @main(%x: memref<8x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %v = arith.constant 1.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c4) step (%c1, %c1) {
    memref.store %v, %x[%i, %j] : memref<8x4xf32>
    scf.reduce
  }
  call @helper() : () -> ()
  return
}
func.func private @helper() {
  return
}
func.func private @external(f32)
