//===- Passes.td - deform NVIDIA GPU code generation passes -*- tablegen -*-===//
#ifndef DEFORM_CODEGEN_GPU_PASSES_TD
#define DEFORM_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeformGpuTarget : Pass<"deform-gpu-target", "::mlir::ModuleOp"> {
  let summary = "Record the NVIDIA GPUs the module is compiled for";
  let description = [{
    Sets the module's `deform.target` attribute, a `#deform.gpu_target` with
    the chips (compute capabilities), the PTX ISA version and the limits
    every chip shares (threads and static shared memory per workgroup,
    registers per multiprocessor), unless the module already has one. Every
    later GPU pass reads that attribute: the target is decided here only.
    The first chip's PTX goes into the binary too, for the driver to compile
    on GPUs without a cubin. An unknown chip name is an error.

    Before:
    ```mlir
    module { ... }
    ```
    After (`chips=sm_80,sm_90`):
    ```mlir
    module attributes {deform.target = #deform.gpu_target<chips = [80, 90],
        ptx = 80, max_threads = 1024, shared_memory = 49152,
        registers = 65536>} { ... }
    ```
  }];
  let options = [
    ListOption<"chips", "chips", "std::string",
               "NVIDIA chips: sm_XY names, the first one also as PTX "
               "(default sm_80,sm_90)">,
    Option<"ptx", "ptx", "int64_t", /*default=*/"80",
           "PTX ISA version (80 = PTX 8.0)">,
  ];
  let dependentDialects = ["::mlir::deform::DeformDialect"];
}

def DeformConfigureGpu : Pass<"deform-configure-gpu", "::mlir::ModuleOp"> {
  let summary = "Choose the GPU kernel configuration of every deform op";
  let description = [{
    The one place where GPU heuristics live. Writes `config =
    #deform.gpu_config<...>` on each `deform.conv2d` and `deform.roi_pool`
    that has none, from the module's `#deform.gpu_target`. For a conv2d:
    the workgroup tile (one image, at most 64 output channels of one weight
    and offset group, rows x columns of output pixels, the columns a
    multiple of the thread tile's pixels), the thread tile (4 or 8 output
    channels x 4 pixels in registers; 96 registers per thread), the input
    channels per shared-memory
    chunk (the largest divisor of the offset group's channels whose columns
    and weights fit the target's shared memory) and one thread per thread
    tile; for roi_pool the (roi, channel) tile, one thread per (roi,
    channel) for the scalar path and up to 256 threads (128 for dcn_psroi,
    whose bins are heavier) sharing the tile's bins. A configuration already present (from a tuning database or the
    user) is left alone; later passes only read it. Channels, kernels and
    pooled sizes must be static.

    Before:
    ```mlir
    module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ...>} {
      ... deform.conv2d ins(...) outs(%o : tensor<8x64x56x56xf32>) {pads = ...}
    ```
    After:
    ```mlir
      ... deform.conv2d ins(...) outs(%o : tensor<8x64x56x56xf32>)
          {config = #deform.gpu_config<tile = [1, 64, 2, 56],
           thread_tile = [1, 8, 1, 4], reduction = 4, workgroup = [224, 1, 1],
           staging = columns_weights, registers = 96>, pads = ...}
    ```
  }];
  let dependentDialects = ["::mlir::deform::DeformDialect"];
}

