//===- FakeEmulator.h - run deform-gpu-emulate kernels on the host -*- C++ -*-===//
//
// The fake driver's emulation of kernels compiled by deform-gpu-emulate:
// the image's LLVM bitcode is JIT-compiled for the host; a launch runs its
// workgroups one after the other, the threads of a workgroup as fibers on
// the calling thread, each running until it reaches a barrier or returns,
// so every thread sees every other thread's writes of the phase before a
// barrier and none of the phase after it. Shared memory starts as NaN
// bytes (0xff): a read of what no thread wrote shows up in the results.
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TEST_RUNTIME_FAKEEMULATOR_H
#define DEFORM_TEST_RUNTIME_FAKEEMULATOR_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace fake {

using Entry = void (*)(void **params, int64_t block, int64_t thread,
                       void *shared);
struct Emulated;

/// Compiles `bitcode`; nullptr with `error` set if it cannot (or if the
/// fake was built without the emulator).
Emulated *emulatorLoad(const unsigned char *bitcode, size_t size,
                       std::string &error);
void emulatorUnload(Emulated *module);
/// Kernel `name` of the module: its entry, shared bytes and parameters.
bool emulatorKernel(Emulated *module, const std::string &name, Entry &entry,
                    int64_t &sharedBytes, int64_t &params);
/// Runs `blocks` workgroups of `threads` threads; false with `error` set
/// when the threads disagree about barriers.
bool emulatorRun(Entry entry, int64_t sharedBytes, uint64_t blocks,
                 uint64_t threads, void **params, std::string &error);

} // namespace fake

#endif
