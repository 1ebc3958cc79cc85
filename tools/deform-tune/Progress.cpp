//===- Progress.cpp - what deform-tune shows while it works ---------------===//
#include "Progress.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

namespace deform::tune {
namespace {
std::string clock(double seconds) {
  int s = int(std::max(0.0, std::round(seconds)));
  return llvm::formatv("{0}", llvm::format("%d:%02d", s / 60, s % 60)).str();
}

std::string speedup(const ProgressState &s) {
  return s.bestMs > 0 ? llvm::formatv("{0:f2}x", s.heuristicMs / s.bestMs).str()
                      : std::string("-");
}
} // namespace

void Progress::startOp(int index, int count, const std::string &name) {
  prefix = llvm::formatv("[op {0}/{1}]", index + 1, count).str();
  line(prefix + " " + name);
}

void Progress::clearBar() {
  if (barShown)
    llvm::errs() << "\r\x1b[K";
  barShown = false;
}

void Progress::line(const std::string &text) {
  if (quiet)
    return;
  clearBar();
  llvm::errs() << text << "\n";
  llvm::errs().flush();
}

void Progress::candidate(const ProgressState &s, const std::string &what) {
  if (quiet)
    return;
  if (!terminal) {
    llvm::errs() << llvm::formatv(
        "{0} candidate {1}/{2}: {3} | best {4:f3} ms, {5} over the heuristic, "
        "{6} left\n",
        prefix, s.candidates, s.trials, what, s.bestMs, speedup(s),
        clock(s.secondsLeft));
    return;
  }
  constexpr int width = 24;
  // The trials or the time, whichever runs out first.
  double done = std::max(s.trials > 0 ? double(s.candidates) / s.trials : 0.0,
                         s.timeFraction);
  int filled = std::clamp(int(width * done), 0, width);
  std::string bar(filled, '#');
  bar += std::string(width - filled, '-');
  clearBar();
  llvm::errs() << llvm::formatv("{0} [{1}] {2}/{3} candidates, best {4:f3} ms, "
                                "{5} over the heuristic, {6} left",
                                prefix, bar, s.candidates, s.trials, s.bestMs,
                                speedup(s), clock(s.secondsLeft));
  llvm::errs().flush();
  barShown = true;
}

} // namespace deform::tune
