#include "base/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <sys/stat.h>

namespace khabar {

Result<std::string> ReadFile(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(path + ": is a directory");
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return Status::InvalidArgument(
        path + ": file too large (" + std::to_string(st.st_size) +
        " bytes; the limit is " + std::to_string(max_bytes) + ")");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(
      std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::IOError(path + ": " + std::strerror(errno));
  std::string data;
  data.resize(static_cast<std::size_t>(st.st_size));
  std::size_t n = std::fread(data.data(), 1, data.size(), f.get());
  if (n != data.size() && std::ferror(f.get())) {
    return Status::IOError(path + ": read failed");
  }
  data.resize(n);
  // A file that grew after stat (a pipe, a log) is read up to the cap only.
  char probe;
  if (std::fread(&probe, 1, 1, f.get()) == 1) {
    return Status::InvalidArgument(path + ": file too large (grew while read)");
  }
  return data;
}

}  // namespace khabar
