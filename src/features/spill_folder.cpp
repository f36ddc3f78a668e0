#include "features/spill_folder.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <system_error>
#include <utility>

#include "errors/error.h"
#include "events/staged_folder.h"

namespace churn::features {
namespace {

constexpr std::string_view kFolderPrefix = "churn-spill.";
// Spill files are written and read in large sequential runs: a buffer this
// size per open file keeps system calls rare without costing much memory
// (the engine holds one per partition that spills).
constexpr std::size_t kFileBuffer = std::size_t{64} << 10;

std::atomic<int> folders_made{0};

// The process id in "churn-spill.<pid>.<n>", or -1.
long OwnerOf(std::string_view name) {
  if (!name.starts_with(kFolderPrefix)) {
    return -1;
  }
  name.remove_prefix(kFolderPrefix.size());
  long pid = -1;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (error != std::errc() || end == name.data() + name.size() || *end != '.') {
    return -1;
  }
  return pid;
}

events::CFile OpenFile(const std::filesystem::path& path, const char* mode) {
  events::CFile file(std::fopen(path.c_str(), mode));
  if (file == nullptr) {
    throw IoError(
        fmt::format("{}: cannot open a spill file: {}", path.string(), events::ErrnoText(errno)));
  }
  std::setvbuf(file.get(), nullptr, _IOFBF, kFileBuffer);
  return file;
}

}  // namespace

SpillFolder::SpillFolder(const std::filesystem::path& parent) {
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    throw IoError(
        fmt::format("{}: cannot create the spill folder: {}", parent.string(), error.message()));
  }
  RemoveStale(parent);
  path_ = parent / fmt::format("{}{}.{}", kFolderPrefix, getpid(), folders_made++);
  std::filesystem::remove_all(path_, error);
  if (!std::filesystem::create_directory(path_, error) || error) {
    throw IoError(fmt::format("{}: cannot create the spill folder: {}", path_.string(),
                              error ? error.message() : "it exists"));
  }
}

SpillFolder::~SpillFolder() {
  std::error_code ignored;  // a destructor must not throw; the next run retries
  std::filesystem::remove_all(path_, ignored);
}

int SpillFolder::RemoveStale(const std::filesystem::path& parent) {
  int removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    long owner = OwnerOf(entry.path().filename().string());
    if (owner > 0 && owner != getpid() && !events::ProcessAlive(owner)) {
      std::error_code ignored;
      removed += std::filesystem::remove_all(entry.path(), ignored) > 0 ? 1 : 0;
    }
  }
  return removed;
}

SpillWriter::SpillWriter(std::filesystem::path path)
    : path_(std::move(path)), file_(OpenFile(path_, "wb")) {}

void SpillWriter::Write(const void* data, std::size_t size) {
  if (size > 0 && std::fwrite(data, 1, size, file_.get()) != size) {
    throw IoError(
        fmt::format("{}: cannot write a spill file: {}", path_.string(), events::ErrnoText(errno)));
  }
  bytes_written_ += static_cast<std::int64_t>(size);
}

void SpillWriter::Close() {
  if (file_ == nullptr) {
    return;
  }
  if (std::fclose(file_.release()) != 0) {
    throw IoError(
        fmt::format("{}: cannot write a spill file: {}", path_.string(), events::ErrnoText(errno)));
  }
}

SpillReader::SpillReader(std::filesystem::path path)
    : path_(std::move(path)), file_(OpenFile(path_, "rb")) {}

bool SpillReader::Read(void* data, std::size_t size) {
  std::size_t got = std::fread(data, 1, size, file_.get());
  if (got == size) {
    return true;
  }
  if (got == 0 && std::feof(file_.get()) != 0) {
    return false;
  }
  throw IoError(fmt::format("{}: a spill file ends inside a record ({} of {} bytes)",
                            path_.string(), got, size));
}

void SpillReader::ReadRest(void* data, std::size_t size, std::string_view what) {
  if (size > 0 && !Read(data, size)) {
    throw IoError(fmt::format("{}: a spill file ends inside {}", path_.string(), what));
  }
}

void SpillReader::ReadString(std::size_t size, std::string* text, std::string_view what) {
  text->resize(size);
  ReadRest(text->data(), size, what);
}

}  // namespace churn::features
