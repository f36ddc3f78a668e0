#include "server/predict_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>

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

float FeatureValue(const nlohmann::json& value, const std::string& where, const std::string& name) {
  if (!value.is_number()) {
    Reject(fmt::format("{}field '{}' must be a number, got {}", where, name, TypeName(value)));
  }
  double number = value.get<double>();
  if (!std::isfinite(number) || std::fabs(number) > std::numeric_limits<float>::max()) {
    Reject(fmt::format("{}field '{}' must be a finite number within float range, got {}", where,
                       name, value.dump()));
  }
  return static_cast<float>(number);
}

std::string UserId(const nlohmann::json& value, const std::string& where) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) {
    return value.dump();
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
               std::span<float> values, std::string* user_id) {
  if (!entry.is_object()) {
    Reject(fmt::format("{}expected an object of feature values, got {}", where, TypeName(entry)));
  }
  std::vector<bool> seen(values.size(), false);
  for (const auto& [name, value] : entry.items()) {
    if (name == "user_id") {
      *user_id = UserId(value, where);
      continue;
    }
    auto column = columns.find(name);
    if (column == columns.end()) {
      Reject(fmt::format("{}unknown field '{}': not a feature of the model", where, name));
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

nlohmann::json ParseBody(std::string_view body) {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::out_of_range& error) {
    // A number beyond double range (1e400) fails the parse itself, before
    // any field is known; nlohmann's message quotes the number.
    Reject(fmt::format("a number in the body is beyond double range: {}", error.what()));
  } catch (const nlohmann::json::exception& error) {
    Reject(fmt::format("the body is not valid JSON: {}", error.what()));
  }
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
  std::size_t entries = request.single ? 1 : json.size();
  request.rows.names = features;
  request.rows.values.assign(entries * features.size(), 0.0F);
  request.user_ids.resize(entries);
  for (std::size_t entry = 0; entry < entries; ++entry) {
    std::span<float> row(request.rows.values.data() + entry * features.size(), features.size());
    ReadEntry(request.single ? json : json[entry], Where(request.single, entry), columns, row,
              &request.user_ids[entry]);
  }
  return request;
}

}  // namespace churn::server
