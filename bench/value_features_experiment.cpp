// Issue 14's experiment: do P(alive) and expected purchases help the churn
// models out of time? Copies a run's feature tables (IN/data) and
// feature_columns.json (IN/models) to OUT, with two more features on every
// row of both tables, each from the value model of the row's own snapshot
// cutoff (feature_columns.json's value_models: fitted on the customers
// before that cutoff, without labels):
//   p_alive                 BG/NBD P(alive); 0 for a user who never bought
//   expected_purchases_90d  BG/NBD E[purchases in the next 90 days]; 0 for
//                           a user who never bought
// `churn-radar train --out OUT` then trains on the augmented tables with
// the same config as IN's; bench/value_features_experiment.sh compares the
// two. The original columns are copied byte for byte, so both trainings
// see the same values; only the two new columns differ.
//
// A user who never bought is no customer of the value model's (its P(alive)
// is NaN, and the tables hold finite numbers only). 0, not 1: the BG/NBD
// gives P(alive) = 1 to every customer without a repeat purchase, so a 1
// would merge those who never bought with one-time buyers, while 0 keeps
// them apart (a tree splits them off below every customer's P(alive) > 0)
// and matches the BG/NBD baseline of metrics.json, which scores them as the
// least attached (1 - P(alive) = 1, report/value_baseline.h).
//
//   build/release/bench/value_features_experiment --in /tmp/vf/base --out /tmp/vf/aug

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/feature_matrix.h"
#include "dataset/output_layout.h"
#include "dataset/processed_table_reader.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/csv_line_splitter.h"
#include "events/line_reader.h"
#include "features/purchase_history.h"
#include "report/value_baseline.h"
#include "value/customer_value.h"
#include "value/value_model.h"

