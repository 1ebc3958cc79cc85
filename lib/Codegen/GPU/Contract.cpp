//===- Contract.cpp - deform-gpu-contract: FMA contraction in kernels -----===//
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/IR/TypeUtilities.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUCONTRACT
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
struct ContractPass
    : public mlir::deform::impl::DeformGpuContractBase<ContractPass> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (!isa<arith::MulFOp, arith::AddFOp, arith::SubFOp>(op) ||
          !op->getParentOfType<gpu::GPUModuleOp>() ||
          !getElementTypeOrSelf(op->getResult(0).getType()).isF32())
        return;
      auto fm = cast<arith::ArithFastMathInterface>(op);
      arith::FastMathFlags flags = fm.getFastMathFlagsAttr()
                                       ? fm.getFastMathFlagsAttr().getValue()
                                       : arith::FastMathFlags::none;
      op->setAttr(fm.getFastMathAttrName(),
                  arith::FastMathFlagsAttr::get(
                      op->getContext(), flags | arith::FastMathFlags::contract));
    });
  }
};
} // namespace
