#pragma once
// A customer's purchase summary at a cutoff, in the definitions of the
// `lifetimes` package and of Fader, Hardie and Lee, in one time unit (days
// in this project; the CDNOW tests use weeks):
//   frequency  repeat purchases: purchase periods after the first one (x)
//   recency    time from the first purchase to the last one (t_x)
//   age        time from the first purchase to the cutoff (T)
//   monetary   mean spend of the repeat purchases (0 without any)

namespace churn::value {

struct PurchaseHistory {
  double frequency = 0;
  double recency = 0;
  double age = 0;
  double monetary = 0;
};

}  // namespace churn::value
