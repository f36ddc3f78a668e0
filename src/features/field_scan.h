#pragma once
// Finding where the fields of a CSV line end, and whether they hold only
// digits, sixteen or eight bytes at a time: the scans under EventRowParser.
// Inline, for its hot loop; nothing here reads outside the line it is given.

#if defined(__SSE2__)
#include <emmintrin.h>  // 16-byte compares for the comma scan; x86-64 always has SSE2
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "features/little_endian_word.h"

namespace churn::features::field_scan {

inline constexpr char kSeparator = ',';
inline constexpr char kQuote = '"';

// The value of an ASCII digit, or 10 or more for any other character.
inline unsigned DigitValue(char c) {
  return static_cast<unsigned char>(c - '0');
}

inline bool IsDigit(char c) {
  return DigitValue(c) < 10;
}

inline constexpr std::uint64_t kEveryByte = 0x0101010101010101;

// True when all eight bytes are ASCII digits: each has high nibble 3 and
// stays there when 6 is added (0x3A..0x3F do not). A byte that carries into
// its neighbour has high nibble F and has already failed the first test.
inline bool IsDigitWord(std::uint64_t word) {
  constexpr std::uint64_t kHighNibbles = kEveryByte * 0xF0;
  constexpr std::uint64_t kDigitNibbles = kEveryByte * 0x30;
  constexpr std::uint64_t kSixes = kEveryByte * 0x06;
  return (word & kHighNibbles) == kDigitNibbles &&
         ((word + kSixes) & kHighNibbles) == kDigitNibbles;
}

// Ids are checked on every row, so eight bytes at a time; the last word
// overlaps the one before it rather than looping over the leftover bytes.
inline bool IsDigits(std::string_view text) {
  if (text.size() < kWordBytes) {
    return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
  }
  for (std::size_t pos = 0; pos + kWordBytes < text.size(); pos += kWordBytes) {
    if (!IsDigitWord(LoadLittleEndianWord(text.data() + pos))) {
      return false;
    }
  }
  return IsDigitWord(LoadLittleEndianWord(text.data() + text.size() - kWordBytes));
}

// 0x80 in each byte of word that is not an ASCII digit, 0 in the others:
// digits XOR '0' are 0 to 9, and adding 0x76 to the low 7 bits lifts 10 and
// more to 0x80 without a carry into the next byte.
inline std::uint64_t NonDigitBytes(std::uint64_t word) {
  constexpr std::uint64_t kHighBits = kEveryByte * 0x80;
  constexpr std::uint64_t kLow7Bits = kEveryByte * 0x7F;
  constexpr std::uint64_t kNineUp = kEveryByte * (0x80 - 10);
  const std::uint64_t values = word ^ (kEveryByte * '0');
  return (((values & kLow7Bits) + kNineUp) | values) & kHighBits;
}

// The first length bytes of a word, as a mask (length 1 to 8).
inline std::uint64_t FirstBytes(std::size_t length) {
  return length == kWordBytes ? ~std::uint64_t{0}
                              : (std::uint64_t{1} << (kBitsPerByte * length)) - 1;
}

// IsDigits for the text at bytes[0, length) when 8 bytes can be read there:
// an id of up to 8 digits in one word, without IsDigits' byte loop below 8.
inline bool IsDigitsWithin8Bytes(const char* bytes, std::size_t length) {
  if (length == 0 || length > kWordBytes) {
    return IsDigits(std::string_view(bytes, length));
  }
  return (NonDigitBytes(LoadLittleEndianWord(bytes)) & FirstBytes(length)) == 0;
}

// Lines are scanned for commas and quotes 64 bytes at a time into one bit per
// byte: a REES46 row is about 130 bytes and 9 fields, two blocks, where a
// memchr call or a branch per field would cost more than the scan.
inline constexpr std::size_t kChunkBytes = 16;
inline constexpr std::size_t kBlockBytes = 64;
// Comma positions a block writes without checking how many it holds.
inline constexpr std::size_t kUncheckedCommas = 8;

struct ByteMasks {
  std::uint64_t commas = 0;  // bit i: byte i is a comma
  std::uint64_t quotes = 0;  // bit i: byte i is a quote
};

// The masks of the 16 bytes at bytes[0, 16).
inline ByteMasks ChunkMasks(const char* bytes) {
#if defined(__SSE2__)
  const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const auto commas = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(kSeparator)));
  const auto quotes = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(kQuote)));
  return {static_cast<std::uint16_t>(commas), static_cast<std::uint16_t>(quotes)};
