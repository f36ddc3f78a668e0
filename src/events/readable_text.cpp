#include "events/readable_text.h"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>

namespace churn::events {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// What a lead byte promises: the sequence's length and the range of its
// second byte (the Unicode standard's table 3-7, which rules out overlong
// forms and surrogates). Length 0: not a lead byte.
struct LeadByte {
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xBF;
};

LeadByte ReadLead(std::uint8_t lead) {
  if (lead < 0x80) return {.length = 1};
  if (lead >= 0xC2 && lead <= 0xDF) return {.length = 2};
  if (lead == 0xE0) return {.length = 3, .low = 0xA0};
  if (lead == 0xED) return {.length = 3, .high = 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {.length = 3};
  if (lead == 0xF0) return {.length = 4, .low = 0x90};
  if (lead == 0xF4) return {.length = 4, .high = 0x8F};
  if (lead >= 0xF1 && lead <= 0xF3) return {.length = 4};
  return {};
}

// How many bytes at the start of `text` begin a valid sequence (at least 1
// when `text` is not empty); `complete` says whether they finish it. An
// incomplete prefix is the maximal subpart the standard replaces by one
// U+FFFD.
std::size_t ValidPrefix(std::string_view text, bool& complete) {
  const LeadByte lead = ReadLead(static_cast<std::uint8_t>(text[0]));
  complete = lead.length == 1;
  if (lead.length <= 1) return 1;
  std::size_t length = 1;
  while (length < lead.length && length < text.size()) {
    const auto byte = static_cast<std::uint8_t>(text[length]);
    const std::uint8_t low = length == 1 ? lead.low : 0x80;
    const std::uint8_t high = length == 1 ? lead.high : 0xBF;
    if (byte < low || byte > high) break;
    ++length;
  }
  complete = length == lead.length;
  return length;
}

void AppendEscaped(std::string& out, char c) {
  switch (c) {
    case '\0':
      out += "\\0";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\n':
      out += "\\n";
      break;
    default:
      out += fmt::format("\\x{:02X}", static_cast<unsigned>(static_cast<std::uint8_t>(c)));
  }
}

}  // namespace

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    bool complete = false;
    const std::size_t length = ValidPrefix(text, complete);
    out.append(complete ? text.substr(0, length) : kReplacement);
    text.remove_prefix(length);
  }
  return out;
}

std::string ReadableText(std::string_view text) {
  const std::string valid = ValidUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (const char c : valid) {
    const auto code = static_cast<std::uint8_t>(c);
    if (code < 0x20 || code == 0x7F) {
      AppendEscaped(out, c);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace churn::events
