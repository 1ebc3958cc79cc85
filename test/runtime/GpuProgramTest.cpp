//===- GpuProgramTest.cpp - GPU programs, device copies, driver images ----===//
//
// deform_gpu_program_run(_host) and the CUDA additions of the runtime
// (device copies, device properties, a stream per context) against the
// fake driver (FakeCudaProgram.*, run by the runtime-fake-cuda test), and
// their errors without a driver (GpuProgramNoDriver.*). The fake checks
// every launch parameter the image declares to be a pointer against its
// live allocations and records their sizes; it reads the kernels of PTX,
// cubins and fatbins (a minimal fatbin is built here).
//
//===----------------------------------------------------------------------===//
#include "deform/runtime/deform_runtime.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

::testing::AssertionResult failsWith(deform_status got, deform_status want,
                                     const char *also) {
  if (got != want)
    return ::testing::AssertionFailure()
           << "status " << deform_status_string(got) << ", expected "
           << deform_status_string(want) << " (last error: \""
           << deform_last_error() << "\")";
  std::string msg = deform_last_error();
  if (msg.find(also) == std::string::npos)
    return ::testing::AssertionFailure()
           << "the message \"" << msg << "\" does not contain \"" << also
           << "\"";
  return ::testing::AssertionSuccess();
}

// Two kernels taking device pointers (as deform's kernels do).
const char kPtx[] = ".version 8.0\n.target sm_80\n"
                    ".visible .entry k(.param .u64 .ptr .align 1 a, "
                    ".param .u64 .ptr .align 1 b)\n{ ret; }\n";

/// A program over buffers: 0 = input (64 bytes), 1 = result (64 bytes),
/// 2 = a temporary (32 bytes): k(0, 2), copy 0 -> 1, k(2, 1).
struct TestProgram {
  uint64_t bytes[3] = {64, 64, 32};
  uint32_t args0[2] = {0, 2}, copy[2] = {0, 1}, args1[2] = {2, 1};
  deform_gpu_step steps[3];
  deform_gpu_program program;
  TestProgram(const void *image, size_t imageBytes) {
    std::memset(steps, 0, sizeof steps);
    for (deform_gpu_step *s : {&steps[0], &steps[2]}) {
      s->kernel = "k";
      for (int i = 0; i < 3; ++i)
        s->grid[i] = s->block[i] = 1;
      s->num_args = 2;
    }
    steps[0].args = args0;
    steps[2].args = args1;
    steps[1].num_args = 2;
    steps[1].args = copy;
    steps[1].copy_bytes = 64;
    std::memset(&program, 0, sizeof program);
    program.version = DEFORM_GPU_PROGRAM_VERSION;
    program.name = "test";
    program.image = image;
    program.image_bytes = imageBytes;
    program.num_inputs = 1;
    program.num_params = 2;
    program.num_buffers = 3;
    program.buffer_bytes = bytes;
    program.num_steps = 3;
    program.steps = steps;
  }
};

class FakeCudaProgram : public ::testing::Test {
protected:
  void SetUp() override {
    const char *path = std::getenv("DEFORM_CUDA_DRIVER_PATH");
    if (!path || !std::strstr(path, "fake-cuda-driver"))
      GTEST_SKIP() << "DEFORM_CUDA_DRIVER_PATH does not name the fake driver";
    ASSERT_EQ(deform_cuda_available(), 1) << deform_last_error();
    void *lib = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    ASSERT_NE(lib, nullptr);
    liveAllocations = reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_live_allocations"));
    liveStreams = reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_live_streams"));
    lastParams = reinterpret_cast<int (*)()>(dlsym(lib, "fake_cuda_last_launch_params"));
    lastParamSize =
        reinterpret_cast<size_t (*)(int)>(dlsym(lib, "fake_cuda_last_launch_param_size"));
    ASSERT_TRUE(liveAllocations && liveStreams && lastParams && lastParamSize);
    deform_context_options o;
    deform_context_options_init(&o);
    o.device = DEFORM_DEVICE_CUDA;
    ASSERT_EQ(deform_context_create(&o, &ctx), DEFORM_OK) << deform_last_error();
  }
  void TearDown() override {
    if (ctx)
      EXPECT_EQ(deform_context_destroy(ctx), DEFORM_OK);
    if (liveStreams) {
      EXPECT_EQ(liveStreams(), 0); // the context's stream went back
      EXPECT_EQ(liveAllocations(), 0);
    }
  }
  deform_buffer *buffer(size_t bytes) {
    deform_buffer *b = nullptr;
    EXPECT_EQ(deform_buffer_create(ctx, bytes, &b), DEFORM_OK);
    return b;
  }
  deform_context *ctx = nullptr;
  int (*liveAllocations)() = nullptr;
  int (*liveStreams)() = nullptr;
  int (*lastParams)() = nullptr;
  size_t (*lastParamSize)(int) = nullptr;
};

