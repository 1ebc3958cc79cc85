//===- Npy.cpp - .npy file reader/writer ----------------------------------===//
//
// See Npy.h for what is supported. The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// which is parsed here by a small recursive-descent parser that accepts the
// subset of Python literals numpy writes (strings, True/False, integers,
// tuples of integers, and lists, which only appear in structured dtypes and
// are rejected).
//
//===----------------------------------------------------------------------===//

#include "deform/runtime/Npy.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sys/stat.h>

namespace deform {
namespace npy {

namespace {

constexpr unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr size_t kAlign = 64;
constexpr size_t kGrowthAxisMaxDigits = 21;
/// Refuse to allocate more than this many bytes for a header (numpy refuses
/// headers over 10000 bytes by default; be generous but bounded).
constexpr uint64_t kMaxHeaderLen = uint64_t(1) << 24;
/// Largest payload accepted: keeps every size computation far from overflow.
constexpr uint64_t kMaxDataBytes = uint64_t(std::numeric_limits<int64_t>::max());

bool checkedMul(int64_t a, int64_t b, int64_t &out) {
  return !__builtin_mul_overflow(a, b, &out);
}

/// RAII FILE*.
struct File {
  std::FILE *f = nullptr;
  explicit File(std::FILE *f) : f(f) {}
  ~File() {
    if (f)
      std::fclose(f);
  }
  File(const File &) = delete;
  File &operator=(const File &) = delete;
};

std::string errnoText(int err) { return std::strerror(err); }

//===----------------------------------------------------------------------===//
// Header parser
//===----------------------------------------------------------------------===//

struct Value {
  enum Kind { String, Bool, Int, Tuple, List } kind = String;
  std::string str;
  bool boolean = false;
  int64_t integer = 0;
  std::vector<Value> items;
};

class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : s(text) {}

  /// Parses the whole dict; returns "" or an error message.
  std::string parseDict(std::vector<std::pair<std::string, Value>> &out) {
    skipWs();
    if (!consume('{'))
      return "header is not a dict literal (no '{')";
    while (true) {
      skipWs();
      if (consume('}'))
        break;
      Value key;
      std::string err = parseValue(key, 0);
      if (!err.empty())
        return err;
      if (key.kind != Value::String)
        return "header dict key is not a string";
      skipWs();
      if (!consume(':'))
        return "expected ':' after key '" + key.str + "' in header";
      Value value;
      err = parseValue(value, 0);
      if (!err.empty())
        return err;
      out.emplace_back(key.str, std::move(value));
      skipWs();
      if (consume(','))
        continue;
      skipWs();
      if (consume('}'))
        break;
      return "expected ',' or '}' in header at offset " + std::to_string(pos);
    }
    skipWs();
    if (pos != s.size())
      return "unexpected text after the header dict at offset " +
             std::to_string(pos);
    return "";
  }

private:
  const std::string &s;
  size_t pos = 0;

  void skipWs() {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' ||
                              s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
  }
  bool consume(char c) {
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *w) {
    size_t n = std::strlen(w);
    if (s.compare(pos, n, w) != 0)
      return false;
    // Must not be followed by an identifier character.
    if (pos + n < s.size()) {
      char c = s[pos + n];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_')
        return false;
    }
    pos += n;
    return true;
  }

