//===- LowerCpu.h - the CPU lowerings of deform-cpu-lower -------*- C++ -*-===//
#ifndef DEFORM_CODEGEN_CPU_LOWERCPU_H
#define DEFORM_CODEGEN_CPU_LOWERCPU_H

#include "deform/Codegen/Common/Builders.h"
#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::deform {

/// deform.sample_columns with `width` pixels per vector.
LogicalResult lowerSampleColumns(ImplicitLocOpBuilder &b, SampleColumnsOp op,
                                 int64_t width);
/// A linalg.matmul of a decomposed conv2d: the register-tiled micro-kernel.
LogicalResult lowerConfiguredMatmul(ImplicitLocOpBuilder &b,
                                    linalg::MatmulOp matmul,
                                    CpuConfigAttr config);
/// deform.roi_pool (an scf.parallel over its tiles when `parallel`).
LogicalResult lowerRoiPool(ImplicitLocOpBuilder &b, RoiPoolOp op,
                           CpuConfigAttr config, bool parallel);

} // namespace mlir::deform

#endif
