#pragma once
// The name of a temporary file or folder (what AtomicFileWriter and
// StagedFolder write before they rename it into place) says who writes it:
// the writer's process id, the time that process started (so a reused id is
// not taken for the writer) and its host. A later run can then tell a
// temporary whose writer was killed from one that is still being written,
// and remove only the first kind.
//
//   std::filesystem::path temp = folder / TemporaryName("metrics.json");
//   // ".metrics.json.tmp-4242-0-1234567@worker-1"
//   RemoveStaleTemporaries(folder);  // in a later run: removes it if 4242 is gone

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace churn::events {

// ".<final_name>.tmp-<pid>-<n>-<start>@<host>": hidden, unique among the
// temporaries of this process (n counts them), and naming its writer.
std::string TemporaryName(std::string_view final_name);

// Whether `name` is one of our temporaries whose writer is gone: no such
// process, a process of that id started at another time, or one that has
// exited and not been reaped yet. False for a name that is not a temporary,
// for a writer on another host (it cannot be checked from here) and for
// this process's own temporaries. Names of earlier versions
// (".<name>.tmp-<pid>" and ".<name>.tmp-<pid>-<n>") are judged by their
// process id alone.
bool WriterGone(std::string_view name);

// Removes the temporaries in `folder` (files or folders, not below it) whose
// writer is gone, and returns how many; best effort, a missing folder is
// none. Logs a note naming the folder when it removes any.
int RemoveStaleTemporaries(const std::filesystem::path& folder);

// True while a process of this id runs on this machine (a zombie does not).
bool ProcessAlive(long pid);

// When the process started, in clock ticks since boot (/proc/<pid>/stat);
// nullopt when there is no such live process.
std::optional<std::uint64_t> ProcessStartTicks(long pid);

}  // namespace churn::events
