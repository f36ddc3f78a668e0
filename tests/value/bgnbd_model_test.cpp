#include "value/bgnbd_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "errors/error.h"

namespace churn::value {
namespace {

// The published CDNOW parameters (Fader, Hardie and Lee 2005), in weeks.
constexpr BgNbdParameters kCdnowBgNbd{.r = 0.243, .alpha = 4.414, .a = 0.793, .b = 2.426};

// Expected values computed independently (Python, the closed forms with the
// hypergeometric function summed as its series) for CDNOW-like customers.
TEST(BgNbdModelTest, ClosedFormsMatchHandCheckedValues) {
  PurchaseHistory repeat{.frequency = 2, .recency = 30.43, .age = 38.86};
  PurchaseHistory none{.frequency = 0, .recency = 0, .age = 38.86};
  PurchaseHistory frequent{.frequency = 7, .recency = 29.43, .age = 38.86};
  EXPECT_NEAR(ProbabilityAlive(kCdnowBgNbd, repeat), 0.726578570080673, 1e-12);
  EXPECT_DOUBLE_EQ(ProbabilityAlive(kCdnowBgNbd, none), 1.0) << "no repeat purchase, no dropout";
  EXPECT_NEAR(ProbabilityAlive(kCdnowBgNbd, frequent), 0.6417563459461072, 1e-12);
  EXPECT_NEAR(ExpectedPurchases(kCdnowBgNbd, repeat, 39), 1.226028174767135, 1e-9);
  EXPECT_NEAR(ExpectedPurchases(kCdnowBgNbd, none, 39), 0.19509805201125396, 1e-9);
  EXPECT_NEAR(ExpectedPurchases(kCdnowBgNbd, frequent, 39), 3.3370532748513826, 1e-9);
  EXPECT_NEAR(BgNbdLogLikelihood(kCdnowBgNbd, repeat), -9.458606307066272, 1e-9);
  EXPECT_NEAR(BgNbdLogLikelihood(kCdnowBgNbd, none), -0.5547132764381585, 1e-9);
}

// mpmath at 50 digits, the paper's form. Frequent buyers over long
// horizons, and a large a (little spread in dropout), each overflow one of
// the two forms of the hypergeometric product.
TEST(BgNbdModelTest, ExpectedPurchasesStayFiniteForFrequentBuyersAndLargeA) {
  EXPECT_NEAR(ExpectedPurchasesIfAlive(kCdnowBgNbd, 500, 520, 3660), 1300.4699998093304, 1e-6);
  EXPECT_NEAR(ExpectedPurchasesIfAlive(kCdnowBgNbd, 2, 38.86, 39), 1.6873993058053119, 1e-9);
  constexpr BgNbdParameters kSteadyDropout{.r = 0.5883882116216007,
                                           .alpha = 16.58300959583129,
                                           .a = 131.44663513685842,
                                           .b = 6151.972245082197};
  EXPECT_NEAR(ExpectedPurchasesIfAlive(kSteadyDropout, 3, 60, 90), 3.9898502705496141, 1e-9);
  EXPECT_NEAR(ExpectedPurchasesIfAlive(kSteadyDropout, 200, 210, 3660), 49.694029082605383, 1e-7);
}

TEST(BgNbdModelTest, ALongerSilenceMeansLessLikelyAlive) {
  PurchaseHistory recent{.frequency = 3, .recency = 35, .age = 38};
  PurchaseHistory silent{.frequency = 3, .recency = 5, .age = 38};
  EXPECT_GT(ProbabilityAlive(kCdnowBgNbd, recent), ProbabilityAlive(kCdnowBgNbd, silent));
  EXPECT_GT(ExpectedPurchases(kCdnowBgNbd, recent, 10), ExpectedPurchases(kCdnowBgNbd, silent, 10));
  EXPECT_DOUBLE_EQ(ExpectedPurchases(kCdnowBgNbd, recent, 0), 0.0);
}

// Customers drawn from the model itself: a Poisson rate from Gamma(r,
// alpha), a dropout probability from Beta(a, b) after each repeat purchase,
// observed for an age between 30 and 360 days.
std::vector<PurchaseHistory> Simulated(const BgNbdParameters& truth, int customers,
                                       std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::gamma_distribution<double> rate(truth.r, 1.0 / truth.alpha);
  std::gamma_distribution<double> beta_a(truth.a, 1.0);
  std::gamma_distribution<double> beta_b(truth.b, 1.0);
  std::uniform_real_distribution<double> age(30, 360);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<PurchaseHistory> histories;
  for (int customer = 0; customer < customers; ++customer) {
    double lambda = rate(random);
    double draw_a = beta_a(random);
    double dropout = draw_a / (draw_a + beta_b(random));
    PurchaseHistory history{.frequency = 0, .recency = 0, .age = age(random)};
    std::exponential_distribution<double> wait(lambda);
    for (double time = wait(random); time <= history.age; time += wait(random)) {
      history.frequency += 1;
      history.recency = time;
      if (unit(random) < dropout) {
        break;
      }
    }
    histories.push_back(history);
  }
  return histories;
}

// The simulated customers in whole days, so that many share a group.
features::CustomerBase InDays(const std::vector<PurchaseHistory>& histories) {
  features::CustomerBase base;
  for (PurchaseHistory history : histories) {
    history.recency = std::floor(history.recency);
    history.age = std::ceil(history.age);
    base.Add(history);
  }
  base.Finish();
  return base;
}

TEST(BgNbdModelTest, TheGroupedLikelihoodIsTheSumOverCustomers) {
  BgNbdParameters truth{.r = 0.6, .alpha = 12.0, .a = 0.9, .b = 3.0};
  features::CustomerBase base = InDays(Simulated(truth, 5000, 13));
  ASSERT_LT(base.groups().size(), 4500U) << "customers share groups";
  BgNbdParameters elsewhere{.r = 0.4, .alpha = 20.0, .a = 1.3, .b = 2.0};
  double summed = 0;
  for (const features::CustomerGroup& group : base.groups()) {
    PurchaseHistory history{
        .frequency = group.frequency, .recency = group.recency, .age = group.age};
    summed += static_cast<double>(group.customers) * BgNbdLogLikelihood(elsewhere, history);
  }
  EXPECT_NEAR(BgNbdLogLikelihood(elsewhere, base), summed, 1e-10 * std::abs(summed));
}

// The analytic gradient against central differences of the likelihood.
TEST(BgNbdModelTest, TheGradientIsTheLikelihoodsSlope) {
  features::CustomerBase base =
      InDays(Simulated({.r = 0.6, .alpha = 12.0, .a = 0.9, .b = 3.0}, 3000, 17));
  BgNbdParameters at{.r = 0.5, .alpha = 9.0, .a = 1.2, .b = 2.5};
  BgNbdParameters gradient;
  BgNbdLogLikelihood(at, base, &gradient);
  auto slope = [&](double BgNbdParameters::*field) {
    constexpr double kStep = 1e-6;
    BgNbdParameters up = at;
    BgNbdParameters down = at;
    up.*field += kStep * at.*field;
    down.*field -= kStep * at.*field;
    return (BgNbdLogLikelihood(up, base) - BgNbdLogLikelihood(down, base)) /
           (2 * kStep * at.*field);
  };
  EXPECT_NEAR(gradient.r, slope(&BgNbdParameters::r), 1e-5 * std::abs(gradient.r) + 1e-3);
  EXPECT_NEAR(gradient.alpha, slope(&BgNbdParameters::alpha),
              1e-5 * std::abs(gradient.alpha) + 1e-3);
  EXPECT_NEAR(gradient.a, slope(&BgNbdParameters::a), 1e-5 * std::abs(gradient.a) + 1e-3);
  EXPECT_NEAR(gradient.b, slope(&BgNbdParameters::b), 1e-5 * std::abs(gradient.b) + 1e-3);
  EXPECT_GT(std::abs(gradient.r) + std::abs(gradient.alpha), 1.0) << "away from the maximum";
}

TEST(BgNbdModelTest, RecoversTheParametersItSimulatedFrom) {
  BgNbdParameters truth{.r = 0.6, .alpha = 12.0, .a = 0.9, .b = 3.0};
  std::vector<PurchaseHistory> histories = Simulated(truth, 20000, 7);
  BgNbdFit fit = FitBgNbd(histories);
  EXPECT_TRUE(fit.converged) << fit.stop_reason;
  EXPECT_EQ(fit.customers, 20000U);
  // Within the sampling error of 20,000 customers (a and b, seen only
  // through dropouts, are the least precise).
  EXPECT_NEAR(fit.parameters.r, truth.r, 0.1 * truth.r);
  EXPECT_NEAR(fit.parameters.alpha, truth.alpha, 0.15 * truth.alpha);
  EXPECT_NEAR(fit.parameters.a, truth.a, 0.3 * truth.a);
  EXPECT_NEAR(fit.parameters.b, truth.b, 0.35 * truth.b);
  // The truth is no likelier than the maximum.
  double at_truth = 0;
  for (const PurchaseHistory& history : histories) {
    at_truth += BgNbdLogLikelihood(truth, history);
  }
  EXPECT_GE(fit.log_likelihood, at_truth);
}

TEST(BgNbdModelTest, APenaltyShrinksTheParametersAndNoCustomerIsAnError) {
  std::vector<PurchaseHistory> histories =
      Simulated({.r = 0.6, .alpha = 12.0, .a = 0.9, .b = 3.0}, 2000, 3);
  BgNbdFit plain = FitBgNbd(histories);
  BgNbdFit penalised = FitBgNbd(histories, 0.01);
  EXPECT_LT(penalised.parameters.alpha, plain.parameters.alpha);
  EXPECT_LE(penalised.log_likelihood, plain.log_likelihood + 1e-6);
  EXPECT_THROW(FitBgNbd(std::span<const PurchaseHistory>{}), InputError);
  EXPECT_THROW(FitBgNbd(features::CustomerBase{}), InputError);
}

}  // namespace
}  // namespace churn::value
