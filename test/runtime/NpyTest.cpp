//===- NpyTest.cpp - Unit tests of the .npy reader/writer -----------------===//
//
// The "numpy" fixtures below are the exact bytes numpy 1.24's np.save (or
// np.lib.format.write_array for versions 2.0/3.0) writes for the arrays named
// in the comments; they are hard-coded so that the test does not need python.
//
//===----------------------------------------------------------------------===//

#include "deform/runtime/Npy.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace deform::npy;

namespace {

// np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1
// 152 bytes
const std::string kNumpyF32_2x3(
    "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'sha"
    "pe': (2, 3), }                                                     "
    "     \x0a\x00\x00\x80\xbf\x00\x00\x00\xbf\x00\x00\x00\x00\x00\x00\x00"
    "\x3f\x00\x00\x80\x3f\x00\x00\xc0\x3f",
    152);
// 152 bytes
// np.array([1.5, -2.25, 1e300])
const std::string kNumpyF64_3(
    "\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'sha"
    "pe': (3,), }                                                       "
    "     \x0a\x00\x00\x00\x00\x00\x00\xf8\x3f\x00\x00\x00\x00\x00\x00\x02"
    "\xc0\x9cu\x00\x88<\xe4"
    "7~",
    152);
// 136 bytes
// np.array([[1, -2], [0.5, 65504]], dtype=np.float16)
const std::string kNumpyF16_2x2(
    "\x93NUMPY\x01\x00v\x00{'descr': '<f2', 'fortran_order': False, 'sha"
    "pe': (2, 2), }                                                     "
    "     \x0a\x00<\x00\xc0\x00"
    "8\xff{",
    136);
// 144 bytes
// np.array([1, -2, 2**31-1, -2**31], dtype=np.int32)
const std::string kNumpyI32_4(
    "\x93NUMPY\x01\x00v\x00{'descr': '<i4', 'fortran_order': False, 'sha"
    "pe': (4,), }                                                       "
    "     \x0a\x01\x00\x00\x00\xfe\xff\xff\xff\xff\xff\xff\x7f\x00\x00\x00"
    "\x80",
    144);
// 144 bytes
// np.array([[2**40], [-7]], dtype=np.int64)
const std::string kNumpyI64_2x1(
    "\x93NUMPY\x01\x00v\x00{'descr': '<i8', 'fortran_order': False, 'sha"
    "pe': (2, 1), }                                                     "
    "     \x0a\x00\x00\x00\x00\x00\x01\x00\x00\xf9\xff\xff\xff\xff\xff\xff"
    "\xff",
    144);
// 132 bytes
// np.array(3.5, dtype=np.float32)
const std::string kNumpyScalarF32(
    "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'sha"
    "pe': (), }                                                         "
    "     \x0a\x00\x00`@",
    132);
// 128 bytes
// np.zeros((0, 3), dtype=np.float32)
const std::string kNumpyEmptyF32_0x3(
    "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'sha"
    "pe': (0, 3), }                                                     "
    "     \x0a",
    128);
// 176 bytes
// np.asfortranarray(np.arange(12, dtype=np.int32).reshape(2, 3, 2))
const std::string kNumpyFortranI32_2x3x2(
    "\x93NUMPY\x01\x00v\x00{'descr': '<i4', 'fortran_order': True, 'shap"
    "e': (2, 3, 2), }                                                   "
    "     \x0a\x00\x00\x00\x00\x06\x00\x00\x00\x02\x00\x00\x00\x08\x00\x00"
    "\x00\x04\x00\x00\x00\x0a\x00\x00\x00\x01\x00\x00\x00\x07\x00\x00\x00"
    "\x03\x00\x00\x00\x09\x00\x00\x00\x05\x00\x00\x00\x0b\x00\x00\x00",
    176);
// 136 bytes
// np.array([1, 2], dtype=np.float32), version (2, 0)
const std::string kNumpyV2F32_2(
    "\x93NUMPY\x02\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': Fal"
    "se, 'shape': (2,), }                                               "
    "           \x0a\x00\x00\x80\x3f\x00\x00\x00@",
    136);
// 136 bytes
// np.array([1, 2], dtype=np.float32), version (3, 0)
const std::string kNumpyV3F32_2(
    "\x93NUMPY\x03\x00t\x00\x00\x00{'descr': '<f4', 'fortran_order': Fal"
    "se, 'shape': (2,), }                                               "
    "           \x0a\x00\x00\x80\x3f\x00\x00\x00@",
    136);
// 136 bytes
// np.array([1, 2], dtype='>f4')
const std::string kNumpyBigEndianF32(
    "\x93NUMPY\x01\x00v\x00{'descr': '>f4', 'fortran_order': False, 'sha"
    "pe': (2,), }                                                       "
    "     \x0a\x3f\x80\x00\x00@\x00\x00\x00",
    136);
// 132 bytes
// np.array([1, 2], dtype='<i2')
const std::string kNumpyI16(
    "\x93NUMPY\x01\x00v\x00{'descr': '<i2', 'fortran_order': False, 'sha"
    "pe': (2,), }                                                       "
    "     \x0a\x01\x00\x02\x00",
    132);
// 144 bytes
// np.zeros(2, dtype=[('a', '<f4'), ('b', '<i4')])
const std::string kNumpyStructured(
    "\x93NUMPY\x01\x00v\x00{'descr': [('a', '<f4'), ('b', '<i4')], 'fort"
    "ran_order': False, 'shape': (2,), }                                "
    "     \x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00",
    144);

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::string tempPath(const std::string &name) {
  static int counter = 0;
  std::string dir = ::testing::TempDir();
  if (!dir.empty() && dir.back() != '/')
    dir += '/';
  return dir + "deform-npy-test-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++) + "-" + name;
}

/// A file that is removed when it goes out of scope.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string &name) : path(tempPath(name)) {}
  TempFile(const std::string &name, const std::string &bytes)
      : path(tempPath(name)) {
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
  }
  ~TempFile() { std::remove(path.c_str()); }
  std::string contents() const {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }
};

