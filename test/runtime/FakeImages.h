//===- FakeImages.h - the kernels of a CUDA module image, for the fake ----===//
//
// What the fake driver needs to know of an image passed to
// cuModuleLoadDataEx: its kernels and, where the image says, their
// parameters (PTX: the .param list; cubins, also inside fatbins: the
// EIATTR_KPARAM_INFO records of .nv.info.<kernel>, every one a pointer for
// deform's kernels), or that it is an emulated image of deform-gpu-emulate.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TEST_RUNTIME_FAKEIMAGES_H
#define DEFORM_TEST_RUNTIME_FAKEIMAGES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fake {

struct KernelInfo {
  std::string name;
  /// One entry per parameter when the image declares them: whether it is a
  /// device pointer (checked to be a live allocation at launch). Empty and
  /// `paramsKnown` false otherwise.
  std::vector<bool> pointer;
  bool paramsKnown = false;
};

enum class ImageKind { Ptx, Elf, Fatbin, Emulated };
ImageKind kindOf(const unsigned char *image);

/// Kernels of PTX text (".entry NAME(.param ...)").
std::vector<KernelInfo> ptxKernels(const std::string &text);
/// Kernels of a cubin (`size` 0: read from its header); false if malformed.
bool elfKernels(const unsigned char *elf, size_t size,
                std::vector<KernelInfo> &out);
/// Kernels of every cubin of a fatbin; false if malformed or none.
bool fatbinKernels(const unsigned char *image, std::vector<KernelInfo> &out);
/// The bitcode of an emulated image.
bool emulatedPayload(const unsigned char *image, const unsigned char *&data,
                     size_t &size);

} // namespace fake

#endif
