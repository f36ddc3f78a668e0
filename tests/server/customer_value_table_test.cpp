// CustomerValueTable: a scoring's customer_values.csv read strictly, line
// for line with its SHAP store, and its order by value at risk.

#include "server/customer_value_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "scoring/scoring_files.h"
#include "server/scoring_fixture.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kValuesAsOf = "2020-02-01";
const std::vector<std::string> kValueFeatures = {"days_since_last_visit", "purchases"};
constexpr const char* kValuesHeaderLine =
    "user_id,p_alive,expected_purchases,expected_value,value_at_risk\n";

class CustomerValueTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // In the store by user id: "a, quoted", b, c, d.
    users_ = {{.id = "c", .probability = 0.5},
              {.id = "a, quoted", .probability = 0.2},
              {.id = "d", .probability = 0.8},
              {.id = "b", .probability = 0.25}};
    values_ = {{.p_alive = 0.9, .expected_value = 10},
               {.p_alive = 0.5, .expected_value = 25},
               {.p_alive = std::nullopt},
               {.p_alive = 0.75, .expected_purchases = 2.5, .expected_value = 20}};
    WriteScoring(scores(), kValuesAsOf, nullptr, "model", 0.5, kValueFeatures, users_, 0.0);
    store_.emplace(
        explain::ShapStore::Open(folder() / scoring::kScoringShapFile, "model", kValueFeatures));
  }

  std::filesystem::path scores() const { return folder_ / "scores"; }
  std::filesystem::path folder() const { return scoring::ScoringFolder(scores(), kValuesAsOf); }
  std::filesystem::path values_file() const { return folder() / scoring::kCustomerValuesFile; }

  // The message Load throws for a customer_values.csv of `text`.
  std::string LoadError(const std::string& text) {
    testing::WriteTextFile(values_file(), text);
    try {
      CustomerValueTable::Load(folder(), *store_);
    } catch (const InputError& error) {
      return error.what();
    }
    ADD_FAILURE() << "loaded " << text;
    return "";
  }

  testing::TempDir folder_;
  std::vector<FixtureUser> users_;
  std::vector<FixtureValue> values_;
  std::optional<explain::ShapStore> store_;
};

TEST_F(CustomerValueTableTest, NoFileIsNoValues) {
  EXPECT_FALSE(CustomerValueTable::Load(folder(), *store_).has_value());
}

TEST_F(CustomerValueTableTest, EachUserByStoreIndex) {
  WriteCustomerValues(scores(), kValuesAsOf, 0.5, users_, values_, "probability");
  std::optional<CustomerValueTable> table = CustomerValueTable::Load(folder(), *store_);
  ASSERT_TRUE(table.has_value());
  ASSERT_EQ(table->size(), 4U);
  std::size_t b_index = store_->Find("b").value();
  const CustomerValueRow& b = table->At(b_index);
  EXPECT_EQ(b.p_alive, 0.75);
  EXPECT_EQ(b.expected_purchases, 2.5);
  EXPECT_EQ(b.expected_value, 20.0);
  EXPECT_EQ(b.value_at_risk, 5.0);
  const CustomerValueRow& never_bought = table->At(store_->Find("d").value());
  EXPECT_EQ(never_bought.p_alive, std::nullopt);
  EXPECT_EQ(never_bought.expected_value, 0.0);
  EXPECT_EQ(CustomerValueJson(b), nlohmann::json::parse(R"({"p_alive": 0.75,
    "expected_purchases": 2.5, "expected_value": 20.0, "value_at_risk": 5.0})"));
  EXPECT_EQ(CustomerValueJson(never_bought)["p_alive"], nullptr);
}

