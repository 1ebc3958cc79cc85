//===- GpuProgram.cpp - run a compiled function's launch plan -------------===//
//
// deform_gpu_program_run and deform_gpu_program_run_host, on top of the
// runtime's public CUDA calls: the program's image is loaded once per
// context and kept (the context unloads it when destroyed), temporaries
// are runtime buffers of the context, and every launch goes through
// deform_cuda_launch (which names the kernel and the CUDA error).
//
//===----------------------------------------------------------------------===//

#include "deform/runtime/deform_runtime.h"

#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace {

/// Buffers created for one call, destroyed with it.
struct OwnedBuffers {
  std::vector<deform_buffer *> list;
  ~OwnedBuffers() {
    for (deform_buffer *b : list)
      deform_buffer_destroy(b);
  }
};

/// Re-reports the calling thread's last error as `fn`'s, naming the
/// program: "fn: program 'main': <message>".
deform_status rethrow(deform_status s, const char *fn,
                      const deform_gpu_program *p) {
  std::string message = deform_last_error();
  return deform_set_error(s, fn, "program '%s': %s", p->name ? p->name : "?",
                          message.c_str());
}

/// Checks the program's own consistency (it may come from anywhere).
deform_status checkProgram(const char *fn, const deform_gpu_program *p) {
  if (!p)
    return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                            "program is NULL");
  const char *name = p->name ? p->name : "?";
  if (p->version != DEFORM_GPU_PROGRAM_VERSION)
    return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                            "program '%s' has version %u, expected %u (it was "
                            "compiled for another runtime)",
                            name, p->version, DEFORM_GPU_PROGRAM_VERSION);
  if (!p->image || p->image_bytes == 0)
    return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                            "program '%s' has no image", name);
  if (p->num_inputs > p->num_params || p->num_params > p->num_buffers ||
      (p->num_buffers && !p->buffer_bytes) || (p->num_steps && !p->steps))
    return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                            "program '%s' is malformed (%u inputs, %u "
                            "parameters, %u buffers)",
                            name, p->num_inputs, p->num_params, p->num_buffers);
  for (uint32_t i = 0; i < p->num_steps; ++i) {
    const deform_gpu_step &s = p->steps[i];
    bool copy = !s.kernel;
    if ((s.num_args && !s.args) || (copy && s.num_args != 2))
      return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                              "program '%s' step %u is malformed", name, i);
    for (uint32_t a = 0; a < s.num_args; ++a)
      if (s.args[a] >= p->num_buffers)
        return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                                "program '%s' step %u argument %u names buffer "
                                "%u of %u",
                                name, i, a, s.args[a], p->num_buffers);
    if (copy && (s.copy_bytes > p->buffer_bytes[s.args[0]] ||
                 s.copy_bytes > p->buffer_bytes[s.args[1]]))
      return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                              "program '%s' step %u copies %llu bytes, more "
                              "than its buffers hold",
                              name, i, (unsigned long long)s.copy_bytes);
  }
  return DEFORM_OK;
}

/// "argument 1", "result 0" or "temporary 2" for buffer `i`.
std::string bufferName(const deform_gpu_program *p, uint32_t i) {
  if (i < p->num_inputs)
    return "argument " + std::to_string(i);
  if (i < p->num_params)
    return "result " + std::to_string(i - p->num_inputs);
  return "temporary " + std::to_string(i - p->num_params);
}

/// The module of `image` in ctx, loaded on first use. Contexts unload their
/// modules when destroyed; their handles are never reused, so an entry of
/// a destroyed context is never found again.
deform_status moduleOf(deform_context *ctx, const deform_gpu_program *p,
                       void **module) {
  static std::mutex mutex;
  static auto *cache = new std::map<std::pair<deform_context *, const void *>, void *>();
  std::lock_guard<std::mutex> lock(mutex);
  auto key = std::make_pair(ctx, p->image);
  auto it = cache->find(key);
  if (it != cache->end()) {
    *module = it->second;
    return DEFORM_OK;
  }
  deform_status s = deform_cuda_module_load(ctx, p->image, p->image_bytes, module);
  if (s != DEFORM_OK)
    return s;
  (*cache)[key] = *module;
  return DEFORM_OK;
}

