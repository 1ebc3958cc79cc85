//===- SanitizerDefaults.cpp - sanitizer options of the checked builds ----===//
//
// Compiled into every tool and test executable of a sanitizer build
// (deform_sanitizer_defaults in the top-level CMakeLists.txt):
//  - allow_user_poisoning=0: LLVM's allocators poison and unpoison their
//    slabs in instrumented code only; with Debian's uninstrumented MLIR
//    libraries linked in, the two copies disagree. ASan still checks every
//    access against its own redzones.
//  - allocator_may_return_null=1: a huge request must come back as NULL
//    (-> a clear out-of-memory error), as it does without the sanitizer.
// ASAN_OPTIONS / TSAN_OPTIONS in the environment still override these.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0:allocator_may_return_null=1";
}
extern "C" const char *__tsan_default_options() {
  return "allocator_may_return_null=1";
}
