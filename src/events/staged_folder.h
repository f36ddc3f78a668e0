#pragma once
// A folder written whole or not at all: its files go into a hidden staging
// folder beside the target (named by temporary_name.h), and Commit() renames it
// into place, or swaps it with an older folder of that name in one step
// (renameat2's RENAME_EXCHANGE), so readers see the old folder or the new
// one, never a mix nor, once there was one, none; a staging folder that is not committed is
// removed, and one a killed process left behind is removed by the next
// StagedFolder (or AtomicFileWriter) in the same parent once its writer is
// gone.
//
//   StagedFolder staged("out/scores", "2020-02-01");
//   WriteFile(staged.path() / "summary.json", ...);
//   staged.Commit();  // out/scores/2020-02-01

#include <filesystem>
#include <string>

#include "events/temporary_name.h"  // ProcessAlive, for the callers that had it here

namespace churn::events {

class StagedFolder {
 public:
  // Creates `parent` if needed and the staging folder. Throws IoError.
  StagedFolder(const std::filesystem::path& parent, const std::string& name);
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;
  ~StagedFolder();

  // Where to write the folder's files.
  const std::filesystem::path& path() const { return staging_; }
  // Moves the folder into place and makes the rename durable. Throws IoError.
  void Commit();

  // Removes the temporaries in `parent` whose writer has died
  // (RemoveStaleTemporaries); returns how many.
  static int RemoveStale(const std::filesystem::path& parent);

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace churn::events
