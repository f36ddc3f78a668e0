#include "app/distributed_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "collective/group_membership.h"
#include "collective/local_workers.h"
#include "collective/tracker_address.h"

namespace churn::app {
namespace {

std::string TaskId() {
  std::array<char, 256> host{};
  gethostname(host.data(), host.size() - 1);
  return fmt::format("{}:{}", host.data(), getpid());
}

// Each line says which worker wrote it; only the coordinator's notes show.
void LogAsWorker(const collective::WorkerGroup& group, const std::string& task_id, bool quiet) {
  spdlog::logger& logger = *spdlog::default_logger();
  logger.set_pattern(fmt::format("%n[worker {} of {}]: %l: %v", group.rank() + 1, group.size()));
  logger.set_level(group.coordinator() && !quiet ? spdlog::level::info : spdlog::level::err);
  spdlog::info("{} workers joined; this one ({}) coordinates", group.size(), task_id);
}

// N copies of this command line, each told the tracker.
ExitCode LaunchLocalWorkers(const Invocation& invocation) {
  std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe");
  int workers = invocation.distributed.workers;
  spdlog::info("starting {} local workers and XGBoost's tracker on loopback", workers);
  collective::RunLocalWorkers(workers, [&](const collective::TrackerAddress& tracker, int) {
    std::vector<std::string> command = invocation.arguments;
    command.front() = program.string();
    command.insert(command.end(), {"--tracker", tracker.ToString()});
    if (!invocation.threads) {  // the machine's cores shared out, not each worker taking all
      unsigned cores = std::max(1U, std::thread::hardware_concurrency());
      command.insert(
          command.end(),
          {"--threads", std::to_string(std::max(1U, cores / static_cast<unsigned>(workers)))});
    }
    return command;
  });
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunDistributed(const Invocation& invocation, const WorkerPart& part) {
  const DistributedOptions& options = invocation.distributed;
  if (!options.tracker) {
    return options.workers > 1 ? LaunchLocalWorkers(invocation)
                               : part(collective::WorkerGroup::Solo(), invocation.quiet);
  }
  std::string task_id = TaskId();
  collective::GroupMembership membership(
      {.tracker = collective::TrackerAddress::Parse(*options.tracker),
       .workers = options.workers,
       .task_id = task_id});
  const collective::WorkerGroup& group = membership.group();
  LogAsWorker(group, task_id, invocation.quiet);
  return part(group, invocation.quiet || !group.coordinator());
}

}  // namespace churn::app