template <typename T> std::vector<T> values(const Array &a) {
  EXPECT_EQ(a.data.size() % sizeof(T), 0u);
  std::vector<T> v(a.data.size() / sizeof(T));
  if (!v.empty())
    std::memcpy(v.data(), a.data.data(), a.data.size());
  return v;
}

template <typename T>
Array makeArray(DType dtype, std::vector<int64_t> shape,
                const std::vector<T> &v) {
  Array a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  a.data.resize(v.size() * sizeof(T));
  if (!v.empty())
    std::memcpy(a.data.data(), v.data(), a.data.size());
  return a;
}

/// Reads `bytes` as an .npy file; returns the error ("" on success).
std::string readBytes(const std::string &bytes, Array &out) {
  TempFile f("in.npy", bytes);
  return read(f.path, out);
}

std::string readError(const std::string &bytes) {
  Array a;
  return readBytes(bytes, a);
}

#define EXPECT_CONTAINS(haystack, needle)                                      \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos)            \
      << "message: " << (haystack)

/// A v1.0 file with the given header dict text and payload.
std::string makeFile(const std::string &dict, const std::string &payload,
                     unsigned major = 1) {
  std::string header = dict + "\n";
  std::string s = "\x93NUMPY";
  s.push_back(char(major));
  s.push_back('\0');
  size_t n = header.size();
  s.push_back(char(n & 0xff));
  s.push_back(char((n >> 8) & 0xff));
  if (major != 1) {
    s.push_back(char((n >> 16) & 0xff));
    s.push_back(char((n >> 24) & 0xff));
  }
  return s + header + payload;
}

//===----------------------------------------------------------------------===//
// Basics
//===----------------------------------------------------------------------===//

