#include "store/migrate/migrate.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/hash.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar::store {
namespace {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// What a value is, whichever side it came from.
enum class Kind { kNull, kInt, kReal, kText, kBlob };

// Folds one value into a row's canonical form: a kind tag, then the value
// (integers in decimal, reals with 17 significant digits, text and blobs as
// bytes with their length, so no two rows share a form).
void AppendValue(Kind kind, std::string_view bytes, std::string* row) {
  row->push_back(static_cast<char>('0' + static_cast<int>(kind)));
  row->append(std::to_string(bytes.size()));
  row->push_back(':');
  row->append(bytes);
}

std::string RealText(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// The multiset hash of a table: the sum of its rows' hashes, so the order
// rows come back in (which differs between engines and collations) does
// not matter, while any changed, lost or extra row does.
struct Checksum {
  int64_t rows = 0;
  uint64_t sum = 0;
  void Add(const std::string& canonical_row) {
    ++rows;
    sum += Mix64(StableHash64(canonical_row, 0x6b686162));
  }
};

std::string Quoted(std::string_view identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Status SqliteFailure(sqlite3* db, std::string_view what) {
  std::string message = "sqlite: ";
  message += what;
  message += ": ";
  message += sqlite3_errmsg(db);
  return Status::IOError(message);
}

Result<Stmt> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return SqliteFailure(db, sql);
  }
  return Stmt(raw);
}

// "PRAGMA name("table")", built by appends (GCC 12's -Wrestrict false
// positive fires on "literal" + temporary).
std::string Pragma(std::string_view name, std::string_view table) {
  std::string sql = "PRAGMA ";
  sql += name;
  sql += '(';
  sql += Quoted(table);
  sql += ')';
  return sql;
}

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::set<std::string> parents;  // tables it references
};

// The source's tables, parents before children: what is copied.
Result<std::vector<Table>> SqliteTables(sqlite3* db) {
  KHABAR_ASSIGN_OR_RETURN(
      Stmt list,
      Prepare(db,
              "SELECT name FROM sqlite_master WHERE type = 'table' "
              "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'article_fts%' "
              "AND name != 'meta' ORDER BY rowid"));
  std::vector<Table> tables;
  while (sqlite3_step(list.get()) == SQLITE_ROW) {
    Table table;
    table.name = reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0));
    tables.push_back(std::move(table));
  }
  for (Table& table : tables) {
    KHABAR_ASSIGN_OR_RETURN(
        Stmt info, Prepare(db, Pragma("table_info", table.name)));
    while (sqlite3_step(info.get()) == SQLITE_ROW) {
      table.columns.emplace_back(
          reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 1)));
    }
    KHABAR_ASSIGN_OR_RETURN(
        Stmt keys,
        Prepare(db, Pragma("foreign_key_list", table.name)));
    while (sqlite3_step(keys.get()) == SQLITE_ROW) {
      std::string parent =
          reinterpret_cast<const char*>(sqlite3_column_text(keys.get(), 2));
      if (parent != table.name) table.parents.insert(parent);
    }
  }
  // Parents first (a stable topological order over creation order).
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progressed = false;
    for (Table& table : tables) {
      if (placed.count(table.name) > 0) continue;
      const bool ready = std::all_of(
          table.parents.begin(), table.parents.end(),
          [&](const std::string& p) { return placed.count(p) > 0; });
      if (!ready) continue;
      placed.insert(table.name);
      ordered.push_back(table);
      progressed = true;
    }
    if (!progressed) {
      return Status::Internal("migrate: foreign keys form a cycle");
    }
  }
  return ordered;
}

std::string SelectAll(const Table& table) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += Quoted(table.columns[i]);
  }
  sql += " FROM ";
  sql += Quoted(table.name);
  return sql;
}

