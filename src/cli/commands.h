// The `khabar` subcommands. Each returns the process exit code and prints
// its own output; errors go to stderr as one line naming what failed.
#ifndef KHABAR_CLI_COMMANDS_H_
#define KHABAR_CLI_COMMANDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace khabar::cli {

// Exit codes: 0 success, 1 the command failed, 2 bad usage or input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Prints "khabar: <what>: <status>" on stderr; returns the exit code for it
// (kExitUsage for a caller error, kExitFailure otherwise).
int Fail(std::string_view what, const Status& status);

int RunIngest(const std::string& data_dir, const std::vector<std::string>& paths,
              const std::string& models_dir);
int RunSearch(const std::string& data_dir, const std::string& query, int limit,
              int offset, bool json);
int RunShow(const std::string& data_dir, int64_t id, bool json);
// `published` ("YYYY-MM-DD" or "") anchors relative dates.
int RunAnalyze(const std::string& path, bool json, const std::string& published,
               const std::string& models_dir);
int RunEvalSearch(const std::vector<std::string>& corpus,
                  const std::string& queries, const std::string& field,
                  const std::vector<std::string>& analyzers, int max_queries);

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  std::string base_url;
  std::string fonts_dir;
  std::string access_log = "-";
  int page_cache_mb = 64;
};
// Serves until SIGTERM or SIGINT; then finishes in-flight requests.
int RunServe(const std::string& data_dir, const ServeOptions& options);

int RunTrainNer(const std::vector<std::string>& train_files, const std::string& out);
int RunTrainTopics(const std::vector<std::string>& train_files, const std::string& out);
int RunTrainIdf(const std::vector<std::string>& files, const std::string& out);
int RunEvalNer(const std::string& file, const std::string& models_dir, bool dev_only);
int RunEvalTopics(const std::string& file, const std::string& models_dir);
int RunEvalDates(const std::string& dir);

}  // namespace khabar::cli

#endif  // KHABAR_CLI_COMMANDS_H_