TEST(Npy, DTypeNamesAndSizes) {
  EXPECT_EQ(dtypeName(DType::F16), "float16");
  EXPECT_EQ(dtypeName(DType::F32), "float32");
  EXPECT_EQ(dtypeName(DType::F64), "float64");
  EXPECT_EQ(dtypeName(DType::I32), "int32");
  EXPECT_EQ(dtypeName(DType::I64), "int64");
  EXPECT_EQ(dtypeDescr(DType::F32), "<f4");
  EXPECT_EQ(dtypeSize(DType::F16), 2u);
  EXPECT_EQ(dtypeSize(DType::F64), 8u);
  Array a;
  a.dtype = DType::I32;
  EXPECT_EQ(a.numElements(), 1); // scalar
  EXPECT_EQ(a.elementSize(), 4u);
  a.shape = {2, 0, 5};
  EXPECT_EQ(a.numElements(), 0);
  a.shape = {int64_t(1) << 40, int64_t(1) << 40};
  EXPECT_EQ(a.numElements(), -1); // overflow
  a.shape = {-1};
  EXPECT_EQ(a.numElements(), -1);
  // Empty however large the dimensions before its 0 (fuzz finding npy-1).
  a.shape = {int64_t(1) << 32, int64_t(1) << 32, 0};
  EXPECT_EQ(a.numElements(), 0);
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

template <typename T>
void roundTrip(DType dtype, std::vector<int64_t> shape, std::vector<T> v) {
  Array in = makeArray(dtype, shape, v);
  TempFile f("rt.npy");
  ASSERT_EQ(write(f.path, in), "");
  Array out;
  out.dtype = DType::F64;
  out.shape = {99};
  ASSERT_EQ(read(f.path, out), "");
  EXPECT_EQ(out.dtype, dtype);
  EXPECT_EQ(out.shape, shape);
  EXPECT_EQ(out.data, in.data);
  // The header is padded so that the data is 64-byte aligned, like numpy.
  std::string bytes = f.contents();
  EXPECT_EQ((bytes.size() - in.data.size()) % 64, 0u);
  EXPECT_EQ(bytes[bytes.size() - in.data.size() - 1], '\n');
}

TEST(Npy, RoundTripEachDType) {
  roundTrip<uint16_t>(DType::F16, {2, 3},
                      {0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000});
  roundTrip<float>(DType::F32, {2, 2, 2},
                   {1.f, -2.5f, 3.25f, 1e-30f, -0.f, 7.f, 8.f, 1e30f});
  roundTrip<double>(DType::F64, {3}, {1.5, -2.25, 1e300});
  roundTrip<int32_t>(DType::I32, {4, 1}, {1, -2, INT32_MAX, INT32_MIN});
  roundTrip<int64_t>(DType::I64, {1, 2}, {INT64_MAX, INT64_MIN});
}

TEST(Npy, RoundTripScalarAndEmpty) {
  roundTrip<float>(DType::F32, {}, {42.5f});
  roundTrip<int64_t>(DType::I64, {}, {-3});
  roundTrip<float>(DType::F32, {0}, {});
  roundTrip<double>(DType::F64, {3, 0, 2}, {});
}

TEST(Npy, RoundTripLarge) {
  std::vector<float> v(3 * 257 * 129);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = float(i) * 0.25f - 100.f;
  roundTrip<float>(DType::F32, {3, 257, 129}, v);
}

TEST(Npy, LongHeaderIsWrittenAsVersion2) {
  // 30000 dimensions of size 1: the header no longer fits in 65535 bytes.
  std::vector<int64_t> shape(30000, 1);
  Array in = makeArray<float>(DType::F32, shape, {5.f});
  TempFile f("long.npy");
  ASSERT_EQ(write(f.path, in), "");
  std::string bytes = f.contents();
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes[6], '\x02');
  Array out;
  ASSERT_EQ(read(f.path, out), "");
  EXPECT_EQ(out.shape, shape);
  EXPECT_EQ(values<float>(out), std::vector<float>{5.f});
}

//===----------------------------------------------------------------------===//
// Files written by numpy
//===----------------------------------------------------------------------===//

TEST(Npy, ReadsNumpyF32) {
  Array a;
  ASSERT_EQ(readBytes(kNumpyF32_2x3, a), "");
  EXPECT_EQ(a.dtype, DType::F32);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(values<float>(a),
            (std::vector<float>{-1.f, -0.5f, 0.f, 0.5f, 1.f, 1.5f}));
}

