#include "report/training_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "events/atomic_file_writer.h"
#include "events/csv_field.h"

namespace churn::report {
namespace {

std::string Figures(const ModelEvaluation& evaluation) {
  return fmt::format("{},{},{},{},{},{},{},{}", evaluation.roc_auc, evaluation.pr_auc,
                     evaluation.log_loss.value_or(0), evaluation.brier_score.value_or(0),
                     evaluation.threshold, evaluation.confusion.Precision(),
                     evaluation.confusion.Recall(), evaluation.confusion.F1());
}

std::string FigureNames(std::string_view set) {
  return fmt::format(
      "{0}_roc_auc,{0}_pr_auc,{0}_log_loss,{0}_brier_score,{0}_threshold,{0}_precision,"
      "{0}_recall,{0}_f1",
      set);
}

}  // namespace

void WriteJsonFile(const std::filesystem::path& path, const nlohmann::json& document) {
  events::AtomicFileWriter file(path);
  // Input text (a user id that is not UTF-8) must not stop a report.
  file.Write(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  file.Write("\n");
  file.Commit();
}

void WriteCandidatesReport(const std::filesystem::path& path,
                           const std::vector<CandidateFigures>& candidates, std::size_t chosen) {
  events::AtomicFileWriter file(path);
  file.Write(fmt::format("candidate,chosen,fit_seconds,rounds,{},{}\n", FigureNames("validation"),
                         FigureNames("test")));
  for (std::size_t idx = 0; idx < candidates.size(); ++idx) {
    const CandidateFigures& candidate = candidates[idx];
    file.Write(fmt::format("{},{},{:.3f},{},{},{}\n", candidate.name, idx == chosen ? 1 : 0,
                           candidate.fit_seconds, candidate.rounds, Figures(candidate.validation),
                           Figures(candidate.test)));
  }
  file.Commit();
}

void WriteFeatureImportances(const std::filesystem::path& path,
                             std::vector<model::FeatureImportance> importances) {
  std::stable_sort(importances.begin(), importances.end(),
                   [](const auto& left, const auto& right) { return left.gain > right.gain; });
  events::AtomicFileWriter file(path);
  file.Write("feature,gain,weight,cover\n");
  for (const model::FeatureImportance& importance : importances) {
    file.Write(fmt::format("{},{},{},{}\n", importance.feature, importance.gain, importance.weight,
                           importance.cover));
  }
  file.Commit();
}

void WriteTestPredictions(const std::filesystem::path& path, const dataset::LabelledRows& rows,
                          std::span<const double> probabilities, double threshold) {
  events::AtomicFileWriter file(path);
  std::string text = "user_id,snapshot,probability,label,churn\n";
  for (std::size_t row = 0; row < rows.size(); ++row) {
    events::AppendCsvField(rows.user_ids[row], &text);
    fmt::format_to(std::back_inserter(text), ",{},{},{},{}\n", rows.cutoffs[row],
                   probabilities[row], probabilities[row] >= threshold ? 1 : 0, rows.churned[row]);
    if (text.size() > (1U << 20)) {
      file.Write(text);
      text.clear();
    }
  }
  file.Write(text);
  file.Commit();
}

}  // namespace churn::report
