#include "features/log_event.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

#include "features/little_endian_word.h"
#include "random/split_mix64.h"

namespace churn::features {
namespace {

// Longer found text is cut: a report line should stay one line even when the
// offending field is a whole paragraph.
constexpr std::size_t kMaxFoundChars = 40;
constexpr std::string_view kEllipsis = "...";

// Cuts text to at most max_bytes without splitting a UTF-8 sequence, so the
// shortened text is still valid UTF-8 when the original was.
std::string_view CutAtCharBoundary(std::string_view text, std::size_t max_bytes) {
  constexpr unsigned char kContinuationMask = 0xC0;
  constexpr unsigned char kContinuationBits = 0x80;
  std::size_t end = max_bytes;
  while (end > 0 &&
         (static_cast<unsigned char>(text[end]) & kContinuationMask) == kContinuationBits) {
    --end;
  }
  return text.substr(0, end);
}

std::string ShortFound(std::string_view found) {
  if (found.size() <= kMaxFoundChars) {
    return std::string(found);
  }
  return std::string(CutAtCharBoundary(found, kMaxFoundChars)).append(kEllipsis);
}

// KeyOf mixes 8 bytes at a time (ids are mostly 8 to 36 bytes, so a
// byte-at-a-time hash would dominate the parse) and ends with the splitmix64
// finalizer so that every input bit reaches every output bit. The constants
// are odd 64-bit multipliers with well-spread bits (the golden ratio and the
// splitmix64 and MurmurHash3 finalizer constants).
constexpr std::uint64_t kSeed = 0x9E3779B97F4A7C15;
constexpr std::uint64_t kWordMultiplier = 0xFF51AFD7ED558CCD;
constexpr std::uint64_t kStateMultiplier = 0xC4CEB9FE1A85EC53;
constexpr std::uint64_t kFinalMultiplier1 = 0xBF58476D1CE4E5B9;

// Bytes are read little-endian whatever the machine, so keys are the same on
// every platform.
std::uint64_t LoadHalfWord(const char* bytes) {
  std::uint32_t half = 0;
  std::memcpy(&half, bytes, sizeof(half));
  if constexpr (std::endian::native == std::endian::big) {
    half = __builtin_bswap32(half);
  }
  return half;
}

std::uint64_t ByteAt(const char* bytes, std::size_t index) {
  return std::uint64_t{static_cast<unsigned char>(bytes[index])} << (kBitsPerByte * index);
}

// The last 1 to 7 bytes of a text, zero-padded as if read little-endian, with
// a fixed number of loads instead of a loop over a varying count: two
// overlapping loads agree on the bytes they share, so OR-ing them is exact.
std::uint64_t LoadTail(const char* text_begin, const char* tail, std::size_t count) {
  constexpr std::size_t kHalfBytes = 4;
  if (tail - text_begin >= static_cast<std::ptrdiff_t>(kWordBytes - count)) {
    // A full word ending at the text's end, its already mixed bytes shifted out.
    const int consumed_bits = static_cast<int>(kBitsPerByte * (kWordBytes - count));
    return LoadLittleEndianWord(tail + count - kWordBytes) >> consumed_bits;
  }
  if (count >= kHalfBytes) {
    const int high_shift = static_cast<int>(kBitsPerByte * (count - kHalfBytes));
    return LoadHalfWord(tail) | (LoadHalfWord(tail + count - kHalfBytes) << high_shift);
  }
  return ByteAt(tail, 0) | ByteAt(tail, count / 2) | ByteAt(tail, count - 1);
}

// For a fixed state this is a bijection of the word and for a fixed word a
// bijection of the state, so two texts of one length that differ in a single
// word never collide.
std::uint64_t MixWord(std::uint64_t state, std::uint64_t word) {
  constexpr int kWordRotation = 31;
  constexpr int kStateRotation = 29;
  const std::uint64_t spread = std::rotl(word * kWordMultiplier, kWordRotation);
  return std::rotl(state ^ spread, kStateRotation) * kStateMultiplier;
}

}  // namespace

std::string RowProblem::Describe() const {
  if (column.empty()) {
    return fmt::format("expected {}, found {}", expected, ShortFound(found));
  }
  return fmt::format("column '{}': expected {}, found '{}'", column, expected, ShortFound(found));
}

std::uint64_t KeyOf(std::string_view text) {
  if (text.empty()) {
    return 0;
  }
  const std::uint64_t size = text.size();
  std::uint64_t state = kSeed ^ (size * kFinalMultiplier1);
  const char* bytes = text.data();
  const std::size_t full_words = text.size() / kWordBytes;
  for (std::size_t word_idx = 0; word_idx < full_words; ++word_idx) {
    state = MixWord(state, LoadLittleEndianWord(bytes + word_idx * kWordBytes));
  }
  const std::size_t tail = text.size() % kWordBytes;
  if (tail != 0) {
    state = MixWord(state, LoadTail(bytes, bytes + full_words * kWordBytes, tail));
  }
  const std::uint64_t key = random::MixBits(state ^ size);
  // 0 means "no id" in LogEvent, so a real id must never map to it.
  return key == 0 ? 1 : key;
}

}  // namespace churn::features
