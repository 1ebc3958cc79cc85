//===- LowerToCpu.cpp - deform-cpu-lower ----------------------------------===//
//
// The pass: each piece deform-decompose left (sample_columns, im2col,
// configured matmuls) and each roi_pool goes to its CPU lowering, which reads only the
// configuration.
//
//===----------------------------------------------------------------------===//
#include "LowerCpu.h"

#include "deform/Codegen/CPU/Passes.h"
#include "deform/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMCPULOWER
#include "deform/Codegen/CPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
/// The CPU configuration an op carries (inherent or handed down by
/// deform-decompose), or an error naming the op.
FailureOr<CpuConfigAttr> cpuConfigOf(Operation *op) {
  Attribute config = op->getAttr(kPieceConfigAttr);
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    config = roi.getConfigAttr();
  if (auto cpu = dyn_cast_or_null<CpuConfigAttr>(config)) {
    // A piece's configuration is not verified by the piece (fuzz finding
    // pipeline-6: vector = 0 divided by zero).
    int64_t vector = cpu.getVector();
    if (vector < 1 || vector > 64 || !llvm::isPowerOf2_64(vector))
      return op->emitOpError() << "configuration " << cpu << " has vector "
                               << vector
                               << ", expected a power of two from 1 to 64";
    return cpu;
  }
  if (config)
    return op->emitOpError() << "has configuration " << config
                             << ", expected a #deform.cpu_config for the CPU";
  return op->emitOpError() << "has no CPU configuration (run "
                              "deform-configure-cpu first)";
}

bool insideParallelLoop(Operation *op) {
  return op->getParentOfType<scf::ForallOp>() ||
         op->getParentOfType<scf::ParallelOp>();
}

/// A copy between memrefs that are not both dense would need MLIR's C runner
/// library (memrefCopy) at run time: copy with loops instead.
void copiesToLoops(Operation *root) {
  SmallVector<memref::CopyOp> copies;
  root->walk([&](memref::CopyOp copy) {
    auto dense = [](Type t) {
      auto m = dyn_cast<MemRefType>(t);
      return m && m.getLayout().isIdentity();
    };
    if (!dense(copy.getSource().getType()) || !dense(copy.getTarget().getType()))
      copies.push_back(copy);
  });
  for (memref::CopyOp copy : copies) {
    OpBuilder b(copy);
    linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(), copy.getTarget());
    copy.erase();
  }
}

struct CpuLowerPass : public mlir::deform::impl::DeformCpuLowerBase<CpuLowerPass> {
  void runOnOperation() override {
    copiesToLoops(getOperation());
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<SampleColumnsOp, Im2colOp, RoiPoolOp, Conv2dOp>(op) ||
          (isa<linalg::MatmulOp>(op) && op->hasAttr(kPieceConfigAttr)))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      if (isa<Conv2dOp>(op)) {
        op->emitOpError() << "must be decomposed before the CPU lowering (run "
                             "deform-decompose, or deform-lower-to-loops for "
                             "the scalar path)";
        return signalPassFailure();
      }
      if (auto dps = dyn_cast<DestinationStyleOpInterface>(op);
          dps && !dps.hasPureBufferSemantics()) {
        op->emitOpError() << "is still on tensors; deform-cpu-lower needs "
                             "buffers (run one-shot-bufferize first)";
        return signalPassFailure();
      }
      FailureOr<CpuConfigAttr> config = cpuConfigOf(op);
      if (failed(config))
        return signalPassFailure();
      IRRewriter rewriter(op);
      rewriter.setInsertionPoint(op);
      ImplicitLocOpBuilder b(op->getLoc(), rewriter);
      LogicalResult result =
          TypeSwitch<Operation *, LogicalResult>(op)
              .Case([&](SampleColumnsOp s) {
                return lowerSampleColumns(b, s, config->getVector());
              })
              .Case([&](Im2colOp s) {
                return lowerIm2col(b, s, config->getVector());
              })
              .Case([&](linalg::MatmulOp m) {
                return lowerConfiguredMatmul(b, m, *config);
              })
              .Case([&](RoiPoolOp r) {
                return lowerRoiPool(b, r, *config, !insideParallelLoop(r));
              });
      if (failed(result))
        return signalPassFailure();
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
