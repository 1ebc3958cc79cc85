//===- Merge.h - deform-tune merge ------------------------------*- C++ -*-===//
#ifndef DEFORM_TOOLS_DEFORM_TUNE_MERGE_H
#define DEFORM_TOOLS_DEFORM_TUNE_MERGE_H

namespace deform::tune {

/// `deform-tune merge A.json B.json [...] -o OUT.json`: the union of the
/// databases; of two entries with the same key, the faster. `argv[0]` is
/// "merge". Returns the exit status.
int runMerge(int argc, char **argv);

} // namespace deform::tune

#endif
