#include "value/gamma_gamma_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "errors/error.h"

namespace churn::value {
namespace {

// The CDNOW parameters of the `lifetimes` documentation.
constexpr GammaGammaParameters kCdnowGammaGamma{.p = 6.25, .q = 3.74, .v = 15.44};

TEST(GammaGammaModelTest, ClosedFormsMatchHandCheckedValues) {
  PurchaseHistory repeat{.frequency = 2, .recency = 30.43, .age = 38.86, .monetary = 22.35};
  // p (v + x m) / (p x + q - 1) and, without repeat purchases, p v / (q - 1).
  EXPECT_NEAR(ExpectedSpend(kCdnowGammaGamma, repeat), 24.663713910761153, 1e-9);
  EXPECT_NEAR(ExpectedSpend(kCdnowGammaGamma, {.frequency = 0, .recency = 0, .age = 38.86}),
              35.21897810218978, 1e-9);
  EXPECT_NEAR(GammaGammaLogLikelihood(kCdnowGammaGamma, repeat), -3.551316759731698, 1e-9);
}

TEST(GammaGammaModelTest, RecoversTheParametersItSimulatedFrom) {
  GammaGammaParameters truth{.p = 6.0, .q = 4.0, .v = 15.0};
  std::mt19937_64 random(11);
  std::gamma_distribution<double> nu(truth.q, 1.0 / truth.v);
  std::uniform_int_distribution<int> purchases(1, 8);
  std::vector<PurchaseHistory> histories;
  for (int customer = 0; customer < 4000; ++customer) {
    std::gamma_distribution<double> spend(truth.p, 1.0 / nu(random));
    PurchaseHistory history{
        .frequency = static_cast<double>(purchases(random)), .recency = 20, .age = 30};
    double total = 0;
    for (int purchase = 0; purchase < static_cast<int>(history.frequency); ++purchase) {
      total += spend(random);
    }
    history.monetary = total / history.frequency;
    histories.push_back(history);
  }
  histories.push_back({.frequency = 0, .recency = 0, .age = 10});  // left out: no repeat
  GammaGammaFit fit = FitGammaGamma(histories);
  EXPECT_TRUE(fit.converged) << fit.stop_reason;
  EXPECT_EQ(fit.customers, 4000U);
  EXPECT_NEAR(fit.parameters.p, truth.p, 0.1 * truth.p);
  EXPECT_NEAR(fit.parameters.q, truth.q, 0.15 * truth.q);
  EXPECT_NEAR(fit.parameters.v, truth.v, 0.2 * truth.v);
}

// Repeat buyers of 1 to 4 purchases with spends between 5 and 80.
features::CustomerBase RepeatBuyers() {
  std::mt19937_64 random(23);
  std::uniform_int_distribution<int> purchases(1, 4);
  std::uniform_real_distribution<double> spend(5, 80);
  features::CustomerBase base;
  for (int customer = 0; customer < 500; ++customer) {
    base.Add({.frequency = static_cast<double>(purchases(random)),
              .recency = 10,
              .age = 20,
              .monetary = spend(random)});
  }
  base.Add({.frequency = 0, .recency = 0, .age = 20});  // no repeat spend
  base.Finish();
  return base;
}

TEST(GammaGammaModelTest, TheSummedLikelihoodAndItsGradientAgreeWithEachSpend) {
  features::CustomerBase base = RepeatBuyers();
  ASSERT_EQ(base.repeat_spends().size(), 500U);
  GammaGammaParameters at{.p = 4.0, .q = 3.0, .v = 20.0};
  double summed = 0;
  for (const features::RepeatSpend& spend : base.repeat_spends()) {
    summed += GammaGammaLogLikelihood(
        at, {.frequency = spend.frequency, .recency = 10, .age = 20, .monetary = spend.monetary});
  }
  GammaGammaParameters gradient;
  EXPECT_NEAR(GammaGammaLogLikelihood(at, base, &gradient), summed, 1e-10 * std::abs(summed));
  auto slope = [&](double GammaGammaParameters::*field) {
    constexpr double kStep = 1e-6;
    GammaGammaParameters up = at;
    GammaGammaParameters down = at;
    up.*field += kStep * at.*field;
    down.*field -= kStep * at.*field;
    return (GammaGammaLogLikelihood(up, base) - GammaGammaLogLikelihood(down, base)) /
           (2 * kStep * at.*field);
  };
  EXPECT_NEAR(gradient.p, slope(&GammaGammaParameters::p), 1e-5 * std::abs(gradient.p) + 1e-3);
  EXPECT_NEAR(gradient.q, slope(&GammaGammaParameters::q), 1e-5 * std::abs(gradient.q) + 1e-3);
  EXPECT_NEAR(gradient.v, slope(&GammaGammaParameters::v), 1e-5 * std::abs(gradient.v) + 1e-3);
  EXPECT_GT(std::abs(gradient.p), 1.0) << "away from the maximum";
}

TEST(GammaGammaModelTest, NoRepeatBuyerIsAnErrorSayingSo) {
  std::vector<PurchaseHistory> one_timers(3, {.frequency = 0, .recency = 0, .age = 10});
  EXPECT_THAT([&] { FitGammaGamma(one_timers); },
              ::testing::ThrowsMessage<InputError>(
                  ::testing::HasSubstr("no customer with a repeat purchase of positive value")));
}

}  // namespace
}  // namespace churn::value
