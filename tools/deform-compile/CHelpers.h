//===- CHelpers.h - C text for the generated headers ------------*- C++ -*-===//
#ifndef DEFORM_TOOLS_DEFORM_COMPILE_CHELPERS_H
#define DEFORM_TOOLS_DEFORM_COMPILE_CHELPERS_H

#include "deform/runtime/Npy.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <string>
#include <vector>

namespace deform::compile {

inline const char *cType(npy::DType t) {
  switch (t) {
  case npy::DType::F16: return "uint16_t"; // IEEE half bits
  case npy::DType::F32: return "float";
  case npy::DType::F64: return "double";
  case npy::DType::I32: return "int32_t";
  case npy::DType::I64: return "int64_t";
  }
  return "void";
}

/// "[2][?][3]".
inline std::string dims(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += "[" + (d < 0 ? std::string("?") : std::to_string(d)) + "]";
  return s;
}

inline int64_t count(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// `text` as the body of a C string literal.
inline std::string cString(llvm::StringRef text) {
  std::string s;
  for (char c : text) {
    if (c == '"' || c == '\\')
      s += '\\';
    if (c == '\n') {
      s += "\\n";
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      s += llvm::formatv("\\{0:o3}", static_cast<unsigned>(c)).str();
      continue;
    }
    s += c;
  }
  return s;
}

/// `text` safe inside a C comment.
inline std::string cComment(llvm::StringRef text) {
  std::string s = text.str();
  for (size_t at; (at = s.find("*/")) != std::string::npos;)
    s.replace(at, 2, "* /");
  return s;
}

} // namespace deform::compile

#endif
