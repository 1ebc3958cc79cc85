//===- LaunchPlan.cpp - what a compiled GPU function does, as data --------===//
#include "deform/Codegen/GPU/LaunchPlan.h"
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::deform;

namespace {
/// Bytes of a static memref, or nullopt.
std::optional<uint64_t> bytesOf(Type type) {
  auto m = dyn_cast<MemRefType>(type);
  if (!m || !m.hasStaticShape() || !m.getLayout().isIdentity() ||
      !m.getElementType().isIntOrFloat())
    return std::nullopt;
  uint64_t bits = m.getElementType().getIntOrFloatBitWidth();
  return uint64_t(m.getNumElements()) * ((bits + 7) / 8);
}

class PlanReader {
public:
  PlanReader(func::FuncOp func, uint32_t numInputs)
      : func(func), numInputs(numInputs) {}

  FailureOr<GpuFunctionPlan> read() {
    GpuFunctionPlan plan;
    if (func.getNumResults() != 0)
      return func.emitOpError()
             << "returns " << func.getNumResults()
             << " value(s); a GPU function's results must be caller-provided "
                "device buffers (deform-gpu-pipeline out-params=1)";
    plan.numInputs = numInputs;
    plan.numParams = func.getNumArguments();
    for (BlockArgument arg : func.getArguments()) {
      std::optional<uint64_t> bytes = bytesOf(arg.getType());
      if (!bytes)
        return func.emitOpError()
               << "argument " << arg.getArgNumber() << " has type "
               << arg.getType()
               << "; the GPU launch plan needs static shapes (dense memrefs)";
      buffers[arg] = plan.bufferBytes.size();
      plan.bufferBytes.push_back(*bytes);
    }
    WalkResult walk = func.getBody().walk<WalkOrder::PreOrder>(
        [&](Operation *op) -> WalkResult {
      if (op == func)
        return WalkResult::advance();
      if (failed(readOp(op, plan)))
        return WalkResult::interrupt();
      return WalkResult::skip();
    });
    if (walk.wasInterrupted())
      return failure();
    return plan;
  }

private:
  FailureOr<uint32_t> bufferOf(Operation *user, Value v) {
    auto it = buffers.find(v);
    if (it == buffers.end())
      return user->emitOpError()
             << "uses a buffer (" << v.getType()
             << ") that is not an argument or an allocation of the function; "
                "the GPU launch plan passes whole buffers only";
    return it->second;
  }

  FailureOr<uint32_t> constant(Operation *op, Value v, StringRef what) {
    std::optional<int64_t> c = getConstantIntValue(v);
    if (!c || *c < 0 || *c > std::numeric_limits<uint32_t>::max())
      return op->emitOpError() << "has a non-constant " << what
                               << "; the GPU launch plan needs static sizes";
    return uint32_t(*c);
  }

  LogicalResult readOp(Operation *op, GpuFunctionPlan &plan) {
    if (isa<arith::ConstantOp, memref::DeallocOp, func::ReturnOp>(op))
      return success();
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      std::optional<uint64_t> bytes = bytesOf(alloc.getType());
      if (!bytes)
        return alloc.emitOpError()
               << "allocates " << alloc.getType()
               << "; the GPU launch plan needs static, dense temporaries";
      buffers[alloc] = plan.bufferBytes.size();
      plan.bufferBytes.push_back(*bytes);
      return success();
    }
    if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      GpuStep step;
      FailureOr<uint32_t> src = bufferOf(op, copy.getSource()),
                          dst = bufferOf(op, copy.getTarget());
      std::optional<uint64_t> bytes = bytesOf(copy.getSource().getType());
      if (failed(src) || failed(dst) || !bytes)
        return failure();
      step.args = {*src, *dst};
      step.copyBytes = *bytes;
      plan.steps.push_back(step);
      return success();
    }
    if (auto launch = dyn_cast<gpu::LaunchFuncOp>(op)) {
      GpuStep step;
      step.kernel = launch.getKernelName().str();
      if (launch.getKernelModuleName() != kKernelModuleName)
        return launch.emitOpError()
               << "launches a kernel of @" << launch.getKernelModuleName()
               << ", expected @" << kKernelModuleName;
      Value sizes[6] = {launch.getGridSizeX(),  launch.getGridSizeY(),
                        launch.getGridSizeZ(),  launch.getBlockSizeX(),
                        launch.getBlockSizeY(), launch.getBlockSizeZ()};
      for (int i = 0; i < 6; ++i) {
        FailureOr<uint32_t> c =
            constant(op, sizes[i], i < 3 ? "grid size" : "block size");
        if (failed(c))
          return failure();
        (i < 3 ? step.grid[i] : step.block[i - 3]) = *c;
      }
      if (Value smem = launch.getDynamicSharedMemorySize()) {
        FailureOr<uint32_t> c = constant(op, smem, "dynamic shared memory size");
        if (failed(c))
          return failure();
        step.sharedBytes = *c;
      }
      for (Value arg : launch.getKernelOperands()) {
        FailureOr<uint32_t> b = bufferOf(op, arg);
        if (failed(b))
          return failure();
        step.args.push_back(*b);
      }
      plan.steps.push_back(step);
      return success();
    }
    return op->emitOpError()
           << "is host code the GPU launch plan cannot run (it holds kernel "
              "launches, static buffers and copies only): only deform ops "
              "run on the GPU";
  }

  func::FuncOp func;
  uint32_t numInputs;
  DenseMap<Value, uint32_t> buffers;
};
} // namespace

FailureOr<GpuModulePlan>
mlir::deform::extractLaunchPlans(ModuleOp module,
                                 const std::map<std::string, uint32_t> &numInputs) {
  GpuModulePlan result;
  int binaries = 0;
  for (auto binary : module.getOps<gpu::BinaryOp>()) {
    ++binaries;
    if (binary.getSymName() != kKernelModuleName ||
        binary.getObjects().size() != 1)
      return binary.emitOpError()
             << "is not the single-object @" << kKernelModuleName
             << " binary deform-gpu-pipeline makes";
    auto object = cast<gpu::ObjectAttr>(binary.getObjects()[0]);
    result.image = object.getObject().getValue().str();
    switch (object.getFormat()) {
    case gpu::CompilationTarget::Fatbin:
      result.format = GpuModulePlan::Format::Fatbin;
      break;
    case gpu::CompilationTarget::Assembly:
      result.format = GpuModulePlan::Format::Ptx;
      break;
    case gpu::CompilationTarget::Offload:
      result.format = GpuModulePlan::Format::Emulated;
      break;
    default:
      return binary.emitOpError() << "holds a cubin; expected a fatbin or PTX";
    }
  }
  if (binaries > 1)
    return module.emitError() << "has " << binaries
                              << " gpu.binary ops, expected one";
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal())
      continue;
    auto it = numInputs.find(func.getSymName().str());
    if (it == numInputs.end())
      continue;
    FailureOr<GpuFunctionPlan> plan = PlanReader(func, it->second).read();
    if (failed(plan))
      return failure();
    if (!plan->steps.empty() && binaries == 0)
      return func.emitOpError() << "launches kernels but the module has no "
                                   "gpu.binary";
    result.functions[func.getSymName().str()] = std::move(*plan);
  }
  return result;
}
