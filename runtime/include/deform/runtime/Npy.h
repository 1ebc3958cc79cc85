//===- Npy.h - .npy file reader/writer ---------------------------*- C++ -*-===//
//
// A small, dependency-free reader/writer for NumPy's .npy format
// (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
// Plain C++17: no MLIR/LLVM dependency.
//
// Reading:
//   * format versions 1.0, 2.0 and 3.0;
//   * little-endian dtypes '<f2', '<f4', '<f8', '<i4', '<i8' (bfloat16 is not a
//     numpy dtype and is not supported); anything else (big-endian '>f4',
//     '<i2', '|b1', structured dtypes, ...) is rejected with a message;
//   * fortran_order=True arrays are accepted and TRANSPOSED to C order on
//     read, so Array::data is always C order (Array::shape is the logical
//     shape, exactly as numpy reports it);
//   * the file must hold exactly the bytes the header announces: short files
//     ("truncated data: expected N bytes, found M") and trailing bytes are
//     errors. Element counts / byte sizes are checked for overflow before
//     anything is allocated, so garbage input gives a message, never a crash
//     or a huge allocation.
//
// Writing: version 1.0 (2.0 when the header does not fit in 65535 bytes),
// C order, with the same header text and 64-byte alignment as numpy 1.24's
// np.save, so the files are byte-identical to numpy's.
//
//===----------------------------------------------------------------------===//

#ifndef DEFORM_RUNTIME_NPY_H
#define DEFORM_RUNTIME_NPY_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace deform {
namespace npy {

/// Element types. All are stored little-endian.
enum class DType {
  F16, ///< '<f2' (IEEE half)
  F32, ///< '<f4'
  F64, ///< '<f8'
  I32, ///< '<i4'
  I64, ///< '<i8'
};

/// An n-d array, C (row-major) order, little-endian element bytes.
/// A scalar has shape {} and one element.
struct Array {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<unsigned char> data;

  /// Product of the shape (1 for a scalar). Returns -1 if a dimension is
  /// negative or the product overflows int64_t.
  int64_t numElements() const;
  /// Bytes per element of `dtype`.
  size_t elementSize() const;
};

/// NumPy's name of the dtype: "float16", "float32", "float64", "int32",
/// "int64".
std::string dtypeName(DType dtype);
/// The .npy descriptor: "<f2", "<f4", "<f8", "<i4", "<i8".
std::string dtypeDescr(DType dtype);
/// Bytes per element.
size_t dtypeSize(DType dtype);

/// Reads the .npy file at `path` into `out`. Returns "" on success, otherwise
/// a message that names the file and says what is wrong; `out` is then left
/// unchanged.
std::string read(const std::string &path, Array &out);

/// Parses the `size` bytes at `data` (the whole contents of an .npy file;
/// `data` may be NULL when `size` is 0) into `out`, with the same rules and
/// messages as read() (without the file's name). Returns "" on success;
/// otherwise `out` is left unchanged. Never allocates more than the input
/// announces and holds.
std::string parse(const uint8_t *data, size_t size, Array &out);

/// Writes `array` to `path` (format 1.0, or 2.0 for very long headers).
/// Returns "" on success, otherwise a message naming the file. Fails if
/// array.data.size() != numElements() * elementSize().
std::string write(const std::string &path, const Array &array);

} // namespace npy
} // namespace deform

#endif // DEFORM_RUNTIME_NPY_H
