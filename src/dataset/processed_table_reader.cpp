#include "dataset/processed_table_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "dataset/processed_table_writer.h"
#include "errors/error.h"
#include "events/csv_field.h"
#include "events/csv_header.h"
#include "events/csv_line_splitter.h"
#include "events/line_reader.h"

namespace churn::dataset {
namespace {

constexpr std::string_view kUserIdColumn = "user_id";
constexpr std::string_view kSnapshotColumn = "snapshot";
constexpr std::string_view kLabelColumn = "churn";

// Where each column of the file goes.
struct ColumnPlan {
  std::size_t user_id = 0;
  std::optional<std::size_t> snapshot;
  std::optional<std::size_t> label;
  std::vector<std::size_t> features;   // file column of each model feature, in model order
  std::vector<std::size_t> purchases;  // of kPurchaseColumns, when the file has them all
  std::vector<std::size_t> others;     // kept as OtherColumns, in file order
};

// The purchase columns' places, when the file has all of them.
std::vector<std::size_t> PurchaseColumnsOf(const events::CsvHeader& header) {
  std::vector<std::size_t> columns;
  for (std::string_view name : kPurchaseColumns) {
    if (std::optional<std::size_t> column = header.Find(name)) {
      columns.push_back(*column);
    }
  }
  return columns.size() == kPurchaseColumns.size() ? columns : std::vector<std::size_t>();
}

bool IsPurchaseColumn(std::string_view name) {
  return std::find(kPurchaseColumns.begin(), kPurchaseColumns.end(), name) !=
         kPurchaseColumns.end();
}

ColumnPlan PlanColumns(const events::CsvHeader& header, const std::vector<std::string>& features,
                       const ProcessedTableOptions& options, OtherColumns* other_columns) {
  ColumnPlan plan;
  plan.user_id = header.Require(kUserIdColumn);
  plan.snapshot = header.Find(kSnapshotColumn);
  plan.label = options.require_label ? header.Require(kLabelColumn) : header.Find(kLabelColumn);
  for (const std::string& feature : features) {
    std::optional<std::size_t> column = header.Find(feature);
    if (!column) {
      throw InputError(fmt::format(
          "{}: line 1: no column '{}', a feature the model needs (see feature_columns.json)",
          header.path().string(), feature));
    }
    plan.features.push_back(*column);
  }
  plan.purchases = PurchaseColumnsOf(header);
  for (std::size_t column = 0; column < header.size(); ++column) {
    const std::string& name = header.names()[column];
    bool expected = name == kUserIdColumn || name == kSnapshotColumn || name == kLabelColumn ||
                    (!plan.purchases.empty() && IsPurchaseColumn(name)) ||
                    std::find(features.begin(), features.end(), name) != features.end();
    if (expected) {
      continue;
    }
    if (other_columns == nullptr) {
      throw InputError(
          fmt::format("{}: line 1: unknown column '{}' (expected user_id, snapshot, churn, the "
                      "features of feature_columns.json and the purchase history)",
                      header.path().string(), name));
    }
    plan.others.push_back(column);
    other_columns->names.push_back(name);
  }
  std::size_t known = plan.features.size() + plan.purchases.size() + 1 + (plan.snapshot ? 1 : 0) +
                      (plan.label ? 1 : 0) + plan.others.size();
  if (known != header.size()) {
    throw InputError(fmt::format("{}: line 1: a column appears twice", header.path().string()));
  }
  return plan;
}

// The row being read, for messages that name where a problem is.
struct RowPlace {
  const std::filesystem::path* path;
  std::int64_t line;
  const events::CsvHeader* header;

  [[noreturn]] void Fail(std::size_t column, std::string_view expected,
                         std::string_view found) const {
    throw InputError(fmt::format("{}:{}: column '{}': expected {}, found '{}'", path->string(),
                                 line, header->names()[column], expected, found));
  }
};

// A finite number, the whole field.
template <typename Number>
Number ReadFinite(std::string_view text, std::size_t column, const RowPlace& place) {
  Number value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    place.Fail(column, "a finite number", text);
  }
  return value;
}

float ReadFeature(std::string_view text, std::size_t column, const RowPlace& place) {
  if (text.empty()) {
    return std::nanf("");  // missing: the models handle it
  }
  return ReadFinite<float>(text, column, place);
}

std::uint8_t ReadLabel(std::string_view text, std::size_t column, const RowPlace& place) {
  if (text != "0" && text != "1") {
    place.Fail(column, "0 or 1", text);
  }
  return text == "1" ? 1 : 0;
}

void ReadRow(std::span<const std::string_view> fields, const ColumnPlan& plan,
             const RowPlace& place, LabelledRows& rows, OtherColumns* other_columns) {
  if (fields.size() != place.header->size()) {
    throw InputError(fmt::format("{}:{}: expected {} fields as in the header, found {}",
                                 place.path->string(), place.line, place.header->size(),
                                 fields.size()));
  }
  if (fields[plan.user_id].empty()) {
    place.Fail(plan.user_id, "a user id", "");
  }
  rows.user_ids.emplace_back(fields[plan.user_id]);
  rows.cutoffs.emplace_back(plan.snapshot ? fields[*plan.snapshot] : std::string_view());
  rows.churned.push_back(plan.label ? ReadLabel(fields[*plan.label], *plan.label, place) : 0);
  for (std::size_t column : plan.features) {
    rows.features.values.push_back(ReadFeature(fields[column], column, place));
  }
  if (!plan.purchases.empty()) {
    auto figure = [&](std::size_t idx) {
      std::size_t column = plan.purchases[idx];
      return ReadFinite<double>(fields[column], column, place);
    };
    rows.purchases.push_back(
        {.frequency = figure(0), .recency = figure(1), .age = figure(2), .monetary = figure(3)});
  }
  if (other_columns != nullptr) {
    std::string& values = other_columns->rows.emplace_back();
    for (std::size_t column : plan.others) {
      values += ',';
      events::AppendCsvField(fields[column], &values);
    }
  }
}

}  // namespace

LabelledRows ReadProcessedTable(const std::filesystem::path& path,
                                const std::vector<std::string>& feature_names,
                                const ProcessedTableOptions& options, OtherColumns* other_columns) {
  events::LineReader reader(path);
  std::string_view line;
  if (!reader.Next(&line)) {
    throw InputError(fmt::format("{}: the file is empty (expected a header line)", path.string()));
  }
  events::CsvHeader header(line, path);
  ColumnPlan plan = PlanColumns(header, feature_names, options, other_columns);
  LabelledRows rows;
  rows.features.names = feature_names;
  events::CsvLineSplitter splitter;
  while (reader.Next(&line)) {
    if (line.empty()) {
      continue;
    }
    RowPlace place{&path, reader.line_number(), &header};
    auto fields = splitter.Split(line);
    if (!fields) {
      throw InputError(
          fmt::format("{}:{}: an unterminated quoted field", path.string(), reader.line_number()));
    }
    ReadRow(*fields, plan, place, rows, other_columns);
  }
  return rows;
}

}  // namespace churn::dataset