// One SQLite value in canonical form (and as a parameter, when copying).
Kind SqliteValue(sqlite3_stmt* stmt, int column, std::string* bytes) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
      *bytes = std::to_string(sqlite3_column_int64(stmt, column));
      return Kind::kInt;
    case SQLITE_FLOAT:
      *bytes = RealText(sqlite3_column_double(stmt, column));
      return Kind::kReal;
    case SQLITE_TEXT:
      bytes->assign(
          reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
      return Kind::kText;
    case SQLITE_BLOB: {
      const void* blob = sqlite3_column_blob(stmt, column);
      bytes->assign(static_cast<const char*>(blob),
                    static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
      return Kind::kBlob;
    }
    default:
      bytes->clear();
      return Kind::kNull;
  }
}

// Streams a table's rows; `row` gets each row's values.
Status ForEachSqliteRow(
    sqlite3* db, const Table& table,
    const std::function<Status(const std::vector<std::pair<Kind, std::string>>&)>&
        row) {
  KHABAR_ASSIGN_OR_RETURN(Stmt select, Prepare(db, SelectAll(table)));
  std::vector<std::pair<Kind, std::string>> values(table.columns.size());
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i].first =
          SqliteValue(select.get(), static_cast<int>(i), &values[i].second);
    }
    KHABAR_RETURN_IF_ERROR(row(values));
  }
  if (rc != SQLITE_DONE) return SqliteFailure(db, "reading " + table.name);
  return Status::Ok();
}

Result<Checksum> SqliteChecksum(sqlite3* db, const Table& table) {
  Checksum sum;
  std::string canonical;
  KHABAR_RETURN_IF_ERROR(ForEachSqliteRow(
      db, table, [&](const std::vector<std::pair<Kind, std::string>>& values) {
        canonical.clear();
        for (const auto& [kind, bytes] : values) {
          AppendValue(kind, bytes, &canonical);
        }
        sum.Add(canonical);
        return Status::Ok();
      }));
  return sum;
}

// PostgreSQL type oids that read back as integers, reals and bytes.
Kind PgKind(pqxx::oid type) {
  switch (type) {
    case 20:  // int8
    case 21:  // int2
    case 23:  // int4
      return Kind::kInt;
    case 700:  // float4
    case 701:  // float8
      return Kind::kReal;
    case 17:  // bytea
      return Kind::kBlob;
    default:
      return Kind::kText;
  }
}

Result<Checksum> PgChecksum(pg::Connection& conn, const Table& table) {
  // A cursor keeps memory flat on big tables; it lives in the caller's
  // transaction (or in one of its own).
  Checksum sum;
  const bool own = !conn.in_transaction();
  if (own) KHABAR_RETURN_IF_ERROR(conn.Begin());
  Status status = [&]() -> Status {
    std::string declare = "DECLARE khabar_check NO SCROLL CURSOR FOR ";
    declare += SelectAll(table);
    KHABAR_RETURN_IF_ERROR(conn.ExecScript(declare));
    std::string canonical;
    while (true) {
      KHABAR_ASSIGN_OR_RETURN(pqxx::result rows,
                              conn.Exec("FETCH 2000 FROM khabar_check"));
      if (rows.empty()) break;
      for (const pqxx::row& row : rows) {
        canonical.clear();
        for (pqxx::row::size_type i = 0; i < row.size(); ++i) {
          const pqxx::field& f = row[i];
          if (f.is_null()) {
            AppendValue(Kind::kNull, "", &canonical);
            continue;
          }
          const Kind kind = PgKind(rows.column_type(i));
          if (kind == Kind::kReal) {
            AppendValue(kind, RealText(f.as<double>()), &canonical);
          } else if (kind == Kind::kBlob) {
            AppendValue(kind, pg::Connection::Bytes(f), &canonical);
          } else {
            AppendValue(kind, std::string_view(f.c_str(), f.size()), &canonical);
          }
        }
        sum.Add(canonical);
      }
    }
    return conn.ExecScript("CLOSE khabar_check");
  }();
  if (own) {
    if (status.ok()) {
      status = conn.Commit();
    } else {
      conn.Rollback();
    }
  }
  if (!status.ok()) return status;
  return sum;
}

