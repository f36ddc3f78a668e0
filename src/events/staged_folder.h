#pragma once
// A folder written whole or not at all: its files go into a hidden staging
// folder beside the target (".<name>.tmp-<pid>"), and Commit() renames it
// into place, or swaps it with an older folder of that name in one step
// (renameat2's RENAME_EXCHANGE), so readers see the old folder or the new
// one, never a mix nor, once there was one, none; a staging folder that is not committed is
// removed, and one a killed process left behind is removed by the next
// StagedFolder in the same parent once its writer is gone.
//
//   StagedFolder staged("out/scores", "2020-02-01");
//   WriteFile(staged.path() / "summary.json", ...);
//   staged.Commit();  // out/scores/2020-02-01

#include <filesystem>
#include <string>

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

  // Removes the staging folders in `parent` whose writer has died; returns
  // how many.
  static int RemoveStale(const std::filesystem::path& parent);

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

// True while a process of this id runs (on this machine).
bool ProcessAlive(long pid);

}  // namespace churn::events
