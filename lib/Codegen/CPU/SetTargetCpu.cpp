//===- SetTargetCpu.cpp - deform-set-target-cpu ---------------------------===//
#include "deform/Codegen/CPU/Passes.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMSETTARGETCPU
#include "deform/Codegen/CPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
struct SetTargetCpuPass
    : public mlir::deform::impl::DeformSetTargetCpuBase<SetTargetCpuPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<CpuTargetAttr>(kTargetAttr);
    if (!target) {
      module.emitError() << "deform-set-target-cpu: the module has no '"
                         << kTargetAttr
                         << "' #deform.cpu_target (run deform-cpu-target)";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    SmallVector<StringRef> features;
    if (!target.getFeatures().empty())
      StringRef(target.getFeatures()).split(features, ',');
    module.walk([&](LLVM::LLVMFuncOp fn) {
      if (fn.isExternal())
        return;
      fn.setTargetCpuAttr(StringAttr::get(ctx, target.getCpu()));
      if (!features.empty())
        fn.setTargetFeaturesAttr(LLVM::TargetFeaturesAttr::get(ctx, features));
    });
  }
};
} // namespace
