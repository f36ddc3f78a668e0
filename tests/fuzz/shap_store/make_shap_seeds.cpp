// Writes the seeds of the SHAP store fuzz target: real stores, as
// explain::WriteShapStore writes them, for the model the target reads with
// (its digest and two features). Not part of the test run; rerun it when the
// store's layout changes:
//
//   cmake --build --preset fuzz --target make_shap_seeds
//   build/fuzz/tests/fuzz/make_shap_seeds tests/fuzz/shap_store/corpus

#include <fmt/format.h>

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "explain/shap_store.h"

namespace {

constexpr std::string_view kDigest = "9e51c4d4b70ef809";

// `users` users with ids of varied lengths, cutoffs and values; every
// fifth without a cutoff, as a scored file's users are.
void WriteStore(const std::filesystem::path& path, std::size_t users) {
  constexpr std::size_t kCutoffEvery = 5;
  churn::dataset::LabelledRows rows;
  rows.features.names = {"clicks", "days_since_last_visit"};
  std::vector<double> probabilities;
  std::vector<float> shap;
  for (std::size_t user_idx = 0; user_idx < users; ++user_idx) {
    rows.user_ids.push_back(std::to_string(512000000 + user_idx * 7919));
    rows.cutoffs.emplace_back(user_idx % kCutoffEvery == 0 ? "" : "2019-12-01");
    rows.churned.push_back(static_cast<std::uint8_t>(user_idx % 2));
    const auto value = static_cast<float>(user_idx);
    rows.features.values.insert(rows.features.values.end(), {value, 30 - value});
    probabilities.push_back(static_cast<double>(user_idx % 10) / 10);
    shap.insert(shap.end(), {0.1F * value, -0.2F, -1.5F});
  }
  churn::explain::WriteShapStore(path, kDigest, rows, probabilities, shap);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: make_shap_seeds FOLDER\n", stderr);
    return 2;
  }
  const std::filesystem::path folder(argv[1]);
  for (std::size_t users : {0, 1, 3, 40}) {
    WriteStore(folder / fmt::format("store_{}_users.bin", users), users);
  }
  return 0;
}
