//===- Toolkit.cpp - where the CUDA tools are ------------------------------===//
//
// ptxas and libdevice come from, in order: an explicit path, $CUDA_PATH,
// /usr/local/cuda, then the toolkit of the `ptxas` on PATH. fatbinary is
// the one beside the ptxas found.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/GPU/Passes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::deform;

namespace {
std::string join(StringRef a, StringRef b, StringRef c = "") {
  SmallString<256> p(a);
  llvm::sys::path::append(p, b);
  if (!c.empty())
    llvm::sys::path::append(p, c);
  return std::string(p);
}

/// The toolkit roots to look in, in order.
std::vector<std::string> toolkitRoots() {
  std::vector<std::string> roots;
  if (const char *env = std::getenv("CUDA_PATH"); env && *env)
    roots.push_back(env);
  roots.push_back("/usr/local/cuda");
  if (auto onPath = llvm::sys::findProgramByName("ptxas"))
    roots.push_back(std::string(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(*onPath))));
  return roots;
}
} // namespace

std::string CudaToolkit::describeSearch() const {
  std::string s;
  for (const std::string &place : searched)
    s += (s.empty() ? "" : ", ") + place;
  return s;
}

CudaToolkit mlir::deform::findCudaToolkit(StringRef ptxas,
                                          StringRef libdevice) {
  CudaToolkit t;
  auto consider = [&](const std::string &path, std::string &slot) {
    if (!slot.empty())
      return;
    t.searched.push_back(path);
    if (llvm::sys::fs::exists(path) && !llvm::sys::fs::is_directory(path))
      slot = path;
  };
  if (!ptxas.empty())
    consider(ptxas.str(), t.ptxas);
  if (!libdevice.empty())
    consider(libdevice.str(), t.libdevice);
  std::vector<std::string> roots = toolkitRoots();
  for (const std::string &root : roots)
    consider(join(root, "bin", "ptxas"), t.ptxas);
  if (t.ptxas.empty())
    t.searched.push_back("ptxas on PATH");
  for (const std::string &root : roots)
    consider(join(root, "nvvm/libdevice", "libdevice.10.bc"), t.libdevice);
  if (!t.ptxas.empty()) {
    std::string beside =
        join(llvm::sys::path::parent_path(t.ptxas), "fatbinary");
    consider(beside, t.fatbinary);
  }
  return t;
}
