// ZLIB_CONST makes zlib's input pointers const, so no cast drops a const.
#define ZLIB_CONST
#include "events/line_reader.h"

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "errors/error.h"
#include "events/c_file.h"
#include "events/readable_text.h"

namespace churn::events {
namespace {

// Lines are looked for in blocks of this size; a longer line doubles it.
constexpr std::size_t kBlockSize = std::size_t{1} << 20;
// Compressed gzip input is read in chunks of this size.
constexpr std::size_t kGzipChunkSize = std::size_t{256} << 10;

// A failure inside the byte stream; LineReader adds the path and line number,
// which the stream does not know.
class StreamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The raw bytes of an open file, with a count for progress reports.
class InputFile {
 public:
  explicit InputFile(CFile file) : file_(std::move(file)) {}

  // Fills out unless the file ends first; at_end() tells which.
  std::size_t Read(void* out, std::size_t capacity) {
    const std::size_t count = std::fread(out, 1, capacity, file_.get());
    if (count < capacity) {
      if (std::ferror(file_.get()) != 0) {
        throw StreamError(fmt::format("read failed ({})", ErrnoText(errno)));
      }
      at_end_ = true;
    }
    bytes_read_ += static_cast<std::int64_t>(count);
    return count;
  }

  bool at_end() const { return at_end_; }
  std::int64_t bytes_read() const { return bytes_read_; }

 private:
  CFile file_;
  bool at_end_ = false;
  std::int64_t bytes_read_ = 0;
};

// The decoded bytes of a file. Read fills as much of out as the data allows
// and returns 0 only once the data has ended.
class ByteSource {
 public:
  explicit ByteSource(InputFile file) : file_(std::move(file)) {}
  virtual ~ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  virtual std::size_t Read(char* out, std::size_t capacity) = 0;
  std::int64_t file_bytes_read() const { return file_.bytes_read(); }

 protected:
  InputFile file_;
};

class PlainSource final : public ByteSource {
 public:
  using ByteSource::ByteSource;
  std::size_t Read(char* out, std::size_t capacity) override { return file_.Read(out, capacity); }
};

// gzip through zlib's inflate. Several gzip members one after the other (as
// `cat a.gz b.gz` makes) are one stream, as gzip -d reads them.
class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(InputFile file) : ByteSource(std::move(file)), input_(kGzipChunkSize) {
    // 15 + 32: the largest window, and a gzip (or zlib) header detected.
    if (inflateInit2(&stream_, MAX_WBITS + 32) != Z_OK) {
      throw StreamError("cannot start the gzip decoder");
    }
  }
  ~GzipSource() override { inflateEnd(&stream_); }

  std::size_t Read(char* out, std::size_t capacity) override {
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, kMaxChunk));
    const uInt requested = stream_.avail_out;
    while (stream_.avail_out > 0) {
      if (stream_.avail_in == 0 && !file_.at_end()) {
        Refill();
      }
      const bool input_spent = stream_.avail_in == 0 && file_.at_end();
      if (input_spent && !inside_member_) {
        break;
      }
      inside_member_ = true;
      const int status = inflate(&stream_, Z_NO_FLUSH);
      if (status == Z_STREAM_END) {
        inside_member_ = false;
        inflateReset(&stream_);
      } else if (status == Z_BUF_ERROR && input_spent) {
        throw StreamError("truncated gzip stream (unexpected end of file)");
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        throw StreamError(fmt::format("corrupt gzip stream ({})",
                                      stream_.msg != nullptr ? stream_.msg : zError(status)));
      }
    }
    return requested - stream_.avail_out;
  }

 private:
  static constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max();

  void Refill() {
    stream_.next_in = input_.data();
    stream_.avail_in = static_cast<uInt>(file_.Read(input_.data(), input_.size()));
  }

  z_stream stream_{};
  std::vector<Bytef> input_;
  // An empty file is no gzip file either, so a member is expected at the start.
  bool inside_member_ = true;
};

struct ZstdDecoderFree {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

// Zstandard through ZSTD_decompressStream, which reads one frame after the
// other, so multi-frame files (zstd of concatenated parts) need nothing more.
class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(InputFile file)
      : ByteSource(std::move(file)),
        context_(ZSTD_createDCtx()),
        input_buffer_(ZSTD_DStreamInSize()) {
    if (context_ == nullptr) {
      throw StreamError("cannot start the zstd decoder");
    }
  }

