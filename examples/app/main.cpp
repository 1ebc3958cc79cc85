// An application that links deform-compile'd layers like any C library (no
// MLIR, no JIT, no OpenMP at run time), runs them on random data and checks
// them against the float64 reference:
//  - a DCN block (offset conv -> deformable conv -> ReLU);
//  - the same compiled code called from two threads at once, on two contexts
//    with different thread counts;
//  - a layer with dynamic image sizes, at two sizes, and its size errors;
//  - memory that stays flat over hundreds of calls (no per-call leak of the
//    block's intermediate offset tensor).
#include "dcn_block.h"
#include "dcn_dynamic.h"
#include "deform/reference/Reference.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <array>
#include <cstring>
#include <random>
#include <fstream>
#include <thread>
#include <vector>

namespace {
constexpr int C = 16, H = 32, W = 32, OC = 16, K = 3, Ho = H - 2, Wo = W - 2;

std::vector<float> random(size_t n, double scale, std::mt19937 &rng,
                          double mean = 0) {
  std::normal_distribution<double> normal(mean, scale);
  std::vector<float> v(n);
  for (float &x : v)
    x = static_cast<float>(normal(rng));
  return v;
}

template <typename T>
double relativeL2(const std::vector<float> &got, const std::vector<T> &want) {
  double num = 0, den = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    num += (got[i] - double(want[i])) * (got[i] - double(want[i]));
    den += double(want[i]) * double(want[i]);
  }
  return std::sqrt(num / den);
}

bool fail(const char *what) {
  std::printf("dcn_block: FAIL: %s (last error: %s)\n", what, deform_last_error());
  return false;
}

deform_context *makeContext(int threads) {
  deform_context_options options;
  deform_context_options_init(&options);
  options.cpu_threads = threads;
  deform_context *ctx = nullptr;
  if (deform_context_create(&options, &ctx) != DEFORM_OK)
    return nullptr;
  return ctx;
}

/// The block's float64 reference: the offset conv, then the deformable
/// conv, then ReLU.
std::vector<double> blockReference(const std::vector<float> &x,
                                   const std::vector<float> &wOff,
                                   const std::vector<float> &w,
                                   const std::vector<float> &b) {
  std::vector<double> xd(x.begin(), x.end()), wd(w.begin(), w.end()),
      bd(b.begin(), b.end()), off(18 * Ho * Wo, 0.0), want(OC * Ho * Wo);
  for (int o = 0; o < 18; ++o)
    for (int i = 0; i < Ho; ++i)
      for (int j = 0; j < Wo; ++j) {
        double s = 0;
        for (int c = 0; c < C; ++c)
          for (int p = 0; p < K; ++p)
            for (int q = 0; q < K; ++q)
              s += double(wOff[((o * C + c) * K + p) * K + q]) *
                   xd[(c * H + i + p) * W + j + q];
        off[(o * Ho + i) * Wo + j] = s;
      }
  deform::ref::Conv2dParams p;
  p.batch = 1;
  p.inChannels = C;
  p.inH = H;
  p.inW = W;
  p.outChannels = OC;
  p.kernelH = p.kernelW = K;
  deform::ref::conv2d(p, xd.data(), off.data(), wd.data(), nullptr, bd.data(),
                      want.data());
  for (double &v : want)
    v = std::max(v, 0.0);
  return want;
}

bool dynamicLayer(std::mt19937 &rng) {
  std::vector<float> w = random(16 * 16 * 9, 1.0 / 12, rng), b = random(16, 1, rng);
  int64_t wShape[4] = {16, 16, 3, 3}, bShape[1] = {16};
  for (auto [n, h, wd] : {std::array<int64_t, 3>{1, 7, 12}, {3, 20, 9}}) {
    std::vector<float> x = random(n * 16 * h * wd, 1, rng),
                       off = random(n * 18 * h * wd, 2, rng),
                       m = random(n * 9 * h * wd, 0.3, rng, 0.5);
    int64_t xs[4] = {n, 16, h, wd}, os[4] = {n, 18, h, wd}, ms[4] = {n, 9, h, wd},
            ys[4];
    if (dcn_dynamic_main_shapes(xs, os, wShape, ms, bShape, ys) != DEFORM_OK)
      return fail("dcn_dynamic_main_shapes");
    if (ys[0] != n || ys[1] != 16 || ys[2] != h || ys[3] != wd)
      return fail("the result shape of the dynamic layer");
    std::vector<float> y(n * 16 * h * wd);
    if (dcn_dynamic_main(x.data(), xs, off.data(), os, w.data(), m.data(), ms,
                         b.data(), y.data(), ys) != DEFORM_OK)
      return fail("the dynamic layer runs");
    deform::ref::Conv2dParams p;
    p.batch = n;
    p.inChannels = p.outChannels = 16;
    p.inH = h;
    p.inW = wd;
    p.kernelH = p.kernelW = 3;
    p.padTop = p.padLeft = p.padBottom = p.padRight = 1;
    std::vector<double> xd(x.begin(), x.end()), od(off.begin(), off.end()),
        wdd(w.begin(), w.end()), md(m.begin(), m.end()), bd(b.begin(), b.end()),
        want(y.size());
    deform::ref::conv2d(p, xd.data(), od.data(), wdd.data(), md.data(), bd.data(),
                        want.data());
    double err = relativeL2(y, want);
    std::printf("dcn_dynamic: %lldx16x%lldx%lld: relative L2 error vs the float64 "
                "reference %.3g\n",
                (long long)n, (long long)h, (long long)wd, err);
    if (!(err < 1e-5))
      return fail("the dynamic layer matches the reference");
    // Offsets of another image size are refused with the sizes.
    os[3] = wd + 1;
    if (dcn_dynamic_main(x.data(), xs, off.data(), os, w.data(), m.data(), ms,
                         b.data(), y.data(), ys) != DEFORM_ERROR_SHAPE_MISMATCH ||
        !std::strstr(deform_last_error(), "dcn_dynamic_main"))
      return fail("sizes that do not fit are refused");
  }
  return true;
}
} // namespace

