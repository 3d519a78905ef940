// The ingest job queue that `khabar worker` processes share: "ingest" jobs
// (a file or folder to read) and "poll" jobs (a source that fell due). Any
// number of workers, in any number of processes or machines, claim jobs from
// one database; a claimed job is leased to one worker until its lease ends,
// so two workers never hold the same job, and a job whose worker died is
// claimed again once its lease has run out (work resumes where it stopped).
//
// PostgreSQL claims with SELECT ... FOR UPDATE SKIP LOCKED, so concurrent
// claims never wait on each other; SQLite's single writer serializes them.
// Both backends implement it on the same connection as ArticleStore, so a
// worker completes a job in the transaction that stores its articles.
//
// Errors: an unknown id is NotFound; renewing, completing or failing a job
// whose lease passed to another worker is PermissionDenied (the worker must
// drop its results); an empty kind or key is InvalidArgument.
#ifndef KHABAR_STORE_JOB_STORE_H_
#define KHABAR_STORE_JOB_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"

namespace khabar::store {

using JobId = int64_t;

// "queued": waiting for run_after; "running": leased to `worker` until
// lease_until; "done"; "failed": gave up after its attempts.
inline constexpr std::string_view kJobStates[] = {"queued", "running", "done",
                                                  "failed"};

struct Job {
  JobId id = 0;
  std::string kind;     // "ingest" | "poll" (the store does not interpret it)
  std::string key;      // unique among the kind's unfinished jobs
  std::string payload;  // what the worker needs (a path, a source id...)
  std::string state = "queued";
  int attempts = 0;  // claims so far
  UnixSeconds created_at = 0;
  UnixSeconds run_after = 0;
  std::string worker;  // last claimer
  UnixSeconds lease_until = 0;
  std::optional<UnixSeconds> finished_at;
  std::string last_error;
};

struct JobCounts {
  int64_t queued = 0, running = 0, done = 0, failed = 0;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Queues a job unless one of the same kind and key is queued or running;
  // returns the id of the new or the existing job (idempotent, so several
  // schedulers can offer the same work).
  virtual Result<JobId> EnqueueJob(std::string_view kind, std::string_view key,
                                   std::string_view payload,
                                   UnixSeconds run_after) = 0;
  // Claims the oldest due job: queued with run_after <= now, or running with
  // lease_until <= now (its worker died). Sets state "running", worker,
  // lease_until = now + lease_s, attempts + 1. nullopt when none is due.
  // `kind` "" claims any kind.
  virtual Result<std::optional<Job>> ClaimJob(std::string_view worker,
                                              std::string_view kind,
                                              UnixSeconds now,
                                              int64_t lease_s) = 0;
  // Extends the lease of a long job. PermissionDenied when `worker` no
  // longer holds it.
  virtual Status RenewJob(JobId id, std::string_view worker,
                          UnixSeconds lease_until) = 0;
  // Marks the job done. PermissionDenied when `worker` no longer holds it.
  virtual Status CompleteJob(JobId id, std::string_view worker,
                             UnixSeconds at) = 0;
  // Records `error`; the job is queued again at `retry_at`, or "failed" for
  // good when retry_at is nullopt. PermissionDenied as above.
  virtual Status FailJob(JobId id, std::string_view worker,
                         std::string_view error,
                         std::optional<UnixSeconds> retry_at,
                         UnixSeconds at) = 0;
  virtual Result<Job> GetJob(JobId id) = 0;
  virtual Result<JobCounts> CountJobs() = 0;
  // Deletes done and failed jobs finished before `before`; returns how many.
  virtual Result<int64_t> PruneJobs(UnixSeconds before) = 0;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_JOB_STORE_H_