TEST_F(FakeCudaProgram, RunsStepsWithLiveBuffersOfTheRightSize) {
  TestProgram t(kPtx, std::strlen(kPtx));
  std::vector<unsigned char> in(64), out(64, 0);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<unsigned char>(i * 7 + 1);
  deform_buffer *b[2] = {buffer(64), buffer(100)};
  ASSERT_EQ(deform_buffer_copy_from_host(b[0], in.data(), 64), DEFORM_OK);
  ASSERT_EQ(deform_buffer_sync_to_device(b[0]), DEFORM_OK);
  ASSERT_EQ(deform_gpu_program_run(ctx, &t.program, b), DEFORM_OK)
      << deform_last_error();
  // The last launch, k(2, 1): the temporary's and the result's allocations.
  ASSERT_EQ(lastParams(), 2);
  EXPECT_EQ(lastParamSize(0), 32u);
  EXPECT_EQ(lastParamSize(1), 100u);
  // The copy step ran on the device; the temporary is gone again.
  EXPECT_EQ(liveAllocations(), 2);
  ASSERT_EQ(deform_buffer_sync_to_host(b[1]), DEFORM_OK);
  ASSERT_EQ(deform_buffer_copy_to_host(b[1], out.data(), 64), DEFORM_OK);
  EXPECT_EQ(in, out);
  // The module is loaded once per context and image.
  ASSERT_EQ(deform_gpu_program_run(ctx, &t.program, b), DEFORM_OK);
  for (deform_buffer *x : b)
    deform_buffer_destroy(x);
}

TEST_F(FakeCudaProgram, RunHostCopiesInAndOut) {
  TestProgram t(kPtx, std::strlen(kPtx));
  std::vector<unsigned char> in(64), out(64, 0);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<unsigned char>(200 - i);
  const void *ins[] = {in.data()};
  void *outs[] = {out.data()};
  ASSERT_EQ(deform_gpu_program_run_host(ctx, &t.program, ins, outs), DEFORM_OK)
      << deform_last_error();
  EXPECT_EQ(in, out);
  EXPECT_EQ(liveAllocations(), 0);
  EXPECT_TRUE(failsWith(deform_gpu_program_run_host(ctx, &t.program, nullptr, outs),
                        DEFORM_ERROR_INVALID_ARGUMENT, "inputs is NULL"));
}

TEST_F(FakeCudaProgram, Misuse) {
  TestProgram t(kPtx, std::strlen(kPtx));
  const char *fn = "deform_gpu_program_run";
  deform_buffer *b[2] = {buffer(64), buffer(8)};
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, &t.program, b),
                        DEFORM_ERROR_SHAPE_MISMATCH,
                        "program 'test': buffer 1 (result 0) holds 8 bytes, "
                        "expected at least 64"));
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, nullptr, b),
                        DEFORM_ERROR_INVALID_ARGUMENT, "program is NULL"));
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, &t.program, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, "buffers is NULL"));
  deform_buffer *withNull[2] = {b[0], nullptr};
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, &t.program, withNull),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "buffer 1 (result 0) is NULL"));
  TestProgram old = t;
  old.program.version = 0;
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, &old.program, b),
                        DEFORM_ERROR_INVALID_ARGUMENT, "has version 0, expected 1"));
  TestProgram bad(kPtx, std::strlen(kPtx));
  bad.args1[1] = 7;
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, &bad.program, b),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "step 2 argument 1 names buffer 7 of 3"));
  TestProgram missing(kPtx, std::strlen(kPtx));
  missing.steps[0].kernel = "nope";
  deform_buffer *fine[2] = {b[0], buffer(64)};
  EXPECT_TRUE(failsWith(deform_gpu_program_run(ctx, &missing.program, fine),
                        DEFORM_ERROR_INVALID_ARGUMENT,
                        "program 'test': deform_cuda_launch: kernel 'nope' is not in module"));
  (void)fn;
  // A CPU context, and a destroyed one.
  deform_context *cpu = nullptr;
  ASSERT_EQ(deform_context_create(nullptr, &cpu), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_gpu_program_run_host(cpu, &t.program, nullptr, nullptr),
                        DEFORM_ERROR_INVALID_ARGUMENT, "inputs is NULL"));
  deform_buffer *cpuBuffers[2] = {nullptr, nullptr};
  ASSERT_EQ(deform_buffer_create(cpu, 64, &cpuBuffers[0]), DEFORM_OK);
  ASSERT_EQ(deform_buffer_create(cpu, 64, &cpuBuffers[1]), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_gpu_program_run(cpu, &t.program, cpuBuffers),
                        DEFORM_ERROR_NO_DEVICE, "DEFORM_DEVICE_CPU"));
  ASSERT_EQ(deform_context_destroy(cpu), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_gpu_program_run(cpu, &t.program, cpuBuffers),
                        DEFORM_ERROR_DESTROYED_CONTEXT, "destroyed context"));
  for (deform_buffer *x : {b[0], b[1], fine[1]})
    deform_buffer_destroy(x);
}

