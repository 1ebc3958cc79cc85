//===- NativeMath.cpp - deform-gpu-native-math: libdevice calls -> NVPTX --===//
//
// The math the deform ops use has one-instruction NVPTX forms: calling
// libdevice for it only adds a link dependency (and, without libdevice, an
// unresolved .extern that ptxas rejects).
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUNATIVEMATH
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
/// The intrinsic op for libdevice function `name` (`__nv_floor`,
/// `__nv_floorf`, ...), or nullptr.
Operation *nativeFor(OpBuilder &b, Location loc, StringRef name,
                     ValueRange args) {
  if (!name.consume_front("__nv_"))
    return nullptr;
  name.consume_back("f"); // f32 forms; none of the names below ends in f
  if (args.size() == 1) {
    Value x = args[0];
    if (name == "floor")
      return LLVM::FFloorOp::create(b, loc, x);
    if (name == "ceil")
      return LLVM::FCeilOp::create(b, loc, x);
    if (name == "round")
      return LLVM::RoundOp::create(b, loc, x);
    if (name == "trunc")
      return LLVM::FTruncOp::create(b, loc, x);
    if (name == "rint")
      return LLVM::RoundEvenOp::create(b, loc, x);
    if (name == "fabs")
      return LLVM::FAbsOp::create(b, loc, x);
    if (name == "sqrt")
      return LLVM::SqrtOp::create(b, loc, x);
  }
  if (args.size() == 2) {
    if (name == "fmin")
      return LLVM::MinNumOp::create(b, loc, args[0], args[1]);
    if (name == "fmax")
      return LLVM::MaxNumOp::create(b, loc, args[0], args[1]);
  }
  if (args.size() == 3 && name == "fma")
    return LLVM::FMAOp::create(b, loc, args[0], args[1], args[2]);
  return nullptr;
}

struct NativeMathPass
    : public mlir::deform::impl::DeformGpuNativeMathBase<NativeMathPass> {
  void runOnOperation() override {
    SmallVector<LLVM::CallOp> calls;
    getOperation()->walk([&](LLVM::CallOp call) {
      if (call.getCallee() && call.getCallee()->starts_with("__nv_") &&
          call->getParentOfType<gpu::GPUModuleOp>())
        calls.push_back(call);
    });
    for (LLVM::CallOp call : calls) {
      OpBuilder b(call);
      Operation *native =
          nativeFor(b, call.getLoc(), *call.getCallee(), call.getArgOperands());
      if (!native)
        continue;
      call.replaceAllUsesWith(native->getResults());
      call.erase();
    }
    // Declarations nothing calls any more.
    SmallVector<LLVM::LLVMFuncOp> unused;
    getOperation()->walk([&](gpu::GPUModuleOp module) {
      for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
        if (fn.isExternal() && fn.getName().starts_with("__nv_") &&
            SymbolTable::symbolKnownUseEmpty(fn, module))
          unused.push_back(fn);
    });
    for (LLVM::LLVMFuncOp fn : unused)
      fn.erase();
  }
};
} // namespace
