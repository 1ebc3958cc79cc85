//===- NpyFuzzer.cpp - libFuzzer harness: .npy parsing --------------------===//
//
// The input is the contents of an .npy file. npy::parse must return a message
// or an array whose data holds exactly numElements * elementSize bytes. A
// parsed array is written back (npy::write) and read again (npy::read, from a
// file on tmpfs, and npy::parse, from the written bytes): the same array.
// read() of the input itself must agree with parse(): the same array, or the
// same message prefixed by the file's name.
//
//===----------------------------------------------------------------------===//
#include "FuzzCommon.h"

#include "deform/runtime/Npy.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

DEFORM_FUZZ_SANITIZER_DEFAULTS

using namespace deform;
using deform::fuzz::finding;

namespace {

std::string tmpPath(const char *what) {
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  return std::string(dir) + "/deform-fuzz-npy-" + std::to_string(getpid()) +
         "-" + what + ".npy";
}

bool writeBytes(const std::string &path, const uint8_t *data, size_t size) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return false;
  bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

std::string readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

bool same(const npy::Array &a, const npy::Array &b) {
  return a.dtype == b.dtype && a.shape == b.shape && a.data == b.data;
}

std::string describe(const npy::Array &a) {
  std::string s = npy::dtypeDescr(a.dtype) + " (";
  for (int64_t d : a.shape)
    s += std::to_string(d) + ",";
  return s + ") " + std::to_string(a.data.size()) + " bytes";
}

void checkConsistent(const npy::Array &a, const char *what) {
  int64_t n = a.numElements();
  if (n < 0 || uint64_t(n) * a.elementSize() != a.data.size())
    finding("%s: array %s holds %zu bytes, its shape and dtype need %lld "
            "elements",
            what, describe(a).c_str(), a.data.size(), (long long)n);
}

} // namespace

/// The harness's two scratch files, removed at exit.
struct Scratch {
  std::string input = tmpPath("in"), output = tmpPath("out");
  ~Scratch() {
    unlink(input.c_str());
    unlink(output.c_str());
  }
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Scratch scratch;
  const std::string &inputPath = scratch.input, &outPath = scratch.output;

  // A failed parse leaves `out` unchanged.
  npy::Array sentinel;
  sentinel.dtype = npy::DType::I64;
  sentinel.shape = {1};
  sentinel.data.assign(8, 0xab);
  npy::Array parsed = sentinel;
  std::string err = npy::parse(data, size, parsed);
  if (!err.empty() && !same(parsed, sentinel))
    finding("parse failed (%s) but changed its output", err.c_str());

  // read() of the same bytes from a file: the same outcome.
  if (!writeBytes(inputPath, data, size))
    finding("cannot write %s", inputPath.c_str());
  npy::Array fromFile = sentinel;
  std::string fileErr = npy::read(inputPath, fromFile);
  std::string prefix = "'" + inputPath + "': ";
  if (err.empty() != fileErr.empty() ||
      (!err.empty() && fileErr != prefix + err))
    finding("parse and read disagree:\n  parse: %s\n  read:  %s",
            err.empty() ? "ok" : err.c_str(),
            fileErr.empty() ? "ok" : fileErr.c_str());
  if (!err.empty())
    return 0;
  if (!same(parsed, fromFile))
    finding("parse and read give different arrays: %s vs %s",
            describe(parsed).c_str(), describe(fromFile).c_str());
  checkConsistent(parsed, "parse");

  // Write it back and read it again: the same array.
  std::string writeErr = npy::write(outPath, parsed);
  if (!writeErr.empty())
    finding("cannot write back the parsed array %s: %s",
            describe(parsed).c_str(), writeErr.c_str());
  npy::Array again;
  std::string againErr = npy::read(outPath, again);
  if (!againErr.empty())
    finding("cannot read back the written array %s: %s",
            describe(parsed).c_str(), againErr.c_str());
  if (!same(parsed, again))
    finding("write + read changed the array: %s vs %s",
            describe(parsed).c_str(), describe(again).c_str());
  std::string written = readAll(outPath);
  npy::Array reparsed;
  std::string reparseErr = npy::parse(
      reinterpret_cast<const uint8_t *>(written.data()), written.size(),
      reparsed);
  if (!reparseErr.empty() || !same(parsed, reparsed))
    finding("write + parse changed the array %s: %s", describe(parsed).c_str(),
            reparseErr.empty() ? "different array" : reparseErr.c_str());
  // npy::write aligns the data to 64 bytes like numpy.
  size_t dataStart = written.size() - parsed.data.size();
  if (dataStart % 64 != 0)
    finding("written header of %s is %zu bytes, not a multiple of 64",
            describe(parsed).c_str(), dataStart);
  return 0;
}
