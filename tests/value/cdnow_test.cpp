// The published fits of the CDNOW sample (Fader, Hardie and Lee 2005; the
// `lifetimes` documentation for Gamma-Gamma), reproduced within 1 %.
// tests/fixtures/README.md says where the data comes from.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cdnow_customers.h"
#include "value/bgnbd_model.h"
#include "value/gamma_gamma_model.h"

namespace churn::value {
namespace {

using testing::CdnowCustomers;

void ExpectWithinOnePercent(double fitted, double published, const char* name) {
  EXPECT_NEAR(fitted, published, 0.01 * published) << name;
}

TEST(CdnowTest, TheBgNbdFitIsThePublishedOne) {
  std::vector<PurchaseHistory> customers = CdnowCustomers();
  ASSERT_EQ(customers.size(), 2357U);
  BgNbdFit fit = FitBgNbd(customers);
  EXPECT_TRUE(fit.converged) << fit.stop_reason;
  ExpectWithinOnePercent(fit.parameters.r, 0.243, "r");
  ExpectWithinOnePercent(fit.parameters.alpha, 4.414, "alpha (weeks)");
  ExpectWithinOnePercent(fit.parameters.a, 0.793, "a");
  ExpectWithinOnePercent(fit.parameters.b, 2.426, "b");
  EXPECT_NEAR(fit.log_likelihood, -9582.4, 0.5) << "the paper's log-likelihood";
}

TEST(CdnowTest, TheGammaGammaFitIsThePublishedOne) {
  GammaGammaFit fit = FitGammaGamma(CdnowCustomers());
  EXPECT_TRUE(fit.converged) << fit.stop_reason;
  EXPECT_EQ(fit.customers, 946U) << "the customers with repeat purchases";
  ExpectWithinOnePercent(fit.parameters.p, 6.25, "p");
  ExpectWithinOnePercent(fit.parameters.q, 3.74, "q");
  ExpectWithinOnePercent(fit.parameters.v, 15.44, "v");
}

}  // namespace
}  // namespace churn::value
