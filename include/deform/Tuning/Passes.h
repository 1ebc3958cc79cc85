//===- Passes.h - applying a tuning database --------------------*- C++ -*-===//
#ifndef DEFORM_TUNING_PASSES_H
#define DEFORM_TUNING_PASSES_H

#include "deform/Dialect/DeformOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::deform {

#define GEN_PASS_DECL
#include "deform/Tuning/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "deform/Tuning/Passes.h.inc"

} // namespace mlir::deform

#endif
