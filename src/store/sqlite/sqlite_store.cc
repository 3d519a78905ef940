#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <iterator>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "store/sqlite/fts5_tokenizer.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store {

using sqlite_internal::DbHandle;
using sqlite_internal::ExecSql;
using sqlite_internal::IsValidUtf8;
using sqlite_internal::ScopedReset;
using sqlite_internal::SqliteError;
using sqlite_internal::Statement;

namespace {

constexpr char kMemoryPath[] = ":memory:";
constexpr char kTokenizerMetaKey[] = "tokenizer";
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

constexpr Migration kMigrations[] = {
    {1, CoreTables},
    {2, FullTextIndex},
};

bool IsValidTokenizerName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

Result<int> ReadUserVersion(sqlite3* db) {
  Result<Statement> stmt = Statement::Prepare(db, "PRAGMA user_version", false);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("PRAGMA user_version returned no row");
  return static_cast<int>(stmt->ColumnInt64(0));
}

// The tokenizer recorded in meta, or "" when the index does not exist yet.
Result<std::string> ReadIndexTokenizer(sqlite3* db) {
  Result<Statement> stmt =
      Statement::Prepare(db, "SELECT value FROM meta WHERE key = ?1", false);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, kTokenizerMetaKey);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnText(0) : std::string();
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

std::string JoinParagraphs(const std::vector<std::string>& paragraphs) {
  std::string body;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0) body += kParagraphSeparator;
    body += paragraphs[i];
  }
  return body;
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
    "a.content_hash FROM article a LEFT JOIN source s ON s.id = a.source_id ";

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
  Statement get_article;
  Statement latest;
  Statement count;
  Statement search_count;
  Statement search_page;
  Statement search_snippet;

  Status Prepare();
  Result<PutResult> PutInTransaction(const Article& article);
  Result<SearchPage> SearchInTransaction(const FtsQuery& query);
  Result<std::optional<ArticleId>> FindExisting(const Article& article);
  Result<std::optional<int64_t>> SourceId(const Article& article);
  bool InTransaction() const { return sqlite3_get_autocommit(db.get()) == 0; }
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
       "published_at, ingested_at, author, lang, content_hash) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
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
  if (existing->has_value()) return PutResult{**existing, false};

  Result<std::optional<int64_t>> source_id = SourceId(article);
  if (!source_id.ok()) return source_id.status();

  const std::string body = JoinParagraphs(article.paragraphs);
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
    KHABAR_RETURN_IF_ERROR(insert_article.Exec());
    id = sqlite3_last_insert_rowid(db.get());
  }
  {
    ScopedReset reset(insert_fts);
    insert_fts.BindInt64(1, id);
    insert_fts.BindText(2, article.title);
    insert_fts.BindText(3, body);
    Status status = insert_fts.Exec();
    if (!status.ok()) return status.WithContext("indexing article");
  }
  return PutResult{id, true};
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
  // Reading the version first turns "not a database" into a clear error
  // before any pragma tries to write.
  Result<int> version = ReadUserVersion(h);
  if (!version.ok()) return version.status().WithContext(context);
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
  if (options.tokenizer != nullptr) {
    KHABAR_RETURN_IF_ERROR(
        sqlite_internal::RegisterFts5Tokenizer(h, options.tokenizer)
            .WithContext(context));
  }
  if (*version >= 1) {
    Result<std::string> built_with = ReadIndexTokenizer(h);
    if (!built_with.ok()) return built_with.status().WithContext(context);
    if (!built_with->empty() && *built_with != tokenize_spec) {
      return Status::InvalidArgument(
          context + ": the search index was built with tokenizer '" +
          *built_with + "' and cannot be read with '" + tokenize_spec +
          "'; open it with the same analyzer or rebuild the index");
    }
  }
  if (!options.read_only) {
    KHABAR_RETURN_IF_ERROR(
        ApplyMigrations(h, tokenize_spec).WithContext(context));
  }

  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  KHABAR_RETURN_IF_ERROR(impl->Prepare().WithContext(context));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(impl), std::move(tokenize_spec)));
}

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

Result<Article> SqliteStore::Get(ArticleId id) {
  Statement& stmt = impl_->get_article;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row)
    return Status::NotFound("no article with id " + std::to_string(id));
  return ReadArticleRow(stmt);
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

Result<SearchPage> SqliteStore::Impl::SearchInTransaction(
    const FtsQuery& query) {
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
  for (SearchHit& hit : page.hits) {
    ScopedReset reset(search_snippet);
    search_snippet.BindText(1, query.match);
    search_snippet.BindInt64(2, hit.id);
    search_snippet.BindText(3, kHighlightOpen);
    search_snippet.BindText(4, kHighlightClose);
    Result<bool> row = search_snippet.Step();
    if (!row.ok()) return map_error(row.status());
    if (!*row) continue;  // unreachable inside the read snapshot
    hit.title = search_snippet.ColumnText(0);
    hit.snippet = search_snippet.ColumnText(1);
  }
  return page;
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

}  // namespace khabar::store
