/*===- deform_runtime.h - deform-mlir runtime C API ----------------*- C -*-===*
 *
 * The small C API shared by code that deform-mlir generates and by the
 * applications that link it. It is plain C (C99 and later, and C++), has no
 * MLIR/LLVM dependency, and does not link against CUDA: the CUDA driver is
 * loaded at run time with dlopen("libcuda.so.1") when a CUDA context is
 * created (or deform_cuda_available() is called).
 *
 * Conventions
 * -----------
 *  - Every function that can fail returns a deform_status (or, where the
 *    signature returns a value, a documented sentinel: NULL / 0). No function
 *    aborts the process, throws, or crashes on bad arguments: NULL pointers,
 *    zero or huge sizes, stale handles, handles of the wrong kind, ... are
 *    reported with a status and a message.
 *  - On failure, deform_last_error() returns a message for the calling thread
 *    naming the function, the argument and the offending value, e.g.
 *      "deform_buffer_copy_from_host: size 4096 exceeds the buffer's 1024 bytes".
 *    Successful calls do not clear it (like errno).
 *  - All functions are thread-safe. Handles may be shared between threads.
 *
 * Handles and stale-handle detection
 * ----------------------------------
 * deform_context* and deform_buffer* are opaque handle VALUES, not pointers
 * to memory the application may inspect: each encodes a slot index in a
 * process-wide handle table, a generation number and a type tag. The runtime
 * never dereferences a handle; it decodes it and looks the slot up. Destroying
 * an object frees all of its memory right away and bumps its slot's
 * generation, so a handle used after destroy (or destroyed twice) is detected
 * reliably and cheaply, without touching freed memory and without leaking:
 *  - a destroyed context handle        -> DEFORM_ERROR_DESTROYED_CONTEXT;
 *  - a destroyed buffer handle         -> DEFORM_ERROR_INVALID_ARGUMENT
 *                                         ("stale buffer handle ...");
 *  - a buffer handle passed as a context (or vice versa), or any value that
 *    was never returned by the runtime -> DEFORM_ERROR_INVALID_ARGUMENT.
 * A slot whose generation counter would wrap is retired, never reused, so a
 * stale handle can never alias a newer object.
 *
 * Lifetime rules
 * --------------
 *  - A buffer belongs to the context that created it.
 *  - deform_context_destroy() also destroys every buffer of that context that
 *    is still alive (and every CUDA module loaded into it); their handles
 *    become stale exactly as if they had been destroyed explicitly. Pointers
 *    previously returned by deform_buffer_data() for them become dangling.
 *  - If another thread is inside a call that uses the object (a copy, a
 *    deform_parallel_for, a kernel launch), destroy returns immediately, new
 *    calls with the handle fail, and the memory is released when the last of
 *    those in-flight calls returns.
 *
 *===----------------------------------------------------------------------===*/

#ifndef DEFORM_RUNTIME_DEFORM_RUNTIME_H
#define DEFORM_RUNTIME_DEFORM_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Status codes and errors
 *===----------------------------------------------------------------------===*/

typedef enum deform_status {
  DEFORM_OK = 0,
  /** A NULL pointer, a negative or zero count, an unknown enum value, a stale
      buffer handle, a handle of the wrong kind, a name that was not found. */
  DEFORM_ERROR_INVALID_ARGUMENT,
  /** An allocation failed or the requested size cannot be represented
      (e.g. SIZE_MAX bytes). */
  DEFORM_ERROR_OUT_OF_MEMORY,
  /** A copy names more bytes than the buffer holds. */
  DEFORM_ERROR_BUFFER_TOO_SMALL,
  /** The context handle was already destroyed. */
  DEFORM_ERROR_DESTROYED_CONTEXT,
  /** No CUDA driver / no CUDA device / a CUDA call on a CPU context. */
  DEFORM_ERROR_NO_DEVICE,
  /** The CUDA driver reported an error (the message holds its name and text). */
  DEFORM_ERROR_DEVICE,
  /** A buffer cannot hold the tensor it is used for. */
  DEFORM_ERROR_SHAPE_MISMATCH
} deform_status;

