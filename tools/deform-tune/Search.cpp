//===- Search.cpp - which configuration to measure next -------------------===//
#include "Search.h"

#include <algorithm>

using namespace mlir;

namespace deform::tune {

void Search::report(Attribute config, std::optional<double> ms) {
  seen.insert(config);
  if (!ms)
    return;
  if (!bestConfig || *ms < bestTime * (1 - kMinImprovement)) {
    bestConfig = config;
    bestTime = *ms;
    improved();
  }
}

namespace {
/// Hill climbing with first improvement, and jumps out of local optima.
class LocalSearch : public Search {
public:
  using Search::Search;

  Attribute next() override {
    while (!frontier.empty()) {
      Attribute c = frontier.back();
      frontier.pop_back();
      if (!tried(c))
        return c;
    }
    // A local optimum: every neighbour of the best is measured. Jump two
    // steps away (fields interact: a larger tile may need another register
    // tile), then a random draw.
    for (int attempt = 0; attempt < 64 && bestConfig; ++attempt) {
      std::vector<Attribute> first = space.neighbours(bestConfig);
      if (first.empty())
        break;
      Attribute mid = first[rng() % first.size()];
      std::vector<Attribute> second = space.neighbours(mid);
      if (second.empty())
        continue;
      Attribute jump = second[rng() % second.size()];
      if (!tried(jump))
        return jump;
    }
    for (int attempt = 0; attempt < 64; ++attempt)
      if (Attribute c = space.sample(rng); c && !tried(c))
        return c;
    return {};
  }

protected:
  void improved() override {
    frontier = space.neighbours(bestConfig);
    std::shuffle(frontier.begin(), frontier.end(), rng);
  }

private:
  std::vector<Attribute> frontier;
};

/// Uniform draws: the baseline the local search is measured against.
class RandomSearch : public Search {
public:
  using Search::Search;

  Attribute next() override {
    for (int attempt = 0; attempt < 256; ++attempt)
      if (Attribute c = space.sample(rng); c && !tried(c))
        return c;
    return {};
  }
};
} // namespace

std::unique_ptr<Search> createSearch(llvm::StringRef name,
                                     tuning::ConfigSpace &space,
                                     uint64_t seed) {
  if (name == "local")
    return std::make_unique<LocalSearch>(space, seed);
  if (name == "random")
    return std::make_unique<RandomSearch>(space, seed);
  return nullptr;
}

} // namespace deform::tune
