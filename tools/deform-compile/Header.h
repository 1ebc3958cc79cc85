//===- Header.h - the C header of a deform-compile'd object -----*- C++ -*-===//
#ifndef DEFORM_TOOLS_DEFORM_COMPILE_HEADER_H
#define DEFORM_TOOLS_DEFORM_COMPILE_HEADER_H

#include "deform/Codegen/GPU/LaunchPlan.h"
#include "deform/Compiler/CompilerSetup.h"

#include "llvm/Support/raw_ostream.h"

namespace deform::compile {

/// Writes NAME.h: the memref descriptor structs, the generated entry points,
/// and for each public function a documented `static inline` C wrapper that
/// takes plain dense arrays and returns a deform_status. `functions` are
/// keyed by their symbol (symbolPrefix + MLIR name).
void writeHeader(llvm::raw_ostream &os, const std::string &name,
                 const std::string &symbolPrefix, const std::string &source, const std::string &cpu,
                 const std::map<std::string, compiler::FunctionSignature> &functions);

/// Writes NAME.h for --target=cuda: the same functions on a CUDA device
/// (host arrays), plus NAME_fn_device on runtime buffers, each documented
/// with its launch plan.
void writeCudaHeader(
    llvm::raw_ostream &os, const std::string &name,
    const std::string &symbolPrefix, const std::string &source,
    const std::string &chips,
    const std::map<std::string, compiler::FunctionSignature> &functions,
    const mlir::deform::GpuModulePlan &plan);

} // namespace deform::compile

#endif
