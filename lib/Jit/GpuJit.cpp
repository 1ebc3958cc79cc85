//===- GpuJit.cpp - compile a .mlir module for CUDA and run it ------------===//
#include "deform/Jit/GpuJit.h"

#include "deform/Codegen/GPU/LaunchPlan.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"

#include <cstring>

using namespace mlir;
using ::deform::npy::Array;

namespace deform::jit {
namespace npy = ::deform::npy;
using compiler::shapeString;

namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The runtime's error as an llvm::Error.
llvm::Error runtimeError(const std::string &what) {
  return error(what + ": " + deform_last_error());
}

uint64_t bytesOf(const TensorSpec &t) {
  uint64_t n = npy::dtypeSize(t.dtype);
  for (int64_t d : t.shape)
    n *= uint64_t(d);
  return n;
}

/// The runtime structs of one function's plan, and what they point to.
struct Program {
  std::string name;
  mlir::deform::GpuFunctionPlan plan;
  std::vector<deform_gpu_step> steps;
  deform_gpu_program program{};
};
} // namespace

struct GpuCompiledModule::Impl {
  MLIRContext context;
  std::map<std::string, FunctionSignature> functions;
  mlir::deform::GpuModulePlan plan;
  std::map<std::string, std::unique_ptr<Program>> programs;
};

GpuCompiledModule::GpuCompiledModule(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
GpuCompiledModule::~GpuCompiledModule() = default;

llvm::Expected<std::unique_ptr<GpuCompiledModule>>
GpuCompiledModule::compile(const std::string &source,
                           const std::string &bufferName,
                           CompileOptions options) {
  options.device = compiler::Device::Cuda;
  compiler::initializeCompiler();
  auto impl = std::make_unique<Impl>();
  DialectRegistry registry;
  compiler::registerCompilerDialects(registry);
  impl->context.appendDialectRegistry(registry);
  impl->context.loadAllAvailableDialects();
  impl->context.printOpOnDiagnostic(false);

  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, bufferName), llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &impl->context, diagStream);
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, &impl->context);
  if (!module)
    return error("cannot parse " + bufferName + ":\n" + diagnostics);
  auto functions = compiler::collectSignatures(*module);
  if (!functions)
    return functions.takeError();
  std::map<std::string, uint32_t> numInputs;
  for (auto &[name, sig] : *functions) {
    for (auto [i, t] : llvm::enumerate(sig.inputs))
      if (!t.isStatic())
        return error(llvm::formatv(
            "@{0} argument {1} is a {2}: the CUDA path compiles static "
            "shapes only",
            name, i, t.str()));
    numInputs[name] = sig.inputs.size();
  }
  impl->functions = std::move(*functions);

  PassManager pm(&impl->context);
  compiler::buildPipeline(pm, options, /*outParams=*/true);
  if (failed(pm.run(*module)))
    return error("cannot compile " + bufferName + " for CUDA:\n" + diagnostics);
  FailureOr<mlir::deform::GpuModulePlan> plan =
      mlir::deform::extractLaunchPlans(*module, numInputs);
  if (failed(plan))
    return error("cannot read the launch plans of " + bufferName + ":\n" +
                 diagnostics);
  impl->plan = std::move(*plan);
  for (auto &[name, fplan] : impl->plan.functions) {
    auto p = std::make_unique<Program>();
    p->name = name;
    p->plan = fplan;
    for (const mlir::deform::GpuStep &s : p->plan.steps) {
      deform_gpu_step step{};
      step.kernel = s.kernel.empty() ? nullptr : s.kernel.c_str();
      for (int i = 0; i < 3; ++i) {
        step.grid[i] = s.grid[i];
        step.block[i] = s.block[i];
      }
      step.shared_bytes = s.sharedBytes;
      step.num_args = s.args.size();
      step.args = s.args.data();
      step.copy_bytes = s.copyBytes;
      p->steps.push_back(step);
    }
    deform_gpu_program &g = p->program;
    g.version = DEFORM_GPU_PROGRAM_VERSION;
    g.name = p->name.c_str();
    g.image = impl->plan.image.data();
    g.image_bytes = impl->plan.image.size();
    g.num_inputs = p->plan.numInputs;
    g.num_params = p->plan.numParams;
    g.num_buffers = p->plan.bufferBytes.size();
    g.buffer_bytes = p->plan.bufferBytes.data();
    g.num_steps = p->steps.size();
    g.steps = p->steps.data();
    impl->programs[name] = std::move(p);
  }
  return std::unique_ptr<GpuCompiledModule>(new GpuCompiledModule(std::move(impl)));
}

