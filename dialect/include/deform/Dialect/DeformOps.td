//===- DeformOps.td - deform dialect ops -------------------*- tablegen -*-===//
#ifndef DEFORM_OPS_TD
#define DEFORM_OPS_TD

include "deform/Dialect/DeformBase.td"
include "deform/Dialect/DeformEnums.td"
include "deform/Dialect/DeformAttrs.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Deform_Conv2dOp : Deform_Op<"conv2d", [
    AttrSizedOperandSegments,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "deformable 2-D convolution (DCN v1 / v2)";
  let description = [{
    Every kernel tap samples the input at a learned fractional offset,
    optionally scaled by a mask:

    ```
    out[b,o,y,x] = bias[o] + sum_{ci < C/G, i < kh, j < kw}
                   W[o,ci,i,j] * m * S(X[b,c], py, px)
      c  = (o / (OC/G)) * (C/G) + ci
      py = y*sh - pad_top  + i*dh + dy      (dy, dx: offset of tap k = i*kw + j,
      px = x*sw - pad_left + j*dw + dx       offset group g)
      Ho = (H + pad_top + pad_bottom - ((kh-1)*dh + 1)) / sh + 1
    ```

    Operands: `input`, `offset`, `weight`, an optional `mask`, an optional
    `bias` of shape `[OC]`, and the destination `init`.

    Attributes (all optional, defaults in brackets):
    - `strides` [1, 1], `dilations` [1, 1]: `[h, w]`, each at least 1.
    - `pads` [0, 0, 0, 0]: `[top, left, bottom, right]`, each at least 0.
    - `groups` [1]: weight groups G; `offset_groups` [1]: og.
    - `data_layout` [nchw]: `#deform.layout<nchw>` takes `[B, C, H, W]` and
      writes `[B, OC, Ho, Wo]`; `nhwc` takes `[B, H, W, C]`, writes
      `[B, Ho, Wo, OC]`.
    - `offset_layout` [planar]: `#deform.offset_layout<planar>` is
      `offset[B, og*2K, Ho, Wo]` with channel `g*2K + 2k + {0: dy, 1: dx}` and
      `mask[B, og*K, Ho, Wo]` with channel `g*K + k`;
      `interleaved` is `offset[B, Ho, Wo, K*og*2]` with index
      `2*(k*og + g) + {0: dy, 1: dx}` and `mask[B, Ho, Wo, K*og]` with index
      `k*og + g`.
    - `offset_group_axis` [input]: `input` means input channel `c` uses group
      `g = c / (C/og)`; `output` means output filter `o` uses `g = o / (OC/og)`.
    - `boundary` [zero]: `zero` is bilinear sampling of the image extended
      with zeros; `dcnv1` reads 0 unless `0 <= h < H && 0 <= w < W` and
      replicates the last row/column for corners past it; `tf_clamp` clips
      the sample to the padded image `[0, Hp-1] x [0, Wp-1]` and weights the
      clipped corners, so samples at or past the last padded row/column read 0.
    - `weight_layout` [oihw]: `oihw` is `[OC, C/G, kh, kw]`, `hwoi` is
      `[kh, kw, OC, C/G]`.

    Tiles: `origin(%oc0, %y0, %x0, %c0)` (four `index` values) marks the op
    as one tile of a larger convolution: its output starts at output channel
    `%oc0`, row `%y0` and column `%x0` of the full output, and it sums input
    channels `%c0` onwards of each weight group. The `offset`, `mask`,
    `weight` (output and input channels), `bias` and `init` operands hold
    just the tile; `input` keeps its whole image and all its channels (a
    sample's footprint depends on the offset values). `py`, `px`, the weight
    group and the offset group use the absolute positions. A tile with
    `%c0 = 0` writes `bias + sum`; a tile with `%c0 > 0` adds its partial sum
    to `init` (the reduction over input channels, tiled in order).
    `deform-tile` and TilingInterface tiling produce it; the tiled extents
    are then only bounded by the formula.

    Configuration: `config` (a `#deform.cpu_config`, ...) carries every
    decision of the target's lowering; it is verified against the op.

    Bounds: element types f16, bf16, f32 or f64; at least one channel;
    pooled sizes of at least 1; `sampling_ratio` 0 to 512 and
    `sample_per_part` 1 to 512 samples per bin and axis (the adaptive grid is
    capped at 512 too), `group_size^2 * C_out` overflow-checked; for dynamic
    sizes the roi counts of rois, offset, mask and outputs must agree and
    the image have at least one row and column (checked at run time by
    `deform-shape-checks`).

    Bounds: element types f16, bf16, f32 or f64; at least one input and one
    output channel and a kernel of at least 1 x 1; every size computed from
    the shapes and attributes (padded image, dilated kernel, offset
    channels) is overflow-checked; a padded image side is at most 2^24 - 1
    (sampling splits coordinates into exact i32 parts) and an image has at
    most 2^31 - 1 elements per batch (both checked at run time for dynamic
    sizes, with the other size relations, by `deform-shape-checks`).

    Non-finite offsets: a sample whose coordinate is NaN contributes 0 under
    every boundary rule; +-Inf and huge offsets read nothing out of bounds
    (`zero`/`dcnv1`: 0; `tf_clamp`: clipped to the first or last padded
    row/column). A NaN mask value propagates to the output.

    Attribute values that reproduce each framework:

    | system | attributes |
    |---|---|
    | torchvision `deform_conv2d` | defaults (nchw, planar, input, zero, oihw); mask optional |
    | mmcv DeformConv2d / ModulatedDeformConv2d | defaults; mask for the modulated (v2) op |
    | ONNX DeformConv (opset 19/22) | defaults; `pads` = ONNX `pads` `[top, left, bottom, right]` as given |
    | original DCN v1 (MXNet) | `boundary = #deform.boundary<dcnv1>`, no mask |
    | the TF layer | `data_layout = #deform.layout<nhwc>`, `offset_layout = #deform.offset_layout<interleaved>`, `offset_group_axis = #deform.offset_group_axis<output>`, `boundary = #deform.boundary<tf_clamp>`, `weight_layout = #deform.weight_layout<hwoi>` (its `[kh, kw, OC*C, 1]` kernel reshaped), `offset_groups` = OC by default; its 'same' padding becomes explicit `pads` |

    Example (torchvision DCNv2, 3x3, pad 1):

    ```mlir
    %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x16x16xf32>,
           tensor<1x18x16x16xf32>, tensor<8x8x3x3xf32>)
         mask(%m : tensor<1x9x16x16xf32>) bias(%b : tensor<8xf32>)
         outs(%init : tensor<1x8x16x16xf32>) {pads = array<i64: 1, 1, 1, 1>}
         -> tensor<1x8x16x16xf32>
    ```
  }];

  let arguments = (ins
    TensorOrMemRef<[AnyFloat]>:$input,
    TensorOrMemRef<[AnyFloat]>:$offset,
    TensorOrMemRef<[AnyFloat]>:$weight,
    Optional<TensorOrMemRef<[AnyFloat]>>:$mask,
    Optional<TensorOrMemRef<[AnyFloat]>>:$bias,
    TensorOrMemRef<[AnyFloat]>:$init,
    Variadic<Index>:$tile_origin,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    DefaultValuedAttr<I64Attr, "1">:$offset_groups,
    DefaultValuedAttr<Deform_DataLayoutAttr, "DataLayout::NCHW">:$data_layout,
    DefaultValuedAttr<Deform_OffsetLayoutAttr, "OffsetLayout::Planar">:$offset_layout,
    DefaultValuedAttr<Deform_OffsetGroupAxisAttr, "OffsetGroupAxis::Input">:$offset_group_axis,
    DefaultValuedAttr<Deform_BoundaryAttr, "Boundary::Zero">:$boundary,
    DefaultValuedAttr<Deform_WeightLayoutAttr, "WeightLayout::OIHW">:$weight_layout,
    OptionalAttr<Deform_KernelConfigAttrInterface>:$config
  );
  let results = (outs Variadic<AnyRankedTensor>:$result);

  let assemblyFormat = [{
    `ins` `(` $input `,` $offset `,` $weight `:`
              type($input) `,` type($offset) `,` type($weight) `)`
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    `outs` `(` $init `:` type($init) `)`
    (`origin` `(` $tile_origin^ `)`)?
    attr-dict (`->` type($result)^)?
  }];

  let extraClassDeclaration = [{
    MutableOperandRange getDpsInitsMutable() { return getInitMutable(); }
    /// Kernel height and width, read from the weight shape.
    int64_t getKernelH();
    int64_t getKernelW();
    bool isNHWC() { return getDataLayout() == DataLayout::NHWC; }
    bool isTile() { return !getTileOrigin().empty(); }
    /// Sizes and attributes decoded from the operand types.
    ConvGeometry getGeometry();
    /// The tile origin (oc, y, x, c) as values, `zero` where it has none.
    Value getOriginOutChannel() { return isTile() ? getTileOrigin()[0] : Value(); }
    Value getOriginRow() { return isTile() ? getTileOrigin()[1] : Value(); }
    Value getOriginColumn() { return isTile() ? getTileOrigin()[2] : Value(); }
    Value getOriginChannel() { return isTile() ? getTileOrigin()[3] : Value(); }
  }];
  let hasVerifier = 1;
}

