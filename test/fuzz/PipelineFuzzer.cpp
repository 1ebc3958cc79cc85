//===- PipelineFuzzer.cpp - libFuzzer harness: parse, verify, pipelines ---===//
//
// The input is MLIR text. It is parsed and verified in a context set up like
// deform-opt's and deform-run's (registerCompilerDialects,
// initializeCompiler), with every diagnostic captured and discarded. A module
// that parses and verifies, and whose shaped types are small, then goes
// through (each on a clone):
//   - the CPU pipeline (::deform::compiler::buildPipeline) for x86-64-v3 and
//     for the host, vectorized and scalar (results returned and as
//     out-parameters), after collectSignatures like deform-run, then the
//     translation to LLVM IR and LLVM's verifier;
//   - the passes users run alone (as the lit tests do): deform-shape-checks,
//     deform-cpu-target + deform-configure-cpu, deform-tile, deform-decompose,
//     deform-lower-to-loops, deform-cpu-lower, deform-cpu-outline-parallel,
//     deform-cpu-materialize-launches, deform-set-target-cpu, ...
// Failing is fine when it comes with an error diagnostic; failing without
// one, a crash, a sanitizer report or a hang (libFuzzer -timeout) is a
// finding.
//
//===----------------------------------------------------------------------===//
#include "FuzzCommon.h"

#include "deform/Compiler/CompilerSetup.h"
#include "deform/Dialect/DeformOps.h"

#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

DEFORM_FUZZ_SANITIZER_DEFAULTS

using namespace mlir;
using ::deform::fuzz::finding;

namespace {

/// Work caps: modules whose shaped types hold more elements than this, or
/// that have more operations, are only parsed and verified.
constexpr int64_t kMaxElements = int64_t(1) << 20;
constexpr int64_t kMaxOps = 2000;
/// A fresh context every so many inputs bounds what uniquing accumulates.
constexpr int kInputsPerContext = 256;

/// The passes users run alone (see the lit tests' RUN lines).
const char *const kPassPipelines[] = {
    "deform-shape-checks",
    "deform-distinct-results",
    "deform-cpu-target{cpu=x86-64-v3},deform-configure-cpu",
    "deform-cpu-target,deform-configure-cpu,deform-tile,canonicalize",
    "deform-tile,canonicalize",
    "deform-decompose,canonicalize",
    "deform-lower-to-loops,canonicalize",
    "deform-cpu-lower,canonicalize",
    "deform-cpu-outline-parallel,canonicalize",
    "deform-cpu-materialize-launches",
    "deform-cpu-check-allocations",
    "deform-set-target-cpu",
};

struct Harness {
  DialectRegistry registry;
  std::unique_ptr<MLIRContext> context;
  int uses = 0;
  bool verbose = std::getenv("DEFORM_FUZZ_VERBOSE") != nullptr;

  Harness() {
    ::deform::compiler::initializeCompiler();
    ::deform::compiler::registerCompilerDialects(registry);
  }

