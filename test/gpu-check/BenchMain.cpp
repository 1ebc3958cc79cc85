//===- BenchMain.cpp - the bundle's GPU benchmark of bench/suite.json -----===//
//
//   deform-gpu-bench [--reps=N] [--out=DIR] [--only=NAME]
//
// Each suite case (bench_cases.inc, kernels compiled ahead of time into the
// bench_cases object) on the first CUDA device: inputs drawn as the suite
// says (N(0,1), offsets N(0,2^2), mask sigmoid(N(0,1)), weights scaled by
// 1/sqrt(Cin*kh*kw), rois inside the image) and uploaded once, 3 warm-up
// runs, then the median of N timed runs of the program on device buffers
// (each run waits for its kernels). With --out, writes every case's inputs
// and outputs as .npy and results.json (for bench/gpu_peer.py, which checks
// the outputs and times torchvision on the same inputs).
//
//===----------------------------------------------------------------------===//
#include "bench_cases.h"

#include "deform/runtime/Npy.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {
struct Input {
  const char *name;
  int rank;
  int64_t shape[4];
  int distribution; // 0 normal(scale), 1 sigmoid(normal), 2 rois
  double scale;
};
struct Output {
  int rank;
  int64_t shape[4];
};
struct Case {
  const char *function, *kind;
  double gflop;
  int64_t images, imageH, imageW;
  Input inputs[6];
  int numOutputs;
  Output outputs[2];
};
const Case kCases[] = {
#include "bench_cases.inc"
};

deform::npy::Array draw(const Case &c, const Input &in, std::mt19937_64 &rng) {
  deform::npy::Array a;
  a.dtype = deform::npy::DType::F32;
  a.shape.assign(in.shape, in.shape + in.rank);
  a.data.resize(a.numElements() * sizeof(float));
  float *f = reinterpret_cast<float *>(a.data.data());
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  if (in.distribution == 2) { // rois (batch, x1, y1, x2, y2) inside the image
    double h = double(c.imageH), w = double(c.imageW);
    for (int64_t r = 0; r < in.shape[0]; ++r) {
      double bw = 32 + uniform(rng) * (std::min(400.0, w - 1) - 32);
      double bh = 32 + uniform(rng) * (std::min(400.0, h - 1) - 32);
      double x1 = uniform(rng) * (w - 1 - bw), y1 = uniform(rng) * (h - 1 - bh);
      float *row = f + 5 * r;
      row[0] = float(std::min<int64_t>(int64_t(uniform(rng) * c.images), c.images - 1));
      row[1] = float(x1), row[2] = float(y1), row[3] = float(x1 + bw),
      row[4] = float(y1 + bh);
    }
    return a;
  }
  for (int64_t i = 0; i < a.numElements(); ++i) {
    double v = normal(rng);
    f[i] = float(in.distribution == 1 ? 1 / (1 + std::exp(-v)) : v * in.scale);
  }
  return a;
}

/// The program of @name: __deform_11bench_cases_<name>.
const deform_gpu_program *find(const std::string &name) {
  std::string symbol = "__deform_11bench_cases_" + name;
  for (const deform_gpu_program *const *p = bench_cases_programs; *p; ++p)
    if (symbol == (*p)->name)
      return *p;
  return nullptr;
}

int fail(const char *what) {
  std::printf("FAILED: %s: %s\n", what, deform_last_error());
  return 1;
}
} // namespace

