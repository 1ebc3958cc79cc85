//===- SweepTest.cpp - compiled deform ops vs the float64 reference -------===//
//
// Randomized cases over every variant, compiled with deform-cpu-pipeline
// (random kernel configurations written into the op, so partial tiles,
// output-channel tiles and chunks are exercised), run through the JIT on a
// runtime context of 1 or 2 threads and compared with the float64 reference:
// relative L2 < 1e-5.
//
//===----------------------------------------------------------------------===//
#include "Cases.h"
#include "deform/Jit/Jit.h"

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <numeric>
#include <sstream>

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

int64_t pick(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

/// A random divisor of n.
int64_t divisorOf(std::mt19937_64 &rng, int64_t n) {
  std::vector<int64_t> divisors;
  for (int64_t d = 1; d <= n; ++d)
    if (n % d == 0)
      divisors.push_back(d);
  return divisors[pick(rng, 0, divisors.size() - 1)];
}

/// A random valid #deform.cpu_config for the case, or "" (one case in four:
/// the heuristic's).
std::string randomConfig(std::mt19937_64 &rng, const ref::Conv2dParams &p) {
  if (rng() % 4 == 0)
    return "";
  bool onOutput = p.offsetGroupAxis == ref::OffsetGroupAxis::OutputChannels;
  int64_t cg = p.inChannels / p.groups, ocg = p.outChannels / p.groups;
  int64_t block = onOutput ? std::gcd(ocg, p.outChannels / p.offsetGroups) : ocg;
  int64_t segment =
      onOutput ? cg : std::gcd(cg, p.inChannels / p.offsetGroups);
  int64_t vectors[] = {4, 8, 16};
  std::ostringstream c;
  // Output channels per task: a divisor of the block or a multiple of it.
  int64_t oc = rng() % 2 ? divisorOf(rng, block)
                         : block * pick(rng, 1, p.outChannels / block);
  c << "#deform.cpu_config<tile = [" << pick(rng, 1, 2) << ", " << oc << ", "
    << pick(rng, 1, 3) << ", "
    << pick(rng, 1, 7) << "], reduction = " << divisorOf(rng, segment)
    << ", vector = " << vectors[pick(rng, 0, 2)] << ", register_tile = ["
    << pick(rng, 1, 6) << ", " << pick(rng, 1, 3) << "]>";
  return c.str();
}

std::string randomConfig(std::mt19937_64 &rng, const ref::RoiPoolParams &p) {
  if (rng() % 4 == 0)
    return "";
  std::ostringstream c;
  if (p.variant == ref::RoiPoolVariant::DCNPSRoI)
    c << "#deform.cpu_config<tile = [" << pick(rng, 1, 5) << "], vector = 1>";
  else
    c << "#deform.cpu_config<tile = [" << pick(rng, 1, 5) << ", "
      << pick(rng, 1, 4) << "], vector = " << (4 << pick(rng, 0, 2)) << ">";
  return c.str();
}

/// `mlir` with `config` as the first attribute of its deform op.
std::string withConfig(std::string mlir, const std::string &config) {
  if (config.empty())
    return mlir;
  for (const char *first : {"{strides = ", "{spatial_scale = "}) {
    size_t at = mlir.find(first);
    if (at != std::string::npos)
      return mlir.insert(at + 1, "config = " + config + ", ");
  }
  ADD_FAILURE() << "no attribute dictionary in\n" << mlir;
  return mlir;
}

/// A transform-dialect schedule tiling the conv over output channels into a
/// parallel scf.forall and then, one case in two, over input channels into a
/// serial scf.for, with sizes that need not respect the op's weight groups
/// or offset groups; written to a temporary file that lives as long as it.
class Schedule {
public:
  Schedule(std::mt19937_64 &rng, const ref::Conv2dParams &p) {
    int64_t oc = pick(rng, 1, p.outChannels);
    int64_t ci = rng() % 2 ? pick(rng, 1, p.inChannels / p.groups) : 0;
    std::ostringstream t;
    t << "module attributes {transform.with_named_sequence} {\n"
      << "  transform.named_sequence @__transform_main(%root: !transform.any_op "
         "{transform.readonly}) {\n"
      << "    %conv = transform.structured.match ops{[\"deform.conv2d\"]} in "
         "%root : (!transform.any_op) -> !transform.any_op\n"
      << "    %t, %l = transform.structured.tile_using_forall %conv tile_sizes "
         "[0, "
      << oc << ", " << pick(rng, 0, 3)
      << ", 0] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)\n";
    if (ci)
      t << "    %c, %l2 = transform.structured.tile_using_for %t tile_sizes "
           "[0, 0, 0, 0, "
        << ci << "] : (!transform.any_op) -> (!transform.any_op, !transform.any_op)\n";
    t << "    transform.yield\n  }\n}\n";
    text = t.str();
    char name[] = "/tmp/deform-schedule-XXXXXX";
    int fd = mkstemp(name);
    path = name;
    if (fd < 0 || write(fd, text.data(), text.size()) != ssize_t(text.size()))
      ADD_FAILURE() << "cannot write " << path;
    if (fd >= 0)
      close(fd);
  }
  ~Schedule() { unlink(path.c_str()); }
  std::string path, text;
};

std::vector<npy::Array> compileAndRun(const std::string &mlir,
                                      const std::vector<npy::Array> &inputs,
                                      std::mt19937_64 &rng,
                                      bool guarded = false,
                                      const std::string &schedule = "") {
  jit::CompileOptions options;
  options.schedule = schedule;
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
  deform_context_options contextOptions;
  deform_context_options_init(&contextOptions);
  contextOptions.cpu_threads = 1 + rng() % 2;
  deform_context *ctx = nullptr;
  EXPECT_EQ(deform_context_create(&contextOptions, &ctx), DEFORM_OK);
  auto out = (*compiled)->run("main", views, ctx);
  deform_context_destroy(ctx);
  if (!out) {
    ADD_FAILURE() << llvm::toString(out.takeError()) << "\n" << mlir;
    return {};
  }
  return std::move(*out);
}

void checkConv(uint64_t seed, double offsetScale, bool adversarial,
               npy::DType dtype = npy::DType::F32,
               double tolerance = kTolerance, bool withSchedule = false) {
  std::mt19937_64 rng(seed);
  sweep::ConvCase c = sweep::drawConvCase(rng, offsetScale);
  if (adversarial)
    sweep::poison(c.inputs[1], rng, 0.2);
  // One case in four has dynamic batch and image sizes.
  if (rng() % 4 == 0)
    c.mlir = c.dynamicMlir;
  if (dtype != npy::DType::F32)
    sweep::convertElementType(c.mlir, c.inputs, dtype);
  std::vector<double> want = sweep::referenceOutput(c);
  std::string mlir = withConfig(c.mlir, randomConfig(rng, c.p));
  std::optional<Schedule> schedule;
  if (withSchedule) {
    schedule.emplace(rng, c.p);
    // As comments, so that a failure shows the schedule with the case.
    std::istringstream lines(schedule->text);
    mlir += "// schedule:\n";
    for (std::string line; std::getline(lines, line);)
      mlir += "// " + line + "\n";
  }
  std::vector<npy::Array> got = compileAndRun(
      mlir, c.inputs, rng, adversarial, schedule ? schedule->path : "");
  ASSERT_EQ(got.size(), 1u);
  int64_t mismatches = 0;
  double err = sweep::relativeL2(got[0], want, mismatches);
  EXPECT_EQ(mismatches, 0) << "non-finite outputs differ, seed " << seed << "\n"
                           << mlir;
  EXPECT_LT(err, tolerance) << "seed " << seed << "\n" << mlir;
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
  std::string mlir =
      withConfig(rng() % 4 == 0 ? c.dynamicMlir : c.mlir, randomConfig(rng, c.p));
  std::vector<npy::Array> got = compileAndRun(mlir, c.inputs, rng, adversarial);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    int64_t mismatches = 0;
    double err = sweep::relativeL2(got[i], want[i], mismatches);
    EXPECT_EQ(mismatches, 0) << "result " << i << ", seed " << seed << "\n"
                             << mlir;
    EXPECT_LT(err, kTolerance) << "result " << i << ", seed " << seed << "\n"
                               << mlir;
  }
}
} // namespace

class ConvSweep : public ::testing::TestWithParam<uint64_t> {};
TEST_P(ConvSweep, MatchesReference) { checkConv(GetParam(), 3.0, false); }
INSTANTIATE_TEST_SUITE_P(Random, ConvSweep, ::testing::Range<uint64_t>(1, 61));

// Tiled by a transform-dialect schedule over output channels (and input
// channels), with tiles that may straddle weight groups and offset groups.
class TransformSchedule : public ::testing::TestWithParam<uint64_t> {};
TEST_P(TransformSchedule, MatchesReference) {
  checkConv(5000 + GetParam(), 3.0, false, npy::DType::F32, kTolerance,
            /*withSchedule=*/true);
}
INSTANTIATE_TEST_SUITE_P(Random, TransformSchedule,
                         ::testing::Range<uint64_t>(1, 31));

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
