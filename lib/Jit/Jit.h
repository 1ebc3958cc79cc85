//===- Jit.h - compile a .mlir module for the CPU and run it ----*- C++ -*-===//
//
// Shared by deform-run and the correctness sweep: parses a module whose
// public functions take and return ranked tensors, checks host arrays against
// each function's signature, compiles with deform-cpu-pipeline, and runs it
// through MLIR's ExecutionEngine (LLVM ORC JIT, host CPU features).
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_JIT_JIT_H
#define DEFORM_JIT_JIT_H

#include "deform/runtime/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <map>

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace deform::jit {

struct CompileOptions {
  /// Threads for the tile loop; 0 = OpenMP's default.
  unsigned threads = 0;
  /// Tile overrides; 0 = the heuristic (deform-select-tile-sizes).
  int64_t tileRows = 0, tileColumns = 0, tileChannels = 0;
  /// Lower through the ops' scalar implementation (slow; for checking).
  bool scalar = false;
  /// CPU to generate code for ("host" or an LLVM CPU name).
  std::string targetCpu = "host";
};

/// Signature of one public function, as tensors.
struct TensorSpec {
  npy::DType dtype;
  std::vector<int64_t> shape;
  std::string str() const; // "tensor<2x3xf32>"
};
struct FunctionSignature {
  std::vector<TensorSpec> inputs, results;
  /// 2*MACs of the deform.conv2d ops in the function (0 if none).
  double flops = 0;
};

/// An input that lives in caller-owned memory (dense, C order).
struct TensorView {
  npy::DType dtype;
  std::vector<int64_t> shape;
  const void *data;
};

/// Dialects, interfaces and LLVM translations every deform compile needs.
void registerCompilerDialects(mlir::DialectRegistry &registry);
/// Native target, deform passes and pipelines; idempotent.
void initializeCompiler();
/// Signatures of the public functions of `module`, or an error naming the
/// first argument or result that is not a static tensor of a supported type.
/// Also marks them `llvm.emit_c_interface`.
llvm::Expected<std::map<std::string, FunctionSignature>>
collectSignatures(mlir::ModuleOp module);
/// The textual deform-cpu-pipeline for `options`.
std::string pipelineFor(const CompileOptions &options, bool outParams);

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

  /// Runs `function` on `inputs` (checked against its signature: count,
  /// dtype, shape) and returns its results.
  llvm::Expected<std::vector<npy::Array>>
  run(const std::string &function, const std::vector<const npy::Array *> &inputs);
  /// The same on caller-owned memory (the tests put inputs next to guard
  /// pages to catch any out-of-bounds read).
  llvm::Expected<std::vector<npy::Array>>
  run(const std::string &function, const std::vector<TensorView> &inputs);

private:
  struct Impl;
  explicit CompiledModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace deform::jit

#endif
