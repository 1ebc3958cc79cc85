//===- DeformOps.td - deform dialect ops -------------------*- tablegen -*-===//
#ifndef DEFORM_OPS_TD
#define DEFORM_OPS_TD

include "deform/Dialect/DeformBase.td"
include "deform/Dialect/DeformEnums.td"
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

    Tiles: `origin(%y0, %x0)` (two `index` values) marks the op as one tile
    of a larger convolution whose output starts at row `%y0`, column `%x0`
    of the full output: `py` and `px` use `y + %y0` and `x + %x0`, the
    `offset`, `mask` and `init` operands hold just the tile, and `input` keeps
    its whole image (a sample's footprint depends on the offset values).
    `deform-tile` produces it; the output extents are then only bounded by the
    formula.

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
    DefaultValuedAttr<Deform_WeightLayoutAttr, "WeightLayout::OIHW">:$weight_layout
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
    OptionalAttr<F64Attr>:$trans_std
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

#endif // DEFORM_OPS_TD
