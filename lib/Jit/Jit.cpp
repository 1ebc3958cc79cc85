//===- Jit.cpp - compile a .mlir module for the CPU and run it ------------===//
#include "Jit.h"
#include "Passes.h"

#include "deform/Dialect/DeformDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <unistd.h>
#include <map>
#include <mutex>

using namespace mlir;
using ::deform::npy::Array;
using ::deform::npy::DType;

namespace deform::jit {
namespace npy = ::deform::npy;

namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::optional<DType> dtypeOf(Type t) {
  if (t.isF32())
    return DType::F32;
  if (t.isF64())
    return DType::F64;
  if (t.isF16())
    return DType::F16;
  if (t.isInteger(32))
    return DType::I32;
  if (t.isInteger(64))
    return DType::I64;
  return std::nullopt;
}

const char *mlirName(DType t) {
  switch (t) {
  case DType::F16: return "f16";
  case DType::F32: return "f32";
  case DType::F64: return "f64";
  case DType::I32: return "i32";
  case DType::I64: return "i64";
  }
  return "?";
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// A ranked memref descriptor as the C interface lays it out:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}, all 8 bytes.
struct Descriptor {
  std::vector<int64_t> words;
  explicit Descriptor(size_t rank) : words(3 + 2 * rank) {}
  static size_t wordsFor(size_t rank) { return 3 + 2 * rank; }
};

Descriptor describe(const TensorView &a) {
  Descriptor d(a.shape.size());
  void *data = const_cast<void *>(a.data);
  std::memcpy(&d.words[0], &data, sizeof(void *));
  std::memcpy(&d.words[1], &data, sizeof(void *));
  d.words[2] = 0;
  int64_t stride = 1;
  size_t rank = a.shape.size();
  for (size_t i = rank; i-- > 0;) {
    d.words[3 + i] = a.shape[i];
    d.words[3 + rank + i] = stride;
    stride *= a.shape[i];
  }
  return d;
}

} // namespace

void initializeCompiler() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mlir::deform::registerDeformPasses();
    mlir::deform::registerCpuPipeline();
    mlir::registerAllPasses();
  });
}

void registerCompilerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<mlir::deform::DeformDialect>();
  mlir::deform::registerInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
}

std::string pipelineFor(const CompileOptions &options, bool outParams) {
  return llvm::formatv(
      "deform-cpu-pipeline{{threads={0} tile-rows={1} tile-columns={2} "
      "tile-channels={3} scalar={4} out-params={5} target-cpu={6}}",
      options.threads, options.tileRows, options.tileColumns,
      options.tileChannels, options.scalar, outParams, options.targetCpu);
}

llvm::Expected<std::map<std::string, FunctionSignature>>
collectSignatures(ModuleOp module) {
  std::map<std::string, FunctionSignature> functions;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal())
      continue;
    FunctionSignature sig;
    auto collect = [&](TypeRange types, std::vector<TensorSpec> &out,
                       const char *what) -> llvm::Error {
      for (auto [i, t] : llvm::enumerate(types)) {
        auto tensor = dyn_cast<RankedTensorType>(t);
        std::optional<DType> dt =
            tensor ? dtypeOf(tensor.getElementType()) : std::nullopt;
        if (!tensor || !tensor.hasStaticShape() || !dt) {
          std::string typeStr;
          llvm::raw_string_ostream(typeStr) << t;
          return error(llvm::formatv(
              "@{0}: {1} {2} has type {3}; expected a statically shaped "
              "tensor of f16, f32, f64, i32 or i64",
              func.getSymName(), what, i, typeStr));
        }
        out.push_back({*dt, std::vector<int64_t>(tensor.getShape().begin(),
                                                 tensor.getShape().end())});
      }
      return llvm::Error::success();
    };
    if (auto err = collect(func.getArgumentTypes(), sig.inputs, "argument"))
      return std::move(err);
    if (auto err = collect(func.getResultTypes(), sig.results, "result"))
      return std::move(err);
    func.walk([&](mlir::deform::Conv2dOp conv) {
      auto out = cast<ShapedType>(conv.getInit().getType());
      auto in = cast<ShapedType>(conv.getInput().getType());
      int64_t channels = conv.isNHWC() ? in.getDimSize(3) : in.getDimSize(1);
      sig.flops += 2.0 * out.getNumElements() * (channels / conv.getGroups()) *
                   conv.getKernelH() * conv.getKernelW();
    });
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(module.getContext()));
    functions[func.getSymName().str()] = std::move(sig);
  }
  return functions;
}

std::string TensorSpec::str() const {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + mlirName(dtype) + ">";
}

struct CompiledModule::Impl {
  MLIRContext context;
  std::map<std::string, FunctionSignature> functions;
  std::unique_ptr<ExecutionEngine> engine;
};

