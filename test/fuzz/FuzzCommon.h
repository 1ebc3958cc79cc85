//===- FuzzCommon.h - shared by the libFuzzer harnesses ---------*- C++ -*-===//
//
// Sanitizer defaults every harness needs, and the one way a harness reports
// a finding: print what was wrong and abort (libFuzzer saves the input).
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TEST_FUZZ_FUZZCOMMON_H
#define DEFORM_TEST_FUZZ_FUZZCOMMON_H

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// LLVM's allocators (BumpPtrAllocator, ...) poison and unpoison their slabs
// in instrumented code only; Debian's MLIR/LLVM libraries are not
// instrumented, so the inline copies in the harness and in the project's
// libraries disagree with them and ASan reports false "use-after-poison".
// Ignore that manual poisoning (ASan still checks every access against its
// own redzones). Leaks are reported (suppressions: test/fuzz/lsan.supp, only
// for MLIR's own one-time registrations). A huge request comes back as NULL,
// as without the sanitizer (like lib/SanitizerDefaults.cpp).
#define DEFORM_FUZZ_SANITIZER_DEFAULTS                                         \
  extern "C" const char *__asan_default_options() {                            \
    return "allow_user_poisoning=0:detect_leaks=1:allocator_may_return_null=1";\
  }                                                                            \
  /* The fuzzer build does not pass -fno-sanitize-recover: make every UBSan  \
     report fatal so that libFuzzer keeps the input. */                       \
  extern "C" const char *__ubsan_default_options() {                           \
    return "halt_on_error=1:print_stacktrace=1";                               \
  }

namespace deform::fuzz {

/// A finding: prints the message and aborts.
[[noreturn]] __attribute__((format(printf, 1, 2))) inline void
finding(const char *format, ...) {
  std::fprintf(stderr, "==deform-fuzz== FINDING: ");
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fprintf(stderr, "\n");
  std::fflush(stderr);
  std::abort();
}

/// Reads the fuzzer's bytes as a stream of small integers; past the end it
/// returns zeros, so every input is a complete program.
class ByteReader {
public:
  ByteReader(const unsigned char *data, size_t size) : data(data), size(size) {}
  bool empty() const { return pos >= size; }
  size_t remaining() const { return pos < size ? size - pos : 0; }
  unsigned u8() { return pos < size ? data[pos++] : 0; }
  unsigned u16() { return u8() | (u8() << 8); }
  uint32_t u32() { return uint32_t(u16()) | (uint32_t(u16()) << 16); }
  uint64_t u64() { return uint64_t(u32()) | (uint64_t(u32()) << 32); }
  /// A value in [lo, hi] (inclusive).
  int64_t range(int64_t lo, int64_t hi) {
    uint64_t span = uint64_t(hi - lo) + 1;
    uint64_t v = span <= 256 ? u8() : span <= 65536 ? u16() : u64();
    return lo + int64_t(span ? v % span : v);
  }
  bool coin() { return u8() & 1; }
  const unsigned char *rest() const { return data + (pos < size ? pos : size); }

private:
  const unsigned char *data;
  size_t size;
  size_t pos = 0;
};

} // namespace deform::fuzz

#endif
