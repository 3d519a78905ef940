#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "base/utf8.h"
#include "store/sqlite/fts5_tokenizer.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store {

using sqlite_internal::DbHandle;
using sqlite_internal::ExecSql;
using sqlite_internal::ForEachRow;
using sqlite_internal::ScopedReset;
using sqlite_internal::SqliteError;
using sqlite_internal::Statement;

namespace {

constexpr char kMemoryPath[] = ":memory:";
constexpr char kTokenizerMetaKey[] = "tokenizer";
// The tokenizer's revision() the index was built with; absent (0) for every
// index built before revisions were recorded.
constexpr char kRevisionMetaKey[] = "tokenizer_revision";
constexpr char kParagraphSeparator = '\n';

// One schema step. Steps are applied in order, each in its own transaction
// together with the PRAGMA user_version bump, so a crash mid-migration leaves
// the database at the previous version. Never edit a released step: append.
struct Migration {
  int version;
  // SQL for the step; `tokenize_spec` is already validated (no quotes).
  std::string (*sql)(std::string_view tokenize_spec);
};

std::string CoreTables(std::string_view /*tokenize_spec*/) {
  return R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE source(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE article(
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES source(id),
  url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  abstract TEXT NOT NULL DEFAULT '',
  label TEXT NOT NULL DEFAULT '',
  published_at INTEGER,
  ingested_at INTEGER NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL UNIQUE CHECK (content_hash != '')
);
CREATE UNIQUE INDEX article_url ON article(url) WHERE url != '';
CREATE INDEX article_source ON article(source_id);
CREATE INDEX article_recency
  ON article(coalesce(published_at, ingested_at) DESC, id DESC);
)sql";
}

// External content: FTS5 stores only the index and reads title/body back
// from `article`, so snippet() and highlight() show the original text.
std::string FullTextIndex(std::string_view tokenize_spec) {
  std::string sql =
      "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, "
      "content='article', content_rowid='id', tokenize='";
  sql += tokenize_spec;
  sql += "');\n";
  // The rank config is persistent, so `ORDER BY rank` uses the weights.
  sql += "INSERT INTO article_fts(article_fts, rank) VALUES('rank', 'bm25(";
  sql += std::to_string(SqliteStore::kTitleWeight);
  sql += ", ";
  sql += std::to_string(SqliteStore::kBodyWeight);
  sql += ")');\n";
  sql += "INSERT INTO meta(key, value) VALUES('";
  sql += kTokenizerMetaKey;
  sql += "', '";
  sql += tokenize_spec;
  sql += "');\n";
  return sql;
}

// What nlp understood of each article (DESIGN.md §5): stories, entities
// shared across articles by (type, key), mentions, quotes and dates. Lists
// of short strings (keywords, summary sentences) are newline-joined.
std::string AnalysisTables(std::string_view /*tokenize_spec*/) {
  return R"sql(
CREATE TABLE story(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE article ADD COLUMN topic TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN topic_confidence REAL NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN signature BLOB;
ALTER TABLE article ADD COLUMN story_id INTEGER REFERENCES story(id);
CREATE INDEX article_story ON article(story_id);
CREATE INDEX article_topic ON article(topic);
CREATE TABLE entity(
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE(type, key)
);
CREATE TABLE mention(
  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entity(id),
  count INTEGER NOT NULL,
  first_offset INTEGER NOT NULL,
  PRIMARY KEY(article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX mention_entity ON mention(entity_id, article_id);
CREATE TABLE quote(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  speaker_entity_id INTEGER REFERENCES entity(id),
  speaker_text TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  cue TEXT NOT NULL DEFAULT '',
  offset INTEGER NOT NULL
);
CREATE INDEX quote_article ON quote(article_id);
CREATE INDEX quote_speaker ON quote(speaker_entity_id);
CREATE TABLE article_date(
  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  value TEXT NOT NULL,
  offset INTEGER NOT NULL
);
CREATE INDEX article_date_article ON article_date(article_id);
)sql";
}

// Indexes for the reading side (story and entity pages). The story index
// replaces article_story: it orders a story's articles by time (the lead is
// its first entry) and covers source_id for the distinct-source count.
std::string ReadingIndexes(std::string_view /*tokenize_spec*/) {
  return R"sql(
DROP INDEX article_story;
CREATE INDEX article_story_time
  ON article(story_id, coalesce(published_at, ingested_at), id, source_id);
CREATE INDEX story_recency ON story(last_seen);
CREATE INDEX entity_key ON entity(key);
)sql";
}

// Topic and source listings, newest first, straight from an index.
std::string ListingIndexes(std::string_view /*tokenize_spec*/) {
  return R"sql(
DROP INDEX article_topic;
DROP INDEX article_source;
CREATE INDEX article_topic_time
  ON article(topic, coalesce(published_at, ingested_at), id);
CREATE INDEX article_source_time
  ON article(source_id, coalesce(published_at, ingested_at), id);
)sql";
}

// The readers' side (store/reader_store.h). Rows of a user go with the user
// (ON DELETE CASCADE; the store runs with foreign_keys on); the outbox is
// not tied to the user table (it also carries mail for no account), so
// DeleteUser clears it explicitly. Emails compare case-insensitively
// (ASCII), as the UNIQUE index does.
std::string ReaderTables(std::string_view /*tokenize_spec*/) {
  return R"sql(
CREATE TABLE user(
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (email != ''),
  password_hash TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  verified_at INTEGER,
  feed_generation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE session(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_user ON session(user_id, expires_at);
CREATE TABLE api_token(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used INTEGER
);
CREATE INDEX api_token_user ON api_token(user_id);
CREATE TABLE email_token(
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'email')),
  email TEXT NOT NULL DEFAULT '',
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX email_token_user ON email_token(user_id, expires_at);
CREATE TABLE saved(
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  PRIMARY KEY(user_id, article_id)
) WITHOUT ROWID;
CREATE INDEX saved_user_time ON saved(user_id, at, article_id);
CREATE INDEX saved_time ON saved(at, article_id);
CREATE INDEX saved_article ON saved(article_id);
CREATE TABLE follow(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  muted INTEGER NOT NULL DEFAULT 0,
  at INTEGER NOT NULL,
  UNIQUE(user_id, kind, target)
);
CREATE TABLE read_event(
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  PRIMARY KEY(user_id, article_id)
) WITHOUT ROWID;
CREATE INDEX read_user_time ON read_event(user_id, at, article_id);
CREATE INDEX read_time ON read_event(at, article_id);
CREATE INDEX read_article ON read_event(article_id);
CREATE TABLE newsletter(
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug != ''),
  name TEXT NOT NULL DEFAULT '',
  cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
  kind TEXT NOT NULL CHECK (kind IN ('digest', 'topic')),
  topic TEXT NOT NULL DEFAULT ''
);
CREATE TABLE subscription(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  newsletter_id INTEGER NOT NULL REFERENCES newsletter(id),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  unsubscribed_at INTEGER,
  last_edition_at INTEGER,
  UNIQUE(user_id, newsletter_id)
);
CREATE INDEX subscription_newsletter ON subscription(newsletter_id);
CREATE TABLE edition(
  id INTEGER PRIMARY KEY,
  newsletter_id INTEGER NOT NULL REFERENCES newsletter(id),
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  covers_until INTEGER NOT NULL,
  outbox_id INTEGER,
  UNIQUE(newsletter_id, user_id, period)
);
CREATE INDEX edition_user ON edition(user_id);
CREATE TABLE outbox(
  id INTEGER PRIMARY KEY,
  user_id INTEGER,
  recipient TEXT NOT NULL COLLATE NOCASE,
  sender TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL UNIQUE,
  mime TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(next_try, id)
  WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_recipient ON outbox(recipient, id);
CREATE INDEX outbox_user ON outbox(user_id) WHERE user_id IS NOT NULL;
CREATE TABLE rate_limit(
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  hits INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE secret(
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
)sql";
}

// The sources Khabar follows (store/source_store.h). Named ingest_* because
// `source` already holds the outlets articles name.
std::string SourceTables(std::string_view /*tokenize_spec*/) {
  return R"sql(
CREATE TABLE ingest_source(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('url', 'feed', 'site', 'page', 'folder')),
  location TEXT NOT NULL UNIQUE CHECK (location != ''),
  feed_url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'active'
    CHECK (state IN ('active', 'paused', 'gone')),
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  added_at INTEGER NOT NULL,
  next_fetch INTEGER NOT NULL,
  interval_s INTEGER NOT NULL,
  last_fetch INTEGER,
  last_success INTEGER,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  failures INTEGER NOT NULL DEFAULT 0,
  articles INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ingest_source_due ON ingest_source(next_fetch)
  WHERE state = 'active';
CREATE TABLE ingest_item(
  source_id INTEGER NOT NULL REFERENCES ingest_source(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  article_id INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (source_id, key)
) WITHOUT ROWID;
CREATE INDEX ingest_item_recent ON ingest_item(source_id, seen_at)
  WHERE article_id IS NOT NULL;
CREATE TABLE operator(
  user_id INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE
);
)sql";
}

// The ingest job queue (store/job_store.h). One unfinished job per (kind,
// key); claims walk job_due in (run_after, id) order.
std::string JobTables(std::string_view /*tokenize_spec*/) {
  return R"sql(
CREATE TABLE job(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind != ''),
  key TEXT NOT NULL CHECK (key != ''),
  payload TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  run_after INTEGER NOT NULL,
  worker TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0,
  finished_at INTEGER,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX job_pending ON job(kind, key)
  WHERE state IN ('queued', 'running');
CREATE INDEX job_due ON job(run_after, id)
  WHERE state IN ('queued', 'running');
CREATE INDEX job_finished ON job(finished_at)
  WHERE state IN ('done', 'failed');
)sql";
}

constexpr Migration kMigrations[] = {
    {1, CoreTables},
    {2, FullTextIndex},
    {3, AnalysisTables},
    {4, ReadingIndexes},
    {5, ListingIndexes},
    {6, ReaderTables},
    {7, SourceTables},
    {8, JobTables},
};

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool IsValidTokenizerName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// SQLite opens a database file it may not write read-only without a word,
// and WAL mode also creates -wal and -shm files beside it; either problem
// would surface later as "attempt to write a readonly database" or "unable
// to open database file" from some write. Say what is wrong, and where,
// before anything writes. An environment fault (IOError), not a caller's.
Status CheckWritable(sqlite3* db, const std::string& path) {
  if (sqlite3_db_readonly(db, "main") == 1) {
    return Status::IOError(
        "the database file is read-only (its permissions, its owner or a "
        "read-only mount); writing needs write access to it and its folder");
  }
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::absolute(path, ec);
  if (ec) return Status::Ok();
  const std::filesystem::path folder = file.parent_path();
  const bool has_sidecars =
      std::filesystem::exists(file.string() + "-wal", ec) &&
      std::filesystem::exists(file.string() + "-shm", ec);
  if (!has_sidecars && ::access(folder.c_str(), W_OK) != 0) {
    std::string message = "the folder ";
    message += folder.string();
    message += " is not writable (SQLite keeps the database's -wal and -shm "
               "files beside it)";
    return Status::IOError(message);
  }
  return Status::Ok();
}

// Even a read-only connection to a WAL database creates DB-shm beside it
// when it is missing; in a folder the process may not write, SQLite says
// only "attempt to write a readonly database". Say why.
Status CheckReadable(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::absolute(path, ec);
  if (ec || std::filesystem::exists(file.string() + "-shm", ec)) {
    return Status::Ok();
  }
  const std::filesystem::path folder = file.parent_path();
  if (::access(folder.c_str(), W_OK) == 0) return Status::Ok();
  std::string message = "cannot read it: the folder ";
  message += folder.string();
  message += " is not writable, and SQLite must create the database's -shm "
             "file there even to read (give this user write access to the "
             "folder)";
  return Status::IOError(message);
}

Result<int> ReadUserVersion(sqlite3* db) {
  Result<Statement> stmt = Statement::Prepare(db, "PRAGMA user_version", false);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("PRAGMA user_version returned no row");
  return static_cast<int>(stmt->ColumnInt64(0));
}

// A meta value, or "" when it is not set.
Result<std::string> ReadMeta(sqlite3* db, const char* key) {
  Result<Statement> stmt =
      Statement::Prepare(db, "SELECT value FROM meta WHERE key = ?1", false);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, key);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnText(0) : std::string();
}

// The tokenizer recorded in meta, or "" when the index does not exist yet.
Result<std::string> ReadIndexTokenizer(sqlite3* db) {
  return ReadMeta(db, kTokenizerMetaKey);
}

Result<int> ReadIndexRevision(sqlite3* db) {
  KHABAR_ASSIGN_OR_RETURN(std::string value, ReadMeta(db, kRevisionMetaKey));
  return value.empty() ? 0 : std::atoi(value.c_str());
}

// Re-tokenizes every article when the index was built with another revision
// of the tokenizer (FTS5 'rebuild' reads title and body back from
// `article`). One transaction: a crash leaves the old index and revision,
// and the next open starts again.
Status RefreshIndexRevision(sqlite3* db, int revision) {
  KHABAR_ASSIGN_OR_RETURN(int stored, ReadIndexRevision(db));
  if (stored == revision) return Status::Ok();
  KHABAR_RETURN_IF_ERROR(ExecSql(db, "BEGIN IMMEDIATE"));
  Result<int> again = ReadIndexRevision(db);  // under the write lock
  Status status = again.ok() ? Status::Ok() : again.status();
  if (status.ok() && *again != revision) {
    status = ExecSql(db,
                     "INSERT INTO article_fts(article_fts) VALUES('rebuild');"
                     "INSERT OR REPLACE INTO meta(key, value) VALUES('" +
                         std::string(kRevisionMetaKey) + "', '" +
                         std::to_string(revision) + "')");
  }
  if (status.ok()) status = ExecSql(db, "COMMIT");
  if (!status.ok() && sqlite3_get_autocommit(db) == 0) {
    (void)ExecSql(db, "ROLLBACK");
  }
  return status.WithContext("rebuilding the search index for tokenizer "
                            "revision " + std::to_string(revision));
}

Status ApplyMigrations(sqlite3* db, std::string_view tokenize_spec) {
  for (const Migration& step : kMigrations) {
    KHABAR_RETURN_IF_ERROR(ExecSql(db, "BEGIN IMMEDIATE"));
    // Re-read under the write lock: another process may have migrated
    // between our first look and now.
    Result<int> version = ReadUserVersion(db);
    Status status = version.ok() ? Status::Ok() : version.status();
    if (status.ok() && *version < step.version) {
      status = ExecSql(db, step.sql(tokenize_spec));
      if (status.ok()) {
        status = ExecSql(
            db, "PRAGMA user_version = " + std::to_string(step.version));
      }
    }
    if (status.ok()) status = ExecSql(db, "COMMIT");
    if (!status.ok()) {
      if (sqlite3_get_autocommit(db) == 0) {
        (void)ExecSql(db, "ROLLBACK");
      }
      return status.WithContext("schema migration to version " +
                                std::to_string(step.version));
    }
  }
  return Status::Ok();
}

std::vector<std::string> SplitParagraphs(std::string_view body) {
  std::vector<std::string> paragraphs;
  if (body.empty()) return paragraphs;
  size_t start = 0;
  while (true) {
    const size_t end = body.find(kParagraphSeparator, start);
    if (end == std::string_view::npos) {
      paragraphs.emplace_back(body.substr(start));
      return paragraphs;
    }
    paragraphs.emplace_back(body.substr(start, end - start));
    start = end + 1;
  }
}

Status ValidateArticle(const Article& article) {
  if (article.content_hash.empty()) {
    return Status::InvalidArgument("article has no content_hash");
  }
  for (const std::string* field :
       {&article.url, &article.source, &article.title, &article.author,
        &article.lang, &article.abstract, &article.label,
        &article.content_hash}) {
    if (!IsValidUtf8(*field)) {
      return Status::InvalidArgument("article field is not valid UTF-8");
    }
  }
  for (const auto* lines :
       {&article.analysis.keywords, &article.analysis.summary}) {
    for (const std::string& line : *lines) {
      if (line.find('\n') != std::string::npos) {
        return Status::InvalidArgument("keyword or summary contains a newline");
      }
    }
  }
  for (const std::string& paragraph : article.paragraphs) {
    if (!IsValidUtf8(paragraph)) {
      return Status::InvalidArgument("article paragraph is not valid UTF-8");
    }
    if (paragraph.find(kParagraphSeparator) != std::string::npos) {
      return Status::InvalidArgument("article paragraph contains a newline");
    }
  }
  return Status::Ok();
}

Status ValidateLimit(int limit, int offset) {
  if (limit < 0 || limit > kMaxSearchLimit) {
    return Status::InvalidArgument("limit must be in [0, " +
                                   std::to_string(kMaxSearchLimit) + "]");
  }
  if (offset < 0) return Status::InvalidArgument("offset must be >= 0");
  return Status::Ok();
}

constexpr char kSelectArticle[] =
    "SELECT a.id, a.url, coalesce(s.name, ''), a.title, a.body, "
    "a.published_at, a.ingested_at, a.author, a.lang, a.abstract, a.label, "
    "a.content_hash, a.topic, a.topic_confidence, a.keywords, a.summary, "
    "a.signature, coalesce(a.story_id, 0) "
    "FROM article a LEFT JOIN source s ON s.id = a.source_id ";

Article ReadArticleRow(const Statement& stmt) {
  Article article;
  article.id = stmt.ColumnInt64(0);
  article.url = stmt.ColumnText(1);
  article.source = stmt.ColumnText(2);
  article.title = stmt.ColumnText(3);
  article.paragraphs = SplitParagraphs(stmt.ColumnText(4));
  if (!stmt.ColumnIsNull(5)) article.published_at = stmt.ColumnInt64(5);
  article.ingested_at = stmt.ColumnInt64(6);
  article.author = stmt.ColumnText(7);
  article.lang = stmt.ColumnText(8);
  article.abstract = stmt.ColumnText(9);
  article.label = stmt.ColumnText(10);
  article.content_hash = stmt.ColumnText(11);
  article.analysis.topic = stmt.ColumnText(12);
  article.analysis.topic_confidence = stmt.ColumnDouble(13);
  article.analysis.keywords = SplitLines(stmt.ColumnText(14));
  article.analysis.summary = SplitLines(stmt.ColumnText(15));
  article.analysis.signature = stmt.ColumnBlob(16);
  article.story_id = stmt.ColumnInt64(17);
  return article;
}

}  // namespace

