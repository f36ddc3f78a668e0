#pragma once
// Eight bytes of text as one 64-bit word, first byte lowest, on any platform:
// the unit in which the parser checks digits and finds commas.

#include <bit>
#include <cstdint>
#include <cstring>

namespace churn::features {

inline constexpr std::size_t kWordBytes = sizeof(std::uint64_t);
inline constexpr int kBitsPerByte = 8;

inline std::uint64_t LoadLittleEndianWord(const char* bytes) {
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, kWordBytes);
  if constexpr (std::endian::native == std::endian::big) {
    word = __builtin_bswap64(word);
  }
  return word;
}

}  // namespace churn::features
