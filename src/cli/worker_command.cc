// `khabar worker`, `khabar ingest --queue` and `khabar jobs`: the shared
// ingest job queue from the command line (service/worker.h).
//
// A PostgreSQL deployment runs any number of
//   khabar --database postgres://... serve --no-poll
// for the web and any number of
//   khabar --database postgres://... worker --threads N
// for ingestion and feed polling; `ingest --queue PATH` hands files to the
// workers instead of ingesting them in the calling process.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "cli/commands.h"
#include "service/library.h"
#include "service/worker.h"
#include "store/postgres/postgres_store.h"

namespace khabar::cli {
namespace {

// "what" + "detail", built by appends (GCC 12 -O3 -Wrestrict misfires on
// "literal" + std::string).
std::string Joined(std::string_view what, std::string_view detail) {
  std::string text(what);
  text += detail;
  return text;
}

Result<std::unique_ptr<service::Library>> OpenQueue(
    const std::string& data_dir, bool read_only) {
  service::LibraryOptions options;
  options.data_dir = data_dir;
  options.read_only = read_only;
  return service::Library::Open(options);
}

nlohmann::json JobJson(const store::Job& job) {
  nlohmann::json j = {{"id", job.id},
                      {"kind", job.kind},
                      {"key", job.key},
                      {"payload", job.payload},
                      {"state", job.state},
                      {"attempts", job.attempts},
                      {"created_at", job.created_at},
                      {"run_after", job.run_after},
                      {"worker", job.worker},
                      {"lease_until", job.lease_until},
                      {"last_error", job.last_error}};
  j["finished_at"] = job.finished_at ? nlohmann::json(*job.finished_at)
                                     : nlohmann::json(nullptr);
  return j;
}

// Blocks SIGINT and SIGTERM in the calling thread and every thread it
// starts afterwards, so that only sigtimedwait() sees them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

std::string DisplayLocation(const std::string& data_dir) {
  if (!store::IsPostgresUrl(data_dir)) return data_dir;
  // scheme://user:password@host... → scheme://user:***@host...
  const std::size_t authority = data_dir.find("://") + 3;
  const std::size_t at = data_dir.find('@', authority);
  const std::size_t slash = data_dir.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) {
    return data_dir;
  }
  const std::size_t colon = data_dir.find(':', authority);
  if (colon == std::string::npos || colon > at) return data_dir;
  std::string shown = data_dir.substr(0, colon + 1);
  shown += "***";
  shown += data_dir.substr(at);
  return shown;
}

int RunWorker(const std::string& data_dir, const WorkerCommand& command) {
  service::WorkerOptions options;
  options.library.data_dir = data_dir;
  options.library.understand = true;
  options.library.models_dir = command.models_dir;
  options.threads = command.threads;
  options.once = command.once;
  options.lease_s = command.lease_s;
  options.poller.fetch.allow_hosts = AllowedHosts(command.allow_hosts);
  options.poller.host_delay = std::chrono::milliseconds(command.host_delay_ms);

  const sigset_t signals = BlockStopSignals();
  Result<std::unique_ptr<service::Worker>> started =
      service::Worker::Start(std::move(options));
  if (!started.ok()) return Fail("worker", started.status());
  service::Worker& worker = **started;
  fmt::print(stderr, "khabar: worker {}: {} thread{} on {} ready{}\n",
             worker.name(), command.threads, command.threads == 1 ? "" : "s",
             DisplayLocation(data_dir),
             command.once ? " (--once)" : " (SIGTERM stops)");
  std::fflush(stderr);

  std::atomic<bool> finished{false};
  std::thread waiter([&] {
    worker.Wait();
    finished = true;
  });
  while (!finished) {
    const timespec tick = {0, 200 * 1000 * 1000};
    const int sig = sigtimedwait(&signals, nullptr, &tick);
    if (sig > 0) {
      fmt::print(stderr, "khabar: worker {}: stopping after the jobs in hand\n",
                 worker.name());
      std::fflush(stderr);
      worker.Stop();
      break;
    }
  }
  waiter.join();
  const service::WorkerStats stats = worker.stats();
  fmt::print(stderr,
             "khabar: worker {}: stopped: {} done, {} retried, {} failed, "
             "{} dropped\n",
             worker.name(), stats.done, stats.retried, stats.failed,
             stats.dropped);
  if (!worker.error().ok()) return Fail("worker", worker.error());
  return kExitOk;
}

int RunIngestQueue(const std::string& data_dir,
                   const std::vector<std::string>& paths) {
  std::vector<std::string> absolute;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return Fail("ingest --queue",
                  Status::NotFound(path + ": no such file or folder"));
    }
    absolute.push_back(
        std::filesystem::absolute(path, ec).lexically_normal().string());
  }
  Result<std::unique_ptr<service::Library>> lib = OpenQueue(data_dir, false);
  if (!lib.ok()) return Fail(Joined("open ", DisplayLocation(data_dir)), lib.status());
  const UnixSeconds now = NowUnixSeconds();
  for (const std::string& path : absolute) {
    Result<store::JobId> id =
        (*lib)->jobs().EnqueueJob(service::kIngestJob, path, path, now);
    if (!id.ok()) return Fail(Joined("queue ", path), id.status());
    fmt::print("{}\t{}\n", *id, path);
  }
  return kExitOk;
}

int RunJobs(const std::string& data_dir, const std::vector<int64_t>& ids,
            bool as_json) {
  Result<std::unique_ptr<service::Library>> lib = OpenQueue(data_dir, true);
  if (!lib.ok()) return Fail(Joined("open ", DisplayLocation(data_dir)), lib.status());
  Result<store::JobCounts> counts = (*lib)->jobs().CountJobs();
  if (!counts.ok()) return Fail("jobs", counts.status());
  std::vector<store::Job> jobs;
  for (int64_t id : ids) {
    Result<store::Job> job = (*lib)->jobs().GetJob(id);
    if (!job.ok()) return Fail(Joined("job ", std::to_string(id)), job.status());
    jobs.push_back(std::move(*job));
  }
  if (as_json) {
    nlohmann::json listed = nlohmann::json::array();
    for (const store::Job& job : jobs) listed.push_back(JobJson(job));
    nlohmann::json out = {{"queued", counts->queued},
                          {"running", counts->running},
                          {"done", counts->done},
                          {"failed", counts->failed},
                          {"jobs", listed}};
    fmt::print("{}\n", out.dump(2));
    return kExitOk;
  }
  fmt::print("queued {}, running {}, done {}, failed {}\n", counts->queued,
             counts->running, counts->done, counts->failed);
  for (const store::Job& job : jobs) {
    fmt::print("#{} {} {}: {} (attempts {}{}{}){}{}\n", job.id, job.kind,
               job.payload, job.state, job.attempts,
               job.worker.empty() ? "" : ", ", job.worker,
               job.last_error.empty() ? "" : ": ", job.last_error);
  }
  return kExitOk;
}

}  // namespace khabar::cli
