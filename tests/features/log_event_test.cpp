#include "features/log_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

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

// Issue 16: a field of bytes that are not UTF-8 once made the JSON report
// fail, and a NUL cut the message (what() is a C string) short.
TEST(RowProblemTest, FoundTextIsValidUtf8WithControlCharactersShown) {
  const RowProblem latin1{RowIssue::kNonNumericField, "price", "a decimal", "caf\xE9"};
  EXPECT_EQ(latin1.Describe(), "column 'price': expected a decimal, found 'caf\xEF\xBF\xBD'");
  const RowProblem nul{RowIssue::kNonNumericField, "user_id", "a number",
                       std::string("5000017\0"
                                   "56",
                                   10)};
  EXPECT_EQ(nul.Describe(), "column 'user_id': expected a number, found '5000017\\056'");
  const RowProblem bad_column{RowIssue::kBadTime, "t\xFFime", "a time", "x"};
  EXPECT_EQ(bad_column.Describe(), "column 't\xEF\xBF\xBDime': expected a time, found 'x'");
}

TEST(KeyOfTest, EmptyTextHasKeyZero) {
  EXPECT_EQ(KeyOf(""), 0U);
}

// Keys are stored in datasets and compared across runs, so their values are
// pinned: a change to the hash must be a deliberate one. KeyOf is XXH3's 64-bit
// hash with seed 0; the values below were computed by a separate program
// calling XXH3_64bits in Debian's shared libxxhash (0.8.1), so they also pin
// that the inlined copy agrees with the library ("a" is XXH3's published
// 0xE6C632B61E964E1F).
TEST(KeyOfTest, KeysAreStable) {
  EXPECT_EQ(KeyOf("541312140"), 0x5B648CCE8D690E7DU);
  EXPECT_EQ(KeyOf("72d76fde-8bb3-4e00-8c23-a032dfed738c"), 0x19E208AF761CCAFDU);
  EXPECT_EQ(KeyOf("a"), 0xE6C632B61E964E1FU);
  EXPECT_EQ(KeyOf("17850.0"), 0x9E45C0CD7B35800DU);
  EXPECT_EQ(KeyOf("shiseido"), 0x6D440A1EF55C71A8U);
}

// Every length up to two words and a bit, so that each of XXH3's short-input
// paths (1-3, 4-8, 9-16 and 17-128 bytes) is pinned.
TEST(KeyOfTest, KeysOfEveryShortLengthAreStable) {
  constexpr std::string_view kText = "0123456789abcdefg";
  constexpr std::uint64_t kKeys[] = {
      0x1982E3A7BB241055U,  // 0
      0xD39AF2A02494D689U,  // 01
      0x8ED2B2F360965D90U,  // 012
      0x8AA92DA18EDB594BU,  // 0123
      0x2774A76A01B160F2U,  // 01234
      0x242FCED1184CF320U,  // 012345
      0xA46E0EE310EE347FU,  // 0123456
      0x1808E40D6723F646U,  // 01234567
      0x3B5293CE9B5BD7D7U,  // 012345678
      0x6DE3431B05F7C11FU,  // 0123456789
      0x56039F6EDE0C0E2AU,  // 0123456789a
      0xCC054135822AE555U,  // 0123456789ab
      0xEC11D3158D30A049U,  // 0123456789abc
      0x774B25B2A84F55A1U,  // 0123456789abcd
      0x1BBA6832325BEACFU,  // 0123456789abcde
      0x64439946D8FA212DU,  // 0123456789abcdef
      0xD2E63ED5466F5C32U,  // 0123456789abcdefg
  };
  for (std::size_t length = 1; length <= kText.size(); ++length) {
    EXPECT_EQ(KeyOf(kText.substr(0, length)), kKeys[length - 1]) << kText.substr(0, length);
  }
}

// Long texts (a free-text id, a quoted description used as a key) take
// XXH3's 129-240 byte and long-input paths.
TEST(KeyOfTest, KeysOfLongTextsAreStable) {
  constexpr std::pair<std::size_t, std::uint64_t> kKeys[] = {
      {100, 0x7F2B83F8E57A6E24U}, {129, 0x852CB20608C9D2C7U}, {240, 0xEA0E0F78188232EDU},
      {241, 0xBB0A906AF5B5C211U}, {300, 0x7F720C1F731C9648U},
  };
  std::string alphabet;  // "abc...zabc..."
  for (std::size_t char_idx = 0; char_idx < 300; ++char_idx) {
    alphabet.push_back(static_cast<char>('a' + char_idx % 26));
  }
  for (const auto& [length, key] : kKeys) {
    EXPECT_EQ(KeyOf(std::string_view(alphabet).substr(0, length)), key) << length;
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
