//===- deform-tune.cpp - search kernel configurations, record the best ----===//
//
//   deform-tune layer.mlir [more.mlir ...] --db=tuning.json [--budget=SECONDS]
//       [--trials=N] [--threads=T] [--cpu=NAME] [--shard=i/n] [--quiet]
//   deform-tune merge a.json b.json -o c.json
//
// For each distinct deform op of the inputs, on the target (CPU name and
// thread count): measures the heuristic's configuration, searches the
// target's configuration space (only configurations the verifier accepts),
// checks every candidate's result against the float64 reference, confirms
// the best side by side with the heuristic, and records it in the database
// (created or updated in place). deform-opt (deform-apply-tuning),
// deform-run --tuning-db and deform-compile --tuning-db apply it.
//
//===----------------------------------------------------------------------===//
#include "Merge.h"
#include "Progress.h"
#include "Target.h"
#include "Tasks.h"
#include "Tuner.h"

#include "deform/Compiler/CompilerSetup.h"
#include "deform/Tuning/Signature.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <malloc.h>

using namespace llvm;
namespace tune = deform::tune;
namespace tuning = deform::tuning;

static cl::OptionCategory toolCategory("deform-tune options");

static cl::list<std::string> inputFiles(cl::Positional, cl::OneOrMore,
                                        cl::desc("<layer.mlir>..."),
                                        cl::cat(toolCategory));
static cl::opt<std::string>
    dbFile("db", cl::desc("The tuning database (JSON): created, or updated in "
                          "place"),
           cl::cat(toolCategory));
static cl::opt<bool> printSignatures(
    "print-signatures",
    cl::desc("Print the database signature of each distinct op to tune, one "
             "per line in tuning order, and stop"),
    cl::init(false), cl::cat(toolCategory));
static cl::opt<double>
    budget("budget",
           cl::desc("Seconds for the whole run (default: 60 per op to tune); "
                    "each op gets an equal share of what is left"),
           cl::init(0), cl::cat(toolCategory));
static cl::opt<int> trials("trials",
                           cl::desc("Candidates per op at most, the "
                                    "heuristic's included (default 200)"),
                           cl::init(200), cl::cat(toolCategory));
// libLLVM registers an unrelated, undocumented --threads: --threads=T is
// accepted as this option (main rewrites it).
static cl::opt<int64_t> threads(
    "num-threads",
    cl::desc("Runtime threads the ops run on, and the database records "
             "(also --threads; 0 = one per hardware thread)"),
    cl::init(0), cl::cat(toolCategory));
static cl::opt<std::string>
    cpu("cpu",
        cl::desc("Target CPU: host (default) or an LLVM CPU name the host can "
                 "run (x86-64-v3, ...)"),
        cl::init("host"), cl::cat(toolCategory));
static cl::opt<std::string>
    shard("shard",
          cl::desc("i/n: tune only the ops whose index in signature order is "
                   "i modulo n (0 <= i < n), for spreading the work over jobs "
                   "whose databases `deform-tune merge` joins"),
          cl::init("0/1"), cl::cat(toolCategory));
static cl::opt<bool> quiet("quiet", cl::desc("Print only errors"),
                           cl::init(false), cl::cat(toolCategory));
static cl::opt<std::string>
    searchName("search",
               cl::desc("local (default: hill climbing from the heuristic) "
                        "or random (uniform draws)"),
               cl::init("local"), cl::cat(toolCategory));
static cl::opt<int> repeats("repeats",
                            cl::desc("Timed runs per candidate after a warm-up "
                                     "(median; default 10)"),
                            cl::init(10), cl::cat(toolCategory));
static cl::opt<double> candidateBudget(
    "candidate-budget",
    cl::desc("Seconds one candidate may take once it has 3 timed runs "
             "(default 10)"),
    cl::init(10), cl::cat(toolCategory));
static cl::opt<uint64_t> seed("seed",
                              cl::desc("Seed of the random inputs and the "
                                       "search"),
                              cl::init(0), cl::cat(toolCategory));

static int fail(const Twine &message) {
  errs() << "deform-tune: " << message << "\n";
  return 1;
}

/// "i/n" with 0 <= i < n.
static bool parseShard(StringRef text, int64_t &index, int64_t &count) {
  auto [i, n] = text.split('/');
  return !i.getAsInteger(10, index) && !n.getAsInteger(10, count) &&
         count >= 1 && index >= 0 && index < count;
}

