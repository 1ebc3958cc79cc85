/* Finding runtime-1 (deform-fuzz-runtime, input runtime-1.bin): a message
 * whose function name alone fills deform_last_error()'s 8192-byte buffer is
 * cut at 8191 bytes without the "..." the header promises ("Messages longer
 * than 8191 bytes are truncated and end in \"...\""). vfail()
 * (runtime/lib/Runtime.cpp) marks truncation only when the "<fn>: " prefix
 * fits and vsnprintf overflows.
 *   cc runtime-1.c -Iruntime/include build/runtime/libDeformRuntime.a -lstdc++ -lpthread -ldl */
#include "deform/runtime/deform_runtime.h"
#include <stdio.h>
#include <string.h>

int main(void) {
  static char fn[9001];
  memset(fn, 'f', 9000);
  deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn, "%s", "x");
  const char *m = deform_last_error();
  size_t n = strlen(m);
  printf("length %zu, ends in \"%s\"\n", n, m + n - 3); /* "fff", not "..." */
  return strcmp(m + n - 3, "...") != 0;
}
