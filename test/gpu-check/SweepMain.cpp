//===- SweepMain.cpp - the bundle's GPU sweep against the float64 reference ===//
//
//   deform-gpu-sweep [--probe] [--only=SUBSTRING]
//
// The GPU sweep (GpuCases.h) with its kernels compiled ahead of time
// (sweep_fast / sweep_scalar objects of deform-compile --target=cuda): each
// case is drawn again from its seed, run on the first CUDA device through
// its program and compared with the float64 reference. Exit status 0 when
// every case passes, 1 when one fails, 77 without a usable driver.
// --probe only reports the device (or why there is none).
//
//===----------------------------------------------------------------------===//
#include "GpuCases.h"
#include "sweep_fast.h"
#include "sweep_scalar.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace deform;

namespace {
/// The program of @name in an object compiled with -o `object`: its
/// symbol is __deform_<length of object><object>_<name>.
const deform_gpu_program *find(const deform_gpu_program *const *programs,
                               const std::string &object,
                               const std::string &name) {
  std::string symbol =
      "__deform_" + std::to_string(object.size()) + object + "_" + name;
  for (; *programs; ++programs)
    if (symbol == (*programs)->name)
      return *programs;
  return nullptr;
}
} // namespace

int main(int argc, char **argv) {
  std::string only;
  bool probe = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--probe")
      probe = true;
    else if (a.rfind("--only=", 0) == 0)
      only = a.substr(7);
    else {
      std::fprintf(stderr, "usage: deform-gpu-sweep [--probe] [--only=SUBSTRING]\n");
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
  if (deform_context_create(&o, &ctx) != DEFORM_OK) {
    std::printf("FAILED: %s\n", deform_last_error());
    return 1;
  }
  char device[256] = "?";
  int32_t cc = 0;
  deform_cuda_device_properties(ctx, device, sizeof device, &cc);
  std::printf("device: %s (sm_%d)\n", device, cc);
  if (probe)
    return 0;
  int passed = 0, failed = 0;
  auto start = std::chrono::steady_clock::now();
  for (auto [kind, seed] : sweep::gpuSweep()) {
    sweep::GpuCase c = sweep::drawGpuCase(kind, seed);
    if (!only.empty() && c.name.find(only) == std::string::npos)
      continue;
    const deform_gpu_program *p =
        c.scalar ? find(sweep_scalar_programs, "sweep_scalar", c.name)
                 : find(sweep_fast_programs, "sweep_fast", c.name);
    if (!p) {
      std::printf("FAIL %s: no compiled program (the bundle is stale)\n", c.name.c_str());
      ++failed;
      continue;
    }
    std::vector<const void *> ins;
    for (const npy::Array &a : c.inputs())
      ins.push_back(a.data.data());
    std::vector<std::vector<double>> want = sweep::gpuReference(c);
    npy::DType dtype = c.isConv ? c.inputs()[0].dtype : npy::DType::F32;
    std::vector<npy::Array> got(want.size());
    std::vector<void *> outs;
    for (size_t r = 0; r < want.size(); ++r) {
      got[r].dtype = dtype;
      got[r].shape = {int64_t(want[r].size())};
      got[r].data.resize(p->buffer_bytes[p->num_inputs + r] + 1);
      outs.push_back(got[r].data.data());
    }
    if (deform_gpu_program_run_host(ctx, p, ins.data(), outs.data()) != DEFORM_OK) {
      std::printf("FAIL %s: %s\n", c.describe().c_str(), deform_last_error());
      ++failed;
      continue;
    }
    bool ok = true;
    for (size_t r = 0; r < want.size(); ++r) {
      got[r].data.resize(got[r].numElements() * got[r].elementSize());
      int64_t mismatches = 0;
      double err = sweep::relativeL2(got[r], want[r], mismatches);
      if (!(err < c.tolerance) || mismatches != 0) {
        std::printf("FAIL %s: result %zu: relative L2 error %.3g (limit %.0e), "
                    "%lld non-finite mismatches\n",
                    c.describe().c_str(), r, err, c.tolerance,
                    static_cast<long long>(mismatches));
        ok = false;
      }
    }
    ok ? ++passed : ++failed;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sweep: %d passed, %d failed (%.1f s)\n", passed, failed, s);
  deform_context_destroy(ctx);
  return failed ? 1 : 0;
}