int SqliteSchemaVersion() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

// Declaration order matters: statements are finalized before the
// connection closes.
struct SqliteStore::Impl {
  DbHandle db;
  Statement begin;
  Statement begin_read;
  Statement commit;
  Statement rollback;
  Statement savepoint;
  Statement release;
  Statement rollback_to;
  Statement find_by_hash;
  Statement find_by_url;
  Statement find_source;
  Statement insert_source;
  Statement insert_article;
  Statement insert_fts;
  Statement insert_story;
  Statement touch_story;
  Statement story_of;
  Statement upsert_entity;
  Statement insert_mention;
  Statement insert_quote;
  Statement insert_date;
  Statement get_entities;
  Statement get_quotes;
  Statement get_dates;
  Statement get_article;
  Statement latest;
  Statement count;
  Statement search_count;
  Statement search_page;
  Statement search_snippet;
  // Reading side.
  Statement recent_stories;
  Statement get_story;
  Statement story_articles;
  Statement story_exists;
  Statement entity_types;
  Statement get_entity;
  Statement entity_mentions;
  Statement entity_articles_total;
  Statement entity_articles_dense;
  Statement entity_articles_sparse;
  Statement entity_quote_count;
  Statement entity_quotes_dense;
  Statement entity_quotes_sparse;
  Statement co_entities;
  Statement articles_in_range;
  Statement mentions_per_day_dense;
  Statement mentions_per_day_sparse;
  Statement oldest_time;
  Statement top_entities_since;
  Statement top_entities_all;
  Statement topics;
  Statement sources;
  Statement newest_time;
  Statement max_article_id;

