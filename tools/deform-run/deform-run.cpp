//===- deform-run.cpp - run a function of a .mlir file on .npy inputs -----===//
//
//   deform-run layer.mlir --function=main --input=@x.npy --input=@off.npy \
//     --input=@w.npy --output=@y.npy [--benchmark=20] [--num-threads=2]
//
// Inputs are given in argument order; outputs in result order. Compiles with
// deform-cpu-pipeline and runs on the host CPU through the LLVM JIT, the
// tiles on a runtime context of --num-threads threads; with --device=cuda,
// compiles with deform-gpu-pipeline and runs the launch plan on the first
// CUDA device through the runtime (the driver loaded at run time).
//
//===----------------------------------------------------------------------===//
#include "deform/Harness/Check.h"
#include "deform/Harness/SingleOp.h"
#include "deform/Jit/GpuJit.h"
#include "deform/Jit/Jit.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <chrono>

using namespace llvm;

static cl::OptionCategory toolCategory("deform-run options");
namespace npy = deform::npy;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required, cl::cat(toolCategory));
static cl::opt<std::string> function("function", cl::desc("Function to run"),
                                     cl::init("main"), cl::cat(toolCategory));
static cl::list<std::string>
    inputs("input", cl::desc("@file.npy for the next argument (repeat, in "
                             "argument order)"), cl::cat(toolCategory));
static cl::list<std::string>
    outputs("output", cl::desc("@file.npy for the next result (repeat, in "
                               "result order)"), cl::cat(toolCategory));
static cl::opt<unsigned>
    benchmark("benchmark",
              cl::desc("Run N timed iterations after a warm-up and print the "
                       "median time and GFLOP/s"),
              cl::init(0), cl::cat(toolCategory));
static cl::opt<unsigned> threads(
    "num-threads",
    cl::desc("Threads that run the tiles (0 = one per hardware thread)"),
    cl::init(0), cl::cat(toolCategory));
static cl::opt<std::string>
    cpu("cpu",
        cl::desc("Target CPU: host (default) or an LLVM CPU name (x86-64-v3, "
                 "x86-64-v4, ...; the host must be able to run it)"),
        cl::init("host"), cl::cat(toolCategory));
enum class DeviceKind { Cpu, Cuda };
static cl::opt<DeviceKind> device(
    "device", cl::desc("Where to run"),
    cl::values(clEnumValN(DeviceKind::Cpu, "cpu", "the host CPU (default)"),
               clEnumValN(DeviceKind::Cuda, "cuda",
                          "the first CUDA device (needs an NVIDIA driver)")),
    cl::init(DeviceKind::Cpu), cl::cat(toolCategory));
static cl::list<std::string>
    chips("chips", cl::desc("--device=cuda: NVIDIA chips to compile for "
                            "(sm_80,sm_90 by default)"),
          cl::CommaSeparated, cl::cat(toolCategory));
// For tests without a GPU: kernels compiled for the host, for the tests'
// emulating driver (DEFORM_CUDA_DRIVER_PATH).
static cl::opt<bool> gpuEmulate("gpu-emulate", cl::Hidden, cl::init(false),
                                cl::cat(toolCategory));
static cl::opt<bool>
    scalar("scalar",
           cl::desc("Lower deform ops through their scalar implementation "
                    "(slow; for checking)"),
           cl::init(false), cl::cat(toolCategory));

static cl::opt<bool>
    fuse("fuse",
         cl::desc("Fuse the regular convolutions that compute a deformable "
                  "convolution's offsets or mask into its tiles (default; "
                  "--fuse=false computes them whole first)"),
         cl::init(true), cl::cat(toolCategory));
static cl::opt<std::string> tuningDb(
    "tuning-db",
    cl::desc("A tuning database (deform-tune): ops with an entry for this CPU, "
             "--num-threads and compiler get its configuration"),
    cl::init(""), cl::cat(toolCategory));

static cl::opt<bool> randomInputs(
    "random-inputs",
    cl::desc("Fill the arguments not given by --input with random data drawn "
             "like the benchmark suite (needs a function with one deform op)"),
    cl::init(false), cl::cat(toolCategory));
