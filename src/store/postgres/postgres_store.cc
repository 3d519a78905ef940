// PostgresStore: opening, migrations and transactions. The interfaces live in
// postgres_article_store.cc, postgres_search.cc, postgres_reader_store.cc,
// postgres_source_store.cc and postgres_job_store.cc.
#include "store/postgres/postgres_store.h"

#include <string>
#include <utility>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"

namespace khabar::store {
namespace {

// Any fixed number: the advisory lock that serializes migrations of one
// database across every process that opens it.
constexpr int64_t kMigrationLock = 0x6b686162;  // "khab"
// The tokenizer's revision() the index was built with; absent (0) for every
// index built before revisions were recorded.
constexpr char kRevisionMetaKey[] = "tokenizer_revision";

// Version 1 is the whole schema; append one script per later version.
std::string MigrationScript(int version) {
  if (version == 1) {
    std::string sql = pg::kArticleSchema;
    sql += pg::kReaderSchema;
    sql += pg::kSourceSchema;
    sql += pg::kJobSchema;
    return sql;
  }
  return std::string();
}

constexpr int kSchemaVersion = 1;

bool ValidTokenizerName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> MetaValue(pg::Connection& conn, std::string_view key) {
  KHABAR_ASSIGN_OR_RETURN(
      pqxx::result rows,
      conn.Exec("SELECT value FROM khabar_meta WHERE key = $1",
                pg::Params().Text(key)));
  if (rows.empty()) return std::string();
  return pg::Connection::Text(rows[0][0]);
}

Status SetMeta(pg::Connection& conn, std::string_view key,
               std::string_view value) {
  return conn
      .Exec(
          "INSERT INTO khabar_meta (key, value) VALUES ($1, $2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          pg::Params().Text(key).Text(value))
      .status();
}

// The tokenizer revision the index was built with ("0" when none is
// recorded).
Result<std::string> IndexRevision(pg::Connection& conn) {
  KHABAR_ASSIGN_OR_RETURN(std::string value,
                          MetaValue(conn, kRevisionMetaKey));
  return value.empty() ? std::string("0") : value;
}

// Brings the schema to kSchemaVersion (or checks it, read-only) under the
// migration lock, in one transaction: a crash mid-migration leaves the
// previous version intact.
Status Migrate(pg::Connection& conn, std::string_view tokenizer,
               int revision, bool read_only) {
  if (read_only) {
    Result<pqxx::result> exists =
        conn.Exec("SELECT to_regclass('khabar_meta') IS NOT NULL");
    if (!exists.ok()) return exists.status();
    if (!(*exists)[0][0].as<bool>()) {
      // NotFound, like a read-only open of a missing SQLite file.
      return Status::NotFound(
          "postgres: read-only open of a database without Khabar's schema "
          "(a read-only open never creates one)");
    }
  }
  return conn.Atomic([&]() -> Status {
    if (!read_only) {
      KHABAR_RETURN_IF_ERROR(
          conn.Exec("SELECT pg_advisory_xact_lock($1)",
                    pg::Params().Int(kMigrationLock))
              .status());
      KHABAR_RETURN_IF_ERROR(conn.ExecScript(
          "CREATE TABLE IF NOT EXISTS khabar_meta ("
          " key text PRIMARY KEY, value text NOT NULL)"));
    }
    KHABAR_ASSIGN_OR_RETURN(std::string version_text,
                            MetaValue(conn, "schema_version"));
    const int version = version_text.empty() ? 0 : std::stoi(version_text);
    if (version > kSchemaVersion) {
      std::string message = "postgres: database schema version ";
      message += version_text;
      message += " is newer than this binary's ";
      message += std::to_string(kSchemaVersion);
      return Status::InvalidArgument(message);
    }
    KHABAR_ASSIGN_OR_RETURN(std::string stored, MetaValue(conn, "tokenizer"));
    if (!stored.empty() && stored != tokenizer) {
      return Status::InvalidArgument("postgres: the index was built with the '" +
                                     stored + "' analyzer, not '" +
                                     std::string(tokenizer) + "'");
    }
    if (read_only && !stored.empty()) {
      KHABAR_ASSIGN_OR_RETURN(std::string built, IndexRevision(conn));
      if (built != std::to_string(revision)) {
        return Status::InvalidArgument(
            "postgres: the index was built with revision " + built +
            " of the '" + std::string(tokenizer) +
            "' analyzer, this binary has revision " +
            std::to_string(revision) +
            "; rebuild it with `khabar reindex`");
      }
    }
    if (version == kSchemaVersion) return Status::Ok();
    if (read_only) {
      return Status::InvalidArgument(
          "postgres: read-only open of a database that needs migration");
    }
    for (int next = version + 1; next <= kSchemaVersion; ++next) {
      KHABAR_RETURN_IF_ERROR(conn.ExecScript(MigrationScript(next)));
    }
    KHABAR_RETURN_IF_ERROR(SetMeta(conn, "tokenizer", tokenizer));
    return SetMeta(conn, "schema_version", std::to_string(kSchemaVersion));
  });
}

}  // namespace

int PostgresSchemaVersion() { return kSchemaVersion; }

bool IsPostgresUrl(std::string_view url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(
    const PostgresOptions& options) {
  if (options.tokenizer == nullptr) {
    return Status::InvalidArgument(
        "postgres: a store needs Khabar's analyzer (no tokenizer given)");
  }
  if (!ValidTokenizerName(options.tokenizer->name())) {
    return Status::InvalidArgument("postgres: tokenizer name must be [A-Za-z0-9_]+");
  }
  if (!IsPostgresUrl(options.url)) {
    return Status::InvalidArgument(
        "postgres: expected a postgres:// or postgresql:// URL");
  }
  KHABAR_ASSIGN_OR_RETURN(std::unique_ptr<pg::Connection> conn,
                          pg::Connection::Open(options.url));
  KHABAR_RETURN_IF_ERROR(conn->ExecScript(
      "SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
  KHABAR_RETURN_IF_ERROR(
      Migrate(*conn, options.tokenizer->name(), options.tokenizer->revision(),
              options.read_only));
  if (options.read_only) {
    KHABAR_RETURN_IF_ERROR(
        conn->ExecScript("SET default_transaction_read_only = on"));
  }
  std::unique_ptr<PostgresStore> store(
      new PostgresStore(std::move(conn), options.tokenizer));
  if (!options.read_only) {
    KHABAR_RETURN_IF_ERROR(store->RefreshIndexRevision());
  }
  return store;
}

// Under the migration lock, so that of several instances started together
// one rebuilds and the others find the revision already recorded.
Status PostgresStore::RefreshIndexRevision() {
  const std::string revision = std::to_string(tokenizer_->revision());
  KHABAR_ASSIGN_OR_RETURN(std::string built, IndexRevision(*conn_));
  if (built == revision) return Status::Ok();
  return conn_->Atomic([&]() -> Status {
    KHABAR_RETURN_IF_ERROR(
        conn_->Exec("SELECT pg_advisory_xact_lock($1)",
                    pg::Params().Int(kMigrationLock))
            .status());
    KHABAR_ASSIGN_OR_RETURN(built, IndexRevision(*conn_));
    if (built == revision) return Status::Ok();
    KHABAR_RETURN_IF_ERROR(RebuildSearchIndex());
    return SetMeta(*conn_, kRevisionMetaKey, revision);
  }).WithContext("postgres: rebuilding the search index for analyzer "
                 "revision " + revision);
}

PostgresStore::PostgresStore(std::unique_ptr<pg::Connection> conn,
                             const IndexTokenizer* tokenizer)
    : conn_(std::move(conn)), tokenizer_(tokenizer) {}

PostgresStore::~PostgresStore() = default;

Status PostgresStore::Begin() { return conn_->Begin(); }
Status PostgresStore::Commit() { return conn_->Commit(); }
void PostgresStore::Rollback() { conn_->Rollback(); }

}  // namespace khabar::store