TEST(Npy, ReadsNumpyOtherDTypes) {
  Array a;
  ASSERT_EQ(readBytes(kNumpyF64_3, a), "");
  EXPECT_EQ(a.dtype, DType::F64);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(values<double>(a), (std::vector<double>{1.5, -2.25, 1e300}));

  ASSERT_EQ(readBytes(kNumpyF16_2x2, a), "");
  EXPECT_EQ(a.dtype, DType::F16);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(values<uint16_t>(a),
            (std::vector<uint16_t>{0x3c00, 0xc000, 0x3800, 0x7bff}));

  ASSERT_EQ(readBytes(kNumpyI32_4, a), "");
  EXPECT_EQ(a.dtype, DType::I32);
  EXPECT_EQ(values<int32_t>(a),
            (std::vector<int32_t>{1, -2, INT32_MAX, INT32_MIN}));

  ASSERT_EQ(readBytes(kNumpyI64_2x1, a), "");
  EXPECT_EQ(a.dtype, DType::I64);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(values<int64_t>(a),
            (std::vector<int64_t>{int64_t(1) << 40, -7}));
}

TEST(Npy, ReadsNumpyScalarAndEmpty) {
  Array a;
  ASSERT_EQ(readBytes(kNumpyScalarF32, a), "");
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.numElements(), 1);
  EXPECT_EQ(values<float>(a), std::vector<float>{3.5f});

  ASSERT_EQ(readBytes(kNumpyEmptyF32_0x3, a), "");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(a.data.empty());
}

TEST(Npy, FortranOrderIsTransposedToCOrder) {
  Array a;
  ASSERT_EQ(readBytes(kNumpyFortranI32_2x3x2, a), "");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3, 2}));
  std::vector<int32_t> expected(12);
  for (int i = 0; i < 12; ++i)
    expected[i] = i;
  EXPECT_EQ(values<int32_t>(a), expected);
}

TEST(Npy, ReadsVersions2And3) {
  Array a;
  ASSERT_EQ(readBytes(kNumpyV2F32_2, a), "");
  EXPECT_EQ(values<float>(a), (std::vector<float>{1.f, 2.f}));
  a = Array();
  ASSERT_EQ(readBytes(kNumpyV3F32_2, a), "");
  EXPECT_EQ(values<float>(a), (std::vector<float>{1.f, 2.f}));
}

TEST(Npy, WritesTheSameBytesAsNumpy) {
  auto check = [](const Array &a, const std::string &expected) {
    TempFile f("same.npy");
    ASSERT_EQ(write(f.path, a), "");
    EXPECT_EQ(f.contents(), expected);
  };
  check(makeArray<float>(DType::F32, {2, 3},
                         {-1.f, -0.5f, 0.f, 0.5f, 1.f, 1.5f}),
        kNumpyF32_2x3);
  check(makeArray<double>(DType::F64, {3}, {1.5, -2.25, 1e300}), kNumpyF64_3);
  check(makeArray<uint16_t>(DType::F16, {2, 2},
                            {0x3c00, 0xc000, 0x3800, 0x7bff}),
        kNumpyF16_2x2);
  check(makeArray<int32_t>(DType::I32, {4}, {1, -2, INT32_MAX, INT32_MIN}),
        kNumpyI32_4);
  check(makeArray<int64_t>(DType::I64, {2, 1}, {int64_t(1) << 40, -7}),
        kNumpyI64_2x1);
  check(makeArray<float>(DType::F32, {}, {3.5f}), kNumpyScalarF32);
  check(makeArray<float>(DType::F32, {0, 3}, {}), kNumpyEmptyF32_0x3);
}

