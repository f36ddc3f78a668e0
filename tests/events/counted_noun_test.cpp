#include "events/counted_noun.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

TEST(CountedNounTest, OneTakesTheSingular) {
  EXPECT_EQ(CountedNoun(1, "bad row"), "1 bad row");
  EXPECT_EQ(CountedNoun(-1, "day"), "-1 day");
}

TEST(CountedNounTest, EveryOtherCountTakesThePlural) {
  EXPECT_EQ(CountedNoun(0, "bad row"), "0 bad rows");
  EXPECT_EQ(CountedNoun(2, "snapshot"), "2 snapshots");
  EXPECT_EQ(CountedNoun(1234567, "event"), "1234567 events");
}

TEST(CountedNounTest, AnIrregularPluralIsGiven) {
  EXPECT_EQ(CountedNoun(2, "entry", "entries"), "2 entries");
  EXPECT_EQ(CountedNoun(1, "entry", "entries"), "1 entry");
}

}  // namespace
}  // namespace churn::events
