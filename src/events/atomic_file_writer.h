#pragma once
// AtomicFileWriter writes a file (plain, .gz or .zst by its extension) under a
// temporary name beside it and renames it into place on Commit(). A crash or
// an exception before Commit() never leaves a half-written file under the
// final name: the destructor removes the temporary file, and the next writer
// into that folder removes one a killed process left (temporary_name.h).
//
//   AtomicFileWriter out("data/raw/2019-Oct.csv.zst");
//   out.Write("event_time,event_type,...\n");
//   out.Commit();

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "events/compression.h"

namespace churn::events {

class AtomicFileWriter {
 public:
  // Creates the parent folder if needed and opens the temporary file; throws
  // IoError naming the path on failure.
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Appends bytes (compressing them if the path asks for it). Throws IoError.
  void Write(std::string_view bytes);
  // Flushes, closes and renames the file into place. Throws IoError.
  void Commit();

  // Uncompressed bytes written so far.
  std::int64_t bytes_written() const;
  const std::filesystem::path& path() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace churn::events
