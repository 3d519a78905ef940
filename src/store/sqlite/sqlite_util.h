// Small RAII wrappers over the sqlite3 C API and the one place where SQLite
// result codes become Status values. Internal to store/sqlite/.
//
// Neither type is thread-safe; both belong to the SqliteStore that made them.
#ifndef KHABAR_STORE_SQLITE_SQLITE_UTIL_H_
#define KHABAR_STORE_SQLITE_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::store::sqlite_internal {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// Maps a SQLite result code (primary or extended) to a Status whose message
// is "context: sqlite message". Corrupt files are Corruption, disk and lock
// trouble is IOError, constraint violations are caller errors, the rest is
// Internal (a bug in our SQL).
Status SqliteError(sqlite3* db, int rc, std::string_view context);


// A prepared statement. Bind*() are 1-based like SQLite; Step() returns
// true while a row is available. Reset() rewinds and drops bindings so the
// statement can be cached and reused.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  // Compiles one SQL statement. `persistent` hints SQLite that the statement
  // is cached for the life of the connection.
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql,
                                   bool persistent = true);

  void BindInt64(int index, int64_t value);
  void BindDouble(int index, double value);
  // The text must outlive the step (SQLITE_STATIC): callers bind locals
  // that live until Reset().
  void BindText(int index, std::string_view value);
  // Bytes, not text: never passed through UTF-8 checks or collations.
  void BindBlob(int index, std::string_view value);
  void BindNull(int index);

  // Runs to the next row. Ok(true): a row is ready; Ok(false): done.
  Result<bool> Step();
  // Step() that expects no row back.
  Status Exec();

  int64_t ColumnInt64(int column) const;
  double ColumnDouble(int column) const;
  bool ColumnIsNull(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;

  void Reset();
  sqlite3_stmt* get() const { return stmt_; }

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}

  sqlite3_stmt* stmt_ = nullptr;
  // First error seen by a Bind*() call, reported by the next Step().
  int bind_rc_ = SQLITE_OK;
};

// Resets a cached statement when leaving the scope, on every path, so that
// it never holds a read transaction open or keeps stale bindings.
class ScopedReset {
 public:
  explicit ScopedReset(Statement& stmt) : stmt_(stmt) {}
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;
  ~ScopedReset() { stmt_.Reset(); }

 private:
  Statement& stmt_;
};

// Steps `stmt` to its end, handing each row to `read_row`.
template <typename F>
Status ForEachRow(Statement& stmt, F&& read_row) {
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    read_row(stmt);
  }
}

// A nullable integer column, and binding one (NULL for nullopt).
std::optional<int64_t> OptionalInt64(const Statement& stmt, int column);
void BindOptional(Statement& stmt, int index, std::optional<int64_t> value);

// Runs one or more SQL statements without results (schema, pragmas).
Status ExecSql(sqlite3* db, const std::string& sql);

}  // namespace khabar::store::sqlite_internal

#endif  // KHABAR_STORE_SQLITE_SQLITE_UTIL_H_
