// RUN: deform-opt %s -deform-cpu-outline-parallel -canonicalize | FileCheck %s

// COM: Every defined function takes the runtime context first and passes it
// COM: on; the parallel loop (8 x 4 iterations) becomes a launch of 32
// COM: flattened iterations; its body, with the delinearized induction
// COM: variables and the captured buffer, moves into @main__tiles0.
// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[CTX:.*]]: !llvm.ptr, %[[X:.*]]: memref<8x4xf32>)
// CHECK:   call @main__tiles0__launch(%[[CTX]], %c32, %[[X]]) : (!llvm.ptr, index, memref<8x4xf32>) -> ()
// CHECK:   call @helper(%[[CTX]]) : (!llvm.ptr) -> ()
// CHECK-LABEL: func.func private @main__tiles0(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %[[FIRST:[a-z0-9]+]]: index, %[[LAST:[a-z0-9]+]]: index,
// CHECK:   scf.for %[[I:.*]] = %[[FIRST]] to %[[LAST]] step %c1 {
// CHECK:     arith.remui %[[I]], %c4 : index
// CHECK:     arith.divui %[[I]], %c4 : index
// CHECK:     memref.store %{{.*}}, %{{.*}} : memref<8x4xf32>
// CHECK-LABEL: func.func private @main__tiles0__launch(!llvm.ptr, index,
// CHECK-SAME: attributes {deform.launch = @main__tiles0}
// CHECK-LABEL: func.func private @helper(%{{.*}}: !llvm.ptr)
// COM: External declarations keep their signature.
// CHECK-LABEL: func.func private @external(f32)
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
