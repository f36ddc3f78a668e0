#include "collective/step_together.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <exception>

#include "errors/error.h"

namespace churn::collective {
namespace {

// What a worker's step ended with, in the order of precedence.
enum StepEnd : std::int64_t { kDone = 0, kInputError = 1, kOtherError = 2 };

}  // namespace

void StepTogether(const WorkerGroup& group, const std::function<void()>& step) {
  if (!group.distributed()) {
    step();
    return;
  }
  std::exception_ptr failure;
  std::int64_t ended = kDone;
  try {
    step();
  } catch (const InputError&) {
    failure = std::current_exception();
    ended = kInputError;
  } catch (...) {
    failure = std::current_exception();
    ended = kOtherError;
  }
  std::array<std::int64_t, 1> worst = {ended};
  group.Max(worst);
  std::array<std::int64_t, 1> first_failed = {ended == kDone ? group.size() : group.rank()};
  group.Min(first_failed);
  if (failure) {
    std::rethrow_exception(failure);
  }
  if (worst[0] == kDone) {
    return;
  }
  std::string what = fmt::format("worker {} of {} stopped the run; its error says why",
                                 first_failed[0] + 1, group.size());
  if (worst[0] == kInputError) {
    throw InputError(what);
  }
  throw ClusterError(what);
}

}  // namespace churn::collective
