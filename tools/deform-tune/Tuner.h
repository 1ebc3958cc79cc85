//===- Tuner.h - tuning one op ----------------------------------*- C++ -*-===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_TUNER_H
#define DEFORM_TOOLS_DEFORM_TUNE_TUNER_H

#include "Measure.h"
#include "Progress.h"
#include "Tasks.h"
#include "Target.h"

#include "deform/Tuning/Database.h"

namespace deform::tune {

struct TuneSettings {
  std::string search = "local";
  /// Candidates per op at most, the heuristic's included.
  int trials = 200;
  /// Seeds the random inputs and the search.
  uint64_t seed = 0;
  MeasureSettings measure;
};

struct TuneResult {
  tuning::Entry entry;
  /// The search's numbers, for the summary line.
  double relativeL2 = 0;
  int wrong = 0, stoppedEarly = 0;
  /// Set when the side-by-side round kept the heuristic over the search's best.
  bool keptHeuristic = false;
};

/// Measures the heuristic's configuration of `task`, searches until
/// `settings.trials` candidates or `deadline`, confirms the best side by
/// side with the heuristic and returns the database entry. `stored` (the
/// database's entry for this key, if any) is measured as a seed, so a
/// re-run never records anything slower than what it found.
llvm::Expected<TuneResult> tuneOp(Task &task, const Target &target,
                                  deform_context *ctx,
                                  const TuneSettings &settings,
                                  Clock::time_point deadline,
                                  const tuning::Entry *stored,
                                  Progress &progress);

} // namespace deform::tune

#endif
