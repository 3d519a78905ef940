// Worker: `khabar worker`, the process that empties the shared ingest job
// queue (store/job_store.h). Any number of workers, in any number of
// processes and machines, share one database (a PostgreSQL deployment runs
// `khabar serve --no-poll` for the web and workers for ingestion; on SQLite
// several workers may share one data folder on one machine).
//
// Each thread has its own Library (connection) and loops:
//   1. offers a "poll" job for every source that is due
//      (SourceStore::DueSources; EnqueueJob is idempotent, so every worker
//      may offer the same source and it is polled once);
//   2. claims the oldest due job, leased for `lease_s`, and runs it:
//        "ingest"  payload = a file or folder path, ingested like
//                  `khabar ingest PATH` (service::Ingestor, with analysis
//                  when the Library was opened with `understand`);
//        "poll"    payload = a source id, polled with service::Poller.
//   3. completes it, or fails it: a transient error (the store, a file that
//      could not be read) is retried at now + retry_base_s × 2^(attempts-1)
//      (capped at max_retry_s); a permanent one (a missing path, a removed
//      source, an unknown kind) and the max_attempts-th failure give up
//      ("failed"). A job claimed more than max_attempts times (its workers
//      kept dying) is given up without running it.
//
// Crash safety: the Ingestor and the Poller commit their own transactions
// (batches; one per source), so the job is completed RIGHT AFTER its
// results are committed, not in the same transaction. A worker that dies
// between the two leaves the job running until its lease ends; the next
// claimer runs it again, and that re-run stores nothing twice: articles are
// deduplicated by content hash, a folder source's files by (path, size,
// mtime) and a feed's entries by key.
//
// Leases: an ingest job renews its lease (to now + lease_s) from the
// Ingestor's progress callback once half of it has passed; the renewal is
// written on the job's connection, so inside an open batch it becomes
// visible when that batch commits (keep lease_s well above a batch's time:
// the default is 10 minutes). A poll job is bounded by the Poller's own
// limits (pages per poll, fetch timeouts) and is not renewed. A worker
// whose lease passed to another worker drops the job (PermissionDenied on
// completion) and goes on.
//
// Stopping: Stop() lets each thread finish the job it is running (a poll's
// fetches are cancelled at once through PollerOptions::fetch.cancel) and
// then return; nothing is left half-claimed except that job, whose lease
// a later worker takes over if the process dies instead.
//
// Worker names are "host:pid:thread"; JobRunner is one thread's share and
// is used alone by tests (with a fake clock).
#ifndef KHABAR_SERVICE_WORKER_H_
#define KHABAR_SERVICE_WORKER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "service/ingest.h"
#include "service/library.h"
#include "service/poller.h"
#include "store/job_store.h"

namespace khabar::service {

// Job kinds.
inline constexpr char kIngestJob[] = "ingest";
inline constexpr char kPollJob[] = "poll";

struct WorkerOptions {
  // Opened once per thread. Set `understand` to analyze what is ingested.
  LibraryOptions library;
  PollerOptions poller;
  int threads = 1;
  // Return when no job is due (tests, cron) instead of waiting for more.
  bool once = false;
  // Offer poll jobs for due sources (off: only run what others queue).
  bool offer_polls = true;
  int64_t lease_s = 600;
  int max_attempts = 5;
  int64_t retry_base_s = 30;
  int64_t max_retry_s = 3600;
  // How long an idle thread sleeps before looking again.
  std::chrono::milliseconds idle_wait{1000};
  // The "host:pid" part of worker names ("" = this host and process).
  std::string name;
  // The clock of jobs and polls (it replaces poller.now).
  std::function<UnixSeconds()> now = NowUnixSeconds;
  // One line per job (and per error); nullptr = quiet.
  std::FILE* log = stderr;
};

// What a worker (or one runner) did.
struct WorkerStats {
  int64_t done = 0;     // jobs completed
  int64_t retried = 0;  // failures queued again
  int64_t failed = 0;   // jobs given up
  int64_t dropped = 0;  // finished after their lease passed to another worker
  int64_t offered = 0;  // poll jobs offered (new or already queued)
};

// When a job that failed for the `attempts`-th time runs again.
int64_t RetryDelay(const WorkerOptions& options, int attempts);

// "host:pid" of this process.
std::string DefaultWorkerName();

// One thread's share of the work, over one Library. Not thread-safe.
class JobRunner {
 public:
  // `library` and `options` must outlive the runner; `cancel` (may be null)
  // cancels a poll's fetches.
  JobRunner(Library& library, const WorkerOptions& options, std::string name,
            std::atomic<bool>* cancel);
  ~JobRunner();

  // Queues a poll job for each due active source (at most once per clock
  // second). Returns how many were offered.
  Result<int> OfferPolls();
  // Claims one due job and runs it to completion or failure. Ok(false):
  // nothing was due. An error is the store's (the job, if claimed, is left
  // to its lease).
  Result<bool> RunOne();

  const std::string& name() const { return name_; }
  const WorkerStats& stats() const { return stats_; }

 private:
  Status RunIngest(const store::Job& job, std::string* summary);
  Status RunPoll(const store::Job& job, std::string* summary);
  // Records the outcome of `job` (attempt already counted by the claim).
  Status Finish(const store::Job& job, const Status& outcome,
                const std::string& summary, double seconds);
  void Log(const std::string& line);

  Library& library_;
  const WorkerOptions& options_;
  std::string name_;
  std::atomic<bool>* cancel_;
  std::unique_ptr<Ingestor> ingestor_;  // made on the first ingest job
  std::unique_ptr<Poller> poller_;      // made on the first poll job
  PollerOptions poller_options_;
  // The running ingest job, for lease renewal from the progress callback.
  const store::Job* current_ = nullptr;
  UnixSeconds renewed_at_ = 0;
  bool lease_lost_ = false;
  UnixSeconds offered_at_ = -1;
  WorkerStats stats_;
};

class Worker {
 public:
  // Opens one Library per thread (errors here: nothing started) and starts
  // the threads.
  static Result<std::unique_ptr<Worker>> Start(WorkerOptions options);
  ~Worker();  // Stop() and Wait()

  // Asks every thread to return after its current job. Thread-safe; not
  // async-signal-safe (call it from a signal-waiting thread).
  void Stop();
  // Blocks until every thread has returned (once: when nothing is due).
  void Wait();
  // Summed over the threads (final after Wait()).
  WorkerStats stats() const;
  // Why a --once thread gave up (the store kept failing); Ok otherwise.
  Status error() const;
  const std::string& name() const { return options_.name; }

 private:
  explicit Worker(WorkerOptions options) : options_(std::move(options)) {}
  void Run(int index);

  WorkerOptions options_;
  std::vector<std::unique_ptr<Library>> libraries_;
  std::vector<std::unique_ptr<JobRunner>> runners_;
  std::vector<std::thread> threads_;
  std::atomic<bool> cancel_{false};
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::vector<WorkerStats> stats_;  // per thread, copied under mu_
  Status error_;                    // under mu_
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_WORKER_H_
