//===- GpuTarget.cpp - deform-gpu-target: the module's one GPU target -----===//
#include "deform/Codegen/GPU/Passes.h"

#include "llvm/ADT/StringExtras.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUTARGET
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
// Limits every chip from sm_80 on shares: threads and static shared memory
// per workgroup, 32-bit registers per multiprocessor.
constexpr int64_t kMaxThreads = 1024;
constexpr int64_t kStaticSharedBytes = 48 * 1024;
constexpr int64_t kRegisters = 64 * 1024;
} // namespace

FailureOr<GpuTargetAttr>
mlir::deform::resolveGpuTarget(MLIRContext *ctx, ArrayRef<std::string> chips,
                               int64_t ptx, std::string &error) {
  SmallVector<int64_t> capabilities;
  for (const std::string &chip : chips) {
    StringRef name(chip);
    int64_t cc = 0;
    if (!name.consume_front("sm_") || name.getAsInteger(10, cc) || cc < 50 ||
        cc > 199) {
      error = "unknown chip '" + chip +
              "' (expected sm_XY with a compute capability from 50 to 199, "
              "e.g. sm_80 or sm_90)";
      return failure();
    }
    if (llvm::is_contained(capabilities, cc)) {
      error = "chip '" + chip + "' is given twice";
      return failure();
    }
    capabilities.push_back(cc);
  }
  if (capabilities.empty()) {
    error = "no chip given (expected e.g. chips=sm_80,sm_90)";
    return failure();
  }
  // sm_90 needs PTX 7.8 or newer; a lower version cannot describe it.
  int64_t newest = *llvm::max_element(capabilities);
  if (newest >= 90 && ptx < 78) {
    error = "ptx " + std::to_string(ptx) + " cannot target sm_" +
            std::to_string(newest) + " (it needs PTX 7.8, ptx=78, or newer)";
    return failure();
  }
  if (ptx < 60 || ptx > 199) {
    error = "ptx " + std::to_string(ptx) +
            " is not a PTX ISA version from 60 to 199 (80 is PTX 8.0)";
    return failure();
  }
  return GpuTargetAttr::get(ctx, capabilities, ptx, kMaxThreads,
                            kStaticSharedBytes, kRegisters);
}

namespace {
struct GpuTargetPass
    : public mlir::deform::impl::DeformGpuTargetBase<GpuTargetPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (Attribute existing = module->getAttr(kGpuTargetAttr)) {
      if (isa<GpuTargetAttr>(existing))
        return;
      module.emitError() << "deform-gpu-target: the module's deform.target is "
                         << existing << ", expected a #deform.gpu_target";
      return signalPassFailure();
    }
    std::vector<std::string> names(chips.begin(), chips.end());
    if (names.empty())
      names = {"sm_80", "sm_90"};
    std::string error;
    FailureOr<GpuTargetAttr> target =
        resolveGpuTarget(&getContext(), names, ptx, error);
    if (failed(target)) {
      module.emitError() << "deform-gpu-target: " << error;
      return signalPassFailure();
    }
    module->setAttr(kGpuTargetAttr, *target);
  }
};
} // namespace
