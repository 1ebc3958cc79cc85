//===- Fatbin.cpp - deform-gpu-fatbin: one fatbin for every chip ----------===//
//
// gpu-module-to-binary makes one object per target; the runtime loads one
// image per device and lets the driver pick: so the PTX of every chip is
// assembled by ptxas and packaged with the first chip's PTX by fatbinary.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/GPU/Passes.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::deform {
#define GEN_PASS_DEF_DEFORMGPUFATBIN
#include "deform/Codegen/GPU/Passes.h.inc"
} // namespace mlir::deform

using namespace mlir;
using namespace mlir::deform;

namespace {
/// A temporary file removed when this goes out of scope.
struct TempFile {
  SmallString<128> path;
  explicit TempFile(StringRef suffix) {
    int fd;
    if (llvm::sys::fs::createTemporaryFile("deform-gpu", suffix, fd, path))
      path.clear();
    else
      llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  }
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};

LogicalResult writeFile(StringRef path, StringRef data, std::string &error) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return failure();
  }
  os << data;
  return success();
}

/// Runs `program args...`; on failure `error` holds its output.
LogicalResult run(StringRef program, ArrayRef<std::string> args,
                  std::string &error) {
  TempFile log(".log");
  SmallVector<StringRef> argv = {program};
  for (const std::string &a : args)
    argv.push_back(a);
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log.path),
                                          StringRef(log.path)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects,
                                     /*secondsToWait=*/0, /*memoryLimit=*/0,
                                     &message);
  if (rc == 0)
    return success();
  auto output = llvm::MemoryBuffer::getFile(log.path);
  error = program.str() + " failed" + (message.empty() ? "" : ": " + message) +
          (output ? ":\n" + (*output)->getBuffer().str() : "");
  return failure();
}

struct Chip {
  std::string name; // sm_80
  int64_t capability;
  StringRef ptx;
  Attribute target;
};

struct FatbinPass : public mlir::deform::impl::DeformGpuFatbinBase<FatbinPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::BinaryOp> binaries(module.getOps<gpu::BinaryOp>());
    if (binaries.empty())
      return;
    CudaToolkit toolkit = findCudaToolkit(ptxas, "");
    if (!ptxas.empty() && toolkit.ptxas != ptxas) {
      module.emitError() << "deform-gpu-fatbin: ptxas '" << ptxas
                         << "' does not exist";
      return signalPassFailure();
    }
    bool assemble = !toolkit.ptxas.empty() && !toolkit.fatbinary.empty();
    for (gpu::BinaryOp binary : binaries)
      if (failed(package(binary, toolkit, assemble)))
        return signalPassFailure();
    // After the binaries' own errors, which do not depend on the toolkit.
    if (!assemble)
      mlir::emitWarning(module.getLoc())
          << "deform-gpu-fatbin: no CUDA toolkit (ptxas and fatbinary) was "
             "found (looked at "
          << toolkit.describeSearch()
          << "); the binary holds PTX only, which the driver compiles when "
             "the module is loaded";
  }

  LogicalResult package(gpu::BinaryOp binary, const CudaToolkit &toolkit,
                        bool assemble) {
    SmallVector<Chip> chips;
    for (Attribute a : binary.getObjects()) {
      auto object = cast<gpu::ObjectAttr>(a);
      auto nvvm = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
      if (!nvvm || object.getFormat() != gpu::CompilationTarget::Assembly)
        return binary.emitOpError()
               << "has object " << object
               << "; deform-gpu-fatbin expects NVVM PTX (run "
                  "gpu-module-to-binary{format=isa} first)";
      StringRef chip = nvvm.getChip();
      int64_t capability = 0;
      if (!chip.starts_with("sm_") ||
          chip.drop_front(3).getAsInteger(10, capability))
        return binary.emitOpError() << "has an NVVM target for chip '" << chip
                                    << "', expected sm_XY";
      StringRef ptx = object.getObject().getValue();
      size_t unresolved = ptx.find(".extern .func __nv_");
      if (unresolved != StringRef::npos)
        return binary.emitOpError()
               << "has PTX for " << chip << " that calls libdevice function "
               << ptx.substr(unresolved + strlen(".extern .func "))
                      .take_until([](char c) {
                        return c == '(' || c == '\n' || c == ' ';
                      })
               << ", which was not linked: give deform-gpu-attach-targets "
                  "libdevice (looked at "
               << findCudaToolkit().describeSearch() << ")";
      chips.push_back({chip.str(), capability, ptx, object.getTarget()});
    }
    if (chips.empty())
      return success();
    if (!ptxDir.empty()) {
      std::string error;
      if (std::error_code ec = llvm::sys::fs::create_directories(ptxDir))
        return binary.emitOpError()
               << "cannot create '" << ptxDir << "': " << ec.message();
      for (const Chip &c : chips) {
        SmallString<256> path(ptxDir);
        llvm::sys::path::append(path,
                                binary.getSymName() + "." + c.name + ".ptx");
        if (failed(writeFile(path, c.ptx, error)))
          return binary.emitOpError() << error;
      }
    }
    MLIRContext *ctx = binary.getContext();
    if (!assemble) {
      binary.setObjectsAttr(ArrayAttr::get(
          ctx, {gpu::ObjectAttr::get(ctx, chips[0].target,
                                     gpu::CompilationTarget::Assembly,
                                     StringAttr::get(ctx, chips[0].ptx),
                                     nullptr, nullptr)}));
      return success();
    }

    std::string error;
    std::vector<std::unique_ptr<TempFile>> files;
    std::vector<std::string> images;
    auto temp = [&](StringRef suffix) -> StringRef {
      files.push_back(std::make_unique<TempFile>(suffix));
      return files.back()->path;
    };
    for (const Chip &c : chips) {
      StringRef ptxFile = temp(".ptx"), cubin = temp(".cubin");
      if (ptxFile.empty() || cubin.empty())
        return binary.emitOpError() << "cannot create temporary files";
      if (failed(writeFile(ptxFile, c.ptx, error)) ||
          failed(run(toolkit.ptxas,
                     {"-arch=" + c.name, "-O3", "--output-file", cubin.str(),
                      ptxFile.str()},
                     error)))
        return binary.emitOpError() << "for " << c.name << ": " << error;
      images.push_back("--image3=kind=elf,sm=" + std::to_string(c.capability) +
                       ",file=" + cubin.str());
      if (&c == &chips.front())
        images.push_back("--image3=kind=ptx,sm=" +
                         std::to_string(c.capability) + ",file=" +
                         ptxFile.str());
    }
    StringRef fatbin = temp(".fatbin");
    std::vector<std::string> args = {"-64", "--create=" + fatbin.str()};
    args.insert(args.end(), images.begin(), images.end());
    if (failed(run(toolkit.fatbinary, args, error)))
      return binary.emitOpError() << error;
    auto bytes = llvm::MemoryBuffer::getFile(fatbin, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
    if (!bytes)
      return binary.emitOpError()
             << "cannot read '" << fatbin << "': " << bytes.getError().message();
    binary.setObjectsAttr(ArrayAttr::get(
        ctx, {gpu::ObjectAttr::get(
                 ctx, chips[0].target, gpu::CompilationTarget::Fatbin,
                 StringAttr::get(ctx, (*bytes)->getBuffer()), nullptr,
                 nullptr)}));
    return success();
  }
};
} // namespace
