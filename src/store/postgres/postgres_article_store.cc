// STUB (contract): a helper replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "store/postgres/postgres_store.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"

namespace khabar::store {

namespace pg {
const char kArticleSchema[] = "";
}  // namespace pg

Result<PutResult> PostgresStore::Put(const Article& article) {
  return Status::Internal("postgres: not implemented");
}

Result<Article> PostgresStore::Get(ArticleId id) {
  return Status::Internal("postgres: not implemented");
}

Result<Article> PostgresStore::GetRow(ArticleId id) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::Count() {
  return Status::Internal("postgres: not implemented");
}

Result<SearchPage> PostgresStore::Search(const FtsQuery& query) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Article>> PostgresStore::Latest(int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<StorySummary>> PostgresStore::RecentStories(UnixSeconds since,
                                                  int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<StorySummary> PostgresStore::GetStory(StoryId id) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<ArticleId>> PostgresStore::StoryArticles(StoryId id, int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<EntitySummary> PostgresStore::GetEntity(std::string_view key) {
  return Status::Internal("postgres: not implemented");
}

Result<std::pair<std::vector<ArticleId>, int64_t>> PostgresStore::EntityArticles(
      std::string_view key, int limit, int offset) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<QuoteHit>> PostgresStore::EntityQuotes(std::string_view key, int limit,
                                             int offset) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<EntitySummary>> PostgresStore::CoEntities(std::string_view key,
                                                int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<DayCount>> PostgresStore::EntityMentionsPerDay(std::string_view key,
                                                     UnixSeconds from,
                                                     UnixSeconds to) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<EntitySummary>> PostgresStore::TopEntities(std::string_view type,
                                                 UnixSeconds since, int limit,
                                                 int offset) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Facet>> PostgresStore::Topics() {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Facet>> PostgresStore::Sources() {
  return Status::Internal("postgres: not implemented");
}

Result<std::optional<UnixSeconds>> PostgresStore::NewestTime() {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::DataVersion() {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::IngestedSince(UnixSeconds since) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::CheckIntegrity() {
  return Status::Internal("postgres: not implemented");
}

}  // namespace khabar::store
