//===- LowerGpu.h - the GPU lowerings of deform-gpu-lower -------*- C++ -*-===//
#ifndef DEFORM_CODEGEN_GPU_LOWERGPU_H
#define DEFORM_CODEGEN_GPU_LOWERGPU_H

#include "deform/Codegen/Common/Builders.h"
#include "deform/Dialect/DeformOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace mlir::deform {

/// The threads of the workgroup that runs the code being built: the linear
/// thread id (x fastest) and the number of threads.
struct WorkgroupThreads {
  Value id, count;
  static WorkgroupThreads of(Ops &o, gpu::LaunchOp launch);
  /// body(i) for i = id, id + count, ... < total: the workgroup's threads
  /// share [0, total) (consecutive threads take consecutive i).
  void strided(Ops &o, Value total, function_ref<void(Value)> body) const;
};

/// The memory space of workgroup (shared) buffers.
Attribute workgroupMemorySpace(MLIRContext *ctx);

/// A deform.conv2d tile: one fused implicit GEMM by the workgroup.
LogicalResult lowerConvOnGpu(ImplicitLocOpBuilder &b, Conv2dOp op,
                             GpuConfigAttr config, gpu::LaunchOp launch);
/// A deform.sample_columns sampled by all the workgroup's threads.
LogicalResult lowerSampleColumnsOnGpu(ImplicitLocOpBuilder &b,
                                      SampleColumnsOp op, gpu::LaunchOp launch);
/// A deform.roi_pool tile, its bins spread over the workgroup's threads.
LogicalResult lowerRoiPoolOnGpu(ImplicitLocOpBuilder &b, RoiPoolOp op,
                                gpu::LaunchOp launch);

} // namespace mlir::deform

#endif
