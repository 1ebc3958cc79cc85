//===- deform-compile.cpp - ahead-of-time compile to an object + C header -===//
//
//   deform-compile layer.mlir --target=cpu -o layer [--output-dir=DIR]
//                 [--cpu=host|x86-64-v3|x86-64-v4|<LLVM CPU name>]
//   deform-compile layer.mlir --target=cuda -o layer [--chips=sm_80,sm_90]
//
// Writes layer.o and layer.h (per public function @fn, the C functions
// `deform_status layer_fn(const float *in..., float *out...)` and
// `layer_fn_on(deform_context *ctx, ...)`, shapes documented). For the CPU
// the object is native code of every public function (deform-cpu-pipeline),
// whose tiles run on a runtime context's threads; for CUDA it holds the
// kernels (deform-gpu-pipeline: one fatbin) and each function's launch
// plan, which the runtime runs (plus `layer_fn_device` on device buffers).
// Nothing of MLIR or LLVM is needed at run time; nothing links against
// CUDA.
//
//===----------------------------------------------------------------------===//
#include "GpuObject.h"
#include "Header.h"

#include "deform/Codegen/CPU/Passes.h"
#include "deform/Codegen/GPU/LaunchPlan.h"
#include "deform/Compiler/CompilerSetup.h"
#include "deform/Compiler/LLVMOptimize.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;

static cl::OptionCategory toolCategory("deform-compile options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                                      cl::Required, cl::cat(toolCategory));
static cl::opt<std::string>
    outputName("o", cl::desc("Name of the outputs: NAME.o, NAME.h, and the "
                             "prefix of the C functions"),
               cl::Required, cl::cat(toolCategory));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Directory for NAME.o and NAME.h"),
                                      cl::init("."), cl::cat(toolCategory));
static cl::opt<std::string>
    targets("target", cl::desc("What to compile for: cpu or cuda"),
            cl::init("cpu"), cl::cat(toolCategory));
static cl::list<std::string>
    chips("chips", cl::desc("--target=cuda: NVIDIA chips, sm_XY (default "
                            "sm_80,sm_90; the first one's PTX is embedded too)"),
          cl::CommaSeparated, cl::cat(toolCategory));
static cl::opt<std::string>
    ptxas("ptxas", cl::desc("--target=cuda: the ptxas to use (default: "
                            "$CUDA_PATH, /usr/local/cuda, PATH)"),
          cl::init(""), cl::cat(toolCategory));
static cl::opt<bool>
    scalar("scalar",
           cl::desc("Lower deform ops through their scalar implementation "
                    "(slow; for checking)"),
           cl::init(false), cl::cat(toolCategory));
// For tests without a GPU: kernels compiled for the host, for the tests'
// emulating driver.
static cl::opt<bool> gpuEmulate("gpu-emulate", cl::Hidden, cl::init(false),
                                cl::cat(toolCategory));
static cl::opt<std::string>
    cpu("cpu",
        cl::desc("Target CPU: host (default), x86-64-v3, x86-64-v4 (portable "
                 "binaries), or any LLVM CPU name"),
        cl::init("host"), cl::cat(toolCategory));

static cl::opt<bool>
    fuse("fuse",
         cl::desc("Fuse the regular convolutions that compute a deformable "
                  "convolution's offsets or mask into its tiles (default; "
                  "--fuse=false computes them whole first)"),
         cl::init(true), cl::cat(toolCategory));
static cl::opt<std::string> tuningDb(
    "tuning-db",
    cl::desc("A tuning database (deform-tune): ops with an entry for this CPU, "
             "--tuning-threads and compiler get its configuration"),
    cl::init(""), cl::cat(toolCategory));
static cl::opt<int64_t> tuningThreads(
    "tuning-threads",
    cl::desc("Runtime threads the object will run on, for matching tuning "
             "entries (0, the default: one per hardware thread, as the "
             "runtime's default context)"),
    cl::init(0), cl::cat(toolCategory));

