// SqliteStore: the default ArticleStore and ReaderStore, one SQLite database
// file with an
// FTS5 full-text index whose tokenizer is Khabar's analyzer (through
// store::IndexTokenizer) or, as an evaluation baseline, FTS5's built-in
// "unicode61 remove_diacritics 2". Both interfaces share the connection, so
// Begin()/Commit() group article and reader writes; every multi-statement
// reader write is atomic on its own (a transaction, or a savepoint inside
// the caller's).
//
// The database runs in WAL mode (one writer, many readers across
// connections). A SqliteStore is one connection: use it from one thread at a
// time and open one store per thread for concurrent readers. The schema is
// migrated forward on open (PRAGMA user_version); a database written by a
// newer binary, or indexed with a different tokenizer, is refused. An index
// built with another revision() of the same tokenizer is rebuilt by a
// read-write open (minutes on a million articles) and refused read-only.
#ifndef KHABAR_STORE_SQLITE_SQLITE_STORE_H_
#define KHABAR_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/article_store.h"
#include "store/index_tokenizer.h"
#include "store/job_store.h"
#include "store/reader_store.h"
#include "store/source_store.h"

struct sqlite3;

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

// Replaces the database at `db_path` with the backup at `backup_path`, after
// checking the backup (PRAGMA integrity_check, Khabar's schema). Nothing may
// have the database open: stop `khabar serve` and workers first. The old
// database's -wal and -shm files are removed and the copy is renamed into
// place, so a crash leaves either the old database or the restored one.
// (sqlite_backup.cc)
Status RestoreSqliteBackup(const std::string& backup_path,
                           const std::string& db_path);

