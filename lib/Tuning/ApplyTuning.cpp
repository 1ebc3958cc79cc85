//===- ApplyTuning.cpp - deform-apply-tuning: configs from a database -----===//
//
// Between the target pass and the configure pass: ops with an entry for
// this signature, target, device, thread count and compiler get its
// configuration; the others keep none, so the heuristic configures them.
//
//===----------------------------------------------------------------------===//
#include "deform/Tuning/Database.h"
#include "deform/Tuning/Passes.h"
#include "deform/Tuning/Signature.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMAPPLYTUNING
#include "deform/Tuning/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using mlir::deform::KernelConfigAttrInterface;
using namespace ::deform::tuning;

namespace {
/// Runs `fn` with the context's diagnostics captured into one message.
template <typename Fn>
LogicalResult capture(MLIRContext *ctx, std::string &message, Fn fn) {
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
    if (!message.empty())
      message += "; ";
    message += d.str();
    return success();
  });
  return fn();
}

/// Why `other` is not the entry `want` names (the fields that differ).
std::string whyIgnored(const Entry &other, const EntryKey &want) {
  std::vector<std::string> why;
  if (other.key.target != want.target)
    why.push_back("target '" + other.key.target + "'");
  if (other.key.device != want.device)
    why.push_back("device '" + other.key.device + "'");
  if (other.key.threads != want.threads)
    why.push_back(std::to_string(other.key.threads) + " threads");
  if (other.key.compiler != want.compiler)
    why.push_back("compiler '" + other.key.compiler + "'");
  return "entry " + std::to_string(other.fileIndex) + " is for " +
         llvm::join(why, ", ");
}

struct ApplyTuningPass
    : public mlir::deform::impl::DeformApplyTuningBase<ApplyTuningPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (db.empty()) {
      emitError(module.getLoc()) << "deform-apply-tuning: no tuning database given "
                            "(db=FILE.json)";
      return signalPassFailure();
    }
    auto loaded = Database::load(db);
    if (!loaded) {
      emitError(module.getLoc()) << "deform-apply-tuning: "
                         << llvm::toString(loaded.takeError());
      return signalPassFailure();
    }
    Attribute targetAttr = module->getAttr(kModuleTargetAttr);
    FailureOr<TargetDescription> target = describeTarget(targetAttr);
    if (failed(target)) {
      InFlightDiagnostic e = emitError(module.getLoc());
      e << "deform-apply-tuning: the module's '" << kModuleTargetAttr << "' ";
      if (targetAttr)
        e << "is " << targetAttr;
      else
        e << "is missing";
      e << ", expected a target attribute such as #deform.cpu_target (run "
           "the target pass, deform-cpu-target, first)";
      return signalPassFailure();
    }
    EntryKey want;
    want.target = target->kind;
    want.device = target->device;
    want.threads = want.target == "cpu" ? resolveThreads(threads) : 0;
    want.compiler = compilerVersion().str();

    int64_t candidates = 0, matched = 0;
    bool failedEntry = false;
    module.walk([&](Operation *op) {
      if (!isTunable(op) || configOf(op))
        return;
      ++candidates;
      want.signature = opSignature(op);
      const Entry *entry = loaded->find(want);
      if (!entry)
        return warnMiss(op, want, *loaded);
      if (failed(apply(op, *entry, want))) {
        failedEntry = true;
        return;
      }
      ++matched;
    });
    if (failedEntry)
      return signalPassFailure();
    emitRemark(module.getLoc()) << "deform-apply-tuning: " << matched << " of "
                        << candidates << " deform op(s) configured from '"
                        << db << "' (" << want.deviceString() << ")";
  }

  void warnMiss(Operation *op, const EntryKey &want, const Database &database) {
    // At the op's location, without a dump of it: one line per op.
    InFlightDiagnostic w = emitWarning(op->getLoc());
    w << op->getName() << ": no entry of tuning database '" << db
      << "' for it on " << want.deviceString() << " with compiler '"
      << want.compiler << "'";
    std::vector<const Entry *> others = database.withSignature(want.signature);
    llvm::sort(others, [](const Entry *a, const Entry *b) {
      return a->fileIndex < b->fileIndex;
    });
    if (!others.empty()) {
      std::vector<std::string> reasons;
      for (const Entry *e : others)
        reasons.push_back(whyIgnored(*e, want));
      w << " (ignored: " << llvm::join(reasons, "; ") << ")";
    }
    w << "; the heuristic configures it. Its signature: " << want.signature;
  }

  LogicalResult apply(Operation *op, const Entry &entry,
                      const EntryKey &want) {
    MLIRContext *ctx = op->getContext();
    std::string message;
    size_t read = 0;
    Attribute config;
    (void)capture(ctx, message, [&] {
      config = parseAttribute(entry.config, ctx, Type(), &read);
      return success();
    });
    if (!config || read != entry.config.size())
      return emitError(op->getLoc()) << op->getName() << ": "
             << entry.describe(db) << ": field 'config' is \"" << entry.config
             << "\", which is not an attribute"
             << (message.empty() ? "" : ": ") << message;
    auto kernel = dyn_cast<KernelConfigAttrInterface>(config);
    if (!kernel || kernel.getTargetKind() != want.target)
      return emitError(op->getLoc()) << op->getName() << ": "
             << entry.describe(db) << ": field 'config' is " << config
             << ", expected a kernel configuration for target '"
             << want.target << "'";
    message.clear();
    if (failed(capture(ctx, message, [&] { return kernel.verifyFor(op); })))
      return emitError(op->getLoc()) << op->getName() << ": " << entry.describe(db) << ": configuration "
                             << config << " is rejected for this op: "
                             << message;
    return setConfig(op, kernel);
  }
};
} // namespace
