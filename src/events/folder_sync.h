#pragma once
// Internal to events/: a rename is only durable once the folder that holds the
// new name has been flushed to the disk, so AtomicFileWriter::Commit syncs the
// folder after it renames its temporary file into place.
//
//   std::filesystem::rename(temp_path, path);
//   SyncFolder(path.parent_path());

#include <filesystem>

namespace churn::events {

// Flushes the folder's entries to the disk; an empty path means the current
// folder. Throws IoError naming the folder if it cannot be opened or synced.
void SyncFolder(const std::filesystem::path& folder);

}  // namespace churn::events
