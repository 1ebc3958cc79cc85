//===- SweepTest.cpp - compiled deform ops vs the float64 reference -------===//
//
// Randomized cases over every variant, compiled with deform-cpu-pipeline
// (random tile sizes, so partial tiles and chunks are exercised), run through
// the JIT and compared with the float64 reference: relative L2 < 1e-5.
//
//===----------------------------------------------------------------------===//
#include "Cases.h"
#include "Jit.h"

#include <gtest/gtest.h>

using namespace deform;

namespace {
constexpr double kTolerance = 1e-5;

std::vector<const npy::Array *> pointers(const std::vector<npy::Array> &v) {
  std::vector<const npy::Array *> p;
  for (const npy::Array &a : v)
    p.push_back(&a);
  return p;
}

std::vector<npy::Array> compileAndRun(const std::string &mlir,
                                      const std::vector<npy::Array> &inputs,
                                      std::mt19937_64 &rng) {
  jit::CompileOptions options;
  options.tileRows = 1 + rng() % 3;
  options.tileColumns = 1 + rng() % 7;
  options.tileChannels = 1 + rng() % 4;
  options.threads = 1 + rng() % 2;
  // One case in four goes through the TilingInterface scalar implementation.
  options.scalar = rng() % 4 == 0;
  auto compiled = jit::CompiledModule::compile(mlir, "case.mlir", options);
  if (!compiled) {
    ADD_FAILURE() << llvm::toString(compiled.takeError()) << "\n" << mlir;
    return {};
  }
  auto out = (*compiled)->run("main", pointers(inputs));
  if (!out) {
    ADD_FAILURE() << llvm::toString(out.takeError()) << "\n" << mlir;
    return {};
  }
  return std::move(*out);
}

void checkConv(uint64_t seed, double offsetScale, bool adversarial) {
  std::mt19937_64 rng(seed);
  sweep::ConvCase c = sweep::drawConvCase(rng, offsetScale);
  if (adversarial)
    sweep::poison(c.inputs[1], rng, 0.2);
  std::vector<double> want = sweep::referenceOutput(c);
  std::vector<npy::Array> got = compileAndRun(c.mlir, c.inputs, rng);
  ASSERT_EQ(got.size(), 1u);
  int64_t mismatches = 0;
  double err = sweep::relativeL2(got[0], want, mismatches);
  EXPECT_EQ(mismatches, 0) << "non-finite outputs differ, seed " << seed << "\n"
                           << c.describe();
  EXPECT_LT(err, kTolerance) << "seed " << seed << "\n" << c.describe();
}

void checkRoi(uint64_t seed, bool adversarial) {
  std::mt19937_64 rng(seed);
  sweep::RoiCase c = sweep::drawRoiCase(rng);
  if (adversarial) {
    sweep::poison(c.inputs[1], rng, 0.2);
    if (c.p.hasOffset)
      sweep::poison(c.inputs[2], rng, 0.2);
  }
  std::vector<std::vector<double>> want = sweep::referenceOutput(c);
  std::vector<npy::Array> got = compileAndRun(c.mlir, c.inputs, rng);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    int64_t mismatches = 0;
    double err = sweep::relativeL2(got[i], want[i], mismatches);
    EXPECT_EQ(mismatches, 0) << "result " << i << ", seed " << seed << "\n"
                             << c.describe();
    EXPECT_LT(err, kTolerance) << "result " << i << ", seed " << seed << "\n"
                               << c.describe();
  }
}
} // namespace

class ConvSweep : public ::testing::TestWithParam<uint64_t> {};
TEST_P(ConvSweep, MatchesReference) { checkConv(GetParam(), 3.0, false); }
INSTANTIATE_TEST_SUITE_P(Random, ConvSweep, ::testing::Range<uint64_t>(1, 61));

class RoiSweep : public ::testing::TestWithParam<uint64_t> {};
TEST_P(RoiSweep, MatchesReference) { checkRoi(GetParam(), false); }
INSTANTIATE_TEST_SUITE_P(Random, RoiSweep, ::testing::Range<uint64_t>(1, 41));

// NaN, +-Inf, +-1e30 and -0.0 offsets and rois: the documented result
// (the reference's), no crash, no out-of-bounds read.
class Adversarial : public ::testing::TestWithParam<uint64_t> {};
TEST_P(Adversarial, Conv) { checkConv(1000 + GetParam(), 1e3, true); }
TEST_P(Adversarial, RoiPool) { checkRoi(2000 + GetParam(), true); }
INSTANTIATE_TEST_SUITE_P(Random, Adversarial, ::testing::Range<uint64_t>(1, 21));
