//===- FakeNoEmulator.cpp - the fake driver without the emulator ----------===//
#include "FakeEmulator.h"

namespace fake {
Emulated *emulatorLoad(const unsigned char *, size_t, std::string &error) {
  error = "this fake driver was built without the kernel emulator (use "
          "libdeform-emu-cuda-driver.so)";
  return nullptr;
}
void emulatorUnload(Emulated *) {}
bool emulatorKernel(Emulated *, const std::string &, Entry &, int64_t &,
                    int64_t &) {
  return false;
}
bool emulatorRun(Entry, int64_t, uint64_t, uint64_t, void **,
                 std::string &error) {
  error = "no emulator";
  return false;
}
} // namespace fake
