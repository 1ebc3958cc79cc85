//===- CompilerSetup.cpp - what deform-run and deform-compile share -------===//
#include "deform/Compiler/CompilerSetup.h"

#include "deform/Codegen/CPU/Passes.h"
#include "deform/Codegen/GPU/Passes.h"
#include "deform/Dialect/DeformDialect.h"
#include "deform/Interfaces/Interfaces.h"
#include "deform/Transforms/Passes.h"
#include "deform/Tuning/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/TargetSelect.h"

#include <mutex>

using namespace mlir;

namespace deform::compiler {
namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::optional<npy::DType> dtypeOf(Type t) {
  if (t.isF32())
    return npy::DType::F32;
  if (t.isF64())
    return npy::DType::F64;
  if (t.isF16())
    return npy::DType::F16;
  if (t.isInteger(32))
    return npy::DType::I32;
  if (t.isInteger(64))
    return npy::DType::I64;
  return std::nullopt;
}

const char *mlirName(npy::DType t) {
  switch (t) {
  case npy::DType::F16: return "f16";
  case npy::DType::F32: return "f32";
  case npy::DType::F64: return "f64";
  case npy::DType::I32: return "i32";
  case npy::DType::I64: return "i64";
  }
  return "?";
}
} // namespace

void initializeCompiler() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    mlir::deform::registerDeformPasses();
    mlir::deform::registerDeformCpuPasses();
    mlir::deform::registerDeformTuningPasses();
    mlir::deform::registerCpuPipeline();
    mlir::deform::registerDeformGpuPasses();
    mlir::deform::registerGpuPipeline();
    mlir::registerAllPasses();
  });
}

void registerCompilerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<mlir::deform::DeformDialect>();
  mlir::deform::registerInterfaceExternalModels(registry);
  // The host's LLVM IR, and the kernels' (gpu-module-to-binary).
  mlir::NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerAllGPUToLLVMIRTranslations(registry);
}

void buildPipeline(OpPassManager &pm, const CompileOptions &options,
                   bool outParams) {
  if (options.device == Device::Cuda) {
    mlir::deform::GpuPipelineOptions gpu;
    if (!options.chips.empty())
      gpu.chips = options.chips;
    gpu.ptxas = options.ptxas;
    gpu.scalar = options.scalar;
    gpu.emulate = options.emulateGpu;
    mlir::deform::buildGpuPipeline(pm, gpu);
    return;
  }
  mlir::deform::CpuPipelineOptions cpu;
  cpu.targetCpu = options.targetCpu;
  cpu.scalar = options.scalar;
  cpu.fuse = options.fuse;
  cpu.outParams = outParams;
  cpu.schedule = options.schedule;
  cpu.tuningDb = options.tuningDb;
  cpu.tuningThreads = options.tuningThreads;
  mlir::deform::buildCpuPipeline(pm, cpu);
}

bool TensorSpec::isStatic() const {
  return llvm::all_of(shape, [](int64_t d) { return d >= 0; });
}

bool TensorSpec::accepts(npy::DType t, const std::vector<int64_t> &s) const {
  if (t != dtype || s.size() != shape.size())
    return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (shape[i] >= 0 && shape[i] != s[i])
      return false;
  return true;
}

std::string TensorSpec::str() const {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += (d < 0 ? std::string("?") : std::to_string(d)) + "x";
  return s + mlirName(dtype) + ">";
}

void addShapeChecks(ModuleOp module,
                    std::map<std::string, FunctionSignature> &functions) {
  auto all = module->getAttrOfType<DictionaryAttr>(mlir::deform::kShapeChecksAttr);
  if (!all)
    return;
  for (auto &[name, sig] : functions) {
    if (auto texts = all.getAs<ArrayAttr>(name))
      for (Attribute text : texts)
        sig.shapeChecks.push_back(cast<StringAttr>(text).str());
    Operation *check =
        SymbolTable::lookupSymbolIn(module, mlir::deform::shapeCheckName(name));
    sig.shapeChecksSizesOnly =
        check && check->hasAttr(mlir::deform::kShapeCheckSizesOnlyAttr);
  }
}

std::string shapeCheckMessage(const FunctionSignature &sig, int64_t index,
                              int64_t found, int64_t expected) {
  if (index < 0 || index >= int64_t(sig.shapeChecks.size()))
    return "size check " + std::to_string(index + 1) + " failed";
  std::string text = sig.shapeChecks[index];
  for (int64_t value : {found, expected}) {
    size_t at = text.find("%lld");
    if (at != std::string::npos)
      text.replace(at, 4, std::to_string(value));
  }
  return text;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

llvm::Expected<std::map<std::string, FunctionSignature>>
collectSignatures(ModuleOp module) {
  std::map<std::string, FunctionSignature> functions;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal() ||
        func->hasAttr(mlir::deform::kShapeCheckOfAttr))
      continue;
    FunctionSignature sig;
    auto collect = [&](TypeRange types, std::vector<TensorSpec> &out,
                       const char *what) -> llvm::Error {
      for (auto [i, t] : llvm::enumerate(types)) {
        auto tensor = dyn_cast<RankedTensorType>(t);
        std::optional<npy::DType> dt =
            tensor ? dtypeOf(tensor.getElementType()) : std::nullopt;
        if (!tensor || !dt) {
          std::string typeStr;
          llvm::raw_string_ostream(typeStr) << t;
          return error(llvm::formatv(
              "@{0}: {1} {2} has type {3}; expected a ranked tensor of f16, "
              "f32, f64, i32 or i64",
              func.getSymName(), what, i, typeStr));
        }
        std::vector<int64_t> shape;
        for (int64_t d : tensor.getShape())
          shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
        out.push_back({*dt, shape});
      }
      return llvm::Error::success();
    };
    if (auto err = collect(func.getArgumentTypes(), sig.inputs, "argument"))
      return std::move(err);
    if (auto err = collect(func.getResultTypes(), sig.results, "result"))
      return std::move(err);
    func.walk([&](mlir::deform::Conv2dOp conv) {
      auto out = cast<ShapedType>(conv.getInit().getType());
      mlir::deform::ConvGeometry g = conv.getGeometry();
      if (!out.hasStaticShape() || ShapedType::isDynamic(g.channels) ||
          ShapedType::isDynamic(g.taps))
        return;
      sig.flops += 2.0 * out.getNumElements() * g.channelsPerGroup() * g.taps;
    });
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(module.getContext()));
    functions[func.getSymName().str()] = std::move(sig);
  }
  return functions;
}

} // namespace deform::compiler
