//===- Measure.cpp - timing one candidate configuration -------------------===//
#include "Measure.h"

#include "deform/Harness/Check.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

namespace deform::tune {
namespace {
/// A run this much slower than the best so far ends the candidate at once.
/// The first call of fresh code costs up to about 1 ms more than the next
/// ones here (measured on 30 us convolutions: 0.1-0.9 ms first, 0.03 ms
/// after), hence the allowance for the warm-up.
constexpr double kWarmupCutoff = 2.0;
constexpr double kFirstCallMs = 2.0;
/// After this many timed runs, a candidate whose fastest run is this much
/// slower than the best's median is clearly slower: the spread of one
/// candidate's runs measured here is a few percent.
constexpr int kRunsBeforeCutoff = 3;
constexpr double kClearlySlower = 1.15;

double ms(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string firstLine(const std::string &text) {
  size_t end = text.find('\n');
  std::string line = text.substr(0, end);
  // The diagnostic after "cannot compile X:" is the useful part.
  if (end != std::string::npos && line.back() == ':') {
    size_t next = text.find('\n', end + 1);
    line += " " + text.substr(end + 1, next == std::string::npos
                                           ? std::string::npos
                                           : next - end - 1);
  }
  return line;
}
} // namespace

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string Measurement::summary() const {
  switch (outcome) {
  case Outcome::Timed:
    return llvm::formatv("{0:f3} ms ({1} runs)", medianMs, runs).str();
  case Outcome::Slower:
    return runs == 0 ? std::string("slower, stopped after the warm-up run")
                     : llvm::formatv("slower, stopped after {0} timed run(s)",
                                     runs)
                           .str();
  case Outcome::OutOfTime:
    return "not finished: out of time";
  case Outcome::CompileError:
    return "does not compile: " + detail;
  case Outcome::RunError:
    return "fails to run: " + detail;
  case Outcome::Wrong:
    return "WRONG RESULT: " + detail;
  }
  return "?";
}

llvm::Expected<double> Bench::runOnce(jit::CompiledModule &module,
                                      std::vector<npy::Array> *results) {
  std::vector<const npy::Array *> args;
  for (const npy::Array &a : inputs)
    args.push_back(&a);
  auto start = Clock::now();
  auto out = module.run("main", args, ctx);
  double t = ms(start);
  if (!out)
    return out.takeError();
  if (results)
    *results = std::move(*out);
  return t;
}

Measurement Bench::measure(const std::string &moduleText, double bestMs,
                           Clock::time_point deadline, bool mustFinish) {
  Measurement m;
  auto start = Clock::now();
  auto compiled =
      jit::CompiledModule::compile(moduleText, "candidate.mlir", target.compile);
  m.compileMs = ms(start);
  if (!compiled) {
    m.outcome = Measurement::Outcome::CompileError;
    m.detail = firstLine(llvm::toString(compiled.takeError()));
    return m;
  }
  m.compiled = std::move(*compiled);

  // Warm-up: also the correctness check (every candidate, not only the best).
  std::vector<npy::Array> results;
  auto warm = runOnce(*m.compiled, &results);
  if (!warm) {
    m.outcome = Measurement::Outcome::RunError;
    m.detail = firstLine(llvm::toString(warm.takeError()));
    return m;
  }
  auto compared = harness::compareAll(results, reference, "main");
  if (!compared) {
    m.outcome = Measurement::Outcome::Wrong;
    m.detail = llvm::toString(compared.takeError());
    return m;
  }
  for (auto [r, c] : llvm::enumerate(*compared)) {
    m.relativeL2 = std::max(m.relativeL2, c.relativeL2);
    if (!c.ok()) {
      m.outcome = Measurement::Outcome::Wrong;
      m.detail = llvm::formatv("result {0}: relative L2 error {1:e2} vs the "
                               "float64 reference ({2} non-finite "
                               "mismatches; limit 1e-5)",
                               r, c.relativeL2, c.nonFiniteMismatches)
                     .str();
      return m;
    }
  }
  if (*warm > kWarmupCutoff * bestMs + kFirstCallMs) {
    m.outcome = Measurement::Outcome::Slower;
    return m;
  }

  std::vector<double> times;
  double fastest = std::numeric_limits<double>::infinity();
  while (int(times.size()) < settings.repeats) {
    if (!mustFinish && Clock::now() >= deadline) {
      m.outcome = Measurement::Outcome::OutOfTime;
      m.runs = int(times.size());
      return m;
    }
    auto t = runOnce(*m.compiled, nullptr);
    if (!t) {
      m.outcome = Measurement::Outcome::RunError;
      m.detail = firstLine(llvm::toString(t.takeError()));
      return m;
    }
    times.push_back(*t);
    fastest = std::min(fastest, *t);
    if (*t > kWarmupCutoff * bestMs && times.size() == 1) {
      m.outcome = Measurement::Outcome::Slower;
      m.runs = 1;
      return m;
    }
    if (int(times.size()) >= kRunsBeforeCutoff) {
      if (fastest > kClearlySlower * bestMs) {
        m.outcome = Measurement::Outcome::Slower;
        m.runs = int(times.size());
        return m;
      }
      // The time box: enough runs for a median, and no more time.
      if (secondsSince(start) >= settings.candidateSeconds)
        break;
    }
  }
  m.runs = int(times.size());
  m.medianMs = median(times);
  return m;
}

llvm::Expected<std::pair<double, double>>
Bench::confirm(jit::CompiledModule &a, jit::CompiledModule &b, int rounds,
               int perRound) {
  std::vector<double> ta, tb;
  for (int r = 0; r < rounds; ++r) {
    // Alternate which goes first: neither always follows the other.
    for (int side = 0; side < 2; ++side) {
      bool first = (r + side) % 2 == 0;
      jit::CompiledModule &module = first ? a : b;
      std::vector<double> &times = first ? ta : tb;
      for (int i = 0; i < perRound; ++i) {
        auto t = runOnce(module, nullptr);
        if (!t)
          return t.takeError();
        times.push_back(*t);
      }
    }
  }
  return std::make_pair(median(ta), median(tb));
}

} // namespace deform::tune
