// pg::Connection: the one place PostgresStore talks to libpqxx. It owns a
// server connection, prepares every statement once (keyed by its SQL text),
// turns libpqxx exceptions into Status, and keeps Begin/Commit/savepoint
// nesting in one place so every store file writes atomically the same way.
//
// Not thread-safe: one Connection per thread, like the store that owns it.
#ifndef KHABAR_STORE_POSTGRES_PG_CONNECTION_H_
#define KHABAR_STORE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pqxx/pqxx>

#include "base/status.h"
#include "base/utf8.h"

namespace khabar::store::pg {

// Well-formed UTF-8 without NUL: what a text parameter can carry (libpq
// would cut the value at a NUL).
inline bool IsValidText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

// The parameters of one statement ($1, $2, ...), in text format: the server
// converts each to its column's type. Bytes() passes bytea in hex form.
class Params {
 public:
  Params& Text(std::string_view value);
  Params& Int(int64_t value);
  Params& Real(double value);
  Params& Bool(bool value);
  Params& Bytes(std::string_view value);
  Params& Null();
  Params& OptionalInt(const std::optional<int64_t>& value) {
    return value ? Int(*value) : Null();
  }
  // NULL for "" (columns where the empty string means "none").
  Params& TextOrNull(std::string_view value) {
    return value.empty() ? Null() : Text(value);
  }

  const std::vector<std::optional<std::string>>& values() const {
    return values_;
  }

 private:
  std::vector<std::optional<std::string>> values_;
};

class Connection {
 public:
  // Connects to `url` (a libpq URI). IOError naming the server on failure;
  // the password never appears in a message.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection();

  // Runs one statement with parameters, prepared on first use and reused
  // after (the cache is keyed by `sql`). Errors: a unique clash is
  // AlreadyExists, a syntax error InvalidArgument, a lost connection
  // IOError, anything else Internal; every message names `sql`'s first
  // words. After an error inside Begin()/Commit() the transaction is
  // aborted (PostgreSQL's rule) unless the statement ran in Atomic().
  Result<pqxx::result> Exec(std::string_view sql, const Params& params = {});
  // Runs `sql` (one or more statements, no parameters) without preparing.
  Status ExecScript(std::string_view sql);

  Status Begin();
  Status Commit();
  void Rollback();
  bool in_transaction() const { return depth_ > 0; }

  // Runs `body` atomically: in a savepoint inside the caller's transaction,
  // else in a transaction of its own. When `body` fails (or throws a
  // libpqxx exception) its writes are undone and the caller's transaction
  // stays usable.
  Status Atomic(const std::function<Status()>& body);

  // Rows of `result` one by one: small helpers for the store files.
  static bool IsNull(const pqxx::field& f) { return f.is_null(); }
  static int64_t Int(const pqxx::field& f) {
    return f.is_null() ? 0 : f.as<int64_t>();
  }
  static std::optional<int64_t> OptionalInt(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<int64_t>();
  }
  static double Real(const pqxx::field& f) {
    return f.is_null() ? 0 : f.as<double>();
  }
  static std::string Text(const pqxx::field& f) {
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
  }
  // A bytea column's bytes.
  static std::string Bytes(const pqxx::field& f);

  pqxx::connection& raw() { return *conn_; }

 private:
  explicit Connection(std::unique_ptr<pqxx::connection> conn);
  // The prepared statement's name for `sql`, preparing it if new.
  std::string Prepared(std::string_view sql);

  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, std::string> prepared_;
  int depth_ = 0;          // 0: autocommit; 1: Begin(); >1: savepoints
  // The depth at which a statement failed (0: none). PostgreSQL aborts the
  // whole transaction then; only a rollback to an enclosing savepoint makes
  // it usable again, and Commit() refuses to pretend otherwise.
  int aborted_depth_ = 0;
  int savepoint_ids_ = 0;  // for unique savepoint names
};

// The Status for a libpqxx (or standard) exception thrown while running
// `what`.
Status ErrorStatus(const std::exception& e, std::string_view what);

}  // namespace khabar::store::pg

#endif  // KHABAR_STORE_POSTGRES_PG_CONNECTION_H_
