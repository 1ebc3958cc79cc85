//===- Emulate.cpp - deform-gpu-emulate: kernels as host code for tests ---===//
//
// The kernels of a gpu.module compiled for the host CPU instead of NVPTX,
// so that the launch plans, the runtime and the kernels' own logic (tile
// indexing, shared memory, barriers) run on a machine without a GPU, in an
// emulating CUDA driver (test/runtime). Each kernel K becomes
//   void K(void **params, int64_t block, int64_t thread, void *shared)
// (params as cuLaunchKernel passes them, `shared` the workgroup's shared
// memory, its attributions at 16-byte aligned offsets), globals
// `K__shared_bytes` and `K__params`, and calls `deform_emu_barrier()` for
// gpu.barrier. The result is LLVM bitcode behind a header that gives its
// size ("DFEMU\0\0\1", 8 bytes of size), the single `offload` object of the
// gpu.binary.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUEMULATE
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr llvm::StringLiteral kBarrier = "deform_emu_barrier";
/// The emulated image: these 8 bytes, the bitcode's size (8 bytes, little
/// endian), the bitcode.
constexpr char kEmulatedMagic[8] = {'D', 'F', 'E', 'M', 'U', 0, 0, 1};

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

Type stripSpace(Type t) {
  auto m = dyn_cast<MemRefType>(t);
  if (!m || !m.getMemorySpace())
    return t;
  return MemRefType::get(m.getShape(), m.getElementType(), m.getLayout());
}

/// The byte size of a static memref.
int64_t bytesOf(MemRefType m) {
  return m.getNumElements() * ((m.getElementTypeBitWidth() + 7) / 8);
}

/// Kernel K of `kernels` as func.func @K__body(args..., block, thread,
/// shared buffers...) in `host`; its attributions' types in `shared`.
LogicalResult emulateKernel(gpu::GPUFuncOp kernel, ModuleOp host,
                            SmallVectorImpl<MemRefType> &shared) {
  auto blockSize = kernel.getKnownBlockSizeAttr();
  auto gridSize = kernel.getKnownGridSizeAttr();
  if (!blockSize || !gridSize)
    return kernel.emitOpError() << "has no known block and grid size; the "
                                   "emulation needs constant launch sizes";
  if (!kernel.getPrivateAttributions().empty())
    return kernel.emitOpError() << "has private attributions, which the "
                                   "emulation does not support";
  MLIRContext *ctx = kernel.getContext();
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(host.getBody());
  Location loc = kernel.getLoc();
  SmallVector<Type> inputs(kernel.getFunctionType().getInputs());
  Type index = b.getIndexType();
  inputs.push_back(index); // block
  inputs.push_back(index); // thread
  for (BlockArgument a : kernel.getWorkgroupAttributions()) {
    shared.push_back(cast<MemRefType>(stripSpace(a.getType())));
    inputs.push_back(shared.back());
  }
  auto body = func::FuncOp::create(b, loc, (kernel.getName() + "__body").str(),
                                   b.getFunctionType(inputs, {}));
  body.setPrivate();
  Block *entry = body.addEntryBlock();
  IRMapping map;
  unsigned numArgs = kernel.getFunctionType().getNumInputs();
  for (unsigned i = 0; i < numArgs; ++i)
    map.map(kernel.getArgument(i), entry->getArgument(i));
  for (auto [i, a] : llvm::enumerate(kernel.getWorkgroupAttributions()))
    map.map(a, entry->getArgument(numArgs + 2 + i));
  Value blockId = entry->getArgument(numArgs),
        threadId = entry->getArgument(numArgs + 1);
  if (!kernel.getBody().hasOneBlock())
    return kernel.emitOpError() << "has several blocks; the emulation needs "
                                   "structured control flow";
  b.setInsertionPointToStart(entry);
  ArrayRef<int32_t> bs = blockSize.asArrayRef(), gs = gridSize.asArrayRef();
  if (gs[1] != 1 || gs[2] != 1)
    return kernel.emitOpError() << "has a multi-dimensional grid; the "
                                   "emulation runs one-dimensional grids";
  auto c = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v).getResult();
  };
  for (Operation &op : kernel.getBody().front()) {
    auto dimOf = [&](gpu::Dimension d) { return static_cast<int>(d); };
    if (auto tid = dyn_cast<gpu::ThreadIdOp>(op)) {
      int d = dimOf(tid.getDimension());
      Value v = threadId;
      if (d >= 1)
        v = arith::DivUIOp::create(b, loc, v, c(bs[0])).getResult();
      if (d == 2)
        v = arith::DivUIOp::create(b, loc, v, c(bs[1])).getResult();
      else
        v = arith::RemUIOp::create(b, loc, v, c(bs[d])).getResult();
      map.map(tid.getResult(), v);
    } else if (auto bid = dyn_cast<gpu::BlockIdOp>(op)) {
      map.map(bid.getResult(),
              dimOf(bid.getDimension()) == 0 ? blockId : c(0));
    } else if (auto dim = dyn_cast<gpu::BlockDimOp>(op)) {
      map.map(dim.getResult(), c(bs[dimOf(dim.getDimension())]));
    } else if (auto dim = dyn_cast<gpu::GridDimOp>(op)) {
      map.map(dim.getResult(), c(gs[dimOf(dim.getDimension())]));
    } else if (isa<gpu::ReturnOp>(op)) {
      func::ReturnOp::create(b, loc);
    } else {
      b.clone(op, map);
    }
  }
  // Barriers (possibly nested), and memory spaces (host memory has none).
  SmallVector<gpu::BarrierOp> barriers;
  body.walk([&](gpu::BarrierOp op) { barriers.push_back(op); });
  for (gpu::BarrierOp op : barriers) {
    OpBuilder here(op);
    func::CallOp::create(here, op.getLoc(), kBarrier, TypeRange{});
    op.erase();
  }
  WalkResult walk = body.walk([&](Operation *op) -> WalkResult {
    if (op->getDialect() && op->getDialect()->getNamespace() == "gpu")
      return op->emitOpError() << "cannot be emulated on the host";
    for (Value r : op->getResults())
      r.setType(stripSpace(r.getType()));
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument a : block.getArguments())
          a.setType(stripSpace(a.getType()));
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  // A gpu.return nested in structured control flow cannot happen: kernels
  // end with one at the top level.
  return success();
}

