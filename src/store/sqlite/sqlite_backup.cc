// Online backup and restore of a SQLite deployment (`khabar backup`,
// `khabar restore`).
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store {
namespace {

using sqlite_internal::DbHandle;
using sqlite_internal::SqliteError;

// "<path>.partial-<pid>": written first, renamed into place when complete.
std::string PartialPath(const std::string& path) {
  std::string partial = path;
  partial += ".partial-";
  partial += std::to_string(getpid());
  return partial;
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

// Flushes `path` to disk so a rename after it cannot expose a file whose
// contents are still only in the page cache.
Status SyncFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IOError("cannot reopen " + path);
  const int rc = fsync(fileno(f));
  std::fclose(f);
  if (rc != 0) return Status::IOError("cannot sync " + path);
  return Status::Ok();
}

Result<DbHandle> OpenFile(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "open " + path);
  return db;
}

// Copies every page of `from` into `to` in steps, so the source's writer is
// never blocked for the whole copy; a write during the copy restarts it
// (SQLite's rule), which a busy server makes rare but possible.
Status CopyPages(sqlite3* from, sqlite3* to, const std::string& context) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) {
    return SqliteError(to, sqlite3_errcode(to), context);
  }
  int rc;
  do {
    rc = sqlite3_backup_step(backup, 1024);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteError(to, rc, context);
  if (finished != SQLITE_OK) return SqliteError(to, finished, context);
  return Status::Ok();
}

Status CheckBackup(sqlite3* db, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &raw, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "check " + path);
  std::string first;
  if (sqlite3_step(raw) == SQLITE_ROW) {
    first = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
  }
  sqlite3_finalize(raw);
  if (first != "ok") {
    return Status::Corruption("backup " + path +
                              " fails PRAGMA integrity_check: " + first);
  }
  rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &raw, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "check " + path);
  int version = 0;
  if (sqlite3_step(raw) == SQLITE_ROW) version = sqlite3_column_int(raw, 0);
  sqlite3_finalize(raw);
  if (version < 1) {
    return Status::InvalidArgument(path + " is not a Khabar database");
  }
  if (version > SqliteSchemaVersion()) {
    return Status::InvalidArgument(
        path + " was written by a newer khabar (schema version " +
        std::to_string(version) + ")");
  }
  return Status::Ok();
}

}  // namespace

Status SqliteStore::BackupTo(const std::string& path) {
  const std::string partial = PartialPath(path);
  RemoveQuietly(partial);
  Status status = [&]() -> Status {
    KHABAR_ASSIGN_OR_RETURN(
        DbHandle to,
        OpenFile(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    KHABAR_RETURN_IF_ERROR(CopyPages(db(), to.get(), "backup to " + path));
    // A backup is one self-contained file: no WAL beside it.
    KHABAR_RETURN_IF_ERROR(
        sqlite_internal::ExecSql(to.get(), "PRAGMA journal_mode = DELETE"));
    return Status::Ok();
  }();
  if (status.ok()) status = SyncFile(partial);
  if (status.ok()) {
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) {
      status = Status::IOError("cannot move the backup into " + path + ": " +
                               ec.message());
    }
  }
  if (!status.ok()) RemoveQuietly(partial);
  return status;
}

Status RestoreSqliteBackup(const std::string& backup_path,
                           const std::string& db_path) {
  {
    KHABAR_ASSIGN_OR_RETURN(DbHandle backup,
                            OpenFile(backup_path, SQLITE_OPEN_READONLY));
    KHABAR_RETURN_IF_ERROR(CheckBackup(backup.get(), backup_path));
  }
  // Refuse while anything holds the database: an exclusive lock succeeds
  // only when no other connection is open on it.
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) {
    KHABAR_ASSIGN_OR_RETURN(DbHandle live,
                            OpenFile(db_path, SQLITE_OPEN_READWRITE));
    const int rc = sqlite3_exec(live.get(),
                                "PRAGMA locking_mode = EXCLUSIVE; "
                                "BEGIN EXCLUSIVE; COMMIT; "
                                "PRAGMA wal_checkpoint(TRUNCATE);",
                                nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      return Status::IOError(db_path +
                             " is in use: stop `khabar serve` and workers "
                             "before restoring");
    }
  }
  const std::string partial = PartialPath(db_path);
  RemoveQuietly(partial);
  std::filesystem::copy_file(backup_path, partial,
                             std::filesystem::copy_options::overwrite_existing,
                             ec);
  if (ec) {
    return Status::IOError("cannot copy " + backup_path + ": " + ec.message());
  }
  Status synced = SyncFile(partial);
  if (!synced.ok()) {
    RemoveQuietly(partial);
    return synced;
  }
  // The old WAL (checkpointed into the old file above, so empty) belongs to
  // the old database; replayed onto the restored file it would corrupt it.
  RemoveQuietly(db_path + "-wal");
  RemoveQuietly(db_path + "-shm");
  std::filesystem::rename(partial, db_path, ec);
  if (ec) {
    RemoveQuietly(partial);
    return Status::IOError("cannot move the restored database into " +
                           db_path + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace khabar::store
