// STUB (contract): a helper replaces this file.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "store/postgres/postgres_store.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"

namespace khabar::store {

namespace pg {
const char kReaderSchema[] = "";
}  // namespace pg

Result<UserId> PostgresStore::CreateUser(const User& user) {
  return Status::Internal("postgres: not implemented");
}

Result<User> PostgresStore::GetUser(UserId id) {
  return Status::Internal("postgres: not implemented");
}

Result<User> PostgresStore::FindUserByEmail(std::string_view email) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::UpdateUser(const User& user) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::DeleteUser(UserId id) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::PutSession(const Session& session) {
  return Status::Internal("postgres: not implemented");
}

Result<Session> PostgresStore::GetSession(std::string_view token_hash,
                             UnixSeconds now) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::ExtendSession(std::string_view token_hash,
                       UnixSeconds expires_at) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::DeleteSession(std::string_view token_hash) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::DeleteUserSessions(UserId user, std::string_view keep_hash) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::CountSessions(UserId user, UnixSeconds now) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::PutApiToken(const ApiToken& token) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<ApiToken>> PostgresStore::ApiTokens(UserId user) {
  return Status::Internal("postgres: not implemented");
}

Result<ApiToken> PostgresStore::UseApiToken(std::string_view token_hash,
                               UnixSeconds now) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::RevokeApiToken(UserId user, int64_t id) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::PutEmailToken(const EmailToken& token) {
  return Status::Internal("postgres: not implemented");
}

Result<EmailToken> PostgresStore::TakeEmailToken(std::string_view token_hash,
                                    std::string_view purpose,
                                    UnixSeconds now) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::Save(UserId user, ArticleId article, UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::Unsave(UserId user, ArticleId article) {
  return Status::Internal("postgres: not implemented");
}

Result<std::pair<std::vector<SavedArticle>, int64_t>> PostgresStore::SavedArticles(
      UserId user, int limit, int offset) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<ArticleId>> PostgresStore::SavedAmong(
      UserId user, const std::vector<ArticleId>& articles) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::PutFollow(UserId user, const Follow& follow) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::RemoveFollow(UserId user, std::string_view kind,
                      std::string_view target) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Follow>> PostgresStore::Follows(UserId user) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::RecordRead(UserId user, ArticleId article, UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<ReadEvent>> PostgresStore::RecentReads(UserId user, int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<ArticleInterest>> PostgresStore::PopularArticles(UnixSeconds since,
                                                       int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::PutNewsletter(const Newsletter& newsletter) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Newsletter>> PostgresStore::Newsletters() {
  return Status::Internal("postgres: not implemented");
}

Result<Newsletter> PostgresStore::GetNewsletter(int64_t id) {
  return Status::Internal("postgres: not implemented");
}

Result<Subscription> PostgresStore::Subscribe(UserId user, int64_t newsletter,
                                 UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Result<Subscription> PostgresStore::GetSubscription(int64_t id) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Subscription>> PostgresStore::Subscriptions(UserId user) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::ConfirmSubscription(int64_t id, UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::Unsubscribe(int64_t id, UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<Subscription>> PostgresStore::ActiveSubscriptions(
      int64_t newsletter) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::QueueEdition(const Edition& edition,
                               const OutboxMessage& message) {
  return Status::Internal("postgres: not implemented");
}

Result<bool> PostgresStore::HasEdition(int64_t newsletter, UserId user,
                          std::string_view period) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::Enqueue(const OutboxMessage& message) {
  return Status::Internal("postgres: not implemented");
}

Result<std::optional<OutboxMessage>> PostgresStore::ClaimOutbox(
      UnixSeconds now, UnixSeconds lease_until) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::MarkSent(int64_t id, UnixSeconds at) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::MarkRetry(int64_t id, std::string_view error, UnixSeconds next_try,
                   bool give_up) {
  return Status::Internal("postgres: not implemented");
}

Result<OutboxMessage> PostgresStore::GetOutbox(int64_t id) {
  return Status::Internal("postgres: not implemented");
}

Result<std::vector<OutboxMessage>> PostgresStore::OutboxFor(std::string_view recipient,
                                               int limit) {
  return Status::Internal("postgres: not implemented");
}

Result<OutboxCounts> PostgresStore::CountOutbox() {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::Hit(std::string_view key, UnixSeconds window_start) {
  return Status::Internal("postgres: not implemented");
}

Result<int64_t> PostgresStore::HitsSoFar(std::string_view key,
                            UnixSeconds window_start) {
  return Status::Internal("postgres: not implemented");
}

Result<std::string> PostgresStore::Secret(std::string_view name,
                             std::string_view fresh) {
  return Status::Internal("postgres: not implemented");
}

Status PostgresStore::SetOperator(UserId user, bool is_operator) {
  return Status::Internal("postgres: not implemented");
}

Result<bool> PostgresStore::IsOperator(UserId user) {
  return Status::Internal("postgres: not implemented");
}

}  // namespace khabar::store
