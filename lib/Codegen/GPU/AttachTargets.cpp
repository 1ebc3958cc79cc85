//===- AttachTargets.cpp - deform-gpu-attach-targets ----------------------===//
#include "deform/Codegen/GPU/Passes.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUATTACHTARGETS
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
struct AttachTargetsPass
    : public mlir::deform::impl::DeformGpuAttachTargetsBase<AttachTargetsPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto target = module->getAttrOfType<GpuTargetAttr>(kGpuTargetAttr);
    if (!target) {
      bool any = false;
      module.walk([&](gpu::GPUModuleOp) { any = true; });
      if (!any)
        return;
      module.emitError() << "deform-gpu-attach-targets: the module has no '"
                         << kGpuTargetAttr
                         << "' #deform.gpu_target (run deform-gpu-target)";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    CudaToolkit toolkit = findCudaToolkit("", libdevice);
    if (!libdevice.empty() && toolkit.libdevice != libdevice) {
      module.emitError() << "deform-gpu-attach-targets: libdevice '"
                         << libdevice << "' does not exist";
      return signalPassFailure();
    }
    ArrayAttr link;
    if (!toolkit.libdevice.empty())
      link = ArrayAttr::get(ctx, {StringAttr::get(ctx, toolkit.libdevice)});
    std::string features = "+ptx" + std::to_string(target.getPtx());
    SmallVector<Attribute> targets;
    for (int64_t chip : target.getChips())
      targets.push_back(NVVM::NVVMTargetAttr::get(
          ctx, /*optLevel=*/3, "nvptx64-nvidia-cuda",
          "sm_" + std::to_string(chip), features, /*targetFlags=*/nullptr,
          link));
    module.walk([&](gpu::GPUModuleOp kernels) {
      kernels.setTargetsAttr(ArrayAttr::get(ctx, targets));
    });
  }
};
} // namespace
