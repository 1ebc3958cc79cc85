//===- LowerToGpu.cpp - deform-gpu-lower ----------------------------------===//
//
// The pass: each deform op inside a gpu.launch goes to its GPU lowering,
// which reads only the op's #deform.gpu_config: conv2d tiles first (they
// leave deform.sample_columns on shared memory), then the sampling, then
// roi_pool tiles.
//
//===----------------------------------------------------------------------===//
#include "LowerGpu.h"

#include "deform/Codegen/GPU/Passes.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPULOWER
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

WorkgroupThreads WorkgroupThreads::of(Ops &o, gpu::LaunchOp launch) {
  gpu::KernelDim3 tid = launch.getThreadIds(), size = launch.getBlockSize();
  WorkgroupThreads t;
  t.id = o.add(tid.x, o.mul(o.add(tid.y, o.mul(tid.z, size.y)), size.x));
  t.count = o.mul(o.mul(size.x, size.y), size.z);
  return t;
}

void WorkgroupThreads::strided(Ops &o, Value total,
                               function_ref<void(Value)> body) const {
  o.loop(id, total, count, body);
}

Attribute mlir::deform::workgroupMemorySpace(MLIRContext *ctx) {
  return gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
}

namespace {
template <typename OpTy>
SmallVector<OpTy> collect(Operation *root) {
  SmallVector<OpTy> ops;
  root->walk([&](OpTy op) { ops.push_back(op); });
  return ops;
}

/// The op's GPU configuration and its gpu.launch, or an error naming why
/// the op cannot be lowered here.
LogicalResult placeOf(Operation *op, GpuConfigAttr *config,
                      gpu::LaunchOp &launch) {
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(op);
      dps && !dps.hasPureBufferSemantics())
    return op->emitOpError() << "is still on tensors; deform-gpu-lower needs "
                                "buffers (run one-shot-bufferize first)";
  launch = op->getParentOfType<gpu::LaunchOp>();
  if (!launch)
    return op->emitOpError() << "is not inside a gpu.launch (run "
                                "deform-gpu-map-launch first)";
  if (!config)
    return success();
  Attribute attr = op->getAttr("config");
  *config = dyn_cast_or_null<GpuConfigAttr>(attr);
  if (!*config)
    return op->emitOpError()
           << "has " << (attr ? "configuration " : "no configuration") << attr
           << "; the GPU lowering needs a #deform.gpu_config (run "
              "deform-configure-gpu)";
  return success();
}

struct GpuLowerPass
    : public mlir::deform::impl::DeformGpuLowerBase<GpuLowerPass> {
  template <typename OpTy, typename Fn>
  LogicalResult lowerAll(Fn &&lower, bool needsConfig) {
    for (OpTy op : collect<OpTy>(getOperation())) {
      GpuConfigAttr config;
      gpu::LaunchOp launch;
      if (failed(placeOf(op, needsConfig ? &config : nullptr, launch)))
        return failure();
      IRRewriter rewriter(op);
      rewriter.setInsertionPoint(op);
      ImplicitLocOpBuilder b(op->getLoc(), rewriter);
      if (failed(lower(b, op, config, launch)))
        return failure();
      rewriter.eraseOp(op);
    }
    return success();
  }

  void runOnOperation() override {
    if (failed(lowerAll<Conv2dOp>(
            [](ImplicitLocOpBuilder &b, Conv2dOp op, GpuConfigAttr config,
               gpu::LaunchOp launch) {
              return lowerConvOnGpu(b, op, config, launch);
            },
            true)) ||
        failed(lowerAll<SampleColumnsOp>(
            [](ImplicitLocOpBuilder &b, SampleColumnsOp op, GpuConfigAttr,
               gpu::LaunchOp launch) {
              return lowerSampleColumnsOnGpu(b, op, launch);
            },
            false)) ||
        failed(lowerAll<RoiPoolOp>(
            [](ImplicitLocOpBuilder &b, RoiPoolOp op, GpuConfigAttr,
               gpu::LaunchOp launch) {
              return lowerRoiPoolOnGpu(b, op, launch);
            },
            true)))
      signalPassFailure();
  }
};
} // namespace
