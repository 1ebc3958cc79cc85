//===- DeformBase.td - deform dialect definition -----------*- tablegen -*-===//
#ifndef DEFORM_BASE_TD
#define DEFORM_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Deform_Dialect : Dialect {
  let name = "deform";
  let cppNamespace = "::mlir::deform";
  let summary = "Deformable convolution and deformable RoI pooling";
  let description = [{
    The `deform` dialect holds two destination-passing compute ops,
    `deform.conv2d` (DCN v1/v2) and `deform.roi_pool` (deformable RoI
    pooling). Their attributes select the exact variant of each framework's
    hand-written kernel (torchvision, mmcv, ONNX DeformConv, the original
    MXNet DCN, a TensorFlow layer), so that a model written against any of
    them compiles to the same result up to float32 rounding.

    Both ops accept either tensors (and then return the filled destination)
    or memrefs (and then write the destination buffer in place).
  }];
  let useDefaultAttributePrinterParser = 1;
}

class Deform_Op<string mnemonic, list<Trait> traits = []>
    : Op<Deform_Dialect, mnemonic, traits>;

#endif // DEFORM_BASE_TD
