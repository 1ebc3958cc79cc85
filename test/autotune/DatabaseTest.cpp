//===- DatabaseTest.cpp - the tuning database's file format ---------------===//
#include "deform/Tuning/Database.h"

#include <gtest/gtest.h>

using deform::tuning::Database;
using deform::tuning::Entry;

namespace {
Entry entry(std::string signature, int64_t threads, double ms,
            std::string config = "#deform.cpu_config<tile = [1], vector = 1>") {
  Entry e;
  e.key = {std::move(signature), "cpu", "znver4", threads, "c1"};
  e.config = std::move(config);
  e.timeMs = ms;
  e.heuristicMs = 2 * ms;
  e.heuristicConfig = "#deform.cpu_config<tile = [4], vector = 1>";
  e.candidates = 9;
  e.tuningSeconds = 12.34;
  return e;
}

std::string parseError(const std::string &text) {
  auto db = Database::parse(text, "t.json");
  EXPECT_FALSE(bool(db));
  return db ? "" : llvm::toString(db.takeError());
}

std::string withEntry(const std::string &fields) {
  return R"({"format": "deform-tuning-database", "version": 1, "entries": [{)" +
         fields + "}]}";
}
const char *kFields = R"("signature": "s", "target": "cpu", "device": "d",
    "threads": 2, "compiler": "c", "config": "#x", "time_ms": 1, "heuristic_ms": 2)";
} // namespace

TEST(Database, RoundTripIsByteForByte) {
  Database db;
  db.put(entry("op B", 2, 1.23456789));
  db.put(entry("op A", 4, 0.5));
  db.put(entry("op A", 2, 0.25));
  std::string text = db.serialize();
  auto again = Database::parse(text, "t.json");
  ASSERT_TRUE(bool(again)) << llvm::toString(again.takeError());
  EXPECT_EQ(again->serialize(), text);
  ASSERT_EQ(again->size(), 3u);
  // Sorted by key, whatever the order of insertion; file indices follow.
  std::vector<const Entry *> all = again->entries();
  EXPECT_EQ(all[0]->key.signature, "op A");
  EXPECT_EQ(all[0]->key.threads, 2);
  EXPECT_EQ(all[1]->key.threads, 4);
  EXPECT_EQ(all[2]->key.signature, "op B");
  EXPECT_EQ(all[2]->fileIndex, 2);
  // Four significant digits, fields by name.
  EXPECT_NE(text.find("\"time_ms\": 1.235"), std::string::npos) << text;
  EXPECT_LT(text.find("\"candidates\""), text.find("\"compiler\""));
  EXPECT_LT(text.find("\"entries\""), text.find("\"format\""));
  EXPECT_EQ(all[2]->heuristicConfig, "#deform.cpu_config<tile = [4], vector = 1>");
  EXPECT_EQ(all[2]->candidates, 9);
  EXPECT_DOUBLE_EQ(all[2]->tuningSeconds, 12.3);
}

TEST(Database, PutReplacesMergeKeepsTheFaster) {
  Database db;
  db.put(entry("op", 2, 1.0, "#a"));
  db.put(entry("op", 2, 3.0, "#b"));
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(db.entries()[0]->config, "#b");
  EXPECT_TRUE(db.merge(entry("op", 2, 2.0, "#c")));
  EXPECT_FALSE(db.merge(entry("op", 2, 2.5, "#d")));
  EXPECT_EQ(db.entries()[0]->config, "#c");
  // Equal times: the smaller text, so that merging is order-independent.
  EXPECT_TRUE(db.merge(entry("op", 2, 2.0, "#a")));
  EXPECT_FALSE(db.merge(entry("op", 2, 2.0, "#z")));
  EXPECT_EQ(db.entries()[0]->config, "#a");
  // Another thread count is another key.
  EXPECT_TRUE(db.merge(entry("op", 8, 9.0)));
  EXPECT_EQ(db.size(), 2u);
  EXPECT_EQ(db.withSignature("op").size(), 2u);
  EXPECT_TRUE(db.withSignature("other").empty());
}

TEST(Database, MatchingNeedsTheWholeKey) {
  Database db;
  db.put(entry("op", 2, 1.0));
  deform::tuning::EntryKey key = entry("op", 2, 1.0).key;
  EXPECT_NE(db.find(key), nullptr);
  for (auto change : {+[](deform::tuning::EntryKey &k) { k.signature += " "; },
                      +[](deform::tuning::EntryKey &k) { k.target = "gpu"; },
                      +[](deform::tuning::EntryKey &k) { k.device = "znver3"; },
                      +[](deform::tuning::EntryKey &k) { k.threads = 3; },
                      +[](deform::tuning::EntryKey &k) { k.compiler = "c2"; }}) {
    deform::tuning::EntryKey other = key;
    change(other);
    EXPECT_EQ(db.find(other), nullptr);
  }
}

TEST(Database, InvalidJsonNamesTheFileAndThePlace) {
  std::string e = parseError("{\"format\": \"deform-tuning-database\",\n  oops}");
  EXPECT_NE(e.find("tuning database 't.json': invalid JSON: [2:3"), std::string::npos) << e;
}