  std::string parseValue(Value &v, int depth) {
    if (depth > 32)
      return "header nested too deeply";
    skipWs();
    if (pos >= s.size())
      return "header ends unexpectedly";
    char c = s[pos];
    if (c == '\'' || c == '"') {
      ++pos;
      v.kind = Value::String;
      while (pos < s.size() && s[pos] != c) {
        if (s[pos] == '\\') {
          if (pos + 1 >= s.size())
            return "unterminated string in header";
          ++pos;
        }
        v.str.push_back(s[pos++]);
      }
      if (pos >= s.size())
        return "unterminated string in header";
      ++pos;
      return "";
    }
    if (c == '(' || c == '[') {
      char close = c == '(' ? ')' : ']';
      ++pos;
      v.kind = c == '(' ? Value::Tuple : Value::List;
      while (true) {
        skipWs();
        if (consume(close))
          return "";
        Value item;
        std::string err = parseValue(item, depth + 1);
        if (!err.empty())
          return err;
        v.items.push_back(std::move(item));
        skipWs();
        if (consume(','))
          continue;
        skipWs();
        if (consume(close))
          return "";
        return std::string("expected ',' or '") + close +
               "' in header at offset " + std::to_string(pos);
      }
    }
    if (consumeWord("True")) {
      v.kind = Value::Bool;
      v.boolean = true;
      return "";
    }
    if (consumeWord("False")) {
      v.kind = Value::Bool;
      v.boolean = false;
      return "";
    }
    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
      bool negative = false;
      if (c == '-' || c == '+') {
        negative = c == '-';
        ++pos;
      }
      if (pos >= s.size() || s[pos] < '0' || s[pos] > '9')
        return "bad integer in header at offset " + std::to_string(pos);
      uint64_t value = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        unsigned digit = unsigned(s[pos] - '0');
        if (value > (uint64_t(std::numeric_limits<int64_t>::max()) - digit) / 10)
          return "integer in header overflows 64 bits";
        value = value * 10 + digit;
        ++pos;
      }
      // Python 2 era numpy wrote long integers as e.g. "3L".
      if (pos < s.size() && (s[pos] == 'L' || s[pos] == 'l'))
        ++pos;
      v.kind = Value::Int;
      v.integer = negative ? -int64_t(value) : int64_t(value);
      return "";
    }
    return "unexpected character in header at offset " + std::to_string(pos);
  }
};

/// Parses a descr such as "<f4". Returns "" or a message.
std::string parseDescr(const Value &descr, DType &dtype) {
  if (descr.kind == Value::List)
    return "structured dtypes are not supported";
  if (descr.kind != Value::String)
    return "'descr' is not a string";
  const std::string &d = descr.str;
  const std::string quoted = "dtype '" + d + "'";
  if (!d.empty() && d[0] == '>')
    return "big-endian " + quoted +
           " is not supported (convert with arr.astype(arr.dtype.newbyteorder('<')))";
  if (d == "<f2")
    dtype = DType::F16;
  else if (d == "<f4")
    dtype = DType::F32;
  else if (d == "<f8")
    dtype = DType::F64;
  else if (d == "<i4")
    dtype = DType::I32;
  else if (d == "<i8")
    dtype = DType::I64;
  else
    return quoted + " is not supported (supported: <f2, <f4, <f8, <i4, <i8)";
  return "";
}

} // namespace

//===----------------------------------------------------------------------===//
// DType helpers
//===----------------------------------------------------------------------===//

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return 2;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  }
  return 0;
}

std::string dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "float16";
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  }
  return "unknown";
}

std::string dtypeDescr(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "<f2";
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  }
  return "?";
}

int64_t Array::numElements() const {
  // An empty array has 0 elements, however large its other dimensions.
  for (int64_t d : shape)
    if (d == 0)
      return 0;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || !checkedMul(n, d, n))
      return -1;
  }
  return n;
}

size_t Array::elementSize() const { return dtypeSize(dtype); }

//===----------------------------------------------------------------------===//
// read
//===----------------------------------------------------------------------===//