namespace churn::bench {
namespace {

constexpr double kHorizonDays = 90;
constexpr std::array<std::string_view, 2> kValueFeatures = {"p_alive", "expected_purchases_90d"};
constexpr double kNeverBoughtPAlive = 0;
constexpr double kNeverBoughtPurchases = 0;
constexpr std::string_view kLabelColumn = "churn";

struct ExperimentOptions {
  std::filesystem::path in;
  std::filesystem::path out;
  int threads = 0;
};

// The two new values of each row, in the table's row order.
struct ValueFeatures {
  std::vector<double> p_alive;
  std::vector<double> expected_purchases;
};

ValueFeatures ValueFeaturesOf(const dataset::LabelledRows& rows,
                              const dataset::FeatureColumns& columns,
                              const std::filesystem::path& columns_path, int threads) {
  std::map<std::string, std::vector<std::size_t>> rows_by_cutoff;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    rows_by_cutoff[rows.cutoffs[row]].push_back(row);
  }
  const std::vector<features::PurchaseHistory>& histories = rows.purchases;
  if (histories.size() != rows.size()) {
    throw InputError(
        fmt::format("{}: the tables have no purchase columns; run `churn-radar "
                    "features` again",
                    columns_path.string()));
  }
  ValueFeatures values{
      .p_alive = std::vector<double>(rows.size(), kNeverBoughtPAlive),
      .expected_purchases = std::vector<double>(rows.size(), kNeverBoughtPurchases)};
  for (const auto& [cutoff, cutoff_rows] : rows_by_cutoff) {
    const value::ValueModel* model = columns.ValueModelAt(cutoff);
    if (model == nullptr) {
      throw InputError(fmt::format(
          "{}: no value model for the snapshot cutoff {} ({} rows), so its rows have no P(alive); "
          "the features stage fits one per cutoff only where there are enough repeat buyers "
          "before it (its warnings say why not): choose later churn.cutoffs",
          columns_path.string(), cutoff, cutoff_rows.size()));
    }
    std::vector<features::PurchaseHistory> chosen;
    chosen.reserve(cutoff_rows.size());
    for (std::size_t row : cutoff_rows) {
      chosen.push_back(histories[row]);
    }
    value::ValueHorizon horizon{.days = kHorizonDays,
                                .monthly_discount_rate = model->horizon.monthly_discount_rate};
    std::vector<value::CustomerValue> valued =
        value::ValueCustomers(model->Parameters(), chosen, horizon, threads);
    for (std::size_t idx = 0; idx < cutoff_rows.size(); ++idx) {
      if (!chosen[idx].IsCustomer()) {
        continue;
      }
      std::size_t row = cutoff_rows[idx];
      values.p_alive[row] = valued[idx].p_alive;
      values.expected_purchases[row] = valued[idx].expected_purchases;
      if (!std::isfinite(values.p_alive[row]) || !std::isfinite(values.expected_purchases[row])) {
        throw InputError(
            fmt::format("user {} at cutoff {}: the value model gives no finite "
                        "P(alive) or expected purchases",
                        rows.user_ids[row], cutoff));
      }
    }
  }
  return values;
}

// Copies `in` line by line to `out`, with the two new columns before the
// label (the last column). Each row is checked against the row read by
// ReadProcessedTable, so the values go to the row they were computed for.
void WriteAugmentedTable(const std::filesystem::path& in, const std::filesystem::path& out,
                         const dataset::LabelledRows& rows, const ValueFeatures& values) {
  events::LineReader reader(in);
  events::AtomicFileWriter file(out);
  events::CsvLineSplitter splitter;
  std::string_view line;
  if (!reader.Next(&line) || !line.ends_with(fmt::format(",{}", kLabelColumn))) {
    throw InputError(fmt::format("{}: line 1: expected a header that ends with the '{}' column",
                                 in.string(), kLabelColumn));
  }
  std::string text;
  std::size_t label_comma = line.rfind(',');
  text.append(line.substr(0, label_comma));
  text.append(fmt::format(",{}", fmt::join(kValueFeatures, ",")));
  text.append(line.substr(label_comma));
  text.push_back('\n');
  std::size_t row = 0;
  while (reader.Next(&line)) {
    if (line.empty()) {
      continue;
    }
    auto fields = splitter.Split(line);
    if (!fields || row >= rows.size() || (*fields)[0] != rows.user_ids[row] ||
        (*fields)[1] != rows.cutoffs[row]) {
      throw InputError(fmt::format("{}:{}: the row does not match the table as read", in.string(),
                                   reader.line_number()));
    }
    label_comma = line.rfind(',');
    text.append(line.substr(0, label_comma));
    // The shortest text that reads back exactly, as ProcessedTableWriter writes.
    text.append(fmt::format(",{},{}", values.p_alive[row], values.expected_purchases[row]));
    text.append(line.substr(label_comma));
    text.push_back('\n');
    ++row;
    constexpr std::size_t kFlushBytes = std::size_t{1} << 22;
    if (text.size() > kFlushBytes) {
      file.Write(text);
      text.clear();
    }
  }
  if (row != rows.size()) {
    throw InputError(fmt::format("{}: {} rows, but {} were read", in.string(), row, rows.size()));
  }
  file.Write(text);
  file.Commit();
}

int RunExperiment(const ExperimentOptions& options) {
  dataset::OutputLayout in = dataset::OutputLayout::Under(options.in);
  dataset::OutputLayout out = dataset::OutputLayout::Under(options.out);
  if (std::filesystem::exists(options.out)) {
    throw InputError(
        fmt::format("{}: exists; the experiment writes a new folder", options.out.string()));
  }
  std::filesystem::path columns_path = in.models_dir / dataset::kFeatureColumnsFile;
  dataset::FeatureColumns columns = dataset::ReadFeatureColumns(columns_path);
  for (std::string_view name : kValueFeatures) {
    if (std::find(columns.names.begin(), columns.names.end(), name) != columns.names.end()) {
      throw InputError(fmt::format("{}: already has a '{}' feature", columns_path.string(), name));
    }
  }
  // data/ as it is (the features report), then the two tables rewritten.
  std::filesystem::create_directories(out.models_dir);
  std::filesystem::copy(in.data_dir, out.data_dir, std::filesystem::copy_options::recursive);
  for (const char* table : {dataset::kProcessedTrainFile, dataset::kProcessedTestFile}) {
    dataset::LabelledRows rows = dataset::ReadProcessedTable(in.data_dir / table, columns.names);
    ValueFeatures values = ValueFeaturesOf(rows, columns, columns_path, options.threads);
    WriteAugmentedTable(in.data_dir / table, out.data_dir / table, rows, values);
    std::int64_t customers = 0;
    double p_alive_sum = 0;
    for (std::size_t row = 0; row < rows.size(); ++row) {
      if (values.p_alive[row] > 0) {
        ++customers;
        p_alive_sum += values.p_alive[row];
      }
    }
    fmt::print("{}: {} rows, {} customers, mean P(alive) of customers {:.3f}\n", table, rows.size(),
               customers, customers > 0 ? p_alive_sum / static_cast<double>(customers) : 0.0);
  }
  for (std::string_view name : kValueFeatures) {
    columns.names.emplace_back(name);
  }
  dataset::WriteFeatureColumns(out.models_dir / dataset::kFeatureColumnsFile, columns);
  fmt::print("wrote {} (features: {}, hash {})\n", options.out.string(), columns.names.size(),
             columns.Hash());
  return 0;
}

}  // namespace
}  // namespace churn::bench

int main(int argc, char** argv) {
  churn::bench::ExperimentOptions options;
  CLI::App app{"Adds P(alive) and expected purchases (90 days) to a run's feature tables"};
  app.add_option("--in", options.in, "A run's output folder (data/, models/)")->required();
  app.add_option("--out", options.out, "A new folder for the augmented copy")->required();
  app.add_option("--threads", options.threads, "0: every core");
  CLI11_PARSE(app, argc, argv);
  try {
    return churn::bench::RunExperiment(options);
  } catch (const std::exception& error) {
    fmt::print(stderr, "value_features_experiment: {}\n", error.what());
    return 1;
  }
}
