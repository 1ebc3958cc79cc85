//===- CpuPipeline.cpp - deform-cpu-pipeline ------------------------------===//
#include "Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace {
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  Option<int64_t> tileRows{*this, "tile-rows",
                           llvm::cl::desc("Override: output rows per conv tile"),
                           llvm::cl::init(0)};
  Option<int64_t> tileColumns{
      *this, "tile-columns",
      llvm::cl::desc("Override: output columns per conv tile"),
      llvm::cl::init(0)};
  Option<int64_t> tileChannels{
      *this, "tile-channels",
      llvm::cl::desc("Override: input channels per sampling chunk"),
      llvm::cl::init(0)};
  Option<bool> scalar{
      *this, "scalar",
      llvm::cl::desc("Lower deform ops through their scalar implementation "
                     "(a slow second path, for checking)"),
      llvm::cl::init(false)};
  Option<bool> outParams{
      *this, "out-params",
      llvm::cl::desc("Return results through caller-allocated out-parameters "
                     "(for ahead-of-time compiled C functions)"),
      llvm::cl::init(false)};
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("CPU to generate code for: host (default) or an LLVM "
                     "CPU name such as x86-64-v3"),
      llvm::cl::init("host")};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads for the tile loop (0 = OpenMP default: "
                     "OMP_NUM_THREADS or one per core)"),
      llvm::cl::init(0)};
};

/// The textual pipeline (TOOLCHAIN.md's CPU recipe around deform's passes).
std::string cpuPipelineText(const CpuPipelineOptions &options) {
  return llvm::formatv(
      "deform-select-tile-sizes{{rows={0} columns={1} channels={2}},"
      "deform-tile,canonicalize,"
      "one-shot-bufferize{{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      // CSE makes the tiles' parallel_insert_slice copies self-copies, which
      // canonicalize then drops.
      "cse,canonicalize,{5}deform-lower-to-loops{{scalar={4}},convert-linalg-to-loops,scf-forall-to-parallel,"
      "canonicalize,"
      // memref.alloca_scope (from scf-to-openmp) must be lowered while its
      // region is still one block, i.e. before scf-to-cf.
      "convert-scf-to-openmp{{num-threads={3}},convert-vector-to-scf,"
      "expand-strided-metadata,"
      "lower-affine,finalize-memref-to-llvm,convert-scf-to-cf,"
      "convert-vector-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,"
      "convert-cf-to-llvm,"
      "convert-openmp-to-llvm,convert-func-to-llvm,"
      "reconcile-unrealized-casts,canonicalize,deform-set-target-cpu{{cpu={6}}",
      options.tileRows.getValue(), options.tileColumns.getValue(),
      options.tileChannels.getValue(), options.threads.getValue(),
      options.scalar.getValue(),
      options.outParams
          ? "buffer-results-to-out-params{hoist-static-allocs modify-public-functions},canonicalize,"
          : "",
      options.targetCpu.getValue());
}

void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options) {
  if (failed(parsePassPipeline(cpuPipelineText(options), pm, llvm::errs())))
    llvm::report_fatal_error("deform-cpu-pipeline: malformed internal pipeline");
}
} // namespace

void mlir::deform::registerCpuPipeline() {
  PassPipelineRegistration<CpuPipelineOptions>(
      "deform-cpu-pipeline",
      "Compile deform ops on tensors to LLVM dialect for the CPU: tile-size "
      "selection, one-shot bufferization, sampling + contraction loops, "
      "OpenMP across tiles, lowering to LLVM",
      buildCpuPipeline);
}
