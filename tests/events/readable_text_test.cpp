#include "events/readable_text.h"

#include <gtest/gtest.h>

#include <string>

namespace churn::events {
namespace {

using namespace std::string_literals;  // NOLINT(google-build-using-namespace)

constexpr const char* kFffd = "\xEF\xBF\xBD";

TEST(ValidUtf8Test, ValidTextComesBackUnchanged) {
  const std::string text = "plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x9B\x92, tab\tend";
  EXPECT_EQ(ValidUtf8(text), text);
  EXPECT_EQ(ValidUtf8(""), "");
}

TEST(ValidUtf8Test, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(ValidUtf8("caf\xE9!"), "caf"s + kFffd + "!");        // Latin-1
  EXPECT_EQ(ValidUtf8("\x80\xBF"), std::string(kFffd) + kFffd);  // stray continuations
  EXPECT_EQ(ValidUtf8("\xFF"), kFffd);
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), std::string(kFffd) + kFffd);              // overlong '/'
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), std::string(kFffd) + kFffd + kFffd);  // surrogate
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80"), std::string(kFffd) + kFffd + kFffd + kFffd);
}

TEST(ValidUtf8Test, ACutSequenceIsOneReplacement) {
  EXPECT_EQ(ValidUtf8("ab\xE2\x82"), "ab"s + kFffd);
  EXPECT_EQ(ValidUtf8("\xF0\x9F\x9B"
                      "x"),
            kFffd + "x"s);
  EXPECT_EQ(ValidUtf8("\xE2\x82\xE2\x82\xAC"), kFffd + "\xE2\x82\xAC"s);
}

TEST(ReadableTextTest, ControlCharactersAreShownEscaped) {
  EXPECT_EQ(ReadableText("5000\0"s
                         "17"),
            "5000\\017");
  EXPECT_EQ(ReadableText("a\tb\r\nc\x1F\x7F"), "a\\tb\\r\\nc\\x1F\\x7F");
  EXPECT_EQ(ReadableText("caf\xE9"), "caf"s + kFffd);
}

}  // namespace
}  // namespace churn::events
