//===- ConfigSpace.h - the configurations a tuner may try -------*- C++ -*-===//
//
// Each target provides, beside its configure pass, a function that gives the
// configuration space of one op (the CPU's: createCpuConfigSpace in
// lib/Codegen/CPU/CpuConfigSpace.cpp; a CUDA target adds its own for
// #deform.gpu_config). A configuration is a vector of named fields, each with
// an ordered list of values; every configuration the space hands out passes
// the dialect's verifier (KernelConfigAttrInterface::verifyFor).
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TUNING_CONFIGSPACE_H
#define DEFORM_TUNING_CONFIGSPACE_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/Operation.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace deform::tuning {

class ConfigSpace {
public:
  explicit ConfigSpace(mlir::Operation *op) : op(op) {}
  virtual ~ConfigSpace() = default;

  /// The heuristic's configuration (the configure pass's choice): where a
  /// search starts.
  virtual mlir::Attribute heuristic() = 0;

  /// The configurations one step from `config` in one field (that field's
  /// next smaller and next larger value), in field order.
  std::vector<mlir::Attribute> neighbours(mlir::Attribute config);
  /// A configuration drawn field by field at random (null when no draw of
  /// a few hundred passes the verifier).
  mlir::Attribute sample(std::mt19937_64 &rng);
  /// Whether the verifier accepts `config` for the op (no diagnostics).
  bool accepts(mlir::Attribute config);
  /// "tile.rows 1..28 (9 values), ...; 12000 combinations".
  std::string describe() const;

protected:
  struct Field {
    std::string name;
    /// Sorted, distinct.
    std::vector<int64_t> values;
  };
  /// Adds a field; `values` is sorted and made distinct here.
  void addField(std::string name, std::vector<int64_t> values);

  /// The fields' values of `config`, in field order (empty: not one of this
  /// space's configurations).
  virtual std::vector<int64_t> encode(mlir::Attribute config) = 0;
  /// The configuration of `values` (null where it is not representable).
  virtual mlir::Attribute decode(const std::vector<int64_t> &values) = 0;

  mlir::Operation *op;
  std::vector<Field> fields;
};

} // namespace deform::tuning

#endif