deform_status run(const char *fn, deform_context *ctx,
                  const deform_gpu_program *p, deform_buffer *const *buffers) {
  std::vector<deform_buffer *> all(buffers, buffers + p->num_params);
  std::vector<uint64_t> pointers(p->num_buffers, 0);
  for (uint32_t i = 0; i < p->num_params; ++i) {
    if (!all[i])
      return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                              "program '%s': buffer %u (%s) is NULL", p->name,
                              i, bufferName(p, i).c_str());
    if (deform_status s = deform_buffer_device_pointer(all[i], &pointers[i]))
      return rethrow(s, fn, p);
    size_t size = deform_buffer_size(all[i]);
    if (size < p->buffer_bytes[i])
      return deform_set_error(
          DEFORM_ERROR_SHAPE_MISMATCH, fn,
          "program '%s': buffer %u (%s) holds %zu bytes, expected at least "
          "%llu",
          p->name, i, bufferName(p, i).c_str(), size,
          (unsigned long long)p->buffer_bytes[i]);
  }
  void *module = nullptr;
  if (deform_status s = moduleOf(ctx, p, &module))
    return rethrow(s, fn, p);
  OwnedBuffers temporaries;
  for (uint32_t i = p->num_params; i < p->num_buffers; ++i) {
    deform_buffer *b = nullptr;
    uint64_t bytes = p->buffer_bytes[i] ? p->buffer_bytes[i] : 1;
    if (deform_status s = deform_buffer_create(ctx, bytes, &b))
      return rethrow(s, fn, p);
    temporaries.list.push_back(b);
    all.push_back(b);
    if (deform_status s = deform_buffer_device_pointer(b, &pointers[i]))
      return rethrow(s, fn, p);
  }
  for (uint32_t i = 0; i < p->num_steps; ++i) {
    const deform_gpu_step &step = p->steps[i];
    if (!step.kernel) {
      deform_status s = deform_buffer_copy_device(
          all[step.args[1]], all[step.args[0]], step.copy_bytes);
      if (s != DEFORM_OK)
        return rethrow(s, fn, p);
      continue;
    }
    std::vector<void *> params;
    for (uint32_t a = 0; a < step.num_args; ++a)
      params.push_back(&pointers[step.args[a]]);
    deform_status s =
        deform_cuda_launch(ctx, module, step.kernel, step.grid, step.block,
                           step.shared_bytes, params.data());
    if (s != DEFORM_OK)
      return rethrow(s, fn, p);
  }
  return DEFORM_OK;
}

/// The runtime's CUDA context for NULL: device 0, created on first use.
deform_status defaultCudaContext(const char *fn, deform_context **out) {
  static std::mutex mutex;
  static deform_context *ctx = nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (!ctx) {
    deform_context_options o;
    deform_context_options_init(&o);
    o.device = DEFORM_DEVICE_CUDA;
    o.cpu_threads = 1;
    deform_status s = deform_context_create(&o, &ctx);
    if (s != DEFORM_OK) {
      std::string message = deform_last_error();
      return deform_set_error(s, fn, "the default CUDA context: %s",
                              message.c_str());
    }
  }
  *out = ctx;
  return DEFORM_OK;
}

} // namespace

extern "C" deform_status
deform_gpu_program_run(deform_context *ctx, const deform_gpu_program *program,
                       deform_buffer *const *buffers) {
  static const char *fn = "deform_gpu_program_run";
  if (deform_status s = deform_context_validate(ctx, fn))
    return s;
  if (deform_status s = checkProgram(fn, program))
    return s;
  if (program->num_params && !buffers)
    return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                            "program '%s': buffers is NULL", program->name);
  return run(fn, ctx, program, buffers);
}

extern "C" deform_status
deform_gpu_program_run_host(deform_context *ctx,
                            const deform_gpu_program *program,
                            const void *const *inputs, void *const *results) {
  static const char *fn = "deform_gpu_program_run_host";
  if (ctx) {
    if (deform_status s = deform_context_validate(ctx, fn))
      return s;
  } else if (deform_status s = defaultCudaContext(fn, &ctx)) {
    return s;
  }
  if (deform_status s = checkProgram(fn, program))
    return s;
  const deform_gpu_program *p = program;
  if ((p->num_inputs && !inputs) || (p->num_params > p->num_inputs && !results))
    return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                            "program '%s': %s is NULL", p->name,
                            p->num_inputs && !inputs ? "inputs" : "results");
  OwnedBuffers buffers;
  for (uint32_t i = 0; i < p->num_params; ++i) {
    const void *host = i < p->num_inputs ? inputs[i] : results[i - p->num_inputs];
    if (!host)
      return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, fn,
                              "program '%s': %s is NULL", p->name,
                              bufferName(p, i).c_str());
    deform_buffer *b = nullptr;
    size_t bytes = p->buffer_bytes[i] ? p->buffer_bytes[i] : 1;
    if (deform_status s = deform_buffer_create(ctx, bytes, &b))
      return rethrow(s, fn, p);
    buffers.list.push_back(b);
    if (i < p->num_inputs) {
      if (deform_status s =
              deform_buffer_copy_from_host(b, host, p->buffer_bytes[i]))
        return rethrow(s, fn, p);
      if (deform_status s = deform_buffer_sync_to_device(b))
        return rethrow(s, fn, p);
    }
  }
  if (deform_status s = run(fn, ctx, p, buffers.list.data()))
    return s;
  for (uint32_t i = p->num_inputs; i < p->num_params; ++i) {
    deform_buffer *b = buffers.list[i];
    if (deform_status s = deform_buffer_sync_to_host(b))
      return rethrow(s, fn, p);
    if (deform_status s = deform_buffer_copy_to_host(b, results[i - p->num_inputs],
                                                     p->buffer_bytes[i]))
      return rethrow(s, fn, p);
  }
  return DEFORM_OK;
}
