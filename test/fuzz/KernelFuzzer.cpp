//===- KernelFuzzer.cpp - libFuzzer harness: compiled kernels -------------===//
//
// The input picks, deterministically:
//   - a deform.conv2d or deform.roi_pool case drawn by the sweep's generator
//     (test/sweep/Cases.cpp) from a 16-bit seed, static or with dynamic
//     batch, image and roi sizes, in f32 or f64 (an input that runs out of
//     bytes reads zeros: the common choices);
//   - a #deform.cpu_config: none (the heuristic), a valid one, one with a
//     field broken, or one made of arbitrary values. A model of the
//     verifier's rules (dialect/lib/DeformAttrs.cpp) says whether it is
//     valid: a valid one must compile, an invalid one must be rejected with
//     a message naming the first failing field ("field 'tile'");
//   - the data (from a second seed), with adversarial values (NaN, +-Inf,
//     +-1e30, -0, huge, integral edge values) written into the offsets, the
//     rois and the mask at input-chosen places;
//   - the scalar or the vectorized pipeline and a runtime context of 1-3
//     threads.
// The input's first 64 bytes decide the compiled module, the rest the data
// (the custom mutator mostly mutates the data). Each case is compiled through deform::jit::CompiledModule
// (cached by its MLIR text: mutations of the data reuse the module), run on inputs placed against inaccessible pages, and compared
// with the float64 reference: relative L2 over the finite elements below the
// tolerance and the same non-finite pattern. A mismatch, a compile result
// the model does not expect, a crash, a sanitizer report or a hang is a
// finding.
//
//===----------------------------------------------------------------------===//
#include "FuzzCommon.h"

#include "Cases.h"
#include "FuzzCases.h"
#include "deform/Harness/RoundedOverflow.h"
#include "deform/Jit/Jit.h"

#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

DEFORM_FUZZ_SANITIZER_DEFAULTS

using namespace deform;
using deform::fuzz::ByteReader;
using deform::fuzz::finding;

namespace {

constexpr size_t kMaxCachedModules = 1024;
/// The input's first bytes choose the compiled module (the case, element
/// type, static or dynamic shapes, configuration, scalar or vector
/// pipeline), the rest the data: mutations of the data reuse the module.
constexpr size_t kModuleBytes = 64;
constexpr unsigned kModuleMutationOdds = 128;
constexpr int64_t kMaxTileValue = int64_t(1) << 32;
constexpr int64_t kMaxTilePixels = 1 << 16;
constexpr int64_t kMaxBufferElements = 1 << 24;
constexpr int64_t kMaxAccumulators = 64;
constexpr int64_t kMaxVector = 64;

bool verbose() {
  static bool on = std::getenv("DEFORM_FUZZ_VERBOSE") != nullptr;
  return on;
}

/// A copy of an array against an inaccessible page (before or after it).
class GuardedCopy {
public:
  GuardedCopy(const npy::Array &a, bool guardAfter) {
    size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_t bytes = a.data.size();
    size_t dataPages = (bytes + page - 1) / page;
    size = (dataPages + 2) * page;
    void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      finding("mmap of %zu bytes failed", size);
    base = static_cast<unsigned char *>(p);
    mprotect(base, page, PROT_NONE);
    mprotect(base + (dataPages + 1) * page, page, PROT_NONE);
    data = guardAfter ? base + (dataPages + 1) * page - bytes : base + page;
    if (bytes)
      std::memcpy(data, a.data.data(), bytes);
  }
  ~GuardedCopy() { munmap(base, size); }
  GuardedCopy(const GuardedCopy &) = delete;
  GuardedCopy &operator=(const GuardedCopy &) = delete;
  unsigned char *data;

private:
  unsigned char *base;
  size_t size;
};

//===----------------------------------------------------------------------===//
// Configurations
//===----------------------------------------------------------------------===//

struct Config {
  bool present = false;
  std::vector<int64_t> tile;
  std::optional<int64_t> reduction;
  int64_t vector = 8;
  std::optional<std::vector<int64_t>> registerTile;

