// ZLIB_CONST makes zlib's input pointers const, so no cast drops a const.
#define ZLIB_CONST
#include "events/atomic_file_writer.h"

#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "errors/error.h"
#include "events/c_file.h"
#include "events/folder_sync.h"
#include "events/temporary_name.h"

namespace churn::events {
namespace {

// Writes are gathered into blocks of this size before they are compressed or
// written, so that many small writes cost a memcpy each.
constexpr std::size_t kBufferSize = std::size_t{1} << 20;
constexpr int kGzipLevel = 6;
constexpr int kZstdLevel = 3;

// The temporary file. Errors name the final path, the one the user knows.
class OutputFile {
 public:
  OutputFile(const std::filesystem::path& temp_path, const std::filesystem::path& final_path)
      : final_path_(final_path) {
    // "x": never reuse a file that is already there.
    file_.reset(std::fopen(temp_path.c_str(), "wbx"));
    if (file_ == nullptr) {
      Fail(fmt::format("cannot create temporary file {} ({})", temp_path.string(),
                       ErrnoText(errno)));
    }
  }

  void Write(const void* bytes, std::size_t size) {
    if (size > 0 && std::fwrite(bytes, 1, size, file_.get()) != size) {
      Fail(fmt::format("write failed ({})", ErrnoText(errno)));
    }
  }

  // Flushes to the disk before the rename, so that a crash cannot leave an
  // empty file under the final name.
  void Close() {
    if (std::fflush(file_.get()) != 0 || ::fsync(::fileno(file_.get())) != 0) {
      Fail(fmt::format("write failed ({})", ErrnoText(errno)));
    }
    if (std::fclose(file_.release()) != 0) {
      Fail(fmt::format("close failed ({})", ErrnoText(errno)));
    }
  }

  [[noreturn]] void Fail(std::string_view what) const {
    throw IoError(fmt::format("{}: {}", final_path_.string(), what));
  }

 private:
  std::filesystem::path final_path_;
  CFile file_;
};

// Turns blocks of text into the file's bytes.
class Encoder {
 public:
  virtual ~Encoder() = default;
  virtual void Encode(std::string_view bytes, OutputFile* file) = 0;
  // Ends the stream (a gzip trailer, a zstd frame's end).
  virtual void Finish(OutputFile* file) = 0;
};

class PlainEncoder final : public Encoder {
 public:
  void Encode(std::string_view bytes, OutputFile* file) override {
    file->Write(bytes.data(), bytes.size());
  }
  void Finish(OutputFile* /*file*/) override {}
};

class GzipEncoder final : public Encoder {
 public:
  explicit GzipEncoder(const OutputFile& file) : output_(kBufferSize) {
    // 15 + 16: the largest window, written with a gzip header and trailer.
    constexpr int kMemoryLevel = 8;
    if (deflateInit2(&stream_, kGzipLevel, Z_DEFLATED, MAX_WBITS + 16, kMemoryLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      file.Fail("cannot start the gzip encoder");
    }
  }
  ~GzipEncoder() override { deflateEnd(&stream_); }
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  void Encode(std::string_view bytes, OutputFile* file) override {
    Deflate(bytes, Z_NO_FLUSH, file);
  }
  void Finish(OutputFile* file) override { Deflate({}, Z_FINISH, file); }

 private:
  // bytes is at most kBufferSize long, so it fits zlib's 32-bit counts.
  void Deflate(std::string_view bytes, int flush, OutputFile* file) {
    stream_.next_in = reinterpret_cast<const Bytef*>(bytes.data());
    stream_.avail_in = static_cast<uInt>(bytes.size());
    int status = Z_OK;
    do {
      stream_.next_out = output_.data();
      stream_.avail_out = static_cast<uInt>(output_.size());
      status = deflate(&stream_, flush);
      if (status == Z_STREAM_ERROR) {
        file->Fail("gzip compression failed");
      }
      file->Write(output_.data(), output_.size() - stream_.avail_out);
    } while (stream_.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  }

  z_stream stream_{};
  std::vector<Bytef> output_;
};

struct ZstdEncoderFree {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};

class ZstdEncoder final : public Encoder {
 public:
  explicit ZstdEncoder(const OutputFile& file)
      : context_(ZSTD_createCCtx()), output_(ZSTD_CStreamOutSize()) {
    if (context_ == nullptr ||
        ZSTD_isError(ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_compressionLevel, kZstdLevel)) !=
            0 ||
        ZSTD_isError(ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_checksumFlag, 1)) != 0) {
      file.Fail("cannot start the zstd encoder");
    }
  }

  void Encode(std::string_view bytes, OutputFile* file) override {
    Compress(bytes, ZSTD_e_continue, file);
  }
  void Finish(OutputFile* file) override { Compress({}, ZSTD_e_end, file); }

