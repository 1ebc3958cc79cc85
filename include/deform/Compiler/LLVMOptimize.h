//===- LLVMOptimize.h - LLVM IR optimization for the CPU ------*- C++ -*-===//
//
// The O3 pipeline the JIT (deform-run, deform-tune) and deform-compile
// share, and deform-compile's target machine.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_COMPILER_LLVMOPTIMIZE_H
#define DEFORM_COMPILER_LLVMOPTIMIZE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace deform::compiler {

/// A target machine of the host's triple for `cpu` and `features` (LLVM
/// names, as in #deform.cpu_target).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createCpuTargetMachine(llvm::StringRef cpu, llvm::StringRef features,
                       llvm::Reloc::Model reloc = llvm::Reloc::PIC_);

/// LLVM's O3 pipeline with its generic cost model: the kernels are
/// vectorized explicitly, and the CPU's own cost model made them slower
/// (AVX2: 1.07x the time as a geometric mean over bench/suite.json, up to
/// 1.42x on mmcv_7x7_modulated). `slpVectorize` false leaves out the SLP
/// vectorizer, as the scalar path (deform-lower-to-loops) needs: there it
/// pairs row and column arithmetic into <2 x i64> code that LLVM 22's X86
/// back end miscompiles for AVX-512 CPUs (fuzz finding kernels-4).
llvm::Error optimizeModule(llvm::Module &module, bool slpVectorize);

} // namespace deform::compiler

#endif
