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

// Prints one line per committed batch ("committed N articles (...) through
// WHERE"; everything in it is durable) and a summary. A store failure (disk
// full, read-only database) ends it with exit code 1 and one line naming the
// data folder; earlier batches stay stored and a rerun resumes after them.
// $KHABAR_INGEST_BATCH_SIZE sets the articles per transaction (default 512).
int RunIngest(const std::string& data_dir, const std::vector<std::string>& paths,
              const std::string& models_dir);
int RunSearch(const std::string& data_dir, const std::string& query, int limit,
              int offset, bool json);
int RunShow(const std::string& data_dir, int64_t id, bool json);
// Opens the store read-write, which rebuilds a search index built with
// another revision of the analyzer (after an upgrade; read-only opens refuse
// such an index), and says how long that took.
int RunReindex(const std::string& data_dir);
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
  // Mail: SMTP URL ("" = KHABAR_SMTP_URL, else no delivery: mail waits in
  // the outbox), sender, and how often the newsletter scheduler wakes up.
  std::string smtp_url;
  std::string mail_from;
  int mail_interval_seconds = 60;
  // Sources: poll them as they fall due (off: another process does).
  bool poll = true;
  // Reads only (a hot standby, a read-only copy): pages, search, feeds and
  // the public API; reader routes answer 503; no polling, no mail, no
  // migration, nothing written.
  bool read_only = false;
  std::vector<std::string> allow_hosts;
  int host_delay_ms = 1000;
  std::string models_dir;
};
// Serves until SIGTERM or SIGINT; then finishes in-flight requests.
int RunServe(const std::string& data_dir, const ServeOptions& options);

// `newsletter send`: builds the due editions, then delivers the outbox.
struct NewsletterSendOptions {
  bool dry_run = false;    // build nothing, queue nothing, send nothing
  bool retry_now = false;  // ignore the outbox backoff (and dead senders' leases)
  std::string smtp_url;    // "" = $KHABAR_SMTP_URL; neither: only queue
  std::string mail_from;   // "" = the service default
  std::string base_url;    // for links in the mail; "" = the default
  std::string at;          // ISO 8601 time to build as of ("" = now)
};
int RunNewsletterSend(const std::string& data_dir,
                      const NewsletterSendOptions& options);
// An operator-defined topic newsletter (created or updated by slug).
int RunNewsletterDefine(const std::string& data_dir, const std::string& slug,
                        const std::string& name, const std::string& cadence,
                        const std::string& topic);
int RunNewsletterList(const std::string& data_dir);

struct MailTestOptions {
  std::string to;
  int count = 1;
  std::string mail_from;
};
// Queues test messages (the outbox delivers them: `newsletter send` or a
// running server).
int RunMailTest(const std::string& data_dir, const MailTestOptions& options);
int RunMailStatus(const std::string& data_dir, bool as_json);

// `khabar sources ACTION [ARGS]`: add, list, remove, pause, resume, poll,
// import (OPML file), export (OPML to stdout).
struct SourcesCommand {
  std::string action;
  std::vector<std::string> args;
  bool all = false;   // poll: every active source, due or not
  bool json = false;  // list, poll
  std::vector<std::string> allow_hosts;  // poll (+ $KHABAR_ALLOW_HOSTS)
  int host_delay_ms = 1000;
  std::string models_dir;
};
int RunSources(const std::string& data_dir, const SourcesCommand& command);
// The --allow-host flags plus $KHABAR_ALLOW_HOSTS (comma-separated).
std::vector<std::string> AllowedHosts(const std::vector<std::string>& flags);
// `khabar operator grant|revoke EMAIL`.
int RunOperator(const std::string& data_dir, const std::string& action,
                const std::string& email);

// `khabar worker`: runs the shared ingest job queue (service/worker.h).
struct WorkerCommand {
  int threads = 1;
  bool once = false;  // exit when no job is due
  int lease_s = 600;
  std::vector<std::string> allow_hosts;  // for poll jobs (+ $KHABAR_ALLOW_HOSTS)
  int host_delay_ms = 1000;
  std::string models_dir;
};
// Runs until SIGTERM or SIGINT (each thread finishes its job), or with
// --once until the queue has nothing due.
int RunWorker(const std::string& data_dir, const WorkerCommand& command);
// `khabar ingest --queue PATH...`: queues one ingest job per path (made
// absolute: a worker elsewhere must see the same path) and prints the ids.
int RunIngestQueue(const std::string& data_dir,
                   const std::vector<std::string>& paths);
// `khabar jobs [--json] [ID...]`: the queue's counts and the named jobs.
int RunJobs(const std::string& data_dir, const std::vector<int64_t>& ids,
            bool as_json);
// `data_dir` for messages: a database URL without its password.
std::string DisplayLocation(const std::string& data_dir);

int RunTrainNer(const std::vector<std::string>& train_files, const std::string& out);
int RunTrainTopics(const std::vector<std::string>& train_files, const std::string& out);
int RunTrainIdf(const std::vector<std::string>& files, const std::string& out);
int RunEvalNer(const std::string& file, const std::string& models_dir, bool dev_only);
int RunEvalTopics(const std::string& file, const std::string& models_dir);
int RunEvalDates(const std::string& dir);
// Extraction P/R/F1 over DIR's NAME.html + NAME.gold.txt pages.
int RunEvalExtract(const std::string& dir, bool json);

}  // namespace khabar::cli

#endif  // KHABAR_CLI_COMMANDS_H_
