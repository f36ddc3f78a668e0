#include "features/field_scan.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
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
    for (std::size_t pos = commas.NextComma(0); pos < length; pos = commas.NextComma(pos + 1)) {
      found.push_back(pos);
    }
    EXPECT_EQ(found, CommasOneByOne(line)) << length;
    EXPECT_EQ(commas.NextComma(length), length);
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
  EXPECT_EQ(commas.NextComma(0), 3U);
  EXPECT_EQ(commas.NextComma(3), 3U);
  EXPECT_EQ(commas.NextComma(4), 299U);
  EXPECT_EQ(commas.NextComma(300), 300U);
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

}  // namespace
}  // namespace churn::features::field_scan