llvm::Expected<const FunctionSignature *>
GpuCompiledModule::signature(const std::string &function) const {
  auto it = impl->functions.find(function);
  if (it != impl->functions.end())
    return &it->second;
  std::string names;
  for (auto &[name, sig] : impl->functions)
    names += (names.empty() ? "@" : ", @") + name;
  return error("no public function @" + function + " in the module (it has " +
               (names.empty() ? std::string("none") : names) + ")");
}

llvm::Expected<const deform_gpu_program *>
GpuCompiledModule::program(const std::string &function) const {
  if (auto sig = signature(function); !sig)
    return sig.takeError();
  auto it = impl->programs.find(function);
  if (it == impl->programs.end())
    return error("@" + function + " has no launch plan");
  return &it->second->program;
}

std::string GpuCompiledModule::imageKind() const {
  switch (impl->plan.format) {
  case mlir::deform::GpuModulePlan::Format::Fatbin:
    return "fatbin";
  case mlir::deform::GpuModulePlan::Format::Ptx:
    return "PTX";
  case mlir::deform::GpuModulePlan::Format::Emulated:
    return "emulated";
  }
  return "?";
}

llvm::Expected<std::unique_ptr<GpuCall>>
GpuCompiledModule::bind(const std::string &function,
                        const std::vector<TensorView> &inputs,
                        deform_context *ctx) const {
  auto sig = signature(function);
  if (!sig)
    return sig.takeError();
  auto prog = program(function);
  if (!prog)
    return prog.takeError();
  const FunctionSignature &s = **sig;
  if (inputs.size() != s.inputs.size())
    return error(llvm::formatv("@{0} takes {1} inputs, {2} given", function,
                               s.inputs.size(), inputs.size()));
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!s.inputs[i].accepts(inputs[i].dtype, inputs[i].shape))
      return error(llvm::formatv(
          "@{0} argument {1}: expected {2}, given a {3} array of shape {4}",
          function, i, s.inputs[i].str(), npy::dtypeName(inputs[i].dtype),
          shapeString(inputs[i].shape)));
  std::unique_ptr<GpuCall> call(new GpuCall());
  call->ctx = ctx;
  call->program = *prog;
  call->signature = &s;
  auto make = [&](const TensorSpec &t, const void *data) -> llvm::Error {
    deform_buffer *b = nullptr;
    uint64_t bytes = std::max<uint64_t>(bytesOf(t), 1);
    if (deform_buffer_create(ctx, bytes, &b) != DEFORM_OK)
      return runtimeError("@" + function);
    call->buffers.push_back(b);
    if (data && bytesOf(t) &&
        (deform_buffer_copy_from_host(b, data, bytesOf(t)) != DEFORM_OK ||
         deform_buffer_sync_to_device(b) != DEFORM_OK))
      return runtimeError("@" + function);
    return llvm::Error::success();
  };
  for (size_t i = 0; i < inputs.size(); ++i)
    if (auto err = make(s.inputs[i], inputs[i].data))
      return std::move(err);
  for (const TensorSpec &r : s.results)
    if (auto err = make(r, nullptr))
      return std::move(err);
  return call;
}

llvm::Expected<std::vector<Array>>
GpuCompiledModule::run(const std::string &function,
                       const std::vector<TensorView> &inputs,
                       deform_context *ctx) const {
  auto call = bind(function, inputs, ctx);
  if (!call)
    return call.takeError();
  if (auto err = (*call)->run())
    return std::move(err);
  return (*call)->results();
}

GpuCall::~GpuCall() {
  for (deform_buffer *b : buffers)
    deform_buffer_destroy(b);
}

llvm::Error GpuCall::run() {
  if (deform_gpu_program_run(ctx, program, buffers.data()) != DEFORM_OK)
    return error(deform_last_error());
  return llvm::Error::success();
}

llvm::Expected<std::vector<Array>> GpuCall::results() {
  std::vector<Array> out;
  size_t first = signature->inputs.size();
  for (size_t r = 0; r < signature->results.size(); ++r) {
    const TensorSpec &t = signature->results[r];
    Array a;
    a.dtype = t.dtype;
    a.shape = t.shape;
    a.data.resize(bytesOf(t));
    deform_buffer *b = buffers[first + r];
    if (!a.data.empty() &&
        (deform_buffer_sync_to_host(b) != DEFORM_OK ||
         deform_buffer_copy_to_host(b, a.data.data(), a.data.size()) !=
             DEFORM_OK))
      return runtimeError("result " + std::to_string(r));
    out.push_back(std::move(a));
  }
  return out;
}

} // namespace deform::jit
