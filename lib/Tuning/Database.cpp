//===- Database.cpp - the tuning database (a JSON file) -------------------===//
//
// Reading is strict: every error names the file, the entry (its index in
// "entries") and the field, with the value found and what was expected, so
// a hand-edited or truncated file is never half-applied.
//
//===----------------------------------------------------------------------===//
#include "deform/Tuning/Database.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace llvm;

namespace deform::tuning {
namespace {
constexpr StringLiteral kFormat = "deform-tuning-database";
constexpr int64_t kVersion = 1;

Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// The JSON kind of `v`, for messages.
std::string kindOf(const json::Value &v) {
  switch (v.kind()) {
  case json::Value::Null: return "null";
  case json::Value::Boolean: return "a boolean";
  case json::Value::Number: return "a number";
  case json::Value::String: return "a string";
  case json::Value::Array: return "an array";
  case json::Value::Object: return "an object";
  }
  return "a value";
}

std::string shown(const json::Value &v) {
  std::string s;
  raw_string_ostream(s) << v;
  if (s.size() > 60)
    s = s.substr(0, 57) + "...";
  return kindOf(v) + " " + s;
}

/// Reads the fields of one entry, naming it in every error.
class EntryReader {
public:
  EntryReader(const json::Object &object, std::string where)
      : object(object), where(std::move(where)) {}

  Error string(StringRef field, std::string &out, bool required = true) {
    const json::Value *v = get(field);
    if (!v)
      return required ? missing(field, "a string") : Error::success();
    std::optional<StringRef> s = v->getAsString();
    if (!s || s->empty())
      return wrong(field, *v, "a non-empty string");
    out = s->str();
    return Error::success();
  }

  Error integer(StringRef field, int64_t &out, int64_t min,
                bool required = true) {
    const json::Value *v = get(field);
    if (!v)
      return required ? missing(field, "an integer") : Error::success();
    std::optional<int64_t> i = v->getAsInteger();
    if (!i || *i < min)
      return wrong(field, *v, "an integer >= " + std::to_string(min));
    out = *i;
    return Error::success();
  }

  Error number(StringRef field, double &out, bool positive,
               bool required = true) {
    const json::Value *v = get(field);
    if (!v)
      return required ? missing(field, "a number") : Error::success();
    std::optional<double> d = v->getAsNumber();
    if (!d || !std::isfinite(*d) || (positive ? *d <= 0 : *d < 0))
      return wrong(field, *v,
                   positive ? "a positive number" : "a number >= 0");
    out = *d;
    return Error::success();
  }

  /// Fields nobody reads are typos or another format version.
  Error noOthers(const StringSet<> &known) {
    for (const auto &kv : object)
      if (!known.contains(kv.first))
        return error(where + ": unknown field '" + kv.first.str() +
                     "' (expected only: " + list(known) + ")");
    return Error::success();
  }

private:
  const json::Value *get(StringRef field) { return object.get(field); }
  Error missing(StringRef field, StringRef expected) {
    return error(where + ": missing field '" + field + "' (expected " +
                 expected + ")");
  }
  Error wrong(StringRef field, const json::Value &v, StringRef expected) {
    return error(where + ": field '" + field + "' is " + shown(v) +
                 ", expected " + expected);
  }
  static std::string list(const StringSet<> &names) {
    std::vector<std::string> sorted;
    for (const auto &n : names)
      sorted.push_back(n.getKey().str());
    llvm::sort(sorted);
    return llvm::join(sorted, ", ");
  }

