// Explaining and scoring with the project's own trees against XGBoost's own
// code, on the same rows and threads. A 300-tree depth-6 model (or, with
// --kind xgboost_leafwise, a 31-leaf leaf-wise one) is trained once on
// synthetic rows with ~47 features and missing values, saved under --dir and
// reused; then, best of --repeat runs:
//   contributions  XGBoost's pred_contribs (XGBoosterPredictFromDMatrix,
//                  type 2) vs TreeShap::Explain on --explain-rows rows
//   margins        XGBoost's margin prediction (type 1) vs the loaded
//                  classifier's PredictMargin (its TreeEnsemble, the one way
//                  the project scores boosted trees) on --score-rows rows
// with rows/s for both and the largest difference between their values.
// XGBoost is timed on its prediction call only, its DMatrix built beforehand
// (and built anew for every run, so that no prediction cache answers).
//
//   build/release/bench/tree_shap_bench [--threads 2] [--repeat 3] [--kind xgboost]

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "config/enum_names.h"
#include "dataset/feature_matrix.h"
#include "explain/tree_shap.h"
#include "model/boosted_trees.h"
#include "model/model_kind.h"
#include "model/tree_ensemble.h"
#include "model/xgboost_handles.h"

namespace churn::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kSeed = 42;
constexpr double kMissingShare = 0.1;
constexpr std::size_t kValidationRows = 5'000;

struct BenchOptions {
  std::string dir = "/tmp/churn-tree-shap-bench";
  std::string kind{config::NameOf(model::kModelKindNames, model::ModelKind::kXgboost)};
  std::size_t train_rows = 100'000;
  std::size_t features = 47;
  int trees = 300;
  std::size_t explain_rows = 17'000;
  std::size_t score_rows = 1'000'000;
  int threads = 2;
  int repeat = 3;
};

// --kind, checked against BoostedKindNames() when parsed.
model::ModelKind KindOf(const BenchOptions& options) {
  return config::ValueOf(model::kModelKindNames, options.kind).value();
}

std::vector<std::string> BoostedKindNames() {
  std::vector<std::string> names;
  for (const auto& named : model::kModelKindNames) {
    if (model::IsBoostedTrees(named.value)) {
      names.emplace_back(named.name);
    }
  }
  return names;
}

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Rows like a churn table: counts, amounts, days and flags, a tenth of the
// values of the first half of the columns missing, churn drawn from a
// margin with thresholds and interactions so that deep trees pay off.
dataset::LabelledRows SyntheticRows(std::size_t rows, std::size_t features, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  dataset::LabelledRows labelled;
  for (std::size_t column_idx = 0; column_idx < features; ++column_idx) {
    labelled.features.names.push_back(fmt::format("feature_{:02}", column_idx));
  }
  labelled.features.values.reserve(rows * features);
  std::vector<double> row(features);
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    for (std::size_t column_idx = 0; column_idx < features; ++column_idx) {
      double draw = unit(engine);
      // Every fourth column counts (whole numbers), the others are amounts.
      row[column_idx] = column_idx % 4 == 0 ? std::floor(30 * draw * draw) : draw;
    }
    double margin = 2 * std::sin(5 * row[1]) + 0.15 * (row[0] - 8) - 1.5 * row[2] * row[3] +
                    (row[4] > 5 ? 0.8 : -0.4) + std::cos(7 * row[5] * row[6]) +
                    0.5 * (row[7] - 0.5) * (row[8 % features] > 10 ? 2 : -1);
    for (std::size_t column_idx = 0; column_idx < features; ++column_idx) {
      bool missing = column_idx < features / 2 && unit(engine) < kMissingShare;
      labelled.features.values.push_back(missing ? std::numeric_limits<float>::quiet_NaN()
                                                 : static_cast<float>(row[column_idx]));
    }
    labelled.user_ids.push_back(fmt::format("user{}", row_idx));
    labelled.cutoffs.emplace_back("2019-12-01");
    labelled.churned.push_back(unit(engine) < 1 / (1 + std::exp(-margin)) ? 1 : 0);
  }
  return labelled;
}

