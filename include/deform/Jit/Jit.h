//===- Jit.h - run a compiled .mlir module in-process -----------*- C++ -*-===//
//
// Shared by deform-run and the correctness sweep: parses a module whose
// public functions take and return ranked tensors, compiles it with the CPU
// pipeline, and runs it through MLIR's ExecutionEngine (LLVM ORC JIT) on
// host arrays, checked against each function's signature, with its tiles on
// a runtime context's threads.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_JIT_JIT_H
#define DEFORM_JIT_JIT_H

#include "deform/Compiler/CompilerSetup.h"
#include "deform/runtime/Npy.h"
#include "deform/runtime/deform_runtime.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace deform::jit {

using compiler::CompileOptions;
using compiler::FunctionSignature;
using compiler::TensorSpec;

/// An input that lives in caller-owned memory (dense, C order).
struct TensorView {
  npy::DType dtype;
  std::vector<int64_t> shape;
  const void *data;
};

class CompiledModule {
public:
  ~CompiledModule();
  /// Parses `source` (named `bufferName` in diagnostics) and compiles it.
  static llvm::Expected<std::unique_ptr<CompiledModule>>
  compile(const std::string &source, const std::string &bufferName,
          const CompileOptions &options);

  /// The signature of `function`, or an error naming the functions there are.
  llvm::Expected<const FunctionSignature *>
  signature(const std::string &function) const;

  /// The warnings and remarks of the compile (e.g. deform-apply-tuning's
  /// report), as the diagnostic handler printed them; empty if none.
  const std::string &diagnostics() const;

  /// Runs `function` on `inputs` (checked against its signature: count,
  /// dtype, shape) with its tiles on `ctx`'s threads (NULL: the runtime's
  /// default context) and returns its results.
  llvm::Expected<std::vector<npy::Array>>
  run(const std::string &function, const std::vector<const npy::Array *> &inputs,
      deform_context *ctx = nullptr);
  /// The same on caller-owned memory (the tests put inputs next to guard
  /// pages to catch any out-of-bounds read).
  llvm::Expected<std::vector<npy::Array>>
  run(const std::string &function, const std::vector<TensorView> &inputs,
      deform_context *ctx = nullptr);

private:
  struct Impl;
  explicit CompiledModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace deform::jit

#endif