TEST(Npy, AcceptsHandWrittenHeaderVariants) {
  // Different key order, double quotes, no trailing comma, Python 2 longs,
  // no padding.
  std::string payload("\x00\x00\x80\x3f\x00\x00\x00\x40", 8);
  Array a;
  ASSERT_EQ(readBytes(makeFile("{\"shape\": (2L,), \"fortran_order\": False,"
                               " \"descr\": \"<f4\"}",
                               payload),
                      a),
            "");
  EXPECT_EQ(values<float>(a), (std::vector<float>{1.f, 2.f}));
  ASSERT_EQ(readBytes(makeFile("{'descr':'<f4','fortran_order':True,"
                               "'shape':(1,2,)}",
                               payload, 2),
                      a),
            "");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(values<float>(a), (std::vector<float>{1.f, 2.f}));
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(Npy, MissingFile) {
  Array a;
  std::string path = tempPath("does-not-exist.npy");
  std::string err = read(path, a);
  EXPECT_CONTAINS(err, path);
  EXPECT_CONTAINS(err, "cannot open");
}

TEST(Npy, Directory) {
  Array a;
  std::string err = read(::testing::TempDir(), a);
  EXPECT_CONTAINS(err, "directory");
}

TEST(Npy, EmptyAndGarbageFiles) {
  EXPECT_CONTAINS(readError(""), "not an .npy file");
  EXPECT_CONTAINS(readError("hello, world: this is not numpy data at all"),
                  "not an .npy file");
  std::string garbage;
  uint32_t state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1664525u + 1013904223u;
    garbage.push_back(char(state >> 24));
  }
  EXPECT_CONTAINS(readError(garbage), "not an .npy file");
  // Magic string followed by garbage.
  EXPECT_NE(readError(std::string("\x93NUMPY\x01\x00", 8) + garbage), "");
}

TEST(Npy, BadMagic) {
  std::string bytes = kNumpyF32_2x3;
  bytes[1] = 'n';
  std::string err = readError(bytes);
  EXPECT_CONTAINS(err, "not an .npy file");
  EXPECT_CONTAINS(err, "magic");
}

TEST(Npy, UnsupportedVersion) {
  std::string bytes = kNumpyF32_2x3;
  bytes[6] = '\x04';
  EXPECT_CONTAINS(readError(bytes), "unsupported .npy format version 4.0");
  bytes[6] = '\x01';
  bytes[7] = '\x01';
  EXPECT_CONTAINS(readError(bytes), "version 1.1");
}

TEST(Npy, UnsupportedDTypes) {
  std::string err = readError(kNumpyBigEndianF32);
  EXPECT_CONTAINS(err, "big-endian");
  EXPECT_CONTAINS(err, "'>f4'");
  EXPECT_CONTAINS(readError(kNumpyI16), "dtype '<i2' is not supported");
  EXPECT_CONTAINS(readError(kNumpyStructured), "structured");
  EXPECT_CONTAINS(
      readError(makeFile("{'descr': '|b1', 'fortran_order': False, 'shape': "
                         "(1,), }",
                         std::string(1, '\1'))),
      "'|b1' is not supported");
}

TEST(Npy, TruncatedData) {
  std::string bytes = kNumpyF32_2x3;
  bytes.resize(bytes.size() - 4);
  std::string err = readError(bytes);
  EXPECT_CONTAINS(err, "truncated data: expected 24 bytes, found 20");
  // Header only.
  bytes.resize(128);
  EXPECT_CONTAINS(readError(bytes), "expected 24 bytes, found 0");
  // Inside the header.
  bytes.resize(60);
  EXPECT_CONTAINS(readError(bytes), "truncated header");
  bytes.resize(9);
  EXPECT_CONTAINS(readError(bytes), "truncated header");
}

TEST(Npy, TrailingBytes) {
  EXPECT_CONTAINS(readError(std::string(kNumpyF32_2x3) + "xyz"),
                  "trailing bytes");
}

TEST(Npy, HugeShapes) {
  // The element count overflows int64.
  std::string err = readError(
      makeFile("{'descr': '<f4', 'fortran_order': False, 'shape': "
               "(4294967296, 4294967296, 4294967296), }",
               ""));
  EXPECT_CONTAINS(err, "too large");
  // The element count fits but the byte count does not.
  err = readError(makeFile("{'descr': '<f8', 'fortran_order': False, "
                           "'shape': (2305843009213693952,), }",
                           ""));
  EXPECT_CONTAINS(err, "too large");
  // A dimension beyond int64.
  err = readError(makeFile("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (99999999999999999999,), }",
                           ""));
  EXPECT_CONTAINS(err, "overflows");
  // Big but representable: reported as truncated, nothing allocated.
  err = readError(makeFile("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (1000000000000,), }",
                           "abcd"));
  EXPECT_CONTAINS(err, "truncated data: expected 4000000000000 bytes, found 4");
  // A zero dimension makes the array empty whatever the others are.
  Array a;
  ASSERT_EQ(readBytes(makeFile("{'descr': '<f4', 'fortran_order': False, "
                               "'shape': (0, 9223372036854775807), }",
                               ""),
                      a),
            "");
  EXPECT_TRUE(a.data.empty());
}

