//===- FakeEmulator.cpp - run deform-gpu-emulate kernels on the host ------===//
#include "FakeEmulator.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <sys/mman.h>
#include <ucontext.h>

#include <cstring>
#include <mutex>
#include <vector>

extern "C" void deform_emu_barrier();

namespace fake {

struct Emulated {
  std::unique_ptr<llvm::orc::LLJIT> jit;
};

namespace {
/// Optimizes the kernels as the GPU backend would (-O2): the emulation runs
/// thousands of threads.
void optimize(llvm::Module &m) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
}

/// One workgroup's threads as fibers that yield at barriers.
class Workgroup {
public:
  enum class State { Ready, AtBarrier, Done };

  Workgroup(uint64_t threads) : fibers(threads) {
    for (Fiber &f : fibers) {
      f.stack = mmap(nullptr, kStack, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      ok &= f.stack != MAP_FAILED;
    }
  }
  ~Workgroup() {
    for (Fiber &f : fibers)
      if (f.stack != MAP_FAILED)
        munmap(f.stack, kStack);
  }
  bool usable() const { return ok; }

  /// Runs workgroup `block`; false if some threads reached a barrier the
  /// others did not.
  bool run(Entry entry, void **params, uint64_t block, void *shared) {
    for (size_t t = 0; t < fibers.size(); ++t) {
      Fiber &f = fibers[t];
      f.state = State::Ready;
      getcontext(&f.context);
      f.context.uc_stack.ss_sp = f.stack;
      f.context.uc_stack.ss_size = kStack;
      f.context.uc_link = &scheduler;
      makecontext(&f.context, &Workgroup::start, 0);
    }
    this->entry = entry;
    this->params = params;
    this->block = block;
    this->shared = shared;
    Workgroup *outer = current;
    current = this;
    bool fine = true;
    for (;;) {
      size_t done = 0, waiting = 0;
      for (size_t t = 0; t < fibers.size(); ++t) {
        if (fibers[t].state != State::Ready)
          continue;
        running = t;
        swapcontext(&scheduler, &fibers[t].context);
      }
      for (Fiber &f : fibers) {
        done += f.state == State::Done;
        waiting += f.state == State::AtBarrier;
      }
      if (done == fibers.size())
        break;
      if (done > 0 && waiting > 0) {
        fine = false; // A barrier some threads never reach: on a GPU, a hang.
        break;
      }
      for (Fiber &f : fibers)
        f.state = State::Ready;
    }
    current = outer;
    return fine;
  }

  static void barrier() {
    Workgroup *w = current;
    Fiber &f = w->fibers[w->running];
    f.state = State::AtBarrier;
    swapcontext(&f.context, &w->scheduler);
  }

private:
  static constexpr size_t kStack = 512 * 1024;
  struct Fiber {
    ucontext_t context;
    void *stack = MAP_FAILED;
    State state = State::Ready;
  };

  static void start() {
    Workgroup *w = current;
    size_t t = w->running;
    w->entry(w->params, int64_t(w->block), int64_t(t), w->shared);
    w->fibers[t].state = State::Done;
    // Returning resumes uc_link: the scheduler.
  }

  static thread_local Workgroup *current;
  std::vector<Fiber> fibers;
  ucontext_t scheduler;
  size_t running = 0;
  bool ok = true;
  Entry entry = nullptr;
  void **params = nullptr;
  uint64_t block = 0;
  void *shared = nullptr;
};
thread_local Workgroup *Workgroup::current = nullptr;
} // namespace

Emulated *emulatorLoad(const unsigned char *bitcode, size_t size,
                       std::string &error) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto buffer = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(bitcode), size), "kernels",
      /*RequiresNullTerminator=*/false);
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = llvm::parseBitcodeFile(buffer->getMemBufferRef(), *context);
  if (!module) {
    error = "bad bitcode: " + llvm::toString(module.takeError());
    return nullptr;
  }
  optimize(**module);
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  llvm::orc::SymbolMap symbols;
  symbols[(*jit)->mangleAndIntern("deform_emu_barrier")] = {
      llvm::orc::ExecutorAddr::fromPtr(&deform_emu_barrier),
      llvm::JITSymbolFlags::Exported};
  if (auto err = (*jit)->getMainJITDylib().define(
          llvm::orc::absoluteSymbols(std::move(symbols)))) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  if (auto err = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(
          std::move(*module), std::move(context)))) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  return new Emulated{std::move(*jit)};
}

void emulatorUnload(Emulated *module) { delete module; }

bool emulatorKernel(Emulated *module, const std::string &name, Entry &entry,
                    int64_t &sharedBytes, int64_t &params) {
  auto fn = module->jit->lookup(name);
  auto shared = module->jit->lookup(name + "__shared_bytes");
  auto count = module->jit->lookup(name + "__params");
  if (!fn || !shared || !count) {
    llvm::consumeError(fn.takeError());
    llvm::consumeError(shared.takeError());
    llvm::consumeError(count.takeError());
    return false;
  }
  entry = fn->toPtr<Entry>();
  sharedBytes = *shared->toPtr<const int64_t *>();
  params = *count->toPtr<const int64_t *>();
  return true;
}

bool emulatorRun(Entry entry, int64_t sharedBytes, uint64_t blocks,
                 uint64_t threads, void **params, std::string &error) {
  Workgroup group(threads);
  if (!group.usable()) {
    error = "cannot map the fibers' stacks";
    return false;
  }
  std::vector<unsigned char> shared(size_t(std::max<int64_t>(sharedBytes, 16)) + 16);
  void *aligned = reinterpret_cast<void *>(
      (reinterpret_cast<uintptr_t>(shared.data()) + 15) & ~uintptr_t(15));
  for (uint64_t b = 0; b < blocks; ++b) {
    std::memset(shared.data(), 0xff, shared.size());
    if (!group.run(entry, params, b, aligned)) {
      error = "workgroup " + std::to_string(b) +
              ": some threads returned while others wait at a barrier";
      return false;
    }
  }
  return true;
}

} // namespace fake

extern "C" void deform_emu_barrier() { fake::Workgroup::barrier(); }
