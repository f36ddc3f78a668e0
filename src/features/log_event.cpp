#include "features/log_event.h"

#include <fmt/format.h>

#include "events/readable_text.h"

// XXH3 (Debian's libxxhash-dev) compiled into KeyOf rather than called in the
// shared library: ids are 1 to 40 bytes, where the call and the library's CPU
// dispatch would cost as much as the hash, and the parser hashes five per row.
// XXH3's output is fixed since xxHash 0.8.0 and the same on every platform.
#define XXH_INLINE_ALL
#include <xxhash.h>

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

// The found text cut short and made readable: bytes that are not UTF-8
// become U+FFFD and control characters escapes, so that neither a JSON
// report nor a message (whose what() a NUL would end) is cut or refused.
std::string ShortFound(std::string_view found) {
  if (found.size() <= kMaxFoundChars) {
    return events::ReadableText(found);
  }
  return events::ReadableText(CutAtCharBoundary(found, kMaxFoundChars)).append(kEllipsis);
}

}  // namespace

std::string RowProblem::Describe() const {
  if (column.empty()) {
    return fmt::format("expected {}, found {}", expected, ShortFound(found));
  }
  return fmt::format("column '{}': expected {}, found '{}'", events::ReadableText(column), expected,
                     ShortFound(found));
}

std::uint64_t KeyOf(std::string_view text) {
  if (text.empty()) {
    return 0;
  }
  const std::uint64_t key = XXH3_64bits(text.data(), text.size());
  // 0 means "no id" in LogEvent, so a real id must never map to it.
  return key == 0 ? 1 : key;
}

}  // namespace churn::features