static cl::list<std::string>
    shapes("shape",
           cl::desc("AxBxC: the shape of the next argument drawn by "
                    "--random-inputs (repeat, in argument order; needed for "
                    "dynamic sizes)"),
           cl::cat(toolCategory));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of --random-inputs"),
                              cl::init(0), cl::cat(toolCategory));
static cl::opt<double>
    offsetScale("offset-scale",
                cl::desc("Standard deviation of random conv offsets"),
                cl::init(2.0), cl::cat(toolCategory));
static cl::opt<bool>
    check("check",
          cl::desc("Compare the results with the float64 reference (needs a "
                   "function with one deform op); fails above 1e-5 relative "
                   "L2 error"),
          cl::init(false), cl::cat(toolCategory));

static int fail(const Twine &message) {
  errs() << "deform-run: " << message << "\n";
  return 1;
}

static std::string stripAt(const std::string &s) {
  return !s.empty() && s[0] == '@' ? s.substr(1) : s;
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(toolCategory);
  cl::ParseCommandLineOptions(argc, argv, "deform-mlir runner\n");

  auto file = MemoryBuffer::getFile(inputFile);
  if (!file)
    return fail("cannot open '" + inputFile + "': " + file.getError().message());

  bool cuda = device == DeviceKind::Cuda;
  // Without a driver nothing below can run: say so before compiling.
  deform_context *gpu = nullptr;
  if (cuda) {
    deform_context_options o;
    deform_context_options_init(&o);
    o.device = DEFORM_DEVICE_CUDA;
    o.cpu_threads = 1;
    if (deform_context_create(&o, &gpu) != DEFORM_OK)
      return fail(Twine("--device=cuda: ") + deform_last_error());
  }
  struct ReleaseGpu {
    deform_context *ctx;
    ~ReleaseGpu() {
      if (ctx)
        deform_context_destroy(ctx);
    }
  } releaseGpu{gpu};

  deform::jit::CompileOptions options;
  options.targetCpu = cpu;
  options.scalar = scalar;
  options.fuse = fuse;
  options.tuningDb = tuningDb;
  options.tuningThreads = threads;
  options.chips.assign(chips.begin(), chips.end());
  options.emulateGpu = gpuEmulate;
  auto compileStart = std::chrono::steady_clock::now();
  std::unique_ptr<deform::jit::CompiledModule> cpuModule;
  std::unique_ptr<deform::jit::GpuCompiledModule> gpuModule;
  if (cuda) {
    auto compiled = deform::jit::GpuCompiledModule::compile(
        (*file)->getBuffer().str(), inputFile, options);
    if (!compiled)
      return fail(toString(compiled.takeError()));
    gpuModule = std::move(*compiled);
  } else {
    auto compiled = deform::jit::CompiledModule::compile(
        (*file)->getBuffer().str(), inputFile, options);
    if (!compiled)
      return fail(toString(compiled.takeError()));
    cpuModule = std::move(*compiled);
  }
  double compileMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - compileStart)
                         .count();
  if (cpuModule)
    errs() << cpuModule->diagnostics();
  auto sig = cuda ? gpuModule->signature(function) : cpuModule->signature(function);
  if (!sig)
    return fail(toString(sig.takeError()));
  if (outputs.size() > (*sig)->results.size())
    return fail("--output given " + Twine(outputs.size()) + " times but @" +
                function + " returns " + Twine((*sig)->results.size()) +
                " result(s)");

  std::unique_ptr<deform::harness::SingleOp> single;
  if (randomInputs || check) {
    auto analyzed =
        deform::harness::SingleOp::analyze((*file)->getBuffer().str(), function);
    if (!analyzed)
      return fail(toString(analyzed.takeError()));
    single = std::move(*analyzed);
  }
  size_t numArgs = randomInputs ? (*sig)->inputs.size() : inputs.size();
  if (inputs.size() > numArgs)
    return fail("--input given " + Twine(inputs.size()) + " times but @" +
                function + " takes " + Twine(numArgs) + " argument(s)");
  std::vector<npy::Array> arrays(numArgs);
  std::vector<const npy::Array *> args;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string err = npy::read(stripAt(inputs[i]), arrays[i]);
    if (!err.empty())
      return fail("--input " + Twine(i) + ": " + err);
  }
  if (randomInputs) {
    std::vector<std::vector<int64_t>> given;
    for (const std::string &text : shapes) {
      std::vector<int64_t> shape;
      SmallVector<StringRef> parts;
      StringRef(text).split(parts, 'x');
      for (StringRef part : parts) {
        int64_t d;
        if (part.getAsInteger(10, d) || d < 0)
          return fail("--shape=" + text + ": expected sizes like 2x64x56x56");
        shape.push_back(d);
      }
      given.push_back(shape);
    }
    if (auto err = single->randomize(arrays, seed, offsetScale, given))
      return fail(toString(std::move(err)));
  }
  for (npy::Array &a : arrays)
    args.push_back(&a);

  // The context whose threads run the tiles.
  deform_context_options contextOptions;
  deform_context_options_init(&contextOptions);
  contextOptions.cpu_threads = static_cast<int32_t>(std::min(threads.getValue(), 1u << 20));
  deform_context *ctx = nullptr;
  if (deform_context_create(&contextOptions, &ctx) != DEFORM_OK)
    return fail(Twine("--num-threads=") + Twine(threads) + ": " +
                deform_last_error());
  struct Release {
    deform_context *ctx;
    ~Release() { deform_context_destroy(ctx); }
  } release{ctx};

  std::vector<deform::jit::TensorView> views;
  for (const npy::Array *a : args)
    views.push_back({a->dtype, a->shape, a->data.data()});
  std::unique_ptr<deform::jit::GpuCall> call;
  if (cuda) {
    auto bound = gpuModule->bind(function, views, gpu);
    if (!bound)
      return fail(toString(bound.takeError()));
    call = std::move(*bound);
    if (auto err = call->run())
      return fail(toString(std::move(err)));
  }
  auto results = cuda ? call->results() : cpuModule->run(function, args, ctx);
  if (!results)
    return fail(toString(results.takeError()));
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::string err = npy::write(stripAt(outputs[i]), (*results)[i]);
    if (!err.empty())
      return fail("--output " + Twine(i) + ": " + err);
  }

  outs() << "compile_ms: " << format("%.1f", compileMs) << "\n";
  if (cuda) {
    char name[256] = "?";
    int32_t cc = 0;
    deform_cuda_device_properties(gpu, name, sizeof name, &cc);
    outs() << "device: " << name << " (compute capability " << cc / 10 << "."
           << cc % 10 << "), kernels: " << gpuModule->imageKind() << "\n";
  }
  int status = 0;
  if (check) {
    auto want = single->reference(arrays);
    if (!want)
      return fail(toString(want.takeError()));
    auto compared = deform::harness::compareAll(*results, *want, function);
    if (!compared)
      return fail("--check: " + toString(compared.takeError()));
    for (auto [r, c] : llvm::enumerate(*compared)) {
      status |= !c.ok();
      outs() << "check: result " << r << ": relative L2 error "
             << format("%.3g", c.relativeL2) << " vs the float64 reference (max abs "
             << format("%.3g", c.maxAbs) << ", " << c.nonFiniteMismatches
             << " non-finite mismatches): " << (c.ok() ? "PASS" : "FAIL")
             << " (limit 1e-05)\n";
    }
  }

  if (benchmark > 0) {
    std::vector<double> ms;
    for (unsigned i = 0; i < benchmark; ++i) {
      auto start = std::chrono::steady_clock::now();
      if (cuda) {
        // The device time of the program (inputs stay on the device).
        if (auto err = call->run())
          return fail(toString(std::move(err)));
      } else if (auto r = cpuModule->run(function, args, ctx); !r) {
        return fail(toString(r.takeError()));
      }
      auto stop = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2];
    outs() << "runs: " << benchmark << "\n";
    outs() << "median_ms: " << format("%.4f", median) << "\n";
    outs() << "min_ms: " << format("%.4f", ms.front()) << "\n";
    if ((*sig)->flops > 0)
      outs() << "gflops: " << format("%.2f", (*sig)->flops / (median * 1e6))
             << "\n";
  }
  return status;
}