// Refuses a target table that lacks a column the source has (its values
// would be lost).
Status CheckTargetTable(pg::Connection& conn, const Table& table) {
  KHABAR_ASSIGN_OR_RETURN(
      pqxx::result rows,
      conn.Exec("SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = $1",
                pg::Params().Text(table.name)));
  std::set<std::string> target;
  for (const pqxx::row& row : rows) target.insert(pg::Connection::Text(row[0]));
  if (target.empty()) {
    return Status::InvalidArgument("migrate: the target has no table '" +
                                   table.name + "'");
  }
  for (const std::string& column : table.columns) {
    if (target.count(column) == 0) {
      return Status::InvalidArgument("migrate: the target's table '" +
                                     table.name + "' has no column '" +
                                     column + "'");
    }
  }
  return Status::Ok();
}

// INSERT of `rows` rows of `table` in one statement.
std::string InsertSql(const Table& table, std::size_t rows) {
  std::string sql = "INSERT INTO ";
  sql += Quoted(table.name);
  sql += " (";
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += Quoted(table.columns[i]);
  }
  sql += ") VALUES ";
  int n = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += '(';
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += '$';
      sql += std::to_string(++n);
    }
    sql += ')';
  }
  return sql;
}

void AddParam(Kind kind, const std::string& bytes, pg::Params* params) {
  switch (kind) {
    case Kind::kNull:
      params->Null();
      break;
    case Kind::kBlob:
      params->Bytes(bytes);
      break;
    default:
      params->Text(bytes);  // the server parses it to the column's type
      break;
  }
}

Result<int64_t> CopyTable(sqlite3* db, pg::Connection& conn,
                          const Table& table) {
  // Rows per INSERT: fewer round trips, well under the 65535-parameter cap.
  const std::size_t batch =
      std::max<std::size_t>(1, std::min<std::size_t>(500, 20000 / table.columns.size()));
  pg::Params params;
  std::size_t pending = 0;
  int64_t copied = 0;
  auto flush = [&]() -> Status {
    if (pending == 0) return Status::Ok();
    KHABAR_RETURN_IF_ERROR(conn.Exec(InsertSql(table, pending), params).status());
    copied += static_cast<int64_t>(pending);
    params = pg::Params();
    pending = 0;
    return Status::Ok();
  };
  KHABAR_RETURN_IF_ERROR(ForEachSqliteRow(
      db, table, [&](const std::vector<std::pair<Kind, std::string>>& values) {
        for (const auto& [kind, bytes] : values) AddParam(kind, bytes, &params);
        if (++pending == batch) return flush();
        return Status::Ok();
      }));
  KHABAR_RETURN_IF_ERROR(flush());
  return copied;
}

// Moves every identity sequence past the ids copied in.
Status ResetSequences(pg::Connection& conn, const Table& table) {
  KHABAR_ASSIGN_OR_RETURN(
      pqxx::result identity,
      conn.Exec("SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = $1 "
                "AND (is_identity = 'YES' OR column_default LIKE 'nextval%')",
                pg::Params().Text(table.name)));
  for (const pqxx::row& row : identity) {
    const std::string column = pg::Connection::Text(row[0]);
    std::string sql = "SELECT setval(pg_get_serial_sequence($1, $2), "
                      "coalesce((SELECT max(";
    sql += Quoted(column);
    sql += ") FROM ";
    sql += Quoted(table.name);
    sql += "), 0) + 1, false)";
    KHABAR_RETURN_IF_ERROR(
        conn.Exec(sql, pg::Params().Text(Quoted(table.name)).Text(column))
            .status());
  }
  return Status::Ok();
}

Result<SqliteHandle> OpenSource(const std::string& sqlite_path,
                                const IndexTokenizer* tokenizer) {
  {
    // Opening through the store checks the schema version and analyzer.
    SqliteOptions options;
    options.path = sqlite_path;
    options.read_only = true;
    options.tokenizer = tokenizer;
    KHABAR_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store,
                            SqliteStore::Open(options));
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(sqlite_path.c_str(), &raw,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return SqliteFailure(raw, "open " + sqlite_path);
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}

Result<std::vector<TableCheck>> Compare(sqlite3* db, pg::Connection& conn,
                                        const std::vector<Table>& tables) {
  std::vector<TableCheck> checks;
  for (const Table& table : tables) {
    KHABAR_ASSIGN_OR_RETURN(Checksum from, SqliteChecksum(db, table));
    KHABAR_ASSIGN_OR_RETURN(Checksum to, PgChecksum(conn, table));
    checks.push_back({.table = table.name,
                      .source_rows = from.rows,
                      .target_rows = to.rows,
                      .source_checksum = from.sum,
                      .target_checksum = to.sum});
  }
  return checks;
}

Status Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteFailure(db, sql);
  }
  return Status::Ok();
}

}  // namespace

