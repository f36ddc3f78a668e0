#include "model/xgboost_handles.h"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "errors/error.h"

namespace churn::model {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
constexpr int kSliceStep = 1;

// XGBoost's C API takes arrays of C strings; they point into `names`, which
// must outlive the call.
std::vector<const char*> CStrings(const std::vector<std::string>& names) {
  std::vector<const char*> pointers;
  pointers.reserve(names.size());
  for (const std::string& name : names) {
    pointers.push_back(name.c_str());
  }
  return pointers;
}

}  // namespace

void CheckXgboost(int rc, std::string_view call) {
  if (rc != 0) {
    throw ModelError(fmt::format("XGBoost failed in {}: {}", call, XGBGetLastError()));
  }
}

XgboostMatrix XgboostMatrix::FromFeatures(const dataset::FeatureMatrix& features) {
  DMatrixHandle handle = nullptr;
  CheckXgboost(XGDMatrixCreateFromMat(features.values.data(), features.rows(), features.cols(),
                                      kMissing, &handle),
               "XGDMatrixCreateFromMat");
  XgboostMatrix matrix(handle);
  std::vector<const char*> names = CStrings(features.names);
  CheckXgboost(XGDMatrixSetStrFeatureInfo(handle, "feature_name", names.data(), names.size()),
               "XGDMatrixSetStrFeatureInfo");
  return matrix;
}

XgboostMatrix::XgboostMatrix(XgboostMatrix&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

XgboostMatrix& XgboostMatrix::operator=(XgboostMatrix&& other) noexcept {
  std::swap(handle_, other.handle_);
  return *this;
}

// A destructor must not throw. XGDMatrixFree fails only for a null handle,
// which is never passed, so there is no failure left to report here.
XgboostMatrix::~XgboostMatrix() {
  if (handle_ != nullptr) {
    XGDMatrixFree(handle_);
  }
}

void XgboostMatrix::SetLabels(std::span<const std::uint8_t> labels) {
  std::vector<float> as_floats(labels.begin(), labels.end());
  CheckXgboost(XGDMatrixSetFloatInfo(handle_, "label", as_floats.data(), as_floats.size()),
               "XGDMatrixSetFloatInfo(label)");
}

XgboostBooster XgboostBooster::Create(std::initializer_list<const XgboostMatrix*> cached) {
  std::vector<DMatrixHandle> handles;
  for (const XgboostMatrix* matrix : cached) {
    handles.push_back(matrix->get());
  }
  BoosterHandle handle = nullptr;
  CheckXgboost(XGBoosterCreate(handles.data(), handles.size(), &handle), "XGBoosterCreate");
  return XgboostBooster(handle);
}

XgboostBooster XgboostBooster::Slice(const XgboostBooster& source, int rounds) {
  BoosterHandle handle = nullptr;
  CheckXgboost(XGBoosterSlice(source.get(), 0, rounds, kSliceStep, &handle), "XGBoosterSlice");
  return XgboostBooster(handle);
}

XgboostBooster::XgboostBooster(XgboostBooster&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

XgboostBooster& XgboostBooster::operator=(XgboostBooster&& other) noexcept {
  std::swap(handle_, other.handle_);
  return *this;
}

// As for the matrix: XGBoosterFree fails only for a null handle.
XgboostBooster::~XgboostBooster() {
  if (handle_ != nullptr) {
    XGBoosterFree(handle_);
  }
}

XgboostBooster XgboostBooster::Load(std::string_view json) {
  XgboostBooster booster = Create({});
  CheckXgboost(XGBoosterLoadModelFromBuffer(booster.get(), json.data(), json.size()),
               "XGBoosterLoadModelFromBuffer");
  return booster;
}

XgboostPrediction XgboostBooster::Predict(const XgboostMatrix& matrix, XgboostOutput output) const {
  std::string config = nlohmann::json{
      {"type", static_cast<int>(output)},
      {"training", false},
      {"iteration_begin", 0},
      {"iteration_end", 0},
      {"strict_shape",
       false}}.dump();
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* values = nullptr;
  CheckXgboost(XGBoosterPredictFromDMatrix(handle_, matrix.get(), config.c_str(), &shape,
                                           &dimensions, &values),
               "XGBoosterPredictFromDMatrix");
  XgboostPrediction prediction;
  std::size_t count = dimensions == 0 ? 0 : 1;
  for (bst_ulong dimension_idx = 0; dimension_idx < dimensions; ++dimension_idx) {
    prediction.shape.push_back(static_cast<std::size_t>(shape[dimension_idx]));
    count *= static_cast<std::size_t>(shape[dimension_idx]);
  }
  prediction.values = std::span<const float>(values, count);
  return prediction;
}

void XgboostBooster::SetParam(const std::string& name, const std::string& value) {
  CheckXgboost(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
               fmt::format("XGBoosterSetParam({}={})", name, value));
}

void XgboostBooster::SetFeatureNames(const std::vector<std::string>& names) {
  std::vector<const char*> pointers = CStrings(names);
  CheckXgboost(
      XGBoosterSetStrFeatureInfo(handle_, "feature_name", pointers.data(), pointers.size()),
      "XGBoosterSetStrFeatureInfo");
}

std::vector<std::string> XgboostBooster::FeatureNames() const {
  bst_ulong count = 0;
  const char** names = nullptr;
  CheckXgboost(XGBoosterGetStrFeatureInfo(handle_, "feature_name", &count, &names),
               "XGBoosterGetStrFeatureInfo");
  // The strings live in XGBoost's thread-local storage until the next call:
  // copy them out now.
  return std::vector<std::string>(names, names + count);
}

}  // namespace churn::model
