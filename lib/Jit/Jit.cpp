//===- Jit.cpp - run a compiled .mlir module in-process -------------------===//
#include "deform/Jit/Jit.h"
#include "deform/Compiler/LLVMOptimize.h"
#include "deform/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <set>
#include <unistd.h>

using namespace mlir;
using ::deform::npy::Array;
using ::deform::npy::DType;

namespace deform::jit {
namespace npy = ::deform::npy;
using compiler::shapeString;

namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
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

/// The address the lowering gives the `allocated` pointer of a buffer that
/// is a global (a returned constant): never to be freed.
const void *const kGlobalAllocated = reinterpret_cast<const void *>(0xdeadbeef);
} // namespace

struct CompiledModule::Impl {
  MLIRContext context;
  std::map<std::string, FunctionSignature> functions;
  std::unique_ptr<ExecutionEngine> engine;
  std::string diagnostics;
};

CompiledModule::CompiledModule(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
CompiledModule::~CompiledModule() = default;

llvm::Expected<std::unique_ptr<CompiledModule>>
CompiledModule::compile(const std::string &source,
                        const std::string &bufferName,
                        const CompileOptions &options) {
  compiler::initializeCompiler();
  auto impl = std::make_unique<Impl>();
  DialectRegistry registry;
  compiler::registerCompilerDialects(registry);
  impl->context.appendDialectRegistry(registry);
  impl->context.loadAllAvailableDialects();
  // Users read these diagnostics: the message, not a dump of the module.
  impl->context.printOpOnDiagnostic(false);

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
  auto functions = compiler::collectSignatures(*module);
  if (!functions)
    return functions.takeError();
  impl->functions = std::move(*functions);

  PassManager pm(&impl->context);
  compiler::buildPipeline(pm, options, /*outParams=*/false);
  if (failed(pm.run(*module)))
    return error("cannot compile " + bufferName + ":\n" + diagnostics);
  compiler::addShapeChecks(*module, impl->functions);
  impl->diagnostics = diagnostics;
  if (std::getenv("DEFORM_JIT_DUMP"))
    module->print(llvm::errs());

  // The same LLVM optimization as deform-compile's.
  bool slp = !options.scalar;
  auto optimize = [slp](llvm::Module *m) {
    return compiler::optimizeModule(*m, slp);
  };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize; // A function_ref: `optimize` outlives it.
  auto engine = ExecutionEngine::create(*module, engineOptions);
  if (!engine)
    return error("cannot JIT " + bufferName + ": " +
                 llvm::toString(engine.takeError()) + "\n" + diagnostics);
  impl->engine = std::move(*engine);
  // The runtime entry generated code calls, from this process.
  impl->engine->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner("deform_kernel_parallel_for")] = {
        llvm::orc::ExecutorAddr::fromPtr(&deform_kernel_parallel_for),
        llvm::JITSymbolFlags::Exported};
    symbols[interner("deform_kernel_alloc")] = {
        llvm::orc::ExecutorAddr::fromPtr(&deform_kernel_alloc),
        llvm::JITSymbolFlags::Exported};
    symbols[interner("deform_kernel_free")] = {
        llvm::orc::ExecutorAddr::fromPtr(&deform_kernel_free),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  // LLVM generates the code at the first lookup: do it here, so that
  // compiling costs nothing at the first call (deform-tune times calls).
  for (auto &[name, sig] : impl->functions)
    if (auto fn = impl->engine->lookupPacked("_mlir_ciface_" + name); !fn)
      return error("cannot JIT " + bufferName + ": " +
                   llvm::toString(fn.takeError()) + "\n" + diagnostics);
  // Compiled: the context's worker threads would only sit idle for as long
  // as the module lives.
  impl->context.disableMultithreading();
  return std::unique_ptr<CompiledModule>(new CompiledModule(std::move(impl)));
}

const std::string &CompiledModule::diagnostics() const {
  return impl->diagnostics;
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
                    const std::vector<const Array *> &arrays,
                    deform_context *ctx) {
  std::vector<TensorView> views;
  for (const Array *a : arrays)
    views.push_back({a->dtype, a->shape, a->data.data()});
  return run(function, views, ctx);
}

llvm::Expected<std::vector<Array>>
CompiledModule::run(const std::string &function,
                    const std::vector<TensorView> &inputs,
                    deform_context *ctx) {
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
    if (!want.accepts(got.dtype, got.shape))
      return error(llvm::formatv(
          "@{0} argument {1}: expected {2}, given a {3} array of shape {4}",
          function, i, want.str(), npy::dtypeName(got.dtype),
          shapeString(got.shape)));
  }

  // The generated code mallocs its results: refuse static sizes that cannot
  // be had (it would dereference a null pointer) instead of crashing.
  double physical = double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGESIZE));
  for (auto [i, r] : llvm::enumerate(s.results)) {
    if (!r.isStatic())
      continue;
    double bytes = double(npy::dtypeSize(r.dtype));
    for (int64_t d : r.shape)
      bytes *= double(d);
    if (bytes > physical)
      return error(llvm::formatv("@{0} result {1} ({2}) needs {3:F1} GiB, more "
                                 "than this machine's {4:F1} GiB of memory",
                                 function, i, r.str(), bytes / (1 << 30),
                                 physical / (1 << 30)));
  }

  std::vector<Descriptor> args;
  for (const TensorView &a : inputs)
    args.push_back(describe(a));
  void *context = ctx;
  // Calls `name` with `resultWords` words of results (the C interface
  // returns several results as one struct, through a first pointer), the
  // context, then one descriptor per argument.
  auto invoke = [&](const std::string &name, std::vector<int64_t> &results,
                    bool hasResults) -> llvm::Error {
    std::vector<void *> pointers;
    if (hasResults)
      pointers.push_back(results.data());
    pointers.push_back(context);
    for (Descriptor &d : args)
      pointers.push_back(d.words.data());
    std::vector<void *> packed;
    for (void *&p : pointers)
      packed.push_back(&p);
    return impl->engine->invokePacked("_mlir_ciface_" + name, packed);
  };

  // Dynamic sizes are checked first: inconsistent ones never reach the
  // generated code.
  if (!s.shapeChecks.empty()) {
    std::vector<int64_t> check(3 + 64, 0);
    if (auto err = invoke(mlir::deform::shapeCheckName(function), check, true))
      return std::move(err);
    if (check[0] != 0)
      return error("@" + function + ": " +
                   compiler::shapeCheckMessage(s, check[0] - 1, check[1],
                                               check[2]));
  }

  size_t resultWords = 0;
  for (const TensorSpec &r : s.results)
    resultWords += Descriptor::wordsFor(r.shape.size());
  std::vector<int64_t> results(std::max<size_t>(resultWords, 1));
  uint64_t failures = deform_kernel_alloc_failures();
  if (auto err = invoke(function, results, !s.results.empty()))
    return std::move(err);
  if (deform_kernel_alloc_failures() != failures)
    return error("@" + function + ": the generated code could not allocate "
                 "its buffers (out of memory); its results are not valid");

  // Results come from the generated code's malloc; inputs returned as
  // results, constants (globals) and a buffer returned twice are not freed
  // (twice).
  std::set<void *> owned;
  std::vector<Array> outputs;
  size_t word = 0;
  for (const TensorSpec &r : s.results) {
    size_t rank = r.shape.size();
    Array out;
    out.dtype = r.dtype;
    out.shape.assign(results.begin() + word + 3,
                     results.begin() + word + 3 + rank);
    const int64_t *strides = &results[word + 3 + rank];
    void *allocated, *aligned;
    std::memcpy(&allocated, &results[word], sizeof(void *));
    std::memcpy(&aligned, &results[word + 1], sizeof(void *));
    int64_t offset = results[word + 2];
    out.data.resize(out.numElements() * out.elementSize());
    // Results may be views with any layout: copy along their strides
    // unless they are dense.
    size_t count = out.numElements(), size = out.elementSize();
    std::vector<int64_t> index(rank, 0);
    const auto *base = static_cast<const unsigned char *>(aligned);
    bool dense = true;
    int64_t expected = 1;
    for (size_t d = rank; d-- > 0;) {
      dense &= out.shape[d] == 1 || strides[d] == expected;
      expected *= out.shape[d];
    }
    if (dense && count)
      std::memcpy(out.data.data(), base + offset * size, count * size);
    for (size_t e = 0; !dense && e < count; ++e) {
      int64_t at = offset;
      for (size_t d = 0; d < rank; ++d)
        at += index[d] * strides[d];
      std::memcpy(out.data.data() + e * size, base + at * size, size);
      for (size_t d = rank; d-- > 0;) {
        if (++index[d] < out.shape[d])
          break;
        index[d] = 0;
      }
    }
    bool isInput = false;
    for (const TensorView &a : inputs)
      isInput |= allocated == a.data;
    if (!isInput && allocated != kGlobalAllocated)
      owned.insert(allocated);
    outputs.push_back(std::move(out));
    word += Descriptor::wordsFor(rank);
  }
  for (void *p : owned)
    deform_kernel_free(p); // the next call's results reuse it
  return outputs;
}

} // namespace deform::jit
