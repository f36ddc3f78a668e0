#include "collective/worker_group.h"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "errors/error.h"

namespace churn::collective {
namespace {

// XGBoost's collective::DataType and collective::Operation (communicator.h
// of libxgboost 1.7), which its C API takes as plain integers.
constexpr int kInt64 = 4;
constexpr int kDouble = 7;
constexpr int kMax = 0;
constexpr int kMin = 1;
constexpr int kSum = 2;

void Check(int rc, std::string_view call) {
  if (rc != 0) {
    throw ClusterError(
        fmt::format("the workers' collective failed in {}: {}", call, XGBGetLastError()));
  }
}

void Allreduce(void* values, std::size_t count, int type, int operation) {
  if (count > 0) {
    Check(XGCommunicatorAllreduce(values, count, type, operation), "XGCommunicatorAllreduce");
  }
}

}  // namespace

void WorkerGroup::Sum(std::span<double> values) const {
  if (distributed()) {
    Allreduce(values.data(), values.size(), kDouble, kSum);
  }
}

void WorkerGroup::Sum(std::span<std::int64_t> values) const {
  if (distributed()) {
    Allreduce(values.data(), values.size(), kInt64, kSum);
  }
}

void WorkerGroup::Max(std::span<std::int64_t> values) const {
  if (distributed()) {
    Allreduce(values.data(), values.size(), kInt64, kMax);
  }
}

void WorkerGroup::Max(std::span<double> values) const {
  if (distributed()) {
    Allreduce(values.data(), values.size(), kDouble, kMax);
  }
}

void WorkerGroup::Min(std::span<double> values) const {
  if (distributed()) {
    Allreduce(values.data(), values.size(), kDouble, kMin);
  }
}

void WorkerGroup::Min(std::span<std::int64_t> values) const {
  if (distributed()) {
    Allreduce(values.data(), values.size(), kInt64, kMin);
  }
}

void WorkerGroup::Broadcast(std::string& bytes, int root) const {
  if (!distributed()) {
    return;
  }
  std::int64_t size = rank_ == root ? static_cast<std::int64_t>(bytes.size()) : 0;
  Max(std::span(&size, 1));
  bytes.resize(static_cast<std::size_t>(size));
  if (size > 0) {
    Check(XGCommunicatorBroadcast(bytes.data(), bytes.size(), root), "XGCommunicatorBroadcast");
  }
}

std::vector<std::string> WorkerGroup::Gather(const std::string& mine) const {
  std::vector<std::string> all(static_cast<std::size_t>(size_));
  for (int root = 0; root < size_; ++root) {
    std::string& bytes = all[static_cast<std::size_t>(root)];
    if (root == rank_) {
      bytes = mine;
    }
    Broadcast(bytes, root);
  }
  return all;
}

bool WorkerGroup::AllOf(bool mine) const {
  std::array<std::int64_t, 1> all = {mine ? 1 : 0};
  Min(all);
  return all[0] == 1;
}

void WorkerGroup::Barrier() const {
  std::int64_t here = 1;
  Sum(std::span(&here, 1));
}

}  // namespace churn::collective
