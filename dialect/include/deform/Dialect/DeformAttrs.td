//===- DeformAttrs.td - deform dialect attributes ----------*- tablegen -*-===//
#ifndef DEFORM_ATTRS_TD
#define DEFORM_ATTRS_TD

include "deform/Dialect/DeformBase.td"
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
    - `reduction`: input channels sampled per chunk; must divide the input
      channels of one weight group that share one offset group (a chunk never
      straddles an offset group).
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

#endif // DEFORM_ATTRS_TD
