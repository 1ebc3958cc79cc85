//===- ConfigSpace.cpp - the configurations a tuner may try ---------------===//
#include "deform/Tuning/ConfigSpace.h"
#include "deform/Dialect/DeformOps.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace deform::tuning {

void ConfigSpace::addField(std::string name, std::vector<int64_t> values) {
  llvm::sort(values);
  values.erase(std::unique(values.begin(), values.end()), values.end());
  fields.push_back({std::move(name), std::move(values)});
}

bool ConfigSpace::accepts(Attribute config) {
  auto kernel = dyn_cast_or_null<mlir::deform::KernelConfigAttrInterface>(config);
  if (!kernel)
    return false;
  // A rejected candidate is expected here, not an error to show.
  ScopedDiagnosticHandler quiet(op->getContext(),
                                [](Diagnostic &) { return success(); });
  return succeeded(kernel.verifyFor(op));
}

std::vector<Attribute> ConfigSpace::neighbours(Attribute config) {
  std::vector<Attribute> result;
  std::vector<int64_t> at = encode(config);
  if (at.size() != fields.size())
    return result;
  for (auto [f, field] : llvm::enumerate(fields)) {
    const std::vector<int64_t> &values = field.values;
    auto lower = std::lower_bound(values.begin(), values.end(), at[f]);
    auto upper = std::upper_bound(values.begin(), values.end(), at[f]);
    SmallVector<int64_t, 2> steps;
    if (lower != values.begin())
      steps.push_back(*std::prev(lower));
    if (upper != values.end())
      steps.push_back(*upper);
    for (int64_t v : steps) {
      std::vector<int64_t> next = at;
      next[f] = v;
      Attribute candidate = decode(next);
      if (candidate && candidate != config && accepts(candidate))
        result.push_back(candidate);
    }
  }
  return result;
}

Attribute ConfigSpace::sample(std::mt19937_64 &rng) {
  for (int attempt = 0; attempt < 500; ++attempt) {
    std::vector<int64_t> values;
    for (const Field &field : fields)
      values.push_back(field.values[rng() % field.values.size()]);
    Attribute candidate = decode(values);
    if (candidate && accepts(candidate))
      return candidate;
  }
  return {};
}

std::string ConfigSpace::describe() const {
  std::string s;
  double combinations = 1;
  for (const Field &field : fields) {
    s += llvm::formatv("{0}{1} {2}..{3} ({4} values)", s.empty() ? "" : ", ",
                       field.name, field.values.front(), field.values.back(),
                       field.values.size());
    combinations *= double(field.values.size());
  }
  return s + llvm::formatv("; {0:g} combinations", combinations).str();
}

} // namespace deform::tuning
