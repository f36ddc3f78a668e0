#include "features/field_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace churn::features::field_scan {
namespace {

// The positions of the commas of text, one byte at a time.
std::vector<std::size_t> CommasOneByOne(std::string_view text) {
  std::vector<std::size_t> commas;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == kSeparator) {
      commas.push_back(pos);
    }
  }
  return commas;
}

// Random lines of every length up to past the limit, commas anywhere
// (several in a row, first and last byte), each read through a view into a
// longer buffer so that a read past the line's end would see more commas.
TEST(LineCommasTest, FindsEveryCommaInLinesOfEveryLength) {
  std::mt19937 random(11);
  for (std::size_t length = 0; length <= 64 * LineCommas::kMaxBlocks + 10; ++length) {
    std::string buffer(length + 64, ',');
    for (std::size_t pos = 0; pos < length; ++pos) {
      buffer[pos] = random() % 4 == 0 ? ',' : 'x';
    }
    const std::string_view line(buffer.data(), length);
    LineCommas commas;
    if (length > 64 * LineCommas::kMaxBlocks) {
      EXPECT_FALSE(commas.Scan(line)) << length;
      continue;
    }
    ASSERT_TRUE(commas.Scan(line)) << length;
    std::vector<std::size_t> found;
    for (std::size_t pos = commas.NextComma(); pos < length; pos = commas.NextComma()) {
      found.push_back(pos);
    }
    EXPECT_EQ(found, CommasOneByOne(line)) << length;
    EXPECT_EQ(commas.NextComma(), length);
  }
}

TEST(LineCommasTest, RefusesLinesWithAQuoteAnywhere) {
  for (std::size_t length = 1; length <= 200; ++length) {
    for (std::size_t quote_at : {std::size_t{0}, length / 2, length - 1}) {
      std::string line(length, 'x');
      line[quote_at] = kQuote;
      LineCommas commas;
      EXPECT_FALSE(commas.Scan(line)) << length << " " << quote_at;
    }
  }
}

TEST(LineCommasTest, NextCommaSkipsEmptyBlocks) {
  std::string line(300, 'x');
  line[3] = ',';
  line[299] = ',';
  LineCommas commas;
  ASSERT_TRUE(commas.Scan(line));
  EXPECT_EQ(commas.NextComma(), 3U);
  EXPECT_EQ(commas.NextComma(), 299U);
  EXPECT_EQ(commas.NextComma(), 300U);
  EXPECT_EQ(commas.NextComma(), 300U);
  // A new line starts over.
  ASSERT_TRUE(commas.Scan("a,b"));
  EXPECT_EQ(commas.NextComma(), 1U);
  EXPECT_EQ(commas.NextComma(), 3U);
  ASSERT_TRUE(commas.Scan(""));
  EXPECT_EQ(commas.NextComma(), 0U);
}

// Every byte value at every place of texts of 1 to 8 bytes, with more bytes
// of the word after the text.
TEST(FieldScanTest, IsDigitsWithin8BytesChecksEveryByteOfTheTextOnly) {
  for (std::size_t length = 1; length <= 8; ++length) {
    std::string bytes(length, '5');
    bytes += "x,\"x,-.x";  // not digits, read but outside the text
    EXPECT_TRUE(IsDigitsWithin8Bytes(bytes.data(), length)) << length;
    for (std::size_t pos = 0; pos < length; ++pos) {
      for (int value = 0; value < 256; ++value) {
        std::string changed = bytes;
        changed[pos] = static_cast<char>(value);
        const bool digit = value >= '0' && value <= '9';
        EXPECT_EQ(IsDigitsWithin8Bytes(changed.data(), length), digit) << length << " " << value;
      }
    }
  }
  EXPECT_FALSE(IsDigitsWithin8Bytes("12345678", 0));
  EXPECT_TRUE(IsDigitsWithin8Bytes("1234567890123", 13));
  EXPECT_FALSE(IsDigitsWithin8Bytes("123456789x123", 13));
}

TEST(FieldScanTest, IsDigitsChecksEveryByte) {
  EXPECT_FALSE(IsDigits(""));
  for (std::size_t length = 1; length <= 40; ++length) {
    std::string digits(length, '7');
    EXPECT_TRUE(IsDigits(digits)) << length;
    for (std::size_t pos = 0; pos < length; ++pos) {
      for (char bad : {'/', ':', ' ', '\xB7', '\0'}) {
        std::string changed = digits;
        changed[pos] = bad;
        EXPECT_FALSE(IsDigits(changed)) << length << " " << pos << " " << int{bad};
      }
    }
  }
}

// Cents of "digits" or "digits.digits" by hand, rounding half up on the
// third decimal; nullopt for any other text.
std::optional<std::int64_t> ReferenceCents(std::string_view text) {
  const std::size_t point = text.find('.');
  const std::string_view integer = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  const auto all_digits = [](std::string_view digits) {
    return digits.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (integer.empty() || !all_digits(integer) || !all_digits(fraction) ||
      (point != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  std::int64_t cents = std::stoll(std::string(integer)) * 100;
  const std::string padded = std::string(fraction) + "000";
  cents += (padded[0] - '0') * 10 + (padded[1] - '0') + (padded[2] >= '5' ? 1 : 0);
  return cents;
}

// Every text of up to six characters over digits and the point, then signs,
// spaces and separators, always with other bytes after the text in the word.
TEST(FieldScanTest, ReadShortCentsAgreesWithAReadingByHand) {
  constexpr std::string_view kAlphabet = "0123456789.";
  for (std::size_t length = 1; length <= 6; ++length) {
    std::size_t total = 1;
    for (std::size_t char_idx = 0; char_idx < length; ++char_idx) {
      total *= kAlphabet.size();
    }
    for (std::size_t code = 0; code < total; ++code) {
      std::string bytes = "7.5,9999";
      for (std::size_t char_idx = 0, rest = code; char_idx < length; ++char_idx) {
        bytes[char_idx] = kAlphabet[rest % kAlphabet.size()];
        rest /= kAlphabet.size();
      }
      const std::string_view text(bytes.data(), length);
      std::int64_t cents = -1;
      const bool read = ReadShortCents(bytes.data(), length, &cents);
      const std::optional<std::int64_t> expected = ReferenceCents(text);
      ASSERT_EQ(read, expected.has_value()) << text;
      if (read) {
        ASSERT_EQ(cents, *expected) << text;
      }
    }
  }
  std::int64_t cents = 0;
  EXPECT_TRUE(ReadShortCents("99999999", 8, &cents));
  EXPECT_EQ(cents, 9999999900);
  EXPECT_TRUE(ReadShortCents("1234.565", 8, &cents));
  EXPECT_EQ(cents, 123457);
  EXPECT_TRUE(ReadShortCents("0.004999", 8, &cents));
  EXPECT_EQ(cents, 0);
  for (std::string_view declined :
       {"-1.5", "+1.5", " 1.5", "1.5 ", "1,5", "1..5", "1.5.0", "", "123456789"}) {
    std::string bytes(declined);
    bytes.resize(std::max<std::size_t>(bytes.size(), 8), '0');
    EXPECT_FALSE(ReadShortCents(bytes.data(), declined.size(), &cents)) << declined;
  }
}

}  // namespace
}  // namespace churn::features::field_scan
