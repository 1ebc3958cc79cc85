//===- GpuPipeline.cpp - deform-gpu-pipeline ------------------------------===//
//
// deform's passes around upstream's bufferization, outlining and NVVM
// lowering, built from typed pass options. The host functions stay on
// memrefs: what they do (gpu.launch_func of one gpu.binary, buffers) is the
// launch plan the tools hand to the runtime; nothing is lowered to mgpu*
// calls.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/GPU/Passes.h"
#include "deform/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::deform;

void mlir::deform::buildGpuPipeline(OpPassManager &pm,
                                    const GpuPipelineOptions &options) {
  // The target, once; then the one heuristic; then workgroup (and, for the
  // scalar path, thread) tiles on tensors.
  DeformGpuTargetOptions target;
  target.chips.assign(options.chips.begin(), options.chips.end());
  target.ptx = options.ptx;
  pm.addPass(createDeformGpuTarget(target));
  pm.addPass(createDeformConfigureGpu());
  auto tile = [](TileLevel level) {
    DeformTileOptions tileOptions;
    tileOptions.level = level;
    return createDeformTile(tileOptions);
  };
  pm.addPass(tile(TileLevel::Workgroup));
  if (options.scalar)
    pm.addPass(tile(TileLevel::Thread));
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
    outParams.modifyPublicFunctions = true;
    pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
    pm.addPass(createCanonicalizerPass());
  }
  pm.addPass(createConvertBufferizationToMemRefPass());

  // Workgroups, then what each of them computes.
  pm.addPass(createDeformGpuMapLaunch());
  if (options.scalar)
    pm.addPass(createDeformLowerToLoops());
  else
    pm.addPass(createDeformGpuLower());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Kernels: constants and index math sunk into them first (otherwise each
  // becomes a kernel parameter), then outlined into @deform_kernels.
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createDeformGpuPrepareKernels());
  pm.addPass(createDeformGpuContract());
  if (options.emulate) {
    pm.addPass(createDeformGpuEmulate());
    return;
  }
  DeformGpuAttachTargetsOptions attach;
  attach.libdevice = options.libdevice;
  pm.addPass(createDeformGpuAttachTargets(attach));

  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createLowerAffinePass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  kernels.addPass(createConvertGpuOpsToNVVMOps(nvvm));
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  kernels.addPass(createDeformGpuNativeMath());
  if (options.stopBeforeBinary)
    return;

  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binary));
  DeformGpuFatbinOptions fatbin;
  fatbin.ptxas = options.ptxas;
  fatbin.ptxDir = options.ptxDir;
  pm.addPass(createDeformGpuFatbin(fatbin));
  pm.addPass(createCanonicalizerPass());
}

namespace {
/// The textual form of GpuPipelineOptions (deform-opt).
struct GpuPipelineCliOptions : public PassPipelineOptions<GpuPipelineCliOptions> {
  ListOption<std::string> chips{
      *this, "chips",
      llvm::cl::desc("NVIDIA chips, sm_XY (default sm_80,sm_90); the first "
                     "one's PTX is embedded too (a module deform.target wins)")};
  Option<int64_t> ptx{*this, "ptx",
                      llvm::cl::desc("PTX ISA version (80 = PTX 8.0)"),
                      llvm::cl::init(80)};
  Option<std::string> ptxas{
      *this, "ptxas",
      llvm::cl::desc("ptxas to use (default: $CUDA_PATH, /usr/local/cuda, "
                     "PATH)"),
      llvm::cl::init("")};
  Option<std::string> libdevice{
      *this, "libdevice",
      llvm::cl::desc("libdevice.10.bc to link (default: found like ptxas)"),
      llvm::cl::init("")};
  Option<bool> scalar{
      *this, "scalar",
      llvm::cl::desc("Lower deform ops through their scalar implementation, "
                     "one thread per thread tile (a slow second path, for "
                     "checking)"),
      llvm::cl::init(false)};
  Option<bool> outParams{
      *this, "out-params",
      llvm::cl::desc("Return results through caller-provided device buffers "
                     "(what the launch plan needs)"),
      llvm::cl::init(true)};
  Option<bool> stopBeforeBinary{
      *this, "stop-before-binary",
      llvm::cl::desc("Stop with the kernels in NVVM (no PTX, no fatbin)"),
      llvm::cl::init(false)};
  Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("Compile the kernels for the host (testing without a "
                     "GPU, in the tests' emulating driver)"),
      llvm::cl::init(false)};
  Option<std::string> ptxDir{
      *this, "ptx-dir",
      llvm::cl::desc("Write each chip's PTX to this directory"),
      llvm::cl::init("")};
};
} // namespace

void mlir::deform::registerGpuPipeline() {
  PassPipelineRegistration<GpuPipelineCliOptions>(
      "deform-gpu-pipeline",
      "Compile deform ops on tensors for NVIDIA GPUs: target, configuration, "
      "workgroup tiles, one-shot bufferization (results in caller-provided "
      "device buffers), gpu.launch, the fused implicit-GEMM convolution and "
      "the RoI pooling kernels, outlining, NVVM, one fatbin for every chip",
      [](OpPassManager &pm, const GpuPipelineCliOptions &cli) {
        GpuPipelineOptions options;
        if (!cli.chips.empty())
          options.chips.assign(cli.chips.begin(), cli.chips.end());
        options.ptx = cli.ptx;
        options.ptxas = cli.ptxas;
        options.libdevice = cli.libdevice;
        options.scalar = cli.scalar;
        options.outParams = cli.outParams;
        options.stopBeforeBinary = cli.stopBeforeBinary;
        options.ptxDir = cli.ptxDir;
        options.emulate = cli.emulate;
        buildGpuPipeline(pm, options);
      });
}
