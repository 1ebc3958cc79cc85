//===- CpuTarget.cpp - deform-cpu-target: the module's one target ---------===//
#include "deform/Codegen/CPU/Passes.h"

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>
#include <mutex>

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMCPUTARGET
#include "deform/Codegen/CPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

FailureOr<CpuTargetAttr> mlir::deform::resolveCpuTarget(MLIRContext *ctx,
                                                        StringRef cpu,
                                                        std::string &error) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  std::string lookupError;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!target) {
    error = "no LLVM target for " + triple.str() + ": " + lookupError;
    return failure();
  }
  bool host = cpu == "host";
  std::string name = host ? llvm::sys::getHostCPUName().str() : cpu.str();
  std::string features;
  if (host) {
    SmallVector<std::string> list;
    for (auto &feature : llvm::sys::getHostCPUFeatures())
      list.push_back((feature.second ? "+" : "-") + feature.first().str());
    llvm::sort(list);
    features = llvm::join(list, ",");
  }
  // Check the name on the generic subtarget first: LLVM prints a warning for
  // an unknown one.
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      target->createMCSubtargetInfo(triple, "", ""));
  std::unique_ptr<llvm::MCSubtargetInfo> info;
  if (generic && generic->isCPUStringValid(name))
    info.reset(target->createMCSubtargetInfo(triple, name, features));
  if (!info) {
    error = "unknown CPU '" + name + "' for " + triple.str() +
            " (expected host or an LLVM CPU name such as x86-64-v3 or "
            "x86-64-v4; `llc-22 -mcpu=help` lists them)";
    return failure();
  }
  // The widest vector registers the CPU has, and how many.
  int64_t bits = 128, registers = 16;
  if (triple.isX86()) {
    if (info->checkFeatures("+avx512f"))
      bits = 512, registers = 32;
    else if (info->checkFeatures("+avx"))
      bits = 256;
  } else if (triple.isAArch64()) {
    registers = 32;
  }
  return CpuTargetAttr::get(ctx, name, features, bits, registers);
}

namespace {
struct CpuTargetPass : public mlir::deform::impl::DeformCpuTargetBase<CpuTargetPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module->hasAttr(kTargetAttr))
      return;
    std::string error;
    FailureOr<CpuTargetAttr> target =
        resolveCpuTarget(&getContext(), cpu, error);
    if (failed(target)) {
      module.emitError() << "deform-cpu-target: " << error;
      return signalPassFailure();
    }
    module->setAttr(kTargetAttr, *target);
  }
};
} // namespace
