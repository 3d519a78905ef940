// SqliteStore's JobStore side (schema: JobTables in sqlite_store.cc).
//
// Every write is one statement, atomic on its own: a claim is one
// UPDATE ... RETURNING, which takes SQLite's single write lock before it
// reads, so two connections (or processes) never claim the same job. Job
// writes are rare next to article writes, so statements are prepared per
// call like the SourceStore side's.

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

#include "base/time.h"
#include "base/utf8.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store {

using sqlite_internal::BindOptional;
using sqlite_internal::OptionalInt64;
using sqlite_internal::Statement;

namespace {

constexpr char kJobColumns[] =
    "id, kind, key, payload, state, attempts, created_at, run_after, worker, "
    "lease_until, finished_at, last_error";

Job ReadJob(const Statement& s) {
  Job job;
  job.id = s.ColumnInt64(0);
  job.kind = s.ColumnText(1);
  job.key = s.ColumnText(2);
  job.payload = s.ColumnText(3);
  job.state = s.ColumnText(4);
  job.attempts = static_cast<int>(s.ColumnInt64(5));
  job.created_at = s.ColumnInt64(6);
  job.run_after = s.ColumnInt64(7);
  job.worker = s.ColumnText(8);
  job.lease_until = s.ColumnInt64(9);
  job.finished_at = OptionalInt64(s, 10);
  job.last_error = s.ColumnText(11);
  return job;
}

Status ValidateText(std::string_view text, std::string_view what) {
  if (!IsValidUtf8(text)) {
    std::string message(what);
    message += " is not valid UTF-8";
    return Status::InvalidArgument(message);
  }
  return Status::Ok();
}

std::string NoJob(JobId id) {
  std::string message = "no job with id ";
  message += std::to_string(id);
  return message;
}

}  // namespace

Result<JobId> SqliteStore::EnqueueJob(std::string_view kind,
                                      std::string_view key,
                                      std::string_view payload,
                                      UnixSeconds run_after) {
  if (kind.empty() || key.empty()) {
    return Status::InvalidArgument("a job needs a kind and a key");
  }
  KHABAR_RETURN_IF_ERROR(ValidateText(kind, "job kind"));
  KHABAR_RETURN_IF_ERROR(ValidateText(key, "job key"));
  KHABAR_RETURN_IF_ERROR(ValidateText(payload, "job payload"));
  // Insert, or find the unfinished job that holds (kind, key). The job found
  // may finish between the two statements; then the next round inserts.
  for (int round = 0; round < 3; ++round) {
    KHABAR_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(
            db(),
            "INSERT INTO job(kind, key, payload, created_at, run_after) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, key) WHERE state IN ('queued', 'running') "
            "DO NOTHING RETURNING id",
            false));
    insert.BindText(1, kind);
    insert.BindText(2, key);
    insert.BindText(3, payload);
    insert.BindInt64(4, NowUnixSeconds());
    insert.BindInt64(5, run_after);
    KHABAR_ASSIGN_OR_RETURN(bool inserted, insert.Step());
    if (inserted) {
      const JobId id = insert.ColumnInt64(0);
      KHABAR_RETURN_IF_ERROR(insert.Step().status());
      return id;
    }
    KHABAR_ASSIGN_OR_RETURN(
        Statement find,
        Statement::Prepare(db(),
                           "SELECT id FROM job WHERE kind = ? AND key = ? AND "
                           "state IN ('queued', 'running')",
                           false));
    find.BindText(1, kind);
    find.BindText(2, key);
    KHABAR_ASSIGN_OR_RETURN(bool found, find.Step());
    if (found) return find.ColumnInt64(0);
  }
  return Status::Internal("job queue: enqueue kept racing with its worker");
}

Result<std::optional<Job>> SqliteStore::ClaimJob(std::string_view worker,
                                                 std::string_view kind,
                                                 UnixSeconds now,
                                                 int64_t lease_s) {
  if (worker.empty()) return Status::InvalidArgument("a claim needs a worker");
  if (lease_s <= 0) return Status::InvalidArgument("a lease must be positive");
  KHABAR_RETURN_IF_ERROR(ValidateText(worker, "worker name"));
  // A running job was due when it was claimed, so run_after <= now finds
  // both the queued jobs that are due and the leases that ran out, walking
  // job_due in claim order.
  std::string sql =
      "UPDATE job SET state = 'running', worker = ?1, "
      "lease_until = ?2 + ?3, attempts = attempts + 1 "
      "WHERE id = (SELECT id FROM job "
      "WHERE state IN ('queued', 'running') AND run_after <= ?2 AND "
      "(state = 'queued' OR lease_until <= ?2) ";
  if (!kind.empty()) sql += "AND kind = ?4 ";
  sql += "ORDER BY run_after, id LIMIT 1) RETURNING ";
  sql += kJobColumns;
  KHABAR_ASSIGN_OR_RETURN(Statement stmt,
                          Statement::Prepare(db(), sql, false));
  stmt.BindText(1, worker);
  stmt.BindInt64(2, now);
  stmt.BindInt64(3, lease_s);
  if (!kind.empty()) stmt.BindText(4, kind);
  KHABAR_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<Job>();
  Job job = ReadJob(stmt);
  KHABAR_RETURN_IF_ERROR(stmt.Step().status());
  return std::optional<Job>(std::move(job));
}

