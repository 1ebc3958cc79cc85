//===- DeformAttrs.td - deform dialect attributes ----------*- tablegen -*-===//
#ifndef DEFORM_ATTRS_TD
#define DEFORM_ATTRS_TD

include "deform/Dialect/DeformBase.td"
include "deform/Dialect/DeformEnums.td"
include "deform/Dialect/DeformInterfaces.td"
include "mlir/IR/AttrTypeBase.td"

class Deform_Attr<string name, string mnemonic_, list<Trait> traits = []>
    : AttrDef<Deform_Dialect, name, traits> {
  let mnemonic = mnemonic_;
}

def Deform_CpuConfigAttr : Deform_Attr<"CpuConfig", "cpu_config",
    [DeclareAttrInterfaceMethods<Deform_KernelConfigAttrInterface>]> {
  let summary = "the CPU kernel configuration of one deform op";
  let description = [{
    Every decision the CPU lowering makes for one op. `deform-configure-cpu`
    writes it from the module's `#deform.cpu_target`; a tuning database or a
    user may write it instead, and it is then left alone.

    For `deform.conv2d`:
    - `tile = [n, oc, rows, columns]`: one task computes `n` images x `oc`
      output channels x `rows` x `columns` output pixels (`deform-tile`).
      `oc` must divide, or be a multiple of, the output channels that share
      one weight group and one offset group (they read the same sampled
      columns; the task samples once per such block).
    - `reduction`: input channels sampled per chunk, 1 to the input channels
      of one weight group that share one offset group (a chunk never
      straddles them: where `reduction` does not divide them, the last chunk
      of each such segment is shorter).
    - `vector`: lanes of the compute type per vector register (pixels).
    - `register_tile = [rows, vectors]`: the micro-kernel keeps `rows` output
      channels x `vectors` vectors of pixels in registers (the pixels left
      after whole blocks of `vectors` vectors run as one narrower block with
      proportionally more rows). The tile's pixels are padded to a multiple
      of `vector`.
    Bounds: `rows * columns <= 65536` pixels, the column buffer
    (`reduction * kh * kw` x padded pixels) and the accumulator tile
    (`oc`, or the block when smaller, x padded pixels) at most 2^24
    elements each, `rows * vectors <= 64`.

    For `deform.roi_pool`: `tile = [rois, channels]` (mmcv) or `[rois]`
    (dcn_psroi); `vector`: channels per vector for mmcv, 1 for dcn_psroi;
    no `reduction` or `register_tile`.

    Example:
    ```mlir
    #deform.cpu_config<tile = [1, 64, 2, 56], reduction = 16, vector = 16,
                       register_tile = [4, 4]>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t", "tile sizes of the parallel domain">:$tile,
    DefaultValuedParameter<"int64_t", "0",
                           "input channels per sampling chunk">:$reduction,
    "int64_t":$vector,
    OptionalArrayRefParameter<"int64_t",
                              "micro-kernel rows x vectors">:$register_tile
  );
  let assemblyFormat = [{
    `<` `tile` `=` `[` $tile `]` `,` (`reduction` `=` $reduction^ `,`)?
    `vector` `=` $vector
    (`,` `register_tile` `=` `[` $register_tile^ `]`)? `>`
  }];
  let extraClassDeclaration = [{
    /// Pixels of a conv2d tile (rows * columns).
    int64_t getTilePixels() const { return getTile()[2] * getTile()[3]; }
    /// verifyFor of a convolution described by `g` (a deform.conv2d's, or a
    /// regular convolution's that deform's codegen runs).
    ::mlir::LogicalResult
    verifyForConvolution(::mlir::Operation *op,
                         const ::mlir::deform::ConvGeometry &g) const;
  }];
}

def Deform_CpuTargetAttr : Deform_Attr<"CpuTarget", "cpu_target"> {
  let summary = "the CPU a module is compiled for";
  let description = [{
    Set once on the module (`deform.target`) by `deform-cpu-target`; read by
    `deform-configure-cpu` (vector width, register count), by
    `deform-set-target-cpu` and by `deform-compile` (the LLVM target).
    `features` is LLVM's feature string (empty: the CPU's defaults).

    Example:
    ```mlir
    module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3",
        features = "", vector_bits = 256, vector_registers = 16>} { ... }
    ```
  }];
  let parameters = (ins
    StringRefParameter<"LLVM CPU name">:$cpu,
    StringRefParameter<"LLVM target features (+a,-b,...)">:$features,
    "int64_t":$vector_bits,
    "int64_t":$vector_registers
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Deform_GpuConfigAttr : Deform_Attr<"GpuConfig", "gpu_config",
    [DeclareAttrInterfaceMethods<Deform_KernelConfigAttrInterface,
                                 ["getThreadTileSizes"]>]> {
  let summary = "the GPU kernel configuration of one deform op";
  let description = [{
    Every decision the GPU lowering makes for one op. `deform-configure-gpu`
    writes it from the module's `#deform.gpu_target`; a tuning database or a
    user may write it instead, and it is then left alone.

    For `deform.conv2d` (one fused implicit-GEMM kernel):
    - `tile = [1, oc, rows, columns]`: one workgroup computes `oc` output
      channels x `rows` x `columns` output pixels of one image. `oc` must
      divide the output channels that share one weight group and one offset
      group (the workgroup samples one set of columns for all of them).
    - `thread_tile = [1, toc, 1, tpx]`: each thread keeps `toc` output
      channels x `tpx` consecutive pixels of the tile in registers
      (`toc * tpx` at most 64); `toc` divides `oc`, `tpx` divides `columns`.
    - `reduction`: input channels sampled into shared memory per step (a
      divisor of the input channels of one weight group that share one
      offset group).
    - `workgroup = [x, y, z]`: threads per workgroup, exactly one per thread
      tile: `x*y*z = (oc/toc) * rows * (columns/tpx)`, at most 1024.
    - `staging`: `columns` (the sampled columns of a chunk in shared
      memory, the weights read through the read-only cache) or
      `columns_weights` (the chunk's weights in shared memory too). Shared
      memory: `reduction*kh*kw x rows*columns` columns plus, for
      `columns_weights`, `oc x roundup(reduction*kh*kw, 4)` weights, of the
      compute type; at most 48 KiB.

    For both ops, `registers` (optional) caps the registers of each thread
    (`.maxnreg`, 16 to 255): given a workgroup size, ptxas otherwise aims at
    an occupancy that may make it spill.

    For `deform.roi_pool`: `tile = [rois, channels]` (mmcv) or `[rois]`
    (dcn_psroi) per workgroup, `thread_tile` of the same rank (the scalar
    path's one tile per thread; the fast path spreads the tile's bins over
    all threads), `workgroup` at least one thread per thread tile, at most
    1024; no `reduction`; `staging = none`.

    Example:
    ```mlir
    #deform.gpu_config<tile = [1, 64, 2, 32], thread_tile = [1, 4, 1, 4],
                       reduction = 8, workgroup = [256, 1, 1],
                       staging = columns_weights, registers = 96>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t", "tile sizes of one workgroup">:$tile,
    ArrayRefParameter<"int64_t", "tile sizes of one thread">:$thread_tile,
    DefaultValuedParameter<"int64_t", "0",
                           "input channels per shared-memory chunk">:$reduction,
    ArrayRefParameter<"int64_t", "threads per workgroup (x, y, z)">:$workgroup,
    DefaultValuedParameter<"GpuStaging", "GpuStaging::None",
                           "what is staged in shared memory">:$staging,
    DefaultValuedParameter<"int64_t", "0",
                           "registers per thread (0: ptxas decides)">:$registers
  );
  let assemblyFormat = [{
    `<` `tile` `=` `[` $tile `]` `,` `thread_tile` `=` `[` $thread_tile `]`
    `,` (`reduction` `=` $reduction^ `,`)? `workgroup` `=` `[` $workgroup `]`
    (`,` `staging` `=` $staging^)? (`,` `registers` `=` $registers^)? `>`
  }];
  let extraClassDeclaration = [{
    /// Threads per workgroup (x * y * z).
    int64_t getWorkgroupThreads() const;
    /// Shared memory of a conv2d workgroup with this configuration, in
    /// elements of the compute type: the sampled columns, then (staging
    /// columns_weights) the weights, whose rows are padded to `weightRow`.
    int64_t getColumnElements(const ConvGeometry &g) const;
    int64_t getWeightRow(const ConvGeometry &g) const;
    int64_t getWeightElements(const ConvGeometry &g) const;
  }];
}

def Deform_GpuTargetAttr : Deform_Attr<"GpuTarget", "gpu_target"> {
  let summary = "the NVIDIA GPUs a module is compiled for";
  let description = [{
    Set once on the module (`deform.target`) by `deform-gpu-target`; read by
    `deform-configure-gpu` (threads, shared memory, registers), by the NVVM
    target attachment and by the binary packaging. `chips` are compute
    capabilities (`80` is sm_80): one cubin each, plus the PTX of the first
    for the driver to compile on other GPUs; `ptx` is the PTX ISA version
    (`80` is PTX 8.0). `max_threads` per workgroup, `shared_memory` bytes of
    static shared memory per workgroup and `registers` per multiprocessor
    hold on every chip.

    Example:
    ```mlir
    module attributes {deform.target = #deform.gpu_target<chips = [80, 90],
        ptx = 80, max_threads = 1024, shared_memory = 49152,
        registers = 65536>} { ... }
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t", "compute capabilities (80 = sm_80)">:$chips,
    "int64_t":$ptx,
    "int64_t":$max_threads,
    "int64_t":$shared_memory,
    "int64_t":$registers
  );
  let assemblyFormat = [{
    `<` `chips` `=` `[` $chips `]` `,` `ptx` `=` $ptx `,` `max_threads` `=`
    $max_threads `,` `shared_memory` `=` $shared_memory `,` `registers` `=`
    $registers `>`
  }];
  let genVerifyDecl = 1;
}

#endif // DEFORM_ATTRS_TD
