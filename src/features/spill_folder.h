#pragma once
// SpillFolder is the feature engine's scratch space on disk for one run: the
// partitions that do not fit the memory budget and the rows waiting for the
// tables. It is a folder of its own, `churn-spill.<pid>.<n>`, under the
// configured parent; the destructor removes it, and a later run removes the
// folders of runs that died without doing so (their process is gone).
//
// SpillWriter and SpillReader move plain binary records through it with
// buffered file I/O; every failure is an IoError naming the file.
//
//   SpillFolder folder("out/data");
//   SpillWriter out(folder.File("partition-7.events"));
//   out.WriteValue(record);
//   out.Close();
//   SpillReader in(folder.File("partition-7.events"));
//   while (in.ReadValue(&record)) { ... }

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>

#include "events/c_file.h"

namespace churn::features {

class SpillFolder {
 public:
  // Creates the folder (and its parent). Throws IoError.
  explicit SpillFolder(const std::filesystem::path& parent);
  ~SpillFolder();
  SpillFolder(const SpillFolder&) = delete;
  SpillFolder& operator=(const SpillFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path File(std::string_view name) const { return path_ / name; }

  // Folders of earlier runs under `parent` whose process is gone; removed
  // when a SpillFolder is made there. Returns how many were removed.
  static int RemoveStale(const std::filesystem::path& parent);

 private:
  std::filesystem::path path_;
};

class SpillWriter {
 public:
  explicit SpillWriter(std::filesystem::path path);

  void Write(const void* data, std::size_t size);
  void Write(std::string_view bytes) { Write(bytes.data(), bytes.size()); }
  template <typename T>
  void WriteValue(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    Write(&value, sizeof(T));
  }
  // Flushes and closes; the file stays for a reader. Throws IoError.
  void Close();

  std::int64_t bytes_written() const { return bytes_written_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  events::CFile file_;  // empty once closed
  std::int64_t bytes_written_ = 0;
};

class SpillReader {
 public:
  explicit SpillReader(std::filesystem::path path);

  // False at the end of the file; IoError for a file cut inside a record.
  bool Read(void* data, std::size_t size);
  template <typename T>
  bool ReadValue(T* value) {
    static_assert(std::is_trivially_copyable_v<T>);
    return Read(value, sizeof(T));
  }
  // Exactly `size` bytes, within a record that has begun: IoError naming
  // the file and `what` when the file ends first.
  void ReadRest(void* data, std::size_t size, std::string_view what);
  void ReadString(std::size_t size, std::string* text, std::string_view what);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  events::CFile file_;
};

}  // namespace churn::features
