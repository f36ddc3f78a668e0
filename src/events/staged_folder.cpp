#include "events/staged_folder.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "errors/error.h"
#include "events/display_path.h"
#include "events/folder_sync.h"
#include "events/temporary_name.h"

namespace churn::events {
namespace {

void Remove(const std::filesystem::path& folder) {
  std::error_code ignored;  // best effort: the next run removes what is left
  std::filesystem::remove_all(folder, ignored);
}

}  // namespace

StagedFolder::StagedFolder(const std::filesystem::path& parent, const std::string& name)
    : target_(parent / name), staging_(parent / TemporaryName(name)) {
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    throw IoError(
        fmt::format("{}: cannot create the folder: {}", DisplayPath(parent), error.message()));
  }
  RemoveStale(parent);
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
  return RemoveStaleTemporaries(parent);
}

}  // namespace churn::events