/// void K(void **params, i64 block, i64 thread, i8 *shared): loads each
/// parameter's device address and calls K__body.
void addEntry(OpBuilder &b, Location loc, StringRef name, unsigned numArgs,
              ArrayRef<MemRefType> shared) {
  MLIRContext *ctx = b.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = b.getI64Type();
  auto fn = LLVM::LLVMFuncOp::create(
      b, loc, name,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                  {ptr, i64, i64, ptr}));
  int64_t total = 0;
  for (MemRefType m : shared)
    total = roundUp(total + bytesOf(m), 16);
  LLVM::GlobalOp::create(b, loc, i64, /*isConstant=*/true,
                         LLVM::Linkage::External, (name + "__shared_bytes").str(),
                         b.getI64IntegerAttr(total));
  LLVM::GlobalOp::create(b, loc, i64, /*isConstant=*/true,
                         LLVM::Linkage::External, (name + "__params").str(),
                         b.getI64IntegerAttr(numArgs));
  Block *entry = fn.addEntryBlock(b);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entry);
  SmallVector<Value> args;
  for (unsigned i = 0; i < numArgs; ++i) {
    Value slot = LLVM::GEPOp::create(b, loc, ptr, ptr, entry->getArgument(0),
                                     ArrayRef<LLVM::GEPArg>{int32_t(i)});
    Value param = LLVM::LoadOp::create(b, loc, ptr, slot);
    args.push_back(LLVM::LoadOp::create(b, loc, ptr, param));
  }
  args.push_back(entry->getArgument(1));
  args.push_back(entry->getArgument(2));
  int64_t offset = 0;
  for (MemRefType m : shared) {
    args.push_back(LLVM::GEPOp::create(b, loc, ptr, b.getI8Type(),
                                       entry->getArgument(3),
                                       ArrayRef<LLVM::GEPArg>{int32_t(offset)}));
    offset = roundUp(offset + bytesOf(m), 16);
  }
  LLVM::CallOp::create(b, loc, TypeRange{}, (name + "__body").str(), args);
  LLVM::ReturnOp::create(b, loc, ValueRange{});
}

