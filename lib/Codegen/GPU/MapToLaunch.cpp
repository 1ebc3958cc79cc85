//===- MapToLaunch.cpp - deform-gpu-map-launch: tile loops -> gpu.launch --===//
//
// Workgroup loops (scf.forall mapped to #gpu.block) become gpu.launch ops
// with a one-dimensional grid and the configured workgroup size; thread
// loops inside them (#gpu.thread) become each thread's own iteration. The
// kernels are named after the function and the op so that the launch plan
// and ptxas reports say what they compute.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/Common/Builders.h"
#include "deform/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUMAPLAUNCH
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
template <typename MappingAttr> bool hasMapping(scf::ForallOp forall) {
  return forall.getMapping() && !forall.getMapping()->empty() &&
         llvm::all_of(*forall.getMapping(),
                      [](Attribute a) { return isa<MappingAttr>(a); });
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The GPU configuration of the deform op inside `forall` (one kind of
/// configuration per workgroup loop), or an error.
FailureOr<std::pair<Operation *, GpuConfigAttr>>
configInside(scf::ForallOp forall) {
  Operation *found = nullptr;
  GpuConfigAttr config;
  WalkResult walk = forall.walk([&](Operation *op) {
    if (!isa<Conv2dOp, RoiPoolOp>(op))
      return WalkResult::advance();
    Attribute attr = op->getAttr("config");
    auto gpu = dyn_cast_or_null<GpuConfigAttr>(attr);
    if (!gpu) {
      op->emitOpError() << "has "
                        << (attr ? "configuration " : "no configuration")
                        << attr
                        << "; the GPU pipeline needs a #deform.gpu_config "
                           "(run deform-configure-gpu)";
      return WalkResult::interrupt();
    }
    if (found && gpu.getWorkgroup() != config.getWorkgroup()) {
      op->emitOpError() << "shares a workgroup loop with another deform op of "
                           "another workgroup size";
      return WalkResult::interrupt();
    }
    found = op;
    config = gpu;
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  if (!found)
    return forall.emitOpError()
           << "is mapped to GPU workgroups but holds no deform op whose "
              "configuration gives the workgroup size";
  return std::make_pair(found, config);
}

/// Static (lb, step, trip count) of every dimension of a workgroup loop.
LogicalResult staticBounds(scf::ForallOp forall,
                           SmallVectorImpl<int64_t> &lbs,
                           SmallVectorImpl<int64_t> &steps,
                           SmallVectorImpl<int64_t> &trips) {
  for (auto [lb, ub, step] :
       llvm::zip(forall.getMixedLowerBound(), forall.getMixedUpperBound(),
                 forall.getMixedStep())) {
    std::optional<int64_t> l = getConstantIntValue(lb),
                           u = getConstantIntValue(ub),
                           s = getConstantIntValue(step);
    if (!l || !u || !s || *s <= 0)
      return forall.emitOpError()
             << "has dynamic bounds; a GPU workgroup loop needs static "
                "shapes (the GPU pipeline compiles static shapes only)";
    lbs.push_back(*l);
    steps.push_back(*s);
    trips.push_back(std::max<int64_t>(0, ceilDiv(*u - *l, *s)));
  }
  return success();
}

/// Splits the linear `index` into one index per extent (the last fastest).
SmallVector<Value> delinearize(Ops &o, Value index, ArrayRef<int64_t> extents) {
  SmallVector<Value> result(extents.size());
  Value rest = index;
  for (size_t d = extents.size(); d-- > 0;) {
    result[d] = d == 0 ? rest : o.rem(rest, extents[d]);
    if (d > 0)
      rest = o.div(rest, extents[d]);
  }
  return result;
}

/// Moves the body of `forall` (but its terminator) before `before`, with
/// its induction variables replaced by `ivs`.
void inlineBody(RewriterBase &rewriter, scf::ForallOp forall,
                Operation *before, ValueRange ivs) {
  Block *body = forall.getBody();
  rewriter.eraseOp(body->getTerminator());
  rewriter.inlineBlockBefore(body, before, ivs);
}

class LaunchMapper {
public:
  LaunchMapper(func::FuncOp func) : func(func), rewriter(func.getContext()) {}

  LogicalResult run() {
    SmallVector<scf::ForallOp> workgroups;
    func.walk<WalkOrder::PreOrder>([&](scf::ForallOp forall) {
      if (hasMapping<gpu::GPUBlockMappingAttr>(forall)) {
        workgroups.push_back(forall);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    for (scf::ForallOp forall : workgroups)
      if (failed(mapWorkgroups(forall)))
        return failure();
    return success();
  }

private:
  LogicalResult mapWorkgroups(scf::ForallOp forall) {
    if (!forall.getOutputs().empty())
      return forall.emitOpError()
             << "is still on tensors; deform-gpu-map-launch needs buffers "
                "(run one-shot-bufferize first)";
    if (forall->getParentOfType<gpu::LaunchOp>())
      return forall.emitOpError() << "is already inside a gpu.launch";
    auto found = configInside(forall);
    if (failed(found))
      return failure();
    auto [op, config] = *found;
    SmallVector<int64_t> lbs, steps, trips;
    if (failed(staticBounds(forall, lbs, steps, trips)))
      return failure();
    int64_t total = 1;
    for (int64_t t : trips)
      total *= t;
    if (total == 0) { // An empty output: nothing to launch.
      rewriter.eraseOp(forall);
      return success();
    }
    if (total > std::numeric_limits<int32_t>::max())
      return forall.emitOpError()
             << "has " << total << " workgroups, more than a grid holds (2^31 - 1)";

    rewriter.setInsertionPoint(forall);
    ImplicitLocOpBuilder b(forall.getLoc(), rewriter);
    Ops o(b);
    ArrayRef<int64_t> wg = config.getWorkgroup();
    std::string name = uniqueName(
        (func.getSymName() + "_" + op->getName().stripDialect()).str());
    if (config.getRegisters() > 0)
      recordRegisters(name, config.getRegisters());
    auto launch = gpu::LaunchOp::create(
        b, o.scalarIdx(total), o.scalarIdx(1),
        o.scalarIdx(1), o.scalarIdx(wg[0]), o.scalarIdx(wg[1]),
        o.scalarIdx(wg[2]), /*dynamicSharedMemorySize=*/nullptr,
        /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{},
        /*workgroupAttributions=*/{}, /*privateAttributions=*/{},
        /*clusterSizeX=*/nullptr, nullptr, nullptr,
        FlatSymbolRefAttr::get(b.getContext(), kKernelModuleName),
        FlatSymbolRefAttr::get(b.getContext(), name));
    Block &body = launch.getBody().front();
    b.setInsertionPointToStart(&body);
    auto terminator = gpu::TerminatorOp::create(b);
    b.setInsertionPoint(terminator);
    Value bid = launch.getBlockIds().x;
    SmallVector<Value> index = delinearize(o, bid, trips);
    SmallVector<Value> ivs;
    for (auto [i, idx] : llvm::enumerate(index))
      ivs.push_back(o.add(o.mul(idx, steps[i]), lbs[i]));
    inlineBody(rewriter, forall, terminator, ivs);
    rewriter.eraseOp(forall);

    SmallVector<scf::ForallOp> threadLoops;
    launch.walk([&](scf::ForallOp inner) {
      if (hasMapping<gpu::GPUThreadMappingAttr>(inner))
        threadLoops.push_back(inner);
    });
    for (scf::ForallOp inner : threadLoops)
      if (failed(mapThreads(inner, launch, config)))
        return failure();
    return success();
  }

  /// One thread per iteration of a #gpu.thread loop: thread t runs the
  /// iteration whose indices delinearize t over the configured thread tiles
  /// per dimension, if the (possibly partial) loop has it.
  LogicalResult mapThreads(scf::ForallOp forall, gpu::LaunchOp launch,
                           GpuConfigAttr config) {
    if (!forall.getOutputs().empty())
      return forall.emitOpError()
             << "is still on tensors; deform-gpu-map-launch needs buffers";
    ArrayRef<int64_t> tile = config.getTile(), thread = config.getThreadTile();
    if (tile.size() != static_cast<size_t>(forall.getRank()))
      return forall.emitOpError()
             << "has " << forall.getRank() << " dimensions, its configuration "
             << config << " tiles " << tile.size();
    SmallVector<int64_t> extents;
    int64_t count = 1;
    for (auto [t, s] : llvm::zip(tile, thread)) {
      extents.push_back(ceilDiv(t, s));
      count *= extents.back();
    }
    if (count > config.getWorkgroupThreads())
      return forall.emitOpError()
             << "needs " << count << " threads, its workgroup has "
             << config.getWorkgroupThreads();
    rewriter.setInsertionPoint(forall);
    ImplicitLocOpBuilder b(forall.getLoc(), rewriter);
    Ops o(b);
    gpu::KernelDim3 tid = launch.getThreadIds();
    ArrayRef<int64_t> wg = config.getWorkgroup();
    Value linear =
        o.add(tid.x, o.mul(o.add(tid.y, o.mul(tid.z, wg[1])), wg[0]));
    SmallVector<Value> index = delinearize(o, linear, extents);
    Value inside = o.icmp(arith::CmpIPredicate::ult, linear, o.scalarIdx(count));
    SmallVector<Value> ivs;
    for (auto [i, lb, ub, step] :
         llvm::enumerate(forall.getMixedLowerBound(),
                         forall.getMixedUpperBound(), forall.getMixedStep())) {
      Value l = o.value(lb), u = o.value(ub), s = o.value(step);
      Value trips = o.div(o.add(o.sub(u, l), o.sub(s, o.scalarIdx(1))), s);
      inside = o.both(inside, o.icmp(arith::CmpIPredicate::ult, index[i], trips));
      ivs.push_back(o.add(l, o.mul(index[i], s)));
    }
    auto guard = scf::IfOp::create(b, inside);
    inlineBody(rewriter, forall, guard.thenBlock()->getTerminator(), ivs);
    rewriter.eraseOp(forall);
    return success();
  }

  /// `base`, or base_1, base_2, ... when a kernel of the module has it.
  std::string uniqueName(const std::string &base) {
    ModuleOp module = func->getParentOfType<ModuleOp>();
    auto taken = [&](const std::string &n) {
      bool found = false;
      module.walk([&](gpu::LaunchOp l) {
        found |= l.getFunction() && *l.getFunction() == n;
      });
      return found;
    };
    std::string name = base;
    for (int i = 1; taken(name); ++i)
      name = base + "_" + std::to_string(i);
    return name;
  }

  /// The kernel's register budget, for deform-gpu-prepare-kernels (outlining
  /// keeps no attribute of the launch).
  void recordRegisters(const std::string &kernel, int64_t registers) {
    ModuleOp module = func->getParentOfType<ModuleOp>();
    NamedAttrList budgets;
    if (auto d = module->getAttrOfType<DictionaryAttr>(kKernelRegistersAttr))
      budgets.append(d.getValue());
    budgets.set(kernel, rewriter.getI64IntegerAttr(registers));
    module->setAttr(kKernelRegistersAttr,
                    budgets.getDictionary(module.getContext()));
  }

  func::FuncOp func;
  IRRewriter rewriter;
};

struct MapLaunchPass
    : public mlir::deform::impl::DeformGpuMapLaunchBase<MapLaunchPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> funcs;
    getOperation()->walk([&](func::FuncOp f) { funcs.push_back(f); });
    for (func::FuncOp f : funcs)
      if (failed(LaunchMapper(f).run()))
        return signalPassFailure();
  }
};
} // namespace