TEST(Database, TopLevelErrors) {
  EXPECT_EQ(parseError("[]"),
            "tuning database 't.json' is an array [], expected an object with "
            "\"format\", \"version\" and \"entries\"");
  EXPECT_EQ(parseError(R"({"format": "other", "version": 1, "entries": []})"),
            "tuning database 't.json': field 'format' is a string \"other\", "
            "expected \"deform-tuning-database\"");
  EXPECT_EQ(parseError(R"({"format": "deform-tuning-database", "entries": []})"),
            "tuning database 't.json': field 'version' is missing, expected 1");
  EXPECT_EQ(parseError(R"({"format": "deform-tuning-database", "version": 2, "entries": []})"),
            "tuning database 't.json': field 'version' is a number 2, expected 1");
  EXPECT_EQ(parseError(R"({"format": "deform-tuning-database", "version": 1})"),
            "tuning database 't.json': field 'entries' is missing, expected an array");
  EXPECT_EQ(parseError(R"({"format": "deform-tuning-database", "version": 1, "entries": [], "x": 1})"),
            "tuning database 't.json': unknown field 'x' (expected only: entries, format, version)");
}

TEST(Database, EntryErrorsNameTheEntryAndTheField) {
  EXPECT_EQ(parseError(R"({"format": "deform-tuning-database", "version": 1, "entries": [3]})"),
            "tuning database 't.json' entry 0 is a number 3, expected an object");
  EXPECT_EQ(parseError(withEntry(R"("signature": "s", "target": "cpu")")),
            "tuning database 't.json' entry 0 (s): missing field 'device' "
            "(expected a string)");
  std::string fields = kFields;
  auto replaced = [&](const std::string &from, const std::string &to) {
    std::string s = fields;
    s.replace(s.find(from), from.size(), to);
    return parseError(withEntry(s));
  };
  EXPECT_EQ(replaced("\"threads\": 2", "\"threads\": \"2\""),
            "tuning database 't.json' entry 0 (s): field 'threads' is a string "
            "\"2\", expected an integer >= 0");
  EXPECT_EQ(replaced("\"time_ms\": 1", "\"time_ms\": -1"),
            "tuning database 't.json' entry 0 (s): field 'time_ms' is a number "
            "-1, expected a positive number");
  EXPECT_EQ(replaced("\"config\": \"#x\"", "\"config\": \"\""),
            "tuning database 't.json' entry 0 (s): field 'config' is a string "
            "\"\", expected a non-empty string");
  EXPECT_EQ(replaced("\"heuristic_ms\": 2", "\"heuristic_ms\": 2, \"time\": 3"),
            "tuning database 't.json' entry 0 (s): unknown field 'time' "
            "(expected only: candidates, compiler, config, device, "
            "heuristic_config, heuristic_ms, signature, target, threads, "
            "time_ms, tuning_s)");
}

TEST(Database, MissingEveryRequiredField) {
  const std::vector<std::pair<std::string, std::string>> required = {
      {"signature", "\"s\""}, {"target", "\"cpu\""},   {"device", "\"d\""},
      {"threads", "2"},       {"compiler", "\"c\""},   {"config", "\"#x\""},
      {"time_ms", "1"},       {"heuristic_ms", "2"}};
  for (const auto &[missing, unused] : required) {
    std::string fields;
    for (const auto &[name, value] : required)
      if (name != missing)
        fields += (fields.empty() ? "\"" : ", \"") + name + "\": " + value;
    std::string e = parseError(withEntry(fields));
    EXPECT_NE(e.find("entry 0"), std::string::npos) << e;
    EXPECT_NE(e.find("missing field '" + missing + "'"), std::string::npos)
        << missing << ": " << e;
  }
}

TEST(Database, DuplicateKeysAreAnError) {
  std::string one = std::string("{") + kFields + "}";
  std::string text = R"({"format": "deform-tuning-database", "version": 1, "entries": [)" +
                     one + "," + one + "]}";
  EXPECT_EQ(parseError(text),
            "tuning database 't.json': entries 0 and 1 have the same "
            "signature, target, device, threads and compiler; keep one "
            "(deform-tune merge keeps the faster)");
}

TEST(Database, Describe) {
  Entry e = entry("op A", 2, 1.0);
  EXPECT_EQ(e.describe("t.json"),
            "tuning database 't.json' entry (op A, cpu znver4, 2 threads, c1)");
  e.fileIndex = 3;
  EXPECT_EQ(e.describe("t.json"),
            "tuning database 't.json' entry 3 (op A, cpu znver4, 2 threads, c1)");
}

TEST(Database, LoadAndSave) {
  std::string dir = ::testing::TempDir();
  std::string path = dir + "/deform-database-test.json";
  std::remove(path.c_str());
  EXPECT_FALSE(bool(Database::load(path)));
  llvm::consumeError(Database::load(path).takeError());
  auto empty = Database::load(path, /*missingIsEmpty=*/true);
  ASSERT_TRUE(bool(empty));
  EXPECT_EQ(empty->size(), 0u);
  empty->put(entry("op", 1, 1.0));
  ASSERT_FALSE(bool(empty->save(path)));
  auto loaded = Database::load(path);
  ASSERT_TRUE(bool(loaded));
  EXPECT_EQ(loaded->serialize(), empty->serialize());
  EXPECT_EQ(loaded->entries()[0]->key.deviceString(), "cpu znver4, 1 thread");
  std::remove(path.c_str());
}