  Status Prepare();
  Result<PutResult> PutInTransaction(const Article& article);
  Result<StoryId> JoinStory(const Article& article);
  Status PutAnalysis(ArticleId id, const Analysis& analysis);
  Status ReadAnalysis(Article* article);
  Result<SearchPage> SearchInTransaction(const FtsQuery& query);
  Result<SearchPage> FilteredSearch(const FtsQuery& query);
  Status FillSnippets(const FtsQuery& query, SearchPage* page);
  Result<std::optional<ArticleId>> FindExisting(const Article& article);
  Result<std::optional<int64_t>> SourceId(const Article& article);
  bool InTransaction() const { return sqlite3_get_autocommit(db.get()) == 0; }

  // Runs `read` in one read snapshot (unless the caller's transaction is
  // already one), so that the several statements of one answer agree.
  template <typename T, typename F>
  Result<T> InSnapshot(F&& read);
  // Number of entity types filed under `key`; NotFound when there is none.
  Result<int64_t> EntityTypes(std::string_view key);
  Result<int64_t> MaxArticleId();
  Result<std::pair<std::vector<ArticleId>, int64_t>> EntityArticlesIn(
      std::string_view key, int limit, int offset);
  Result<std::vector<QuoteHit>> EntityQuotesIn(std::string_view key, int limit,
                                               int offset);
  Result<std::vector<DayCount>> MentionsPerDayIn(std::string_view key,
                                                 UnixSeconds from,
                                                 UnixSeconds to);
  Result<std::vector<EntitySummary>> TopEntitiesIn(std::string_view type,
                                                   UnixSeconds since, int limit,
                                                   int offset);
};