#else
  ByteMasks masks;
  for (std::size_t byte_idx = 0; byte_idx < kChunkBytes; ++byte_idx) {
    masks.commas |= std::uint64_t{bytes[byte_idx] == kSeparator} << byte_idx;
    masks.quotes |= std::uint64_t{bytes[byte_idx] == kQuote} << byte_idx;
  }
  return masks;
#endif
}

inline void AddChunk(ByteMasks chunk, std::size_t offset, ByteMasks* block) {
  block->commas |= chunk.commas << offset;
  block->quotes |= chunk.quotes << offset;
}

// The masks of the 64 bytes at block[0, 64).
inline ByteMasks FullBlockMasks(const char* block) {
  ByteMasks masks;
  for (std::size_t offset = 0; offset < kBlockBytes; offset += kChunkBytes) {
    AddChunk(ChunkMasks(block + offset), offset, &masks);
  }
  return masks;
}

// The masks of line[block_begin, block_begin + 64), cut at the line's end.
// Full chunks are loaded in place; a last partial one is read as the 16 bytes
// that end the line, shifted past the bytes already scanned, or from a
// zero-padded copy when the whole line is shorter than a chunk. Nothing is
// read outside the line.
inline ByteMasks BlockMasks(std::string_view line, std::size_t block_begin) {
  const std::size_t count = std::min(kBlockBytes, line.size() - block_begin);
  if (count == kBlockBytes) {
    return FullBlockMasks(line.data() + block_begin);
  }
  const char* block = line.data() + block_begin;
  ByteMasks masks;
  std::size_t offset = 0;
  for (; offset + kChunkBytes <= count; offset += kChunkBytes) {
    AddChunk(ChunkMasks(block + offset), offset, &masks);
  }
  if (offset == count) {
    return masks;
  }
  const std::size_t left = count - offset;
  if (line.size() >= kChunkBytes) {
    ByteMasks tail = ChunkMasks(line.data() + line.size() - kChunkBytes);
    tail.commas >>= kChunkBytes - left;
    tail.quotes >>= kChunkBytes - left;
    AddChunk(tail, offset, &masks);
  } else {
    char padded[kChunkBytes] = {};
    std::memcpy(padded, block + offset, left);
    AddChunk(ChunkMasks(padded), offset, &masks);
  }
  return masks;
}

// Appends the positions of the commas of a block (bit i: a comma at
// block_begin + i) to positions[*count...]. The first eight are written
// without a bounds check; positions has room for max_commas +
// kUncheckedCommas, and once *count passes max_commas the commas are only
// counted (a rare line, so std::popcount's libgcc call does not matter).
inline void AppendCommas(std::uint64_t commas, std::size_t block_begin, std::size_t max_commas,
                         std::size_t* positions, std::size_t* count) {
  if (*count > max_commas) {
    *count += static_cast<std::size_t>(std::popcount(commas));
    return;
  }
  std::size_t* out = positions + *count;
  std::size_t written = 0;
  for (std::size_t slot_idx = 0; slot_idx < kUncheckedCommas; ++slot_idx) {
    out[slot_idx] = block_begin + static_cast<std::size_t>(std::countr_zero(commas));
    written += commas != 0 ? 1 : 0;
    commas &= commas - 1;
  }
  for (; commas != 0; commas &= commas - 1, ++written) {
    if (*count + written < max_commas) {
      out[written] = block_begin + static_cast<std::size_t>(std::countr_zero(commas));
    }
  }
  *count += written;
}

// Writes the positions of line's commas to positions (see AppendCommas) and
// returns how many there are, or nullopt when the line holds a quote.
inline std::optional<std::size_t> FindCommas(std::string_view line, std::size_t max_commas,
                                             std::size_t* positions) {
  std::size_t count = 0;
  std::size_t block_begin = 0;
  for (; block_begin + kBlockBytes <= line.size(); block_begin += kBlockBytes) {
    const ByteMasks masks = FullBlockMasks(line.data() + block_begin);
    if (masks.quotes != 0) {
      return std::nullopt;
    }
    AppendCommas(masks.commas, block_begin, max_commas, positions, &count);
  }
  if (block_begin < line.size()) {
    const ByteMasks masks = BlockMasks(line, block_begin);
    if (masks.quotes != 0) {
      return std::nullopt;
    }
    AppendCommas(masks.commas, block_begin, max_commas, positions, &count);
  }
  return count;
}

// The commas of a line of up to kMaxBlocks blocks as one bit per byte, so
// that each field's end is found with a mask and a bit count: fields are read
// left to right, and a chain of scans from one field's end to the next would
// make every field wait for the one before it.
class LineCommas {
 public:
  static constexpr std::size_t kMaxBlocks = 8;  // lines of up to 512 bytes