TEST_F(FakeCudaProgram, LaunchParametersMustBeLiveAllocations) {
  void *module = nullptr;
  ASSERT_EQ(deform_cuda_module_load(ctx, kPtx, std::strlen(kPtx), &module), DEFORM_OK);
  deform_buffer *b = buffer(16);
  uint64_t live = 0, bogus = 0x1234;
  ASSERT_EQ(deform_buffer_device_pointer(b, &live), DEFORM_OK);
  void *params[] = {&live, &bogus};
  uint32_t one[3] = {1, 1, 1};
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "k", one, one, 0, params),
                        DEFORM_ERROR_DEVICE,
                        "k: parameter 1 is not the start of a live allocation"));
  void *good[] = {&live, &live};
  EXPECT_EQ(deform_cuda_launch(ctx, module, "k", one, one, 0, good), DEFORM_OK);
  deform_buffer_destroy(b);
}

/// A fatbin holding one cubin with kernel `kfat` of three parameters: the
/// container and ELF headers the fake (like the driver) reads.
std::vector<unsigned char> tinyFatbin() {
  // ELF: header, section data (names, .nv.info.kfat, .text.kfat), headers.
  std::string names("\0.shstrtab\0.nv.info.kfat\0.text.kfat\0", 36);
  std::vector<unsigned char> info;
  for (int i = 0; i < 3; ++i) // EIATTR_KPARAM_INFO, 12 bytes each
    info.insert(info.end(), {4, 0x17, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  std::vector<unsigned char> elf(64, 0);
  auto put16 = [&](size_t at, uint16_t v) { std::memcpy(&elf[at], &v, 2); };
  auto put64 = [&](size_t at, uint64_t v) { std::memcpy(&elf[at], &v, 8); };
  std::memcpy(elf.data(), "\x7f" "ELF\x02\x01\x01", 7);
  size_t namesAt = elf.size();
  elf.insert(elf.end(), names.begin(), names.end());
  size_t infoAt = elf.size();
  elf.insert(elf.end(), info.begin(), info.end());
  size_t textAt = elf.size();
  elf.insert(elf.end(), 16, 0);
  while (elf.size() % 8)
    elf.push_back(0);
  size_t shoff = elf.size();
  struct Section { uint32_t name; uint64_t off, size; };
  Section sections[] = {{0, 0, 0}, {1, namesAt, names.size()},
                        {11, infoAt, info.size()}, {25, textAt, 16}};
  for (const Section &s : sections) {
    std::vector<unsigned char> h(64, 0);
    std::memcpy(&h[0], &s.name, 4);
    std::memcpy(&h[0x18], &s.off, 8);
    std::memcpy(&h[0x20], &s.size, 8);
    elf.insert(elf.end(), h.begin(), h.end());
  }
  put64(0x28, shoff);
  put16(0x3a, 64);
  put16(0x3c, 4);
  put16(0x3e, 1);
  // The fatbin container: header, one ELF entry.
  std::vector<unsigned char> fat(16 + 64, 0);
  uint32_t magic = 0xBA55ED50;
  uint16_t version = 1, headerSize = 16, kind = 2;
  uint32_t entryHeader = 64;
  uint64_t fatSize = 64 + elf.size(), payload = elf.size();
  std::memcpy(&fat[0], &magic, 4);
  std::memcpy(&fat[4], &version, 2);
  std::memcpy(&fat[6], &headerSize, 2);
  std::memcpy(&fat[8], &fatSize, 8);
  std::memcpy(&fat[16], &kind, 2);
  std::memcpy(&fat[20], &entryHeader, 4);
  std::memcpy(&fat[24], &payload, 8);
  fat.insert(fat.end(), elf.begin(), elf.end());
  return fat;
}

TEST_F(FakeCudaProgram, FatbinKernelsAndTheirParameters) {
  std::vector<unsigned char> image = tinyFatbin();
  void *module = nullptr;
  ASSERT_EQ(deform_cuda_module_load(ctx, image.data(), image.size(), &module),
            DEFORM_OK)
      << deform_last_error();
  deform_buffer *b = buffer(24);
  uint64_t p = 0;
  ASSERT_EQ(deform_buffer_device_pointer(b, &p), DEFORM_OK);
  void *params[] = {&p, &p, &p};
  uint32_t one[3] = {1, 1, 1};
  ASSERT_EQ(deform_cuda_launch(ctx, module, "kfat", one, one, 0, params),
            DEFORM_OK)
      << deform_last_error();
  EXPECT_EQ(lastParams(), 3);
  EXPECT_EQ(lastParamSize(2), 24u);
  EXPECT_TRUE(failsWith(deform_cuda_launch(ctx, module, "k", one, one, 0, params),
                        DEFORM_ERROR_INVALID_ARGUMENT, "kernel 'k' is not in module"));
  deform_buffer_destroy(b);
}

TEST_F(FakeCudaProgram, DeviceCopiesAndProperties) {
  const char *fn = "deform_buffer_copy_device";
  deform_buffer *a = buffer(32), *b = buffer(16);
  EXPECT_TRUE(failsWith(deform_buffer_copy_device(a, b, 32),
                        DEFORM_ERROR_BUFFER_TOO_SMALL,
                        "size 32 exceeds the source's 16 bytes"));
  EXPECT_EQ(deform_buffer_copy_device(a, b, 0), DEFORM_OK);
  EXPECT_EQ(deform_buffer_copy_device(a, b, 16), DEFORM_OK) << deform_last_error();
  deform_context *other = nullptr;
  deform_context_options o;
  deform_context_options_init(&o);
  o.device = DEFORM_DEVICE_CUDA;
  ASSERT_EQ(deform_context_create(&o, &other), DEFORM_OK);
  deform_buffer *c = nullptr;
  ASSERT_EQ(deform_buffer_create(other, 16, &c), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_buffer_copy_device(a, c, 16),
                        DEFORM_ERROR_INVALID_ARGUMENT, "belong to different contexts"));
  ASSERT_EQ(deform_context_destroy(other), DEFORM_OK);
  (void)fn;
  char name[64];
  int32_t cc = 0;
  ASSERT_EQ(deform_cuda_device_properties(ctx, name, sizeof name, &cc), DEFORM_OK);
  EXPECT_STREQ(name, "Fake CUDA device");
  EXPECT_EQ(cc, 90);
  deform_buffer_destroy(a);
  deform_buffer_destroy(b);
}

TEST(GpuProgramNoDriver, ReportsNoDevice) {
  if (deform_cuda_available())
    GTEST_SKIP() << "a CUDA driver is available here";
  TestProgram t(kPtx, std::strlen(kPtx));
  std::vector<unsigned char> in(64), out(64);
  const void *ins[] = {in.data()};
  void *outs[] = {out.data()};
  EXPECT_TRUE(failsWith(deform_gpu_program_run_host(nullptr, &t.program, ins, outs),
                        DEFORM_ERROR_NO_DEVICE, "the default CUDA context"));
  deform_context *cpu = nullptr;
  ASSERT_EQ(deform_context_create(nullptr, &cpu), DEFORM_OK);
  EXPECT_TRUE(failsWith(deform_cuda_device_properties(cpu, nullptr, 0, nullptr),
                        DEFORM_ERROR_NO_DEVICE, "DEFORM_DEVICE_CPU"));
  ASSERT_EQ(deform_context_destroy(cpu), DEFORM_OK);
}

} // namespace
