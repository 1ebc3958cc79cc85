//===- GpuSweepTest.cpp - CUDA-compiled deform ops vs the float64 reference ===//
//
// The GPU sweep (GpuCases.h: every variant, random GPU configurations, the
// scalar path one case in five, f64 and f16, adversarial offsets and rois)
// compiled with deform-gpu-pipeline and run through the runtime's launch
// plans on the first CUDA device: relative L2 under the case's tolerance,
// no non-finite mismatch. With DEFORM_GPU_EMULATE=1 the kernels are
// compiled for the host and run by the emulating driver
// (DEFORM_CUDA_DRIVER_PATH=libdeform-emu-cuda-driver.so, guard pages
// around every device buffer). Without a usable driver the whole program
// reports SKIPPED (exit code 77), never a pass.
//
//===----------------------------------------------------------------------===//
#include "GpuCases.h"
#include "deform/Jit/GpuJit.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

using namespace deform;

namespace {
class GpuSweep : public ::testing::TestWithParam<size_t> {};

TEST_P(GpuSweep, MatchesReference) {
  auto [kind, seed] = sweep::gpuSweep()[GetParam()];
  sweep::GpuCase c = sweep::drawGpuCase(kind, seed);
  std::vector<std::vector<double>> want = sweep::gpuReference(c);
  jit::CompileOptions options;
  options.scalar = c.scalar;
  const char *emulate = std::getenv("DEFORM_GPU_EMULATE");
  options.emulateGpu = emulate && *emulate == '1';
  auto compiled = jit::GpuCompiledModule::compile(c.mlir, c.name + ".mlir", options);
  ASSERT_TRUE(bool(compiled)) << llvm::toString(compiled.takeError()) << "\n"
                              << c.describe() << "\n" << c.mlir;
  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  o.cpu_threads = 1;
  deform_context *ctx = nullptr;
  ASSERT_EQ(deform_context_create(&o, &ctx), DEFORM_OK) << deform_last_error();
  std::vector<jit::TensorView> views;
  for (const npy::Array &a : c.inputs())
    views.push_back({a.dtype, a.shape, a.data.data()});
  auto got = (*compiled)->run(c.name, views, ctx);
  deform_context_destroy(ctx);
  ASSERT_TRUE(bool(got)) << llvm::toString(got.takeError()) << "\n"
                         << c.describe() << "\n" << c.mlir;
  ASSERT_EQ(got->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    int64_t mismatches = 0;
    double err = sweep::relativeL2((*got)[i], want[i], mismatches);
    EXPECT_EQ(mismatches, 0) << "result " << i << " of " << c.describe()
                             << "\n" << c.mlir;
    EXPECT_LT(err, c.tolerance) << "result " << i << " of " << c.describe()
                                << "\n" << c.mlir;
  }
}
INSTANTIATE_TEST_SUITE_P(Random, GpuSweep,
                         ::testing::Range<size_t>(0, sweep::gpuSweep().size()));
} // namespace

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!deform_cuda_available()) {
    std::printf("SKIPPED: no usable CUDA driver: %s\n", deform_last_error());
    return 77;
  }
  return RUN_ALL_TESTS();
}