  const json::Object &object;
  std::string where;
};

const StringSet<> &entryFields() {
  static const StringSet<> fields = {
      "candidates", "compiler",  "config",    "device", "heuristic_config",
      "heuristic_ms", "signature", "target", "threads", "time_ms",
      "tuning_s"};
  return fields;
}

Expected<Entry> readEntry(const json::Value &value, int64_t index,
                          StringRef name) {
  std::string where =
      formatv("tuning database '{0}' entry {1}", name, index).str();
  const json::Object *object = value.getAsObject();
  if (!object)
    return error(where + " is " + shown(value) + ", expected an object");
  // Name the entry by its signature in every later message when it has one.
  if (std::optional<StringRef> sig = object->getString("signature"))
    where += " (" + sig->str() + ")";
  EntryReader read(*object, where);
  Entry e;
  e.fileIndex = index;
  if (Error err = read.string("signature", e.key.signature))
    return std::move(err);
  if (Error err = read.string("target", e.key.target))
    return std::move(err);
  if (Error err = read.string("device", e.key.device))
    return std::move(err);
  if (Error err = read.integer("threads", e.key.threads, 0))
    return std::move(err);
  if (Error err = read.string("compiler", e.key.compiler))
    return std::move(err);
  if (Error err = read.string("config", e.config))
    return std::move(err);
  if (Error err = read.number("time_ms", e.timeMs, /*positive=*/true))
    return std::move(err);
  if (Error err = read.number("heuristic_ms", e.heuristicMs, true))
    return std::move(err);
  if (Error err = read.string("heuristic_config", e.heuristicConfig, false))
    return std::move(err);
  if (Error err = read.integer("candidates", e.candidates, 0, false))
    return std::move(err);
  if (Error err = read.number("tuning_s", e.tuningSeconds, false, false))
    return std::move(err);
  if (Error err = read.noOthers(entryFields()))
    return std::move(err);
  return e;
}

/// Times keep 4 significant digits: more is noise, and it keeps diffs small.
std::string formatMs(double ms) { return formatv("{0}", format("%.4g", ms)); }
} // namespace

std::string EntryKey::deviceString() const {
  std::string s = target + " " + device;
  if (threads > 0)
    s += ", " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
  return s;
}

std::string Entry::describe(StringRef file) const {
  std::string s = "tuning database '" + file.str() + "' ";
  s += fileIndex >= 0 ? "entry " + std::to_string(fileIndex) : "entry";
  return s + " (" + key.signature + ", " + key.deviceString() + ", " +
         key.compiler + ")";
}

Expected<Database> Database::parse(StringRef text, StringRef name) {
  Expected<json::Value> root = json::parse(text);
  if (!root)
    return error("tuning database '" + name +
                 "': invalid JSON: " + toString(root.takeError()));
  const json::Object *top = root->getAsObject();
  std::string where = ("tuning database '" + name + "'").str();
  if (!top)
    return error(where + " is " + shown(*root) +
                 ", expected an object with \"format\", \"version\" and "
                 "\"entries\"");
  std::optional<StringRef> format = top->getString("format");
  if (!format || *format != kFormat)
    return error(where + ": field 'format' is " +
                 (top->get("format") ? shown(*top->get("format"))
                                     : std::string("missing")) +
                 ", expected \"" + kFormat + "\"");
  std::optional<int64_t> version = top->getInteger("version");
  if (!version || *version != kVersion)
    return error(where + ": field 'version' is " +
                 (top->get("version") ? shown(*top->get("version"))
                                      : std::string("missing")) +
                 ", expected " + std::to_string(kVersion));
  const json::Array *entries = top->getArray("entries");
  if (!entries)
    return error(where + ": field 'entries' is " +
                 (top->get("entries") ? shown(*top->get("entries"))
                                      : std::string("missing")) +
                 ", expected an array");
  for (const auto &kv : *top)
    if (kv.first != "format" && kv.first != "version" && kv.first != "entries")
      return error(where + ": unknown field '" + kv.first.str() +
                   "' (expected only: entries, format, version)");
  Database db;
  for (auto [i, value] : llvm::enumerate(*entries)) {
    Expected<Entry> e = readEntry(value, int64_t(i), name);
    if (!e)
      return e.takeError();
    auto [it, added] = db.byKey.try_emplace(e->key, *e);
    if (!added)
      return error(formatv("{0}: entries {1} and {2} have the same signature, "
                           "target, device, threads and compiler; keep one "
                           "(deform-tune merge keeps the faster)",
                           where, it->second.fileIndex, i));
  }
  return db;
}

Expected<Database> Database::load(StringRef path, bool missingIsEmpty) {
  auto file = MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file) {
    if (missingIsEmpty && file.getError() == std::errc::no_such_file_or_directory)
      return Database();
    return error("cannot read tuning database '" + path +
                 "': " + file.getError().message());
  }
  return parse((*file)->getBuffer(), path);
}

std::string Database::serialize() const {
  std::string text;
  raw_string_ostream os(text);
  json::OStream j(os, /*IndentSize=*/2);
  // Fields in name order; numbers written by hand to keep their digits few.
  j.object([&] {
    j.attributeArray("entries", [&] {
      for (const auto &kv : byKey)
        j.object([&, &key = kv.first, &e = kv.second] {
          j.attribute("candidates", e.candidates);
          j.attribute("compiler", key.compiler);
          j.attribute("config", e.config);
          j.attribute("device", key.device);
          if (!e.heuristicConfig.empty())
            j.attribute("heuristic_config", e.heuristicConfig);
          j.attributeBegin("heuristic_ms");
          j.rawValue(formatMs(e.heuristicMs));
          j.attributeEnd();
          j.attribute("signature", key.signature);
          j.attribute("target", key.target);
          j.attribute("threads", key.threads);
          j.attributeBegin("time_ms");
          j.rawValue(formatMs(e.timeMs));
          j.attributeEnd();
          j.attributeBegin("tuning_s");
          j.rawValue(formatv("{0:f1}", e.tuningSeconds).str());
          j.attributeEnd();
        });
    });
    j.attribute("format", kFormat);
    j.attribute("version", kVersion);
  });
  os << "\n";
  return text;
}

Error Database::save(StringRef path) const {
  std::string text = serialize();
  if (Error err = writeToOutput(path, [&](raw_ostream &os) {
        os << text;
        return Error::success();
      }))
    return error("cannot write tuning database '" + path +
                 "': " + toString(std::move(err)));
  return Error::success();
}

void Database::put(Entry e) {
  EntryKey key = e.key;
  byKey[key] = std::move(e);
}

bool Database::merge(const Entry &e) {
  auto [it, added] = byKey.try_emplace(e.key, e);
  if (added)
    return true;
  const Entry &old = it->second;
  bool faster = e.timeMs < old.timeMs ||
                (e.timeMs == old.timeMs && e.config < old.config);
  if (faster)
    it->second = e;
  return faster;
}

const Entry *Database::find(const EntryKey &key) const {
  auto it = byKey.find(key);
  return it == byKey.end() ? nullptr : &it->second;
}

std::vector<const Entry *>
Database::withSignature(StringRef signature) const {
  std::vector<const Entry *> found;
  for (const auto &[key, e] : byKey)
    if (key.signature == signature)
      found.push_back(&e);
  return found;
}

std::vector<const Entry *> Database::entries() const {
  std::vector<const Entry *> all;
  for (const auto &[key, e] : byKey)
    all.push_back(&e);
  return all;
}

} // namespace deform::tuning
