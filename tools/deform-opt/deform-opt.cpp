//===- deform-opt.cpp - mlir-opt with the deform dialect and passes -------===//
#include "deform/Codegen/CPU/Passes.h"
#include "deform/Dialect/DeformDialect.h"
#include "deform/Interfaces/Interfaces.h"
#include "deform/Transforms/Passes.h"
#include "deform/Tuning/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::deform::registerDeformPasses();
  mlir::deform::registerDeformCpuPasses();
  mlir::deform::registerDeformTuningPasses();
  mlir::deform::registerCpuPipeline();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::deform::DeformDialect>();
  mlir::deform::registerInterfaceExternalModels(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "deform-mlir optimizer driver\n", registry));
}