/// Freed buffers stay with the process, as bench/run.py has every timed
/// process do: otherwise each call pays page faults on its fresh result.
static void keepFreedMemory() {
  if (!std::getenv("MALLOC_MMAP_THRESHOLD_"))
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
  if (!std::getenv("MALLOC_TRIM_THRESHOLD_"))
    mallopt(M_TRIM_THRESHOLD, INT32_MAX);
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  if (argc > 1 && StringRef(argv[1]) == "merge")
    return tune::runMerge(argc - 1, argv + 1);
  std::vector<std::string> rewritten;
  for (int i = 0; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg.consume_front("--threads=") || arg.consume_front("-threads="))
      rewritten.push_back("--num-threads=" + arg.str());
    else if (arg == "--threads" || arg == "-threads")
      rewritten.push_back("--num-threads");
    else
      rewritten.push_back(argv[i]);
  }
  std::vector<char *> args;
  for (std::string &a : rewritten)
    args.push_back(a.data());
  cl::HideUnrelatedOptions(toolCategory);
  cl::ParseCommandLineOptions(
      int(args.size()), args.data(),
      "deform-mlir autotuner: search kernel configurations and record the "
      "fastest in a tuning database\n\n"
      "  deform-tune merge a.json b.json -o c.json   joins databases\n");

  int64_t shardIndex = 0, shardCount = 1;
  if (!parseShard(shard, shardIndex, shardCount))
    return fail("--shard=" + shard + ": expected i/n with 0 <= i < n, e.g. 0/4");
  if (trials < 1)
    return fail("--trials=" + Twine(trials.getValue()) + ": expected 1 or more");
  if (repeats < 1)
    return fail("--repeats=" + Twine(repeats.getValue()) + ": expected 1 or more");
  if (budget < 0 || candidateBudget <= 0)
    return fail("--budget and --candidate-budget must be positive seconds");
  if (threads < 0 || threads > 1024)
    return fail("--threads=" + Twine(threads.getValue()) +
                ": expected 0 (one per hardware thread) to 1024");
  if (searchName != "local" && searchName != "random")
    return fail("--search=" + searchName + ": expected local or random");
  if (dbFile.empty() && !printSignatures)
    return fail("no tuning database: give --db=FILE.json (created if it does "
                "not exist)");
  keepFreedMemory();

  deform::compiler::initializeCompiler();
  mlir::DialectRegistry registry;
  deform::compiler::registerCompilerDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);

  auto inputs = tune::collectTasks(context, inputFiles);
  if (!inputs)
    return fail(toString(inputs.takeError()));
  if (printSignatures) {
    for (const tune::Task &task : inputs->tasks)
      outs() << task.signature << "\n";
    return 0;
  }
  // The database is read before any work: a broken one stops the run here.
  auto db = tuning::Database::load(dbFile, /*missingIsEmpty=*/true);
  if (!db)
    return fail(toString(db.takeError()));
  auto target = tune::cpuTarget(&context, cpu, threads, inputs->moduleTarget);
  if (!target)
    return fail(toString(target.takeError()));
  tune::setTarget(*inputs, target->attr);

  tune::Progress progress(quiet, errs().is_displayed());
  for (const std::string &note : inputs->skipped)
    progress.line("deform-tune: " + note);
  std::vector<tune::Task *> mine;
  for (auto [i, task] : llvm::enumerate(inputs->tasks))
    if (int64_t(i) % shardCount == shardIndex)
      mine.push_back(&task);
  if (mine.empty()) {
    progress.line(formatv("deform-tune: no op to tune in shard {0} ({1} "
                          "op(s) in all)",
                          shard, inputs->tasks.size()));
    return 0;
  }

  deform_context *ctx = nullptr;
  if (deform_context_create(&target->context, &ctx) != DEFORM_OK)
    return fail(Twine("cannot create the runtime context: ") +
                deform_last_error());
  struct Release {
    deform_context *ctx;
    ~Release() { deform_context_destroy(ctx); }
  } release{ctx};

  tune::TuneSettings settings;
  settings.search = searchName;
  settings.trials = trials;
  settings.seed = seed;
  settings.measure.repeats = repeats;
  settings.measure.candidateSeconds = candidateBudget;
  double total = budget > 0 ? budget : 60.0 * double(mine.size());
  auto runStart = tune::Clock::now();
  progress.line(formatv("deform-tune: {0} op(s) on {1} {2}, {3} thread(s); "
                        "{4:f0} s budget",
                        mine.size(), target->kind, target->device,
                        target->threads, total));

  int status = 0, tuned = 0;
  for (auto [k, task] : llvm::enumerate(mine)) {
    double left = total - tune::secondsSince(runStart);
    double share = std::max(0.0, left / double(mine.size() - k));
    auto deadline = tune::Clock::now() +
                    std::chrono::microseconds(int64_t(share * 1e6));
    progress.startOp(int(k), int(mine.size()),
                     task->name + (task->occurrences > 1
                                       ? formatv(" ({0} ops)", task->occurrences).str()
                                       : std::string()));
    tuning::EntryKey key{task->signature, target->kind, target->device,
                         target->threads, tuning::compilerVersion().str()};
    auto result = tune::tuneOp(*task, *target, ctx, settings, deadline,
                               db->find(key), progress);
    if (!result) {
      errs() << "deform-tune: " << task->name << ": "
             << toString(result.takeError()) << "\n";
      status = 1;
      continue;
    }
    const tuning::Entry &e = result->entry;
    status |= result->wrong > 0;
    if (!quiet)
      outs() << formatv(
          "deform-tune: {0}: heuristic {1:f3} ms, tuned {2:f3} ms ({3:f2}x), "
          "{4}; {5} candidates ({6} stopped early) in {7:f1} s; result checked "
          "against the float64 reference (relative L2 {8:e1}){9}\n",
          task->name, e.heuristicMs, e.timeMs, e.heuristicMs / e.timeMs,
          e.config, e.candidates, result->stoppedEarly, e.tuningSeconds,
          result->relativeL2,
          result->keptHeuristic
              ? "; the search's best was not faster side by side: the "
                "heuristic's kept"
              : "");
    outs().flush();
    // Re-read before writing: another run may have added entries meanwhile.
    auto current = tuning::Database::load(dbFile, /*missingIsEmpty=*/true);
    if (!current)
      return fail(toString(current.takeError()));
    current->put(e);
    if (Error err = current->save(dbFile))
      return fail(toString(std::move(err)));
    *db = std::move(*current);
    ++tuned;
  }
  progress.line(formatv("deform-tune: {0} of {1} op(s) tuned into {2} in "
                        "{3:f1} s",
                        tuned, mine.size(), dbFile.getValue(),
                        tune::secondsSince(runStart)));
  return status;
}
