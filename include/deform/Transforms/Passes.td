//===- Passes.td - target-independent deform passes --------*- tablegen -*-===//
#ifndef DEFORM_TRANSFORMS_PASSES_TD
#define DEFORM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeformTile : Pass<"deform-tile"> {
  let summary = "Tile configured deform ops on tensors into parallel scf.forall loops";
  let description = [{
    Tiles every `deform.conv2d` and `deform.roi_pool` on tensors through
    their TilingInterface, with the tile sizes of their `config` attribute
    (written by a target's configure pass, e.g. `deform-configure-cpu`), into
    an `scf.forall`: one iteration per tile, run in parallel after
    bufferization. conv2d tiles (batch, output channel, output row, output
    column): each tile gets its slice of offset, mask and output, the whole
    image of its batch, the whole weight, and `origin(oc, row, column,
    channel)`. roi_pool tiles (roi, channel) for mmcv and rois for
    dcn_psroi. Ops without a configuration are an error; conv2d ops that
    are already tiles are left alone.

    A configured regular convolution (`linalg.conv_2d_nchw_fchw` or
    `linalg.conv_2d_nhwc_hwcf` with a `deform.config`) that computes a
    conv2d's offsets or mask is fused into the conv2d's tiles (`fuse`,
    on by default): each tile computes just the offsets it reads, so the
    offset tensor never exists whole. Other configured regular convolutions
    are tiled on their own (batch, output channel, row, column).
    `level` selects what is tiled, and how the loops are marked:
    - `task` (default, CPU): ops outside any `scf.forall`, unmarked loops
      (each iteration a task of the runtime's threads);
    - `workgroup` (GPU): ops outside any `scf.forall`, loops marked
      `#gpu.block<linear_dim_*>` (one workgroup per tile; the last loop
      varies fastest, `linear_dim_0`);
    - `thread` (GPU): ops inside a workgroup loop, tiled again with their
      configuration's thread tile sizes, loops marked
      `#gpu.thread<linear_dim_*>` (one thread per tile), conv2d tiles
      included (their origins compose).

    Before:
    ```mlir
    %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x16x16xf32>, ...)
         outs(%o : tensor<1x8x16x16xf32>)
         {config = #deform.cpu_config<tile = [1, 8, 4, 16], reduction = 8,
                                      vector = 16, register_tile = [4, 4]>}
    ```
    After:
    ```mlir
    %r = scf.forall (%b, %c, %y, %x) = (0, 0, 0, 0) to (1, 8, 16, 16)
        step (1, 8, 4, 16) shared_outs(%out = %o) -> (tensor<1x8x16x16xf32>) {
      ... tensor.extract_slice ...
      %t = deform.conv2d ins(...) outs(%ot : tensor<1x8x4x16xf32>)
           origin(%c, %y, %x, %c0) {config = ...} -> tensor<1x8x4x16xf32>
      scf.forall.in_parallel { tensor.parallel_insert_slice %t into %out[...] }
    }
    ```
    With a fused offset convolution, the tile starts with
    `%o = linalg.conv_2d_nchw_fchw ins(%window, %w_off ...) outs(%fill ...)`
    on the input window of its pixels, and its conv2d reads `%o`.
  }];
  let options = [
    Option<"fuse", "fuse", "bool", /*default=*/"true",
           "Fuse the regular convolutions that compute a conv2d's offsets or "
           "mask into its tiles">,
    Option<"level", "level", "::mlir::deform::TileLevel",
           "::mlir::deform::TileLevel::Task",
           "What to tile: CPU tasks, GPU workgroups or GPU threads",
           [{::llvm::cl::values(
               clEnumValN(::mlir::deform::TileLevel::Task, "task",
                          "ops outside loops, CPU tasks"),
               clEnumValN(::mlir::deform::TileLevel::Workgroup, "workgroup",
                          "ops outside loops, one GPU workgroup per tile"),
               clEnumValN(::mlir::deform::TileLevel::Thread, "thread",
                          "ops in workgroup tiles, one GPU thread per tile"))}]>,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::memref::MemRefDialect",
    "::mlir::affine::AffineDialect", "::mlir::gpu::GPUDialect"
  ];
}

def DeformDecompose : Pass<"deform-decompose"> {
  let summary = "Split bufferized conv2d ops into column sampling and a matmul";
  let description = [{
    The target-independent decomposition of a `deform.conv2d` in buffer
    form (a tile, or a whole op): for each block of output channels that
    share one weight group and offset group, and each chunk of input
    channels (`reduction` of its configuration; a chunk never straddles an
    offset group), a `deform.sample_columns` samples the chunk's columns
    (`reduction*kh*kw` x pixels, the deformable im2col of the tile, never
    materialized beyond it) into a small buffer and a `linalg.matmul`
    (carrying the op's configuration as `deform.config`) accumulates the
    weights times the columns into an accumulator tile; the epilogue adds
    the bias (or, for a reduction tile, the partial sum already in the
    output) and stores the tile. Targets lower the two pieces their own way
    (`deform-cpu-lower`). An op outside any parallel loop gets an
    `scf.parallel` over (batch, pixel chunks). Needs static channels and
    kernel sizes and a configuration; image sizes may be dynamic. A regular
    convolution with a `deform.config` (`linalg.conv_2d_nchw_fchw`,
    `linalg.conv_2d_nhwc_hwcf`) decomposes the same way, its columns
    sampled on the pixel grid by `deform.im2col`, its epilogue adding to
    what the output holds.

    Before:
    ```mlir
    deform.conv2d ins(%x, %off, %w : memref<1x4x8x8xf32>, ...)
        outs(%o : memref<1x6x6x6xf32>) origin(%c0, %y, %c0, %c0) {config = ...}
    ```
    After (sketch):
    ```mlir
    %cols = memref.alloc() : memref<36x48xf32>
    %acc = memref.alloc() : memref<6x48xf32>
    linalg.fill ins(%zero : f32) outs(%acc : memref<6x48xf32>)
    scf.for %ci = %c0 to %c4 step %c4 {
      deform.sample_columns ins(%x, %off : ...) outs(%cols : memref<36x48xf32>)
          at(%c0, %ci, %g, %c0, %y, %c0) {kernel = array<i64: 3, 3>}
      linalg.matmul ins(%wtile, %cols : ...) outs(%acc : memref<6x48xf32>)
          {deform.config = ...}
    }
    scf.for ... { memref.store ... }   // bias + the tile's real pixels
    memref.dealloc %cols : memref<36x48xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
}

def DeformLowerToLoops : Pass<"deform-lower-to-loops"> {
  let summary = "Lower deform ops in buffer form to scalar loops";
  let description = [{
    Lowers every `deform.conv2d` and `deform.roi_pool` in buffer form
    through its TilingInterface scalar implementation: plain `scf.for`
    loops over the iteration domain, one output point (and, for conv2d, one
    input channel) at a time. Slow and simple, target-independent: the
    correctness baseline every target can run (`scalar=1` of the target
    pipelines). Image sizes may be dynamic; channels and kernel sizes must be
    static.

    Before:
    ```mlir
    deform.conv2d ins(%x, %off, %w : memref<1x4x8x8xf32>, ...)
        outs(%o : memref<1x6x6x6xf32>)
    ```
    After (sketch):
    ```mlir
    scf.for %b ... scf.for %oc ... scf.for %y ... scf.for %x ... scf.for %ci ... {
      %s = scf.for %k = %c0 to %c9 step %c1 iter_args(%a = %zero) -> (f32) {
        ... bilinear corners of tap k, 4 loads, math.fma ...
      }
      memref.store ...
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
}

def DeformShapeChecks : Pass<"deform-shape-checks", "::mlir::ModuleOp"> {
  let summary = "Companion functions that check dynamic sizes before a call";
  let description = [{
    For every public function whose arguments have dynamic sizes (batch,
    image height and width), adds a public `@<fn>__shape_check` with the
    same arguments that returns `(code, found, expected, result sizes...)`:
    `code` is 0 when every deform op of the function gets operands whose
    sizes agree (the relations the verifier checks for static shapes:
    output sizes from the image, kernel, pads, strides and dilations; batch
    and pixel counts of offset and mask; rois; images at least as large as
    the dilated kernel and of at most 2^31 - 1 elements), else the number of
    the first failed check, with the size found and the size expected.
    Each check's message is in the module attribute `deform.shape_checks`
    (`{fn = ["...%lld...%lld", ...]}`); `result sizes` are the dynamic sizes
    of the function's results. Callers (deform-run, the headers of
    deform-compile) run it first, so that no inconsistent size reaches the
    generated code. Once `tensor.dim` of each op result folds to its
    destination's, everything else is dead code; a check that then reads
    nothing but sizes is marked `deform.sizes_only` (it may be called with
    descriptors that have no data, to learn the result sizes). A
    `tensor.dim` or `memref.dim` of a constant index outside its operand's
    rank is an error (undefined behaviour the later folders do not guard).

    Before:
    ```mlir
    func.func @main(%x: tensor<?x4x?x?xf32>, %off: tensor<?x18x?x?xf32>, ...) -> tensor<?x6x?x?xf32>
    ```
    After (sketch):
    ```mlir
    func.func @main__shape_check(%x: tensor<?x4x?x?xf32>, ...) -> (i64, i64, i64, index, index, index)
        attributes {deform.shape_check_of = @main} {
      %h = tensor.dim %x, %c2 ... arith.cmpi ... arith.select ...
      return %code, %found, %expected, %n, %ho, %wo : i64, i64, i64, index, index, index
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::tensor::TensorDialect"
  ];
}

def DeformDistinctResults : Pass<"deform-distinct-results", "::mlir::ModuleOp"> {
  let summary = "Give each result of a public function its own tensor";
  let description = [{
    A value returned more than once by a public function is copied
    (`bufferization.alloc_tensor ... copy(...)`) for every repetition, so
    that after bufferization each result is its own buffer: results become
    caller-provided out-parameters one by one (ahead of time), and callers
    that free results (the JIT) never free one twice.

    Before:
    ```mlir
    return %r, %r : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32>
    ```
    After:
    ```mlir
    %copy = bufferization.alloc_tensor() copy(%r) : tensor<1x6x6x6xf32>
    return %r, %copy : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32>
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

#endif // DEFORM_TRANSFORMS_PASSES_TD
