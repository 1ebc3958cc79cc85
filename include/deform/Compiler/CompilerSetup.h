//===- CompilerSetup.h - what deform-run and deform-compile share -*- C++ -*-===//
//
// Dialect and pass registration, the compile options and the pipeline they
// build, and the signatures of a module's public functions.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_COMPILER_COMPILERSETUP_H
#define DEFORM_COMPILER_COMPILERSETUP_H

#include "deform/runtime/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
class OpPassManager;
} // namespace mlir

namespace deform::compiler {

enum class Device { Cpu, Cuda };

struct CompileOptions {
  /// What the code runs on.
  Device device = Device::Cpu;
  /// CPU to generate code for ("host" or an LLVM CPU name).
  std::string targetCpu = "host";
  /// NVIDIA chips (sm_XY) and the ptxas to use (empty: the defaults of
  /// deform-gpu-pipeline).
  std::vector<std::string> chips;
  std::string ptxas;
  /// GPU kernels compiled for the host, for the tests' emulating driver.
  bool emulateGpu = false;
  /// Lower through the ops' scalar implementation (slow; for checking).
  bool scalar = false;
  /// Fuse the regular convolutions computing a conv2d's offsets or mask
  /// into its tiles.
  bool fuse = true;
  /// A transform-dialect schedule run on tensors before deform-tile (CPU).
  std::string schedule;
  /// A tuning database whose matching entries configure the ops.
  std::string tuningDb;
  /// Runtime threads for matching its entries (0: one per hardware thread).
  int64_t tuningThreads = 0;
};

/// Dialects, interfaces and LLVM translations every deform compile needs.
void registerCompilerDialects(mlir::DialectRegistry &registry);
/// Native target, deform passes and pipelines; idempotent.
void initializeCompiler();
/// The pipeline of `options.device` (results as out-parameters for
/// ahead-of-time objects; the GPU pipeline always has them).
void buildPipeline(mlir::OpPassManager &pm, const CompileOptions &options,
                   bool outParams);

/// A tensor of a public function's signature; dynamic sizes are -1.
struct TensorSpec {
  npy::DType dtype;
  std::vector<int64_t> shape;
  bool isStatic() const;
  /// Whether an array of `dtype` and `shape` fits this spec.
  bool accepts(npy::DType dtype, const std::vector<int64_t> &shape) const;
  std::string str() const; // "tensor<2x?x3xf32>"
};
struct FunctionSignature {
  std::vector<TensorSpec> inputs, results;
  /// The messages of the function's size checks (deform-shape-checks; with
  /// two %lld: the size found, the size expected), when it has dynamic
  /// sizes; its check function is `<name>__shape_check`.
  std::vector<std::string> shapeChecks;
  /// Whether the check reads only sizes (deform.sizes_only): the result
  /// sizes can then be computed without data.
  bool shapeChecksSizesOnly = false;
  /// 2*MACs of the deform.conv2d ops in the function with static shapes (0
  /// if none or dynamic).
  double flops = 0;
};

/// Signatures of the public functions of `module`, or an error naming the
/// first argument or result that is not a ranked tensor of a supported
/// type. Also marks them `llvm.emit_c_interface`.
llvm::Expected<std::map<std::string, FunctionSignature>>
collectSignatures(mlir::ModuleOp module);

/// After the pipeline: records the size checks deform-shape-checks made for
/// each function in `functions`.
void addShapeChecks(mlir::ModuleOp module,
                    std::map<std::string, FunctionSignature> &functions);

/// Message `index` (0-based) of `sig`'s size checks with its sizes filled in.
std::string shapeCheckMessage(const FunctionSignature &sig, int64_t index,
                              int64_t found, int64_t expected);

/// "[2, 3, 4]".
std::string shapeString(const std::vector<int64_t> &shape);

} // namespace deform::compiler

#endif
