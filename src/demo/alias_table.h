#pragma once
// AliasTable draws an index from a fixed discrete distribution in constant
// time (Walker's alias method). The demo uses it for Zipf-like popularity of
// categories and products, drawn hundreds of millions of times.

#include <cstdint>
#include <vector>

#include "demo/random_stream.h"

namespace churn::demo {

class AliasTable {
 public:
  AliasTable() = default;
  // weights must be non-empty, finite and non-negative with a positive sum.
  explicit AliasTable(const std::vector<double>& weights);

  std::uint32_t Draw(RandomStream& random) const;
  std::size_t size() const { return threshold_.size(); }

 private:
  std::vector<double> threshold_;
  std::vector<std::uint32_t> alias_;
};

// Weights proportional to 1 / rank^exponent for ranks 1..count.
std::vector<double> ZipfWeights(std::size_t count, double exponent);

}  // namespace churn::demo