/** The message of the last failed call made by the calling thread, "" if no
    call on this thread has failed yet. Never NULL. The pointer is to a
    per-thread buffer that stays valid for the thread's lifetime; its text is
    replaced by the next failing call on the same thread (copy it to keep it).
    Messages longer than 8191 bytes are truncated and end in "...". */
const char *deform_last_error(void);

/** A static, human-readable name for a status ("DEFORM_OK",
    "DEFORM_ERROR_BUFFER_TOO_SMALL", ...); "unknown deform_status" for a value
    outside the enum. Never NULL. */
const char *deform_status_string(deform_status s);

/** Records an error for the calling thread, as the runtime's own calls do:
    deform_last_error() then returns "<function>: <message>" (message formatted
    like printf). Returns `status`, so that a caller can write
    `return deform_set_error(DEFORM_ERROR_INVALID_ARGUMENT, "f", "x is NULL");`.
    Generated entry points use it to report their argument errors. A NULL
    function or format is replaced by "?". */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
deform_status deform_set_error(deform_status status, const char *function,
                               const char *format, ...);

/*===----------------------------------------------------------------------===*
 * Contexts
 *===----------------------------------------------------------------------===*/

/** Opaque context handle: a thread pool for CPU work and, for
    DEFORM_DEVICE_CUDA, a retained CUDA primary context. */
typedef struct deform_context deform_context;

typedef enum deform_device {
  DEFORM_DEVICE_CPU = 0,
  DEFORM_DEVICE_CUDA = 1
} deform_device;

typedef struct deform_context_options {
  /** Threads used by deform_parallel_for, the calling thread included:
      0 = one per hardware thread; 1 = run on the calling thread only.
      Must be in [0, 1024]. */
  int32_t cpu_threads;
  /** DEFORM_DEVICE_CPU or DEFORM_DEVICE_CUDA. */
  deform_device device;
  /** CUDA device ordinal (0-based); ignored for DEFORM_DEVICE_CPU. */
  int32_t cuda_device_ordinal;
} deform_context_options;

/** Fills *o with the defaults: cpu_threads = 0, device = DEFORM_DEVICE_CPU,
    cuda_device_ordinal = 0. Does nothing if o is NULL. */
void deform_context_options_init(deform_context_options *o);

/** Creates a context. `o` may be NULL (defaults). The worker threads of the
    pool (cpu_threads - 1 of them) are started here, once, and live until the
    context is destroyed. For DEFORM_DEVICE_CUDA the driver is loaded and the
    device's primary context retained; without a driver this returns
    DEFORM_ERROR_NO_DEVICE ("no CUDA driver was found ..."), and with an ordinal
    that names no device DEFORM_ERROR_NO_DEVICE as well. *out is set to NULL on
    failure. */
deform_status deform_context_create(const deform_context_options *o,
                                    deform_context **out);

/** Destroys a context, its remaining buffers and CUDA modules, joins its
    worker threads and releases its CUDA primary context. Destroying it again
    returns DEFORM_ERROR_DESTROYED_CONTEXT. Do not destroy a context from inside
    one of its own deform_parallel_for bodies (it is detected: the context is
    marked destroyed and released when that deform_parallel_for returns). */
deform_status deform_context_destroy(deform_context *ctx);

/** DEFORM_OK if ctx is a live context. Otherwise the status every runtime call
    returns for such a handle, with the message naming `function` (NULL: the
    runtime's name) and the handle: DEFORM_ERROR_INVALID_ARGUMENT for NULL or
    a value that is not a context handle, DEFORM_ERROR_DESTROYED_CONTEXT for a
    destroyed context. Generated entry points check their context with it. */
deform_status deform_context_validate(const deform_context *ctx,
                                      const char *function);

/** The number of threads deform_parallel_for uses on this context (calling
    thread included, >= 1), or 0 (with the error set) for an invalid handle. */
int32_t deform_context_cpu_threads(const deform_context *ctx);

/*===----------------------------------------------------------------------===*
 * Buffers
 *===----------------------------------------------------------------------===*/

