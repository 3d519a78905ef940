// PostgresStore: every store interface on PostgreSQL 15 (libpqxx), for
// deployments that outgrow one machine: any number of `khabar serve` and
// `khabar worker` processes share one database. Tables mirror SqliteStore's
// one to one (same names, columns and meanings), so `khabar migrate` copies
// a SQLite deployment table by table. Full-text search uses Khabar's own
// analyzer: the store tokenizes each article with the IndexTokenizer it was
// opened with and stores the terms as a tsvector (GIN-indexed); a query's
// FTS5 expression (the search layer's language) is translated term by term
// into a tsquery, so both backends answer the same queries.
//
// One PostgresStore is one server connection with its statements prepared
// once; use it from one thread at a time and open one per thread (the
// service layer's per-thread Library is the connection pool). Begin() and
// Commit() group writes of every interface; a multi-statement write outside
// them is atomic on its own (its own transaction, or a savepoint inside the
// caller's). The schema is migrated forward on open under an advisory lock,
// so instances started together never race; a database written by a newer
// binary, or indexed with another tokenizer, is refused.
#ifndef KHABAR_STORE_POSTGRES_POSTGRES_STORE_H_
#define KHABAR_STORE_POSTGRES_POSTGRES_STORE_H_

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

namespace khabar::store {

namespace pg {
class Connection;
}  // namespace pg

struct PostgresOptions {
  // A libpq connection URI: postgresql://user@host:port/dbname?options.
  std::string url;
  // Borrowed; must outlive the store. Required: PostgreSQL has no built-in
  // Arabic analyzer, so the index is always Khabar's.
  const IndexTokenizer* tokenizer = nullptr;
  // Refuses writes (a read-only session); the schema must be current.
  bool read_only = false;
};

// Highest schema version this binary knows (khabar_meta.schema_version).
int PostgresSchemaVersion();

// True for URLs this backend opens: postgres:// or postgresql://.
bool IsPostgresUrl(std::string_view url);

class PostgresStore final : public ArticleStore,
                            public ReaderStore,
                            public SourceStore,
                            public JobStore {
 public:
  // Connects and migrates. InvalidArgument: no tokenizer, a database from a
  // newer binary, an index built with another tokenizer, a read-only open of
  // a database that needs migration. Unavailable-like IOError: the server
  // cannot be reached (the message names host and port, never the password).
  static Result<std::unique_ptr<PostgresStore>> Open(
      const PostgresOptions& options);

  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  Status Begin() override;
  Status Commit() override;
  void Rollback() override;


  // --- ArticleStore (postgres_article_store.cc, search in
  // postgres_search.cc). --------------------------------------------------
  Result<PutResult> Put(const Article& article) override;
  Result<Article> Get(ArticleId id) override;
  Result<Article> GetRow(ArticleId id) override;
  Result<int64_t> Count() override;
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


  // --- ReaderStore (postgres_reader_store.cc). ----------------------------
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


  // --- SourceStore (postgres_source_store.cc). ----------------------------
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

  // --- JobStore (postgres_job_store.cc). -----------------------------------
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

  // Recomputes every article's search terms with this store's tokenizer
  // (after `khabar migrate` copied the rows in, or to re-index). Runs in the
  // caller's transaction when one is open.
  Status RebuildSearchIndex();
  // RebuildSearchIndex() when the index was built with another revision()
  // of the tokenizer; Open() calls it unless read-only (which refuses such
  // an index instead).
  Status RefreshIndexRevision();

  // Checks what PostgreSQL can check cheaply: every article has its search
  // row and every index is valid (pg_index.indisvalid). Corruption if not.
  Status CheckIntegrity();

  // The connection, for the backend's own files (migrate, tests).
  pg::Connection& connection() { return *conn_; }
  const IndexTokenizer& tokenizer() const { return *tokenizer_; }

  static constexpr double kTitleWeight = 3.0;
  static constexpr double kBodyWeight = 1.0;
  static constexpr int kSnippetTokens = 24;

 private:
  PostgresStore(std::unique_ptr<pg::Connection> conn,
                const IndexTokenizer* tokenizer);

  std::unique_ptr<pg::Connection> conn_;
  const IndexTokenizer* tokenizer_;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_POSTGRES_POSTGRES_STORE_H_
