#include "events/folder_sync.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

#include "errors/error.h"
#include "events/c_file.h"

namespace churn::events {

void SyncFolder(const std::filesystem::path& folder) {
  const std::filesystem::path target = folder.empty() ? std::filesystem::path(".") : folder;
  const int descriptor = ::open(target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) {
    throw IoError(fmt::format("{}: cannot open the folder to sync it ({})", target.string(),
                              ErrnoText(errno)));
  }
  const bool synced = ::fsync(descriptor) == 0;
  const int sync_errno = errno;
  ::close(descriptor);
  if (!synced) {
    throw IoError(
        fmt::format("{}: cannot sync the folder ({})", target.string(), ErrnoText(sync_errno)));
  }
}

}  // namespace churn::events