std::string TrainModel(const BenchOptions& options) {
  model::BoostedTreesParams params;
  params.rounds = options.trees;
  params.early_stopping_rounds = 0;  // keep every tree
  params.learning_rate = 0.1;
  model::ModelKind kind = KindOf(options);
  if (kind == model::ModelKind::kXgboostLeafwise) {
    params.max_depth = 0;
    params.max_leaves = 31;
  }
  dataset::LabelledRows train = SyntheticRows(options.train_rows, options.features, kSeed);
  dataset::LabelledRows validation = SyntheticRows(kValidationRows, options.features, kSeed + 1);
  Stopwatch stopwatch;
  std::unique_ptr<model::Classifier> classifier =
      model::FitBoostedTrees(kind, params, train, validation, options.threads, kSeed, nullptr);
  fmt::print("trained {} trees on {} rows in {:.1f} s\n", options.trees, options.train_rows,
             stopwatch.Seconds());
  return classifier->ToJson();
}

// The model of these options, trained once and kept in --dir.
std::string ModelJson(const BenchOptions& options) {
  fs::path path =
      fs::path(options.dir) / fmt::format("{}-{}trees-{}features-{}rows.json", options.kind,
                                          options.trees, options.features, options.train_rows);
  if (fs::exists(path)) {
    fmt::print("reusing the model {}\n", path.string());
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }
  std::string json = TrainModel(options);
  fs::create_directories(options.dir);
  std::ofstream(path) << json;
  return json;
}

// XGBoost's `output` for `rows`, best of `repeat` runs, in `seconds`.
std::vector<float> XgboostPredictionOf(const std::string& json, const dataset::FeatureMatrix& rows,
                                       model::XgboostOutput output, const BenchOptions& options,
                                       double* seconds) {
  model::XgboostBooster booster = model::XgboostBooster::Load(json);
  booster.SetParam("nthread", std::to_string(options.threads));
  std::vector<float> prediction;
  *seconds = std::numeric_limits<double>::infinity();
  for (int run_idx = 0; run_idx < options.repeat; ++run_idx) {
    model::XgboostMatrix matrix = model::XgboostMatrix::FromFeatures(rows);
    Stopwatch stopwatch;
    model::XgboostPrediction values = booster.Predict(matrix, output);
    *seconds = std::min(*seconds, stopwatch.Seconds());
    prediction.assign(values.values.begin(), values.values.end());
  }
  return prediction;
}

double BestSeconds(int repeat, const std::function<void()>& work) {
  double best = std::numeric_limits<double>::infinity();
  for (int run_idx = 0; run_idx < repeat; ++run_idx) {
    Stopwatch stopwatch;
    work();
    best = std::min(best, stopwatch.Seconds());
  }
  return best;
}

template <typename Ours, typename Theirs>
double LargestDifference(const std::vector<Ours>& ours, const std::vector<Theirs>& theirs) {
  if (ours.size() != theirs.size()) {
    throw std::runtime_error(
        fmt::format("{} values against XGBoost's {}", ours.size(), theirs.size()));
  }
  double largest = 0;
  for (std::size_t value_idx = 0; value_idx < ours.size(); ++value_idx) {
    largest = std::max(largest, std::abs(static_cast<double>(ours[value_idx]) -
                                         static_cast<double>(theirs[value_idx])));
  }
  return largest;
}

void PrintRow(std::string_view task, std::size_t rows, double xgboost_seconds, double our_seconds,
              double difference) {
  double xgboost_rate = static_cast<double>(rows) / xgboost_seconds;
  double our_rate = static_cast<double>(rows) / our_seconds;
  fmt::print("| {} | {} | {:.0f} | {:.0f} | {:.1f}x | {:.2e} |\n", task, rows, xgboost_rate,
             our_rate, our_rate / xgboost_rate, difference);
}