Status SqliteStore::Impl::Prepare() {
  sqlite3* h = db.get();
  struct Entry {
    Statement* stmt;
    std::string sql;
  };
  // The page is ranked first without snippets: SQLite evaluates the select
  // list for every matching row before sorting, and snippet() re-tokenizes
  // the whole body, so computing it in the ranking query made an any-word
  // query over many matches ~10x slower. Snippets are then made for the
  // page's rows only, by rowid.
  const std::string search_page_sql =
      "SELECT rowid, rank FROM article_fts WHERE article_fts MATCH ?1 "
      "ORDER BY rank, rowid DESC LIMIT ?2 OFFSET ?3";
  const std::string search_snippet_sql =
      "SELECT title, snippet(article_fts, 1, ?3, ?4, '…', " +
      std::to_string(kSnippetTokens) +
      ") FROM article_fts WHERE article_fts MATCH ?1 AND rowid = ?2";
  // Reading side. `time` is an article's time, written exactly as in the
  // article_recency and article_story_time indexes so that SQLite uses them.
  const std::string time = "coalesce(a.published_at, a.ingested_at)";
  const std::string entity_ids = "(SELECT id FROM entity WHERE key = ?1)";
  const std::string mentioned =
      "EXISTS (SELECT 1 FROM mention m WHERE m.article_id = a.id AND "
      "m.entity_id IN " +
      entity_ids + ")";
  // The lead is the first entry of article_story_time for the story.
  const std::string select_story =
      "SELECT s.id, coalesce(lead.title, s.title), s.first_seen, "
      "s.last_seen, s.size, (SELECT count(DISTINCT a.source_id) FROM article "
      "a WHERE a.story_id = s.id), coalesce(lead.id, 0) FROM story s "
      "LEFT JOIN article lead ON lead.id = (SELECT a.id FROM article a WHERE "
      "a.story_id = s.id ORDER BY " +
      time + ", a.id LIMIT 1) ";
  const std::string quote_columns = "SELECT q.article_id, " + time +
                                    ", q.speaker_text, q.text, q.cue, "
                                    "q.offset ";
  const std::string quote_order = " ORDER BY " + time +
                                  " DESC, a.id DESC, q.offset, q.id "
                                  "LIMIT ?2 OFFSET ?3";
  const Entry entries[] = {
      {&begin, "BEGIN IMMEDIATE"},
      {&begin_read, "BEGIN"},
      {&commit, "COMMIT"},
      {&rollback, "ROLLBACK"},
      {&savepoint, "SAVEPOINT put_article"},
      {&release, "RELEASE put_article"},
      {&rollback_to, "ROLLBACK TO put_article"},
      {&find_by_hash, "SELECT id FROM article WHERE content_hash = ?1"},
      {&find_by_url, "SELECT id FROM article WHERE url = ?1 AND url != ''"},
      {&find_source, "SELECT id FROM source WHERE name = ?1"},
      {&insert_source, "INSERT INTO source(name, created_at) VALUES(?1, ?2)"},
      {&insert_article,
       "INSERT INTO article(source_id, url, title, body, abstract, label, "
       "published_at, ingested_at, author, lang, content_hash, topic, "
       "topic_confidence, keywords, summary, signature, story_id) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
       "?15, ?16, ?17)"},
      {&insert_story,
       "INSERT INTO story(title, first_seen, last_seen, size) "
       "VALUES(?1, ?2, ?2, 0)"},
      {&touch_story,
       "UPDATE story SET size = size + 1, first_seen = min(first_seen, ?2), "
       "last_seen = max(last_seen, ?2) WHERE id = ?1"},
      {&story_of, "SELECT coalesce(story_id, 0) FROM article WHERE id = ?1"},
      {&upsert_entity,
       "INSERT INTO entity(type, key, name) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(type, key) DO UPDATE SET name = name RETURNING id"},
      {&insert_mention,
       "INSERT OR REPLACE INTO mention(article_id, entity_id, count, "
       "first_offset) VALUES(?1, ?2, ?3, ?4)"},
      {&insert_quote,
       "INSERT INTO quote(article_id, speaker_entity_id, speaker_text, text, "
       "cue, offset) VALUES(?1, (SELECT id FROM entity WHERE type = 'PERS' "
       "AND key = ?2), ?3, ?4, ?5, ?6)"},
      {&insert_date,
       "INSERT INTO article_date(article_id, text, value, offset) "
       "VALUES(?1, ?2, ?3, ?4)"},
      {&get_entities,
       "SELECT e.type, e.name, e.key, m.count, m.first_offset FROM mention m "
       "JOIN entity e ON e.id = m.entity_id WHERE m.article_id = ?1 "
       "ORDER BY m.count DESC, m.first_offset"},
      {&get_quotes,
       "SELECT q.speaker_text, coalesce(e.key, ''), q.text, q.cue, q.offset "
       "FROM quote q LEFT JOIN entity e ON e.id = q.speaker_entity_id "
       "WHERE q.article_id = ?1 ORDER BY q.offset"},
      {&get_dates,
       "SELECT text, value, offset FROM article_date WHERE article_id = ?1 "
       "ORDER BY offset"},
      {&insert_fts,
       "INSERT INTO article_fts(rowid, title, body) VALUES(?1, ?2, ?3)"},
      {&get_article, std::string(kSelectArticle) + "WHERE a.id = ?1"},
      {&latest, std::string(kSelectArticle) +
                    "ORDER BY coalesce(a.published_at, a.ingested_at) DESC, "
                    "a.id DESC LIMIT ?1"},
      {&count, "SELECT count(*) FROM article"},
      {&search_count,
       "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1"},
      {&search_page, search_page_sql},
      {&search_snippet, search_snippet_sql},
      {&recent_stories, select_story + "WHERE s.last_seen >= ?1 "
                                       "ORDER BY s.last_seen DESC, s.id DESC "
                                       "LIMIT ?2"},
      {&get_story, select_story + "WHERE s.id = ?1"},
      {&story_articles,
       "SELECT a.id FROM article a WHERE a.story_id = ?1 "
       "ORDER BY " +
           time + ", a.id LIMIT ?2"},
      {&story_exists, "SELECT 1 FROM story WHERE id = ?1"},
      {&entity_types, "SELECT count(*) FROM entity WHERE key = ?1"},
      {&get_entity,
       "SELECT e.type, e.key, e.name, (SELECT count(*) FROM mention m "
       "WHERE m.entity_id = e.id) AS n FROM entity e WHERE e.key = ?1 "
       "ORDER BY n DESC, e.type LIMIT 1"},
      {&entity_mentions,
       "SELECT count(*) FROM mention WHERE entity_id IN " + entity_ids},
      {&entity_articles_total,
       "SELECT count(DISTINCT article_id) FROM mention WHERE entity_id IN " +
           entity_ids},
      {&entity_articles_dense, "SELECT a.id FROM article a WHERE " + mentioned +
                                   " ORDER BY " + time +
                                   " DESC, a.id DESC LIMIT ?2 OFFSET ?3"},
      {&entity_articles_sparse,
       "SELECT a.id FROM article a WHERE a.id IN (SELECT article_id FROM "
       "mention WHERE entity_id IN " +
           entity_ids + ") ORDER BY " + time +
           " DESC, a.id DESC LIMIT ?2 OFFSET ?3"},
      {&entity_quote_count,
       "SELECT count(*) FROM quote WHERE speaker_entity_id IN " + entity_ids},
      // CROSS JOIN fixes the join order: newest articles first.
      {&entity_quotes_dense,
       quote_columns +
           "FROM article a CROSS JOIN quote q ON q.article_id = "
           "a.id WHERE q.speaker_entity_id IN " +
           entity_ids + quote_order},
      {&entity_quotes_sparse, quote_columns +
                                  "FROM quote q CROSS JOIN article a ON a.id = "
                                  "q.article_id WHERE q.speaker_entity_id IN " +
                                  entity_ids + quote_order},
      {&co_entities,
       "SELECT e.type, e.key, e.name, c.n FROM (SELECT m.entity_id AS id, "
       "count(*) AS n FROM mention m WHERE m.article_id IN (SELECT "
       "article_id FROM mention WHERE entity_id IN " +
           entity_ids + ") AND m.entity_id NOT IN " + entity_ids +
           " GROUP BY m.entity_id) c JOIN entity e ON e.id = c.id "
           "ORDER BY c.n DESC, e.type, e.key LIMIT ?2"},
      {&articles_in_range,
       "SELECT count(*) FROM (SELECT 1 FROM article a WHERE " + time +
           " >= ?1 AND " + time + " < ?2 LIMIT ?3)"},
      {&mentions_per_day_dense, "SELECT date(" + time +
                                    ", 'unixepoch') AS day, count(*) FROM "
                                    "article a WHERE " +
                                    time + " >= ?2 AND " + time + " < ?3 AND " +
                                    mentioned + " GROUP BY day ORDER BY day"},
      // The unary + keeps SQLite from walking the time index instead of the
      // (few) mentions.
      {&mentions_per_day_sparse,
       "SELECT date(" + time +
           ", 'unixepoch') AS day, count(*) FROM "
           "article a WHERE a.id IN (SELECT article_id FROM mention WHERE "
           "entity_id IN " +
           entity_ids + ") AND +" + time + " >= ?2 AND +" + time +
           " < ?3 GROUP BY day ORDER BY day"},
      {&oldest_time,
       "SELECT " + time + " FROM article a ORDER BY " + time + " LIMIT 1"},
      {&newest_time,
       "SELECT " + time + " FROM article a ORDER BY " + time + " DESC LIMIT 1"},
      {&top_entities_since,
       "SELECT e.type, e.key, e.name, c.n FROM (SELECT m.entity_id AS id, "
       "count(*) AS n FROM article a CROSS JOIN mention m ON m.article_id = "
       "a.id WHERE " +
           time +
           " >= ?1 GROUP BY m.entity_id) c JOIN entity e "
           "ON e.id = c.id WHERE (?2 = '' OR e.type = ?2) "
           "ORDER BY c.n DESC, e.type, e.key LIMIT ?3 OFFSET ?4"},
      {&top_entities_all,
       "SELECT e.type, e.key, e.name, c.n FROM (SELECT entity_id AS id, "
       "count(*) AS n FROM mention GROUP BY entity_id) c JOIN entity e "
       "ON e.id = c.id WHERE (?1 = '' OR e.type = ?1) "
       "ORDER BY c.n DESC, e.type, e.key LIMIT ?2 OFFSET ?3"},
      {&topics,
       "SELECT topic, count(*) AS n FROM article WHERE topic != '' "
       "GROUP BY topic ORDER BY n DESC, topic"},
      {&sources,
       "SELECT s.id, s.name, c.n FROM (SELECT source_id, count(*) AS n "
       "FROM article WHERE source_id IS NOT NULL GROUP BY source_id) c "
       "JOIN source s ON s.id = c.source_id ORDER BY c.n DESC, s.name"},
      {&max_article_id, "SELECT coalesce(max(id), 0) FROM article"},
  };
  for (const Entry& entry : entries) {
    Result<Statement> stmt = Statement::Prepare(h, entry.sql);
    if (!stmt.ok()) return stmt.status().WithContext(entry.sql);
    *entry.stmt = std::move(stmt).value();
  }
  return Status::Ok();
}

Result<std::optional<ArticleId>> SqliteStore::Impl::FindExisting(
    const Article& article) {
  {
    ScopedReset reset(find_by_hash);
    find_by_hash.BindText(1, article.content_hash);
    Result<bool> row = find_by_hash.Step();
    if (!row.ok()) return row.status();
    if (*row) return std::optional<ArticleId>(find_by_hash.ColumnInt64(0));
  }
  if (article.url.empty()) return std::optional<ArticleId>();
  ScopedReset reset(find_by_url);
  find_by_url.BindText(1, article.url);
  Result<bool> row = find_by_url.Step();
  if (!row.ok()) return row.status();
  if (*row) return std::optional<ArticleId>(find_by_url.ColumnInt64(0));
  return std::optional<ArticleId>();
}

Result<std::optional<int64_t>> SqliteStore::Impl::SourceId(
    const Article& article) {
  if (article.source.empty()) return std::optional<int64_t>();
  {
    ScopedReset reset(find_source);
    find_source.BindText(1, article.source);
    Result<bool> row = find_source.Step();
    if (!row.ok()) return row.status();
    if (*row) return std::optional<int64_t>(find_source.ColumnInt64(0));
  }
  ScopedReset reset(insert_source);
  insert_source.BindText(1, article.source);
  // A source is first seen with its first article; using that time keeps
  // the store free of a clock of its own.
  insert_source.BindInt64(2, article.ingested_at);
  KHABAR_RETURN_IF_ERROR(insert_source.Exec());
  return std::optional<int64_t>(sqlite3_last_insert_rowid(db.get()));
}

Result<PutResult> SqliteStore::Impl::PutInTransaction(const Article& article) {
  Result<std::optional<ArticleId>> existing = FindExisting(article);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    ScopedReset reset(story_of);
    story_of.BindInt64(1, **existing);
    Result<bool> row = story_of.Step();
    if (!row.ok()) return row.status();
    return PutResult{**existing, false, *row ? story_of.ColumnInt64(0) : 0};
  }
  Result<StoryId> story_id = JoinStory(article);
  if (!story_id.ok()) return story_id.status();

  Result<std::optional<int64_t>> source_id = SourceId(article);
  if (!source_id.ok()) return source_id.status();

  const std::string body = ArticleBody(article);
  ArticleId id = 0;
  {
    ScopedReset reset(insert_article);
    if (source_id->has_value()) {
      insert_article.BindInt64(1, **source_id);
    } else {
      insert_article.BindNull(1);
    }
    insert_article.BindText(2, article.url);
    insert_article.BindText(3, article.title);
    insert_article.BindText(4, body);
    insert_article.BindText(5, article.abstract);
    insert_article.BindText(6, article.label);
    if (article.published_at.has_value()) {
      insert_article.BindInt64(7, *article.published_at);
    } else {
      insert_article.BindNull(7);
    }
    insert_article.BindInt64(8, article.ingested_at);
    insert_article.BindText(9, article.author);
    insert_article.BindText(10, article.lang);
    insert_article.BindText(11, article.content_hash);
    const Analysis& analysis = article.analysis;
    insert_article.BindText(12, analysis.topic);
    insert_article.BindDouble(13, analysis.topic_confidence);
    const std::string keywords = JoinLines(analysis.keywords);
    const std::string summary = JoinLines(analysis.summary);
    insert_article.BindText(14, keywords);
    insert_article.BindText(15, summary);
    insert_article.BindBlob(16, analysis.signature);
    insert_article.BindInt64(17, *story_id);
    KHABAR_RETURN_IF_ERROR(insert_article.Exec());
    id = sqlite3_last_insert_rowid(db.get());
  }
  KHABAR_RETURN_IF_ERROR(PutAnalysis(id, article.analysis));
  {
    ScopedReset reset(insert_fts);
    insert_fts.BindInt64(1, id);
    insert_fts.BindText(2, article.title);
    insert_fts.BindText(3, body);
    Status status = insert_fts.Exec();
    if (!status.ok()) return status.WithContext("indexing article");
  }
  return PutResult{id, true, *story_id};
}

