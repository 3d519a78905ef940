// SqliteStore: the default ArticleStore, one SQLite database file with an
// FTS5 full-text index whose tokenizer is Khabar's analyzer (through
// store::IndexTokenizer) or, as an evaluation baseline, FTS5's built-in
// "unicode61 remove_diacritics 2".
//
// The database runs in WAL mode (one writer, many readers across
// connections). A SqliteStore is one connection: use it from one thread at a
// time and open one store per thread for concurrent readers. The schema is
// migrated forward on open (PRAGMA user_version); a database written by a
// newer binary, or indexed with a different tokenizer, is refused.
#ifndef KHABAR_STORE_SQLITE_SQLITE_STORE_H_
#define KHABAR_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/article_store.h"
#include "store/index_tokenizer.h"

namespace khabar::store {

struct SqliteOptions {
  // A file path, or ":memory:" for a private in-memory database (tests).
  std::string path;
  // Borrowed; must outlive the store. nullptr selects FTS5's built-in
  // tokenizer (a baseline for evaluations, not for production search).
  const IndexTokenizer* tokenizer = nullptr;
  // Opens an existing, fully migrated database without writing to it.
  bool read_only = false;
  // How long a statement waits for another connection's lock.
  int busy_timeout_ms = 5000;
};

// The FTS5 tokenizer spec used when SqliteOptions::tokenizer is nullptr.
inline constexpr char kBuiltinTokenizerSpec[] = "unicode61 remove_diacritics 2";

// Highest schema version this binary knows (PRAGMA user_version).
int SqliteSchemaVersion();

class SqliteStore final : public ArticleStore {
 public:
  // Opens (creating unless read_only) and migrates the database.
  // InvalidArgument: a read-only open of a missing file or of ":memory:", a
  // tokenizer name that is not [A-Za-z0-9_]+, a database from a newer
  // binary, an index built with another tokenizer, a read-only database that
  // needs migration. IOError/Corruption: the file cannot be used.
  static Result<std::unique_ptr<SqliteStore>> Open(
      const SqliteOptions& options);

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

  // InvalidArgument for an empty content_hash, text that is not UTF-8, or a
  // paragraph containing '\n' (the body is stored as paragraphs joined with
  // '\n', so such a paragraph could not be read back as one).
  Result<PutResult> Put(const Article& article) override;
  Result<Article> Get(ArticleId id) override;
  Result<Article> GetRow(ArticleId id) override;
  Result<int64_t> Count() override;
  // Ranks by BM25 with the title weighted kTitleWeight and the body 1;
  // snippets come from the body. SQLite's message for a malformed MATCH
  // expression comes back as InvalidArgument.
  Result<SearchPage> Search(const FtsQuery& query) override;
  Result<std::vector<Article>> Latest(int limit) override;

  Result<std::vector<StorySummary>> RecentStories(UnixSeconds since,
                                                  int limit) override;
  Result<StorySummary> GetStory(StoryId id) override;
  Result<std::vector<ArticleId>> StoryArticles(StoryId id, int limit) override;
  Result<EntitySummary> GetEntity(std::string_view key) override;
  Result<std::pair<std::vector<ArticleId>, int64_t>> EntityArticles(
      std::string_view key, int limit, int offset) override;
  Result<std::vector<QuoteHit>> EntityQuotes(std::string_view key, int limit,
                                             int offset) override;
  Result<std::vector<EntitySummary>> CoEntities(std::string_view key,
                                                int limit) override;
  Result<std::vector<DayCount>> EntityMentionsPerDay(std::string_view key,
                                                     UnixSeconds from,
                                                     UnixSeconds to) override;
  Result<std::vector<EntitySummary>> TopEntities(std::string_view type,
                                                 UnixSeconds since, int limit,
                                                 int offset) override;
  Result<std::vector<Facet>> Topics() override;
  Result<std::vector<Facet>> Sources() override;
  Result<std::optional<UnixSeconds>> NewestTime() override;
  Result<int64_t> DataVersion() override;
  Result<int64_t> IngestedSince(UnixSeconds since) override;

  // Checks the FTS index against the article table (FTS5 'integrity-check')
  // and the database file (PRAGMA quick_check). Corruption when either fails.
  Status CheckIntegrity();

  // The tokenizer the index was built with: a tokenizer name() or
  // kBuiltinTokenizerSpec.
  const std::string& tokenizer_spec() const { return tokenizer_spec_; }

  static constexpr double kTitleWeight = 3.0;
  static constexpr double kBodyWeight = 1.0;
  // Tokens per snippet; long enough for a sentence fragment around the hit.
  static constexpr int kSnippetTokens = 24;

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl, std::string tokenizer_spec);

  std::unique_ptr<Impl> impl_;
  std::string tokenizer_spec_;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_SQLITE_SQLITE_STORE_H_
