#pragma once
// Boost.Math's log-gamma and digamma at double precision: its default
// policy computes in long double, several times slower, for digits the
// likelihoods do not need (the fits stop at a relative 1e-10).

#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace churn::value {

using DoublePrecision = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

inline double LogGamma(double x) {
  return boost::math::lgamma(x, DoublePrecision());
}

// The derivative of LogGamma: the gradients of the likelihoods need it.
inline double Digamma(double x) {
  return boost::math::digamma(x, DoublePrecision());
}

}  // namespace churn::value