struct EmulatePass
    : public mlir::deform::impl::DeformGpuEmulateBase<EmulatePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(module.getOps<gpu::GPUModuleOp>());
    for (gpu::GPUModuleOp kernels : kernelModules)
      if (failed(emulate(kernels)))
        return signalPassFailure();
  }

  LogicalResult emulate(gpu::GPUModuleOp kernels) {
    MLIRContext *ctx = &getContext();
    Location loc = kernels.getLoc();
    OwningOpRef<ModuleOp> host = ModuleOp::create(loc);
    OpBuilder b(ctx);
    b.setInsertionPointToEnd(host->getBody());
    func::FuncOp::create(b, loc, kBarrier, b.getFunctionType({}, {}))
        .setPrivate();
    struct Entry {
      std::string name;
      unsigned numArgs;
      SmallVector<MemRefType> shared;
    };
    SmallVector<Entry> entries;
    for (auto kernel : kernels.getOps<gpu::GPUFuncOp>()) {
      if (!kernel.isKernel())
        continue;
      Entry e{kernel.getName().str(), kernel.getFunctionType().getNumInputs(), {}};
      if (failed(emulateKernel(kernel, *host, e.shared)))
        return failure();
      entries.push_back(std::move(e));
    }

    PassManager pm(ctx);
    pm.addPass(createLowerAffinePass());
    pm.addPass(createSCFToControlFlowPass());
    pm.addPass(memref::createExpandStridedMetadataPass());
    pm.addPass(createLowerAffinePass());
    pm.addPass(createConvertVectorToLLVMPass());
    pm.addPass(createFinalizeMemRefToLLVMConversionPass());
    pm.addPass(createConvertMathToLLVMPass());
    pm.addPass(createArithToLLVMConversionPass());
    pm.addPass(createConvertControlFlowToLLVMPass());
    ConvertFuncToLLVMPassOptions funcs;
    funcs.useBarePtrCallConv = true;
    pm.addPass(createConvertFuncToLLVMPass(funcs));
    pm.addPass(createReconcileUnrealizedCastsPass());
    if (failed(pm.run(*host)))
      return kernels.emitOpError() << "could not be lowered for the host "
                                      "emulation";
    b.setInsertionPointToEnd(host->getBody());
    for (const Entry &e : entries)
      addEntry(b, loc, e.name, e.numArgs, e.shared);

    llvm::LLVMContext llvmContext;
    std::unique_ptr<llvm::Module> ir =
        translateModuleToLLVMIR(*host, llvmContext, "deform_emulated_kernels");
    if (!ir)
      return kernels.emitOpError() << "could not be translated to LLVM IR "
                                      "for the host emulation";
    // The driver API passes no image size: a header carries it.
    std::string bitcode;
    llvm::raw_string_ostream os(bitcode);
    llvm::WriteBitcodeToFile(*ir, os);
    os.flush();
    uint64_t size = bitcode.size();
    std::string header(kEmulatedMagic, 8);
    for (int i = 0; i < 8; ++i)
      header.push_back(char((size >> (8 * i)) & 0xff));
    bitcode = header + bitcode;

    b.setInsertionPoint(kernels);
    Attribute target = NVVM::NVVMTargetAttr::get(ctx);
    auto object = gpu::ObjectAttr::get(
        ctx, target, gpu::CompilationTarget::Offload,
        StringAttr::get(ctx, bitcode),
        b.getDictionaryAttr(b.getNamedAttr("deform.emulated", b.getUnitAttr())),
        nullptr);
    gpu::BinaryOp::create(b, loc, kernels.getName(), nullptr,
                          b.getArrayAttr({object}));
    kernels.erase();
    return success();
  }
};
} // namespace
