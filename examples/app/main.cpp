// An application that links a deform-compile'd DCN block like any C library
// (no MLIR, no JIT at run time), runs it on random data and checks it against
// the float64 reference.
#include "dcn_block.h"
#include "deform/reference/Reference.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {
constexpr int C = 16, H = 32, W = 32, OC = 16, K = 3, Ho = H - 2, Wo = W - 2;

std::vector<float> random(size_t n, double scale, std::mt19937 &rng) {
  std::normal_distribution<double> normal(0.0, scale);
  std::vector<float> v(n);
  for (float &x : v)
    x = static_cast<float>(normal(rng));
  return v;
}
} // namespace

int main() {
  std::mt19937 rng(7);
  std::vector<float> x = random(C * H * W, 1.0, rng);
  // Offsets of a few pixels: enough that samples leave the image.
  std::vector<float> wOff = random(18 * C * K * K, 2.0 / std::sqrt(C * K * K), rng);
  std::vector<float> w = random(OC * C * K * K, 1.0 / std::sqrt(C * K * K), rng);
  std::vector<float> b = random(OC, 1.0, rng);
  std::vector<float> y(OC * Ho * Wo);

  if (dcn_block_main(nullptr, wOff.data(), w.data(), b.data(), y.data()) !=
      DEFORM_ERROR_INVALID_ARGUMENT) {
    std::printf("dcn_block: a NULL input was not rejected\n");
    return 1;
  }
  // A runtime context decides how many threads run the tiles.
  deform_context_options options;
  deform_context_options_init(&options);
  options.cpu_threads = 2;
  deform_context *ctx = nullptr;
  if (deform_context_create(&options, &ctx) != DEFORM_OK) {
    std::printf("dcn_block: %s\n", deform_last_error());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  deform_status status =
      dcn_block_main_on(ctx, x.data(), wOff.data(), w.data(), b.data(), y.data());
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start).count();
  deform_context_destroy(ctx);
  if (status != DEFORM_OK) {
    std::printf("dcn_block: status %d (%s)\n", static_cast<int>(status),
                deform_status_string(status));
    return 1;
  }
  // A destroyed context is refused, not used.
  if (dcn_block_main_on(ctx, x.data(), wOff.data(), w.data(), b.data(),
                        y.data()) != DEFORM_ERROR_DESTROYED_CONTEXT) {
    std::printf("dcn_block: a destroyed context was not rejected\n");
    return 1;
  }

  // Reference: the offset conv in float64, then the deformable conv, ReLU.
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
  double num = 0, den = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    double r = std::max(want[i], 0.0);
    num += (y[i] - r) * (y[i] - r);
    den += r * r;
  }
  double err = std::sqrt(num / den);
  bool ok = err < 1e-5;
  std::printf("dcn_block: 1x16x32x32 -> offset conv -> deform conv -> ReLU in "
              "%.3f ms; relative L2 error vs the float64 reference %.3g: %s\n",
              ms, err, ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
