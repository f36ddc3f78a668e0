#pragma once
// The short summary `churn-radar run` ends with: the users in the logs, the
// churn rate of the test snapshot's users (each figure says whose it is),
// the best model and its figures, today's scoring (its as-of date, its customers and
// where its list is), where the artifacts are and how to open the
// dashboard. A figure that no stage has produced is shown as not available,
// with the reason, never invented.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "events/log_discovery.h"

namespace churn::app {

struct RunSummary {
  std::vector<events::MonthlyLog> logs;
  std::optional<std::string> single_log;  // one undated file instead of monthly logs
  std::optional<long long> users;         // everyone with an event in the logs
  int workers = 1;                        // processes the run was spread over
  // The test snapshot's users (its cutoff, or cutoffs), and the share of
  // them that churned.
  std::optional<long long> test_users;
  std::string test_cutoffs;
  std::optional<double> churn_rate;
  std::optional<std::string> best_model;
  std::optional<double> roc_auc;
  std::optional<double> pr_auc;
  std::optional<double> f1;
  std::optional<double> threshold;
  // today's scoring
  std::optional<std::string> as_of;
  std::optional<std::size_t> scored_users;
  std::optional<std::size_t> flagged;
  std::optional<std::filesystem::path> at_risk_list;
  std::filesystem::path data_dir;
  std::filesystem::path models_dir;
  std::string serve_command = "churn-radar serve";  // with the run's --config and --out
  std::string dashboard_url;
};

// Prints the summary on stdout.
void PrintRunSummary(const RunSummary& summary);

}  // namespace churn::app