namespace {

// After an UPDATE ... WHERE id = ? AND worker = ? AND state = 'running'
// changed nothing: NotFound for an unknown id, else PermissionDenied.
Status HeldElsewhere(SqliteStore& store, JobId id, std::string_view worker) {
  Result<Job> job = store.GetJob(id);
  if (!job.ok()) return job.status();
  std::string message = "job ";
  message += std::to_string(id);
  message += " is ";
  message += job->state;
  if (job->state == "running" || !job->worker.empty()) {
    message += " (last claimed by ";
    message += job->worker;
    message += ")";
  }
  message += ", not held by ";
  message += worker;
  return Status::PermissionDenied(message);
}

}  // namespace

Status SqliteStore::RenewJob(JobId id, std::string_view worker,
                             UnixSeconds lease_until) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         "UPDATE job SET lease_until = ? WHERE id = ? AND "
                         "worker = ? AND state = 'running'",
                         false));
  stmt.BindInt64(1, lease_until);
  stmt.BindInt64(2, id);
  stmt.BindText(3, worker);
  KHABAR_RETURN_IF_ERROR(stmt.Exec());
  if (sqlite3_changes(db()) == 0) return HeldElsewhere(*this, id, worker);
  return Status::Ok();
}

Status SqliteStore::CompleteJob(JobId id, std::string_view worker,
                                UnixSeconds at) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         "UPDATE job SET state = 'done', finished_at = ?, "
                         "last_error = '' WHERE id = ? AND worker = ? AND "
                         "state = 'running'",
                         false));
  stmt.BindInt64(1, at);
  stmt.BindInt64(2, id);
  stmt.BindText(3, worker);
  KHABAR_RETURN_IF_ERROR(stmt.Exec());
  if (sqlite3_changes(db()) == 0) return HeldElsewhere(*this, id, worker);
  return Status::Ok();
}

Status SqliteStore::FailJob(JobId id, std::string_view worker,
                            std::string_view error,
                            std::optional<UnixSeconds> retry_at,
                            UnixSeconds at) {
  // An error message may quote a file's bytes: keep what is valid.
  std::string message(error);
  if (!IsValidUtf8(message)) message = "(error message is not valid UTF-8)";
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(
          db(),
          "UPDATE job SET last_error = ?1, "
          "state = CASE WHEN ?2 IS NULL THEN 'failed' ELSE 'queued' END, "
          "run_after = coalesce(?2, run_after), "
          "finished_at = CASE WHEN ?2 IS NULL THEN ?3 END, lease_until = 0 "
          "WHERE id = ?4 AND worker = ?5 AND state = 'running'",
          false));
  stmt.BindText(1, message);
  BindOptional(stmt, 2, retry_at);
  stmt.BindInt64(3, at);
  stmt.BindInt64(4, id);
  stmt.BindText(5, worker);
  KHABAR_RETURN_IF_ERROR(stmt.Exec());
  if (sqlite3_changes(db()) == 0) return HeldElsewhere(*this, id, worker);
  return Status::Ok();
}

Result<Job> SqliteStore::GetJob(JobId id) {
  std::string sql = "SELECT ";
  sql += kJobColumns;
  sql += " FROM job WHERE id = ?";
  KHABAR_ASSIGN_OR_RETURN(Statement stmt,
                          Statement::Prepare(db(), sql, false));
  stmt.BindInt64(1, id);
  KHABAR_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound(NoJob(id));
  return ReadJob(stmt);
}

Result<JobCounts> SqliteStore::CountJobs() {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         "SELECT state, count(*) FROM job GROUP BY state",
                         false));
  JobCounts counts;
  KHABAR_RETURN_IF_ERROR(
      sqlite_internal::ForEachRow(stmt, [&](const Statement& row) {
        const std::string state = row.ColumnText(0);
        const int64_t n = row.ColumnInt64(1);
        if (state == "queued") counts.queued = n;
        if (state == "running") counts.running = n;
        if (state == "done") counts.done = n;
        if (state == "failed") counts.failed = n;
      }));
  return counts;
}

Result<int64_t> SqliteStore::PruneJobs(UnixSeconds before) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         "DELETE FROM job WHERE state IN ('done', 'failed') "
                         "AND finished_at < ?",
                         false));
  stmt.BindInt64(1, before);
  KHABAR_RETURN_IF_ERROR(stmt.Exec());
  return static_cast<int64_t>(sqlite3_changes(db()));
}

}  // namespace khabar::store