  std::size_t Read(char* out, std::size_t capacity) override {
    ZSTD_outBuffer output{out, capacity, 0};
    while (output.pos < output.size) {
      if (input_.pos == input_.size && !file_.at_end()) {
        input_.size = file_.Read(input_buffer_.data(), input_buffer_.size());
        input_.pos = 0;
      }
      const bool input_spent = input_.pos == input_.size && file_.at_end();
      if (input_spent && !inside_frame_) {
        break;
      }
      const std::size_t produced_before = output.pos;
      const std::size_t status = ZSTD_decompressStream(context_.get(), &output, &input_);
      if (ZSTD_isError(status) != 0) {
        throw StreamError(fmt::format("corrupt zstd stream ({})", ZSTD_getErrorName(status)));
      }
      // 0 means a frame has ended and all its bytes have been handed out.
      inside_frame_ = status != 0;
      if (input_spent && inside_frame_ && output.pos == produced_before) {
        throw StreamError("truncated zstd stream (unexpected end of file)");
      }
    }
    return output.pos;
  }

 private:
  std::unique_ptr<ZSTD_DCtx, ZstdDecoderFree> context_;
  std::vector<char> input_buffer_;
  ZSTD_inBuffer input_{input_buffer_.data(), 0, 0};
  // As for gzip: an empty file is no zstd file, so a frame is expected first.
  bool inside_frame_ = true;
};

std::unique_ptr<ByteSource> MakeSource(Compression compression, InputFile file) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipSource>(std::move(file));
    case Compression::kZstd:
      return std::make_unique<ZstdSource>(std::move(file));
    case Compression::kNone:
      break;
  }
  return std::make_unique<PlainSource>(std::move(file));
}

}  // namespace

class LineReader::Impl {
 public:
  Impl(const std::filesystem::path& path, std::size_t max_line_bytes);

  bool Next(std::string_view* line);

  std::int64_t line_number() const { return line_number_; }
  std::int64_t bytes_read() const { return source_->file_bytes_read(); }
  bool last_line_unterminated() const { return last_line_unterminated_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void Emit(std::string_view* line, std::size_t line_end, std::size_t next_begin);
  void Fill();
  void Grow();
  [[noreturn]] void ThrowLineTooLong() const;

  std::filesystem::path path_;
  std::size_t max_line_bytes_;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = kBlockSize;
  // buffer_[begin_, end_) holds bytes not yet handed out; [begin_, scanned_)
  // is known to hold no '\n', so a long line is never searched twice.
  std::size_t begin_ = 0;
  std::size_t scanned_ = 0;
  std::size_t end_ = 0;
  bool source_done_ = false;
  std::int64_t line_number_ = 0;
  bool last_line_unterminated_ = false;
};

LineReader::Impl::Impl(const std::filesystem::path& path, std::size_t max_line_bytes)
    : path_(path),
      max_line_bytes_(max_line_bytes),
      buffer_(std::make_unique_for_overwrite<char[]>(kBlockSize)) {
  std::error_code status_error;
  if (std::filesystem::is_directory(path_, status_error)) {
    throw IoError(fmt::format("{}: is a folder, expected a file", ReadableText(path_.string())));
  }
  CFile file(std::fopen(path_.c_str(), "rb"));
  if (file == nullptr) {
    throw IoError(fmt::format("{}: cannot open for reading ({})", ReadableText(path_.string()),
                              ErrnoText(errno)));
  }
  InputFile input(std::move(file));
  try {
    source_ = MakeSource(CompressionFromPath(path_), std::move(input));
  } catch (const StreamError& error) {
    throw IoError(fmt::format("{}: {}", ReadableText(path_.string()), error.what()));
  }
}

bool LineReader::Impl::Next(std::string_view* line) {
  while (true) {
    const void* newline = std::memchr(buffer_.get() + scanned_, '\n', end_ - scanned_);
    if (newline != nullptr) {
      const auto newline_pos =
          static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.get());
      Emit(line, newline_pos, newline_pos + 1);
      return true;
    }
    scanned_ = end_;
    if (source_done_) {
      break;
    }
    Fill();
  }
  if (begin_ == end_) {
    return false;
  }
  last_line_unterminated_ = true;
  Emit(line, end_, end_);
  return true;
}