Result<StoryId> SqliteStore::Impl::JoinStory(const Article& article) {
  const UnixSeconds seen = article.published_at.value_or(article.ingested_at);
  StoryId story = article.story_id;
  if (story == 0) {
    ScopedReset reset(insert_story);
    insert_story.BindText(1, article.title);
    insert_story.BindInt64(2, seen);
    KHABAR_RETURN_IF_ERROR(insert_story.Exec());
    story = sqlite3_last_insert_rowid(db.get());
  }
  ScopedReset reset(touch_story);
  touch_story.BindInt64(1, story);
  touch_story.BindInt64(2, seen);
  KHABAR_RETURN_IF_ERROR(touch_story.Exec());
  if (sqlite3_changes(db.get()) != 1) {
    return Status::InvalidArgument("no story with id " + std::to_string(story));
  }
  return story;
}

Status SqliteStore::Impl::PutAnalysis(ArticleId id, const Analysis& analysis) {
  for (const EntityRef& e : analysis.entities) {
    int64_t entity_id = 0;
    {
      ScopedReset reset(upsert_entity);
      upsert_entity.BindText(1, e.type);
      upsert_entity.BindText(2, e.key);
      upsert_entity.BindText(3, e.name);
      Result<bool> row = upsert_entity.Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Internal("entity upsert returned no id");
      entity_id = upsert_entity.ColumnInt64(0);
    }
    ScopedReset reset(insert_mention);
    insert_mention.BindInt64(1, id);
    insert_mention.BindInt64(2, entity_id);
    insert_mention.BindInt64(3, e.count);
    insert_mention.BindInt64(4, e.first_offset);
    KHABAR_RETURN_IF_ERROR(insert_mention.Exec());
  }
  for (const QuoteRef& q : analysis.quotes) {
    ScopedReset reset(insert_quote);
    insert_quote.BindInt64(1, id);
    insert_quote.BindText(2, q.speaker_key);
    insert_quote.BindText(3, q.speaker);
    insert_quote.BindText(4, q.text);
    insert_quote.BindText(5, q.cue);
    insert_quote.BindInt64(6, q.offset);
    KHABAR_RETURN_IF_ERROR(insert_quote.Exec());
  }
  for (const DateRef& d : analysis.dates) {
    ScopedReset reset(insert_date);
    insert_date.BindInt64(1, id);
    insert_date.BindText(2, d.text);
    insert_date.BindText(3, d.value);
    insert_date.BindInt64(4, d.offset);
    KHABAR_RETURN_IF_ERROR(insert_date.Exec());
  }
  return Status::Ok();
}

Status SqliteStore::Impl::ReadAnalysis(Article* article) {
  Analysis& analysis = article->analysis;
  {
    ScopedReset reset(get_entities);
    get_entities.BindInt64(1, article->id);
    while (true) {
      Result<bool> row = get_entities.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      analysis.entities.push_back(
          {get_entities.ColumnText(0), get_entities.ColumnText(1),
           get_entities.ColumnText(2),
           static_cast<int>(get_entities.ColumnInt64(3)),
           static_cast<uint32_t>(get_entities.ColumnInt64(4))});
    }
  }
  {
    ScopedReset reset(get_quotes);
    get_quotes.BindInt64(1, article->id);
    while (true) {
      Result<bool> row = get_quotes.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      analysis.quotes.push_back(
          {get_quotes.ColumnText(0), get_quotes.ColumnText(1),
           get_quotes.ColumnText(2), get_quotes.ColumnText(3),
           static_cast<uint32_t>(get_quotes.ColumnInt64(4))});
    }
  }
  ScopedReset reset(get_dates);
  get_dates.BindInt64(1, article->id);
  while (true) {
    Result<bool> row = get_dates.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    analysis.dates.push_back(
        {get_dates.ColumnText(0), get_dates.ColumnText(1),
         static_cast<uint32_t>(get_dates.ColumnInt64(2))});
  }
  return Status::Ok();
}

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl, std::string tokenizer_spec)
    : impl_(std::move(impl)), tokenizer_spec_(std::move(tokenizer_spec)) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const SqliteOptions& options) {
  std::string tokenize_spec = kBuiltinTokenizerSpec;
  if (options.tokenizer != nullptr) {
    if (!IsValidTokenizerName(options.tokenizer->name())) {
      return Status::InvalidArgument(
          "tokenizer name must be 1-64 of [A-Za-z0-9_]: '" +
          std::string(options.tokenizer->name()) + "'");
    }
    tokenize_spec = std::string(options.tokenizer->name());
  }
  if (options.path.empty()) {
    return Status::InvalidArgument("database path is empty");
  }
  const bool in_memory = options.path == kMemoryPath;
  if (options.read_only) {
    if (in_memory) {
      return Status::InvalidArgument(
          "a read-only in-memory database would always be empty");
    }
    std::error_code ec;
    if (!std::filesystem::exists(options.path, ec)) {
      return Status::NotFound(
          "database file does not exist (read-only open "
          "never creates one): " +
          options.path);
    }
  }

  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY
                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  sqlite3* raw = nullptr;
  const int open_rc =
      sqlite3_open_v2(options.path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (open_rc != SQLITE_OK) {
    return SqliteError(raw, open_rc, "open " + options.path);
  }
  sqlite3* h = db.get();
  sqlite3_extended_result_codes(h, 1);
  sqlite3_busy_timeout(h, options.busy_timeout_ms);

  const std::string context = "open " + options.path;
  if (!options.read_only && !in_memory) {
    KHABAR_RETURN_IF_ERROR(
        CheckWritable(h, options.path).WithContext(context));
  }
  // Reading the version first turns "not a database" into a clear error
  // before any pragma tries to write.
  Result<int> version = ReadUserVersion(h);
  if (!version.ok()) {
    if (options.read_only && !in_memory) {
      KHABAR_RETURN_IF_ERROR(CheckReadable(options.path).WithContext(context));
    }
    return version.status().WithContext(context);
  }
  if (*version > SqliteSchemaVersion()) {
    return Status::InvalidArgument(
        context + ": database schema version " + std::to_string(*version) +
        " is newer than this binary supports (" +
        std::to_string(SqliteSchemaVersion()) + "); upgrade khabar");
  }
  if (options.read_only && *version < SqliteSchemaVersion()) {
    return Status::InvalidArgument(
        context + ": database schema version " + std::to_string(*version) +
        " needs migration to " + std::to_string(SqliteSchemaVersion()) +
        "; open it read-write once");
  }
  if (!options.read_only && !in_memory) {
    KHABAR_RETURN_IF_ERROR(
        ExecSql(h, "PRAGMA journal_mode = WAL").WithContext(context));
  }
  KHABAR_RETURN_IF_ERROR(ExecSql(h,
                                 "PRAGMA synchronous = NORMAL;"
                                 "PRAGMA foreign_keys = ON;")
                             .WithContext(context));
  if (!in_memory) {
    // Pages read through a memory map instead of one pread() each (a page
    // render touches hundreds), and a larger page cache per connection.
    KHABAR_RETURN_IF_ERROR(ExecSql(h,
                                   "PRAGMA mmap_size = 1073741824;"
                                   "PRAGMA cache_size = -16384;")
                               .WithContext(context));
  }
  if (options.tokenizer != nullptr) {
    KHABAR_RETURN_IF_ERROR(
        sqlite_internal::RegisterFts5Tokenizer(h, options.tokenizer)
            .WithContext(context));
  }
  const int revision =
      options.tokenizer != nullptr ? options.tokenizer->revision() : 0;
  if (*version >= 1) {
    Result<std::string> built_with = ReadIndexTokenizer(h);
    if (!built_with.ok()) return built_with.status().WithContext(context);
    if (!built_with->empty() && *built_with != tokenize_spec) {
      return Status::InvalidArgument(
          context + ": the search index was built with tokenizer '" +
          *built_with + "' and cannot be read with '" + tokenize_spec +
          "'; open it with the same analyzer or rebuild the index");
    }
    Result<int> built_revision = ReadIndexRevision(h);
    if (!built_revision.ok()) {
      return built_revision.status().WithContext(context);
    }
    if (options.read_only && *built_revision != revision) {
      return Status::InvalidArgument(
          context + ": the search index was built with revision " +
          std::to_string(*built_revision) + " of tokenizer '" +
          tokenize_spec + "', this binary has revision " +
          std::to_string(revision) +
          "; rebuild it with `khabar reindex`");
    }
  }
  if (!options.read_only) {
    KHABAR_RETURN_IF_ERROR(
        ApplyMigrations(h, tokenize_spec).WithContext(context));
    KHABAR_RETURN_IF_ERROR(
        RefreshIndexRevision(h, revision).WithContext(context));
  }

  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  KHABAR_RETURN_IF_ERROR(impl->Prepare().WithContext(context));
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(std::move(impl), std::move(tokenize_spec)));
  KHABAR_RETURN_IF_ERROR(store->PrepareReaders().WithContext(context));
  return store;
}

