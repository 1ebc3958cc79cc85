//===- Merge.cpp - deform-tune merge --------------------------------------===//
#include "Merge.h"

#include "deform/Tuning/Database.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace llvm;

namespace deform::tune {
namespace {
constexpr const char *kUsage =
    "usage: deform-tune merge A.json B.json [...] -o OUT.json\n"
    "  Writes the union of the tuning databases; of two entries for the same\n"
    "  op signature, target, device, threads and compiler, the faster.\n";

int fail(const Twine &message) {
  errs() << "deform-tune merge: " << message << "\n";
  return 1;
}
} // namespace

int runMerge(int argc, char **argv) {
  std::vector<std::string> files;
  std::string output;
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "-help") {
      outs() << kUsage;
      return 0;
    }
    if (arg == "-o" || arg == "--output") {
      if (i + 1 == argc)
        return fail(arg + " needs a file name\n" + kUsage);
      output = argv[++i];
    } else if (arg.consume_front("-o=") || arg.consume_front("--output=")) {
      output = arg.str();
    } else if (arg.starts_with("-")) {
      return fail("unknown option '" + arg + "'\n" + kUsage);
    } else {
      files.push_back(arg.str());
    }
  }
  if (files.empty())
    return fail(Twine("no database to merge\n") + kUsage);
  if (output.empty())
    return fail(Twine("no output (-o OUT.json)\n") + kUsage);

  tuning::Database merged;
  int total = 0;
  for (const std::string &file : files) {
    auto db = tuning::Database::load(file);
    if (!db)
      return fail(toString(db.takeError()));
    for (const tuning::Entry *e : db->entries()) {
      merged.merge(*e);
      ++total;
    }
  }
  if (Error err = merged.save(output))
    return fail(toString(std::move(err)));
  outs() << "deform-tune merge: " << merged.size() << " entries from "
         << files.size() << " file(s) (" << total << " read, "
         << total - int(merged.size())
         << " with a key seen before: the faster kept) into " << output
         << "\n";
  return 0;
}

} // namespace deform::tune
