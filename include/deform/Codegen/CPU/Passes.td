//===- Passes.td - deform CPU code generation passes -------*- tablegen -*-===//
#ifndef DEFORM_CODEGEN_CPU_PASSES_TD
#define DEFORM_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeformCpuTarget : Pass<"deform-cpu-target", "::mlir::ModuleOp"> {
  let summary = "Record the CPU the module is compiled for";
  let description = [{
    Sets the module's `deform.target` attribute, a `#deform.cpu_target`
    with the CPU's LLVM name, its target features, its vector width and its
    number of vector registers, unless the module already has one. Every
    later CPU pass, and `deform-compile`, reads that attribute: the target
    is decided here only. `cpu=host` (the default) is the machine the
    compiler runs on; any LLVM CPU name (`x86-64-v3`, `x86-64-v4`,
    `skylake-avx512`, ...) gives code for that CPU. An unknown name is an
    error that lists where to find the known ones.

    Before:
    ```mlir
    module { ... }
    ```
    After (`cpu=x86-64-v3`):
    ```mlir
    module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3",
        features = "", vector_bits = 256, vector_registers = 16>} { ... }
    ```
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"host\"",
           "Target CPU: host, or an LLVM CPU name (x86-64-v3, x86-64-v4, ...)">,
  ];
  let dependentDialects = ["::mlir::deform::DeformDialect"];
}

def DeformConfigureCpu : Pass<"deform-configure-cpu", "::mlir::ModuleOp"> {
  let summary = "Choose the CPU kernel configuration of every deform op";
  let description = [{
    The one place where CPU heuristics live. Writes `config =
    #deform.cpu_config<...>` on each `deform.conv2d` and `deform.roi_pool`
    that has none, from the module's `#deform.cpu_target` (vector width and
    register count): for a conv2d the tile (one image, the output channels
    that share a weight group and offset group, rows x columns of pixels
    that fill whole vectors and waste the fewest computed pixels over the
    image, ragged last tile included), the input channels per sampling
    chunk (the column buffer stays within 256 KiB), the vector width (the target's lanes
    of the compute type) and the micro-kernel's register tile (6 x 4
    vectors with 32 registers, 6 x 2 with 16); for roi_pool the (roi,
    channel) tile and the channel lanes. A regular convolution
    (`linalg.conv_2d_nchw_fchw` or `linalg.conv_2d_nhwc_hwcf` on tensors,
    static channels and kernel, one float type) gets the conv2d heuristic
    from its geometry, as a `deform.config` attribute, so it runs on the same
    machinery (an offset convolution, fused into its conv2d by
    `deform-tile`). A configuration already present (from a tuning database
    or the user) is checked and left alone; later passes only read it.

    Before:
    ```mlir
    module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4",
        features = "", vector_bits = 512, vector_registers = 32>} {
      ... deform.conv2d ins(...) outs(%o : tensor<8x64x56x56xf32>) {pads = ...}
    ```
    After:
    ```mlir
      ... deform.conv2d ins(...) outs(%o : tensor<8x64x56x56xf32>)
          {config = #deform.cpu_config<tile = [1, 64, 4, 56], reduction = 32,
           vector = 16, register_tile = [6, 4]>, pads = ...}
    ```
  }];
  let dependentDialects = ["::mlir::deform::DeformDialect"];
}