TEST(Npy, BadHeaders) {
  auto err = [](const std::string &dict) {
    return readError(makeFile(dict, std::string(8, '\0')));
  };
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': (-2,), }"),
                  "negative dimension");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False}"),
                  "missing key 'shape'");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'shape': (2,)}"),
                  "missing key 'fortran_order'");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': (2,), 'extra': 1}"),
                  "unexpected key 'extra'");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}"),
                  "fortran_order");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': [2]}"),
                  "not a tuple");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': (2.5,)}"),
                  "bad header");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': (2,)"),
                  "bad header");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': Falsey, "
                      "'shape': (2,)}"),
                  "bad header");
  EXPECT_CONTAINS(err("['descr', '<f4']"), "bad header");
  EXPECT_CONTAINS(err("{'descr: '<f4'}"), "bad header");
  EXPECT_CONTAINS(err(std::string(100, '(')), "bad header");
  EXPECT_CONTAINS(err("{'descr': '<f4', 'fortran_order': False, "
                      "'shape': (2,)} junk"),
                  "unexpected text");
}

TEST(Npy, FailedReadLeavesOutputUnchanged) {
  Array a = makeArray<int32_t>(DType::I32, {1}, {7});
  EXPECT_NE(readError(kNumpyBigEndianF32), "");
  std::string bytes = kNumpyF32_2x3;
  bytes.resize(bytes.size() - 1);
  EXPECT_NE(readBytes(bytes, a), "");
  EXPECT_EQ(a.dtype, DType::I32);
  EXPECT_EQ(values<int32_t>(a), std::vector<int32_t>{7});
}

TEST(Npy, NeverCrashesOnMutatedFiles) {
  const std::string fixtures[] = {kNumpyF32_2x3, kNumpyScalarF32,
                                  kNumpyFortranI32_2x3x2, kNumpyV2F32_2,
                                  kNumpyV3F32_2};
  uint32_t state = 1;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  for (const std::string &fixture : fixtures) {
    // Every truncation.
    for (size_t n = 0; n < fixture.size(); ++n) {
      Array a;
      EXPECT_NE(readBytes(fixture.substr(0, n), a), "") << "length " << n;
    }
    // Random byte mutations; most fail, some (payload bytes) succeed.
    for (int trial = 0; trial < 300; ++trial) {
      std::string bytes = fixture;
      int edits = 1 + int(next() % 4);
      for (int e = 0; e < edits; ++e)
        bytes[next() % bytes.size()] = char(next());
      Array a;
      std::string err = readBytes(bytes, a);
      if (err.empty()) {
        EXPECT_EQ(a.data.size(), size_t(a.numElements()) * a.elementSize());
      }
    }
  }
}

TEST(Npy, WriteErrors) {
  Array a = makeArray<float>(DType::F32, {2, 3}, {1.f, 2.f});
  std::string path = tempPath("bad.npy");
  std::string err = write(path, a);
  EXPECT_CONTAINS(err, path);
  EXPECT_CONTAINS(err, "need 24 bytes but the array holds 8");

  a.shape = {-1};
  EXPECT_CONTAINS(write(path, a), "negative dimension");
  a.shape = {int64_t(1) << 40, int64_t(1) << 40};
  EXPECT_CONTAINS(write(path, a), "overflows");

  Array ok = makeArray<float>(DType::F32, {1}, {1.f});
  err = write(tempPath("no-such-dir/x/y.npy"), ok);
  EXPECT_CONTAINS(err, "cannot open for writing");
}

} // namespace
