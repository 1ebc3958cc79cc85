//===- LowerCpu.h - the CPU lowerings of deform-cpu-lower -------*- C++ -*-===//
#ifndef DEFORM_CODEGEN_CPU_LOWERCPU_H
#define DEFORM_CODEGEN_CPU_LOWERCPU_H

#include "deform/Codegen/Common/Builders.h"
#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::deform {

// Pieces the column lowerings share (ColumnScratch.cpp).

/// A static-size buffer allocated at the start of the innermost parallel
/// loop body (or function) around `op` and freed at its end: one allocation
/// per task, not one per output-channel block and chunk.
Value allocTaskScratch(ImplicitLocOpBuilder &b, Operation *op,
                       ArrayRef<int64_t> shape, Type elementType);
/// rows[q], cols[q] = the row and column in a tile `tileW` wide of pixel
/// min(p0 + q, lastPixel), for every q of the 1-D buffers (their integer
/// element type: index or i32).
void storeTilePixels(Ops &o, Value p0, Value lastPixel, Value tileW,
                     Value rows, Value cols);
/// Whether the `width` tile pixels from q (laid out by storeTilePixels) are
/// one run of consecutive columns of a tile row, none clamped to the last
/// pixel (an i1).
Value isRowRun(Ops &o, Value q, int64_t width, Value tileW, Value lastPixel);
/// Whether a tile `tileW` pixels wide can have such runs (not statically
/// narrower than a vector).
bool mayHaveRowRuns(Value tileW, int64_t width);
/// The i32 gather offsets address one image: where the input's sizes are
/// known, its elements' span per image must stay below 2^31 (dynamic sizes
/// are checked at run time by deform-shape-checks).
LogicalResult checkImageGatherRange(Operation *op, Value input);
/// One batch of `memref` spans less than 2^31 elements, so indices within it
/// fit i32 lanes. A subview's elements lie within its source's span: a
/// tile's view is judged by the static memref it was cut from.
bool fitsI32PerBatch(Value memref);

/// Whether `memref`'s last dimension has a static stride of 1 (its
/// neighbours along it are neighbours in memory).
bool hasUnitColumnStride(Value memref);

/// deform.sample_columns with `width` pixels per vector.
LogicalResult lowerSampleColumns(ImplicitLocOpBuilder &b, SampleColumnsOp op,
                                 int64_t width);
/// deform.im2col with `width` pixels per vector.
LogicalResult lowerIm2col(ImplicitLocOpBuilder &b, Im2colOp op, int64_t width);
/// A linalg.matmul of a decomposed conv2d: the register-tiled micro-kernel.
LogicalResult lowerConfiguredMatmul(ImplicitLocOpBuilder &b,
                                    linalg::MatmulOp matmul,
                                    CpuConfigAttr config);
/// deform.roi_pool (an scf.parallel over its tiles when `parallel`).
LogicalResult lowerRoiPool(ImplicitLocOpBuilder &b, RoiPoolOp op,
                           CpuConfigAttr config, bool parallel);

} // namespace mlir::deform

#endif
