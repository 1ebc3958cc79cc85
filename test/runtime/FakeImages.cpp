//===- FakeImages.cpp - the kernels of a CUDA module image, for the fake --===//
#include "FakeImages.h"

#include <cstring>

namespace fake {
namespace {
template <typename T> T read(const unsigned char *p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

constexpr uint32_t kFatbinMagic = 0xBA55ED50;
constexpr uint16_t kFatbinElf = 2;
constexpr char kEmulatedMagic[8] = {'D', 'F', 'E', 'M', 'U', 0, 0, 1};
constexpr uint8_t kParamInfo = 0x17; // EIATTR_KPARAM_INFO

/// Counts the EIATTR_KPARAM_INFO records of one .nv.info.<kernel> section.
int countParams(const unsigned char *p, size_t size) {
  int n = 0;
  size_t at = 0;
  while (at + 2 <= size) {
    uint8_t format = p[at], attr = p[at + 1];
    if (format == 4) { // EIFMT_SVAL: a 2-byte size, then that many bytes
      if (at + 4 > size)
        return -1;
      uint16_t bytes = read<uint16_t>(p + at + 2);
      n += attr == kParamInfo;
      at += 4 + bytes;
    } else if (format == 1) { // EIFMT_NVAL
      at += 2;
    } else { // EIFMT_BVAL, EIFMT_HVAL: one 4-byte record
      at += 4;
    }
  }
  return n;
}
} // namespace

ImageKind kindOf(const unsigned char *image) {
  if (read<uint32_t>(image) == kFatbinMagic)
    return ImageKind::Fatbin;
  if (std::memcmp(image, "\x7f" "ELF", 4) == 0)
    return ImageKind::Elf;
  if (std::memcmp(image, kEmulatedMagic, 8) == 0)
    return ImageKind::Emulated;
  return ImageKind::Ptx;
}

std::vector<KernelInfo> ptxKernels(const std::string &text) {
  std::vector<KernelInfo> kernels;
  const std::string key = ".entry ";
  for (size_t pos = text.find(key); pos != std::string::npos;
       pos = text.find(key, pos + 1)) {
    size_t begin = pos + key.size();
    size_t end = text.find_first_of(" (\n\t{", begin);
    KernelInfo k;
    k.name = text.substr(begin, end - begin);
    size_t open = text.find('(', end), body = text.find('{', end);
    if (open != std::string::npos && open < body) {
      size_t close = text.find(')', open);
      std::string params = text.substr(open + 1, close - open - 1);
      k.paramsKnown = true;
      for (size_t p = params.find(".param"); p != std::string::npos;
           p = params.find(".param", p + 1)) {
        size_t next = params.find(".param", p + 1);
        std::string decl = params.substr(p, next == std::string::npos
                                                ? std::string::npos
                                                : next - p);
        k.pointer.push_back(decl.find(".ptr") != std::string::npos);
      }
    }
    kernels.push_back(k);
  }
  return kernels;
}

bool elfKernels(const unsigned char *elf, size_t size,
                std::vector<KernelInfo> &out) {
  if (std::memcmp(elf, "\x7f" "ELF", 4) != 0 || elf[4] != 2)
    return false; // 64-bit ELF only
  uint64_t shoff = read<uint64_t>(elf + 0x28);
  uint16_t shentsize = read<uint16_t>(elf + 0x3a), shnum = read<uint16_t>(elf + 0x3c),
           shstrndx = read<uint16_t>(elf + 0x3e);
  if (size == 0)
    size = shoff + uint64_t(shnum) * shentsize;
  if (shentsize < 0x40 || shstrndx >= shnum ||
      shoff + uint64_t(shnum) * shentsize > size)
    return false;
  auto section = [&](int i) { return elf + shoff + uint64_t(i) * shentsize; };
  uint64_t strOff = read<uint64_t>(section(shstrndx) + 0x18);
  uint64_t strSize = read<uint64_t>(section(shstrndx) + 0x20);
  if (strOff + strSize > size)
    return false;
  auto nameOf = [&](int i) -> std::string {
    uint32_t n = read<uint32_t>(section(i));
    if (n >= strSize)
      return "";
    const char *s = reinterpret_cast<const char *>(elf + strOff + n);
    return std::string(s, strnlen(s, strSize - n));
  };
  std::vector<KernelInfo> found;
  for (int i = 0; i < shnum; ++i) {
    std::string name = nameOf(i);
    if (name.rfind(".text.", 0) == 0)
      found.push_back({name.substr(6), {}, false});
  }
  for (int i = 0; i < shnum; ++i) {
    std::string name = nameOf(i);
    if (name.rfind(".nv.info.", 0) != 0)
      continue;
    uint64_t off = read<uint64_t>(section(i) + 0x18),
             bytes = read<uint64_t>(section(i) + 0x20);
    if (off + bytes > size)
      return false;
    int params = countParams(elf + off, bytes);
    for (KernelInfo &k : found)
      if (k.name == name.substr(9) && params >= 0) {
        k.paramsKnown = true;
        k.pointer.assign(params, true);
      }
  }
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

bool fatbinKernels(const unsigned char *image, std::vector<KernelInfo> &out) {
  uint16_t headerSize = read<uint16_t>(image + 6);
  uint64_t fatSize = read<uint64_t>(image + 8);
  const unsigned char *entry = image + headerSize, *end = entry + fatSize;
  size_t before = out.size();
  while (entry + 16 <= end) {
    uint16_t kind = read<uint16_t>(entry);
    uint32_t entryHeader = read<uint32_t>(entry + 4);
    uint64_t payload = read<uint64_t>(entry + 8);
    if (entryHeader < 16 || entry + entryHeader + payload > end)
      return false;
    if (kind == kFatbinElf &&
        !elfKernels(entry + entryHeader, payload, out))
      return false;
    entry += entryHeader + payload;
  }
  // One kernel per name (each cubin of the fatbin declares them all).
  std::vector<KernelInfo> unique(out.begin(), out.begin() + before);
  for (size_t i = before; i < out.size(); ++i) {
    bool seen = false;
    for (KernelInfo &k : unique)
      seen |= k.name == out[i].name;
    if (!seen)
      unique.push_back(out[i]);
  }
  out = unique;
  return out.size() > before;
}

bool emulatedPayload(const unsigned char *image, const unsigned char *&data,
                     size_t &size) {
  if (std::memcmp(image, kEmulatedMagic, 8) != 0)
    return false;
  size = static_cast<size_t>(read<uint64_t>(image + 8));
  data = image + 16;
  return true;
}

} // namespace fake
