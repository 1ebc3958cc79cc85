//===- Tasks.h - the ops deform-tune tunes ----------------------*- C++ -*-===//
//
// Every deform op of the input modules, one task per distinct signature:
// the op alone in a function @main of its operands (destinations from
// tensor.empty), ready to be printed with any candidate configuration.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_TASKS_H
#define DEFORM_TOOLS_DEFORM_TUNE_TASKS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace deform::tune {

struct Task {
  /// The database key's op part (tuning::opSignature).
  std::string signature;
  /// "deform.conv2d -> tensor<8x64x56x56xf32> at layer.mlir:4:8".
  std::string name;
  /// How many ops of the inputs have this signature.
  int occurrences = 1;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// The op inside `module`.
  mlir::Operation *op = nullptr;

  /// `module` printed with `config` on the op.
  std::string text(mlir::Attribute config);
};

/// What was found in the inputs: the tasks in signature order, and a note
/// per op that is not tuned (it has a configuration, or dynamic sizes).
struct Inputs {
  std::vector<Task> tasks;
  std::vector<std::string> skipped;
  /// The `deform.target` of the inputs that have one (null if none).
  mlir::Attribute moduleTarget;
};

/// Parses `files` into `ctx` and collects their ops. `target` goes on every
/// task's module; an input whose own `deform.target` differs is an error.
llvm::Expected<Inputs> collectTasks(mlir::MLIRContext &ctx,
                                    const std::vector<std::string> &files);

/// Sets `target` as the `deform.target` of every task's module.
void setTarget(Inputs &inputs, mlir::Attribute target);

} // namespace deform::tune

#endif