  MLIRContext &freshContext() {
    if (!context || ++uses >= kInputsPerContext) {
      context = std::make_unique<MLIRContext>(registry,
                                              MLIRContext::Threading::DISABLED);
      context->printOpOnDiagnostic(false);
      context->printStackTraceOnDiagnostic(false);
      uses = 0;
    }
    return *context;
  }
};

/// Counts (and with DEFORM_FUZZ_VERBOSE prints) the errors emitted while it
/// lives; swallows every diagnostic.
class Diagnostics {
public:
  Diagnostics(MLIRContext &context, bool verbose)
      : handler(&context, [this, verbose](Diagnostic &d) {
          if (d.getSeverity() == DiagnosticSeverity::Error) {
            ++errors;
            if (verbose)
              llvm::errs() << "  diagnostic: " << d << "\n";
          }
          return success();
        }) {}
  int errors = 0;

private:
  ScopedDiagnosticHandler handler;
};

/// Whether to go where the known findings (test/fuzz/findings/) are; off by
/// default so that a run looks for new ones.
bool knownFindings() {
  static bool on = std::getenv("DEFORM_FUZZ_KNOWN_FINDINGS") != nullptr;
  return on;
}

/// Whether the text would crash Debian's MLIR 22 parser itself (not the
/// project's code; findings/upstream-mlir-1.mlir): an llvm.insertvalue or
/// llvm.extractvalue position of 2^32 or more (it wraps to a position that
/// passes the bounds check; mlir-opt crashes the same way).
bool hitsKnownUpstreamParserCrash(llvm::StringRef text) {
  if (knownFindings() || (!text.contains("llvm.insertvalue") &&
                          !text.contains("llvm.extractvalue")))
    return false;
  for (size_t i = 0; i < text.size();) {
    if (!isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && isdigit(static_cast<unsigned char>(text[i])))
      ++i;
    llvm::StringRef digits = text.slice(start, i).ltrim('0');
    if (digits.size() > 10 ||
        (digits.size() == 10 && digits.compare("4294967296") >= 0))
      return true;
  }
  return false;
}

/// Whether the module is small enough to compile quickly.
bool smallEnough(ModuleOp module) {
  int64_t ops = 0;
  bool ok = true;
  AttrTypeWalker walker;
  walker.addWalk([&](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    if (!shaped || !shaped.hasRank())
      return WalkResult::advance();
    int64_t n = 1;
    for (int64_t d : shaped.getShape()) {
      if (ShapedType::isDynamic(d))
        continue;
      if (d < 0 || __builtin_mul_overflow(n, std::max<int64_t>(d, 1), &n) ||
          n > kMaxElements) {
        ok = false;
        return WalkResult::interrupt();
      }
    }
    if (shaped.getRank() > 8)
      ok = false;
    return ok ? WalkResult::advance() : WalkResult::interrupt();
  });
  module->walk([&](Operation *op) {
    if (++ops > kMaxOps) {
      ok = false;
      return WalkResult::interrupt();
    }
    for (Type t : op->getResultTypes())
      walker.walk(t);
    walker.walk(op->getAttrDictionary());
    for (Region &r : op->getRegions())
      for (Block &b : r)
        for (Type t : b.getArgumentTypes())
          walker.walk(t);
    return ok ? WalkResult::advance() : WalkResult::interrupt();
  });
  return ok;
}

/// Runs `pm` on a clone of `module`; a failure must come with an error.
/// Returns the clone when the pass manager succeeded.
OwningOpRef<ModuleOp> runOnClone(MLIRContext &context, ModuleOp module,
                                 PassManager &pm, const std::string &what,
                                 bool verbose) {
  OwningOpRef<ModuleOp> clone = module.clone();
  Diagnostics diagnostics(context, verbose);
  LogicalResult result = pm.run(*clone);
  if (verbose)
    llvm::errs() << what << ": " << (succeeded(result) ? "ok" : "failed")
                 << "\n";
  if (failed(result)) {
    if (diagnostics.errors == 0)
      finding("%s failed without an error diagnostic", what.c_str());
    return nullptr;
  }
  return clone;
}

void runCpuPipeline(MLIRContext &context, ModuleOp module,
                    const ::deform::compiler::CompileOptions &options,
                    bool outParams, bool verbose) {
  std::string what = "deform-cpu-pipeline(target-cpu=" + options.targetCpu +
                     (options.scalar ? " scalar=1" : "") +
                     (outParams ? " out-params" : "") + ")";
  OwningOpRef<ModuleOp> input = module.clone();
  // What deform-run and deform-compile do first (it also marks the public
  // functions llvm.emit_c_interface); they stop on an error, the fuzzer
  // compiles anyway (as deform-opt does).
  std::map<std::string, ::deform::compiler::FunctionSignature> functions;
  auto signatures = ::deform::compiler::collectSignatures(*input);
  if (signatures)
    functions = std::move(*signatures);
  else
    llvm::consumeError(signatures.takeError());
  PassManager pm(&context);
  ::deform::compiler::buildPipeline(pm, options, outParams);
  OwningOpRef<ModuleOp> lowered =
      runOnClone(context, *input, pm, what, verbose);
  if (!lowered)
    return;
  // Then they read the size checks' messages back.
  ::deform::compiler::addShapeChecks(*lowered, functions);
  for (auto &[name, sig] : functions)
    for (size_t i = 0; i < sig.shapeChecks.size(); ++i)
      (void)::deform::compiler::shapeCheckMessage(sig, int64_t(i), 1, 2);
  // The JIT and deform-compile translate the result to LLVM IR next.
  Diagnostics diagnostics(context, verbose);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*lowered, llvmContext);
  if (!llvmModule) {
    if (diagnostics.errors == 0)
      finding("%s: the translation to LLVM IR failed without a diagnostic",
              what.c_str());
    return;
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*llvmModule, &os))
    finding("%s: the LLVM IR does not verify:\n%s", what.c_str(),
            problems.c_str());
}

//===----------------------------------------------------------------------===//
// Mutations that keep the text parseable
//===----------------------------------------------------------------------===//

/// Interesting replacements for an integer literal (sizes, attributes).
const char *const kNumbers[] = {
    "0",          "1",          "2",          "3",         "4",
    "5",          "7",          "8",          "9",         "16",
    "17",         "31",         "32",         "63",        "64",
    "65",         "255",        "256",        "512",       "513",
    "1024",       "4096",       "65535",      "65536",     "65537",
    "2147483647", "2147483648", "4294967296", "-1",        "-2",
    "-7",         "9223372036854775807",      "-9223372036854775808",
    "16777216",   "1000000"};