CompiledModule::CompiledModule(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
CompiledModule::~CompiledModule() = default;

llvm::Expected<std::unique_ptr<CompiledModule>>
CompiledModule::compile(const std::string &source,
                        const std::string &bufferName,
                        const CompileOptions &options) {
  initializeCompiler();
  auto impl = std::make_unique<Impl>();
  DialectRegistry registry;
  registerCompilerDialects(registry);
  impl->context.appendDialectRegistry(registry);
  impl->context.loadAllAvailableDialects();

  // Collect diagnostics into the error instead of printing them.
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
  auto functions = collectSignatures(*module);
  if (!functions)
    return functions.takeError();
  impl->functions = std::move(*functions);

  PassManager pm(&impl->context);
  if (failed(parsePassPipeline(pipelineFor(options, /*outParams=*/false), pm,
                               diagStream)) ||
      failed(pm.run(*module)))
    return error("cannot compile " + bufferName + ":\n" + diagnostics);
  if (std::getenv("DEFORM_JIT_DUMP"))
    module->print(llvm::errs());

  auto optimize = makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                            /*targetMachine=*/nullptr);
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize;
  auto engine = ExecutionEngine::create(*module, engineOptions);
  if (!engine)
    return error("cannot JIT " + bufferName + ": " +
                 llvm::toString(engine.takeError()) + "\n" + diagnostics);
  impl->engine = std::move(*engine);
  return std::unique_ptr<CompiledModule>(new CompiledModule(std::move(impl)));
}

llvm::Expected<const FunctionSignature *>
CompiledModule::signature(const std::string &function) const {
  auto it = impl->functions.find(function);
  if (it != impl->functions.end())
    return &it->second;
  std::string names;
  for (auto &[name, sig] : impl->functions)
    names += (names.empty() ? "@" : ", @") + name;
  return error("no public function @" + function + " in the module (it has " +
               (names.empty() ? std::string("none") : names) + ")");
}

llvm::Expected<std::vector<Array>>
CompiledModule::run(const std::string &function,
                    const std::vector<const Array *> &arrays) {
  std::vector<TensorView> views;
  for (const Array *a : arrays)
    views.push_back({a->dtype, a->shape, a->data.data()});
  return run(function, views);
}

llvm::Expected<std::vector<Array>>
CompiledModule::run(const std::string &function,
                    const std::vector<TensorView> &inputs) {
  auto sig = signature(function);
  if (!sig)
    return sig.takeError();
  const FunctionSignature &s = **sig;
  if (inputs.size() != s.inputs.size())
    return error(llvm::formatv("@{0} takes {1} inputs, {2} given", function,
                               s.inputs.size(), inputs.size()));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &want = s.inputs[i];
    const TensorView &got = inputs[i];
    if (got.dtype != want.dtype || got.shape != want.shape)
      return error(llvm::formatv(
          "@{0} argument {1}: expected {2}, given a {3} array of shape {4}",
          function, i, want.str(), npy::dtypeName(got.dtype),
          shapeString(got.shape)));
  }

  // The generated code mallocs its results: refuse sizes that cannot be had
  // (it would dereference a null pointer) instead of crashing.
  double physical = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE));
  for (auto [i, r] : llvm::enumerate(s.results)) {
    double bytes = double(npy::dtypeSize(r.dtype));
    for (int64_t d : r.shape)
      bytes *= double(d);
    if (bytes > physical)
      return error(llvm::formatv("@{0} result {1} ({2}) needs {3:F1} GiB, more "
                                 "than this machine's {4:F1} GiB of memory",
                                 function, i, r.str(), bytes / (1 << 30),
                                 physical / (1 << 30)));
  }

  // One block of descriptors: the results first (the C interface returns
  // several results as one struct), then one per argument.
  size_t resultWords = 0;
  for (const TensorSpec &r : s.results)
    resultWords += Descriptor::wordsFor(r.shape.size());
  std::vector<int64_t> results(std::max<size_t>(resultWords, 1));
  std::vector<Descriptor> args;
  for (const TensorView &a : inputs)
    args.push_back(describe(a));
  std::vector<void *> pointers;
  std::vector<void *> packed;
  if (!s.results.empty())
    pointers.push_back(results.data());
  for (Descriptor &d : args)
    pointers.push_back(d.words.data());
  for (void *&p : pointers)
    packed.push_back(&p);
  if (auto err =
          impl->engine->invokePacked("_mlir_ciface_" + function, packed))
    return std::move(err);

  std::vector<Array> outputs;
  size_t word = 0;
  for (const TensorSpec &r : s.results) {
    Array out;
    out.dtype = r.dtype;
    out.shape = r.shape;
    void *allocated, *aligned;
    std::memcpy(&allocated, &results[word], sizeof(void *));
    std::memcpy(&aligned, &results[word + 1], sizeof(void *));
    int64_t offset = results[word + 2];
    size_t bytes = out.numElements() * out.elementSize();
    out.data.resize(bytes);
    std::memcpy(out.data.data(),
                static_cast<unsigned char *>(aligned) + offset * out.elementSize(),
                bytes);
    // Results come from the generated code's malloc; inputs returned as
    // results (identity functions) are not ours to free.
    bool isInput = false;
    for (const TensorView &a : inputs)
      isInput |= allocated == a.data;
    if (!isInput)
      std::free(allocated);
    outputs.push_back(std::move(out));
    word += Descriptor::wordsFor(r.shape.size());
  }
  return outputs;
}

} // namespace deform::jit