 private:
  void Compress(std::string_view bytes, ZSTD_EndDirective mode, OutputFile* file) {
    ZSTD_inBuffer input{bytes.data(), bytes.size(), 0};
    bool done = false;
    while (!done) {
      ZSTD_outBuffer output{output_.data(), output_.size(), 0};
      const std::size_t remaining = ZSTD_compressStream2(context_.get(), &output, &input, mode);
      if (ZSTD_isError(remaining) != 0) {
        file->Fail(fmt::format("zstd compression failed ({})", ZSTD_getErrorName(remaining)));
      }
      file->Write(output_.data(), output.pos);
      // To end the frame, all must be flushed; to continue, all must be read.
      done = mode == ZSTD_e_end ? remaining == 0 : input.pos == input.size;
    }
  }

  std::unique_ptr<ZSTD_CCtx, ZstdEncoderFree> context_;
  std::vector<char> output_;
};

std::unique_ptr<Encoder> MakeEncoder(Compression compression, const OutputFile& file) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipEncoder>(file);
    case Compression::kZstd:
      return std::make_unique<ZstdEncoder>(file);
    case Compression::kNone:
      break;
  }
  return std::make_unique<PlainEncoder>();
}

// Hidden, beside the final file so that the rename stays on one file system,
// and named after its writer (temporary_name.h), so that a later run can
// remove it if this one is killed before it commits.
std::filesystem::path TempPathFor(const std::filesystem::path& path) {
  return path.parent_path() / TemporaryName(path.filename().string());
}

}  // namespace

class AtomicFileWriter::Impl {
 public:
  explicit Impl(std::filesystem::path path);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void Write(std::string_view bytes);
  void Commit();

  std::int64_t bytes_written() const { return bytes_written_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void FlushBuffer();
  void CheckOpen() const;

  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  std::unique_ptr<OutputFile> file_;
  std::unique_ptr<Encoder> encoder_;
  std::string buffer_;
  std::int64_t bytes_written_ = 0;
  bool committed_ = false;
};

AtomicFileWriter::Impl::Impl(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.filename().empty()) {
    throw IoError(fmt::format("{}: expected a file name, not a folder", path_.string()));
  }
  const std::filesystem::path folder = path_.parent_path();
  std::error_code error;
  if (!folder.empty() && !std::filesystem::create_directories(folder, error) && error) {
    throw IoError(fmt::format("{}: cannot create folder {} ({})", path_.string(), folder.string(),
                              error.message()));
  }
  // What a killed writer of this folder left is no one's any more.
  RemoveStaleTemporaries(folder);
  temp_path_ = TempPathFor(path_);
  file_ = std::make_unique<OutputFile>(temp_path_, path_);
  try {
    encoder_ = MakeEncoder(CompressionFromPath(path_), *file_);
  } catch (...) {
    file_.reset();
    std::filesystem::remove(temp_path_, error);
    throw;
  }
  buffer_.reserve(kBufferSize);
}

AtomicFileWriter::Impl::~Impl() {
  if (committed_) {
    return;
  }
  encoder_.reset();
  file_.reset();
  std::error_code ignored;
  std::filesystem::remove(temp_path_, ignored);
}

void AtomicFileWriter::Impl::Write(std::string_view bytes) {
  CheckOpen();
  bytes_written_ += static_cast<std::int64_t>(bytes.size());
  while (buffer_.size() + bytes.size() >= kBufferSize) {
    const std::size_t room = kBufferSize - buffer_.size();
    buffer_.append(bytes.substr(0, room));
    bytes.remove_prefix(room);
    FlushBuffer();
  }
  buffer_.append(bytes);
}

void AtomicFileWriter::Impl::Commit() {
  CheckOpen();
  FlushBuffer();
  encoder_->Finish(file_.get());
  file_->Close();
  std::error_code error;
  std::filesystem::rename(temp_path_, path_, error);
  if (error) {
    throw IoError(fmt::format("{}: cannot rename {} into place ({})", path_.string(),
                              temp_path_.string(), error.message()));
  }
  committed_ = true;
  encoder_.reset();
  file_.reset();
  // The new name is on the disk only once its folder is.
  SyncFolder(path_.parent_path());
}

void AtomicFileWriter::Impl::FlushBuffer() {
  if (buffer_.empty()) {
    return;
  }
  encoder_->Encode(buffer_, file_.get());
  buffer_.clear();
}

void AtomicFileWriter::Impl::CheckOpen() const {
  if (committed_) {
    throw InternalError(fmt::format("{}: written to after Commit()", path_.string()));
  }
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path)
    : impl_(std::make_unique<Impl>(std::move(path))) {}
AtomicFileWriter::~AtomicFileWriter() = default;

void AtomicFileWriter::Write(std::string_view bytes) {
  impl_->Write(bytes);
}
void AtomicFileWriter::Commit() {
  impl_->Commit();
}
std::int64_t AtomicFileWriter::bytes_written() const {
  return impl_->bytes_written();
}
const std::filesystem::path& AtomicFileWriter::path() const {
  return impl_->path();
}

}  // namespace churn::events
