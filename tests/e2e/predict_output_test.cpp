// `predict --input X --output Y` end to end: what it refuses to write over
// (its input under any name, a file it did not write), what it passes
// through (the input's own columns), and how its output names the snapshot
// and the prediction (`flagged`). Exit codes and messages as a user sees them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

// A copy of the `served` fixture's demo, which the tests write into.
class PredictOutputTest : public ::testing::Test {
 protected:
  void SetUp() override { CopyDemoRun("served", folder_.path()); }

  testing::CommandResult Predict(const std::string& arguments) const {
    return ChurnRadar("predict --config config.yaml -q " + arguments, folder_.path());
  }

  TempDir folder_;
};

// The report of issue 16: the input was replaced by its scores without a word.
TEST_F(PredictOutputTest, RefusesToWriteOverItsInputUnderAnyName) {
  std::string before = ReadTextFile(folder_ / "data/processed_test.csv");
  for (const char* output : {"data/processed_test.csv", "data/../data/processed_test.csv"}) {
    testing::CommandResult result =
        Predict(std::string("--input data/processed_test.csv --force --output ") + output);
    EXPECT_EQ(result.exit_code, 2) << output;
    EXPECT_THAT(result.err, HasSubstr("is the input file itself: writing the scores would replace "
                                      "the data they come from"));
  }
  EXPECT_EQ(ReadTextFile(folder_ / "data/processed_test.csv"), before);
  testing::CommandResult models =
      Predict("--input data/processed_test.csv --output models/scores.csv");
  EXPECT_EQ(models.exit_code, 2);
  EXPECT_THAT(models.err, HasSubstr("is in the models folder"));
}

TEST_F(PredictOutputTest, ReplacesAnotherFileOnlyWithForce) {
  WriteTextFile(folder_ / "customers.csv", "user_id,email\n1,a@b.example\n");
  testing::CommandResult refused =
      Predict("--input data/processed_test.csv --output customers.csv");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("customers.csv exists and is not a file predict wrote: pass "
                                     "--force to replace it"));
  EXPECT_EQ(ReadTextFile(folder_ / "customers.csv"), "user_id,email\n1,a@b.example\n");
  EXPECT_EQ(Predict("--input data/processed_test.csv --output customers.csv --force").exit_code, 0);
  testing::CommandResult again =
      Predict("--input data/processed_test.csv --output customers.csv --reasons 1");
  EXPECT_EQ(again.exit_code, 0) << "its own earlier output: " << again.err;
}

// A CRM export with an e-mail and a segment around the features: they come
// back beside each user's score, in their order.
TEST_F(PredictOutputTest, PassesTheInputsOwnColumnsThrough) {
  std::istringstream table(ReadTextFile(folder_ / "data/processed_test.csv"));
  std::string line;
  std::getline(table, line);
  std::string extended = "email," + line + ",segment\n";
  while (std::getline(table, line)) {
    extended += "someone@shop.example," + line + ",\"gold, since 2019\"\n";
  }
  WriteTextFile(folder_ / "crm.csv", extended);
  testing::CommandResult result = Predict("--input crm.csv --output crm_scores.csv --reasons 1");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream scores(ReadTextFile(folder_ / "crm_scores.csv"));
  std::getline(scores, line);
  EXPECT_EQ(line, "user_id,snapshot,probability,flagged,risk_band,reason_1,email,segment");
  std::getline(scores, line);
  EXPECT_THAT(line, ::testing::EndsWith(",someone@shop.example,\"gold, since 2019\""));
  EXPECT_THAT(line, ::testing::ContainsRegex("^[^,]+,20[0-9]{2}-[0-9]{2}-[0-9]{2},0\\.[0-9]+,[01],"
                                             "(high|medium|low),"));
}

}  // namespace
}  // namespace churn::e2e