namespace {

/// Where read() and parse() take their bytes from.
class Source {
public:
  virtual ~Source() = default;
  /// Reads up to `n` bytes into `dst`; returns how many were read.
  virtual size_t read(void *dst, size_t n) = 0;
  /// "" or the message of a read error.
  virtual std::string error() = 0;
  /// Whether `size` (the total byte count) is known: regular files and
  /// memory. Otherwise (pipes) the data is read as it arrives.
  bool sizeKnown = false;
  uint64_t size = 0;
};

class FileSource : public Source {
public:
  explicit FileSource(std::FILE *f) : f(f) {}
  size_t read(void *dst, size_t n) override { return std::fread(dst, 1, n, f); }
  std::string error() override {
    return std::ferror(f) ? "read error: " + errnoText(errno) : "";
  }

private:
  std::FILE *f;
};

class MemorySource : public Source {
public:
  MemorySource(const uint8_t *data, size_t bytes) : data(data) {
    sizeKnown = true;
    size = bytes;
  }
  size_t read(void *dst, size_t n) override {
    n = std::min(n, size_t(size) - pos);
    if (n)
      std::memcpy(dst, data + pos, n);
    pos += n;
    return n;
  }
  std::string error() override { return ""; }

private:
  const uint8_t *data;
  size_t pos = 0;
};

/// The reader proper, shared by read() and parse(): "" or a message (that
/// does not name the file).
std::string parseFrom(Source &in, Array &out) {
  // Magic string and version.
  unsigned char prefix[12]; // magic (6), version (2), header length (2 or 4)
  size_t got = in.read(prefix, 8);
  if (std::string readErr = in.error(); !readErr.empty())
    return readErr;
  if (got < 8 || std::memcmp(prefix, kMagic, 6) != 0)
    return got < 6 ? "not an .npy file (only " + std::to_string(got) +
                         " bytes, no magic string)"
                   : "not an .npy file (bad magic string; expected "
                     "\\x93NUMPY)";
  unsigned major = prefix[6], minor = prefix[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return "unsupported .npy format version " + std::to_string(major) + "." +
           std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)";

  // Header length: 2 bytes (1.0) or 4 bytes (2.0, 3.0), little endian.
  size_t lenBytes = major == 1 ? 2 : 4;
  got = in.read(prefix + 8, lenBytes);
  if (got < lenBytes)
    return "truncated header (file ends inside the header length)";
  uint64_t headerLen = 0;
  for (size_t i = 0; i < lenBytes; ++i)
    headerLen |= uint64_t(prefix[8 + i]) << (8 * i);
  const uint64_t dataStart = 8 + lenBytes + headerLen;
  if (headerLen > kMaxHeaderLen)
    return "header length " + std::to_string(headerLen) +
           " is implausibly large";
  if (in.sizeKnown && in.size < dataStart)
    return "truncated header: expected " + std::to_string(headerLen) +
           " header bytes, found " + std::to_string(in.size - 8 - lenBytes);

  std::string header(headerLen, '\0');
  got = headerLen ? in.read(&header[0], headerLen) : 0;
  if (got < headerLen)
    return "truncated header: expected " + std::to_string(headerLen) +
           " header bytes, found " + std::to_string(got);
  if (header.find('\0') != std::string::npos)
    return "header contains a NUL byte (corrupt file)";

  // Parse the dict.
  std::vector<std::pair<std::string, Value>> entries;
  std::string err = HeaderParser(header).parseDict(entries);
  if (!err.empty())
    return "bad header: " + err;
  const Value *descr = nullptr, *fortran = nullptr, *shapeValue = nullptr;
  for (const auto &entry : entries) {
    if (entry.first == "descr")
      descr = &entry.second;
    else if (entry.first == "fortran_order")
      fortran = &entry.second;
    else if (entry.first == "shape")
      shapeValue = &entry.second;
    else
      return "bad header: unexpected key '" + entry.first + "'";
  }
  if (!descr || !fortran || !shapeValue)
    return "bad header: missing key '" +
           std::string(!descr     ? "descr"
                       : !fortran ? "fortran_order"
                                  : "shape") +
           "'";

  DType dtype;
  err = parseDescr(*descr, dtype);
  if (!err.empty())
    return err;
  if (fortran->kind != Value::Bool)
    return "bad header: 'fortran_order' is not True or False";
  if (shapeValue->kind != Value::Tuple)
    return "bad header: 'shape' is not a tuple";

  std::vector<int64_t> shape;
  for (const Value &dim : shapeValue->items) {
    if (dim.kind != Value::Int)
      return "bad header: 'shape' holds a non-integer";
    if (dim.integer < 0)
      return "bad header: negative dimension " + std::to_string(dim.integer);
    shape.push_back(dim.integer);
  }

  // Size of the payload, checked for overflow.
  int64_t numElements = 1;
  bool empty = false;
  for (int64_t d : shape)
    empty |= d == 0;
  if (empty) {
    numElements = 0;
  } else {
    for (int64_t d : shape)
      if (!checkedMul(numElements, d, numElements))
        return "shape is too large: the element count overflows 64 "
               "bits";
  }
  int64_t dataBytes;
  if (!checkedMul(numElements, int64_t(dtypeSize(dtype)), dataBytes) ||
      uint64_t(dataBytes) > kMaxDataBytes ||
      uint64_t(dataBytes) > std::numeric_limits<size_t>::max())
    return "shape is too large: the byte size overflows 64 bits";

  // Compare with what the input holds before allocating anything.
  uint64_t available;
  if (in.sizeKnown) {
    available = in.size - dataStart;
    if (available < uint64_t(dataBytes))
      return "truncated data: expected " + std::to_string(dataBytes) +
             " bytes, found " + std::to_string(available);
    if (available > uint64_t(dataBytes))
      return "expected " + std::to_string(dataBytes) + " data bytes, found " +
             std::to_string(available) + " (trailing bytes after the array)";
  }

  std::vector<unsigned char> data;
  // For inputs of unknown size (pipes), grow as data arrives so a lying header
  // cannot force a huge allocation.
  if (in.sizeKnown) {
    data.resize(size_t(dataBytes));
    got = dataBytes ? in.read(data.data(), size_t(dataBytes)) : 0;
    if (got < size_t(dataBytes))
      return "truncated data: expected " + std::to_string(dataBytes) +
             " bytes, found " + std::to_string(got);
  } else {
    std::vector<unsigned char> buf(1 << 16);
    while (data.size() < uint64_t(dataBytes)) {
      size_t want =
          std::min<uint64_t>(buf.size(), uint64_t(dataBytes) - data.size());
      got = in.read(buf.data(), want);
      if (got == 0)
        break;
      data.insert(data.end(), buf.begin(), buf.begin() + got);
    }
    if (data.size() < uint64_t(dataBytes))
      return "truncated data: expected " + std::to_string(dataBytes) +
             " bytes, found " + std::to_string(data.size());
  }
  if (std::string readErr = in.error(); !readErr.empty())
    return readErr;

  // Fortran order: transpose to C order. In Fortran order the first index
  // varies fastest.
  if (fortran->boolean && shape.size() > 1 && numElements > 0) {
    const size_t rank = shape.size();
    const size_t esize = dtypeSize(dtype);
    std::vector<int64_t> fstride(rank);
    int64_t stride = 1;
    for (size_t d = 0; d < rank; ++d) {
      fstride[d] = stride;
      stride *= shape[d]; // cannot overflow: bounded by numElements
    }
    std::vector<unsigned char> cdata(data.size());
    std::vector<int64_t> index(rank, 0);
    int64_t src = 0;
    for (int64_t i = 0; i < numElements; ++i) {
      std::memcpy(&cdata[size_t(i) * esize], &data[size_t(src) * esize], esize);
      // Increment the C-order index (last dimension fastest).
      for (size_t d = rank; d-- > 0;) {
        ++index[d];
        src += fstride[d];
        if (index[d] < shape[d])
          break;
        src -= fstride[d] * shape[d];
        index[d] = 0;
      }
    }
    data.swap(cdata);
  }

  out.dtype = dtype;
  out.shape = std::move(shape);
  out.data = std::move(data);
  return "";
}

} // namespace

