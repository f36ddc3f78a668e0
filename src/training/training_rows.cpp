#include "training/training_rows.h"

#include <optional>

#include "dataset/validation_split.h"
#include "errors/error.h"
#include "parallel/parallel_for.h"
#include "report/value_baseline.h"

namespace churn::training {
namespace {

// The validation and test rows' values if kept under their snapshots' value
// models, when the campaign asks for them.
void AttachCustomerValues(const TrainingSettings& settings, const dataset::FeatureColumns& columns,
                          TrainingRows& rows) {
  if (!settings.report.campaign.customer_value) {
    return;
  }
  int threads = parallel::ResolveThreads(settings.train.threads);
  std::optional<std::vector<double>> validation =
      report::RetainedValues(rows.validation, columns, threads);
  std::optional<std::vector<double>> test = report::RetainedValues(rows.test, columns, threads);
  if (!validation || !test) {
    throw InputError(
        "train.campaign.customer_value needs a customer-value model at every snapshot, and "
        "feature_columns.json lacks one (too few repeat buyers before a cutoff, or tables made "
        "before value models existed): run `churn-radar features` again, or set "
        "train.campaign.customer_value to false");
  }
  rows.validation_values = std::move(*validation);
  rows.test_values = std::move(*test);
}

}  // namespace

TrainingRows SplitTrainingRows(const TrainingSettings& settings, dataset::LabelledRows train,
                               dataset::LabelledRows test, const dataset::FeatureColumns& columns) {
  TrainingRows rows;
  dataset::ValidationSplit split =
      dataset::SplitForValidation(train, settings.train.validation_share, settings.train.seed);
  rows.fit = train.Select(split.fit_rows);
  rows.validation = train.Select(split.validation_rows);
  rows.validation_method = split.method;
  rows.train = std::move(train);
  rows.test = std::move(test);
  AttachCustomerValues(settings, columns, rows);
  return rows;
}

}  // namespace churn::training
