#include "report/scored_file.h"

#include <gtest/gtest.h>

namespace churn::report {
namespace {

TEST(ScoredFileHeaderTest, NamesTheScoresThenTheInputsOtherColumnsQuotedAsCsv) {
  EXPECT_EQ(ScoredFileHeader(2, {"email", "segment, region", "say \"hi\""}),
            "user_id,snapshot,probability,flagged,risk_band,reason_1,reason_2,email,"
            "\"segment, region\",\"say \"\"hi\"\"\"");
  EXPECT_EQ(ScoredFileHeader(0, {}), "user_id,snapshot,probability,flagged,risk_band");
}

}  // namespace
}  // namespace churn::report
