// STUB (contract): a helper replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "store/postgres/postgres_store.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"

namespace khabar::store {

namespace pg {
const char kSourceSchema[] = "";
}  // namespace pg

Result<SourceId> PostgresStore::AddSource(const Source& source) {
  return Status::Internal("postgres: not implemented");
}

Result<Source> PostgresStore::GetSource(SourceId id) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Source>> PostgresStore::ListSources() {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Source>> PostgresStore::DueSources(UnixSeconds now, int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<std::optional<UnixSeconds>> PostgresStore::NextDue() {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::UpdateSource(const Source& source) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::RemoveSource(SourceId id) {
  return Status::Internal("postgres: not implemented");
}

Result<bool> PostgresStore::ItemDone(SourceId source, std::string_view key) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::RecordItem(SourceId source, std::string_view key,
                    std::optional<ArticleId> article, UnixSeconds at,
                    int max_attempts) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::SourceArticlesSince(SourceId source,
                                      UnixSeconds since) {
  return Status::Internal("postgres: not implemented");
}

}  // namespace khabar::store
