#pragma once
// Owning wrappers around XGBoost's C handles, internal to the model stage.
// Every call into XGBoost goes through CheckXgboost, which turns a non-zero
// return code into a ModelError carrying XGBoost's own message:
//
//   XgboostBooster booster = XgboostBooster::Create({&train, &validation});
//   CheckXgboost(XGBoosterSetParam(booster.get(), "eta", "0.1"), "XGBoosterSetParam");

#include <xgboost/c_api.h>  // the only interface to XGBoost the project uses

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::model {

// Throws ModelError("XGBoost failed in <call>: <XGBGetLastError()>") when
// `rc` is not 0.
void CheckXgboost(int rc, std::string_view call);

// A DMatrix: XGBoost's copy of a feature matrix, with its column names and,
// for training, its labels.
class XgboostMatrix {
 public:
  // Missing values are NaN. The column names become XGBoost's feature names.
  static XgboostMatrix FromFeatures(const dataset::FeatureMatrix& features);

  XgboostMatrix(XgboostMatrix&& other) noexcept;
  XgboostMatrix& operator=(XgboostMatrix&& other) noexcept;
  XgboostMatrix(const XgboostMatrix&) = delete;
  XgboostMatrix& operator=(const XgboostMatrix&) = delete;
  ~XgboostMatrix();

  void SetLabels(std::span<const std::uint8_t> labels);
  DMatrixHandle get() const { return handle_; }

 private:
  explicit XgboostMatrix(DMatrixHandle handle) : handle_(handle) {}
  DMatrixHandle handle_ = nullptr;
};

// A Booster: the model, while training and after.
// What XgboostBooster::Predict computes (XGBoosterPredictFromDMatrix's "type").
enum class XgboostOutput : int {
  kMargin = 1,         // raw log-odds, one per row
  kContributions = 2,  // pred_contribs: rows × (features + 1), the bias last
};

// Values of a prediction, in XGBoost's thread-local buffer: they stay valid
// until the next prediction on the same thread, so copy them out.
struct XgboostPrediction {
  std::span<const float> values;
  std::vector<std::size_t> shape;
};

class XgboostBooster {
 public:
  // `cached` are the matrices XGBoost keeps predictions for while training
  // (train and validation); none for a model that is only loaded.
  static XgboostBooster Create(std::initializer_list<const XgboostMatrix*> cached);
  // The rounds [0, rounds) of `source`, as a new booster.
  static XgboostBooster Slice(const XgboostBooster& source, int rounds);
  // A model saved by XGBoost (its JSON); ModelError when XGBoost refuses it.
  static XgboostBooster Load(std::string_view json);

  XgboostBooster(XgboostBooster&& other) noexcept;
  XgboostBooster& operator=(XgboostBooster&& other) noexcept;
  XgboostBooster(const XgboostBooster&) = delete;
  XgboostBooster& operator=(const XgboostBooster&) = delete;
  ~XgboostBooster();

  void SetParam(const std::string& name, const std::string& value);
  void SetFeatureNames(const std::vector<std::string>& names);
  // Empty when the model was saved without names.
  std::vector<std::string> FeatureNames() const;
  // Every tree's output for every row of `matrix`.
  XgboostPrediction Predict(const XgboostMatrix& matrix, XgboostOutput output) const;
  BoosterHandle get() const { return handle_; }

 private:
  explicit XgboostBooster(BoosterHandle handle) : handle_(handle) {}
  BoosterHandle handle_ = nullptr;
};

}  // namespace churn::model
