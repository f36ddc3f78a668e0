#include "events/staged_folder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <system_error>

#include "errors/error.h"
#include "events/display_path.h"
#include "events/folder_sync.h"

namespace churn::events {
namespace {

constexpr std::string_view kStagingMark = ".tmp-";

// The writer's process id in ".<name>.tmp-<pid>", or -1.
long WriterOf(std::string_view name) {
  if (!name.starts_with('.')) {
    return -1;
  }
  std::size_t mark = name.rfind(kStagingMark);
  if (mark == std::string_view::npos) {
    return -1;
  }
  std::string_view digits = name.substr(mark + kStagingMark.size());
  long pid = -1;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  return error == std::errc() && end == digits.data() + digits.size() ? pid : -1;
}

void Remove(const std::filesystem::path& folder) {
  std::error_code ignored;  // best effort: the next run removes what is left
  std::filesystem::remove_all(folder, ignored);
}

}  // namespace

bool ProcessAlive(long pid) {
  std::error_code error;
  return std::filesystem::exists(fmt::format("/proc/{}", pid), error);
}

StagedFolder::StagedFolder(const std::filesystem::path& parent, const std::string& name)
    : target_(parent / name),
      staging_(parent / fmt::format(".{}{}{}", name, kStagingMark, getpid())) {
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    throw IoError(
        fmt::format("{}: cannot create the folder: {}", DisplayPath(parent), error.message()));
  }
  RemoveStale(parent);
  Remove(staging_);
  if (!std::filesystem::create_directory(staging_, error) || error) {
    throw IoError(fmt::format("{}: cannot create a folder: {}", DisplayPath(staging_),
                              error ? error.message() : "it exists"));
  }
}

StagedFolder::~StagedFolder() {
  if (!committed_) {
    Remove(staging_);
  }
}

void StagedFolder::Commit() {
  std::error_code error;
  if (std::filesystem::exists(target_, error)) {
    // Swapped in one step, so that readers see the old folder or the new one,
    // never none; the staging name then holds the old one, removed below.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
      throw IoError(fmt::format("{}: cannot swap the new folder into place: {}",
                                DisplayPath(target_), std::strerror(errno)));
    }
  } else {
    std::filesystem::rename(staging_, target_, error);
    if (error) {
      throw IoError(fmt::format("{}: cannot move the new folder into place: {}",
                                DisplayPath(target_), error.message()));
    }
    staging_.clear();
  }
  committed_ = true;
  SyncFolder(target_.parent_path());
  if (!staging_.empty()) {
    Remove(staging_);  // the old folder
  }
}

int StagedFolder::RemoveStale(const std::filesystem::path& parent) {
  int removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    long writer = WriterOf(entry.path().filename().string());
    if (writer > 0 && writer != getpid() && !ProcessAlive(writer)) {
      std::error_code ignored;
      removed += std::filesystem::remove_all(entry.path(), ignored) > 0 ? 1 : 0;
    }
  }
  return removed;
}

}  // namespace churn::events
