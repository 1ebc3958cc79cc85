//===- Progress.h - what deform-tune shows while it works -------*- C++ -*-===//
//
// On a terminal (stderr): one bar per op, redrawn in place, with the
// candidates done, the best time so far, its speed-up over the heuristic
// and the time left. Otherwise one plain line per candidate (logs of batch
// jobs). --quiet: nothing but errors.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_PROGRESS_H
#define DEFORM_TOOLS_DEFORM_TUNE_PROGRESS_H

#include <string>

namespace deform::tune {

struct ProgressState {
  int candidates = 0, trials = 0;
  double bestMs = 0, heuristicMs = 0;
  double secondsLeft = 0;
  /// Share of the op's time used.
  double timeFraction = 0;
};

class Progress {
public:
  /// `terminal`: draw a bar (else plain lines).
  Progress(bool quiet, bool terminal) : quiet(quiet), terminal(terminal) {}

  void startOp(int index, int count, const std::string &name);
  /// After each candidate: `what` is its configuration and outcome.
  void candidate(const ProgressState &state, const std::string &what);
  /// A line that stays (a note, an op's result).
  void line(const std::string &text);

private:
  void clearBar();

  bool quiet, terminal;
  bool barShown = false;
  std::string prefix;
};

} // namespace deform::tune

#endif