std::string parse(const uint8_t *data, size_t size, Array &out) {
  if (size && !data)
    return "data is NULL but size is " + std::to_string(size);
  MemorySource in(data, size);
  return parseFrom(in, out);
}

std::string read(const std::string &path, Array &out) {
  auto fail = [&](const std::string &what) {
    return "'" + path + "': " + what;
  };

  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return fail("cannot open: " + errnoText(errno));
  if (S_ISDIR(st.st_mode))
    return fail("is a directory, not an .npy file");

  errno = 0;
  File file(std::fopen(path.c_str(), "rb"));
  if (!file.f)
    return fail("cannot open: " + errnoText(errno));

  FileSource in(file.f);
  if (S_ISREG(st.st_mode)) {
    in.sizeKnown = true;
    in.size = uint64_t(st.st_size);
  }
  std::string err = parseFrom(in, out);
  return err.empty() ? err : fail(err);
}

//===----------------------------------------------------------------------===//
// write
//===----------------------------------------------------------------------===//

std::string write(const std::string &path, const Array &array) {
  auto fail = [&](const std::string &what) {
    return "'" + path + "': " + what;
  };

  const size_t esize = array.elementSize();
  if (esize == 0)
    return fail("cannot write: invalid dtype");
  for (int64_t d : array.shape)
    if (d < 0)
      return fail("cannot write: negative dimension " + std::to_string(d));
  int64_t n = array.numElements();
  int64_t bytes;
  if (n < 0 || !checkedMul(n, int64_t(esize), bytes))
    return fail("cannot write: the shape's size overflows 64 bits");
  if (uint64_t(bytes) != array.data.size())
    return fail("cannot write: the shape and dtype " + dtypeName(array.dtype) +
                " need " + std::to_string(bytes) + " bytes but the array holds " +
                std::to_string(array.data.size()));

  // Same text as numpy 1.24's np.save (keys sorted, repr of the values, spare
  // room for the first axis to grow).
  std::string shapeText = "(";
  for (size_t i = 0; i < array.shape.size(); ++i) {
    if (i)
      shapeText += ", ";
    shapeText += std::to_string(array.shape[i]);
  }
  if (array.shape.size() == 1)
    shapeText += ",";
  shapeText += ")";
  std::string header = "{'descr': '" + dtypeDescr(array.dtype) +
                       "', 'fortran_order': False, 'shape': " + shapeText +
                       ", }";
  if (!array.shape.empty()) {
    size_t digits = std::to_string(array.shape[0]).size();
    if (digits < kGrowthAxisMaxDigits)
      header.append(kGrowthAxisMaxDigits - digits, ' ');
  }

  // Pad with spaces and a final '\n' so that the data starts at a multiple of
  // 64 bytes. Like numpy, an already aligned header still gets 64 bytes.
  auto wrap = [&](unsigned major, std::string &out) {
    size_t lenBytes = major == 1 ? 2 : 4;
    size_t hlen = header.size() + 1;
    size_t padlen = kAlign - ((8 + lenBytes + hlen) % kAlign);
    uint64_t total = hlen + padlen;
    if (total > (major == 1 ? 0xffffu : 0xffffffffu))
      return false;
    out.assign(reinterpret_cast<const char *>(kMagic), 6);
    out.push_back(char(major));
    out.push_back(char(0));
    for (size_t i = 0; i < lenBytes; ++i)
      out.push_back(char((total >> (8 * i)) & 0xff));
    out += header;
    out.append(padlen, ' ');
    out.push_back('\n');
    return true;
  };
  std::string prefix;
  if (!wrap(1, prefix) && !wrap(2, prefix))
    return fail("cannot write: header too long");

  errno = 0;
  std::FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return fail("cannot open for writing: " + errnoText(errno));
  bool ok = std::fwrite(prefix.data(), 1, prefix.size(), f) == prefix.size();
  if (ok && !array.data.empty())
    ok = std::fwrite(array.data.data(), 1, array.data.size(), f) ==
         array.data.size();
  int writeErr = errno;
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    writeErr = errno;
  }
  if (!ok)
    return fail("write error: " + errnoText(writeErr));
  return "";
}

} // namespace npy
} // namespace deform
