//===- DistinctResults.cpp - deform-distinct-results ----------------------===//
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMDISTINCTRESULTS
#include "deform/Transforms/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
struct DistinctResultsPass
    : public mlir::deform::impl::DeformDistinctResultsBase<DistinctResultsPass> {
  void runOnOperation() override {
    getOperation().walk([&](func::ReturnOp ret) {
      auto fn = dyn_cast<func::FuncOp>(ret->getParentOp());
      if (!fn || !fn.isPublic())
        return;
      OpBuilder b(ret);
      DenseSet<Value> seen;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value v = operand.get();
        auto type = dyn_cast<RankedTensorType>(v.getType());
        if (!type || seen.insert(v).second)
          continue;
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            sizes.push_back(tensor::DimOp::create(b, ret.getLoc(), v, d));
        operand.set(bufferization::AllocTensorOp::create(
            b, ret.getLoc(), type, sizes, /*copy=*/v));
      }
    });
  }
};
} // namespace
