#include "features/log_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace churn::features {
namespace {

using events::RowIssue;

TEST(RowProblemTest, DescribesAFieldWithItsColumn) {
  const RowProblem problem{RowIssue::kNegativePrice, "price", "a non-negative decimal", "-3.5"};
  EXPECT_EQ(problem.Describe(), "column 'price': expected a non-negative decimal, found '-3.5'");
}

TEST(RowProblemTest, DescribesAWholeRowWithoutAColumn) {
  const RowProblem problem{RowIssue::kWrongFieldCount, "", "9 fields", "8 fields"};
  EXPECT_EQ(problem.Describe(), "expected 9 fields, found 8 fields");
}

TEST(RowProblemTest, ShowsAnEmptyFieldAsEmptyQuotes) {
  const RowProblem problem{RowIssue::kMissingUserId, "user_id", "a user id", ""};
  EXPECT_EQ(problem.Describe(), "column 'user_id': expected a user id, found ''");
}

TEST(RowProblemTest, CutsLongFoundTextAtFortyCharacters) {
  const RowProblem problem{RowIssue::kBadTime, "event_time", "a time", std::string(100, 'x')};
  EXPECT_EQ(problem.Describe(),
            "column 'event_time': expected a time, found '" + std::string(40, 'x') + "...'");
  const RowProblem exactly_forty{RowIssue::kBadTime, "t", "a time", std::string(40, 'y')};
  EXPECT_EQ(exactly_forty.Describe(),
            "column 't': expected a time, found '" + std::string(40, 'y') + "'");
}

TEST(RowProblemTest, NeverCutsInsideAUtf8Character) {
  // 39 ASCII bytes, then "é" (2 bytes) straddles the 40-byte limit.
  const std::string found = std::string(39, 'a') + "\xC3\xA9" + "tail";
  const RowProblem problem{RowIssue::kUnknownEventType, "event_type", "a type", found};
  EXPECT_EQ(problem.Describe(),
            "column 'event_type': expected a type, found '" + std::string(39, 'a') + "...'");
}

TEST(KeyOfTest, EmptyTextHasKeyZero) {
  EXPECT_EQ(KeyOf(""), 0U);
}

// Keys are stored in datasets and compared across runs, so their values are
// pinned: a change to the hash must be a deliberate one.
TEST(KeyOfTest, KeysAreStable) {
  EXPECT_EQ(KeyOf("541312140"), 0x393C5239FEBFA680U);
  EXPECT_EQ(KeyOf("72d76fde-8bb3-4e00-8c23-a032dfed738c"), 0xAC7790ABC0A49D95U);
  EXPECT_EQ(KeyOf("a"), 0x3F5E0FFD0B0E0B2AU);
  EXPECT_EQ(KeyOf("17850.0"), 0x1EDF2DEBB554CBCDU);
  EXPECT_EQ(KeyOf("shiseido"), 0x51AF8C21616A63EEU);
}

// Every length up to two words and a bit, so that each way of reading the
// last bytes of a text (1-3, 4-7, a full word, a word overlapping the one
// before) is pinned. The values were computed by a separate reference
// implementation of the same hash (in Python) that reads byte by byte.
TEST(KeyOfTest, KeysOfEveryTailLengthAreStable) {
  constexpr std::string_view kText = "0123456789abcdefg";
  constexpr std::uint64_t kKeys[] = {
      0xDB64979DF0F4969DU,  // 0
      0xE3043A7FEF0668DCU,  // 01
      0x5ECA0AC11433352BU,  // 012
      0x34D5964A892E9115U,  // 0123
      0xEA80FA1AE8A5496BU,  // 01234
      0xDF9BE5A7CB154CE1U,  // 012345
      0xDA306744FB699332U,  // 0123456
      0x057D6C757BDF8B3CU,  // 01234567
      0x927ABE95003EFC2DU,  // 012345678
      0x024E0AEA79B9348BU,  // 0123456789
      0xF2070CC3734C3CF8U,  // 0123456789a
      0x27D732F1A1783D5AU,  // 0123456789ab
      0xD08EC5BF17071E2AU,  // 0123456789abc
      0xF56FB95405B62B45U,  // 0123456789abcd
      0x3B40D20A55775F6AU,  // 0123456789abcde
      0x1BF87AABB30A3E4CU,  // 0123456789abcdef
      0x795D4915A13FA8BEU,  // 0123456789abcdefg
  };
  for (std::size_t length = 1; length <= kText.size(); ++length) {
    EXPECT_EQ(KeyOf(kText.substr(0, length)), kKeys[length - 1]) << kText.substr(0, length);
  }
}

TEST(KeyOfTest, DependsOnEveryByteAndTheLength) {
  const std::string base = "2103807459595387724";
  const std::uint64_t base_key = KeyOf(base);
  for (std::size_t byte_idx = 0; byte_idx < base.size(); ++byte_idx) {
    std::string changed = base;
    changed[byte_idx] = static_cast<char>(changed[byte_idx] ^ 1);
    EXPECT_NE(KeyOf(changed), base_key) << changed;
  }
  EXPECT_NE(KeyOf(base + '\0'), base_key);
  EXPECT_NE(KeyOf(std::string("a\0", 2)), KeyOf("a"));
  EXPECT_NE(KeyOf(std::string(8, '\0')), KeyOf(std::string(16, '\0')));
}

TEST(KeyOfTest, GivesDistinctNonZeroKeysToManyIds) {
  constexpr int kIdCount = 200000;
  std::unordered_set<std::uint64_t> keys;
  for (int id = 0; id < kIdCount; ++id) {
    const std::uint64_t key = KeyOf(std::to_string(id));
    EXPECT_NE(key, 0U);
    keys.insert(key);
  }
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(kIdCount));
}

// Ids used as hash-table keys and for sampling need their low bits to vary as
// much as their high bits: sequential ids fill 256 buckets of the low byte.
TEST(KeyOfTest, LowBitsAreWellMixed) {
  constexpr int kIdCount = 25600;
  constexpr int kBuckets = 256;
  std::vector<int> counts(kBuckets, 0);
  for (int id = 0; id < kIdCount; ++id) {
    ++counts[KeyOf(std::to_string(541312140 + id)) % kBuckets];
  }
  for (int count : counts) {
    EXPECT_GT(count, 50);  // 100 expected per bucket
    EXPECT_LT(count, 150);
  }
}

}  // namespace
}  // namespace churn::features
