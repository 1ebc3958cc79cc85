//===- DeformInterfaces.td - deform attribute interfaces ---*- tablegen -*-===//
#ifndef DEFORM_INTERFACES_TD
#define DEFORM_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Deform_KernelConfigAttrInterface
    : AttrInterface<"KernelConfigAttrInterface"> {
  let cppNamespace = "::mlir::deform";
  let description = [{
    A kernel configuration for one target: every decision its lowering makes
    for one deform op (tile sizes, reduction chunk, vector width, register
    tile, ...). It is the op's `config` attribute. One configure pass per
    target writes it where it is absent (the only heuristic); a tuning
    database or the user may write it instead. The dialect verifies it
    against the op; the lowering only reads it, and rejects with a diagnostic
    what it cannot honour.
  }];
  let methods = [
    InterfaceMethod<"The target the configuration is for: \"cpu\" or \"gpu\".",
                    "::llvm::StringRef", "getTargetKind">,
    InterfaceMethod<[{
        Tile sizes over the op's parallel iteration domain: the first tiling
        level (one task, or one workgroup, per tile).
      }], "::llvm::ArrayRef<int64_t>", "getTileSizes">,
    InterfaceMethod<[{
        Tile sizes of the second tiling level (one GPU thread per tile), over
        the same domain as getTileSizes; empty for a target without one.
      }], "::llvm::ArrayRef<int64_t>", "getThreadTileSizes", (ins), [{}],
      [{ return {}; }]>,
    InterfaceMethod<[{
        Input channels per sampling chunk of the conv2d reduction; 0 for an op
        without one.
      }], "int64_t", "getReductionChunk">,
    InterfaceMethod<[{
        The sampled column tile of a conv2d holds a multiple of this many
        pixels (the lowering's vector or thread granularity); 1 for ops
        without one.
      }], "int64_t", "getPixelAlignment">,
    InterfaceMethod<[{
        Checks the configuration against `op`; on failure emits one error on
        `op` naming the field, the value and the constraint.
      }], "::mlir::LogicalResult", "verifyFor", (ins "::mlir::Operation *":$op)>,
  ];
}

#endif // DEFORM_INTERFACES_TD