sqlite3* SqliteStore::db() const { return impl_->db.get(); }

Status SqliteStore::Begin() {
  if (impl_->InTransaction()) {
    return Status::InvalidArgument("Begin() inside a transaction");
  }
  ScopedReset reset(impl_->begin);
  return impl_->begin.Exec();
}

Status SqliteStore::Commit() {
  if (!impl_->InTransaction()) {
    return Status::InvalidArgument("Commit() without Begin()");
  }
  ScopedReset reset(impl_->commit);
  Status status = impl_->commit.Exec();
  // A failed COMMIT (e.g. disk full) leaves the transaction open; end it so
  // the store is usable and the caller's retry starts clean.
  if (!status.ok() && impl_->InTransaction()) Rollback();
  return status;
}

void SqliteStore::Rollback() {
  if (!impl_->InTransaction()) return;
  ScopedReset reset(impl_->rollback);
  // Nothing to report: if ROLLBACK itself fails SQLite has already rolled
  // back (or the connection is unusable and the next call will say so).
  (void)impl_->rollback.Exec();
}

Result<PutResult> SqliteStore::Put(const Article& article) {
  KHABAR_RETURN_IF_ERROR(ValidateArticle(article));
  // Outside a transaction the Put is its own IMMEDIATE transaction (taking
  // the write lock up front, so busy_timeout applies); inside one it is a
  // savepoint, so a failure undoes only this article.
  const bool own_transaction = !impl_->InTransaction();
  Statement& open = own_transaction ? impl_->begin : impl_->savepoint;
  {
    ScopedReset reset(open);
    KHABAR_RETURN_IF_ERROR(open.Exec());
  }
  Result<PutResult> result = impl_->PutInTransaction(article);
  if (result.ok()) {
    Statement& close = own_transaction ? impl_->commit : impl_->release;
    ScopedReset reset(close);
    Status status = close.Exec();
    if (status.ok()) return result;
    result = status;
  }
  if (!impl_->InTransaction()) {
    // SQLite rolled the whole transaction back itself (disk full, I/O
    // error): the caller's earlier writes are gone too; say so.
    return own_transaction ? result.status()
                           : result.status().WithContext(
                                 "transaction rolled back by SQLite");
  }
  if (own_transaction) {
    Rollback();
  } else {
    ScopedReset reset_to(impl_->rollback_to);
    (void)impl_->rollback_to.Exec();
    ScopedReset reset_release(impl_->release);
    (void)impl_->release.Exec();
  }
  return result.status();
}

Result<Article> SqliteStore::GetRow(ArticleId id) {
  Statement& stmt = impl_->get_article;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row)
    return Status::NotFound("no article with id " + std::to_string(id));
  return ReadArticleRow(stmt);
}

Result<Article> SqliteStore::Get(ArticleId id) {
  Result<Article> article = GetRow(id);
  if (!article.ok()) return article;
  KHABAR_RETURN_IF_ERROR(impl_->ReadAnalysis(&*article));
  return article;
}

Result<int64_t> SqliteStore::Count() {
  Statement& stmt = impl_->count;
  ScopedReset reset(stmt);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("count returned no row");
  return stmt.ColumnInt64(0);
}

Result<std::vector<Article>> SqliteStore::Latest(int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, 0));
  Statement& stmt = impl_->latest;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, limit);
  std::vector<Article> articles;
  while (true) {
    Result<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return articles;
    articles.push_back(ReadArticleRow(stmt));
  }
}

Result<SearchPage> SqliteStore::Search(const FtsQuery& query) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(query.limit, query.offset));
  if (!IsValidUtf8(query.match)) {
    return Status::InvalidArgument("query is not valid UTF-8");
  }
  // The total and the page come from one snapshot, so a concurrent writer
  // cannot make them disagree.
  const bool own_transaction = !impl_->InTransaction();
  if (own_transaction) {
    ScopedReset reset(impl_->begin_read);
    KHABAR_RETURN_IF_ERROR(impl_->begin_read.Exec());
  }
  Result<SearchPage> page = impl_->SearchInTransaction(query);
  if (own_transaction) Rollback();  // read-only: nothing to commit
  return page;
}

namespace {

// Filters become clauses on the article row `a` (entities and saved
// articles through `a.id IN (...)`), with every value bound as a parameter
// (nothing user-typed reaches the SQL text).
struct FilterSql {
  std::string where;  // " AND ..." clauses over `a`
  std::vector<std::string> text_params;
  std::vector<int64_t> int_params;  // bound after the text parameters
};

FilterSql BuildFilterSql(const SearchFilters& filters) {
  FilterSql sql;
  for (const auto& [type, key] : filters.entities) {
    // The filter's words must appear in the key as whole words, so that
    // person:كارتر finds اشتون كارتر; instr() needs no escaping of user text.
    sql.where +=
        " AND a.id IN (SELECT m.article_id FROM mention m JOIN entity e ON "
        "e.id = m.entity_id WHERE e.type = ? AND "
        "instr(' ' || e.key || ' ', ' ' || ? || ' ') > 0)";
    sql.text_params.push_back(type);
    sql.text_params.push_back(key);
  }
  // Topic, source and dates are plain column tests on the article row, so
  // listings use the (topic|source_id, time) indexes for both the filter
  // and the newest-first order, and searches test each match by its key.
  if (!filters.topic.empty()) {
    sql.where += " AND a.topic = ?";
    sql.text_params.push_back(filters.topic);
  }
  if (!filters.source.empty()) {
    sql.where += " AND a.source_id = (SELECT id FROM source WHERE name = ?)";
    sql.text_params.push_back(filters.source);
  }
  if (filters.from || filters.to) {
    sql.where += " AND coalesce(a.published_at, a.ingested_at) BETWEEN ? AND ?";
    sql.int_params.push_back(filters.from.value_or(INT64_MIN));
    sql.int_params.push_back(filters.to.value_or(INT64_MAX));
  }
  // Last, so its integer follows the dates' (parameters bind in order).
  if (filters.saved_by != 0) {
    sql.where += " AND a.id IN (SELECT article_id FROM saved WHERE user_id = ?)";
    sql.int_params.push_back(filters.saved_by);
  }
  return sql;
}

// Binds the filter parameters starting at `first`; returns the next index.
int BindFilters(Statement& stmt, const FilterSql& sql, int first) {
  int index = first;
  for (const std::string& p : sql.text_params) stmt.BindText(index++, p);
  for (int64_t p : sql.int_params) stmt.BindInt64(index++, p);
  return index;
}

// The first words of the body, for listings that have no match to show.
std::string Lead(const std::string& body) {
  constexpr std::size_t kLeadBytes = 240;
  std::size_t end = body.find('\n');
  if (end == std::string::npos) end = body.size();
  if (end <= kLeadBytes) return body.substr(0, end);
  std::size_t cut = body.rfind(' ', kLeadBytes);
  if (cut == std::string::npos || cut == 0) cut = kLeadBytes;
  while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
  return body.substr(0, cut) + "…";
}

}  // namespace

Result<SearchPage> SqliteStore::Impl::FilteredSearch(const FtsQuery& query) {
  const bool has_match = !query.match.empty();
  // The MATCH drives and each match's article row is tested by its primary
  // key. (Filters written as `rowid IN (SELECT ...)` made FTS5 run the
  // whole MATCH again for every id of the subquery: a frequent word with a
  // date filter took seconds at 50k articles; bench/scale/README.md.)
  const FilterSql filters = BuildFilterSql(query.filters);
  SearchPage page;
  std::string from_where;
  if (has_match) {
    from_where =
        " FROM article_fts JOIN article a ON a.id = article_fts.rowid "
        "WHERE article_fts MATCH ?1";
  } else {
    from_where = " FROM article a WHERE 1";
  }
  from_where += filters.where;
  const int first_filter = has_match ? 2 : 1;
  {
    Result<Statement> count =
        Statement::Prepare(db.get(), "SELECT count(*)" + from_where, false);
    if (!count.ok()) return count.status();
    if (has_match) count->BindText(1, query.match);
    BindFilters(*count, filters, first_filter);
    Result<bool> row = count->Step();
    if (!row.ok()) return row.status();
    page.total = *row ? count->ColumnInt64(0) : 0;
  }
  if (page.total == 0 || query.limit == 0 || query.offset >= page.total) {
    return page;
  }
  const std::string select =
      has_match ? "SELECT article_fts.rowid, article_fts.rank" + from_where +
                      " ORDER BY article_fts.rank, article_fts.rowid DESC "
                      "LIMIT ? OFFSET ?"
                // Sort ids only, then read the page's titles and bodies:
                // sorting whole rows would read every matching body.
                : "SELECT a.id, 0, a.title, a.body FROM article a JOIN "
                  "(SELECT a.id AS id, coalesce(a.published_at, "
                  "a.ingested_at) AS t" +
                      from_where +
                      " ORDER BY t DESC, a.id DESC LIMIT ? OFFSET ?) page "
                      "ON a.id = page.id ORDER BY page.t DESC, page.id DESC";
  Result<Statement> stmt = Statement::Prepare(db.get(), select, false);
  if (!stmt.ok()) return stmt.status();
  if (has_match) stmt->BindText(1, query.match);
  int next = BindFilters(*stmt, filters, first_filter);
  stmt->BindInt64(next, query.limit);
  stmt->BindInt64(next + 1, query.offset);
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    SearchHit hit;
    hit.id = stmt->ColumnInt64(0);
    hit.score = -stmt->ColumnDouble(1);
    if (!has_match) {
      hit.title = stmt->ColumnText(2);
      hit.snippet = Lead(stmt->ColumnText(3));
    }
    page.hits.push_back(std::move(hit));
  }
  if (has_match) KHABAR_RETURN_IF_ERROR(FillSnippets(query, &page));
  return page;
}