def DeformCpuLower : Pass<"deform-cpu-lower"> {
  let summary = "Lower decomposed deform ops in buffer form to CPU vector code";
  let description = [{
    The CPU lowering of the pieces `deform-decompose` leaves, reading only
    their configuration (`vector`, `register_tile`, the roi tile):
    - `deform.sample_columns`: per tap, the bilinear corners of a vector of
      pixels at a time (computed once per pixel and tap), then, for every
      channel of the chunk, four masked vector gathers (a corner outside the
      image is never read), weighted, times the mask. Where the image's
      columns are contiguous (NCHW, a static width of at least 2), each
      corner row is instead one 2-element load per pixel, split into left
      and right corners by shuffles: half the loads, and no gather
      instruction (about 2.5x faster per sample on Zen 5). A chunk of up to 4
      NCHW channels keeps each vector's corners in registers for its
      channels instead of storing them; a larger chunk reads the stored
      corners once per two channels (both channels' loads, then their
      stores). A vector of pixels that is one run of a tile row reads its
      planar offsets and mask with one vector load each (a branch per
      vector; the others gather them); rows statically shorter than a
      vector have no branch;
    - `deform.im2col`: per tap, the input offsets of a vector of pixels at
      a time, then one gather per channel and vector; with NCHW, stride 1
      and contiguous columns, a vector that is one run of a tile row with
      its tap inside the image is one vector load instead;
    - `linalg.matmul` carrying `deform.config`: a register-tiled vector FMA
      micro-kernel (`register_tile` = output channels x vectors of pixels
      held in registers over the whole reduction, one broadcast and one
      `vector.fma` per accumulator and step; pixels left after whole blocks
      of vectors run as one narrower block with more rows);
    - `deform.roi_pool`: mmcv samples each bin's points once and reads
      `vector` channels at a time with masked gathers and scatters;
      dcn_psroi is scalar; both in an `scf.parallel` over their tile
      unless already inside a parallel tile loop.
    A configuration it cannot honour is an error naming the op and the
    field. Copies between memrefs that are not both dense become loops (so
    that no object needs MLIR's C runner library).

    Before:
    ```mlir
    linalg.matmul ins(%w, %cols : memref<16x144xf32, strided<...>>, memref<144x64xf32>)
        outs(%acc : memref<16x64xf32>) {deform.config = #deform.cpu_config<
        tile = [1, 16, 4, 16], reduction = 16, vector = 16, register_tile = [4, 4]>}
    ```
    After (sketch):
    ```mlir
    scf.for %r = %c0 to %c16 step %c4 {
      %acc:16 = scf.for %k = %c0 to %c144 step %c1 iter_args(...) {
        %c0v = vector.load %cols[%k, %c0] : memref<144x64xf32>, vector<16xf32>
        ... vector.broadcast, vector.fma ...
      }
      vector.store ...
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def DeformCpuOutlineParallel : Pass<"deform-cpu-outline-parallel",
                                    "::mlir::ModuleOp"> {
  let summary = "Hand parallel tile loops to the runtime's thread pool";
  let description = [{
    Gives every function a leading `!llvm.ptr` argument, the runtime
    context (`deform_context *`, NULL for the runtime's default one), and
    turns each outermost `scf.parallel` into a launch: its body moves into a
    private function `@<fn>__tiles<i>(first, last, captured values)` that
    runs the flattened iterations [first, last), and the loop becomes a call
    to `@<fn>__tiles<i>__launch(ctx, n, captured values)`, a declaration
    that `deform-cpu-materialize-launches` defines after the conversion to
    LLVM: it packs the captured values and calls
    `deform_kernel_parallel_for(ctx, n, entry, args)` of the runtime, whose
    context decides the threads. No OpenMP, no process-wide state.

    Before:
    ```mlir
    func.func @main(%x: memref<8x64xf32>) {
      scf.parallel (%b, %t) = (%c0, %c0) to (%c8, %c4) step (%c1, %c1) { ... %x ... }
      return
    }
    ```
    After:
    ```mlir
    func.func @main(%ctx: !llvm.ptr, %x: memref<8x64xf32>) {
      call @main__tiles0__launch(%ctx, %c32, %x) : (!llvm.ptr, index, memref<8x64xf32>) -> ()
      return
    }
    func.func private @main__tiles0(%first: index, %last: index, %x: memref<8x64xf32>) {
      scf.for %i = %first to %last step %c1 { ... delinearized (%b, %t) ... }
      return
    }
    func.func private @main__tiles0__launch(!llvm.ptr, index, memref<8x64xf32>)
        attributes {deform.launch = @main__tiles0}
    ```
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect"
  ];
}

def DeformCpuMaterializeLaunches : Pass<"deform-cpu-materialize-launches",
                                        "::mlir::ModuleOp"> {
  let summary = "Define the launch stubs of deform-cpu-outline-parallel in LLVM";
  let description = [{
    For each `llvm.func` declaration marked `deform.launch = @tiles` (after
    the conversion to LLVM, when every captured value is a plain LLVM
    value), defines it: the arguments but the context and the count are
    stored into a stack struct, and `deform_kernel_parallel_for(ctx, n,
    @<tiles>__entry, &struct)` runs `@<tiles>__entry(first, last, &struct)`
    on the runtime's threads, which unpacks the struct and calls `@tiles`.

    Before:
    ```mlir
    llvm.func @main__tiles0__launch(!llvm.ptr, i64, !llvm.ptr, ...)
        attributes {deform.launch = @main__tiles0}
    ```
    After:
    ```mlir
    llvm.func @main__tiles0__launch(%ctx: !llvm.ptr, %n: i64, %a0: !llvm.ptr, ...) {
      %args = llvm.alloca ... x !llvm.struct<(ptr, ...)>
      llvm.store ...
      llvm.call @deform_kernel_parallel_for(%ctx, %n, %entry, %args) : ...
      llvm.return
    }
    llvm.func @main__tiles0__entry(%first: i64, %last: i64, %args: !llvm.ptr) { ... }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DeformCpuCheckAllocations : Pass<"deform-cpu-check-allocations",
                                     "::mlir::ModuleOp"> {
  let summary = "Allocate through the runtime and stop early when it fails";
  let description = [{
    After the conversion to LLVM: every `malloc` call of the generated code
    calls `deform_kernel_alloc` of the runtime instead, which counts a
    failure, and a NULL result returns from the function at once (with
    zero results) instead of being used. The entry points compare the
    runtime's failure count around a call and report
    DEFORM_ERROR_OUT_OF_MEMORY. Every `free` calls `deform_kernel_free`,
    which keeps the block for the thread's next allocation of that size
    (the next tile's scratch, the next call's buffers) instead of paying
    its page faults again.

    Before:
    ```mlir
    %p = llvm.call @malloc(%n) : (i64) -> !llvm.ptr
    ... uses of %p ...
    llvm.call @free(%p) : (!llvm.ptr) -> ()
    ```
    After:
    ```mlir
    %p = llvm.call @deform_kernel_alloc(%n) : (i64) -> !llvm.ptr
    %null = llvm.icmp "eq" %p, %zero : !llvm.ptr
    llvm.cond_br %null, ^failed, ^allocated
  ^failed:
    llvm.return
  ^allocated:
    ... uses of %p ...
    llvm.call @deform_kernel_free(%p) : (!llvm.ptr) -> ()
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DeformSetTargetCpu : Pass<"deform-set-target-cpu", "::mlir::ModuleOp"> {
  let summary = "Put the module's target CPU on every LLVM function";
  let description = [{
    Sets `target_cpu` and `target_features` on each `llvm.func` definition
    from the module's `#deform.cpu_target`, so that `mlir-translate` +
    `llc`, or any later LLVM step, generates code for that CPU.

    Before:
    ```mlir
    module attributes {deform.target = #deform.cpu_target<cpu = "znver4",
        features = "+avx512f,...", vector_bits = 512, vector_registers = 32>} {
      llvm.func @main(...) { ... }
    ```
    After:
    ```mlir
      llvm.func @main(...) attributes {target_cpu = "znver4",
          target_features = #llvm.target_features<["+avx512f", ...]>} { ... }
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DEFORM_CODEGEN_CPU_PASSES_TD
