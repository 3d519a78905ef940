// STUB (contract): a helper replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "store/sqlite/sqlite_store.h"

namespace khabar::store {

Result<JobId> SqliteStore::EnqueueJob(std::string_view kind, std::string_view key,
                           std::string_view payload,
                           UnixSeconds run_after) {
  return Status::Internal("sqlite: jobs not implemented");
}

Result<std::optional<Job>> SqliteStore::ClaimJob(std::string_view worker,
                                      std::string_view kind, UnixSeconds now,
                                      int64_t lease_s) {
  return Status::Internal("sqlite: jobs not implemented");
}

Status SqliteStore::RenewJob(JobId id, std::string_view worker,
                  UnixSeconds lease_until) {
  return Status::Internal("sqlite: jobs not implemented");
}

Status SqliteStore::CompleteJob(JobId id, std::string_view worker,
                     UnixSeconds at) {
  return Status::Internal("sqlite: jobs not implemented");
}

Status SqliteStore::FailJob(JobId id, std::string_view worker, std::string_view error,
                 std::optional<UnixSeconds> retry_at, UnixSeconds at) {
  return Status::Internal("sqlite: jobs not implemented");
}

Result<Job> SqliteStore::GetJob(JobId id) {
  return Status::Internal("sqlite: jobs not implemented");
}

Result<JobCounts> SqliteStore::CountJobs() {
  return Status::Internal("sqlite: jobs not implemented");
}

Result<int64_t> SqliteStore::PruneJobs(UnixSeconds before) {
  return Status::Internal("sqlite: jobs not implemented");
}

}  // namespace khabar::store
