#include "model/classifier.h"

#include <cmath>

namespace churn::model {

// e^-margin overflows for a large negative margin; written with e^margin
// there instead, neither form ever overflows and both tails stay accurate.
double Probability(double margin) {
  if (margin >= 0) {
    return 1.0 / (1.0 + std::exp(-margin));
  }
  double odds = std::exp(margin);
  return odds / (1.0 + odds);
}

std::vector<double> Probabilities(const std::vector<double>& margins) {
  std::vector<double> probabilities;
  probabilities.reserve(margins.size());
  for (double margin : margins) {
    probabilities.push_back(Probability(margin));
  }
  return probabilities;
}

}  // namespace churn::model
