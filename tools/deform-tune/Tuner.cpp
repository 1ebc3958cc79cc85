//===- Tuner.cpp - tuning one op ------------------------------------------===//
#include "Tuner.h"
#include "Search.h"

#include "deform/Harness/SingleOp.h"
#include "deform/Tuning/Signature.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace deform::tune {
namespace {
llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string str(Attribute a) {
  std::string s;
  llvm::raw_string_ostream(s) << a;
  return s;
}

/// The benchmark suite's conv offsets: N(0, 2^2).
constexpr double kOffsetScale = 2.0;
/// The side-by-side round: rounds x runs per side and round; the search's
/// best is kept only when it is this much faster there. Smaller gains are
/// within the spread of medians on a shared machine (a few percent here).
constexpr int kConfirmRounds = 8, kConfirmRuns = 3;
constexpr double kConfirmGain = 0.03;

/// The stored configuration of `stored`, when it is one of `space`'s.
Attribute storedConfig(const tuning::Entry *stored, tuning::ConfigSpace &space,
                       MLIRContext *ctx) {
  if (!stored)
    return {};
  ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
  Attribute a = parseAttribute(stored->config, ctx);
  return a && space.accepts(a) ? a : Attribute();
}
} // namespace

llvm::Expected<TuneResult> tuneOp(Task &task, const Target &target,
                                  deform_context *ctx,
                                  const TuneSettings &settings,
                                  Clock::time_point deadline,
                                  const tuning::Entry *stored,
                                  Progress &progress) {
  auto start = Clock::now();
  double budget = std::chrono::duration<double>(deadline - start).count();
  // Inputs drawn as the benchmark draws them, and the float64 reference.
  std::string plain = task.text({});
  auto single = harness::SingleOp::analyze(plain, "main");
  if (!single)
    return single.takeError();
  std::vector<npy::Array> inputs((*single)->argumentShapes().size());
  if (llvm::Error err =
          (*single)->randomize(inputs, settings.seed, kOffsetScale, {}))
    return std::move(err);
  auto reference = (*single)->reference(inputs);
  if (!reference)
    return reference.takeError();
  Bench bench(target, std::move(inputs), std::move(*reference), ctx,
              settings.measure);
  progress.line(llvm::formatv("  inputs and the float64 reference: {0:f1} s",
                              secondsSince(start)));

  std::unique_ptr<tuning::ConfigSpace> space = target.space(task.op);
  if (!space)
    return error("the " + target.kind + " target has no configuration space "
                 "for this op");
  Attribute heuristic = space->heuristic();
  if (!space->accepts(heuristic))
    return error("the heuristic's configuration " + str(heuristic) +
                 " is rejected by the verifier");
  Measurement base = bench.measure(task.text(heuristic),
                                   std::numeric_limits<double>::infinity(),
                                   deadline, /*mustFinish=*/true);
  if (!base.timed())
    return error("the heuristic's configuration " + str(heuristic) + ": " +
                 base.summary());
  std::unique_ptr<jit::CompiledModule> baseCompiled = std::move(base.compiled);
  std::unique_ptr<jit::CompiledModule> bestCompiled;

  std::unique_ptr<Search> search =
      createSearch(settings.search, *space, settings.seed);
  search->report(heuristic, base.medianMs);
  TuneResult result;
  result.relativeL2 = base.relativeL2;
  int candidates = 1;
  double lastCompileMs = base.compileMs;
  progress.line(llvm::formatv("  heuristic {0}: {1}", str(heuristic),
                              base.summary()));
  progress.line("  space: " + space->describe());
  // The confirmation round is kept out of the search's time.
  double reserveMs = 2.0 * kConfirmRounds * kConfirmRuns * base.medianMs;
  auto searchDeadline =
      deadline - std::chrono::microseconds(int64_t(reserveMs * 1000));

  auto measureOne = [&](Attribute config) {
    Measurement m = bench.measure(task.text(config), search->bestMs(),
                                  searchDeadline);
    ++candidates;
    lastCompileMs = m.compileMs;
    Attribute before = search->best();
    search->report(config, m.timed() ? std::optional<double>(m.medianMs)
                                     : std::nullopt);
    if (search->best() != before) {
      bestCompiled = std::move(m.compiled);
      result.relativeL2 = m.relativeL2;
    }
    result.stoppedEarly += m.outcome == Measurement::Outcome::Slower;
    if (m.outcome == Measurement::Outcome::Wrong) {
      ++result.wrong;
      // A wrong result is a compiler bug: say so even with --quiet.
      llvm::errs() << "deform-tune: " << task.name << ": configuration "
                   << str(config) << " computes a " << m.summary() << "\n";
    }
    ProgressState state;
    state.candidates = candidates;
    state.trials = settings.trials;
    state.bestMs = search->bestMs();
    state.heuristicMs = base.medianMs;
    state.secondsLeft =
        std::chrono::duration<double>(deadline - Clock::now()).count();
    state.timeFraction = budget > 0 ? secondsSince(start) / budget : 1;
    progress.candidate(state, str(config) + ": " + m.summary());
  };

  if (Attribute seed = storedConfig(stored, *space, task.op->getContext());
      seed && seed != heuristic)
    measureOne(seed);
  while (candidates < settings.trials) {
    // Start a candidate only if it can finish: a compile and its runs.
    double estimateMs =
        lastCompileMs + (1 + settings.measure.repeats) * search->bestMs();
    if (Clock::now() + std::chrono::microseconds(int64_t(estimateMs * 1000)) >
        searchDeadline)
      break;
    Attribute next = search->next();
    if (!next)
      break;
    measureOne(next);
  }

  Attribute chosen = heuristic;
  double chosenMs = base.medianMs, heuristicMs = base.medianMs;
  if (search->best() != heuristic && bestCompiled) {
    auto confirmed = bench.confirm(*baseCompiled, *bestCompiled,
                                   kConfirmRounds, kConfirmRuns);
    if (!confirmed)
      return confirmed.takeError();
    heuristicMs = confirmed->first;
    chosenMs = confirmed->second;
    if (chosenMs < heuristicMs * (1 - kConfirmGain)) {
      chosen = search->best();
    } else {
      result.keptHeuristic = true;
      chosenMs = heuristicMs;
      result.relativeL2 = base.relativeL2;
    }
  }

  tuning::Entry &e = result.entry;
  e.key.signature = task.signature;
  e.key.target = target.kind;
  e.key.device = target.device;
  e.key.threads = target.threads;
  e.key.compiler = tuning::compilerVersion().str();
  e.config = str(chosen);
  e.timeMs = chosenMs;
  e.heuristicConfig = str(heuristic);
  e.heuristicMs = heuristicMs;
  e.candidates = candidates;
  e.tuningSeconds = secondsSince(start);
  return result;
}

} // namespace deform::tune
