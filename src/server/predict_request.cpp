#include "server/predict_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>

#include "server/predict_body_scan.h"
#include "server/request_error.h"

namespace churn::server {
namespace {

constexpr std::size_t kMissingNamed = 3;  // missing fields named in one message

[[noreturn]] void Reject(const std::string& message) {
  throw RequestError(HttpStatus::kBadRequest, message);
}

// "entry 2: " for lists, nothing for a single object.
std::string Where(bool single, std::size_t entry) {
  return single ? std::string() : fmt::format("entry {}: ", entry);
}

std::string TypeName(const nlohmann::json& value) {
  return std::string(value.type_name());
}

// A name from the body, quoted (RequestError makes a NUL in it readable).
std::string Quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// True for the words some JSON writers put for values JSON cannot hold.
bool IsNonFiniteWord(std::string_view token) {
  if (token.starts_with('-') || token.starts_with('+')) {
    token.remove_prefix(1);
  }
  std::string lower;
  for (char byte : token) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(byte))));
  }
  return lower == "nan" || lower == "infinity" || lower == "inf";
}

float FeatureValue(const nlohmann::json& value, const std::string& where, const std::string& name) {
  if (!value.is_number()) {
    Reject(
        fmt::format("{}field {} must be a number, got {}", where, Quoted(name), TypeName(value)));
  }
  double number = value.get<double>();
  if (!std::isfinite(number) || std::fabs(number) > std::numeric_limits<float>::max()) {
    Reject(fmt::format("{}field {} must be a finite number within float range, got {}", where,
                       Quoted(name), value.dump()));
  }
  return static_cast<float>(number);
}

// A user id as the entry spells it. An integer of any length counts, as
// its digits: ids of 20 digits and more exist, and the parser's tree holds
// such a number only as a double, so its text comes from `text` (the body's
// scan) instead.
std::string UserId(const nlohmann::json& value, const std::string* text, const std::string& where) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) {
    return value.dump();
  }
  if (value.is_number_float() && text != nullptr) {
    std::string_view digits = *text;
    if (digits.starts_with('-')) {
      digits.remove_prefix(1);
    }
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
      return *text;
    }
    Reject(
        fmt::format("{}field 'user_id' must be a string or an integer, got the number {} "
                    "(send an id with a fraction or an exponent as a string)",
                    where, *text));
  }
  Reject(fmt::format("{}field 'user_id' must be a string or an integer, got {}", where,
                     TypeName(value)));
}

void RejectMissing(const std::vector<std::string>& missing, const std::string& where) {
  std::vector<std::string> named;
  for (std::size_t idx = 0; idx < missing.size() && idx < kMissingNamed; ++idx) {
    named.push_back("'" + missing[idx] + "'");
  }
  std::string more = missing.size() > kMissingNamed
                         ? fmt::format(" and {} more", missing.size() - kMissingNamed)
                         : std::string();
  Reject(
      fmt::format("{}missing field{} {}{} (every feature of the model is required; "
                  "GET /api/importances lists them)",
                  where, missing.size() == 1 ? "" : "s", fmt::join(named, ", "), more));
}

// Fills one row of `values` from one entry.
void ReadEntry(const nlohmann::json& entry, const std::string& where,
               const std::unordered_map<std::string_view, std::size_t>& columns,
               const std::string* user_id_text, std::span<float> values, std::string* user_id) {
  if (!entry.is_object()) {
    Reject(fmt::format("{}expected an object of feature values, got {}", where, TypeName(entry)));
  }
  std::vector<bool> seen(values.size(), false);
  for (const auto& [name, value] : entry.items()) {
    if (name == "user_id") {
      *user_id = UserId(value, user_id_text, where);
      continue;
    }
    auto column = columns.find(name);
    if (column == columns.end()) {
      Reject(fmt::format("{}unknown field {}: not a feature of the model", where, Quoted(name)));
    }
    values[column->second] = FeatureValue(value, where, name);
    seen[column->second] = true;
  }
  std::vector<std::string> missing;
  for (const auto& [name, column] : columns) {
    if (!seen[column]) {
      missing.emplace_back(name);
    }
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end(),
              [&](const std::string& left, const std::string& right) {
                return columns.at(left) < columns.at(right);
              });
    RejectMissing(missing, where);
  }
}

