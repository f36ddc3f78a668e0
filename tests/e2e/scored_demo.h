#pragma once
// The `scored` fixture's demo (its logs, two scorings made by `run` and
// `score`) as the end-to-end tests of scoring read it themselves: where it
// lies, its JSON files, its at-risk lists, and the plain CSV splitting they
// share (the demo's fields hold no quotes).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {

inline std::filesystem::path Demo() {
  return DemoRun("scored");
}

inline std::filesystem::path Scores() {
  return Demo() / "out/scores";
}

inline nlohmann::json Json(const std::filesystem::path& path) {
  return nlohmann::json::parse(churn::testing::ReadTextFile(path));
}

inline constexpr std::string_view kAtRiskHeader =
    "user_id,as_of,probability,band,flagged,p_alive,expected_purchases,expected_value,"
    "value_at_risk,reason_1,reason_2,reason_3";

inline std::vector<std::string_view> SplitCsvLine(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string_view::npos) {
      return fields;
    }
    start = comma + 1;
  }
}

struct AtRiskRow {
  std::string user_id;
  std::string as_of;
  double probability = 0;
  std::string band;
  bool flagged = false;
  std::string p_alive;  // empty for a user who never bought
  double expected_purchases = 0;
  double expected_value = 0;
  double value_at_risk = 0;
  std::string reasons;  // reason_1,reason_2,reason_3 as written
};

struct AtRiskList {
  std::string header;
  std::vector<AtRiskRow> rows;  // as written
  std::map<std::string, std::size_t> by_user;

  const AtRiskRow* Find(const std::string& user_id) const {
    auto found = by_user.find(user_id);
    return found == by_user.end() ? nullptr : &rows[found->second];
  }
};

inline AtRiskList ReadAtRisk(const std::filesystem::path& scoring) {
  std::ifstream in(scoring / "at_risk.csv");
  AtRiskList list;
  std::getline(in, list.header);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string_view> fields = SplitCsvLine(line);
    EXPECT_GE(fields.size(), 12U) << line;
    if (fields.size() < 12) {
      continue;
    }
    auto reasons_at = static_cast<std::size_t>(fields[9].data() - line.data());
    list.rows.push_back({.user_id = std::string(fields[0]),
                         .as_of = std::string(fields[1]),
                         .probability = std::stod(std::string(fields[2])),
                         .band = std::string(fields[3]),
                         .flagged = fields[4] == "1",
                         .p_alive = std::string(fields[5]),
                         .expected_purchases = std::stod(std::string(fields[6])),
                         .expected_value = std::stod(std::string(fields[7])),
                         .value_at_risk = std::stod(std::string(fields[8])),
                         .reasons = line.substr(reasons_at)});
    EXPECT_TRUE(fields[4] == "0" || fields[4] == "1") << line;
    list.by_user.emplace(list.rows.back().user_id, list.rows.size() - 1);
  }
  return list;
}

}  // namespace churn::e2e