void PrintModel(const model::TreeEnsemble& ensemble, const explain::TreeShap& shap,
                double precompute_seconds) {
  std::size_t leaves = 0;
  for (const model::DecisionTree& tree : ensemble.trees()) {
    leaves += static_cast<std::size_t>(
        std::count_if(tree.nodes.begin(), tree.nodes.end(),
                      [](const model::TreeNode& node) { return node.IsLeaf(); }));
  }
  constexpr double kMegabyte = 1e6;
  fmt::print("model: {} trees, {} leaves, max depth {}, {} features\n", ensemble.tree_count(),
             leaves, ensemble.max_depth(), ensemble.feature_count());
  fmt::print("TreeShap tables: {:.1f} MB, built in {:.2f} s\n",
             static_cast<double>(shap.table_bytes()) / kMegabyte, precompute_seconds);
}

int RunBench(const BenchOptions& options) {
  const std::string json = ModelJson(options);
  dataset::FeatureMatrix explain_rows =
      SyntheticRows(options.explain_rows, options.features, kSeed + 2).features;
  dataset::FeatureMatrix score_rows =
      SyntheticRows(options.score_rows, options.features, kSeed + 3).features;
  std::unique_ptr<model::Classifier> classifier =
      model::LoadBoostedTrees(KindOf(options), json, explain_rows.names);
  const model::TreeEnsemble& ensemble = *classifier->Trees();
  Stopwatch precompute;
  explain::TreeShap shap(ensemble);
  PrintModel(ensemble, shap, precompute.Seconds());

  double xgboost_explain = 0;
  std::vector<float> xgboost_contributions = XgboostPredictionOf(
      json, explain_rows, model::XgboostOutput::kContributions, options, &xgboost_explain);
  std::vector<float> contributions(explain_rows.rows() * (explain_rows.cols() + 1));
  double our_explain = BestSeconds(
      options.repeat, [&] { shap.Explain(explain_rows, options.threads, contributions); });

  double xgboost_score = 0;
  std::vector<float> xgboost_margins =
      XgboostPredictionOf(json, score_rows, model::XgboostOutput::kMargin, options, &xgboost_score);
  std::vector<double> margins;
  double our_score = BestSeconds(
      options.repeat, [&] { margins = classifier->PredictMargin(score_rows, options.threads); });

  fmt::print("\n{} threads, best of {} run(s)\n\n", options.threads, options.repeat);
  fmt::print("| task | rows | XGBoost rows/s | ours rows/s | speed-up | max abs difference |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|\n");
  PrintRow("SHAP contributions", explain_rows.rows(), xgboost_explain, our_explain,
           LargestDifference(contributions, xgboost_contributions));
  PrintRow("margins", score_rows.rows(), xgboost_score, our_score,
           LargestDifference(margins, xgboost_margins));
  return 0;
}

BenchOptions ParseOptions(int argc, char** argv, bool* exit_now, int* exit_code) {
  BenchOptions options;
  CLI::App app("TreeShap and TreeEnsemble against XGBoost's own contributions and margins");
  app.add_option("--dir", options.dir, "Folder of the trained model, kept and reused")
      ->capture_default_str();
  app.add_option("--kind", options.kind, "The candidate to train")
      ->capture_default_str()
      ->check(CLI::IsMember(BoostedKindNames()));
  app.add_option("--trees", options.trees, "Boosting rounds")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  app.add_option("--features", options.features, "Feature columns")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{9}, std::size_t{10'000}));
  app.add_option("--train-rows", options.train_rows, "Rows to train on")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{100}, std::size_t{100'000'000}));
  app.add_option("--explain-rows", options.explain_rows, "Rows to explain")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  app.add_option("--score-rows", options.score_rows, "Rows to score")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  app.add_option("--threads", options.threads, "Threads of both XGBoost and ours")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--repeat", options.repeat, "Timed runs; the table shows the fastest")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    *exit_now = true;
    *exit_code = app.exit(error);
  }
  return options;
}

}  // namespace
}  // namespace churn::bench

int main(int argc, char** argv) {
  bool exit_now = false;
  int exit_code = 0;
  churn::bench::BenchOptions options =
      churn::bench::ParseOptions(argc, argv, &exit_now, &exit_code);
  if (exit_now) {
    return exit_code;
  }
  try {
    return churn::bench::RunBench(options);
  } catch (const std::exception& error) {
    fmt::print(stderr, "tree_shap_bench: {}\n", error.what());
    return 1;
  }
}