int main(int argc, char **argv) {
  int reps = 20;
  std::string out, only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--reps=", 0) == 0)
      reps = std::max(1, std::atoi(a.c_str() + 7));
    else if (a.rfind("--out=", 0) == 0)
      out = a.substr(6);
    else if (a.rfind("--only=", 0) == 0)
      only = a.substr(7);
    else {
      std::fprintf(stderr, "usage: deform-gpu-bench [--reps=N] [--out=DIR] [--only=NAME]\n");
      return 2;
    }
  }
  if (!deform_cuda_available()) {
    std::printf("SKIPPED: no usable CUDA driver: %s\n", deform_last_error());
    return 77;
  }
  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  o.cpu_threads = 1;
  deform_context *ctx = nullptr;
  if (deform_context_create(&o, &ctx) != DEFORM_OK)
    return fail("deform_context_create");
  char device[256] = "?";
  int32_t cc = 0;
  deform_cuda_device_properties(ctx, device, sizeof device, &cc);
  std::printf("device: %s (sm_%d), %d timed runs per case\n", device, cc, reps);
  std::printf("%-22s %9s %11s %11s\n", "case", "GFLOP", "median ms", "GFLOP/s");
  std::string json = "[\n";
  for (size_t ci = 0; ci < sizeof kCases / sizeof kCases[0]; ++ci) {
    const Case &c = kCases[ci];
    if (!only.empty() && only != c.function)
      continue;
    const deform_gpu_program *p = find(c.function);
    if (!p) {
      std::printf("FAILED: %s: no compiled program (the bundle is stale)\n", c.function);
      return 1;
    }
    std::mt19937_64 rng(1000 + ci);
    std::vector<deform::npy::Array> inputs;
    for (uint32_t i = 0; i < p->num_inputs; ++i)
      inputs.push_back(draw(c, c.inputs[i], rng));
    std::vector<deform_buffer *> buffers(p->num_params, nullptr);
    for (uint32_t i = 0; i < p->num_params; ++i) {
      if (deform_buffer_create(ctx, p->buffer_bytes[i], &buffers[i]) != DEFORM_OK)
        return fail(c.function);
      if (i < p->num_inputs &&
          (deform_buffer_copy_from_host(buffers[i], inputs[i].data.data(),
                                        inputs[i].data.size()) != DEFORM_OK ||
           deform_buffer_sync_to_device(buffers[i]) != DEFORM_OK))
        return fail(c.function);
    }
    for (int w = 0; w < 3; ++w)
      if (deform_gpu_program_run(ctx, p, buffers.data()) != DEFORM_OK)
        return fail(c.function);
    std::vector<double> ms;
    for (int r = 0; r < reps; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      if (deform_gpu_program_run(ctx, p, buffers.data()) != DEFORM_OK)
        return fail(c.function);
      ms.push_back(std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - t0)
                       .count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    std::printf("%-22s %9.3f %11.4f %11.1f\n", c.function, c.gflop, median,
                c.gflop > 0 ? c.gflop / (median * 1e-3) : 0.0);
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s {\"function\": \"%s\", \"median_ms\": %.6f, \"min_ms\": %.6f, "
                  "\"gflop\": %.6f}",
                  json.size() > 2 ? ",\n" : "", c.function, median, ms.front(),
                  c.gflop);
    json += line;
    if (!out.empty()) {
      for (size_t i = 0; i < inputs.size(); ++i) {
        std::string err = deform::npy::write(
            out + "/" + c.function + ".in" + std::to_string(i) + ".npy", inputs[i]);
        if (!err.empty()) {
          std::printf("FAILED: %s\n", err.c_str());
          return 1;
        }
      }
      for (int r = 0; r < c.numOutputs; ++r) {
        deform::npy::Array a;
        a.dtype = deform::npy::DType::F32;
        a.shape.assign(c.outputs[r].shape, c.outputs[r].shape + c.outputs[r].rank);
        a.data.resize(a.numElements() * sizeof(float));
        deform_buffer *b = buffers[p->num_inputs + r];
        if (deform_buffer_sync_to_host(b) != DEFORM_OK ||
            deform_buffer_copy_to_host(b, a.data.data(), a.data.size()) != DEFORM_OK)
          return fail(c.function);
        std::string err = deform::npy::write(
            out + "/" + c.function + ".out" + std::to_string(r) + ".npy", a);
        if (!err.empty()) {
          std::printf("FAILED: %s\n", err.c_str());
          return 1;
        }
      }
    }
    for (deform_buffer *b : buffers)
      deform_buffer_destroy(b);
  }
  json += "\n]\n";
  if (!out.empty())
    std::ofstream(out + "/results.json") << json;
  deform_context_destroy(ctx);
  return 0;
}