def Deform_RoiPoolOp : Deform_Op<"roi_pool", [
    AttrSizedOperandSegments,
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "deformable RoI pooling (mmcv and position-sensitive DCN)";
  let description = [{
    Pools `input[N, C, H, W]` over each region of `rois[R, 5]` =
    `(batch_index, x1, y1, x2, y2)` (image coordinates, scaled by
    `spatial_scale`) into `out[R, C_out, PH, PW]`; the pooled size is read
    from the output shape. Bins may be shifted by learned offsets.

    The variant keyword selects the kernel:

    - `mmcv`: mmcv `DeformRoIPool` (RoIAlign-style bilinear averaging of a
      `sampling_ratio` x `sampling_ratio` grid per bin, adaptive
      `ceil(roi_size / pooled)` when `sampling_ratio` is 0, at most 512 per
      axis). Attributes: `spatial_scale`, `sampling_ratio` [0], `gamma` [0.1].
      Optional `offset(%o : [R, 2, PH, PW])` (channel 0 shifts x by
      `gamma * roi_width * o`, channel 1 y), optional
      `mask(%m : [R, 1, PH, PW])` for `ModulatedDeformRoIPoolPack`.
      `C_out` = C. With no offset it equals torchvision
      `roi_align(aligned=True)`.
    - `dcn_psroi`: the original DCN `DeformablePSROIPooling`
      (position-sensitive). Attributes: `spatial_scale`, `group_size`,
      `part_size`, `sample_per_part`, `trans_std` [0.0]. `C = C_out *
      group_size^2`. Optional `offset(%t : [R, 2*num_classes, part_size,
      part_size])` (`no_trans` when absent). A second destination receives the
      per-bin sample count (MXNet's `top_count`).

    Non-finite input: a roi whose batch index is not in `(-1, N)` (NaN
    included) yields 0 (and a count of 0); a NaN sample coordinate lies
    outside the image. No value reads out of bounds.

    Configuration: `config` (a `#deform.cpu_config`, ...) carries every
    decision of the target's lowering; it is verified against the op.

    Bounds: element types f16, bf16, f32 or f64; at least one channel;
    pooled sizes of at least 1; `sampling_ratio` 0 to 512 and
    `sample_per_part` 1 to 512 samples per bin and axis (the adaptive grid is
    capped at 512 too), `group_size^2 * C_out` overflow-checked; for dynamic
    sizes the roi counts of rois, offset, mask and outputs must agree and
    the image have at least one row and column (checked at run time by
    `deform-shape-checks`).

    Example:

    ```mlir
    %r = deform.roi_pool mmcv ins(%feat, %rois : tensor<2x256x50x84xf32>,
           tensor<512x5xf32>) offset(%off : tensor<512x2x7x7xf32>)
         outs(%init : tensor<512x256x7x7xf32>)
         {spatial_scale = 0.0625 : f64, sampling_ratio = 2 : i64}
         -> tensor<512x256x7x7xf32>
    ```
  }];

  let arguments = (ins
    TensorOrMemRef<[AnyFloat]>:$input,
    TensorOrMemRef<[AnyFloat]>:$rois,
    Optional<TensorOrMemRef<[AnyFloat]>>:$offset,
    Optional<TensorOrMemRef<[AnyFloat]>>:$mask,
    Variadic<TensorOrMemRef<[AnyFloat]>>:$inits,
    Deform_RoiPoolVariantAttr:$variant,
    F64Attr:$spatial_scale,
    OptionalAttr<I64Attr>:$sampling_ratio,
    OptionalAttr<F64Attr>:$gamma,
    OptionalAttr<I64Attr>:$group_size,
    OptionalAttr<I64Attr>:$part_size,
    OptionalAttr<I64Attr>:$sample_per_part,
    OptionalAttr<F64Attr>:$trans_std,
    OptionalAttr<Deform_KernelConfigAttrInterface>:$config
  );
  let results = (outs Variadic<AnyRankedTensor>:$results);

  let assemblyFormat = [{
    custom<RoiPoolVariant>($variant) `ins` `(` $input `,` $rois `:` type($input) `,` type($rois) `)`
    (`offset` `(` $offset^ `:` type($offset) `)`)?
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    `outs` `(` $inits `:` type($inits) `)`
    attr-dict (`->` type($results)^)?
  }];

  let extraClassDeclaration = [{
    MutableOperandRange getDpsInitsMutable() { return getInitsMutable(); }
    bool isPositionSensitive() { return getVariant() == RoiPoolVariant::DCNPSRoI; }
    /// Effective attribute values (defaults applied).
    int64_t getSamplingRatioOrDefault() { return getSamplingRatio().value_or(0); }
    double getGammaOrDefault() {
      return getGamma() ? getGamma()->convertToDouble() : 0.1;
    }
    double getTransStdOrDefault() {
      return getTransStd() ? getTransStd()->convertToDouble() : 0.0;
    }
  }];
  let hasVerifier = 1;
}


def Deform_SampleColumnsOp : Deform_Op<"sample_columns", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "the deformable im2col of one conv2d tile and channel chunk";
  let description = [{
    The sampling half of a `deform.conv2d` tile, as `deform-decompose`
    splits it (the other half is a `linalg.matmul` of the weights by these
    columns). Buffer form only. For `ci < R / (kh*kw)` and `q < P`
    (`cols` is `R x P`):

    ```
    cols[ci*K + k, q] = m * S(X[batch, channel + ci], py, px)
      p  = min(pixel + q, Ht*Wt - 1)      pixel of the tile, row-major; Ht, Wt:
      y  = p / Wt,  x = p % Wt            the spatial sizes of `offset`
      py = (row + y)*sh - pad_top  + i*dh + dy    (k = i*kw + j; dy, dx and m:
      px = (col + x)*sw - pad_left + j*dw + dx     tap k of offset group `group`
                                                   at (batch, y, x))
    ```

    so columns past the tile's last pixel repeat it. `input` is the whole
    image (`data_layout`), `offset` and `mask` the tile (`offset_layout`);
    `at(%batch, %channel, %group, %pixel, %row, %col)` are the batch index
    into those operands, the absolute first input channel, the offset group,
    the first pixel of the tile and the tile's absolute output origin. The
    boundary rule and the non-finite rules are those of `deform.conv2d`.
    `cols` has the compute element type (f32 for f16/bf16/f32 inputs, f64
    for f64).

    Example:
    ```mlir
    deform.sample_columns ins(%x, %off : memref<1x64x56x56xf32>, memref<1x18x2x56xf32>)
        outs(%cols : memref<144x112xf32>) at(%b, %c, %g, %p, %y0, %x0)
        {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
    ```
  }];

  let arguments = (ins
    AnyMemRef:$input,
    AnyMemRef:$offset,
    Optional<AnyMemRef>:$mask,
    AnyMemRef:$cols,
    Index:$batch,
    Index:$channel,
    Index:$group,
    Index:$pixel,
    Index:$row,
    Index:$col,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<I64Attr, "1">:$offset_groups,
    DefaultValuedAttr<Deform_DataLayoutAttr, "DataLayout::NCHW">:$data_layout,
    DefaultValuedAttr<Deform_OffsetLayoutAttr, "OffsetLayout::Planar">:$offset_layout,
    DefaultValuedAttr<Deform_BoundaryAttr, "Boundary::Zero">:$boundary
  );

  let assemblyFormat = [{
    `ins` `(` $input `,` $offset `:` type($input) `,` type($offset) `)`
    (`mask` `(` $mask^ `:` type($mask) `)`)?
    `outs` `(` $cols `:` type($cols) `)`
    `at` `(` $batch `,` $channel `,` $group `,` $pixel `,` $row `,` $col `)`
    attr-dict
  }];

  let extraClassDeclaration = [{
    MutableOperandRange getDpsInitsMutable() { return getColsMutable(); }
    int64_t getTaps() { return getKernel()[0] * getKernel()[1]; }
    bool isNHWC() { return getDataLayout() == DataLayout::NHWC; }
  }];
  let hasVerifier = 1;
}

