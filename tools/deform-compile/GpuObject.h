//===- GpuObject.h - the launch plans and kernels as object data -*- C++ -*-===//
#ifndef DEFORM_TOOLS_DEFORM_COMPILE_GPUOBJECT_H
#define DEFORM_TOOLS_DEFORM_COMPILE_GPUOBJECT_H

#include "deform/Codegen/GPU/LaunchPlan.h"

#include "llvm/IR/Module.h"

namespace deform::compile {

/// Adds to `m` the image and, for each function fn of `plan`, the exported
/// constant `<prefix>fn__program` (a deform_gpu_program), and
/// `<prefix>_programs`, a NULL-terminated array of pointers to them.
void emitGpuPrograms(llvm::Module &m, const mlir::deform::GpuModulePlan &plan,
                     const std::string &prefix);

} // namespace deform::compile

#endif