def DeformGpuMapLaunch : Pass<"deform-gpu-map-launch"> {
  let summary = "Turn workgroup and thread tile loops into gpu.launch";
  let description = [{
    Each `scf.forall` mapped to `#gpu.block` (bufferized, static bounds, as
    `deform-tile level=workgroup` makes it) becomes a `gpu.launch` with one
    workgroup per iteration (a one-dimensional grid, the forall's
    iterations delinearized from the block id, the last loop fastest) and
    the workgroup size of the configuration of the deform op inside. A
    nested `scf.forall` mapped to `#gpu.thread` (`deform-tile level=thread`)
    becomes the thread's own iteration: its indices are delinearized from
    the thread id over the configured thread tiles, and threads past the
    tile's (possibly partial) extent do nothing. Kernels are named
    `<function>_<op>` (`_1`, `_2`, ... when taken); a configuration's
    `registers` is recorded for `deform-gpu-prepare-kernels` in the module's
    `deform.kernel_registers` dictionary.

    Before:
    ```mlir
    scf.forall (%n, %oc, %y, %x) = (0, 0, 0, 0) to (1, 8, 10, 10) step (1, 8, 2, 12) {
      ... deform.conv2d ... origin(%c0, %y, %c0, %c0) {config = #deform.gpu_config<...,
          workgroup = [12, 1, 1], ...>}
    } {mapping = [#gpu.block<linear_dim_3>, ..., #gpu.block<linear_dim_0>]}
    ```
    After:
    ```mlir
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c5, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c12, %sy = %c1, %sz = %c1) {
      %y = affine.apply affine_map<(d0) -> (d0 * 2)>(%bx)
      ... deform.conv2d ... origin(%c0, %y, %c0, %c0) {config = ...}
      gpu.terminator
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect", "::mlir::scf::SCFDialect"
  ];
}

def DeformGpuLower : Pass<"deform-gpu-lower"> {
  let summary = "Lower deform tiles inside gpu.launch to workgroup code";
  let description = [{
    The GPU lowering of the deform ops a `gpu.launch` holds, reading only
    their `#deform.gpu_config`:
    - a `deform.conv2d` tile becomes one fused implicit GEMM: per chunk of
      `reduction` input channels, a `deform.sample_columns` into a
      workgroup (shared) buffer and, with `staging = columns_weights`, the
      chunk's weights into another; a barrier; the register-tiled
      micro-kernel (each thread `thread_tile` output channels x pixels, its
      accumulators carried across chunks in registers, `vector.fma` on
      vectors loaded from shared memory); a barrier; then bias and the
      store of each thread's tile. The column matrix never reaches global
      memory;
    - a `deform.sample_columns` inside a `gpu.launch` is sampled by all the
      workgroup's threads together: one thread per (tap, pixel) computes the
      bilinear corners once and samples every channel of the chunk with
      them (`lib/Codegen/Common`, one thread per lane);
    - a `deform.roi_pool` tile spreads its (roi, channel, bin) outputs over
      the workgroup's threads, each one bin (mmcv) or one bin and its count
      (dcn_psroi).
    Everything is scalar or short-vector code on `gpu.thread_id`; shared
    buffers are `memref.alloc` in `#gpu.address_space<workgroup>`, which
    `deform-gpu-prepare-kernels` turns into workgroup attributions.

    Before:
    ```mlir
    gpu.launch ... {
      deform.conv2d ins(%x, %off, %w : ...) outs(%o : memref<1x8x2x10xf32, strided<...>>)
          origin(...) {config = #deform.gpu_config<...>}
      gpu.terminator
    }
    ```
    After (sketch):
    ```mlir
    gpu.launch ... {
      %cols = memref.alloc() : memref<18x24xf32, #gpu.address_space<workgroup>>
      %acc:2 = scf.for %c = %c0 to %c4 step %c2 iter_args(...) -> (vector<4xf32>, vector<4xf32>) {
        ... threads sample (tap, pixel) pairs, 4 corners, every channel of the chunk ...
        gpu.barrier
        ... vector.load %cols[%k, %p] ... vector.fma ...
        gpu.barrier
        scf.yield ...
      }
      ... bias, memref.store of the thread's outputs ...
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def DeformGpuPrepareKernels
    : Pass<"deform-gpu-prepare-kernels", "::mlir::ModuleOp"> {
  let summary = "One kernel module, shared memory attributions, argument attributes";
  let description = [{
    After `gpu-kernel-outlining` (which puts every kernel in `gpu.module
    @deform_kernels`, as `deform-gpu-map-launch` names it: one binary per
    compiled module, loaded once per device): turns each `memref.alloc` in
    workgroup memory into a workgroup attribution of its kernel (16-byte
    aligned, for vector loads), and marks
    every pointer argument `llvm.noalias` (the launcher passes distinct
    buffers) and those the kernel never writes `llvm.readonly` too (so their
    loads use the read-only data path, `ld.global.nc`), and gives the
    kernels of `deform.kernel_registers` their register budget
    (`nvvm.maxnreg`, ptxas's `.maxnreg`). A kernel argument that is not a
    memref is an error: the launch plan passes buffers only.

    Before:
    ```mlir
    gpu.module @deform_kernels {
      gpu.func @main_conv2d(%x: memref<1x4x12x12xf32>, %o: memref<1x8x10x10xf32>) kernel {
        %s = memref.alloc() : memref<18x24xf32, #gpu.address_space<workgroup>>
    ```
    After:
    ```mlir
    gpu.module @deform_kernels {
      gpu.func @main_conv2d(%x: memref<1x4x12x12xf32> {llvm.noalias, llvm.readonly},
                            %o: memref<1x8x10x10xf32> {llvm.noalias})
          workgroup(%s : memref<18x24xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
          kernel {
    ```
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def DeformGpuContract : Pass<"deform-gpu-contract"> {
  let summary = "Allow FMA contraction of f32 arithmetic in kernels";
  let description = [{
    Marks every `arith.mulf`, `arith.addf` and `arith.subf` on f32 (scalars
    or vectors) inside a `gpu.module` with `fastmath<contract>`, so that the
    NVPTX backend fuses multiply-adds into `fma.rn.f32` (by default a
    separate `mul.rn` and `add.rn` are emitted and ptxas may not fuse
    them). f64 arithmetic is left exact: sample coordinates, range checks
    and RoI geometry are formed in f64 the way the float64 reference forms
    them (SEMANTICS 3), and their discontinuous decisions must not move.

    Before:
    ```mlir
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %p, %c : f32
    ```
    After:
    ```mlir
    %p = arith.mulf %a, %b fastmath<contract> : f32
    %s = arith.addf %p, %c fastmath<contract> : f32
    ```
  }];
}

def DeformGpuAttachTargets
    : Pass<"deform-gpu-attach-targets", "::mlir::ModuleOp"> {
  let summary = "Attach one NVVM target per chip of the module's GPU target";
  let description = [{
    Gives every `gpu.module` one `#nvvm.target` per chip of the module's
    `#deform.gpu_target` (`O = 3`, the target's PTX version as a feature),
    linking libdevice when it is found: the `libdevice` option, then
    `$CUDA_PATH/nvvm/libdevice`, `/usr/local/cuda/nvvm/libdevice`, then the
    toolkit of the `ptxas` on `PATH`. Without it the kernels still compile
    (`deform-gpu-native-math` replaces the libdevice calls the deform ops
    need); a libdevice call that remains is then an error of
    `deform-gpu-fatbin`.

    Before:
    ```mlir
    gpu.module @deform_kernels { ... }
    ```
    After:
    ```mlir
    gpu.module @deform_kernels [#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80",
        link = [".../libdevice.10.bc"]>, #nvvm.target<O = 3, chip = "sm_90", ...>] { ... }
    ```
  }];
  let options = [
    Option<"libdevice", "libdevice", "std::string", /*default=*/"\"\"",
           "libdevice.10.bc to link (default: search the CUDA toolkit)">,
  ];
  let dependentDialects = ["::mlir::NVVM::NVVMDialect"];
}

def DeformGpuNativeMath : Pass<"deform-gpu-native-math"> {
  let summary = "Replace libdevice math calls by native NVPTX instructions";
  let description = [{
    `convert-gpu-to-nvvm` lowers `math.floor`, `math.ceil`, `math.round`,
    `math.absf` and `math.sqrt` to calls of libdevice's `__nv_*` functions,
    which need libdevice at link time and otherwise leave an unresolved
    `.extern` in the PTX. Each such call (f32 or f64) becomes the LLVM
    intrinsic the NVPTX backend emits as one instruction (`cvt.rmi`,
    `cvt.rpi`, the round-half-away sequence, `abs`, `sqrt.rn`), with the same
    results; unused declarations are removed. Other libdevice calls are left
    for libdevice.

    Before:
    ```mlir
    llvm.func @__nv_floor(f64) -> f64
    %r = llvm.call @__nv_floor(%x) : (f64) -> f64
    ```
    After:
    ```mlir
    %r = llvm.intr.floor(%x) : (f64) -> f64
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DeformGpuFatbin : Pass<"deform-gpu-fatbin", "::mlir::ModuleOp"> {
  let summary = "Package each gpu.binary's PTX as one fatbin for every chip";
  let description = [{
    After `gpu-module-to-binary{format=isa}` (one PTX object per chip):
    assembles each chip's PTX with `ptxas -O3` into a cubin and packages
    the cubins and the first chip's PTX (for the driver to compile on other
    GPUs) into one fatbin with `fatbinary`, the single object of the
    `gpu.binary`. `ptxas` is the `ptxas` option, else
    `$CUDA_PATH/bin/ptxas`, `/usr/local/cuda/bin/ptxas`, `ptxas` on
    `PATH`; `fatbinary` is the one beside it. When none is found the binary
    keeps the first chip's PTX only, and a warning lists where it looked.
    A PTX that still calls a libdevice function (`.extern .func __nv_*`) is
    an error. `ptx-dir`, when given, receives each chip's PTX as
    `<module>.<chip>.ptx` (for inspection and tests).

    Before:
    ```mlir
    gpu.binary @deform_kernels [#gpu.object<#nvvm.target<chip = "sm_80", ...>, assembly = "...">,
                                #gpu.object<#nvvm.target<chip = "sm_90", ...>, assembly = "...">]
    ```
    After:
    ```mlir
    gpu.binary @deform_kernels [#gpu.object<#nvvm.target<chip = "sm_80", ...>, fatbin = "...">]
    ```
  }];
  let options = [
    Option<"ptxas", "ptxas", "std::string", /*default=*/"\"\"",
           "ptxas to use (default: search the CUDA toolkit)">,
    Option<"ptxDir", "ptx-dir", "std::string", /*default=*/"\"\"",
           "Directory to write each chip's PTX to">,
  ];
}

def DeformGpuEmulate : Pass<"deform-gpu-emulate", "::mlir::ModuleOp"> {
  let summary = "Compile kernels for the host, to run in an emulating driver";
  let description = [{
    For testing without a GPU (the `emulate` option of
    `deform-gpu-pipeline`, in place of the NVVM lowering): every kernel of
    each `gpu.module` is compiled for the host CPU, so that the launch
    plans, the runtime and the kernels' own logic (tile indexing, shared
    memory, barriers) run in the emulating CUDA driver of the tests
    (`test/runtime/FakeCudaDriver.cpp` with its emulator), which runs a
    workgroup's threads as fibers that switch at barriers. A kernel `K`
    becomes `void K(void **params, int64_t block, int64_t thread, void
    *shared)` (its workgroup attributions at 16-byte aligned offsets of
    `shared`), with a global `K__shared_bytes`; `gpu.barrier` calls
    `deform_emu_barrier()`. The `gpu.module` becomes a `gpu.binary` whose
    one object is that LLVM bitcode (`offload` format). It says nothing of
    the NVVM lowering, the PTX or the hardware: it checks the algorithm.

    Before:
    ```mlir
    gpu.module @deform_kernels {
      gpu.func @main_conv2d(%x: memref<...>, ...) workgroup(%s : memref<36x112xf32, 3>) kernel { ... }
    }
    ```
    After:
    ```mlir
    gpu.binary @deform_kernels [#gpu.object<#nvvm.target, properties = {deform.emulated},
                                offload = "BC...">]
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

#endif // DEFORM_CODEGEN_GPU_PASSES_TD
