// SqliteStore's SourceStore side (schema: SourceTables in sqlite_store.cc)
// and the operator flag of the ReaderStore side.

#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store {

using sqlite_internal::BindOptional;
using sqlite_internal::ForEachRow;
using sqlite_internal::OptionalInt64;
using sqlite_internal::Statement;

namespace {

constexpr char kSourceColumns[] =
    "SELECT id, kind, location, feed_url, title, format, state, etag, "
    "last_modified, added_at, next_fetch, interval_s, last_fetch, "
    "last_success, last_status, last_error, failures, articles, bytes "
    "FROM ingest_source ";

template <std::size_t N>
bool OneOf(const std::string_view (&values)[N], std::string_view value) {
  return std::find(std::begin(values), std::end(values), value) !=
         std::end(values);
}

Source ReadSource(const Statement& s) {
  Source source;
  source.id = s.ColumnInt64(0);
  source.kind = s.ColumnText(1);
  source.location = s.ColumnText(2);
  source.feed_url = s.ColumnText(3);
  source.title = s.ColumnText(4);
  source.format = s.ColumnText(5);
  source.state = s.ColumnText(6);
  source.etag = s.ColumnText(7);
  source.last_modified = s.ColumnText(8);
  source.added_at = s.ColumnInt64(9);
  source.next_fetch = s.ColumnInt64(10);
  source.interval_s = s.ColumnInt64(11);
  source.last_fetch = OptionalInt64(s, 12);
  source.last_success = OptionalInt64(s, 13);
  source.last_status = static_cast<int>(s.ColumnInt64(14));
  source.last_error = s.ColumnText(15);
  source.failures = static_cast<int>(s.ColumnInt64(16));
  source.articles = s.ColumnInt64(17);
  source.bytes = s.ColumnInt64(18);
  return source;
}

Status ValidateSource(const Source& source) {
  if (source.location.empty()) {
    return Status::InvalidArgument("a source needs a URL or a folder");
  }
  if (!OneOf(kSourceKinds, source.kind)) {
    return Status::InvalidArgument("unknown source kind: " + source.kind);
  }
  if (!OneOf(kSourceStates, source.state)) {
    return Status::InvalidArgument("unknown source state: " + source.state);
  }
  for (const std::string* text :
       {&source.location, &source.feed_url, &source.title, &source.etag,
        &source.last_modified, &source.last_error}) {
    if (!IsValidUtf8(*text)) {
      return Status::InvalidArgument("source text is not valid UTF-8");
    }
  }
  if (source.interval_s <= 0) {
    return Status::InvalidArgument("a source's interval must be positive");
  }
  return Status::Ok();
}

Result<std::vector<Source>> ReadSources(Statement& stmt) {
  std::vector<Source> sources;
  KHABAR_RETURN_IF_ERROR(ForEachRow(
      stmt, [&](const Statement& s) { sources.push_back(ReadSource(s)); }));
  return sources;
}

}  // namespace

Result<SourceId> SqliteStore::AddSource(const Source& source) {
  KHABAR_RETURN_IF_ERROR(ValidateSource(source));
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(
          db(),
          "INSERT INTO ingest_source(kind, location, feed_url, title, format, "
          "state, added_at, next_fetch, interval_s) VALUES "
          "(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          false));
  stmt.BindText(1, source.kind);
  stmt.BindText(2, source.location);
  stmt.BindText(3, source.feed_url);
  stmt.BindText(4, source.title);
  stmt.BindText(5, source.format);
  stmt.BindText(6, source.state);
  stmt.BindInt64(7, source.added_at);
  stmt.BindInt64(8, source.next_fetch);
  stmt.BindInt64(9, source.interval_s);
  Result<bool> row = stmt.Step();
  if (!row.ok()) {
    if (sqlite3_extended_errcode(db()) == SQLITE_CONSTRAINT_UNIQUE) {
      return Status::AlreadyExists("a source at " + source.location +
                                   " is already followed");
    }
    return row.status();
  }
  if (!*row) return Status::Internal("INSERT ... RETURNING gave no row");
  SourceId id = stmt.ColumnInt64(0);
  KHABAR_RETURN_IF_ERROR(stmt.Step().status());
  return id;
}

Result<Source> SqliteStore::GetSource(SourceId id) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(), std::string(kSourceColumns) + "WHERE id = ?",
                         false));
  stmt.BindInt64(1, id);
  KHABAR_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("no source " + std::to_string(id));
  return ReadSource(stmt);
}

Result<std::vector<Source>> SqliteStore::ListSources() {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(), std::string(kSourceColumns) + "ORDER BY id",
                         false));
  return ReadSources(stmt);
}

Result<std::vector<Source>> SqliteStore::DueSources(UnixSeconds now,
                                                    int limit) {
  if (limit < 0) return Status::InvalidArgument("limit must be >= 0");
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         std::string(kSourceColumns) +
                             "WHERE state = 'active' AND next_fetch <= ? "
                             "ORDER BY next_fetch, id LIMIT ?",
                         false));
  stmt.BindInt64(1, now);
  stmt.BindInt64(2, limit);
  return ReadSources(stmt);
}

