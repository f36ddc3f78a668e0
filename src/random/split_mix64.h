#pragma once
// SplitMix64 (Steele, Lea and Flood, 2014): the one bit mixer and the one
// small random stream of the project. The standard library fixes its
// engines' output but not its distributions', so anything that must give the
// same result for a seed on every compiler (demo logs, seeded samples and
// splits, bootstrap resamples) draws from here.

#include <cstdint>

namespace churn::random {

// Weyl increment: 2^64 divided by the golden ratio, odd.
inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

// SplitMix64's finalizer: every input bit reaches every output bit, and
// distinct inputs give distinct outputs (it is a bijection).
constexpr std::uint64_t MixBits(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31;
  return value;
}

// Mixes several 64-bit values into one well-spread seed, e.g. (seed, user,
// day): a stream per such tuple never depends on how work is split.
constexpr std::uint64_t MixSeed(std::uint64_t first, std::uint64_t second) {
  return MixBits(MixBits(first) ^ (second + kGoldenGamma));
}
constexpr std::uint64_t MixSeed(std::uint64_t first, std::uint64_t second, std::uint64_t third) {
  return MixSeed(MixSeed(first, second), third);
}

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t NextBits() {
    state_ += kGoldenGamma;
    return MixBits(state_);
  }

  // Uniform in [0, 1): the top 53 bits.
  double Uniform() {
    constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;
    return static_cast<double>(NextBits() >> 11) * kTwoToMinus53;
  }

  // Uniform integer in [0, bound), bound > 0; the bias of scaling 53 bits is
  // negligible for any bound that fits in memory.
  std::uint64_t Below(std::uint64_t bound) {
    return static_cast<std::uint64_t>(Uniform() * static_cast<double>(bound));
  }

 private:
  std::uint64_t state_;
};

}  // namespace churn::random