Result<SearchPage> SqliteStore::Impl::SearchInTransaction(
    const FtsQuery& query) {
  if (query.match.empty() || !query.filters.empty()) {
    Result<SearchPage> page = FilteredSearch(query);
    if (!page.ok() && page.status().code() == StatusCode::kInternal) {
      return Status::InvalidArgument(page.status().message())
          .WithContext("malformed full-text query");
    }
    return page;
  }
  // The only SQLITE_ERROR a cached, already-compiled search statement can
  // raise comes from parsing the MATCH string: the caller's mistake.
  auto map_error = [](const Status& status) {
    if (status.code() == StatusCode::kInternal) {
      return Status::InvalidArgument(status.message())
          .WithContext("malformed full-text query");
    }
    return status;
  };
  SearchPage page;
  {
    ScopedReset reset(search_count);
    search_count.BindText(1, query.match);
    Result<bool> row = search_count.Step();
    if (!row.ok()) return map_error(row.status());
    page.total = *row ? search_count.ColumnInt64(0) : 0;
  }
  if (page.total == 0 || query.limit == 0 || query.offset >= page.total) {
    return page;
  }
  {
    ScopedReset reset(search_page);
    search_page.BindText(1, query.match);
    search_page.BindInt64(2, query.limit);
    search_page.BindInt64(3, query.offset);
    while (true) {
      Result<bool> row = search_page.Step();
      if (!row.ok()) return map_error(row.status());
      if (!*row) break;
      SearchHit hit;
      hit.id = search_page.ColumnInt64(0);
      // FTS5's bm25() is negative, more negative for better matches.
      hit.score = -search_page.ColumnDouble(1);
      page.hits.push_back(std::move(hit));
    }
  }
  KHABAR_RETURN_IF_ERROR(FillSnippets(query, &page));
  return page;
}

Status SqliteStore::Impl::FillSnippets(const FtsQuery& query,
                                       SearchPage* page) {
  for (SearchHit& hit : page->hits) {
    ScopedReset reset(search_snippet);
    search_snippet.BindText(1, query.match);
    search_snippet.BindInt64(2, hit.id);
    search_snippet.BindText(3, kHighlightOpen);
    search_snippet.BindText(4, kHighlightClose);
    Result<bool> row = search_snippet.Step();
    if (!row.ok()) return row.status();
    if (!*row) continue;  // unreachable inside the read snapshot
    hit.title = search_snippet.ColumnText(0);
    hit.snippet = search_snippet.ColumnText(1);
  }
  return Status::Ok();
}

Status SqliteStore::CheckIntegrity() {
  sqlite3* h = impl_->db.get();
  Status fts = ExecSql(h,
                       "INSERT INTO article_fts(article_fts, rank) "
                       "VALUES('integrity-check', 1)");
  if (!fts.ok()) return Status::Corruption(fts.message());
  Result<Statement> stmt = Statement::Prepare(h, "PRAGMA quick_check", false);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("quick_check returned no row");
  const std::string result = stmt->ColumnText(0);
  if (result != "ok") return Status::Corruption("quick_check: " + result);
  return Status::Ok();
}

// --- Reading side ---------------------------------------------------------

namespace {

// The first column of the one row an aggregate query returns.
Result<int64_t> SingleInt64(Statement& stmt) {
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("aggregate query returned no row");
  return stmt.ColumnInt64(0);
}

StorySummary ReadStoryRow(const Statement& stmt) {
  StorySummary story;
  story.id = stmt.ColumnInt64(0);
  story.title = stmt.ColumnText(1);
  story.first_seen = stmt.ColumnInt64(2);
  story.last_seen = stmt.ColumnInt64(3);
  story.articles = stmt.ColumnInt64(4);
  story.sources = stmt.ColumnInt64(5);
  story.lead = stmt.ColumnInt64(6);
  return story;
}

EntitySummary ReadEntityRow(const Statement& stmt) {
  return EntitySummary{stmt.ColumnText(0), stmt.ColumnText(1),
                       stmt.ColumnText(2), stmt.ColumnInt64(3)};
}

// Two plans list the `matches` rows of one entity newest first: walk the
// recency index and probe each article, stopping after offset + limit hits
// (about (offset + limit) * articles / matches steps), or fetch every match
// and sort (about `matches` steps). SQLite cannot tell a common entity from
// a rare one, so we choose, from counts we have anyway.
bool PreferRecencyScan(int64_t matches, int64_t articles, int limit,
                       int offset) {
  if (matches <= 0) return false;
  const double steps = (static_cast<double>(offset) + limit) *
                       static_cast<double>(articles) /
                       static_cast<double>(matches);
  return steps < static_cast<double>(matches);
}

}  // namespace

template <typename T, typename F>
Result<T> SqliteStore::Impl::InSnapshot(F&& read) {
  const bool own_transaction = !InTransaction();
  if (own_transaction) {
    ScopedReset reset(begin_read);
    KHABAR_RETURN_IF_ERROR(begin_read.Exec());
  }
  Result<T> result = read();
  if (own_transaction && InTransaction()) {
    ScopedReset reset(rollback);
    (void)rollback.Exec();  // read-only: nothing to commit
  }
  return result;
}

Result<int64_t> SqliteStore::Impl::EntityTypes(std::string_view key) {
  ScopedReset reset(entity_types);
  entity_types.BindText(1, key);
  Result<int64_t> types = SingleInt64(entity_types);
  if (types.ok() && *types == 0) {
    return Status::NotFound("no entity with key '" + std::string(key) + "'");
  }
  return types;
}

Result<int64_t> SqliteStore::Impl::MaxArticleId() {
  ScopedReset reset(max_article_id);
  return SingleInt64(max_article_id);
}

Result<std::vector<StorySummary>> SqliteStore::RecentStories(UnixSeconds since,
                                                             int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, 0));
  Statement& stmt = impl_->recent_stories;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, since);
  stmt.BindInt64(2, limit);
  std::vector<StorySummary> stories;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    stories.push_back(ReadStoryRow(row));
  }));
  return stories;
}

Result<StorySummary> SqliteStore::GetStory(StoryId id) {
  Statement& stmt = impl_->get_story;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no story with id " + std::to_string(id));
  return ReadStoryRow(stmt);
}

Result<std::vector<ArticleId>> SqliteStore::StoryArticles(StoryId id,
                                                          int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, 0));
  Impl& impl = *impl_;
  return impl.InSnapshot<std::vector<ArticleId>>(
      [&]() -> Result<std::vector<ArticleId>> {
        std::vector<ArticleId> ids;
        {
          ScopedReset reset(impl.story_articles);
          impl.story_articles.BindInt64(1, id);
          impl.story_articles.BindInt64(2, limit);
          KHABAR_RETURN_IF_ERROR(
              ForEachRow(impl.story_articles, [&](const Statement& row) {
                ids.push_back(row.ColumnInt64(0));
              }));
        }
        if (!ids.empty()) return ids;
        // Every story has an article, so only an empty page can hide a
        // missing story.
        ScopedReset reset(impl.story_exists);
        impl.story_exists.BindInt64(1, id);
        Result<bool> row = impl.story_exists.Step();
        if (!row.ok()) return row.status();
        if (!*row) {
          return Status::NotFound("no story with id " + std::to_string(id));
        }
        return ids;
      });
}

Result<EntitySummary> SqliteStore::GetEntity(std::string_view key) {
  Statement& stmt = impl_->get_entity;
  ScopedReset reset(stmt);
  stmt.BindText(1, key);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status::NotFound("no entity with key '" + std::string(key) + "'");
  }
  return ReadEntityRow(stmt);
}

