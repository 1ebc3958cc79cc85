//===- Target.h - what deform-tune needs of a target ------------*- C++ -*-===//
//
// A target gives the tuner its database key (kind, device, threads), how to
// compile a candidate, the runtime context that measures it, and each op's
// configuration space. The CPU's is below; a CUDA target adds a factory
// beside it (its #deform.gpu_config space, the CUDA device's name, a
// DEFORM_DEVICE_CUDA context) and nothing else of the tuner changes.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_TARGET_H
#define DEFORM_TOOLS_DEFORM_TUNE_TARGET_H

#include "deform/Compiler/CompilerSetup.h"
#include "deform/Tuning/ConfigSpace.h"
#include "deform/runtime/deform_runtime.h"

#include "mlir/IR/Attributes.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>

namespace deform::tune {

struct Target {
  /// Database key parts: "cpu", the CPU's LLVM name, the thread count.
  std::string kind, device;
  int64_t threads = 0;
  /// The module attribute every candidate carries (`deform.target`).
  mlir::Attribute attr;
  /// How candidates are compiled.
  compiler::CompileOptions compile;
  /// The context candidates run on.
  deform_context_options context;
  /// The configuration space of one op (null: the target cannot tune it).
  std::function<std::unique_ptr<tuning::ConfigSpace>(mlir::Operation *)> space;
};

/// The CPU `cpu` ("host" or an LLVM name) with `threads` runtime threads (0:
/// one per hardware thread). `moduleTarget`, when the inputs carry one, must
/// name the same CPU.
llvm::Expected<Target> cpuTarget(mlir::MLIRContext *ctx, llvm::StringRef cpu,
                                 int64_t threads, mlir::Attribute moduleTarget);

} // namespace deform::tune

#endif
