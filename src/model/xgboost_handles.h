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
class XgboostBooster {
 public:
  // `cached` are the matrices XGBoost keeps predictions for while training
  // (train and validation); none for a model that is only loaded.
  static XgboostBooster Create(std::initializer_list<const XgboostMatrix*> cached);
  // The rounds [0, rounds) of `source`, as a new booster.
  static XgboostBooster Slice(const XgboostBooster& source, int rounds);

  XgboostBooster(XgboostBooster&& other) noexcept;
  XgboostBooster& operator=(XgboostBooster&& other) noexcept;
  XgboostBooster(const XgboostBooster&) = delete;
  XgboostBooster& operator=(const XgboostBooster&) = delete;
  ~XgboostBooster();

  void SetParam(const std::string& name, const std::string& value);
  void SetFeatureNames(const std::vector<std::string>& names);
  // Empty when the model was saved without names.
  std::vector<std::string> FeatureNames() const;
  BoosterHandle get() const { return handle_; }

 private:
  explicit XgboostBooster(BoosterHandle handle) : handle_(handle) {}
  BoosterHandle handle_ = nullptr;
};

}  // namespace churn::model
