#pragma once
// An owning std::FILE handle and errno's text, shared by LineReader and
// AtomicFileWriter (and the feature engine's spill files), which talk to
// files through C stdio.
//
//   CFile file(std::fopen(path.c_str(), "rb"));
//   if (file == nullptr) { throw IoError(path.string() + ": " + ErrnoText(errno)); }

#include <cstdio>
#include <memory>
#include <string>
#include <system_error>

namespace churn::events {

// Closes the file when the handle goes; a close that fails here is ignored,
// so a writer that must know closes with std::fclose(file.release()) itself.
struct CFileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

using CFile = std::unique_ptr<std::FILE, CFileCloser>;

// "No such file or directory" for ENOENT: the words of an errno value.
inline std::string ErrnoText(int error_number) {
  return std::generic_category().message(error_number);
}

}  // namespace churn::events
