#pragma once
// Input text made safe to show: every piece of a log, a config file or a
// request that reaches a message, a report, the API or the page goes through
// one of these, so that bytes which are not UTF-8 or a NUL in a field can
// neither fail a JSON writer nor cut a message short.
//
//   ValidUtf8("caf\xE9")          // "caf\uFFFD": invalid bytes become U+FFFD
//   ReadableText("5000\0" "17")   // "5000\\017": control characters shown escaped

#include <string>
#include <string_view>

namespace churn::events {

// `text` with each maximal invalid UTF-8 subsequence (a stray continuation
// byte, a cut sequence, an overlong form, a surrogate, a code point past
// U+10FFFF) replaced by U+FFFD, as the Unicode standard recommends; valid
// text comes back unchanged.
std::string ValidUtf8(std::string_view text);

// ValidUtf8(text), with the C0 control characters and DEL written as
// escapes (\0, \t, \r, \n, \xNN), for a message on one line.
std::string ReadableText(std::string_view text);

}  // namespace churn::events
