//===- ConfigSpaceTest.cpp - the CPU configuration space ------------------===//
//
// Every configuration the space hands the tuner passes the verifier, the
// heuristic's is in it, and neighbours differ from their origin in one field.
//
//===----------------------------------------------------------------------===//
#include "deform/Codegen/CPU/Passes.h"
#include "deform/Compiler/CompilerSetup.h"
#include "deform/Tuning/Signature.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseSet.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::deform;

namespace {
constexpr const char *kModule = R"mlir(
func.func @conv(%x: tensor<2x12x10x14xf32>, %off: tensor<2x36x10x14xf32>, %w: tensor<16x6x3x3xf32>,
                %init: tensor<2x16x10x14xf32>) -> tensor<2x16x10x14xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x12x10x14xf32>, tensor<2x36x10x14xf32>, tensor<16x6x3x3xf32>)
       outs(%init : tensor<2x16x10x14xf32>) {pads = array<i64: 1, 1, 1, 1>, groups = 2, offset_groups = 2} -> tensor<2x16x10x14xf32>
  return %r : tensor<2x16x10x14xf32>
}
func.func @mmcv(%x: tensor<1x24x8x8xf32>, %rois: tensor<5x5xf32>, %init: tensor<5x24x2x2xf32>) -> tensor<5x24x2x2xf32> {
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x24x8x8xf32>, tensor<5x5xf32>)
       outs(%init : tensor<5x24x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<5x24x2x2xf32>
  return %r : tensor<5x24x2x2xf32>
}
func.func @dyn(%x: tensor<?x12x10x14xf32>, %off: tensor<?x18x10x14xf32>, %w: tensor<16x12x3x3xf32>,
               %init: tensor<?x16x10x14xf32>) -> tensor<?x16x10x14xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x12x10x14xf32>, tensor<?x18x10x14xf32>, tensor<16x12x3x3xf32>)
       outs(%init : tensor<?x16x10x14xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<?x16x10x14xf32>
  return %r : tensor<?x16x10x14xf32>
}
)mlir";

class CpuConfigSpace : public ::testing::Test {
protected:
  void SetUp() override {
    DialectRegistry registry;
    ::deform::compiler::registerCompilerDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    module = parseSourceString<ModuleOp>(kModule, &context);
    ASSERT_TRUE(module);
    std::string error;
    auto t = resolveCpuTarget(&context, "x86-64-v3", error);
    ASSERT_TRUE(succeeded(t)) << error;
    target = *t;
  }

  Operation *opIn(StringRef function) {
    Operation *found = nullptr;
    module->lookupSymbol(function)->walk([&](Operation *op) {
      if (::deform::tuning::isTunable(op))
        found = op;
    });
    return found;
  }

  /// The configuration's values, printed (for comparing fields).
  static std::string str(Attribute a) {
    std::string s;
    llvm::raw_string_ostream(s) << a;
    return s;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  CpuTargetAttr target;
};

/// How many of the config's values differ (tile, reduction, vector, reg).
int differingFields(CpuConfigAttr a, CpuConfigAttr b) {
  int n = 0;
  for (size_t i = 0; i < a.getTile().size(); ++i)
    n += a.getTile()[i] != b.getTile()[i];
  n += a.getReduction() != b.getReduction();
  n += a.getVector() != b.getVector();
  for (size_t i = 0; i < a.getRegisterTile().size(); ++i)
    n += a.getRegisterTile()[i] != b.getRegisterTile()[i];
  return n;
}
} // namespace

TEST_F(CpuConfigSpace, ConvNeighboursAreVerifiedOneFieldSteps) {
  Operation *op = opIn("conv");
  auto space = createCpuConfigSpace(op, target);
  ASSERT_TRUE(space);
  Attribute start = space->heuristic();
  EXPECT_TRUE(space->accepts(start));
  EXPECT_EQ(start, chooseCpuConfig(cast<Conv2dOp>(op), target));
  std::vector<Attribute> next = space->neighbours(start);
  // Eight fields, up to two steps each; some steps are rejected.
  EXPECT_GE(next.size(), 6u);
  EXPECT_LE(next.size(), 16u);
  for (Attribute n : next) {
    EXPECT_TRUE(space->accepts(n)) << str(n);
    EXPECT_EQ(differingFields(cast<CpuConfigAttr>(n), cast<CpuConfigAttr>(start)), 1)
        << str(n) << " from " << str(start);
    // The verifier's rules: output channels divide (or are multiples of)
    // the block of 8 that shares a weight and offset group; the reduction
    // divides the 6 input channels of a group (and of an offset group).
    auto c = cast<CpuConfigAttr>(n);
    EXPECT_TRUE(8 % c.getTile()[1] == 0 || c.getTile()[1] % 8 == 0) << str(n);
    EXPECT_EQ(6 % c.getReduction(), 0) << str(n);
    EXPECT_LE(c.getRegisterTile()[0] * c.getRegisterTile()[1],
              target.getVectorRegisters());
  }
  llvm::DenseSet<Attribute> distinct(next.begin(), next.end());
  EXPECT_EQ(distinct.size(), next.size());
}

TEST_F(CpuConfigSpace, SamplesAreVerified) {
  Operation *op = opIn("conv");
  auto space = createCpuConfigSpace(op, target);
  std::mt19937_64 rng(7);
  llvm::DenseSet<Attribute> seen;
  for (int i = 0; i < 50; ++i) {
    Attribute a = space->sample(rng);
    ASSERT_TRUE(a);
    EXPECT_TRUE(space->accepts(a)) << str(a);
    // The verifier itself, on the op, not through the space.
    ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });
    EXPECT_TRUE(succeeded(cast<KernelConfigAttrInterface>(a).verifyFor(op)));
    seen.insert(a);
  }
  EXPECT_GT(seen.size(), 40u);
  EXPECT_NE(space->describe().find("combinations"), std::string::npos);
}

TEST_F(CpuConfigSpace, RejectsWhatTheVerifierRejects) {
  auto space = createCpuConfigSpace(opIn("conv"), target);
  // 5 output channels neither divide nor are a multiple of the block of 8.
  EXPECT_FALSE(space->accepts(CpuConfigAttr::get(&context, {1, 5, 2, 14}, 3, 8, {4, 1})));
  EXPECT_FALSE(space->accepts(IntegerAttr::get(IntegerType::get(&context, 64), 1)));
  EXPECT_FALSE(space->accepts({}));
}

TEST_F(CpuConfigSpace, RoiPool) {
  Operation *op = opIn("mmcv");
  auto space = createCpuConfigSpace(op, target);
  ASSERT_TRUE(space);
  Attribute start = space->heuristic();
  EXPECT_TRUE(space->accepts(start)) << str(start);
  std::vector<Attribute> next = space->neighbours(start);
  EXPECT_FALSE(next.empty());
  for (Attribute n : next) {
    EXPECT_TRUE(space->accepts(n)) << str(n);
    EXPECT_EQ(cast<CpuConfigAttr>(n).getTile().size(), 2u);
  }
}

TEST_F(CpuConfigSpace, NoSpaceForDynamicShapes) {
  EXPECT_EQ(createCpuConfigSpace(opIn("dyn"), target), nullptr);
}
