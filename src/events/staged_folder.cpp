#include "events/staged_folder.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <string_view>
#include <system_error>

#include "errors/error.h"
#include "events/display_path.h"
#include "events/folder_sync.h"

namespace churn::events {
namespace {

constexpr std::string_view kStagingMark = ".tmp-";

// The writer's process id in ".<name>.tmp-<pid>" (or ".<name>.old-<pid>"), or -1.
long WriterOf(std::string_view name) {
  if (!name.starts_with('.')) {
    return -1;
  }
  std::size_t mark = name.rfind(kStagingMark);
  if (mark == std::string_view::npos) {
    mark = name.rfind(".old-");
  }
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
  std::filesystem::path old =
      target_.parent_path() / fmt::format(".{}.old-{}", target_.filename().string(), getpid());
  bool replacing = std::filesystem::exists(target_, error);
  if (replacing) {
    Remove(old);
    std::filesystem::rename(target_, old, error);
  }
  if (!error) {
    std::filesystem::rename(staging_, target_, error);
  }
  if (error) {
    throw IoError(fmt::format("{}: cannot move the new folder into place: {}", DisplayPath(target_),
                              error.message()));
  }
  committed_ = true;
  SyncFolder(target_.parent_path());
  if (replacing) {
    Remove(old);
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
