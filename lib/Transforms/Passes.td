//===- Passes.td - deform passes ---------------------------*- tablegen -*-===//
#ifndef DEFORM_TRANSFORMS_PASSES_TD
#define DEFORM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeformSelectTileSizes : Pass<"deform-select-tile-sizes"> {
  let summary = "Choose the tile configuration of every deform op";
  let description = [{
    The one place where tile-size heuristics live. Writes
    `deform.tile_sizes = array<i64: P, Cc>` on each `deform.conv2d` that has
    none: `P` output pixels (flattened `Ho*Wo`) per tile and `Cc` input
    channels per sampling chunk. An attribute already present (from
    `deform-tune`, a tuning database or the user) is left alone; later passes
    read only the attribute.

    Before:
    ```mlir
    %r = deform.conv2d ins(...) outs(%o : tensor<8x64x56x56xf32>) {pads = ...}
    ```
    After:
    ```mlir
    %r = deform.conv2d ins(...) outs(%o : tensor<8x64x56x56xf32>)
         {deform.tile_sizes = array<i64: 1, 2, 56, 16>, pads = ...}
    ```
  }];
  let options = [
    Option<"rows", "rows", "int64_t", /*default=*/"0",
           "Override: output rows per conv tile (0 = heuristic)">,
    Option<"columns", "columns", "int64_t", /*default=*/"0",
           "Override: output columns per conv tile (0 = heuristic)">,
    Option<"channels", "channels", "int64_t", /*default=*/"0",
           "Override: input channels per sampling chunk (0 = heuristic)">,
  ];
}

def DeformTile : Pass<"deform-tile"> {
  let summary = "Tile deform ops on tensors into parallel scf.forall loops";
  let description = [{
    Tiles every `deform.conv2d` and `deform.roi_pool` on tensors through
    their TilingInterface, with the leading entries of `deform.tile_sizes`
    as tile sizes, into an `scf.forall` (one iteration per tile, run in
    parallel after bufferization). conv2d tiles (batch, output row, output
    column): each tile gets its slice of offset, mask and output, the whole
    image of its batch, and `origin(row, column)`. roi_pool tiles (roi,
    channel) for mmcv and rois for dcn_psroi.

    Before:
    ```mlir
    %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x16x16xf32>, ...)
         outs(%o : tensor<1x8x16x16xf32>)
         {deform.tile_sizes = array<i64: 1, 4, 16, 8>} -> tensor<1x8x16x16xf32>
    ```
    After:
    ```mlir
    %r = scf.forall (%b, %y, %x) = (0, 0, 0) to (1, 16, 16) step (1, 4, 16)
        shared_outs(%out = %o) -> (tensor<1x8x16x16xf32>) {
      ... tensor.extract_slice ...
      %t = deform.conv2d ins(...) outs(%ot : tensor<1x8x4x16xf32>)
           origin(%y, %x) {deform.tile_sizes = ...} -> tensor<1x8x4x16xf32>
      scf.forall.in_parallel { tensor.parallel_insert_slice %t into %out[...] }
    }
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::memref::MemRefDialect",
    "::mlir::affine::AffineDialect"
  ];
}

def DeformLowerToLoops : Pass<"deform-lower-to-loops"> {
  let summary = "Decompose bufferized deform ops into sampling loops and a contraction";
  let description = [{
    Lowers `deform.conv2d` and `deform.roi_pool` in buffer (memref) form with
    static shapes. A convolution becomes an `scf.parallel` over
    (batch, pixel tile); each tile samples just its columns (`Cc*kh*kw` x `P`)
    into a small buffer that stays in cache, computing the bilinear
    coefficients once per sample point and offset group and reusing them for
    every channel, then accumulates the weights times that buffer in a
    register-tiled vector micro-kernel (4 output channels x up to 4 vectors of
    pixels held in registers over the whole reduction, one broadcast and one
    `vector.fma` per accumulator and step). Extra memory is O(tile) per thread, never a whole im2col buffer.
    RoI pooling becomes an `scf.parallel` over (roi, channel).

    Reads the tile configuration from `deform.tile_sizes` (see
    `deform-select-tile-sizes`); fails with a message naming the op when it is
    missing, or when a channel, kernel, image or pooled size is dynamic.
    With `scalar`, every op is instead lowered through its TilingInterface
    scalar implementation (plain loops, one output point at a time): slow,
    simple, and a second path the tests compare with the reference.

    Before:
    ```mlir
    deform.conv2d ins(%x, %off, %w : memref<...>, memref<...>, memref<...>)
      outs(%o : memref<...>) {deform.tile_sizes = array<i64: 64, 32>}
    ```
    After (sketch):
    ```mlir
    scf.parallel (%b, %t) = ... {
      %cols = memref.alloc() : memref<288x64xf32>
      scf.for %c0 = ... {          // sampling chunk
        scf.for %q = ... { ... }   // taps once, then every channel
        scf.for %kk ... iter_args(%a00 = ..., ...) {   // vector.fma
      }
      scf.for ... { memref.store ... }   // bias + copy-out
    }
    ```
  }];
  let options = [
    Option<"scalar", "scalar", "bool", /*default=*/"false",
           "Lower through the TilingInterface scalar implementation">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
}

def DeformSetTargetCpu : Pass<"deform-set-target-cpu", "::mlir::ModuleOp"> {
  let summary = "Record the target CPU on every LLVM function";
  let description = [{
    Sets `target_cpu` (and, for `host`, the host's `target_features`) on each
    `llvm.func` definition, so that `mlir-translate` + `llc`, or any later
    LLVM step, generates code for that CPU: AVX-512 where the host has it.
    `cpu=host` (the default) means the machine the compiler runs on;
    `x86-64-v3` / `x86-64-v4` give portable binaries.

    Before:
    ```mlir
    llvm.func @main(...) { ... }
    ```
    After (on an AVX-512 Zen 4 host):
    ```mlir
    llvm.func @main(...) attributes {target_cpu = "znver4",
        target_features = #llvm.target_features<["+avx512f", ...]>} { ... }
    ```
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"host\"",
           "Target CPU: host, or an LLVM CPU name (x86-64-v3, skylake-avx512, ...)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // DEFORM_TRANSFORMS_PASSES_TD
