// libFuzzer target: the body of POST /api/predict, read by
// server::ParsePredictRequest for a model of four features. A body is
// either refused with a 400 RequestError that says why, or read into one
// row of finite values per entry; any other exception is a finding.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "server/predict_request.h"
#include "server/request_error.h"

namespace {

const std::vector<std::string>& Features() {
  static const std::vector<std::string> kFeatures = {"clicks", "purchases", "days_since_last_visit",
                                                     "avg_order_value"};
  return kFeatures;
}

void CheckAccepted(const churn::server::PredictRequest& request) {
  const std::size_t entries = request.user_ids.size();
  const bool shaped = entries >= 1 && entries <= churn::server::kMaxPredictRows &&
                      (!request.single || entries == 1) && request.rows.names == Features() &&
                      request.rows.values.size() == entries * Features().size();
  if (!shaped) {
    std::abort();
  }
  for (float value : request.rows.values) {
    if (!std::isfinite(value)) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    CheckAccepted(churn::server::ParsePredictRequest(body, Features()));
  } catch (const churn::server::RequestError& error) {
    if (error.status() != churn::server::HttpStatus::kBadRequest ||
        std::string_view(error.what()).empty()) {
      std::abort();
    }
  }
  return 0;
}