def Deform_Im2colOp : Deform_Op<"im2col", [
    DestinationStyleOpInterface,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "the im2col of one regular convolution tile and channel chunk";
  let description = [{
    The sampling half of a regular convolution tile (a
    `linalg.conv_2d_nchw_fchw` or `linalg.conv_2d_nhwc_hwcf`, as
    `deform-decompose` splits it; the other half is a `linalg.matmul` of the
    weights by these columns): `deform.sample_columns` without offsets, every
    sample on the pixel grid. Buffer form only. For `ci < R / (kh*kw)` and
    `q < P` (`cols` is `R x P`):

    ```
    cols[ci*K + k, q] = X[batch, channel + ci, y*sh - pad_top + i*dh,
                                               x*sw - pad_left + j*dw]
      p = min(pixel + q, Ht*Wt - 1),  y = p / Wt,  x = p % Wt   (k = i*kw + j)
    ```

    with 0 outside the image. `input` is the window the tile reads
    (`data_layout`), `extent(%ht, %wt)` the tile's output rows and columns,
    `at(%batch, %channel, %pixel)` the batch index, the first input channel
    and the first pixel of the tile. `cols` has the compute element type.

    Example:
    ```mlir
    deform.im2col ins(%x : memref<1x16x6x32xf32>) outs(%cols : memref<144x128xf32>)
        at(%b, %c, %p) extent(%c4, %c30) {kernel = array<i64: 3, 3>}
    ```
  }];

  let arguments = (ins
    AnyMemRef:$input,
    AnyMemRef:$cols,
    Index:$batch,
    Index:$channel,
    Index:$pixel,
    Index:$height,
    Index:$width,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<Deform_DataLayoutAttr, "DataLayout::NCHW">:$data_layout
  );

  let assemblyFormat = [{
    `ins` `(` $input `:` type($input) `)`
    `outs` `(` $cols `:` type($cols) `)`
    `at` `(` $batch `,` $channel `,` $pixel `)`
    `extent` `(` $height `,` $width `)`
    attr-dict
  }];

  let extraClassDeclaration = [{
    MutableOperandRange getDpsInitsMutable() { return getColsMutable(); }
    int64_t getTaps() { return getKernel()[0] * getKernel()[1]; }
    bool isNHWC() { return getDataLayout() == DataLayout::NHWC; }
  }];
  let hasVerifier = 1;
}

#endif // DEFORM_OPS_TD
