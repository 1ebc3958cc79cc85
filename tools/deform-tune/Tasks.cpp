//===- Tasks.cpp - the ops deform-tune tunes ------------------------------===//
#include "Tasks.h"

#include "deform/Tuning/Signature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace mlir;

namespace deform::tune {
namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string locationOf(Operation *op) {
  if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
    return (file.getFilename().str() + ":" + std::to_string(file.getLine()) +
            ":" + std::to_string(file.getColumn()));
  std::string s;
  llvm::raw_string_ostream(s) << op->getLoc();
  return s;
}

std::string describeOp(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << op->getName() << " -> " << op->getResult(0).getType() << " at "
     << locationOf(op);
  return s;
}

/// A module with `func.func @main(operands) -> results` computing a clone
/// of `op` on its arguments, destinations from tensor.empty.
Task isolate(Operation *op) {
  MLIRContext *ctx = op->getContext();
  Location loc = op->getLoc();
  auto dps = cast<DestinationStyleOpInterface>(op);
  SmallVector<Type> argTypes;
  for (OpOperand &use : op->getOpOperands())
    if (!dps.isDpsInit(&use))
      argTypes.push_back(use.get().getType());
  Task task;
  task.module = ModuleOp::create(loc);
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(task.module->getBody());
  auto fn = func::FuncOp::create(
      b, loc, "main", FunctionType::get(ctx, argTypes, op->getResultTypes()));
  Block *body = fn.addEntryBlock();
  b.setInsertionPointToStart(body);
  SmallVector<Value> operands;
  unsigned arg = 0;
  for (OpOperand &use : op->getOpOperands()) {
    if (!dps.isDpsInit(&use)) {
      operands.push_back(body->getArgument(arg++));
      continue;
    }
    auto type = cast<RankedTensorType>(use.get().getType());
    operands.push_back(tensor::EmptyOp::create(b, loc, type.getShape(),
                                               type.getElementType()));
  }
  Operation *clone = b.clone(*op);
  clone->setOperands(operands);
  func::ReturnOp::create(b, loc, clone->getResults());
  task.op = clone;
  task.signature = tuning::opSignature(op);
  task.name = describeOp(op);
  return task;
}

bool hasStaticShapes(Operation *op) {
  return llvm::all_of(op->getOperandTypes(), [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return !shaped || shaped.hasStaticShape();
  });
}
} // namespace

std::string Task::text(Attribute config) {
  if (failed(tuning::setConfig(op, config)))
    (void)tuning::setConfig(op, {});
  std::string s;
  llvm::raw_string_ostream os(s);
  module->print(os);
  return s;
}

llvm::Expected<Inputs> collectTasks(MLIRContext &ctx,
                                    const std::vector<std::string> &files) {
  Inputs inputs;
  std::map<std::string, Task> bySignature;
  for (const std::string &file : files) {
    std::string diagnostics;
    llvm::raw_string_ostream diagStream(diagnostics);
    llvm::SourceMgr sourceMgr;
    auto buffer = llvm::MemoryBuffer::getFile(file);
    if (!buffer)
      return error("cannot open '" + file + "': " + buffer.getError().message());
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    SourceMgrDiagnosticHandler handler(sourceMgr, &ctx, diagStream);
    OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &ctx);
    if (!module)
      return error("cannot parse " + file + ":\n" + diagnostics);
    if (Attribute t = (*module)->getAttr(tuning::kModuleTargetAttr)) {
      if (inputs.moduleTarget && inputs.moduleTarget != t)
        return error(file + " has " + tuning::kModuleTargetAttr.str() +
                     " different from an earlier input's; tune each target "
                     "in its own run");
      inputs.moduleTarget = t;
    }
    module->walk([&](Operation *op) {
      if (!tuning::isTunable(op))
        return;
      if (tuning::configOf(op)) {
        inputs.skipped.push_back(describeOp(op) +
                                 ": has a configuration already (kept by "
                                 "every compile path), not tuned");
        return;
      }
      if (!hasStaticShapes(op)) {
        inputs.skipped.push_back(describeOp(op) +
                                 ": has dynamic sizes, not tuned (tune the "
                                 "sizes it runs at as static shapes)");
        return;
      }
      std::string signature = tuning::opSignature(op);
      auto it = bySignature.find(signature);
      if (it != bySignature.end()) {
        ++it->second.occurrences;
        return;
      }
      bySignature.emplace(signature, isolate(op));
    });
  }
  for (auto &[signature, task] : bySignature)
    inputs.tasks.push_back(std::move(task));
  return inputs;
}

void setTarget(Inputs &inputs, Attribute target) {
  for (Task &task : inputs.tasks)
    (*task.module)->setAttr(tuning::kModuleTargetAttr, target);
}

} // namespace deform::tune