class SqliteStore final : public ArticleStore,
                          public ReaderStore,
                          public SourceStore,
                          public JobStore {
 public:
  // Opens (creating unless read_only) and migrates the database.
  // InvalidArgument: a read-only open of a missing file or of ":memory:", a
  // tokenizer name that is not [A-Za-z0-9_]+, a database from a newer
  // binary, an index built with another tokenizer, a read-only database that
  // needs migration or an index rebuild. IOError/Corruption: the file cannot be used.
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

  // --- ReaderStore (sqlite_reader_store.cc). -----------------------------
  // Deletions by key that find nothing (Unsave, RemoveFollow, DeleteSession,
  // DeleteUserSessions) are no-ops, not NotFound. DeleteUser deletes the
  // user's unsent mail and strips sent mail of everything personal
  // (recipient, message text, user id), keeping only delivery counts.
  // RecordRead keeps one row per (reader, article) at its latest time, so
  // PopularArticles counts readers, not reloads.
  Result<UserId> CreateUser(const User& user) override;
  Result<User> GetUser(UserId id) override;
  Result<User> FindUserByEmail(std::string_view email) override;
  Status UpdateUser(const User& user) override;
  Status DeleteUser(UserId id) override;
  Status PutSession(const Session& session) override;
  Result<Session> GetSession(std::string_view token_hash,
                             UnixSeconds now) override;
  Status ExtendSession(std::string_view token_hash,
                       UnixSeconds expires_at) override;
  Status DeleteSession(std::string_view token_hash) override;
  Status DeleteUserSessions(UserId user, std::string_view keep_hash) override;
  Result<int64_t> CountSessions(UserId user, UnixSeconds now) override;
  Result<int64_t> PutApiToken(const ApiToken& token) override;
  Result<std::vector<ApiToken>> ApiTokens(UserId user) override;
  Result<ApiToken> UseApiToken(std::string_view token_hash,
                               UnixSeconds now) override;
  Status RevokeApiToken(UserId user, int64_t id) override;
  Status PutEmailToken(const EmailToken& token) override;
  Result<EmailToken> TakeEmailToken(std::string_view token_hash,
                                    std::string_view purpose,
                                    UnixSeconds now) override;
  Status Save(UserId user, ArticleId article, UnixSeconds at) override;
  Status Unsave(UserId user, ArticleId article) override;
  Result<std::pair<std::vector<SavedArticle>, int64_t>> SavedArticles(
      UserId user, int limit, int offset) override;
  Result<std::vector<ArticleId>> SavedAmong(
      UserId user, const std::vector<ArticleId>& articles) override;
  Status PutFollow(UserId user, const Follow& follow) override;
  Status RemoveFollow(UserId user, std::string_view kind,
                      std::string_view target) override;
  Result<std::vector<Follow>> Follows(UserId user) override;
  Status RecordRead(UserId user, ArticleId article, UnixSeconds at) override;
  Result<std::vector<ReadEvent>> RecentReads(UserId user, int limit) override;
  Result<std::vector<ArticleInterest>> PopularArticles(UnixSeconds since,
                                                       int limit) override;
  Result<int64_t> PutNewsletter(const Newsletter& newsletter) override;
  Result<std::vector<Newsletter>> Newsletters() override;
  Result<Newsletter> GetNewsletter(int64_t id) override;
  Result<Subscription> Subscribe(UserId user, int64_t newsletter,
                                 UnixSeconds at) override;
  Result<Subscription> GetSubscription(int64_t id) override;
  Result<std::vector<Subscription>> Subscriptions(UserId user) override;
  Status ConfirmSubscription(int64_t id, UnixSeconds at) override;
  Status Unsubscribe(int64_t id, UnixSeconds at) override;
  Result<std::vector<Subscription>> ActiveSubscriptions(
      int64_t newsletter) override;
  Result<int64_t> QueueEdition(const Edition& edition,
                               const OutboxMessage& message) override;
  Result<bool> HasEdition(int64_t newsletter, UserId user,
                          std::string_view period) override;
  Result<int64_t> Enqueue(const OutboxMessage& message) override;
  // One UPDATE ... RETURNING: atomic across connections and processes.
  Result<std::optional<OutboxMessage>> ClaimOutbox(
      UnixSeconds now, UnixSeconds lease_until) override;
  Status MarkSent(int64_t id, UnixSeconds at) override;
  Status MarkRetry(int64_t id, std::string_view error, UnixSeconds next_try,
                   bool give_up) override;
  Result<OutboxMessage> GetOutbox(int64_t id) override;
  Result<std::vector<OutboxMessage>> OutboxFor(std::string_view recipient,
                                               int limit) override;
  Result<OutboxCounts> CountOutbox() override;
  Result<int64_t> Hit(std::string_view key, UnixSeconds window_start) override;
  Result<int64_t> HitsSoFar(std::string_view key,
                            UnixSeconds window_start) override;
  Result<std::string> Secret(std::string_view name,
                             std::string_view fresh) override;
  Status SetOperator(UserId user, bool is_operator) override;
  Result<bool> IsOperator(UserId user) override;

  // --- SourceStore (sqlite_source_store.cc). -------------------------------
  // Source writes are rare (a poll every few minutes), so their statements
  // are prepared per call rather than cached.
  Result<SourceId> AddSource(const Source& source) override;
  Result<Source> GetSource(SourceId id) override;
  Result<std::vector<Source>> ListSources() override;
  Result<std::vector<Source>> DueSources(UnixSeconds now, int limit) override;
  Result<std::optional<UnixSeconds>> NextDue() override;
  Status UpdateSource(const Source& source) override;
  Status RemoveSource(SourceId id) override;
  Result<bool> ItemDone(SourceId source, std::string_view key) override;
  Status RecordItem(SourceId source, std::string_view key,
                    std::optional<ArticleId> article, UnixSeconds at,
                    int max_attempts) override;
  Result<int64_t> SourceArticlesSince(SourceId source,
                                      UnixSeconds since) override;

  // --- JobStore (sqlite_job_store.cc). -------------------------------------
  // Claims run in one UPDATE ... RETURNING under SQLite's single writer, so
  // two connections never claim the same job.
  Result<JobId> EnqueueJob(std::string_view kind, std::string_view key,
                           std::string_view payload,
                           UnixSeconds run_after) override;
  Result<std::optional<Job>> ClaimJob(std::string_view worker,
                                      std::string_view kind, UnixSeconds now,
                                      int64_t lease_s) override;
  Status RenewJob(JobId id, std::string_view worker,
                  UnixSeconds lease_until) override;
  Status CompleteJob(JobId id, std::string_view worker,
                     UnixSeconds at) override;
  Status FailJob(JobId id, std::string_view worker, std::string_view error,
                 std::optional<UnixSeconds> retry_at, UnixSeconds at) override;
  Result<Job> GetJob(JobId id) override;
  Result<JobCounts> CountJobs() override;
  Result<int64_t> PruneJobs(UnixSeconds before) override;

  // Writes a consistent copy of the live database to `path` with SQLite's
  // online backup API (readers and the writer go on meanwhile; the copy is
  // of one moment). The file is written beside `path` and renamed into
  // place, so `path` is never half-written. (sqlite_backup.cc)
  Status BackupTo(const std::string& path);

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
  // The ReaderStore side's cached statements (sqlite_reader_store.cc).
  struct Readers;
  struct ReadersDeleter {
    void operator()(Readers* readers) const;
  };
  explicit SqliteStore(std::unique_ptr<Impl> impl, std::string tokenizer_spec);

  sqlite3* db() const;
  // Compiles the ReaderStore statements; called once by Open().
  Status PrepareReaders();

  std::unique_ptr<Impl> impl_;
  // Declared after impl_: its statements are finalized first.
  std::unique_ptr<Readers, ReadersDeleter> readers_;
  std::string tokenizer_spec_;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_SQLITE_SQLITE_STORE_H_
