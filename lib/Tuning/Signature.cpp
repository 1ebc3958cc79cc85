//===- Signature.cpp - what a tuning entry is for -------------------------===//
#include "deform/Tuning/Signature.h"
#include "deform/Dialect/DeformOps.h"
#include "deform/Tuning/Version.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <thread>

using namespace mlir;
using namespace mlir::deform;

namespace deform::tuning {

bool isTunable(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return !conv.isTile() && conv.hasPureTensorSemantics();
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    return roi.hasPureTensorSemantics();
  return false;
}

std::string opSignature(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << op->getName() << "(";
  llvm::interleaveComma(op->getOperandTypes(), os);
  os << ") -> ";
  if (op->getNumResults() == 1) {
    os << op->getResult(0).getType();
  } else {
    os << "(";
    llvm::interleaveComma(op->getResultTypes(), os);
    os << ")";
  }
  NamedAttrList attrs(op->getAttrDictionary());
  op->getName().populateDefaultAttrs(attrs);
  attrs.erase("config");
  os << " " << attrs.getDictionary(op->getContext());
  return text;
}

Attribute configOf(Operation *op) {
  if (auto conv = dyn_cast<Conv2dOp>(op))
    return conv.getConfigAttr();
  if (auto roi = dyn_cast<RoiPoolOp>(op))
    return roi.getConfigAttr();
  return {};
}

LogicalResult setConfig(Operation *op, Attribute config) {
  auto kernel = dyn_cast_or_null<KernelConfigAttrInterface>(config);
  if (config && !kernel)
    return failure();
  if (auto conv = dyn_cast<Conv2dOp>(op))
    conv.setConfigAttr(kernel);
  else if (auto roi = dyn_cast<RoiPoolOp>(op))
    roi.setConfigAttr(kernel);
  else
    return failure();
  return success();
}

FailureOr<TargetDescription> describeTarget(Attribute target) {
  if (auto cpu = dyn_cast_or_null<CpuTargetAttr>(target))
    return TargetDescription{"cpu", cpu.getCpu().str()};
  return failure();
}

llvm::StringRef compilerVersion() { return DEFORM_COMPILER_VERSION; }

int64_t resolveThreads(int64_t threads) {
  if (threads > 0)
    return threads;
  // As deform_context_create counts them.
  unsigned hw = std::thread::hardware_concurrency();
  return hw ? std::min<int64_t>(hw, 1024) : 1;
}

} // namespace deform::tuning