Result<MigrateReport> MigrateSqliteToPostgres(
    const std::string& sqlite_path, const IndexTokenizer& tokenizer,
    PostgresStore& target,
    const std::function<void(const std::string& table, int64_t rows)>&
        progress) {
  const auto started = std::chrono::steady_clock::now();
  KHABAR_ASSIGN_OR_RETURN(SqliteHandle db, OpenSource(sqlite_path, &tokenizer));
  if (tokenizer.name() != target.tokenizer().name()) {
    return Status::InvalidArgument(
        "migrate: source and target use different analyzers");
  }
  pg::Connection& conn = target.connection();
  // One snapshot of the source for the copy and the checks.
  KHABAR_RETURN_IF_ERROR(Exec(db.get(), "BEGIN"));
  struct EndRead {
    sqlite3* db;
    ~EndRead() { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
  } end_read{db.get()};
  KHABAR_ASSIGN_OR_RETURN(std::vector<Table> tables, SqliteTables(db.get()));

  MigrateReport report;
  KHABAR_RETURN_IF_ERROR(conn.Begin());
  Status status = [&]() -> Status {
    for (const Table& table : tables) {
      KHABAR_RETURN_IF_ERROR(CheckTargetTable(conn, table));
      std::string exists = "SELECT EXISTS (SELECT 1 FROM ";
      exists += Quoted(table.name);
      exists += ')';
      KHABAR_ASSIGN_OR_RETURN(pqxx::result any, conn.Exec(exists));
      if (any[0][0].as<bool>()) {
        return Status::AlreadyExists("migrate: the target is not empty (table " +
                                     table.name + " has rows)");
      }
    }
    for (const Table& table : tables) {
      KHABAR_ASSIGN_OR_RETURN(int64_t rows, CopyTable(db.get(), conn, table));
      KHABAR_RETURN_IF_ERROR(ResetSequences(conn, table));
      report.rows += rows;
      if (progress) progress(table.name, rows);
    }
    KHABAR_RETURN_IF_ERROR(target.RebuildSearchIndex());
    KHABAR_ASSIGN_OR_RETURN(report.tables, Compare(db.get(), conn, tables));
    for (const TableCheck& check : report.tables) {
      if (!check.matches()) {
        std::string message = "migrate: table ";
        message += check.table;
        message += " differs after the copy (";
        message += std::to_string(check.source_rows);
        message += " rows in SQLite, ";
        message += std::to_string(check.target_rows);
        message += " in PostgreSQL, or a checksum mismatch); nothing was kept";
        return Status::Corruption(message);
      }
    }
    return Status::Ok();
  }();
  if (!status.ok()) {
    conn.Rollback();
    return status;
  }
  KHABAR_RETURN_IF_ERROR(conn.Commit());
  report.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - started)
                       .count();
  return report;
}

Result<std::vector<TableCheck>> CompareSqliteToPostgres(
    const std::string& sqlite_path, PostgresStore& target) {
  KHABAR_ASSIGN_OR_RETURN(SqliteHandle db,
                          OpenSource(sqlite_path, &target.tokenizer()));
  KHABAR_RETURN_IF_ERROR(Exec(db.get(), "BEGIN"));
  struct EndRead {
    sqlite3* db;
    ~EndRead() { sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); }
  } end_read{db.get()};
  KHABAR_ASSIGN_OR_RETURN(std::vector<Table> tables, SqliteTables(db.get()));
  return Compare(db.get(), target.connection(), tables);
}

}  // namespace khabar::store
