//===- PrepareKernels.cpp - deform-gpu-prepare-kernels --------------------===//
//
// What the outlined kernels need before NVVM: shared buffers as workgroup
// attributions (a memref.alloc in a kernel would become a device malloc),
// and aliasing facts on the arguments the launch plan guarantees (every
// buffer is its own allocation).
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUPREPAREKERNELS
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
bool isWorkgroup(MemRefType type) {
  auto space = dyn_cast_or_null<gpu::AddressSpaceAttr>(type.getMemorySpace());
  return space && space.getValue() == gpu::AddressSpace::Workgroup;
}

/// Every workgroup memref.alloc of `kernel` becomes a 16-byte aligned
/// workgroup attribution (its deallocs go away).
LogicalResult attributeSharedBuffers(gpu::GPUFuncOp kernel) {
  SmallVector<memref::AllocOp> allocs;
  kernel.walk([&](memref::AllocOp alloc) {
    if (isWorkgroup(alloc.getType()))
      allocs.push_back(alloc);
  });
  for (memref::AllocOp alloc : allocs) {
    if (!alloc.getType().hasStaticShape() || !alloc.getDynamicSizes().empty())
      return alloc.emitOpError()
             << "allocates workgroup memory of dynamic size ("
             << alloc.getType() << "); shared buffers must be static";
    BlockArgument buffer =
        kernel.addWorkgroupAttribution(alloc.getType(), alloc.getLoc());
    kernel.setWorkgroupAttributionAttr(
        kernel.getNumWorkgroupAttributions() - 1,
        StringAttr::get(kernel.getContext(),
                        LLVM::LLVMDialect::getAlignAttrName()),
        IntegerAttr::get(IntegerType::get(kernel.getContext(), 64), 16));
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    alloc.replaceAllUsesWith(buffer);
    alloc.erase();
  }
  return success();
}

/// Whether anything reached from `root` through views may write memory.
bool mayBeWritten(Value root) {
  SmallVector<Value> worklist = {root};
  DenseSet<Value> seen;
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      // Views and metadata: follow every memref they produce.
      if (isa<ViewLikeOpInterface, memref::ExtractStridedMetadataOp,
              memref::ReinterpretCastOp, memref::CastOp>(user)) {
        for (Value r : user->getResults())
          if (isa<BaseMemRefType>(r.getType()))
            worklist.push_back(r);
        continue;
      }
      auto effects = dyn_cast<MemoryEffectOpInterface>(user);
      if (!effects)
        return true; // Unknown: assume it writes.
      SmallVector<MemoryEffects::EffectInstance> list;
      effects.getEffectsOnValue(v, list);
      for (auto &e : list)
        if (isa<MemoryEffects::Write, MemoryEffects::Free>(e.getEffect()))
          return true;
      if (list.empty() && !effects.hasNoEffect()) {
        // Effects not tied to the value (e.g. on all resources).
        SmallVector<MemoryEffects::EffectInstance> all;
        effects.getEffects(all);
        for (auto &e : all)
          if (!e.getValue() &&
              isa<MemoryEffects::Write, MemoryEffects::Free>(e.getEffect()))
            return true;
      }
    }
  }
  return false;
}

LogicalResult markArguments(gpu::GPUFuncOp kernel) {
  MLIRContext *ctx = kernel.getContext();
  unsigned numArgs = kernel.getFunctionType().getNumInputs();
  for (BlockArgument arg : kernel.getArguments().take_front(numArgs)) {
    if (!isa<MemRefType>(arg.getType()))
      return kernel.emitOpError()
             << "argument " << arg.getArgNumber() << " has type "
             << arg.getType()
             << "; the launch plan passes buffers only (a value computed "
                "outside the kernel was not sunk into it)";
    kernel.setArgAttr(arg.getArgNumber(), LLVM::LLVMDialect::getNoAliasAttrName(),
                      UnitAttr::get(ctx));
    if (!mayBeWritten(arg))
      kernel.setArgAttr(arg.getArgNumber(),
                        LLVM::LLVMDialect::getReadonlyAttrName(),
                        UnitAttr::get(ctx));
  }
  return success();
}

struct PrepareKernelsPass
    : public mlir::deform::impl::DeformGpuPrepareKernelsBase<PrepareKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto budgets = module->getAttrOfType<DictionaryAttr>(kKernelRegistersAttr);
    WalkResult result = module.walk([&](gpu::GPUFuncOp kernel) {
      if (!kernel.isKernel())
        return WalkResult::advance();
      if (failed(markArguments(kernel)) ||
          failed(attributeSharedBuffers(kernel)))
        return WalkResult::interrupt();
      if (IntegerAttr registers =
              budgets ? budgets.getAs<IntegerAttr>(kernel.getName()) : nullptr)
        kernel->setAttr("nvvm.maxnreg",
                        IntegerAttr::get(IntegerType::get(&getContext(), 32),
                                         registers.getInt()));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    module->removeAttr(kKernelRegistersAttr);
  }
};
} // namespace
