// STUB (contract): a helper replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "store/postgres/postgres_store.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"

namespace khabar::store {

namespace pg {
const char kJobSchema[] = "";
}  // namespace pg

Result<JobId> PostgresStore::EnqueueJob(std::string_view kind, std::string_view key,
                           std::string_view payload,
                           UnixSeconds run_after) {
  return Status::Internal("postgres: not implemented");
}

Result<std::optional<Job>> PostgresStore::ClaimJob(std::string_view worker,
                                      std::string_view kind, UnixSeconds now,
                                      int64_t lease_s) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::RenewJob(JobId id, std::string_view worker,
                  UnixSeconds lease_until) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::CompleteJob(JobId id, std::string_view worker,
                     UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::FailJob(JobId id, std::string_view worker, std::string_view error,
                 std::optional<UnixSeconds> retry_at, UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Result<Job> PostgresStore::GetJob(JobId id) {
  return Status::Internal("postgres: not implemented");
}

Result<JobCounts> PostgresStore::CountJobs() {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::PruneJobs(UnixSeconds before) {
  return Status::Internal("postgres: not implemented");
}

}  // namespace khabar::store