// A trailing '\r' is dropped even from an unterminated last line: a file cut
// between "\r" and "\n" still holds the whole line.
void LineReader::Impl::Emit(std::string_view* line, std::size_t line_end, std::size_t next_begin) {
  std::string_view text(buffer_.get() + begin_, line_end - begin_);
  if (!text.empty() && text.back() == '\r') {
    text.remove_suffix(1);
  }
  if (text.size() > max_line_bytes_) [[unlikely]] {
    ThrowLineTooLong();
  }
  *line = text;
  begin_ = next_begin;
  scanned_ = next_begin;
  ++line_number_;
}

// Called when buffer_[begin_, end_) holds no whole line. Only that unfinished
// line is copied, to the front of the buffer, before the next block is read.
// An unfinished line over the cap is caught here, once per block and before
// the buffer grows; Emit catches the rest with one comparison per line.
void LineReader::Impl::Fill() {
  if (begin_ > 0) {
    const std::size_t pending = end_ - begin_;
    std::memmove(buffer_.get(), buffer_.get() + begin_, pending);
    scanned_ -= begin_;
    begin_ = 0;
    end_ = pending;
  }
  // The unfinished line may still lose a '\r' to a "\r\n" ending, hence the 1.
  if (end_ > 0 && end_ - 1 > max_line_bytes_) {
    ThrowLineTooLong();
  }
  if (end_ == capacity_) {
    Grow();
  }
  std::size_t count = 0;
  try {
    count = source_->Read(buffer_.get() + end_, capacity_ - end_);
  } catch (const StreamError& error) {
    // No whole line is buffered, so the failure is in the next line.
    throw IoError(fmt::format("{}: line {}: {}", ReadableText(path_.string()), line_number_ + 1,
                              error.what()));
  }
  source_done_ = count == 0;
  end_ += count;
}

// Doubles the buffer, but never past room for the longest allowed line and its
// "\r\n", so a file without newlines fails before it takes twice the cap. Only
// called on a full buffer, which Fill has checked holds at most
// max_line_bytes_ + 1 bytes, so the buffer always grows.
void LineReader::Impl::Grow() {
  constexpr std::size_t kLineEndingBytes = 2;
  const std::size_t room_for_longest_line =
      max_line_bytes_ <= std::numeric_limits<std::size_t>::max() - kLineEndingBytes
          ? max_line_bytes_ + kLineEndingBytes
          : std::numeric_limits<std::size_t>::max();
  const std::size_t new_capacity = std::min(capacity_ * 2, room_for_longest_line);
  std::unique_ptr<char[]> bigger = std::make_unique_for_overwrite<char[]>(new_capacity);
  std::memcpy(bigger.get(), buffer_.get(), end_);
  buffer_ = std::move(bigger);
  capacity_ = new_capacity;
}

// Names the limit in MiB when it is a whole number of them, as the default is.
void LineReader::Impl::ThrowLineTooLong() const {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  const std::string limit = max_line_bytes_ % kMiB == 0 && max_line_bytes_ > 0
                                ? fmt::format("{} MiB", max_line_bytes_ / kMiB)
                                : fmt::format("{} bytes", max_line_bytes_);
  throw InputError(fmt::format("{}: line {}: line longer than {} (is this a text log?)",
                               ReadableText(path_.string()), line_number_ + 1, limit));
}

LineReader::LineReader(const std::filesystem::path& path, std::size_t max_line_bytes)
    : impl_(std::make_unique<Impl>(path, max_line_bytes)) {}
LineReader::~LineReader() = default;

bool LineReader::Next(std::string_view* line) {
  return impl_->Next(line);
}
std::int64_t LineReader::line_number() const {
  return impl_->line_number();
}
std::int64_t LineReader::bytes_read() const {
  return impl_->bytes_read();
}
bool LineReader::last_line_unterminated() const {
  return impl_->last_line_unterminated();
}
const std::filesystem::path& LineReader::path() const {
  return impl_->path();
}

}  // namespace churn::events