/// Resident memory in bytes (Linux), or -1 where /proc is not available.
long residentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = -1;
  if (!(statm >> pages >> resident))
    return -1;
  return resident * 4096;
}

/// Calls the block 400 times; a leak of its 64.8 KB offset tensor per call
/// would add about 25 MB, far above allocator noise.
bool memoryStaysFlat(const std::vector<float> &x, const std::vector<float> &wOff,
                     const std::vector<float> &w, const std::vector<float> &b) {
  std::vector<float> y(OC * Ho * Wo);
  auto run = [&](int calls) {
    for (int i = 0; i < calls; ++i)
      if (dcn_block_main(x.data(), wOff.data(), w.data(), b.data(), y.data()) !=
          DEFORM_OK)
        return false;
    return true;
  };
  if (!run(20))
    return fail("warm-up calls");
  long before = residentBytes();
  if (!run(400))
    return fail("repeated calls");
  long after = residentBytes();
  if (before < 0) {
    std::printf("dcn_block: resident memory not measurable here; skipped\n");
    return true;
  }
  std::printf("dcn_block: resident memory %.1f MB before and %.1f MB after "
              "400 more calls\n", before / 1e6, after / 1e6);
  if (after - before > 4l << 20)
    return fail("memory stays flat over repeated calls");
  return true;
}

int main() {
  std::mt19937 rng(7);
  std::vector<float> x = random(C * H * W, 1.0, rng);
  // Offsets of a few pixels: enough that samples leave the image.
  std::vector<float> wOff = random(18 * C * K * K, 2.0 / std::sqrt(C * K * K), rng);
  std::vector<float> w = random(OC * C * K * K, 1.0 / std::sqrt(C * K * K), rng);
  std::vector<float> b = random(OC, 1.0, rng);
  std::vector<float> y(OC * Ho * Wo);

  if (dcn_block_main(nullptr, wOff.data(), w.data(), b.data(), y.data()) !=
      DEFORM_ERROR_INVALID_ARGUMENT)
    return !fail("a NULL input is rejected");
  // A runtime context decides how many threads run the tiles.
  deform_context *ctx = makeContext(2);
  if (!ctx)
    return !fail("deform_context_create");
  auto start = std::chrono::steady_clock::now();
  deform_status status =
      dcn_block_main_on(ctx, x.data(), wOff.data(), w.data(), b.data(), y.data());
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start).count();
  deform_context_destroy(ctx);
  if (status != DEFORM_OK)
    return !fail("dcn_block_main_on");
  // A destroyed context is refused, not used.
  if (dcn_block_main_on(ctx, x.data(), wOff.data(), w.data(), b.data(),
                        y.data()) != DEFORM_ERROR_DESTROYED_CONTEXT)
    return !fail("a destroyed context is refused");

  std::vector<double> want = blockReference(x, wOff, w, b);
  double err = relativeL2(y, want);
  std::printf("dcn_block: 1x16x32x32 -> offset conv -> deform conv -> ReLU in "
              "%.3f ms; relative L2 error vs the float64 reference %.3g\n",
              ms, err);
  if (!(err < 1e-5))
    return !fail("the block matches the reference");

  // Two threads at once, each on its own context (1 and 3 threads), each
  // calling the same compiled function repeatedly.
  bool concurrentOk = true;
  auto worker = [&](int threads) {
    deform_context *own = makeContext(threads);
    std::vector<float> out(OC * Ho * Wo);
    for (int i = 0; i < 20 && own; ++i) {
      std::fill(out.begin(), out.end(), -1.0f);
      if (dcn_block_main_on(own, x.data(), wOff.data(), w.data(), b.data(),
                            out.data()) != DEFORM_OK ||
          !(relativeL2(out, want) < 1e-5))
        concurrentOk = false;
    }
    concurrentOk &= own != nullptr;
    deform_context_destroy(own);
  };
  std::thread first(worker, 1), second(worker, 3);
  first.join();
  second.join();
  std::printf("dcn_block: 2 threads x 20 calls on contexts of 1 and 3 "
              "threads: %s\n", concurrentOk ? "all match" : "MISMATCH");
  if (!concurrentOk)
    return !fail("concurrent calls on two contexts");

  if (!memoryStaysFlat(x, wOff, w, b))
    return 1;
  if (!dynamicLayer(rng))
    return 1;
  std::printf("dcn_block: PASS\n");
  return 0;
}