TEST_F(CustomerValueTableTest, OrderedByValueAtRiskThenProbabilityThenUserId) {
  // Values at risk: c 5, "a, quoted" 5, d 0, b 5; of the three at 5, c's
  // probability is highest, then b's; d's 0 comes last.
  WriteCustomerValues(scores(), kValuesAsOf, 0.5, users_, values_, "value_at_risk");
  std::optional<CustomerValueTable> table = CustomerValueTable::Load(folder(), *store_);
  ASSERT_TRUE(table.has_value());
  std::vector<std::string> ids;
  for (std::size_t index : table->OrderByValueAtRisk(*store_)) {
    ids.emplace_back(store_->At(index).user_id);
  }
  EXPECT_THAT(ids, ElementsAre("c", "b", "a, quoted", "d"));
}

TEST_F(CustomerValueTableTest, EqualValuesAndProbabilitiesStayInUserIdOrder) {
  std::vector<FixtureUser> tied = {{.id = "y", .probability = 0.5},
                                   {.id = "x", .probability = 0.5}};
  std::vector<FixtureValue> tied_values = {{.p_alive = 1, .expected_value = 2},
                                           {.p_alive = 1, .expected_value = 2}};
  std::filesystem::path other = folder_ / "tied";
  WriteScoring(other, kValuesAsOf, nullptr, "model", 0.5, kValueFeatures, tied, 0.0);
  WriteCustomerValues(other, kValuesAsOf, 0.5, tied, tied_values, "value_at_risk");
  std::filesystem::path tied_folder = scoring::ScoringFolder(other, kValuesAsOf);
  explain::ShapStore store =
      explain::ShapStore::Open(tied_folder / scoring::kScoringShapFile, "model", kValueFeatures);
  std::optional<CustomerValueTable> table = CustomerValueTable::Load(tied_folder, store);
  ASSERT_TRUE(table.has_value());
  EXPECT_THAT(table->OrderByValueAtRisk(store), ElementsAre(store.Find("x"), store.Find("y")));
}

TEST_F(CustomerValueTableTest, AMalformedFileNamesItsLine) {
  std::string good_a = "\"a, quoted\",0.5,0,25,5\n";
  std::string rest = "b,0.75,2.5,20,5\nc,0.9,0,10,5\nd,,0,0,0\n";
  EXPECT_THAT(LoadError(""), HasSubstr("the header must be user_id,p_alive"));
  EXPECT_THAT(LoadError("user_id,p_alive,expected_value\n"), HasSubstr("customer_values.csv:1:"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "b,0.75,2.5,twenty,5\n"),
              HasSubstr("customer_values.csv:3: expected_value must be a number from 0, got "
                        "'twenty'"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "b,1.5,2.5,20,5\n"),
              HasSubstr(":3: p_alive must be a probability, got '1.5'"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "b,0.75,2.5,20,-5\n"),
              HasSubstr(":3: value_at_risk must be a number from 0"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "b,0.75,2.5,20\n"),
              HasSubstr(":3: 4 fields where 5 were expected"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "b,0.75,2.5,,5\n"),
              HasSubstr(":3: expected_value must be a number"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "\"b,0.75,2.5,20,5\n"),
              HasSubstr(":3: an unterminated quote"));
  EXPECT_THAT(LoadError(std::string(kValuesHeaderLine) + "\"a, quoted\",0.5,0,25,5\n" +
                        "b,0.75,2.5,20,5\n"),
              HasSubstr("2 users where the scoring has 4"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + rest + "e,0.1,0,1,1\n"),
              HasSubstr(":6: more users than the scoring's 4"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "c,0.9,0,10,5\nb,0.75,2.5,20,5\nd,,0,0,0\n"),
              HasSubstr(":3: user 'c' where the scoring's user 2 is 'b'"));
  EXPECT_THAT(LoadError(kValuesHeaderLine + good_a + "b,0.75,2.5,20,x\n"),
              HasSubstr("run `churn-radar score` again"));
  testing::WriteTextFile(values_file(), kValuesHeaderLine + good_a + rest);
  EXPECT_EQ(CustomerValueTable::Load(folder(), *store_)->size(), 4U)
      << "the same lines, well formed";
}

}  // namespace
}  // namespace churn::server
