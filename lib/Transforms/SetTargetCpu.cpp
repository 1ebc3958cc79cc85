//===- SetTargetCpu.cpp - deform-set-target-cpu ---------------------------===//
#include "Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMSETTARGETCPU
#include "Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;

namespace {
struct SetTargetCpuPass
    : public mlir::deform::impl::DeformSetTargetCpuBase<SetTargetCpuPass> {
  using Base::Base;
  void runOnOperation() override {
    bool host = cpu == "host";
    std::string name = host ? llvm::sys::getHostCPUName().str() : cpu.getValue();
    SmallVector<std::string> features;
    if (host)
      for (auto &feature : llvm::sys::getHostCPUFeatures())
        features.push_back((feature.second ? "+" : "-") + feature.first().str());
    llvm::sort(features);
    SmallVector<StringRef> refs(features.begin(), features.end());
    MLIRContext *ctx = &getContext();
    getOperation()->walk([&](LLVM::LLVMFuncOp fn) {
      if (fn.isExternal())
        return;
      fn.setTargetCpuAttr(StringAttr::get(ctx, name));
      if (!refs.empty())
        fn.setTargetFeaturesAttr(LLVM::TargetFeaturesAttr::get(ctx, refs));
    });
  }
};
} // namespace