/** Opaque buffer handle: host memory with a byte size, 64-byte aligned and
    zero-initialized; on a CUDA context, optionally mirrored by device memory
    of the same size (see deform_buffer_device_pointer). */
typedef struct deform_buffer deform_buffer;

/** Allocates `bytes` (> 0) bytes of 64-byte aligned, zeroed host memory.
    bytes == 0 is DEFORM_ERROR_INVALID_ARGUMENT; a size that cannot be
    allocated (e.g. SIZE_MAX) is DEFORM_ERROR_OUT_OF_MEMORY. *out is set to
    NULL on failure. */
deform_status deform_buffer_create(deform_context *ctx, size_t bytes,
                                   deform_buffer **out);

/** Frees the buffer (host and device memory). Destroying it again, or after
    its context was destroyed, returns DEFORM_ERROR_INVALID_ARGUMENT. */
deform_status deform_buffer_destroy(deform_buffer *b);

/** The host memory of the buffer; NULL (with the error set) for a NULL,
    stale or invalid handle. Valid until the buffer or its context is
    destroyed. */
void *deform_buffer_data(deform_buffer *b);

/** The size in bytes; 0 (with the error set) for an invalid handle. */
size_t deform_buffer_size(const deform_buffer *b);

/** Copies `bytes` bytes from `src` to the start of the buffer's host memory.
    bytes larger than the buffer: DEFORM_ERROR_BUFFER_TOO_SMALL. bytes == 0 is
    a no-op (src may then be NULL); otherwise src must not be NULL. */
deform_status deform_buffer_copy_from_host(deform_buffer *dst, const void *src,
                                           size_t bytes);

/** Copies the first `bytes` bytes of the buffer's host memory to `dst`.
    Same rules as deform_buffer_copy_from_host. */
deform_status deform_buffer_copy_to_host(const deform_buffer *src, void *dst,
                                         size_t bytes);

/** Checks that the buffer can hold a dense tensor of shape shape[0..rank)
    with elements of element_size bytes: every dimension >= 0 and
    product(shape) * element_size <= deform_buffer_size(b), computed with
    overflow checks. rank == 0 is a scalar (shape may then be NULL). `what`
    names the tensor in the message ("offset", "input", ...; NULL = "tensor").
    Returns DEFORM_ERROR_SHAPE_MISMATCH if it does not fit (or the byte count
    overflows), DEFORM_ERROR_INVALID_ARGUMENT for a bad handle, NULL shape with
    rank > 0, rank < 0, element_size == 0 or a negative dimension. */
deform_status deform_buffer_check_shape(const deform_buffer *b,
                                        const int64_t *shape, int32_t rank,
                                        size_t element_size, const char *what);

/*===----------------------------------------------------------------------===*
 * CPU parallelism
 *===----------------------------------------------------------------------===*/

/** A loop body: processes indices [first, last). Must not throw or longjmp. */
typedef void (*deform_range_fn)(int64_t first, int64_t last, void *user);

/** Runs fn over [0, n) split into chunks [k*grain, min(n, (k+1)*grain)) on the
    context's thread pool; the calling thread participates, and the call
    returns when every chunk is done. Each index is covered by exactly one
    chunk; chunks may run in any order and concurrently. n == 0 is a no-op.
    Errors: n < 0, grain <= 0 or fn == NULL -> DEFORM_ERROR_INVALID_ARGUMENT.
    Concurrent calls on the same context from different threads are
    serialized. A call made from inside a running loop body (on any context)
    runs serially on the calling thread, so nesting never deadlocks. */
deform_status deform_parallel_for(deform_context *ctx, int64_t n, int64_t grain,
                                  deform_range_fn fn, void *user);

/*===----------------------------------------------------------------------===*
 * For generated code
 *===----------------------------------------------------------------------===*/

/** What compiled deform kernels call to run their tiles: fn over [0, n) in a
    few contiguous ranges per thread, on ctx's thread pool (the calling
    thread included), or,
    for ctx == NULL, on the runtime's default context (one thread per
    hardware thread, created on first use and kept for the process). It
    never fails: with an invalid context, or if the pool cannot run the job,
    the tiles run serially on the calling thread (the entry points validate
    their context first and report errors). Nested calls run serially, as
    for deform_parallel_for. Not meant to be called by applications. */