static int fail(const Twine &message) {
  errs() << "deform-compile: " << message << "\n";
  return 1;
}

/// A C identifier: NAME must be one, since it prefixes the C functions.
static bool isIdentifier(StringRef s) {
  if (s.empty() || !(isAlpha(s[0]) || s[0] == '_'))
    return false;
  return llvm::all_of(s, [](char c) { return isAlnum(c) || c == '_'; });
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(toolCategory);
  cl::ParseCommandLineOptions(argc, argv, "deform-mlir ahead-of-time compiler\n");
  if (!isIdentifier(outputName))
    return fail("-o '" + outputName +
                "': expected a C identifier (it prefixes the C functions)");
  if (targets != "cpu" && targets != "cuda") {
    if (StringRef(targets).contains(','))
      return fail("--target=" + targets +
                  ": one target per output (compile each to its own -o NAME)");
    return fail("--target: unknown target '" + targets +
                "', expected cpu or cuda");
  }
  bool cuda = targets == "cuda";

  if (tuningThreads < 0 || tuningThreads > 1024)
    return fail("--tuning-threads=" + Twine(tuningThreads) +
                ": expected 0 (one per hardware thread) to 1024");

  deform::compiler::initializeCompiler();
  mlir::DialectRegistry registry;
  deform::compiler::registerCompilerDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Users read these diagnostics: the message, not a dump of the module.
  context.printOpOnDiagnostic(false);
  SourceMgr sourceMgr;
  auto file = MemoryBuffer::getFile(inputFile);
  if (!file)
    return fail("cannot open '" + inputFile + "': " + file.getError().message());
  sourceMgr.AddNewSourceBuffer(std::move(*file), SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  // Exported symbols __deform_<length of NAME>NAME_fn: unique across
  // compiled modules (NAME a_b with @c and NAME a with @b_c differ) and
  // apart from the C wrapper NAME_fn of the header. Every other function of
  // the object is internal.
  std::string prefix =
      "__deform_" + std::to_string(outputName.size()) + outputName + "_";
  for (auto func : llvm::make_early_inc_range(module->getOps<mlir::func::FuncOp>())) {
    if (func.isPrivate() || func.isExternal())
      continue;
    StringRef symbol = func.getSymName();
    if (!isIdentifier(symbol) || symbol.starts_with("_"))
      return fail("@\"" + symbol +
                  "\": a public function's name must be a C identifier that "
                  "does not start with '_' (it names the C function " +
                  outputName + "_<name>); rename it or make it private");
    std::string name = prefix + symbol.str();
    if (failed(mlir::SymbolTable::replaceAllSymbolUses(
            func, mlir::StringAttr::get(&context, name), *module)))
      return fail("cannot rename @" + func.getSymName());
    func.setSymName(name);
  }
  auto signatures = deform::compiler::collectSignatures(*module);
  if (!signatures)
    return fail(toString(signatures.takeError()));
  if (signatures->empty())
    return fail(inputFile + " has no public function to compile");

  deform::compiler::CompileOptions options;
  options.targetCpu = cpu;
  options.fuse = fuse;
  options.tuningDb = tuningDb;
  options.tuningThreads = tuningThreads;
  options.scalar = scalar;
  if (cuda) {
    options.device = deform::compiler::Device::Cuda;
    options.chips.assign(chips.begin(), chips.end());
    options.ptxas = ptxas;
    options.emulateGpu = gpuEmulate;
    for (auto &[symbol, sig] : *signatures)
      for (auto [i, t] : llvm::enumerate(sig.inputs))
        if (!t.isStatic())
          return fail("@" + symbol.substr(prefix.size()) + " argument " +
                      Twine(i) + " is a " + t.str() +
                      ": --target=cuda compiles static shapes only");
  }
  mlir::PassManager pm(&context);
  deform::compiler::buildPipeline(pm, options, /*outParams=*/true);
  if (failed(pm.run(*module)))
    return 1;
  deform::compiler::addShapeChecks(*module, *signatures);

  // LLVM IR for the module's target CPU (deform-cpu-target decided it; the
  // host's generic CPU for the data of a CUDA object), optimized, emitted
  // as an object file.
  std::string cpuName = "generic", features;
  std::optional<mlir::deform::GpuModulePlan> plan;
  if (cuda) {
    std::map<std::string, uint32_t> numInputs;
    for (auto &[symbol, sig] : *signatures)
      numInputs[symbol] = sig.inputs.size();
    auto extracted = mlir::deform::extractLaunchPlans(*module, numInputs);
    if (failed(extracted))
      return 1;
    plan = std::move(*extracted);
  } else {
    auto cpuTarget = (*module)->getAttrOfType<mlir::deform::CpuTargetAttr>(
        mlir::deform::kTargetAttr);
    if (!cpuTarget)
      return fail("the compiled module has no deform.target");
    cpuName = cpuTarget.getCpu().str();
    features = cpuTarget.getFeatures().str();
  }
  auto created = deform::compiler::createCpuTargetMachine(cpuName, features);
  if (!created)
    return fail(toString(created.takeError()));
  std::unique_ptr<TargetMachine> machine = std::move(*created);

  LLVMContext llvmContext;
  std::unique_ptr<Module> llvmModule;
  if (cuda) {
    llvmModule = std::make_unique<Module>(outputName, llvmContext);
    deform::compile::emitGpuPrograms(*llvmModule, *plan, prefix);
  } else {
    llvmModule = mlir::translateModuleToLLVMIR(*module, llvmContext, outputName);
  }
  if (!llvmModule)
    return fail("cannot translate to LLVM IR");
  llvmModule->setTargetTriple(machine->getTargetTriple());
  llvmModule->setDataLayout(machine->createDataLayout());
  for (Function &fn : *llvmModule)
    if (!fn.isDeclaration() && !fn.getName().starts_with(prefix) &&
        !fn.getName().starts_with("_mlir_ciface_" + prefix))
      fn.setLinkage(GlobalValue::InternalLinkage);
  if (auto err = deform::compiler::optimizeModule(*llvmModule,
                                                  /*slpVectorize=*/!scalar))
    return fail("LLVM optimization failed: " + toString(std::move(err)));

  SmallString<256> objectPath(outputDir), headerPath(outputDir);
  sys::path::append(objectPath, outputName + ".o");
  sys::path::append(headerPath, outputName + ".h");
  if (std::error_code ec = sys::fs::create_directories(outputDir))
    return fail("cannot create '" + outputDir + "': " + ec.message());
  std::error_code ec;
  ToolOutputFile object(objectPath, ec, sys::fs::OF_None);
  if (ec)
    return fail("cannot write '" + objectPath + "': " + ec.message());
  legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, object.os(), nullptr,
                                   CodeGenFileType::ObjectFile))
    return fail("the target cannot emit object files");
  codegen.run(*llvmModule);
  object.keep();

  ToolOutputFile header(headerPath, ec, sys::fs::OF_Text);
  if (ec)
    return fail("cannot write '" + headerPath + "': " + ec.message());
  std::string chipList = "sm_80,sm_90";
  if (!chips.empty())
    chipList = llvm::join(chips, ",");
  if (cuda)
    deform::compile::writeCudaHeader(header.os(), outputName, prefix, inputFile,
                                     chipList, *signatures, *plan);
  else
    deform::compile::writeHeader(header.os(), outputName, prefix, inputFile,
                                 cpuName, *signatures);
  header.keep();
  outs() << "deform-compile: wrote " << objectPath << " and " << headerPath
         << " (" << signatures->size() << " function(s), "
         << (cuda ? "cuda " + chipList + ", kernels " +
                        (plan->format == mlir::deform::GpuModulePlan::Format::Fatbin
                             ? "fatbin"
                             : plan->format ==
                                       mlir::deform::GpuModulePlan::Format::Ptx
                                   ? "PTX only"
                                   : "emulated")
                  : "cpu " + cpuName)
         << ")\n";
  return 0;
}
