#include "events/temporary_name.h"

#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <filesystem>
#include <system_error>
#include <vector>

#include "events/counted_noun.h"
#include "events/display_path.h"
#include "events/whole_file.h"

namespace churn::events {
namespace {

constexpr std::string_view kTemporaryMark = ".tmp-";
constexpr char kHostMark = '@';
// In /proc/<pid>/stat, after the command name's closing parenthesis: the
// state is the first field and the start time the twentieth.
constexpr std::size_t kStartTimeField = 19;
constexpr std::size_t kHostNameSize = 256;

// Who wrote a temporary, as its name says; the fields older names lack are
// empty.
struct WriterStamp {
  long pid = -1;
  std::optional<std::uint64_t> start_ticks;
  std::optional<std::string> host;
};

// The host name with anything but letters, digits, '.' and '-' replaced, so
// that it is safe in a file name and never holds the marks parsed below.
std::string ThisHost() {
  std::array<char, kHostNameSize> buffer{};
  if (::gethostname(buffer.data(), buffer.size() - 1) != 0) {
    return "localhost";
  }
  std::string host(buffer.data());
  for (char& letter : host) {
    const bool plain = (letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z') ||
                       (letter >= '0' && letter <= '9') || letter == '.' || letter == '-';
    letter = plain ? letter : '_';
  }
  return host.empty() ? "localhost" : host;
}

const std::string& HostOfThisProcess() {
  static const std::string kHost = ThisHost();
  return kHost;
}

std::optional<std::uint64_t> ParseNumber(std::string_view digits) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  return value;
}

// The stamp in ".<name>.tmp-<pid>[-<n>[-<start>]][@<host>]", or nullopt.
std::optional<WriterStamp> StampOf(std::string_view name) {
  const std::size_t mark = name.rfind(kTemporaryMark);
  if (!name.starts_with('.') || mark == std::string_view::npos || mark == 0) {
    return std::nullopt;
  }
  std::string_view rest = name.substr(mark + kTemporaryMark.size());
  WriterStamp stamp;
  if (const std::size_t at = rest.find(kHostMark); at != std::string_view::npos) {
    stamp.host = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  std::vector<std::uint64_t> numbers;
  for (bool more = true; more;) {
    const std::size_t dash = rest.find('-');
    std::optional<std::uint64_t> number = ParseNumber(rest.substr(0, dash));
    if (!number) {
      return std::nullopt;
    }
    numbers.push_back(*number);
    more = dash != std::string_view::npos;
    rest = more ? rest.substr(dash + 1) : std::string_view();
  }
  constexpr std::size_t kMostFields = 3;  // pid, n, start
  if (numbers.empty() || numbers.size() > kMostFields || numbers[0] == 0) {
    return std::nullopt;
  }
  stamp.pid = static_cast<long>(numbers[0]);
  if (numbers.size() == kMostFields) {
    stamp.start_ticks = numbers[2];
  }
  return stamp;
}

}  // namespace

std::optional<std::uint64_t> ProcessStartTicks(long pid) {
  std::optional<std::string> stat = ReadWholeFile(fmt::format("/proc/{}/stat", pid));
  if (!stat) {
    return std::nullopt;
  }
  const std::size_t name_end = stat->rfind(')');
  if (name_end == std::string::npos) {
    return std::nullopt;
  }
  std::vector<std::string_view> fields;
  std::string_view rest = std::string_view(*stat).substr(name_end + 1);
  while (fields.size() <= kStartTimeField) {
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    if (rest.empty()) {
      return std::nullopt;
    }
    const std::size_t space = rest.find(' ');
    fields.push_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space);
  }
  // Exited (a zombie) or dying: it writes nothing more.
  if (fields[0] == "Z" || fields[0] == "X" || fields[0] == "x") {
    return std::nullopt;
  }
  return ParseNumber(fields[kStartTimeField]);
}

bool ProcessAlive(long pid) {
  if (pid <= 0 || pid > INT_MAX) {
    return false;
  }
  if (::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) {
    return false;
  }
  // It exists. /proc may hide another user's processes (hidepid) or be
  // absent: such a process is alive; one whose /proc entry says it exited
  // (a zombie) or is dying writes nothing more.
  std::error_code error;
  const bool visible = std::filesystem::exists(fmt::format("/proc/{}", pid), error);
  return !visible || ProcessStartTicks(pid).has_value();
}

std::string TemporaryName(std::string_view final_name) {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint64_t kStartTicks = ProcessStartTicks(::getpid()).value_or(0);
  return fmt::format(".{}{}{}-{}-{}{}{}", final_name, kTemporaryMark, ::getpid(), counter++,
                     kStartTicks, kHostMark, HostOfThisProcess());
}

bool WriterGone(std::string_view name) {
  std::optional<WriterStamp> stamp = StampOf(name);
  if (!stamp || stamp->pid == ::getpid() || (stamp->host && *stamp->host != HostOfThisProcess())) {
    return false;
  }
  if (!ProcessAlive(stamp->pid)) {
    return true;
  }
  std::optional<std::uint64_t> running_since = ProcessStartTicks(stamp->pid);
  if (!running_since) {
    return false;  // alive, and /proc does not show when it started
  }
  // The id is in use: by the writer itself, or by a process that got the id
  // after the writer died. An older name cannot tell them apart.
  return stamp->start_ticks && *stamp->start_ticks != *running_since;
}

int RemoveStaleTemporaries(const std::filesystem::path& folder) {
  int removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (WriterGone(entry.path().filename().string())) {
      std::error_code ignored;  // best effort: another run may remove it first
      removed += std::filesystem::remove_all(entry.path(), ignored) > 0 ? 1 : 0;
    }
  }
  if (removed > 0) {
    spdlog::info("removed {} left in {} by a run that was stopped",
                 CountedNoun(removed, "unfinished file or folder", "unfinished files or folders"),
                 DisplayPath(folder.empty() ? std::filesystem::path(".") : folder));
  }
  return removed;
}

}  // namespace churn::events