void deform_kernel_parallel_for(deform_context *ctx, int64_t n,
                                deform_range_fn fn, void *user);

/** What compiled deform kernels allocate their buffers with: malloc, except
    that a failure (or a negative size) is counted (see
    deform_kernel_alloc_failures) and returns NULL, on which the kernel stops
    early instead of using the pointer, and that a block the calling thread
    gave back to deform_kernel_free (of at least the size and at most twice
    it) is reused first. Every block is a malloc block: a buffer a kernel
    returns is freed by its caller with free(). */
void *deform_kernel_alloc(int64_t bytes);

/** What compiled deform kernels free their buffers with: the block goes to
    a cache of the calling thread (at most 8 blocks and 64 MiB per thread,
    blocks up to 32 MiB; the oldest go to free() first), so that the next
    tile or call that allocates the same buffer takes it without page
    faults. The cache is freed when the thread ends. NULL does nothing. */
void deform_kernel_free(void *block);

/** Frees the calling thread's cached kernel blocks now (see
    deform_kernel_free), for an application that wants the memory back
    between calls. */
void deform_kernel_release_cache(void);

/** How many kernel allocations have failed in this process so far. The
    generated entry points compare it before and after a call and return
    DEFORM_ERROR_OUT_OF_MEMORY when it grew. */
uint64_t deform_kernel_alloc_failures(void);

/*===----------------------------------------------------------------------===*
 * CUDA
 *
 * The driver is loaded once per process with dlopen("libcuda.so.1"); the
 * environment variable DEFORM_CUDA_DRIVER_PATH, if set, names another library
 * to load instead (used by the tests to load a fake driver). All CUDA calls
 * on a DEFORM_DEVICE_CPU context return DEFORM_ERROR_NO_DEVICE. The runtime
 * pushes the context's CUDA context around each driver call and pops it
 * afterwards, so the caller's current CUDA context is left unchanged.
 *===----------------------------------------------------------------------===*/

/** 1 if the CUDA driver loads, cuInit succeeds and at least one device
    exists, else 0 (and deform_last_error() says why). */
int deform_cuda_available(void);

/** Loads a module from a PTX text or a cubin/fatbin image of `bytes` bytes
    (PTX need not be NUL-terminated). *module_out receives the module, owned
    by the context (unloaded by deform_cuda_module_unload or when the context
    is destroyed). JIT errors are returned as DEFORM_ERROR_DEVICE with the JIT
    error log in the message. */
deform_status deform_cuda_module_load(deform_context *ctx, const void *image,
                                      size_t bytes, void **module_out);

/** Unloads a module loaded into this context. A module that is not (or no
    longer) loaded into ctx: DEFORM_ERROR_INVALID_ARGUMENT. */
deform_status deform_cuda_module_unload(deform_context *ctx, void *module);

/** Launches kernel `kernel_name` of `module` (loaded into ctx) with the given
    grid and block sizes (every component >= 1) and dynamic shared memory,
    `params` as for cuLaunchKernel (may be NULL for a kernel without
    parameters), then waits for it to finish (cuCtxSynchronize): the call is
    synchronous, and launches on one context are serialized. A kernel that
    is not in the module is
    DEFORM_ERROR_INVALID_ARGUMENT; launch or execution failures are
    DEFORM_ERROR_DEVICE with the driver's error name and text. */
deform_status deform_cuda_launch(deform_context *ctx, void *module,
                                 const char *kernel_name, const uint32_t grid[3],
                                 const uint32_t block[3], uint32_t shared_bytes,
                                 void **params);

/** The device address (a CUdeviceptr) of the buffer's device mirror, for
    passing to kernels through `params`. The mirror (same size as the buffer)
    is allocated on first use; its contents are undefined until
    deform_buffer_sync_to_device. DEFORM_ERROR_NO_DEVICE on a CPU context. */
deform_status deform_buffer_device_pointer(deform_buffer *b, uint64_t *out);

