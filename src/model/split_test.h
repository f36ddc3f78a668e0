#pragma once
// A split of XGBoost's as one comparison that a missing value fails, for the
// inner loops of TreeEnsemble and TreeShap.
//
// XGBoost sends a row left when value < threshold, and a missing value (NaN)
// to the split's default side. When the default side is right, that is the
// test `value < threshold` itself (NaN fails it). When it is left, the same
// split reads "right when value >= threshold", i.e. -value <= -threshold,
// i.e. -value < nextafter(-threshold, +inf) since no float lies between;
// NaN fails that too. So every split becomes
//
//   SplitTest test = SplitTest::Of(node.threshold, node.missing_goes_left);
//   bool passes = test.Passes(value);  // to node's PassingChild, else FailingChild
//
// with no test for NaN of its own and no branch.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace churn::model {

struct SplitTest {
  // XOR-ed into a float's bits, it flips the sign.
  static constexpr std::uint32_t kSignFlip = 0x8000'0000U;

  float threshold = 0;
  std::uint32_t sign_flip = 0;  // 0 or kSignFlip

  // True for the rows XGBoost sends to the passing child: the left one when
  // missing values go right, the right one otherwise.
  static SplitTest Of(float xgboost_threshold, bool missing_goes_left) {
    if (!missing_goes_left) {
      return {.threshold = xgboost_threshold, .sign_flip = 0};
    }
    return {.threshold = std::nextafter(-xgboost_threshold, std::numeric_limits<float>::infinity()),
            .sign_flip = kSignFlip};
  }

  static bool Passes(float value, float threshold, std::uint32_t sign_flip) {
    return std::bit_cast<float>(std::bit_cast<std::uint32_t>(value) ^ sign_flip) < threshold;
  }
  bool Passes(float value) const { return Passes(value, threshold, sign_flip); }

  // Whether the passing child is XGBoost's left child.
  static bool PassingIsLeft(bool missing_goes_left) { return !missing_goes_left; }
};

}  // namespace churn::model
