//===- Target.cpp - what deform-tune needs of a target --------------------===//
#include "Target.h"

#include "deform/Codegen/CPU/Passes.h"
#include "deform/Tuning/Signature.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace deform::tune {
namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}
} // namespace

llvm::Expected<Target> cpuTarget(MLIRContext *ctx, llvm::StringRef cpu,
                                 int64_t threads, Attribute moduleTarget) {
  std::string message;
  FailureOr<mlir::deform::CpuTargetAttr> resolved =
      mlir::deform::resolveCpuTarget(ctx, cpu, message);
  if (failed(resolved))
    return error("--cpu=" + cpu + ": " + message);
  mlir::deform::CpuTargetAttr attr = *resolved;
  // The compile paths keep a module's own target: tune for that one.
  if (moduleTarget) {
    auto own = dyn_cast<mlir::deform::CpuTargetAttr>(moduleTarget);
    if (!own || own.getCpu() != attr.getCpu()) {
      std::string text;
      llvm::raw_string_ostream(text) << moduleTarget;
      return error("the input's " + tuning::kModuleTargetAttr + " is " + text +
                   ", but --cpu=" + cpu + " is '" + attr.getCpu() +
                   "'; tune with --cpu=" +
                   (own ? own.getCpu().str() : std::string("<its CPU>")));
    }
    attr = own;
  }
  Target t;
  t.kind = "cpu";
  t.device = attr.getCpu().str();
  t.threads = tuning::resolveThreads(threads);
  t.attr = attr;
  t.compile.targetCpu = t.device;
  deform_context_options_init(&t.context);
  t.context.cpu_threads = int32_t(t.threads);
  t.space = [attr](Operation *op) {
    return mlir::deform::createCpuConfigSpace(op, attr);
  };
  return t;
}

} // namespace deform::tune
