//===- DeformDialect.h - deform dialect -------------------------*- C++ -*-===//
#ifndef DEFORM_DIALECT_DEFORMDIALECT_H
#define DEFORM_DIALECT_DEFORMDIALECT_H

#include "mlir/IR/Dialect.h"

#include "deform/Dialect/DeformDialect.h.inc"

#endif