Result<std::optional<UnixSeconds>> SqliteStore::NextDue() {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         "SELECT min(next_fetch) FROM ingest_source "
                         "WHERE state = 'active'",
                         false));
  KHABAR_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row || stmt.ColumnIsNull(0)) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(stmt.ColumnInt64(0));
}

Status SqliteStore::UpdateSource(const Source& source) {
  KHABAR_RETURN_IF_ERROR(ValidateSource(source));
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(
          db(),
          "UPDATE ingest_source SET kind = ?, feed_url = ?, title = ?, "
          "format = ?, state = ?, etag = ?, last_modified = ?, "
          "next_fetch = ?, interval_s = ?, last_fetch = ?, last_success = ?, "
          "last_status = ?, last_error = ?, failures = ?, articles = ?, "
          "bytes = ? WHERE id = ?",
          false));
  stmt.BindText(1, source.kind);
  stmt.BindText(2, source.feed_url);
  stmt.BindText(3, source.title);
  stmt.BindText(4, source.format);
  stmt.BindText(5, source.state);
  stmt.BindText(6, source.etag);
  stmt.BindText(7, source.last_modified);
  stmt.BindInt64(8, source.next_fetch);
  stmt.BindInt64(9, source.interval_s);
  BindOptional(stmt, 10, source.last_fetch);
  BindOptional(stmt, 11, source.last_success);
  stmt.BindInt64(12, source.last_status);
  stmt.BindText(13, source.last_error);
  stmt.BindInt64(14, source.failures);
  stmt.BindInt64(15, source.articles);
  stmt.BindInt64(16, source.bytes);
  stmt.BindInt64(17, source.id);
  KHABAR_RETURN_IF_ERROR(stmt.Exec());
  if (sqlite3_changes(db()) == 0) {
    return Status::NotFound("no source " + std::to_string(source.id));
  }
  return Status::Ok();
}

Status SqliteStore::RemoveSource(SourceId id) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(), "DELETE FROM ingest_source WHERE id = ?",
                         false));
  stmt.BindInt64(1, id);
  KHABAR_RETURN_IF_ERROR(stmt.Exec());
  if (sqlite3_changes(db()) == 0) {
    return Status::NotFound("no source " + std::to_string(id));
  }
  return Status::Ok();
}

Result<bool> SqliteStore::ItemDone(SourceId source, std::string_view key) {
  KHABAR_ASSIGN_OR_RETURN(Statement stmt,
                          Statement::Prepare(db(),
                                             "SELECT done FROM ingest_item "
                                             "WHERE source_id = ? AND key = ?",
                                             false));
  stmt.BindInt64(1, source);
  stmt.BindText(2, key);
  KHABAR_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row && stmt.ColumnInt64(0) != 0;
}

Status SqliteStore::RecordItem(SourceId source, std::string_view key,
                               std::optional<ArticleId> article, UnixSeconds at,
                               int max_attempts) {
  if (key.empty() || !IsValidUtf8(key)) {
    return Status::InvalidArgument("an item key must be non-empty UTF-8");
  }
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(
          db(),
          "INSERT INTO ingest_item(source_id, key, article_id, attempts, "
          "done, seen_at) VALUES (?1, ?2, ?3, 1, ?3 IS NOT NULL OR ?4 <= 1, "
          "?5) ON CONFLICT(source_id, key) DO UPDATE SET "
          "article_id = coalesce(excluded.article_id, article_id), "
          "attempts = attempts + 1, "
          "done = done OR excluded.article_id IS NOT NULL OR "
          "attempts + 1 >= ?4, seen_at = excluded.seen_at",
          false));
  stmt.BindInt64(1, source);
  stmt.BindText(2, key);
  BindOptional(stmt, 3, article);
  stmt.BindInt64(4, max_attempts);
  stmt.BindInt64(5, at);
  Status status = stmt.Exec();
  if (!status.ok() &&
      sqlite3_extended_errcode(db()) == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Status::NotFound("no source " + std::to_string(source));
  }
  return status;
}

Result<int64_t> SqliteStore::SourceArticlesSince(SourceId source,
                                                 UnixSeconds since) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         "SELECT count(*) FROM ingest_item WHERE source_id = ? "
                         "AND seen_at >= ? AND article_id IS NOT NULL",
                         false));
  stmt.BindInt64(1, source);
  stmt.BindInt64(2, since);
  KHABAR_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt64(0) : 0;
}

Status SqliteStore::SetOperator(UserId user, bool is_operator) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(),
                         is_operator
                             ? "INSERT OR IGNORE INTO operator(user_id) "
                               "VALUES (?)"
                             : "DELETE FROM operator WHERE user_id = ?",
                         false));
  stmt.BindInt64(1, user);
  Status status = stmt.Exec();
  if (!status.ok() &&
      sqlite3_extended_errcode(db()) == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Status::NotFound("no user " + std::to_string(user));
  }
  return status;
}

Result<bool> SqliteStore::IsOperator(UserId user) {
  KHABAR_ASSIGN_OR_RETURN(
      Statement stmt,
      Statement::Prepare(db(), "SELECT 1 FROM operator WHERE user_id = ?",
                         false));
  stmt.BindInt64(1, user);
  return stmt.Step();
}

}  // namespace khabar::store