  std::string str() const {
    if (!present)
      return "";
    std::ostringstream c;
    auto list = [&](const std::vector<int64_t> &v) {
      for (size_t i = 0; i < v.size(); ++i)
        c << (i ? ", " : "") << v[i];
    };
    c << "#deform.cpu_config<tile = [";
    list(tile);
    c << "], ";
    if (reduction)
      c << "reduction = " << *reduction << ", ";
    c << "vector = " << vector;
    if (registerTile) {
      c << ", register_tile = [";
      list(*registerTile);
      c << "]";
    }
    c << ">";
    return c.str();
  }
};

bool powerOfTwoVector(int64_t v) {
  return v >= 1 && v <= kMaxVector && (v & (v - 1)) == 0;
}

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// The geometry the conv verifier uses.
struct ConvShape {
  int64_t channels, outChannels, taps, block, segment;
  explicit ConvShape(const ref::Conv2dParams &p) {
    channels = p.inChannels;
    outChannels = p.outChannels;
    taps = p.kernelH * p.kernelW;
    bool onOutput = p.offsetGroupAxis == ref::OffsetGroupAxis::OutputChannels;
    int64_t cg = p.inChannels / p.groups, ocg = p.outChannels / p.groups;
    block = onOutput ? std::gcd(ocg, p.outChannels / p.offsetGroups) : ocg;
    segment = onOutput ? cg : std::gcd(cg, p.inChannels / p.offsetGroups);
  }
};

/// The first field verifyConv (dialect/lib/DeformAttrs.cpp) rejects, or "".
/// Keep in step with it: a difference shows up as a finding ("invalid ... but
/// the case compiled" or "a valid case does not compile").
std::string firstBadField(const Config &c, const ConvShape &g) {
  const std::vector<int64_t> &tile = c.tile;
  std::vector<int64_t> reg = c.registerTile.value_or(std::vector<int64_t>{});
  int64_t reduction = c.reduction.value_or(0);
  if (tile.size() != 4)
    return "tile";
  for (int64_t t : tile)
    if (t < 1 || t > kMaxTileValue)
      return "tile";
  if (!powerOfTwoVector(c.vector))
    return "vector";
  if (reg.size() != 2)
    return "register_tile";
  for (int64_t r : reg)
    if (r < 1 || r > kMaxAccumulators)
      return "register_tile";
  if (reg[0] * reg[1] > kMaxAccumulators)
    return "register_tile";
  if (tile[1] % g.block != 0 && g.block % tile[1] != 0)
    return "tile";
  if (reduction < 1 || reduction > g.segment)
    return "reduction";
  int64_t pixels;
  if (__builtin_mul_overflow(tile[2], tile[3], &pixels) ||
      pixels > kMaxTilePixels)
    return "tile";
  int64_t padded = roundUp(pixels, c.vector); // Pixels padded to one vector.
  if (reduction * g.taps > kMaxBufferElements / padded)
    return "reduction";
  if (std::min(tile[1], g.block) > kMaxBufferElements / padded)
    return "tile";
  return "";
}

/// The same for verifyRoi.
std::string firstBadField(const Config &c, bool positionSensitive) {
  if (c.tile.size() != (positionSensitive ? 1u : 2u))
    return "tile";
  for (int64_t t : c.tile)
    if (t < 1 || t > kMaxTileValue)
      return "tile";
  if (c.reduction.value_or(0) != 0)
    return "reduction";
  if (c.registerTile && !c.registerTile->empty())
    return "register_tile";
  if (positionSensitive && c.vector != 1)
    return "vector";
  if (!powerOfTwoVector(c.vector))
    return "vector";
  return "";
}

/// An arbitrary value for a configuration field: mostly small, sometimes at
/// or past a bound.
int64_t anyValue(ByteReader &in) {
  static const int64_t edges[] = {0,
                                  -1,
                                  -8,
                                  3,
                                  12,
                                  63,
                                  64,
                                  65,
                                  128,
                                  255,
                                  256,
                                  257,
                                  65536,
                                  65537,
                                  kMaxTileValue,
                                  kMaxTileValue + 1,
                                  std::numeric_limits<int64_t>::max(),
                                  std::numeric_limits<int64_t>::min()};
  unsigned pick = in.u8();
  if (pick < 160)
    return in.range(1, 8);
  if (pick < 200)
    return in.range(1, 300);
  return edges[in.u8() % (sizeof edges / sizeof edges[0])];
}

std::vector<int64_t> anyList(ByteReader &in, size_t maxCount) {
  std::vector<int64_t> v(size_t(in.range(1, int64_t(maxCount))));
  for (int64_t &x : v)
    x = anyValue(in);
  return v;
}

int64_t divisorOf(ByteReader &in, int64_t n) {
  std::vector<int64_t> divisors;
  for (int64_t d = 1; d <= n; ++d)
    if (n % d == 0)
      divisors.push_back(d);
  return divisors[in.u8() % divisors.size()];
}

int64_t anyPowerOfTwoVector(ByteReader &in) { return int64_t(1) << (in.u8() % 7); }

Config validConvConfig(ByteReader &in, const ref::Conv2dParams &p) {
  ConvShape g(p);
  Config c;
  c.present = true;
  int64_t oc = in.coin() ? divisorOf(in, g.block)
                         : g.block * in.range(1, std::max<int64_t>(
                                                     1, p.outChannels / g.block));
  bool big = in.u8() >= 224;
  c.tile = {in.range(1, 3), oc, big ? in.range(1, 300) : in.range(1, 4),
            big ? in.range(1, 200) : in.range(1, 9)};
  // A divisor, or any size (the last chunk of a segment shorter).
  c.reduction = in.coin() ? divisorOf(in, g.segment) : in.range(1, g.segment);
  c.vector = anyPowerOfTwoVector(in);
  int64_t rows = in.range(1, 8);
  c.registerTile = std::vector<int64_t>{rows, in.range(1, kMaxAccumulators / rows)};
  return c;
}

Config validRoiConfig(ByteReader &in, bool ps) {
  Config c;
  c.present = true;
  if (ps) {
    c.tile = {in.range(1, 9)};
    c.vector = 1;
  } else {
    c.tile = {in.range(1, 9), in.range(1, 5)};
    c.vector = anyPowerOfTwoVector(in);
  }
  return c;
}

/// Breaks (usually) one field of a valid configuration.
void breakOneField(ByteReader &in, Config &c) {
  switch (in.u8() % 8) {
  case 0: // Too few or too many tile sizes.
    if (in.coin() && c.tile.size() > 1)
      c.tile.pop_back();
    else
      c.tile.push_back(in.range(1, 4));
    break;
  case 1:
    c.tile[in.u8() % c.tile.size()] = anyValue(in);
    break;
  case 2:
    c.vector = anyValue(in);
    break;
  case 3:
    if (!c.registerTile || in.coin())
      c.registerTile = anyList(in, 3);
    else
      c.registerTile.reset();
    break;
  case 4:
    if (c.reduction && in.coin())
      c.reduction.reset();
    else
      c.reduction = anyValue(in);
    break;
  case 5: // A tile with too many pixels for the buffers.
    if (c.tile.size() == 4) {
      c.tile[2] = in.range(200, 70000);
      c.tile[3] = in.range(200, 70000);
    } else {
      c.tile[0] = anyValue(in);
    }
    break;
  case 6: // Many output channels per task.
    c.tile[c.tile.size() > 1 ? 1 : 0] = in.range(1, 1 << 20);
    break;
  default:
    if (c.registerTile && c.registerTile->size() == 2)
      (*c.registerTile)[in.u8() % 2] = in.range(8, 70);
    break;
  }
}

Config anyConfig(ByteReader &in) {
  Config c;
  c.present = true;
  c.tile = anyList(in, 5);
  if (in.coin())
    c.reduction = anyValue(in);
  c.vector = in.coin() ? anyPowerOfTwoVector(in) : anyValue(in);
  if (in.coin())
    c.registerTile = anyList(in, 3);
  return c;
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
  finding("no attribute dictionary in\n%s", mlir.c_str());
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

void fillNormal(npy::Array &a, std::mt19937_64 &rng, double scale,
                double mean = 0) {
  std::normal_distribution<double> n(mean, scale);
  float *f = reinterpret_cast<float *>(a.data.data());
  for (int64_t i = 0; i < a.numElements(); ++i)
    f[i] = static_cast<float>(n(rng));
}

float adversarialValue(ByteReader &in) {
  const float values[] = {std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(),
                          1e30f,
                          -1e30f,
                          -0.0f,
                          std::numeric_limits<float>::max(),
                          -std::numeric_limits<float>::max(),
                          2147483648.0f,
                          -2147483904.0f,
                          9.2233720e18f,
                          -9.2233720e18f,
                          16777217.0f,
                          1e-30f,
                          std::numeric_limits<float>::denorm_min(),
                          -1.0f,
                          0.5f,
                          -0.5f,
                          1e4f,
                          -1e4f};
  unsigned pick = in.u8();
  if (pick < sizeof values / sizeof values[0])
    return values[pick];
  // Otherwise a value near an integer (the bilinear corners' edge cases).
  return float(int(in.u8()) - 128) + float(int(in.u8() % 5) - 2) * 1e-7f;
}

/// Writes up to `count` input-chosen adversarial values into `a` (float32).
void adversarial(ByteReader &in, npy::Array &a, unsigned count) {
  int64_t n = a.numElements();
  if (n <= 0)
    return;
  float *f = reinterpret_cast<float *>(a.data.data());
  for (unsigned i = 0; i < count && !in.empty(); ++i) {
    int64_t at = int64_t(in.u16()) % n;
    f[at] = adversarialValue(in);
  }
}

//===----------------------------------------------------------------------===//
// Compiling and running
//===----------------------------------------------------------------------===//

struct Compiled {
  std::unique_ptr<jit::CompiledModule> module; // Or:
  std::string error;
};

class Cache {
public:
  Compiled &get(const std::string &mlir, bool scalar) {
    std::string key = (scalar ? "scalar\n" : "vector\n") + mlir;
    auto it = entries.find(key);
    if (it != entries.end())
      return it->second;
    if (entries.size() >= kMaxCachedModules) {
      entries.erase(order.front());
      order.pop_front();
    }
    jit::CompileOptions options;
    options.scalar = scalar;
    Compiled c;
    auto compiled = jit::CompiledModule::compile(mlir, "case.mlir", options);
    if (compiled)
      c.module = std::move(*compiled);
    else
      c.error = llvm::toString(compiled.takeError());
    order.push_back(key);
    return entries.emplace(key, std::move(c)).first->second;
  }

private:
  std::map<std::string, Compiled> entries;
  std::deque<std::string> order;
};

deform_context *contextWithThreads(int threads) {
  static deform_context *contexts[3] = {};
  deform_context *&c = contexts[threads - 1];
  if (!c) {
    deform_context_options o;
    deform_context_options_init(&o);
    o.cpu_threads = threads;
    if (deform_context_create(&o, &c) != DEFORM_OK)
      finding("cannot create a context: %s", deform_last_error());
  }
  return c;
}

struct Case {
  std::string what; // "conv2d" / "roi_pool", seeds, options.
  std::string mlir;
  std::vector<npy::Array> inputs;
  std::vector<std::vector<double>> want;
  double tolerance = 1e-5;
  /// Per output element: the sum of the absolute values of its terms, and a
  /// bound on every product and partial sum the kernel forms for it (conv2d
  /// only; computed when needed).
  std::function<std::pair<std::vector<double>, std::vector<double>>()>
      magnitude;
};

/// |a| element-wise, non-finite values as 0 (f32 or f64).
void finiteMagnitude(npy::Array &a) {
  auto magnitude = [](auto v) { return std::isfinite(v) ? std::abs(v) : 0; };
  if (a.dtype == npy::DType::F64) {
    double *d = reinterpret_cast<double *>(a.data.data());
    for (int64_t i = 0; i < a.numElements(); ++i)
      d[i] = magnitude(d[i]);
    return;
  }
  float *f = reinterpret_cast<float *>(a.data.data());
  for (int64_t i = 0; i < a.numElements(); ++i)
    f[i] = magnitude(f[i]);
}

void fillOnes(npy::Array &a) {
  std::vector<double> ones(size_t(a.numElements()), 1.0);
  if (a.dtype == npy::DType::F64) {
    std::memcpy(a.data.data(), ones.data(), ones.size() * sizeof(double));
    return;
  }
  float *f = reinterpret_cast<float *>(a.data.data());
  for (int64_t i = 0; i < a.numElements(); ++i)
    f[i] = 1.0f;
}

/// The reference of `c` with |input|, |mask| and |bias| (non-finite values
/// as 0) and the same offsets (so the same non-negative bilinear weights):
/// the sum of the absolute values of each output's finite terms, which
/// bounds every partial sum of them. Taken
/// with |weight| and with a weight of ones (the latter bounds the sampled,
/// masked columns the kernel stores before the matmul); the larger of the
/// two per element.
std::pair<std::vector<double>, std::vector<double>>
magnitudeBound(sweep::ConvCase c) {
  for (size_t i = 0; i < c.inputs.size(); ++i)
    if (i != 1) // The offsets stay.
      finiteMagnitude(c.inputs[i]);
  std::vector<double> terms = sweep::referenceOutput(c);
  fillOnes(c.inputs[2]);
  std::vector<double> bound = sweep::referenceOutput(c);
  for (size_t e = 0; e < terms.size(); ++e)
    bound[e] = std::max(bound[e], terms[e]);
  return {terms, bound};
}

void runAndCompare(const Case &c, Compiled &compiled, ByteReader &in) {
  std::vector<std::unique_ptr<GuardedCopy>> copies;
  std::vector<jit::TensorView> views;
  bool guardAfter = in.coin();
  for (const npy::Array &a : c.inputs) {
    copies.push_back(std::make_unique<GuardedCopy>(a, guardAfter));
    views.push_back({a.dtype, a.shape, copies.back()->data});
  }
  int threads = int(in.range(1, 3));
  // DEFORM_FUZZ_DUMP=DIR writes the case (case.mlir, in<i>.npy) for
  // deform-run, e.g. to reproduce a finding outside the harness.
  if (const char *dir = std::getenv("DEFORM_FUZZ_DUMP")) {
    std::string base(dir);
    if (FILE *f = std::fopen((base + "/case.mlir").c_str(), "w")) {
      std::fputs(c.mlir.c_str(), f);
      std::fclose(f);
    }
    for (size_t i = 0; i < c.inputs.size(); ++i)
      npy::write(base + "/in" + std::to_string(i) + ".npy", c.inputs[i]);
    llvm::errs() << c.what << ": written to " << base << " (" << threads
                 << " thread(s))\n";
  }
  deform_context *ctx = contextWithThreads(threads);
  auto out = compiled.module->run("main", views, ctx);
  if (!out)
    finding("%s: the compiled case does not run: %s\n%s", c.what.c_str(),
            llvm::toString(out.takeError()).c_str(), c.mlir.c_str());
  if (out->size() != c.want.size())
    finding("%s: %zu results, expected %zu\n%s", c.what.c_str(), out->size(),
            c.want.size(), c.mlir.c_str());
  // DEFORM_FUZZ_SELFTEST=1 spoils one output element: the harness must then
  // report a mismatch (a check of the check).
  static bool selftest = std::getenv("DEFORM_FUZZ_SELFTEST") != nullptr;
  if (selftest && !out->empty() && !(*out)[0].data.empty())
    (*out)[0].data[(*out)[0].data.size() - 2] ^= 0x40;
  for (size_t i = 0; i < c.want.size(); ++i) {
    const npy::Array &got = (*out)[i];
    if (got.numElements() != int64_t(c.want[i].size()))
      finding("%s: result %zu has %lld elements, expected %zu\n%s",
              c.what.c_str(), i, (long long)got.numElements(), c.want[i].size(),
              c.mlir.c_str());
    int64_t mismatches = 0;
    double err = sweep::relativeL2(got, c.want[i], mismatches);
    // Where some product or partial sum of an element's finite terms may
    // exceed the largest finite value of the result type, whether one does
    // depends on the summation order: an infinity (or the NaN of inf - inf)
    // where the f64 reference is finite, or a NaN where it is infinite (an
    // infinite input plus an overflow of the opposite sign), is that
    // overflow, not a finding (findings/README.md, kernels-3, -6, -7, -8).
    if (mismatches != 0 && c.magnitude) {
      std::vector<double> g = sweep::toDouble(got);
      std::vector<double> bound = c.magnitude().second;
      double big = (got.elementSize() == 4 ? 3.4028234663852886e38
                                           : 1.7976931348623157e308) / 2;
      int64_t overflow = 0;
      // (An infinity that is the reference correctly rounded is not a
      // mismatch to begin with: kernels-10, -11.)
      for (size_t e = 0; e < g.size(); ++e)
        overflow += bound[e] >= big &&
                    !harness::isRoundedOverflow(g[e], c.want[i][e], got.dtype) &&
                    ((!std::isfinite(g[e]) && std::isfinite(c.want[i][e])) ||
                     (std::isnan(g[e]) && std::isinf(c.want[i][e])));
      mismatches -= overflow;
    }
    // Where the outputs are far smaller than their terms (cancellation, or
    // a single sample just inside the image), rounding is relative to the
    // terms: the error is then measured against their magnitude, the forward
    // error bound of summation (findings/README.md, kernels-9).
    if (mismatches == 0 && !(err < c.tolerance) && c.magnitude) {
      std::vector<double> g = sweep::toDouble(got);
      std::vector<double> terms = c.magnitude().first;
      double num = 0, den = 0;
      for (size_t e = 0; e < g.size(); ++e)
        if (std::isfinite(g[e]) && std::isfinite(c.want[i][e])) {
          num += (g[e] - c.want[i][e]) * (g[e] - c.want[i][e]);
          den += terms[e] * terms[e];
        }
      if (den > 0 && std::sqrt(num / den) < c.tolerance)
        err = std::sqrt(num / den);
    }
    if (mismatches != 0 || !(err < c.tolerance)) {
      // Where the first difference is, for the report.
      std::vector<double> g = sweep::toDouble(got);
      size_t first = 0;
      for (; first < g.size(); ++first) {
        double w = c.want[i][first];
        bool same = (std::isnan(g[first]) && std::isnan(w)) || g[first] == w ||
                    std::abs(g[first] - w) <= 1e-4 * (1 + std::abs(w));
        if (!same)
          break;
      }
      finding("%s: result %zu differs from the reference: relative L2 %g, %lld "
              "non-finite mismatches; first difference at element %zu: got %g, "
              "expected %g\n%s",
              c.what.c_str(), i, err, (long long)mismatches, first,
              first < g.size() ? g[first] : 0.0,
              first < g.size() ? c.want[i][first] : 0.0, c.mlir.c_str());
    }
  }
}

Cache &cache() {
  static Cache *c = new Cache();
  return *c;
}

void fuzzConv(ByteReader &module, ByteReader &in, std::mt19937_64 &caseRng, uint64_t caseSeed) {
  // `module` decides the compiled module, `in` the data (see
  // kModuleBytes).
  // One case in four has its parameters from the input (wider ranges).
  std::optional<sweep::ConvCase> wide;
  if (module.u8() >= 192)
    wide = fuzz::convCaseFromBytes(module);
  sweep::ConvCase cc = wide ? std::move(*wide) : sweep::drawConvCase(caseRng, 3.0);
  const ref::Conv2dParams &p = cc.p;
  bool dynamic = module.u8() >= 176;
  bool f64 = module.u8() >= 224;
  Config config;
  unsigned mode = module.u8() % 8;
  if (mode == 0 || mode == 1) {
    // The heuristic's.
  } else if (mode <= 4) {
    config = validConvConfig(module, p);
  } else if (mode <= 6) {
    config = validConvConfig(module, p);
    breakOneField(module, config);
  } else {
    config = anyConfig(module);
  }
  std::string bad = config.present ? firstBadField(config, ConvShape(p)) : "";
  bool scalar = module.u8() >= 192;

  // The data from the input's own seed (the case seed fixes the shapes).
  uint32_t dataSeed = in.u32();
  std::mt19937_64 dataRng(dataSeed);
  fillNormal(cc.inputs[0], dataRng, 1.0);
  fillNormal(cc.inputs[1], dataRng, in.coin() ? 3.0 : 1e3);
  fillNormal(cc.inputs[2], dataRng,
             1.0 / std::sqrt(double(p.inChannels * p.kernelH * p.kernelW)));
  size_t next = 3;
  npy::Array *mask = cc.mask ? &cc.inputs[next++] : nullptr;
  if (mask)
    fillNormal(*mask, dataRng, 0.5, 0.5);
  if (cc.bias)
    fillNormal(cc.inputs[next], dataRng, 1.0);
  if (in.u8() < 64)
    sweep::poison(cc.inputs[1], dataRng, 0.2);
  adversarial(in, cc.inputs[1], in.u8() % 24);
  if (mask && in.u8() < 48)
    adversarial(in, *mask, in.u8() % 4);

  std::string mlir = dynamic ? cc.dynamicMlir : cc.mlir;
  if (f64)
    sweep::convertElementType(mlir, cc.inputs, npy::DType::F64);
  cc.mlir = mlir;

  Case c;
  std::ostringstream what;
  what << "conv2d (" << (wide ? "parameters from the input" : "case seed " + std::to_string(caseSeed))
       << ", data seed " << dataSeed
       << (dynamic ? ", dynamic" : "") << (f64 ? ", f64" : "")
       << (scalar ? ", scalar" : "") << ")";
  c.what = what.str();
  c.mlir = withConfig(mlir, config.str());
  if (verbose())
    llvm::errs() << c.what << "\n" << c.mlir;

  Compiled &compiled = cache().get(c.mlir, scalar);
  if (!bad.empty()) {
    if (compiled.module)
      finding("%s: the configuration %s is invalid (field '%s') but the case "
              "compiled\n%s",
              c.what.c_str(), config.str().c_str(), bad.c_str(), c.mlir.c_str());
    if (compiled.error.find("field '" + bad + "'") == std::string::npos)
      finding("%s: the invalid configuration %s was rejected without naming "
              "field '%s':\n%s\n%s",
              c.what.c_str(), config.str().c_str(), bad.c_str(),
              compiled.error.c_str(), c.mlir.c_str());
    return;
  }
  if (!compiled.module)
    finding("%s: a valid case does not compile: %s\n%s", c.what.c_str(),
            compiled.error.c_str(), c.mlir.c_str());
  c.want = {sweep::referenceOutput(cc)};
  c.magnitude = [cc]() { return magnitudeBound(cc); };
  c.inputs = std::move(cc.inputs);
  c.tolerance = f64 ? 1e-9 : 1e-5;
  runAndCompare(c, compiled, in);
}

void fuzzRoi(ByteReader &module, ByteReader &in, std::mt19937_64 &caseRng, uint64_t caseSeed) {
  std::optional<sweep::RoiCase> wide;
  if (module.u8() >= 192)
    wide = fuzz::roiCaseFromBytes(module);
  sweep::RoiCase rc = wide ? std::move(*wide) : sweep::drawRoiCase(caseRng);
  const ref::RoiPoolParams &p = rc.p;
  bool dynamic = module.u8() >= 176;
  bool ps = p.variant == ref::RoiPoolVariant::DCNPSRoI;
  Config config;
  unsigned mode = module.u8() % 8;
  if (mode == 0 || mode == 1) {
  } else if (mode <= 4) {
    config = validRoiConfig(module, ps);
  } else if (mode <= 6) {
    config = validRoiConfig(module, ps);
    breakOneField(module, config);
  } else {
    config = anyConfig(module);
  }
  std::string bad = config.present ? firstBadField(config, ps) : "";
  bool scalar = module.u8() >= 192;

  uint32_t dataSeed = in.u32();
  std::mt19937_64 dataRng(dataSeed);
  fillNormal(rc.inputs[0], dataRng, 1.0);
  size_t next = 2;
  npy::Array *offset = p.hasOffset ? &rc.inputs[next++] : nullptr;
  npy::Array *mask = p.hasMask ? &rc.inputs[next++] : nullptr;
  if (offset)
    fillNormal(*offset, dataRng, in.coin() ? 1.0 : 100.0);
  if (mask)
    fillNormal(*mask, dataRng, 0.5, 0.5);
  if (in.u8() < 64) {
    sweep::poison(rc.inputs[1], dataRng, 0.2);
    if (offset)
      sweep::poison(*offset, dataRng, 0.2);
  }
  adversarial(in, rc.inputs[1], in.u8() % 16);
  if (offset)
    adversarial(in, *offset, in.u8() % 16);
  if (mask && in.u8() < 48)
    adversarial(in, *mask, in.u8() % 4);

  Case c;
  std::ostringstream what;
  what << "roi_pool (" << (wide ? "parameters from the input" : "case seed " + std::to_string(caseSeed))
       << ", data seed " << dataSeed
       << (dynamic ? ", dynamic" : "") << (scalar ? ", scalar" : "") << ")";
  c.what = what.str();
  c.mlir = withConfig(dynamic ? rc.dynamicMlir : rc.mlir, config.str());
  if (verbose())
    llvm::errs() << c.what << "\n" << c.mlir;

  Compiled &compiled = cache().get(c.mlir, scalar);
  if (!bad.empty()) {
    if (compiled.module)
      finding("%s: the configuration %s is invalid (field '%s') but the case "
              "compiled\n%s",
              c.what.c_str(), config.str().c_str(), bad.c_str(), c.mlir.c_str());
    if (compiled.error.find("field '" + bad + "'") == std::string::npos)
      finding("%s: the invalid configuration %s was rejected without naming "
              "field '%s':\n%s\n%s",
              c.what.c_str(), config.str().c_str(), bad.c_str(),
              compiled.error.c_str(), c.mlir.c_str());
    return;
  }
  if (!compiled.module)
    finding("%s: a valid case does not compile: %s\n%s", c.what.c_str(),
            compiled.error.c_str(), c.mlir.c_str());
  c.want = sweep::referenceOutput(rc);
  c.inputs = std::move(rc.inputs);
  runAndCompare(c, compiled, in);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t moduleBytes = std::min(size, kModuleBytes);
  ByteReader module(data, moduleBytes);
  ByteReader in(data + moduleBytes, size - moduleBytes);
  bool conv = module.u8() < 160;
  uint64_t caseSeed = module.u16();
  std::mt19937_64 caseRng(caseSeed);
  if (conv)
    fuzzConv(module, in, caseRng, caseSeed);
  else
    fuzzRoi(module, in, caseRng, caseSeed);
  return 0;
}

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

/// Most mutations change only the data, which reuses the cached module (a
/// run takes well under a millisecond, a compile about 100 ms); one in
/// kModuleMutationOdds mutates the whole input, the module's choices too. A
/// short input is first padded with zeros to kModuleBytes, which keeps its
/// module (the reader reads zeros past the end).
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  if (seed % kModuleMutationOdds == 0 || maxSize <= kModuleBytes)
    return LLVMFuzzerMutate(data, size, maxSize);
  if (size < kModuleBytes) {
    std::memset(data + size, 0, kModuleBytes - size);
    size = kModuleBytes;
  }
  return kModuleBytes + LLVMFuzzerMutate(data + kModuleBytes,
                                         size - kModuleBytes,
                                         maxSize - kModuleBytes);
}
