//===- Search.h - which configuration to measure next -----------*- C++ -*-===//
//
// local (default): hill climbing from the heuristic's configuration over
// its neighbours (one field one step), moving to the first that is faster;
// at a local optimum, a random two-step jump from the best. random: uniform
// draws from the space. Both never propose a configuration twice.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_SEARCH_H
#define DEFORM_TOOLS_DEFORM_TUNE_SEARCH_H

#include "deform/Tuning/ConfigSpace.h"

#include "mlir/IR/Attributes.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <optional>
#include <random>
#include <string>

namespace deform::tune {

class Search {
public:
  Search(tuning::ConfigSpace &space, uint64_t seed) : space(space), rng(seed) {}
  virtual ~Search() = default;

  /// The next configuration to measure; null when there is none left.
  virtual mlir::Attribute next() = 0;
  /// The outcome of measuring `config` (from next(), or a seed such as the
  /// heuristic's): its median, or none when it failed or was slower.
  void report(mlir::Attribute config, std::optional<double> ms);

  mlir::Attribute best() const { return bestConfig; }
  double bestMs() const { return bestTime; }

protected:
  /// Called when `config` became the best.
  virtual void improved() {}
  bool tried(mlir::Attribute config) const { return seen.contains(config); }

  tuning::ConfigSpace &space;
  std::mt19937_64 rng;
  mlir::Attribute bestConfig;
  double bestTime = 0;
  llvm::DenseSet<mlir::Attribute> seen;
};

/// "local" or "random"; null for another name.
std::unique_ptr<Search> createSearch(llvm::StringRef name,
                                     tuning::ConfigSpace &space, uint64_t seed);

/// A candidate only becomes the best when its median is at least this much
/// below the best's: smaller differences are noise here.
inline constexpr double kMinImprovement = 0.01;

} // namespace deform::tune

#endif
