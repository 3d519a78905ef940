#include "store/postgres/pg_dump.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

extern char** environ;

namespace khabar::store {
namespace {

// Debian installs the versioned tools here; PATH may only have wrappers
// (or nothing, on a machine with just the client library).
std::string Tool(const std::string& name) {
  const std::string versioned = "/usr/lib/postgresql/15/bin/" + name;
  std::error_code ec;
  if (std::filesystem::exists(versioned, ec)) return versioned;
  return name;
}

// Runs argv[0] with `argv`, without a shell (nothing in a URL or a path is
// ever interpreted), and waits for it.
Status Run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(),
                              environ);
  if (rc != 0) {
    return Status::IOError("cannot run " + argv[0] + ": " + std::strerror(rc) +
                           " (apt-get install postgresql-client-15)");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::IOError("waitpid failed");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  std::string what = std::filesystem::path(argv[0]).filename().string();
  what += WIFEXITED(status) ? " exited with status " : " was killed by signal ";
  what += std::to_string(WIFEXITED(status) ? WEXITSTATUS(status)
                                           : WTERMSIG(status));
  what += " (its message is above)";
  return Status::IOError(what);
}

}  // namespace

Status DumpPostgres(const std::string& url, const std::string& path) {
  std::string partial = path;
  partial += ".partial-";
  partial += std::to_string(getpid());
  Status status = Run({Tool("pg_dump"), "--format=custom", "--no-owner",
                       "--file=" + partial, "--dbname=" + url});
  std::error_code ec;
  if (status.ok()) {
    std::filesystem::rename(partial, path, ec);
    if (ec) {
      status = Status::IOError("cannot move the dump into " + path + ": " +
                               ec.message());
    }
  }
  if (!status.ok()) std::filesystem::remove(partial, ec);
  return status;
}

Status RestorePostgres(const std::string& path, const std::string& url) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("no backup at " + path);
  }
  return Run({Tool("pg_restore"), "--single-transaction", "--exit-on-error",
              "--no-owner", "--dbname=" + url, path});
}

}  // namespace khabar::store
