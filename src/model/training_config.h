#pragma once
// The model candidates and how each is fitted and calibrated: the model
// stage's settings of the `train:` section, declared once in VisitSettings.
// How the winner and its threshold are chosen is the report stage's
// (report/report_config.h), read from the same section.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/enum_names.h"
#include "config/setting.h"
#include "model/model_kind.h"

namespace churn::model {

inline constexpr int kMaxRounds = 100000;
inline constexpr double kMaxSearchSeconds = 86400;
inline constexpr int kMaxSearchTrials = 100000;

// Gradient-boosted trees through XGBoost's C API. The depth-wise candidate
// sets max_depth; the leaf-wise one (grow_policy lossguide, LightGBM's way of
// growing) sets max_leaves.
struct BoostedTreesParams {
  int rounds = 400;
  int max_depth = 6;
  int max_leaves = 0;
  double learning_rate = 0.05;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 1.0;
  double reg_lambda = 1.0;
  double scale_pos_weight = 1.0;
  int early_stopping_rounds = 40;

  bool operator==(const BoostedTreesParams&) const = default;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("rounds", self.rounds, config::Range{1, kMaxRounds}, "boosting rounds at most");
    visitor.Value("max_depth", self.max_depth, config::Range{0, 32},
                  "0: unlimited (leaf-wise growth)");
    visitor.Value("max_leaves", self.max_leaves, config::Range{0, 1 << 16},
                  "0: unlimited (depth-wise growth)");
    visitor.Value("learning_rate", self.learning_rate, config::Range{1e-6, 1.0},
                  "shrinkage of each tree");
    visitor.Value("subsample", self.subsample, config::Range{1e-3, 1.0},
                  "share of rows each tree sees");
    visitor.Value("colsample_bytree", self.colsample_bytree, config::Range{1e-3, 1.0},
                  "share of features each tree sees");
    visitor.Value("min_child_weight", self.min_child_weight, config::Range{0.0, 1e6},
                  "least hessian weight in a leaf");
    visitor.Value("reg_lambda", self.reg_lambda, config::Range{0.0, 1e6},
                  "L2 penalty on leaf weights");
    visitor.Value("scale_pos_weight", self.scale_pos_weight, config::Range{1e-6, 1e6},
                  "weight of churners; 1: no reweighting");
    visitor.Value("early_stopping_rounds", self.early_stopping_rounds, config::Range{0, kMaxRounds},
                  "stop after this many rounds without a better validation log-loss; 0: never");
  }
};

// L2-regularised logistic regression on standardised features.
struct LogisticParams {
  double l2 = 1.0;
  int max_iterations = 500;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("l2", self.l2, config::Range{0.0, 1e9}, "L2 penalty on the coefficients");
    visitor.Value("max_iterations", self.max_iterations, config::Range{1, kMaxRounds},
                  "optimiser iterations at most");
  }
};

enum class Calibration { kNone, kPlatt, kIsotonic };

inline constexpr config::EnumNames<Calibration, 3> kCalibrationNames = {{
    {"none", Calibration::kNone},
    {"platt", Calibration::kPlatt},
    {"isotonic", Calibration::kIsotonic},
}};

// The config file's word for a calibration, for reports and manifests.
inline std::string_view CalibrationName(Calibration calibration) {
  return config::NameOf(kCalibrationNames, calibration);
}

struct TrainingConfig {
  // Every family but the blend, which the rolling backtest found no better
  // out of time on the demo or the UCI sample (bench/README.md, issue 15).
  std::vector<std::string> candidates = {"xgboost", "xgboost_leafwise", "logreg"};
  Calibration calibration = Calibration::kPlatt;
  double validation_share = 0.2;
  bool refit = true;
  std::uint64_t seed = 42;
  int threads = 0;
  bool monotone_constraints = false;
  double search_seconds = 0;
  int search_trials = 0;
  BoostedTreesParams xgboost;
  BoostedTreesParams xgboost_leafwise = LeafwiseDefaults();
  LogisticParams logreg;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.ChoiceList("candidates", self.candidates, kModelKindNames,
                       "the model families fitted and compared");
    visitor.Choice("calibration", self.calibration, kCalibrationNames,
                   "how probabilities are calibrated, fitted on validation data");
    visitor.Value("validation_share", self.validation_share, config::Range{0.01, 0.9},
                  "with one training snapshot: the share of its users that validates");
    visitor.Value("refit", self.refit,
                  "fit the chosen candidate again on every training row (the validation rows "
                  "too, the latest), with the settings and rounds validation chose");
    visitor.Value("seed", self.seed, "seed of the validation split, the models and the bootstrap");
    visitor.Value("threads", self.threads, config::Range{0, 1024}, "0: every core");
    visitor.Value("monotone_constraints", self.monotone_constraints,
                  "hold the boosted trees to each feature's known churn direction "
                  "(docs/features.md: churn rises with recency, falls with recent activity)");
    visitor.Value("search_seconds", self.search_seconds, config::Range{0.0, kMaxSearchSeconds},
                  "the time the boosted-tree candidates' settings are searched for, shared among "
                  "them, chosen on validation log-loss; 0: no search, the settings below");
    visitor.Value("search_trials", self.search_trials, config::Range{0, kMaxSearchTrials},
                  "settings tried per boosted-tree candidate at most, its own first; 0: as many "
                  "as search_seconds allows; a cap makes a search the same on every machine");
    visitor.Section(
        "xgboost", "Depth-wise gradient-boosted trees (XGBoost, hist).",
        [&self](auto& nested) { BoostedTreesParams::VisitSettings(self.xgboost, nested); });
    visitor.Section("xgboost_leafwise",
                    "Leaf-wise growth (grow_policy lossguide): LightGBM's way, through XGBoost.",
                    [&self](auto& nested) {
                      BoostedTreesParams::VisitSettings(self.xgboost_leafwise, nested);
                    });
    visitor.Section("logreg", "L2-regularised logistic regression on standardised features.",
                    [&self](auto& nested) { LogisticParams::VisitSettings(self.logreg, nested); });
  }

  static BoostedTreesParams LeafwiseDefaults();
  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::model