/** Copies the whole host memory of the buffer to its device mirror
    (allocating the mirror if needed). DEFORM_ERROR_NO_DEVICE on a CPU
    context. */
deform_status deform_buffer_sync_to_device(deform_buffer *b);

/** Copies the whole device mirror back to the buffer's host memory.
    DEFORM_ERROR_NO_DEVICE on a CPU context; DEFORM_ERROR_INVALID_ARGUMENT if
    the buffer has no device mirror yet. */
deform_status deform_buffer_sync_to_host(deform_buffer *b);

/** Copies the first `bytes` bytes of src's device mirror to dst's (both
    buffers of one CUDA context; mirrors are allocated if needed), on the
    context's stream, and waits for it. bytes larger than either buffer:
    DEFORM_ERROR_BUFFER_TOO_SMALL; 0 is a no-op. */
deform_status deform_buffer_copy_device(deform_buffer *dst, deform_buffer *src,
                                        size_t bytes);

/** The name (NUL-terminated, truncated to name_bytes) and the compute
    capability (86 for 8.6) of the context's device; either output may be
    NULL. DEFORM_ERROR_NO_DEVICE on a CPU context. */
deform_status deform_cuda_device_properties(deform_context *ctx, char *name,
                                            size_t name_bytes,
                                            int32_t *compute_capability);

/*===----------------------------------------------------------------------===*
 * GPU programs
 *
 * What deform-compile --target=cuda embeds for each compiled function (and
 * deform-run --device=cuda builds in memory): the image of every kernel of
 * the compiled module (a fatbin with a cubin per chip and PTX for the
 * others, or PTX alone) and the function's launch plan, recorded by the
 * compiler from its IR: the buffers (the caller's, then temporaries) and
 * the steps, each a kernel launch with its grid, block, shared memory and
 * the buffers passed as its pointer parameters in order, or a copy.
 *===----------------------------------------------------------------------===*/

#define DEFORM_GPU_PROGRAM_VERSION 1

/** A launch of `kernel`, or (kernel == NULL) a copy of `copy_bytes` bytes
    from buffer args[0] to buffer args[1]. */
typedef struct deform_gpu_step {
  const char *kernel;
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t shared_bytes; /* dynamic shared memory */
  uint32_t num_args;
  const uint32_t *args;  /* buffer indices, one per kernel parameter */
  uint64_t copy_bytes;
} deform_gpu_step;

typedef struct deform_gpu_program {
  uint32_t version;      /* DEFORM_GPU_PROGRAM_VERSION */
  const char *name;      /* the compiled function (messages) */
  const void *image;
  uint64_t image_bytes;
  uint32_t num_inputs;   /* the caller's buffers: inputs, then results */
  uint32_t num_params;
  uint32_t num_buffers;  /* num_params, then temporaries */
  const uint64_t *buffer_bytes;
  uint32_t num_steps;
  const deform_gpu_step *steps;
} deform_gpu_program;

/** Runs `program` on the device of CUDA context ctx with the device
    mirrors of `buffers` (num_params of them, inputs then results, each at
    least buffer_bytes[i] large and of ctx): inputs are read from the
    mirrors and results written to them (see deform_buffer_sync_to_device
    and deform_buffer_sync_to_host). Temporaries are allocated for the call;
    the image is loaded once per context. Synchronous. A buffer that is too
    small is DEFORM_ERROR_SHAPE_MISMATCH naming it; a failed launch
    DEFORM_ERROR_DEVICE naming the kernel and the CUDA error. */
deform_status deform_gpu_program_run(deform_context *ctx,
                                     const deform_gpu_program *program,
                                     deform_buffer *const *buffers);

/** The same on host arrays (inputs[num_inputs], results[num_params -
    num_inputs], each buffer_bytes[i] bytes): copied to the device, run,
    results copied back. ctx NULL: the runtime's default CUDA context
    (device 0, created on first use and kept for the process). */
deform_status deform_gpu_program_run_host(deform_context *ctx,
                                          const deform_gpu_program *program,
                                          const void *const *inputs,
                                          void *const *results);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DEFORM_RUNTIME_DEFORM_RUNTIME_H */
