//===- DeformOps.h - deform dialect ops -------------------------*- C++ -*-===//
#ifndef DEFORM_DIALECT_DEFORMOPS_H
#define DEFORM_DIALECT_DEFORMOPS_H

#include "deform/Dialect/DeformDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "deform/Dialect/ConvGeometry.h"
#include "deform/Dialect/DeformEnums.h.inc"
#include "deform/Dialect/DeformInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "deform/Dialect/DeformAttrs.h.inc"

#define GET_OP_CLASSES
#include "deform/Dialect/DeformOps.h.inc"

#endif
