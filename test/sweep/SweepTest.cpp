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

#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

using namespace deform;

namespace {
constexpr double kTolerance = 1e-5;

/// A copy of an array placed against an inaccessible page: right before it
/// (`guardAfter`) or right after it, so that reading one element past either
/// end faults instead of passing silently.
class GuardedCopy {
public:
  GuardedCopy(const npy::Array &a, bool guardAfter) {
    size_t page = sysconf(_SC_PAGESIZE);
    size_t bytes = a.data.size();
    size_t dataPages = (bytes + page - 1) / page;
    size = (dataPages + 2) * page;
    base = static_cast<unsigned char *>(
        mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0));
    mprotect(base, page, PROT_NONE);
    mprotect(base + (dataPages + 1) * page, page, PROT_NONE);
    data = guardAfter ? base + (dataPages + 1) * page - bytes : base + page;
    std::memcpy(data, a.data.data(), bytes);
  }
  ~GuardedCopy() { munmap(base, size); }
  unsigned char *data;

private:
  unsigned char *base;
  size_t size;
};

std::vector<npy::Array> compileAndRun(const std::string &mlir,
                                      const std::vector<npy::Array> &inputs,
                                      std::mt19937_64 &rng,
                                      bool guarded = false) {
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
  std::vector<std::unique_ptr<GuardedCopy>> copies;
  std::vector<jit::TensorView> views;
  bool guardAfter = rng() % 2;
  for (const npy::Array &a : inputs) {
    if (guarded) {
      copies.push_back(std::make_unique<GuardedCopy>(a, guardAfter));
      views.push_back({a.dtype, a.shape, copies.back()->data});
    } else {
      views.push_back({a.dtype, a.shape, a.data.data()});
    }
  }
  auto out = (*compiled)->run("main", views);
  if (!out) {
    ADD_FAILURE() << llvm::toString(out.takeError()) << "\n" << mlir;
    return {};
  }
  return std::move(*out);
}

void checkConv(uint64_t seed, double offsetScale, bool adversarial,
               npy::DType dtype = npy::DType::F32,
               double tolerance = kTolerance) {
  std::mt19937_64 rng(seed);
  sweep::ConvCase c = sweep::drawConvCase(rng, offsetScale);
  if (adversarial)
    sweep::poison(c.inputs[1], rng, 0.2);
  if (dtype != npy::DType::F32)
    sweep::convertElementType(c.mlir, c.inputs, dtype);
  std::vector<double> want = sweep::referenceOutput(c);
  std::vector<npy::Array> got = compileAndRun(c.mlir, c.inputs, rng, adversarial);
  ASSERT_EQ(got.size(), 1u);
  int64_t mismatches = 0;
  double err = sweep::relativeL2(got[0], want, mismatches);
  EXPECT_EQ(mismatches, 0) << "non-finite outputs differ, seed " << seed << "\n"
                           << c.describe();
  EXPECT_LT(err, tolerance) << "seed " << seed << "\n" << c.describe();
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
  std::vector<npy::Array> got = compileAndRun(c.mlir, c.inputs, rng, adversarial);
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

// f64 computes in f64 end to end; f16 inputs accumulate in f32 and round
// the output to f16 (SEMANTICS 3: under 1e-2).
class ElementTypes : public ::testing::TestWithParam<uint64_t> {};
TEST_P(ElementTypes, F64) { checkConv(3000 + GetParam(), 3.0, false, npy::DType::F64, 1e-10); }
TEST_P(ElementTypes, F16) { checkConv(4000 + GetParam(), 3.0, false, npy::DType::F16, 1e-2); }
INSTANTIATE_TEST_SUITE_P(Random, ElementTypes, ::testing::Range<uint64_t>(1, 11));

class RoiSweep : public ::testing::TestWithParam<uint64_t> {};
TEST_P(RoiSweep, MatchesReference) { checkRoi(GetParam(), false); }
INSTANTIATE_TEST_SUITE_P(Random, RoiSweep, ::testing::Range<uint64_t>(1, 41));

// NaN, +-Inf, +-1e30 and -0.0 offsets and rois: the documented result
// (the reference's), no crash, no out-of-bounds read: every input sits
// against an inaccessible page (before or after it), so a read past either
// end by the generated code faults. (AddressSanitizer, in CI's ASan build,
// instruments the compiler, runtime and reference but not JIT code.)
class Adversarial : public ::testing::TestWithParam<uint64_t> {};
TEST_P(Adversarial, Conv) { checkConv(1000 + GetParam(), 1e3, true); }
TEST_P(Adversarial, RoiPool) { checkRoi(2000 + GetParam(), true); }
INSTANTIATE_TEST_SUITE_P(Random, Adversarial, ::testing::Range<uint64_t>(1, 21));
