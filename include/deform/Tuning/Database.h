//===- Database.h - the tuning database (a JSON file) -----------*- C++ -*-===//
//
// One entry per (op signature, target, device, threads, compiler version):
// the tuned configuration (its textual form), its measured time and the
// heuristic's. The file is sorted (entries by key, fields by name) and
// rewritten whole, so re-runs and merges give small, stable diffs:
//
//   {
//     "entries": [
//       {
//         "candidates": 41,
//         "compiler": "deform-mlir 0.1.0 (LLVM 22.1.0)",
//         "config": "#deform.cpu_config<tile = [1, 64, 4, 28], ...>",
//         "device": "znver4",
//         "heuristic_config": "#deform.cpu_config<...>",
//         "heuristic_ms": 12.5,
//         "signature": "deform.conv2d(tensor<...>, ...) -> tensor<...> {...}",
//         "target": "cpu",
//         "threads": 2,
//         "time_ms": 10.25,
//         "tuning_s": 63.2
//       }
//     ],
//     "format": "deform-tuning-database",
//     "version": 1
//   }
//
//===----------------------------------------------------------------------===//
#ifndef DEFORM_TUNING_DATABASE_H
#define DEFORM_TUNING_DATABASE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace deform::tuning {

/// What an entry is for. Entries match only on all of it.
struct EntryKey {
  /// opSignature(): op name, operand and result types, attributes.
  std::string signature;
  /// The configuration's target kind ("cpu"; "gpu" for CUDA).
  std::string target;
  /// The device: the CPU's LLVM name as resolved ("znver4"); a GPU's name.
  std::string device;
  /// Runtime threads the times were measured with (0 where not applicable).
  int64_t threads = 0;
  /// compilerVersion() of the compiler that measured it.
  std::string compiler;

  auto tie() const {
    return std::tie(signature, target, device, threads, compiler);
  }
  bool operator<(const EntryKey &o) const { return tie() < o.tie(); }
  bool operator==(const EntryKey &o) const { return tie() == o.tie(); }
  /// "cpu znver4, 2 threads".
  std::string deviceString() const;
};

struct Entry {
  EntryKey key;
  /// The tuned configuration's textual form (`#deform.cpu_config<...>`).
  std::string config;
  /// Median time with `config`, and with the heuristic's configuration,
  /// measured side by side.
  double timeMs = 0;
  double heuristicMs = 0;
  std::string heuristicConfig;
  /// Candidates measured, and the seconds the search took.
  int64_t candidates = 0;
  double tuningSeconds = 0;
  /// Position in the file's "entries" array it was read from (-1: new).
  int64_t fileIndex = -1;

  /// "entry 3 (deform.conv2d(...) ..., cpu znver4, 2 threads)".
  std::string describe(llvm::StringRef file) const;
};

class Database {
public:
  /// Reads and checks `path`. A missing file is an error, or an empty
  /// database with `missingIsEmpty` (the tuner creates it).
  static llvm::Expected<Database> load(llvm::StringRef path,
                                       bool missingIsEmpty = false);
  /// Parses the text of a database; `name` appears in the errors.
  static llvm::Expected<Database> parse(llvm::StringRef text,
                                        llvm::StringRef name);

  /// The sorted JSON text (ends with a newline).
  std::string serialize() const;
  /// Writes `path` through a temporary file renamed over it, so a reader or
  /// an interrupted run never sees half a file.
  llvm::Error save(llvm::StringRef path) const;

  /// Adds `e`, replacing the entry with its key.
  void put(Entry e);
  /// Keeps the faster of `e` and the entry with its key (equal times: the
  /// smaller configuration text, so merging is order-independent). True
  /// when `e` was kept.
  bool merge(const Entry &e);

  const Entry *find(const EntryKey &key) const;
  /// Every entry for `signature`, on any target, device or compiler.
  std::vector<const Entry *> withSignature(llvm::StringRef signature) const;
  /// Entries in key order (the file's order).
  std::vector<const Entry *> entries() const;
  size_t size() const { return byKey.size(); }

private:
  std::map<EntryKey, Entry> byKey;
};

} // namespace deform::tuning

#endif
