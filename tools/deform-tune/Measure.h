//===- Measure.h - timing one candidate configuration -----------*- C++ -*-===//
//
// A candidate is compiled with the normal pipeline, run once (warm-up: its
// result must match the float64 reference), then timed up to `repeats` times
// through the runtime context; its time is the median. It stops early when
// it is clearly slower than the best so far, and when its time box or the
// op's deadline runs out.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_MEASURE_H
#define DEFORM_TOOLS_DEFORM_TUNE_MEASURE_H

#include "Target.h"

#include "deform/Jit/Jit.h"
#include "deform/runtime/Npy.h"

#include <chrono>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace deform::tune {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct MeasureSettings {
  /// Timed runs after the warm-up.
  int repeats = 10;
  /// Seconds one candidate may take (compile and runs), after 3 timed runs.
  double candidateSeconds = 10;
};

struct Measurement {
  enum class Outcome {
    Timed,        // median of its runs
    Slower,       // stopped early: clearly slower than the best
    OutOfTime,    // the op's deadline came first
    CompileError, // the pipeline or the JIT refused it
    RunError,     // the call failed
    Wrong,        // its result is not the reference's
  };
  Outcome outcome = Outcome::Timed;
  double medianMs = std::numeric_limits<double>::infinity();
  int runs = 0;
  double compileMs = 0;
  /// The largest relative L2 error of its results against the reference.
  double relativeL2 = 0;
  /// The first line of the error, or the check's numbers.
  std::string detail;
  /// The compiled candidate (kept for the confirmation round).
  std::unique_ptr<jit::CompiledModule> compiled;

  bool timed() const { return outcome == Outcome::Timed; }
  /// "1.234 ms (10 runs)", "slower, stopped after 2 runs", ...
  std::string summary() const;
};

/// Inputs, reference and context shared by every candidate of one op.
class Bench {
public:
  Bench(const Target &target, std::vector<npy::Array> inputs,
        std::vector<std::vector<double>> reference, deform_context *ctx,
        MeasureSettings settings)
      : target(target), inputs(std::move(inputs)),
        reference(std::move(reference)), ctx(ctx), settings(settings) {}

  /// Compiles `moduleText` and times it. `bestMs` (infinity: none yet) is
  /// what "clearly slower" compares with; nothing runs past `deadline`
  /// unless `mustFinish` (the heuristic, the baseline of everything).
  Measurement measure(const std::string &moduleText, double bestMs,
                      Clock::time_point deadline, bool mustFinish = false);

  /// Times `a` and `b` side by side, alternating, `rounds` x `perRound`
  /// runs each; returns their medians. The search's best was picked among
  /// many noisy medians (biased low): this measures it again, fairly.
  llvm::Expected<std::pair<double, double>>
  confirm(jit::CompiledModule &a, jit::CompiledModule &b, int rounds,
          int perRound);

private:
  llvm::Expected<double> runOnce(jit::CompiledModule &module,
                                 std::vector<npy::Array> *results);

  const Target &target;
  std::vector<npy::Array> inputs;
  std::vector<std::vector<double>> reference;
  deform_context *ctx;
  MeasureSettings settings;
};

/// The median of `ms` (not empty).
double median(std::vector<double> ms);

} // namespace deform::tune

#endif
