//===- DeformDialect.cpp - deform dialect registration -------------------===//
#include "deform/Dialect/DeformDialect.h"
#include "deform/Dialect/DeformOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::deform;

#include "deform/Dialect/DeformDialect.cpp.inc"
#include "deform/Dialect/DeformEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "deform/Dialect/DeformAttrs.cpp.inc"

void DeformDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "deform/Dialect/DeformAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "deform/Dialect/DeformOps.cpp.inc"
      >();
}
