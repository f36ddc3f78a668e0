#pragma once
// RandomStream: the project's SplitMix64 stream (random/split_mix64.h) with
// the few distributions the demo needs. The standard
// library's distributions are not specified bit for bit, so the same seed
// could give different logs on another compiler; these are.
//
// Streams are cheap to create, so the generator derives one per
// (seed, user, day): a user's behaviour never depends on how users are split
// between threads.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "random/split_mix64.h"

namespace churn::demo {

class RandomStream : public random::SplitMix64 {
 public:
  using SplitMix64::SplitMix64;
  using SplitMix64::Uniform;

  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }

  bool Chance(double probability) { return Uniform() < probability; }

  double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

  // Standard normal by the Box-Muller transform (one of the pair is dropped:
  // simplicity over speed, it is used for per-user traits only).
  double Normal() {
    constexpr double kTwoPi = 6.283185307179586;
    double radius = std::sqrt(-2.0 * std::log1p(-Uniform()));
    return radius * std::cos(kTwoPi * Uniform());
  }

  // Log-normal with the given median and spread (sigma of the log).
  double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }

  // Number of events of a Poisson process with the given mean, by inversion;
  // fast for the small means the demo uses.
  int Poisson(double mean) {
    double threshold = std::exp(-mean);
    double product = Uniform();
    int count = 0;
    while (product > threshold) {
      ++count;
      product *= Uniform();
    }
    return count;
  }

  // Number of failures before the first success, mean (1 - p) / p; p is
  // clamped into (0, 1], so the result is always a valid count.
  int Geometric(double success_probability) {
    constexpr double kMinProbability = 1e-9;
    constexpr double kMaxCount = 1e9;
    double probability = std::clamp(success_probability, kMinProbability, 1.0);
    if (probability == 1.0) {
      return 0;
    }
    double count = std::floor(std::log1p(-Uniform()) / std::log1p(-probability));
    return static_cast<int>(std::min(count, kMaxCount));
  }
};

}  // namespace churn::demo
