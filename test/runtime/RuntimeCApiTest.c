/*===- RuntimeCApiTest.c - the runtime header used from C99 ---------------===*
 *
 * Compiled as C99 into deform-runtime-tests: proves deform_runtime.h is valid
 * C and that the API is usable from C. RuntimeTest.cpp calls
 * deform_runtime_c_smoke() and expects 0 (else the failing line).
 *
 *===----------------------------------------------------------------------===*/

#include "deform/runtime/deform_runtime.h"

#include <string.h>

int deform_runtime_c_smoke(void);

static void add_indices(int64_t first, int64_t last, void *user) {
  int32_t *data = (int32_t *)user;
  int64_t i;
  for (i = first; i < last; ++i)
    data[i] += (int32_t)i;
}

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      return __LINE__;                                                         \
  } while (0)

int deform_runtime_c_smoke(void) {
  deform_context_options opts;
  deform_context *ctx = NULL;
  deform_buffer *buf = NULL;
  int32_t host[100];
  int32_t back[100];
  int64_t shape[2] = {10, 10};
  int i;

  deform_context_options_init(&opts);
  opts.cpu_threads = 2;
  CHECK(deform_context_create(&opts, &ctx) == DEFORM_OK);
  CHECK(deform_context_cpu_threads(ctx) == 2);
  CHECK(deform_buffer_create(ctx, sizeof host, &buf) == DEFORM_OK);
  CHECK(deform_buffer_size(buf) == sizeof host);
  CHECK(deform_buffer_check_shape(buf, shape, 2, sizeof(int32_t), "x") ==
        DEFORM_OK);
  for (i = 0; i < 100; ++i)
    host[i] = 1000;
  CHECK(deform_buffer_copy_from_host(buf, host, sizeof host) == DEFORM_OK);
  CHECK(deform_parallel_for(ctx, 100, 7, add_indices,
                            deform_buffer_data(buf)) == DEFORM_OK);
  CHECK(deform_buffer_copy_to_host(buf, back, sizeof back) == DEFORM_OK);
  for (i = 0; i < 100; ++i)
    CHECK(back[i] == 1000 + i);
  CHECK(deform_buffer_copy_from_host(buf, host, sizeof host + 1) ==
        DEFORM_ERROR_BUFFER_TOO_SMALL);
  CHECK(strstr(deform_last_error(), "deform_buffer_copy_from_host") != NULL);
  CHECK(strcmp(deform_status_string(DEFORM_ERROR_SHAPE_MISMATCH),
               "DEFORM_ERROR_SHAPE_MISMATCH") == 0);
  /* Any int may be passed as an enum in C. */
  CHECK(strcmp(deform_status_string((deform_status)42),
               "unknown deform_status") == 0);
  CHECK(strcmp(deform_status_string((deform_status)-1),
               "unknown deform_status") == 0);
  CHECK(deform_buffer_destroy(buf) == DEFORM_OK);
  CHECK(deform_context_destroy(ctx) == DEFORM_OK);
  CHECK(deform_context_destroy(ctx) == DEFORM_ERROR_DESTROYED_CONTEXT);
  return 0;
}