  // False when the line is longer than kMaxBlocks blocks or holds a quote.
  bool Scan(std::string_view line) {
    size_ = line.size();
    block_count_ = (line.size() + kBlockBytes - 1) / kBlockBytes;
    if (block_count_ > kMaxBlocks) {
      return false;
    }
    std::uint64_t quotes = 0;
    std::size_t block_idx = 0;
    for (; (block_idx + 1) * kBlockBytes <= line.size(); ++block_idx) {
      const ByteMasks masks = FullBlockMasks(line.data() + block_idx * kBlockBytes);
      masks_[block_idx] = masks.commas;
      quotes |= masks.quotes;
    }
    if (block_idx < block_count_) {
      const ByteMasks masks = BlockMasks(line, block_idx * kBlockBytes);
      masks_[block_idx] = masks.commas;
      quotes |= masks.quotes;
    }
    block_idx_ = 0;
    commas_ = block_count_ == 0 ? 0 : masks_[0];
    return quotes == 0;
  }

  // The position of the next comma, in order from the line's start, or the
  // line's length once there are no more. Consumed commas are cleared from
  // the block's mask, so that from one field's end to the next is a single
  // bit operation, not a shift by a position that has to be computed first.
  std::size_t NextComma() {
    while (commas_ == 0) {
      if (block_idx_ + 1 >= block_count_) {
        return size_;
      }
      commas_ = masks_[++block_idx_];
    }
    const std::size_t comma =
        block_idx_ * kBlockBytes + static_cast<std::size_t>(std::countr_zero(commas_));
    commas_ &= commas_ - 1;
    return comma;
  }

 private:
  std::array<std::uint64_t, kMaxBlocks> masks_;  // only the first block_count_ are set
  std::size_t block_count_ = 0;
  std::size_t size_ = 0;
  std::size_t block_idx_ = 0;  // the block NextComma is in
  std::uint64_t commas_ = 0;   // its commas not yet returned
};

// The usual price, "35.79", "5" or "1234.5" (at most 8 characters, at most
// 12 integer digits, unsigned, one inner point, a digit on each side), read
// in cents from the 8 bytes at bytes[0, 8) without a branch per digit, of
// which the first length are the text; rounds a third decimal of 5 or more
// up. False for any other text, which the caller reads byte by byte.
inline bool ReadShortCents(const char* bytes, std::size_t length, std::int64_t* cents) {
  constexpr std::uint64_t kPointValue = '.' ^ '0';
  constexpr int kRoundUpDigit = 5;
  if (length == 0 || length > kWordBytes) {
    return false;
  }
  const std::uint64_t word = LoadLittleEndianWord(bytes);
  const std::uint64_t values = word ^ (kEveryByte * '0');  // digits become 0 to 9
  const std::uint64_t non_digits = NonDigitBytes(word) & FirstBytes(length);
  std::size_t integer_digits = length;
  std::uint64_t fraction = 0;
  std::size_t fraction_digits = 0;
  if (non_digits != 0) {
    integer_digits = static_cast<std::size_t>(std::countr_zero(non_digits)) / kBitsPerByte;
    fraction_digits = length - integer_digits - 1;
    const bool one_point = (non_digits & (non_digits - 1)) == 0 &&
                           ((values >> (kBitsPerByte * integer_digits)) & 0xFF) == kPointValue;
    if (!one_point || integer_digits == 0 || fraction_digits == 0) {
      return false;
    }
    fraction = values >> (kBitsPerByte * (integer_digits + 1));
  }
  // The integer digits moved to the top, zeros below as leading digits, then
  // combined in pairs, fours and eights; the first character is the lowest byte.
  std::uint64_t units = values << (kBitsPerByte * (kWordBytes - integer_digits));
  units = ((units * 10) + (units >> 8)) & 0x00FF00FF00FF00FF;
  units = ((units * 100) + (units >> 16)) & 0x0000FFFF0000FFFF;
  units = ((units * 10000) + (units >> 32)) & 0x00000000FFFFFFFF;
  const std::uint64_t tenths = fraction & 0xFF;
  const std::uint64_t hundredths = fraction_digits >= 2 ? (fraction >> 8) & 0xFF : 0;
  const std::uint64_t thousandths = fraction_digits >= 3 ? (fraction >> 16) & 0xFF : 0;
  constexpr std::uint64_t kCentsPerUnit = 100;
  *cents = static_cast<std::int64_t>(units * kCentsPerUnit + tenths * 10 + hundredths +
                                     (thousandths >= kRoundUpDigit ? 1 : 0));
  return true;
}

}  // namespace churn::features::field_scan