// The 400 for a body the parser refused, naming the entry and field it
// failed in where the scan can tell.
[[noreturn]] void RejectUnparsed(std::string_view body, bool out_of_range) {
  PredictBodyScan scan = ScanPredictBody(body);
  if (!scan.failure) {
    Reject("the body is not valid JSON");  // the two parsers disagree: not expected
  }
  const BodyFailure& failure = *scan.failure;
  std::string where = failure.entry ? fmt::format("entry {}: ", *failure.entry) : std::string();
  if (failure.field && IsNonFiniteWord(failure.token)) {
    Reject(
        fmt::format("{}field {} must be a finite number, got {} (JSON has no NaN or Infinity: "
                    "send a number)",
                    where, Quoted(*failure.field), failure.token));
  }
  if (failure.field && out_of_range) {
    Reject(fmt::format("{}field {} must be a finite number within float range, got {}", where,
                       Quoted(*failure.field), failure.token));
  }
  if (out_of_range) {
    Reject(fmt::format("a number in the body is beyond double range: {}", failure.message));
  }
  std::string field = failure.field ? fmt::format(" (in {}field {})", where, Quoted(*failure.field))
                                    : std::string();
  Reject(fmt::format("the body is not valid JSON{}: {}", field, failure.message));
}

nlohmann::json ParseBody(std::string_view body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond double range (1e400) fails the parse itself, before
    // any field is known.
    RejectUnparsed(body, true);
  } catch (const nlohmann::json::exception&) {
    RejectUnparsed(body, false);
  }
}

// True when an entry's user_id is a number the tree holds only as a double.
bool HasFloatUserId(const nlohmann::json& json) {
  auto is_float_id = [](const nlohmann::json& entry) {
    auto user_id = entry.is_object() ? entry.find("user_id") : entry.end();
    return user_id != entry.end() && user_id->is_number_float();
  };
  if (json.is_object()) {
    return is_float_id(json);
  }
  return std::any_of(json.begin(), json.end(), is_float_id);
}

}  // namespace

PredictRequest ParsePredictRequest(std::string_view body,
                                   const std::vector<std::string>& features) {
  nlohmann::json json = ParseBody(body);
  PredictRequest request;
  request.single = json.is_object();
  if (!request.single && !json.is_array()) {
    Reject(fmt::format("expected an object of feature values or a list of them, got {}",
                       TypeName(json)));
  }
  if (json.is_array() && json.empty()) {
    Reject("the list of entries is empty");
  }
  if (json.is_array() && json.size() > kMaxPredictRows) {
    Reject(fmt::format("at most {} entries per request, got {}", kMaxPredictRows, json.size()));
  }
  std::unordered_map<std::string_view, std::size_t> columns;
  for (std::size_t column = 0; column < features.size(); ++column) {
    columns.emplace(features[column], column);
  }
  std::map<std::size_t, std::string> user_id_texts;
  if (HasFloatUserId(json)) {
    user_id_texts = ScanPredictBody(body).user_id_texts;
  }
  std::size_t entries = request.single ? 1 : json.size();
  request.rows.names = features;
  request.rows.values.assign(entries * features.size(), 0.0F);
  request.user_ids.resize(entries);
  for (std::size_t entry = 0; entry < entries; ++entry) {
    std::span<float> row(request.rows.values.data() + entry * features.size(), features.size());
    auto text = user_id_texts.find(entry);
    ReadEntry(request.single ? json : json[entry], Where(request.single, entry), columns,
              text == user_id_texts.end() ? nullptr : &text->second, row, &request.user_ids[entry]);
  }
  return request;
}

}  // namespace churn::server
