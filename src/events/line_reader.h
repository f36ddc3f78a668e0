#pragma once
// LineReader streams the lines of a plain, .gz or .zst text file in blocks,
// so memory stays constant whatever the file's size.
//
//   LineReader reader("logs/2019-Oct.csv.gz");
//   std::string_view line;
//   while (reader.Next(&line)) { ... reader.line_number() ... }
//
// Lines are returned without their "\n" or "\r\n" ending. A final line that
// has no line ending is still returned; last_line_unterminated() then says so,
// because in a sample of a bigger log such a line is usually cut short.
//
// One line may hold at most max_line_bytes (64 MiB by default, without its
// ending), so a file that is not text, with no newline in it, fails quickly
// instead of being read whole into memory.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "events/compression.h"

namespace churn::events {

// The longest line LineReader hands out by default; rows of an event log are a
// few hundred bytes.
inline constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

class LineReader {
 public:
  // Opens the file; throws IoError naming the path if it cannot be opened.
  explicit LineReader(const std::filesystem::path& path,
                      std::size_t max_line_bytes = kMaxLineBytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Reads the next line into *line, valid until the next call. Returns false
  // at the end of the file. Throws IoError on a read or decompression error
  // (a corrupt or truncated .gz/.zst), naming the path and line, and
  // InputError on a line longer than max_line_bytes.
  bool Next(std::string_view* line);

  // 1-based number of the line last returned by Next (0 before the first).
  std::int64_t line_number() const;
  // Bytes of the file read so far (compressed bytes for .gz/.zst), for progress.
  std::int64_t bytes_read() const;
  // True once the last line was returned and it had no line ending.
  bool last_line_unterminated() const;
  const std::filesystem::path& path() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace churn::events
