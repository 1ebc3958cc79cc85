//===- GpuJit.h - compile a .mlir module for CUDA and run it ----*- C++ -*-===//
//
// deform-run --device=cuda and the GPU sweep: parses a module, compiles it
// with deform-gpu-pipeline in-process, reads each public function's launch
// plan, and runs it through the runtime (deform_gpu_program_run) on a CUDA
// context: inputs uploaded to device buffers once per call, results
// downloaded. Static shapes only.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_JIT_GPUJIT_H
#define DEFORM_JIT_GPUJIT_H

#include "deform/Jit/Jit.h"

namespace deform::jit {

/// One call's device buffers: inputs uploaded, results allocated.
class GpuCall {
public:
  ~GpuCall();
  /// Runs the function's program on the buffers (synchronous).
  llvm::Error run();
  /// The results, downloaded.
  llvm::Expected<std::vector<npy::Array>> results();

private:
  friend class GpuCompiledModule;
  GpuCall() = default;
  deform_context *ctx = nullptr;
  const deform_gpu_program *program = nullptr;
  const FunctionSignature *signature = nullptr;
  std::vector<deform_buffer *> buffers;
};

class GpuCompiledModule {
public:
  ~GpuCompiledModule();
  /// Parses `source` and compiles it for CUDA (`options.device` is taken
  /// as Device::Cuda).
  static llvm::Expected<std::unique_ptr<GpuCompiledModule>>
  compile(const std::string &source, const std::string &bufferName,
          CompileOptions options);

  llvm::Expected<const FunctionSignature *>
  signature(const std::string &function) const;
  /// The function's program (image + launch plan).
  llvm::Expected<const deform_gpu_program *>
  program(const std::string &function) const;
  /// "fatbin (sm_80, sm_90 cubins + compute_80 PTX)", "PTX", "emulated".
  std::string imageKind() const;

  /// New device buffers of CUDA context `ctx` holding `inputs` (checked
  /// against the signature) and room for the results.
  llvm::Expected<std::unique_ptr<GpuCall>>
  bind(const std::string &function, const std::vector<TensorView> &inputs,
       deform_context *ctx) const;
  /// bind, run, results.
  llvm::Expected<std::vector<npy::Array>>
  run(const std::string &function, const std::vector<TensorView> &inputs,
      deform_context *ctx) const;

private:
  struct Impl;
  explicit GpuCompiledModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace deform::jit

#endif
