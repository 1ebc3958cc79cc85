//===- SweepGen.cpp - the GPU sweep's cases as MLIR, for the bundle -------===//
//
//   deform-gpu-sweep-gen DIR
//
// Writes DIR/sweep_fast.mlir and DIR/sweep_scalar.mlir: one public function
// per GPU sweep case (GpuCases.h), those the sweep runs through the scalar
// implementation in the second. The bundle compiles both with
// deform-compile --target=cuda and its deform-gpu-sweep draws the same
// cases (inputs, reference) from the same seeds at run time.
//
//===----------------------------------------------------------------------===//
#include "GpuCases.h"

#include <cstdio>
#include <fstream>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: deform-gpu-sweep-gen DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  std::ofstream fast(dir + "/sweep_fast.mlir"), scalar(dir + "/sweep_scalar.mlir");
  if (!fast || !scalar) {
    std::fprintf(stderr, "deform-gpu-sweep-gen: cannot write into '%s'\n", argv[1]);
    return 1;
  }
  for (auto [kind, seed] : deform::sweep::gpuSweep()) {
    deform::sweep::GpuCase c = deform::sweep::drawGpuCase(kind, seed);
    (c.scalar ? scalar : fast) << "// " << c.name << (c.scalar ? " (scalar)" : "")
                               << "\n" << c.mlir << "\n";
  }
  return 0;
}