Result<std::pair<std::vector<ArticleId>, int64_t>>
SqliteStore::Impl::EntityArticlesIn(std::string_view key, int limit,
                                    int offset) {
  Result<int64_t> types = EntityTypes(key);
  if (!types.ok()) return types.status();
  // With one type each mention row is one article; a key filed under
  // several types may count an article twice, so count distinct ones.
  Statement& count = *types == 1 ? entity_mentions : entity_articles_total;
  int64_t total = 0;
  {
    ScopedReset reset(count);
    count.BindText(1, key);
    Result<int64_t> n = SingleInt64(count);
    if (!n.ok()) return n.status();
    total = *n;
  }
  std::vector<ArticleId> ids;
  if (limit == 0 || offset >= total) return std::pair(ids, total);
  Result<int64_t> articles = MaxArticleId();
  if (!articles.ok()) return articles.status();
  Statement& page = PreferRecencyScan(total, *articles, limit, offset)
                        ? entity_articles_dense
                        : entity_articles_sparse;
  ScopedReset reset(page);
  page.BindText(1, key);
  page.BindInt64(2, limit);
  page.BindInt64(3, offset);
  KHABAR_RETURN_IF_ERROR(ForEachRow(
      page, [&](const Statement& row) { ids.push_back(row.ColumnInt64(0)); }));
  return std::pair(std::move(ids), total);
}

Result<std::pair<std::vector<ArticleId>, int64_t>> SqliteStore::EntityArticles(
    std::string_view key, int limit, int offset) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, offset));
  return impl_->InSnapshot<std::pair<std::vector<ArticleId>, int64_t>>(
      [&] { return impl_->EntityArticlesIn(key, limit, offset); });
}

Result<std::vector<QuoteHit>> SqliteStore::Impl::EntityQuotesIn(
    std::string_view key, int limit, int offset) {
  Result<int64_t> types = EntityTypes(key);
  if (!types.ok()) return types.status();
  int64_t total = 0;
  {
    ScopedReset reset(entity_quote_count);
    entity_quote_count.BindText(1, key);
    Result<int64_t> n = SingleInt64(entity_quote_count);
    if (!n.ok()) return n.status();
    total = *n;
  }
  std::vector<QuoteHit> hits;
  if (limit == 0 || offset >= total) return hits;
  Result<int64_t> articles = MaxArticleId();
  if (!articles.ok()) return articles.status();
  Statement& page = PreferRecencyScan(total, *articles, limit, offset)
                        ? entity_quotes_dense
                        : entity_quotes_sparse;
  ScopedReset reset(page);
  page.BindText(1, key);
  page.BindInt64(2, limit);
  page.BindInt64(3, offset);
  KHABAR_RETURN_IF_ERROR(ForEachRow(page, [&](const Statement& row) {
    QuoteHit hit;
    hit.article = row.ColumnInt64(0);
    hit.at = row.ColumnInt64(1);
    hit.quote.speaker = row.ColumnText(2);
    hit.quote.speaker_key = std::string(key);
    hit.quote.text = row.ColumnText(3);
    hit.quote.cue = row.ColumnText(4);
    hit.quote.offset = static_cast<uint32_t>(row.ColumnInt64(5));
    hits.push_back(std::move(hit));
  }));
  return hits;
}

Result<std::vector<QuoteHit>> SqliteStore::EntityQuotes(std::string_view key,
                                                        int limit, int offset) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, offset));
  return impl_->InSnapshot<std::vector<QuoteHit>>(
      [&] { return impl_->EntityQuotesIn(key, limit, offset); });
}

Result<std::vector<EntitySummary>> SqliteStore::CoEntities(std::string_view key,
                                                           int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, 0));
  Impl& impl = *impl_;
  return impl.InSnapshot<std::vector<EntitySummary>>(
      [&]() -> Result<std::vector<EntitySummary>> {
        Result<int64_t> types = impl.EntityTypes(key);
        if (!types.ok()) return types.status();
        std::vector<EntitySummary> entities;
        ScopedReset reset(impl.co_entities);
        impl.co_entities.BindText(1, key);
        impl.co_entities.BindInt64(2, limit);
        KHABAR_RETURN_IF_ERROR(
            ForEachRow(impl.co_entities, [&](const Statement& row) {
              entities.push_back(ReadEntityRow(row));
            }));
        return entities;
      });
}

Result<std::vector<DayCount>> SqliteStore::Impl::MentionsPerDayIn(
    std::string_view key, UnixSeconds from, UnixSeconds to) {
  Result<int64_t> types = EntityTypes(key);
  if (!types.ok()) return types.status();
  std::vector<DayCount> days;
  if (from >= to) return days;
  int64_t mentions = 0;
  {
    ScopedReset reset(entity_mentions);
    entity_mentions.BindText(1, key);
    Result<int64_t> n = SingleInt64(entity_mentions);
    if (!n.ok()) return n.status();
    mentions = *n;
  }
  // Walk whichever is smaller: the articles in the range (probing each for
  // a mention) or the entity's mentions (checking each one's time). The
  // range count stops as soon as it passes the mentions.
  int64_t in_range = 0;
  {
    ScopedReset reset(articles_in_range);
    articles_in_range.BindInt64(1, from);
    articles_in_range.BindInt64(2, to);
    articles_in_range.BindInt64(3, mentions + 1);
    Result<int64_t> n = SingleInt64(articles_in_range);
    if (!n.ok()) return n.status();
    in_range = *n;
  }
  Statement& stmt =
      in_range <= mentions ? mentions_per_day_dense : mentions_per_day_sparse;
  ScopedReset reset(stmt);
  stmt.BindText(1, key);
  stmt.BindInt64(2, from);
  stmt.BindInt64(3, to);
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    days.push_back({row.ColumnText(0), row.ColumnInt64(1)});
  }));
  return days;
}

Result<std::vector<DayCount>> SqliteStore::EntityMentionsPerDay(
    std::string_view key, UnixSeconds from, UnixSeconds to) {
  return impl_->InSnapshot<std::vector<DayCount>>(
      [&] { return impl_->MentionsPerDayIn(key, from, to); });
}

Result<std::vector<EntitySummary>> SqliteStore::Impl::TopEntitiesIn(
    std::string_view type, UnixSeconds since, int limit, int offset) {
  std::vector<EntitySummary> entities;
  if (limit == 0) return entities;
  // When `since` reaches back past the oldest article every mention counts,
  // and counting mention_entity alone is several times faster than joining
  // each article to its mentions.
  bool all_time = true;
  {
    ScopedReset reset(oldest_time);
    Result<bool> row = oldest_time.Step();
    if (!row.ok()) return row.status();
    if (*row) all_time = since <= oldest_time.ColumnInt64(0);
  }
  Statement& stmt = all_time ? top_entities_all : top_entities_since;
  ScopedReset reset(stmt);
  int next = 1;
  if (!all_time) stmt.BindInt64(next++, since);
  stmt.BindText(next++, type);
  stmt.BindInt64(next++, limit);
  stmt.BindInt64(next, offset);
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    entities.push_back(ReadEntityRow(row));
  }));
  return entities;
}

Result<std::vector<EntitySummary>> SqliteStore::TopEntities(
    std::string_view type, UnixSeconds since, int limit, int offset) {
  KHABAR_RETURN_IF_ERROR(ValidateLimit(limit, offset));
  return impl_->InSnapshot<std::vector<EntitySummary>>(
      [&] { return impl_->TopEntitiesIn(type, since, limit, offset); });
}

Result<std::vector<Facet>> SqliteStore::Topics() {
  Statement& stmt = impl_->topics;
  ScopedReset reset(stmt);
  std::vector<Facet> facets;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    facets.push_back({0, row.ColumnText(0), row.ColumnInt64(1)});
  }));
  return facets;
}

Result<std::vector<Facet>> SqliteStore::Sources() {
  Statement& stmt = impl_->sources;
  ScopedReset reset(stmt);
  std::vector<Facet> facets;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    facets.push_back(
        {row.ColumnInt64(0), row.ColumnText(1), row.ColumnInt64(2)});
  }));
  return facets;
}

Result<std::optional<UnixSeconds>> SqliteStore::NewestTime() {
  Statement& stmt = impl_->newest_time;
  ScopedReset reset(stmt);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(stmt.ColumnInt64(0));
}

// The largest article id. An INTEGER PRIMARY KEY without AUTOINCREMENT takes
// max(id) + 1, so every committed Put raises it, whichever connection made
// it, and reading it is one index probe. count(*) would add nothing for
// additions (and costs a full index scan). It would miss a delete of the
// newest article followed by a Put, or a rolled-back Put read inside its own
// transaction; the store has no deletes and readers do not write.
Result<int64_t> SqliteStore::DataVersion() { return impl_->MaxArticleId(); }

Result<int64_t> SqliteStore::IngestedSince(UnixSeconds since) {
  // Ids grow with ingestion, so the newest rows come first and the walk
  // stops at the first one stored before `since`.
  Result<Statement> stmt = Statement::Prepare(
      impl_->db.get(), "SELECT ingested_at FROM article ORDER BY id DESC",
      false);
  if (!stmt.ok()) return stmt.status();
  int64_t count = 0;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row || stmt->ColumnInt64(0) < since) break;
    ++count;
  }
  return count;
}

}  // namespace khabar::store
