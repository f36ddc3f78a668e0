#include "value/value_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cdnow_customers.h"

namespace churn::value {
namespace {

using ::testing::HasSubstr;

features::CustomerBase BaseOf(const std::vector<features::PurchaseHistory>& histories) {
  features::CustomerBase base;
  for (const features::PurchaseHistory& history : histories) {
    base.Add(history);
  }
  base.Finish();
  return base;
}

TEST(ValueModelTest, FitsBothModelsOnEveryCustomer) {
  ValueFitOutcome fitted =
      FitValueModel(BaseOf(testing::CdnowCustomers()), "1997-09-30", ValueConfig());
  ASSERT_TRUE(fitted.model) << fitted.why_not;
  const ValueModel& model = *fitted.model;
  EXPECT_EQ(model.customers, 2357);
  EXPECT_EQ(model.bgnbd.customers, 2357U);
  EXPECT_EQ(model.gamma_gamma.customers, 946U);  // the repeat buyers
  EXPECT_NEAR(model.bgnbd.parameters.r, 0.2426, 0.01 * 0.2426);
  EXPECT_NEAR(model.gamma_gamma.parameters.q, 3.74, 0.01 * 3.74);
  EXPECT_TRUE(model.Converged());
  EXPECT_EQ(model.horizon.days, 90);
  EXPECT_LT(std::abs(model.frequency_spend_correlation), 0.3);
  EXPECT_TRUE(model.warnings.empty());
}

TEST(ValueModelTest, TooFewRepeatBuyersGiveNoModelAndSayWhy) {
  ValueFitOutcome none = FitValueModel(BaseOf({}), "2020-02-01", ValueConfig());
  EXPECT_FALSE(none.model);
  EXPECT_THAT(none.why_not, HasSubstr("no customer bought anything before 2020-02-01"));

  std::vector<features::PurchaseHistory> few(100, {.frequency = 0, .recency = 0, .age = 30});
  few[0] = {.frequency = 2, .recency = 10, .age = 30, .monetary = 25};
  ValueFitOutcome thin = FitValueModel(BaseOf(few), "2020-02-01", ValueConfig());
  EXPECT_FALSE(thin.model);
  EXPECT_THAT(thin.why_not, HasSubstr("only 1 of the 100 customers"));
  EXPECT_THAT(thin.why_not, HasSubstr("value.min_repeat_customers (50)"));

  ValueConfig lenient;
  lenient.min_repeat_customers = 1;
  EXPECT_EQ(FitValueModel(BaseOf(few), "2020-02-01", lenient).why_not.find("only"),
            std::string::npos)
      << "the threshold is the setting's";
}

TEST(ValueModelTest, ItsJsonReadsBackAsTheSameModel) {
  ValueConfig config;
  config.horizon_days = 60;
  config.monthly_discount_rate = 0.02;
  ValueFitOutcome fitted = FitValueModel(BaseOf(testing::CdnowCustomers()), "1997-09-30", config);
  ASSERT_TRUE(fitted.model);
  nlohmann::json json = ValueModelJson(*fitted.model);
  EXPECT_EQ(json["time_unit"], "day");
  EXPECT_EQ(json["cutoff"], "1997-09-30");
  EXPECT_EQ(json["customers"], 2357);
  EXPECT_EQ(json["converged"], true);
  EXPECT_DOUBLE_EQ(json["bgnbd"]["alpha"].get<double>(), fitted.model->bgnbd.parameters.alpha);
  EXPECT_DOUBLE_EQ(json["log_likelihood"].get<double>(),
                   fitted.model->bgnbd.log_likelihood + fitted.model->gamma_gamma.log_likelihood);

  ValueModel read = ValueModelFromJson(nlohmann::json::parse(json.dump()));
  EXPECT_EQ(ValueModelJson(read), json);
  EXPECT_EQ(read.horizon.days, 60);
  EXPECT_EQ(read.Parameters().gamma_gamma.v, fitted.model->gamma_gamma.parameters.v);
}

TEST(ValueModelTest, JsonInAnotherTimeUnitIsRefused) {
  ValueFitOutcome fitted =
      FitValueModel(BaseOf(testing::CdnowCustomers()), "1997-09-30", ValueConfig());
  ASSERT_TRUE(fitted.model);
  nlohmann::json weeks = ValueModelJson(*fitted.model);
  weeks["time_unit"] = "week";
  EXPECT_THROW(ValueModelFromJson(weeks), nlohmann::json::exception);
  nlohmann::json partial = {{"time_unit", "day"}, {"cutoff", "2020-02-01"}};
  EXPECT_THROW(ValueModelFromJson(partial), nlohmann::json::exception);
}

}  // namespace
}  // namespace churn::value
