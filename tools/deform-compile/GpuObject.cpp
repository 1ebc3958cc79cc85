//===- GpuObject.cpp - the launch plans and kernels as object data --------===//
//
// deform-compile --target=cuda's object holds no host code: one image with
// every kernel, and per public function a `deform_gpu_program`
// (deform_runtime.h) whose layout the constants below reproduce with the
// target's data layout; the header's functions hand it to the runtime.
//
//===----------------------------------------------------------------------===//
#include "GpuObject.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace deform::compile {
namespace {
class Emitter {
public:
  Emitter(Module &m) : m(m), ctx(m.getContext()) {
    ptr = PointerType::get(ctx, 0);
    i32 = Type::getInt32Ty(ctx);
    i64 = Type::getInt64Ty(ctx);
    auto dim3 = ArrayType::get(i32, 3);
    // deform_gpu_step and deform_gpu_program, field by field.
    stepType = StructType::create(ctx, {ptr, dim3, dim3, i32, i32, ptr, i64},
                                  "deform_gpu_step");
    programType = StructType::create(
        ctx, {i32, ptr, ptr, i64, i32, i32, i32, ptr, i32, ptr},
        "deform_gpu_program");
  }

  Constant *global(Constant *init, const Twine &name, bool exported = false,
                   unsigned align = 8) {
    auto *g = new GlobalVariable(
        m, init->getType(), /*isConstant=*/true,
        exported ? GlobalValue::ExternalLinkage : GlobalValue::PrivateLinkage,
        init, name);
    g->setAlignment(Align(align));
    return g;
  }
  Constant *string(StringRef s, const Twine &name) {
    return global(ConstantDataArray::getString(ctx, s), name, false, 1);
  }
  Constant *u32s(ArrayRef<uint32_t> v, const Twine &name) {
    if (v.empty())
      return ConstantPointerNull::get(ptr);
    return global(ConstantDataArray::get(ctx, v), name, false, 4);
  }
  Constant *u64s(ArrayRef<uint64_t> v, const Twine &name) {
    if (v.empty())
      return ConstantPointerNull::get(ptr);
    return global(ConstantDataArray::get(ctx, v), name);
  }
  Constant *c32(uint64_t v) { return ConstantInt::get(i32, v); }
  Constant *c64(uint64_t v) { return ConstantInt::get(i64, v); }
  Constant *dim3(const std::array<uint32_t, 3> &d) {
    return ConstantArray::get(ArrayType::get(i32, 3),
                              {c32(d[0]), c32(d[1]), c32(d[2])});
  }

  Module &m;
  LLVMContext &ctx;
  PointerType *ptr;
  Type *i32, *i64;
  StructType *stepType, *programType;
};
} // namespace

void emitGpuPrograms(Module &m, const mlir::deform::GpuModulePlan &plan,
                     const std::string &prefix) {
  Emitter e(m);
  Constant *image = e.global(
      ConstantDataArray::get(e.ctx, ArrayRef<uint8_t>(
                                        reinterpret_cast<const uint8_t *>(
                                            plan.image.data()),
                                        plan.image.size())),
      prefix + "_image", false, 16);
  SmallVector<Constant *> table;
  for (auto &[fn, p] : plan.functions) {
    const std::string &base = fn; // the exported symbol of the function
    SmallVector<Constant *> steps;
    for (auto [i, s] : llvm::enumerate(p.steps)) {
      std::string step = base + "__step" + std::to_string(i);
      steps.push_back(ConstantStruct::get(
          e.stepType,
          {s.kernel.empty() ? ConstantPointerNull::get(e.ptr)
                            : e.string(s.kernel, step + "_kernel"),
           e.dim3(s.grid), e.dim3(s.block), e.c32(s.sharedBytes),
           e.c32(s.args.size()), e.u32s(s.args, step + "_args"),
           e.c64(s.copyBytes)}));
    }
    Constant *stepArray =
        steps.empty()
            ? ConstantPointerNull::get(e.ptr)
            : e.global(ConstantArray::get(
                           ArrayType::get(e.stepType, steps.size()), steps),
                       base + "__steps");
    Constant *program = ConstantStruct::get(
        e.programType,
        {e.c32(1 /*DEFORM_GPU_PROGRAM_VERSION*/), e.string(fn, base + "__name"),
         image, e.c64(plan.image.size()), e.c32(p.numInputs),
         e.c32(p.numParams), e.c32(p.bufferBytes.size()),
         e.u64s(p.bufferBytes, base + "__bytes"), e.c32(p.steps.size()),
         stepArray});
    table.push_back(e.global(program, base + "__program", /*exported=*/true));
  }
  table.push_back(ConstantPointerNull::get(e.ptr));
  e.global(ConstantArray::get(ArrayType::get(e.ptr, table.size()), table),
           prefix + "_programs", /*exported=*/true);
}

} // namespace deform::compile
