//===- CpuPipeline.cpp - deform-cpu-pipeline ------------------------------===//
//
// deform's passes around upstream's bufferization and LLVM lowering, built
// from typed pass options.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/CPU/Passes.h"
#include "deform/Transforms/Passes.h"
#include "deform/Tuning/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Transform/Transforms/Passes.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::deform;

void mlir::deform::buildCpuPipeline(OpPassManager &pm,
                                    const CpuPipelineOptions &options) {
  // Companions that check dynamic sizes before a call.
  pm.addPass(createDeformShapeChecks());
  // The target, once; then tuned configurations; then the one heuristic
  // for the ops left; then tiles on tensors.
  pm.addPass(createDeformCpuTarget({options.targetCpu}));
  if (!options.tuningDb.empty())
    pm.addPass(createDeformApplyTuning({options.tuningDb, options.tuningThreads}));
  pm.addPass(createDeformConfigureCpu());
  if (!options.schedule.empty()) {
    transform::PreloadLibraryPassOptions library;
    library.transformLibraryPaths.push_back(options.schedule);
    pm.addPass(transform::createPreloadLibraryPass(library));
    pm.addPass(transform::createInterpreterPass());
  }
  pm.addPass(createDeformTile({options.fuse}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createDeformDistinctResults());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // CSE makes the tiles' parallel_insert_slice copies self-copies, which
  // canonicalize then drops.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  if (options.outParams) {
    bufferization::BufferResultsToOutParamsPassOptions outParams;
    outParams.hoistStaticAllocs = true;
    outParams.hoistDynamicAllocs = true;
    outParams.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
    pm.addPass(createCanonicalizerPass());
  }
  // Every buffer of an intermediate tensor is freed after its last use;
  // results the function does not own are returned as copies.
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());

  if (options.scalar) {
    pm.addPass(createDeformLowerToLoops());
    // Only its copies are left to it (no deform piece on this path).
    pm.addPass(createDeformCpuLower());
  } else {
    pm.addPass(createDeformDecompose());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createDeformCpuLower());
  }
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createForallToParallelLoopPass());
  pm.addPass(createCanonicalizerPass());
  // Tiles run on the runtime's threads.
  pm.addPass(createDeformCpuOutlineParallel());

  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createDeformCpuMaterializeLaunches());
  pm.addPass(createDeformCpuCheckAllocations());
  pm.addPass(createDeformSetTargetCpu());
}

namespace {
/// The textual form of CpuPipelineOptions (deform-opt).
struct CpuPipelineCliOptions : public PassPipelineOptions<CpuPipelineCliOptions> {
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("CPU to generate code for: host (default) or an LLVM CPU "
                     "name such as x86-64-v3 (a module deform.target wins)"),
      llvm::cl::init("host")};
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
  Option<bool> fuse{
      *this, "fuse",
      llvm::cl::desc("Fuse the regular convolutions that compute a conv2d's "
                     "offsets or mask into its tiles"),
      llvm::cl::init(true)};
  Option<std::string> schedule{
      *this, "schedule",
      llvm::cl::desc("A transform-dialect file whose __transform_main runs "
                     "on tensors before deform-tile"),
      llvm::cl::init("")};
  Option<std::string> tuningDb{
      *this, "tuning-db",
      llvm::cl::desc("A tuning database (deform-tune) whose entries configure "
                     "the ops they match before the heuristic"),
      llvm::cl::init("")};
  Option<int64_t> tuningThreads{
      *this, "tuning-threads",
      llvm::cl::desc("Runtime threads the code will run on, for matching "
                     "tuning entries (0: one per hardware thread)"),
      llvm::cl::init(0)};
};
} // namespace

void mlir::deform::registerCpuPipeline() {
  PassPipelineRegistration<CpuPipelineCliOptions>(
      "deform-cpu-pipeline",
      "Compile deform ops on tensors to LLVM dialect for the CPU: target, "
      "configuration, tiles, one-shot bufferization, decomposition into "
      "column sampling and a micro-kernel, tiles run by the runtime, LLVM",
      [](OpPassManager &pm, const CpuPipelineCliOptions &cli) {
        CpuPipelineOptions options;
        options.targetCpu = cli.targetCpu;
        options.scalar = cli.scalar;
        options.outParams = cli.outParams;
        options.fuse = cli.fuse;
        options.schedule = cli.schedule;
        options.tuningDb = cli.tuningDb;
        options.tuningThreads = cli.tuningThreads;
        buildCpuPipeline(pm, options);
      });
}
