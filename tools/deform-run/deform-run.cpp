//===- deform-run.cpp - run a function of a .mlir file on .npy inputs -----===//
//
//   deform-run layer.mlir --function=main --input=@x.npy --input=@off.npy \
//     --input=@w.npy --output=@y.npy [--benchmark=20] [--threads=2]
//
// Inputs are given in argument order; outputs in result order. Compiles with
// deform-cpu-pipeline and runs on the host CPU through the LLVM JIT.
//
//===----------------------------------------------------------------------===//
#include "Jit.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>

using namespace llvm;
namespace npy = deform::npy;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required);
static cl::opt<std::string> function("function", cl::desc("Function to run"),
                                     cl::init("main"));
static cl::list<std::string>
    inputs("input", cl::desc("@file.npy for the next argument (repeat, in "
                             "argument order)"));
static cl::list<std::string>
    outputs("output", cl::desc("@file.npy for the next result (repeat, in "
                               "result order)"));
static cl::opt<unsigned>
    benchmark("benchmark",
              cl::desc("Run N timed iterations after a warm-up and print the "
                       "median time and GFLOP/s"),
              cl::init(0));
static cl::opt<unsigned> threads(
    "num-threads", cl::desc("Threads (0 = OMP_NUM_THREADS or one per core)"),
    cl::init(0));
static cl::opt<int64_t> tileRows("tile-rows",
                                 cl::desc("Override the output rows per tile"),
                                 cl::init(0));
static cl::opt<int64_t>
    tileColumns("tile-columns", cl::desc("Override the output columns per tile"),
                cl::init(0));
static cl::opt<int64_t>
    tileChannels("tile-channels",
                 cl::desc("Override the input channels per sampling chunk"),
                 cl::init(0));

static int fail(const Twine &message) {
  errs() << "deform-run: " << message << "\n";
  return 1;
}

static std::string stripAt(const std::string &s) {
  return !s.empty() && s[0] == '@' ? s.substr(1) : s;
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "deform-mlir runner\n");

  auto file = MemoryBuffer::getFile(inputFile);
  if (!file)
    return fail("cannot open '" + inputFile + "': " + file.getError().message());

  deform::jit::CompileOptions options;
  options.threads = threads;
  options.tileRows = tileRows;
  options.tileColumns = tileColumns;
  options.tileChannels = tileChannels;
  auto compiled = deform::jit::CompiledModule::compile(
      (*file)->getBuffer().str(), inputFile, options);
  if (!compiled)
    return fail(toString(compiled.takeError()));
  auto sig = (*compiled)->signature(function);
  if (!sig)
    return fail(toString(sig.takeError()));
  if (outputs.size() > (*sig)->results.size())
    return fail("--output given " + Twine(outputs.size()) + " times but @" +
                function + " returns " + Twine((*sig)->results.size()) +
                " result(s)");

  std::vector<npy::Array> arrays(inputs.size());
  std::vector<const npy::Array *> args;
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string err = npy::read(stripAt(inputs[i]), arrays[i]);
    if (!err.empty())
      return fail("--input " + Twine(i) + ": " + err);
    args.push_back(&arrays[i]);
  }

  auto results = (*compiled)->run(function, args);
  if (!results)
    return fail(toString(results.takeError()));
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::string err = npy::write(stripAt(outputs[i]), (*results)[i]);
    if (!err.empty())
      return fail("--output " + Twine(i) + ": " + err);
  }

  if (benchmark > 0) {
    std::vector<double> ms;
    for (unsigned i = 0; i < benchmark; ++i) {
      auto start = std::chrono::steady_clock::now();
      auto r = (*compiled)->run(function, args);
      auto stop = std::chrono::steady_clock::now();
      if (!r)
        return fail(toString(r.takeError()));
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
  return 0;
}
