#pragma once
// Runs task(worker_idx) for worker_idx in [0, workers) on that many threads
// (the calling thread takes worker 0) and waits for all of them. The first
// exception thrown by a task is rethrown once every worker has finished.

#include <algorithm>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace churn::parallel {

// The threads to use for a `threads` setting: itself when positive, else
// (0: the config's "every core") the cores available, at least one.
inline int ResolveThreads(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

inline void ParallelFor(int workers, const std::function<void(int)>& task) {
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto guarded = [&](int worker_idx) {
    try {
      task(worker_idx);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!first_error) {
        first_error = std::current_exception();
      }
    }
  };
  std::vector<std::jthread> threads;
  for (int worker_idx = 1; worker_idx < workers; ++worker_idx) {
    threads.emplace_back(guarded, worker_idx);
  }
  guarded(0);
  threads.clear();  // joins
  if (first_error) {
    std::rethrow_exception(first_error);
  }
}

}  // namespace churn::parallel