/// Groups of keywords that can stand for one another.
const char *const kSwaps[][4] = {
    {"nchw", "nhwc", nullptr, nullptr},
    {"planar", "interleaved", nullptr, nullptr},
    {"<input>", "<output>", nullptr, nullptr},
    {"<zero>", "<dcnv1>", "<tf_clamp>", nullptr},
    {"oihw", "hwoi", nullptr, nullptr},
    {"mmcv", "dcn_psroi", nullptr, nullptr},
    {"f32", "f16", "f64", "bf16"},
    {"tensor<", "memref<", nullptr, nullptr},
    {"x86-64-v3", "x86-64-v4", "host", "znver4"},
    {"x?x", "x1x", "x0x", "x7x"},
};

size_t mutateText(uint8_t *data, size_t size, size_t maxSize, unsigned seed) {
  std::string text(reinterpret_cast<const char *>(data), size);
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  // Integer literals, and occurrences of the swappable keywords.
  std::vector<std::pair<size_t, size_t>> numbers;
  for (size_t i = 0; i < text.size();) {
    if (isdigit(static_cast<unsigned char>(text[i]))) {
      size_t start = i > 0 && text[i - 1] == '-' ? i - 1 : i;
      while (i < text.size() && isdigit(static_cast<unsigned char>(text[i])))
        ++i;
      // Not inside an identifier (%arg0, @f2, x86-64, f32).
      char before = start > 0 ? text[start - 1] : ' ';
      if (!isalnum(static_cast<unsigned char>(before)) && before != '_' &&
          before != '%' && before != '#' && before != '@' && before != '-')
        numbers.push_back({start, i - start});
      continue;
    }
    ++i;
  }
  std::vector<std::pair<size_t, std::pair<size_t, size_t>>> keywords;
  for (size_t g = 0; g < sizeof kSwaps / sizeof kSwaps[0]; ++g)
    for (size_t k = 0; k < 4 && kSwaps[g][k]; ++k)
      for (size_t at = text.find(kSwaps[g][k]); at != std::string::npos;
           at = text.find(kSwaps[g][k], at + 1))
        keywords.push_back({at, {g, k}});

  bool useNumber = !numbers.empty() && (keywords.empty() || rng() % 3 != 0);
  if (useNumber) {
    auto [at, len] = numbers[pick(numbers.size())];
    std::string value =
        rng() % 4 == 0 ? std::to_string(int64_t(rng() % 20))
                       : kNumbers[pick(sizeof kNumbers / sizeof kNumbers[0])];
    // In a shape ("4x3x"), sometimes a dynamic size instead.
    if (rng() % 6 == 0 && at + len < text.size() && text[at + len] == 'x')
      value = "?";
    text.replace(at, len, value);
  } else if (!keywords.empty()) {
    auto [at, which] = keywords[pick(keywords.size())];
    auto [g, k] = which;
    size_t n = 0;
    while (n < 4 && kSwaps[g][n])
      ++n;
    size_t other = (k + 1 + pick(n - 1)) % n;
    text.replace(at, std::strlen(kSwaps[g][k]), kSwaps[g][other]);
  } else {
    return 0;
  }
  if (text.size() > maxSize)
    return 0;
  std::memcpy(data, text.data(), text.size());
  return text.size();
}

} // namespace

/// Half of the mutations are libFuzzer's own (bytes, dictionary); the other
/// half replace an integer literal or swap a keyword for one of its kind, so
/// that mutants keep parsing and reach the verifiers and the passes.
extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  if (seed % 2 == 0) {
    size_t n = mutateText(data, size, maxSize, seed / 2);
    if (n)
      return n;
  }
  return LLVMFuzzerMutate(data, size, maxSize);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Harness harness;
  MLIRContext &context = harness.freshContext();
  bool verbose = harness.verbose;

  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  if (hitsKnownUpstreamParserCrash(text))
    return 0;
  // The lexer wants a NUL-terminated buffer: copy.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.mlir"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module;
  {
    Diagnostics diagnostics(context, verbose);
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module) {
      if (diagnostics.errors == 0)
        finding("parsing failed without an error diagnostic");
      return 0;
    }
  }
  if (!smallEnough(*module)) {
    if (verbose)
      llvm::errs() << "skipped: too large\n";
    return 0;
  }


  for (const char *targetCpu : {"x86-64-v3", "host"})
    for (bool scalar : {false, true}) {
      ::deform::compiler::CompileOptions options;
      options.targetCpu = targetCpu;
      options.scalar = scalar;
      // Both result conventions, alternately: returned (JIT) and out-params
      // (deform-compile).
      bool outParams = scalar == (targetCpu[0] == 'h');
      runCpuPipeline(context, *module, options, outParams, verbose);
    }

  for (const char *pipeline : kPassPipelines) {
    PassManager pm(&context);
    std::string text = std::string("builtin.module(") + pipeline + ")";
    std::string errors;
    llvm::raw_string_ostream os(errors);
    if (failed(parsePassPipeline(text, pm, os)))
      finding("cannot parse the pass pipeline %s: %s", text.c_str(),
              errors.c_str());
    runOnClone(context, *module, pm, pipeline, verbose);
  }
  return 0;
}
