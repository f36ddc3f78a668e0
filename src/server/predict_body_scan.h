#pragma once
// What the JSON parser's tree loses of a POST /api/predict body, read from
// its text by a second, streaming pass: the digits of a user_id written as
// an integer too long for 64 bits (the tree keeps only a double of it), and
// where in the body a parse failed (which entry, which field, which token),
// so that `"clicks": NaN` is answered by naming `clicks` rather than with
// the parser's "invalid literal". ParsePredictRequest runs it only when it
// needs one of them.
//
//   PredictBodyScan scan = ScanPredictBody(R"([{"user_id": 12345678901234567890123, ...}])");
//   scan.user_id_texts.at(0)  // "12345678901234567890123"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace churn::server {

// Where a parse failed: the entry of a list (none for a single object) and
// the field it was in, when it got that far.
struct BodyFailure {
  std::optional<std::size_t> entry;
  std::optional<std::string> field;
  std::string token;    // the text of the value that failed: "NaN", "-Infinity", "1e400"
  std::string message;  // the parser's own
};

struct PredictBodyScan {
  // Entry -> the text of its user_id, for each user_id that is a number
  // other than a 64-bit integer (as written: "1.5", "123...789").
  std::map<std::size_t, std::string> user_id_texts;
  std::optional<BodyFailure> failure;  // empty when the body is valid JSON
};

PredictBodyScan ScanPredictBody(std::string_view body);

}  // namespace churn::server
