//===- deform-opt.cpp - mlir-opt with the deform dialect and passes -------===//
#include "deform/Codegen/CPU/Passes.h"
#include "deform/Codegen/GPU/Passes.h"
#include "deform/Dialect/DeformDialect.h"
#include "deform/Interfaces/Interfaces.h"
#include "deform/Transforms/Passes.h"
#include "deform/Tuning/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::deform::registerDeformPasses();
  mlir::deform::registerDeformCpuPasses();
  mlir::deform::registerDeformTuningPasses();
  mlir::deform::registerCpuPipeline();
  mlir::deform::registerDeformGpuPasses();
  mlir::deform::registerGpuPipeline();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::deform::DeformDialect>();
  mlir::deform::registerInterfaceExternalModels(registry);
  // gpu-module-to-binary translates kernel modules to LLVM IR.
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  mlir::registerAllGPUToLLVMIRTranslations(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "deform-mlir optimizer driver\n", registry));
}
