//===- DeformEnums.td - deform dialect enum attributes ----*- tablegen -*-===//
#ifndef DEFORM_ENUMS_TD
#define DEFORM_ENUMS_TD

include "deform/Dialect/DeformBase.td"

/// Enum attributes print as `#deform.<mnemonic><<value>>`.
class Deform_EnumAttr<EnumAttrInfo info, string mnemonic>
    : EnumAttr<Deform_Dialect, info, mnemonic> {
  let assemblyFormat = "`<` $value `>`";
}

class Deform_I32Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::mlir::deform";
  let genSpecializedAttr = 0;
}

def Deform_DataLayout : Deform_I32Enum<"DataLayout",
    "layout of the input image and of the output", [
  I32EnumAttrCase<"NCHW", 0, "nchw">,
  I32EnumAttrCase<"NHWC", 1, "nhwc">]>;
def Deform_DataLayoutAttr : Deform_EnumAttr<Deform_DataLayout, "layout">;

def Deform_OffsetLayout : Deform_I32Enum<"OffsetLayout",
    "layout of the offset and mask tensors", [
  // [B, og*2K, Ho, Wo], channel g*2K + 2k + {0: dy, 1: dx} (torchvision).
  I32EnumAttrCase<"Planar", 0, "planar">,
  // [B, Ho, Wo, K*og*2], index 2*(k*og + g) + {0: dy, 1: dx} (the TF layer).
  I32EnumAttrCase<"Interleaved", 1, "interleaved">]>;
def Deform_OffsetLayoutAttr
    : Deform_EnumAttr<Deform_OffsetLayout, "offset_layout">;

def Deform_OffsetGroupAxis : Deform_I32Enum<"OffsetGroupAxis",
    "which channels the offset groups split", [
  I32EnumAttrCase<"Input", 0, "input">,
  I32EnumAttrCase<"Output", 1, "output">]>;
def Deform_OffsetGroupAxisAttr
    : Deform_EnumAttr<Deform_OffsetGroupAxis, "offset_group_axis">;

def Deform_Boundary : Deform_I32Enum<"Boundary",
    "how a sample near or outside the image border is read", [
  I32EnumAttrCase<"Zero", 0, "zero">,
  I32EnumAttrCase<"DCNv1", 1, "dcnv1">,
  I32EnumAttrCase<"TFClamp", 2, "tf_clamp">]>;
def Deform_BoundaryAttr : Deform_EnumAttr<Deform_Boundary, "boundary">;

def Deform_WeightLayout : Deform_I32Enum<"WeightLayout",
    "layout of the convolution weights", [
  I32EnumAttrCase<"OIHW", 0, "oihw">,   // [OC, C/G, kh, kw]
  I32EnumAttrCase<"HWOI", 1, "hwoi">]>; // [kh, kw, OC, C/G]
def Deform_WeightLayoutAttr
    : Deform_EnumAttr<Deform_WeightLayout, "weight_layout">;

def Deform_RoiPoolVariant : Deform_I32Enum<"RoiPoolVariant",
    "which deformable RoI pooling kernel to reproduce", [
  I32EnumAttrCase<"MMCV", 0, "mmcv">,
  I32EnumAttrCase<"DCNPSRoI", 1, "dcn_psroi">]>;
def Deform_RoiPoolVariantAttr
    : Deform_EnumAttr<Deform_RoiPoolVariant, "roi_variant">;

def Deform_GpuStaging : Deform_I32Enum<"GpuStaging",
    "what a GPU workgroup stages in shared memory", [
  // Nothing (roi_pool): every thread reads global memory.
  I32EnumAttrCase<"None", 0, "none">,
  // The sampled columns of each input-channel chunk; the weights are read
  // from global memory (through the read-only cache).
  I32EnumAttrCase<"Columns", 1, "columns">,
  // The sampled columns and the chunk's weights.
  I32EnumAttrCase<"ColumnsWeights", 2, "columns_weights">]>;

#endif // DEFORM_ENUMS_TD
