#include "store/reader_store_test.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "base/hash.h"

namespace khabar::store::testing {
namespace {

template <typename T>
T ValueOrDie(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) throw std::runtime_error(result.status().ToString());
  return std::move(result).value();
}

#define EXPECT_OK(expr)                              \
  do {                                               \
    const Status _status = (expr);                   \
    EXPECT_TRUE(_status.ok()) << _status.ToString(); \
  } while (0)

#define ASSERT_OK(expr)                              \
  do {                                               \
    const Status _status = (expr);                   \
    ASSERT_TRUE(_status.ok()) << _status.ToString(); \
  } while (0)

StatusCode CodeOf(const Status& status) { return status.code(); }
template <typename T>
StatusCode CodeOf(const Result<T>& result) {
  return result.status().code();
}

constexpr UnixSeconds kT0 = 1800000000;

}  // namespace

void ReaderStoreTest::SetUp() {
  KHABAR_SKIP_IF_UNAVAILABLE(GetParam());
  location_ = GetParam().new_location();
  auto opened = GetParam().open(location_, &tokenizer_, false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  readers_ = ReadersOf(store_.get());
  ASSERT_NE(readers_, nullptr) << "backend does not implement ReaderStore";
}

void ReaderStoreTest::TearDown() {
  store_.reset();
  if (!location_.empty()) GetParam().destroy(location_);
}

ReaderStore* ReaderStoreTest::ReadersOf(ArticleStore* store) {
  return dynamic_cast<ReaderStore*>(store);
}

std::unique_ptr<ArticleStore> ReaderStoreTest::OpenAnother() {
  auto opened = GetParam().open(location_, &tokenizer_, false);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  if (!opened.ok()) return nullptr;
  return std::move(opened).value();
}

UserId ReaderStoreTest::NewUser(const std::string& email) {
  User user;
  user.email = email;
  user.password_hash = "$argon2id$" + email;
  user.display_name = "Reader " + email;
  user.created_at = kT0;
  return ValueOrDie(readers().CreateUser(user));
}

ArticleId ReaderStoreTest::NewArticle(const std::string& title,
                                      UnixSeconds at) {
  Article article;
  article.title = title;
  article.paragraphs = {"body of " + title};
  article.source = "Wire";
  article.published_at = at;
  article.ingested_at = at;
  article.content_hash = HashToHex(StableHash64(title));
  return ValueOrDie(articles().Put(article)).id;
}

OutboxMessage ReaderStoreTest::Message(const std::string& recipient,
                                       UserId user, UnixSeconds at) {
  OutboxMessage m;
  m.user_id = user;
  m.recipient = recipient;
  m.sender = "bounces@khabar.test";
  m.message_id = "<" + std::to_string(++messages_) + "@khabar.test>";
  m.mime = "Subject: test\r\n\r\nhello " + recipient + "\r\n";
  m.created_at = at;
  return m;
}

// --- Accounts ----------------------------------------------------------------

TEST_P(ReaderStoreTest, CreateAndGetUserRoundTrips) {
  User user;
  user.email = "Salma@Example.org";
  user.password_hash = "$argon2id$v=19$abc";
  user.display_name = "سلمى";
  user.created_at = kT0;
  user.verified_at = kT0 + 5;
  user.feed_generation = 3;
  const UserId id = ValueOrDie(readers().CreateUser(user));
  EXPECT_GT(id, 0);
  const User got = ValueOrDie(readers().GetUser(id));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.email, "Salma@Example.org");
  EXPECT_EQ(got.password_hash, user.password_hash);
  EXPECT_EQ(got.display_name, "سلمى");
  EXPECT_EQ(got.created_at, kT0);
  EXPECT_EQ(got.verified_at, kT0 + 5);
  EXPECT_EQ(got.feed_generation, 3);
  EXPECT_EQ(CodeOf(readers().GetUser(id + 100)), StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, EmailIsUniqueAndFoundIgnoringCase) {
  const UserId id = NewUser("Salma@Example.org");
  User clash;
  clash.email = "salma@EXAMPLE.org";
  clash.created_at = kT0;
  auto created = readers().CreateUser(clash);
  EXPECT_EQ(CodeOf(created), StatusCode::kAlreadyExists);
  EXPECT_EQ(ValueOrDie(readers().FindUserByEmail("SALMA@example.ORG")).id, id);
  EXPECT_EQ(CodeOf(readers().FindUserByEmail("other@example.org")),
            StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, EmptyEmailIsInvalidArgument) {
  User user;
  user.created_at = kT0;
  EXPECT_EQ(CodeOf(readers().CreateUser(user)), StatusCode::kInvalidArgument);
}

TEST_P(ReaderStoreTest, UpdateUserWritesFieldsAndKeepsEmailsUnique) {
  const UserId a = NewUser("a@example.org");
  NewUser("b@example.org");
  User user = ValueOrDie(readers().GetUser(a));
  user.email = "a2@example.org";
  user.password_hash = "$argon2id$new";
  user.display_name = "A";
  user.verified_at = kT0 + 9;
  user.feed_generation = 7;
  EXPECT_OK(readers().UpdateUser(user));
  const User got = ValueOrDie(readers().GetUser(a));
  EXPECT_EQ(got.email, "a2@example.org");
  EXPECT_EQ(got.password_hash, "$argon2id$new");
  EXPECT_EQ(got.verified_at, kT0 + 9);
  EXPECT_EQ(got.feed_generation, 7);
  user.email = "B@example.org";
  EXPECT_EQ(CodeOf(readers().UpdateUser(user)), StatusCode::kAlreadyExists);
  user.id = a + 100;
  user.email = "x@example.org";
  EXPECT_EQ(CodeOf(readers().UpdateUser(user)), StatusCode::kNotFound);
}

// --- Sessions ----------------------------------------------------------------

TEST_P(ReaderStoreTest, SessionsExpireAndExtend) {
  const UserId user = NewUser("a@example.org");
  EXPECT_OK(readers().PutSession({"h1", user, "csrf1", kT0, kT0 + 100}));
  const Session got = ValueOrDie(readers().GetSession("h1", kT0 + 99));
  EXPECT_EQ(got.user_id, user);
  EXPECT_EQ(got.csrf, "csrf1");
  EXPECT_EQ(got.expires_at, kT0 + 100);
  EXPECT_EQ(CodeOf(readers().GetSession("h1", kT0 + 100)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().GetSession("nope", kT0)), StatusCode::kNotFound);
  EXPECT_OK(readers().ExtendSession("h1", kT0 + 200));
  EXPECT_TRUE(readers().GetSession("h1", kT0 + 150).ok());
  EXPECT_EQ(CodeOf(readers().ExtendSession("nope", kT0)),
            StatusCode::kNotFound);
  EXPECT_OK(readers().DeleteSession("h1"));
  EXPECT_EQ(CodeOf(readers().GetSession("h1", kT0)), StatusCode::kNotFound);
  EXPECT_OK(readers().DeleteSession("h1"));  // idempotent
}

TEST_P(ReaderStoreTest, SessionOfUnknownUserIsNotFound) {
  EXPECT_EQ(CodeOf(readers().PutSession({"h", 999, "c", kT0, kT0 + 1})),
            StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, DeleteUserSessionsKeepsOneAndSparesOthers) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  EXPECT_OK(readers().PutSession({"a1", a, "c", kT0, kT0 + 100}));
  EXPECT_OK(readers().PutSession({"a2", a, "c", kT0, kT0 + 100}));
  EXPECT_OK(readers().PutSession({"a3", a, "c", kT0, kT0 + 100}));
  EXPECT_OK(readers().PutSession({"b1", b, "c", kT0, kT0 + 100}));
  EXPECT_OK(readers().DeleteUserSessions(a, "a2"));
  EXPECT_EQ(CodeOf(readers().GetSession("a1", kT0)), StatusCode::kNotFound);
  EXPECT_TRUE(readers().GetSession("a2", kT0).ok());
  EXPECT_EQ(CodeOf(readers().GetSession("a3", kT0)), StatusCode::kNotFound);
  EXPECT_TRUE(readers().GetSession("b1", kT0).ok());
  EXPECT_EQ(ValueOrDie(readers().CountSessions(a, kT0)), 1);
  EXPECT_EQ(ValueOrDie(readers().CountSessions(b, kT0)), 1);
  EXPECT_EQ(ValueOrDie(readers().CountSessions(b, kT0 + 100)), 0);  // expired
  // "" ends all of B's sessions and none of A's.
  EXPECT_OK(readers().DeleteUserSessions(b, ""));
  EXPECT_TRUE(readers().GetSession("a2", kT0).ok());
  EXPECT_EQ(CodeOf(readers().GetSession("b1", kT0)), StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, DuplicateSessionHashIsAlreadyExists) {
  const UserId a = NewUser("a@example.org");
  EXPECT_OK(readers().PutSession({"h", a, "c", kT0, kT0 + 100}));
  EXPECT_EQ(CodeOf(readers().PutSession({"h", a, "c", kT0, kT0 + 100})),
            StatusCode::kAlreadyExists);
}

// --- API tokens
// ----------------------------------------------------------------

TEST_P(ReaderStoreTest, ApiTokensAreUsedListedAndRevokedByTheirOwnerOnly) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const int64_t id = ValueOrDie(
      readers().PutApiToken({0, a, "laptop", "hash-a", kT0, std::nullopt}));
  ValueOrDie(
      readers().PutApiToken({0, b, "phone", "hash-b", kT0, std::nullopt}));
  const ApiToken used = ValueOrDie(readers().UseApiToken("hash-a", kT0 + 50));
  EXPECT_EQ(used.id, id);
  EXPECT_EQ(used.user_id, a);
  EXPECT_EQ(used.name, "laptop");
  EXPECT_EQ(used.last_used, kT0 + 50);
  EXPECT_EQ(CodeOf(readers().UseApiToken("hash-x", kT0)),
            StatusCode::kNotFound);

  const auto listed = ValueOrDie(readers().ApiTokens(a));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "laptop");
  EXPECT_EQ(listed[0].last_used, kT0 + 50);

  // IDOR: B names A's token id.
  EXPECT_EQ(CodeOf(readers().RevokeApiToken(b, id)), StatusCode::kNotFound);
  EXPECT_TRUE(readers().UseApiToken("hash-a", kT0 + 60).ok());
  EXPECT_OK(readers().RevokeApiToken(a, id));
  EXPECT_EQ(CodeOf(readers().UseApiToken("hash-a", kT0 + 70)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().RevokeApiToken(a, id)), StatusCode::kNotFound);
  EXPECT_TRUE(ValueOrDie(readers().ApiTokens(a)).empty());
  EXPECT_EQ(ValueOrDie(readers().ApiTokens(b)).size(), 1u);
}

// --- Email links
// ---------------------------------------------------------------

TEST_P(ReaderStoreTest, EmailTokenIsTakenOnceForItsPurposeBeforeExpiry) {
  const UserId a = NewUser("a@example.org");
  EXPECT_OK(readers().PutEmailToken(
      {"t1", a, "email", "new@example.org", kT0 + 100}));
  // Another purpose neither returns nor consumes it.
  EXPECT_EQ(CodeOf(readers().TakeEmailToken("t1", "reset", kT0)),
            StatusCode::kNotFound);
  const EmailToken taken =
      ValueOrDie(readers().TakeEmailToken("t1", "email", kT0 + 10));
  EXPECT_EQ(taken.user_id, a);
  EXPECT_EQ(taken.purpose, "email");
  EXPECT_EQ(taken.email, "new@example.org");
  EXPECT_EQ(CodeOf(readers().TakeEmailToken("t1", "email", kT0 + 10)),
            StatusCode::kNotFound);

  EXPECT_OK(readers().PutEmailToken({"t2", a, "verify", "", kT0 + 100}));
  EXPECT_EQ(CodeOf(readers().TakeEmailToken("t2", "verify", kT0 + 100)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().TakeEmailToken("t2", "verify", kT0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().TakeEmailToken("missing", "verify", kT0)),
            StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, EmailTokenWithUnknownPurposeIsInvalidArgument) {
  const UserId a = NewUser("a@example.org");
  EXPECT_EQ(CodeOf(readers().PutEmailToken({"t", a, "login", "", kT0})),
            StatusCode::kInvalidArgument);
}

// --- Saved articles
// ------------------------------------------------------------

TEST_P(ReaderStoreTest, SavedArticlesAreIdempotentNewestFirstAndPerUser) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const ArticleId x = NewArticle("x", kT0);
  const ArticleId y = NewArticle("y", kT0);
  const ArticleId z = NewArticle("z", kT0);
  EXPECT_OK(readers().Save(a, x, kT0 + 1));
  EXPECT_OK(readers().Save(a, y, kT0 + 2));
  EXPECT_OK(readers().Save(a, x, kT0 + 3));  // idempotent
  EXPECT_OK(readers().Save(b, z, kT0 + 4));
  EXPECT_EQ(CodeOf(readers().Save(a, 9999, kT0)), StatusCode::kNotFound);

  const auto [page, total] = ValueOrDie(readers().SavedArticles(a, 10, 0));
  EXPECT_EQ(total, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].article, y);
  EXPECT_EQ(page[1].article, x);
  EXPECT_EQ(page[1].at, kT0 + 1);
  const auto second = ValueOrDie(readers().SavedArticles(a, 1, 1));
  ASSERT_EQ(second.first.size(), 1u);
  EXPECT_EQ(second.first[0].article, x);
  EXPECT_EQ(second.second, 2);
  EXPECT_EQ(CodeOf(readers().SavedArticles(a, -1, 0)),
            StatusCode::kInvalidArgument);

  EXPECT_EQ(ValueOrDie(readers().SavedAmong(a, {z, y, x, 777})),
            (std::vector<ArticleId>{y, x}));
  EXPECT_TRUE(ValueOrDie(readers().SavedAmong(b, {x, y})).empty());

  // IDOR: B's unsave of A's article changes nothing.
  EXPECT_OK(readers().Unsave(b, x));
  EXPECT_EQ(ValueOrDie(readers().SavedArticles(a, 10, 0)).second, 2);
  EXPECT_OK(readers().Unsave(a, x));
  EXPECT_EQ(ValueOrDie(readers().SavedAmong(a, {x, y})),
            std::vector<ArticleId>{y});
}

TEST_P(ReaderStoreTest, SavedByFilterSearchesOnlyTheReadersSavedArticles) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const ArticleId x = NewArticle("alpha one", kT0);
  NewArticle("alpha two", kT0 + 1);
  const ArticleId z = NewArticle("gamma three", kT0 + 2);
  EXPECT_OK(readers().Save(a, x, kT0));
  EXPECT_OK(readers().Save(a, z, kT0));

  FtsQuery query;
  query.match = "alpha";
  query.filters.saved_by = a;
  SearchPage page = ValueOrDie(articles().Search(query));
  EXPECT_EQ(page.total, 1);
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_EQ(page.hits[0].id, x);

  query.match = "";  // listing: newest first
  page = ValueOrDie(articles().Search(query));
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.hits.size(), 2u);
  EXPECT_EQ(page.hits[0].id, z);
  EXPECT_EQ(page.hits[1].id, x);

  query.filters.saved_by = b;
  EXPECT_EQ(ValueOrDie(articles().Search(query)).total, 0);

  // With other filters, the parameters still bind in order.
  query.filters.saved_by = a;
  query.filters.from = kT0 + 1;
  query.filters.source = "Wire";
  page = ValueOrDie(articles().Search(query));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.hits[0].id, z);
}

// --- Follows
// -------------------------------------------------------------------

TEST_P(ReaderStoreTest, FollowsAreReplacedByKindAndTargetOldestFirst) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  EXPECT_OK(readers().PutFollow(
      a, {"entity", "الرقة", "الرقة", "LOC", false, kT0 + 1}));
  EXPECT_OK(
      readers().PutFollow(a, {"topic", "sport", "رياضة", "", false, kT0 + 2}));
  EXPECT_OK(
      readers().PutFollow(a, {"source", "Wire", "Wire", "", true, kT0 + 3}));
  // Replacing turns the topic follow into a mute.
  EXPECT_OK(
      readers().PutFollow(a, {"topic", "sport", "رياضة", "", true, kT0 + 4}));
  auto follows = ValueOrDie(readers().Follows(a));
  ASSERT_EQ(follows.size(), 3u);
  EXPECT_EQ(follows[0].kind, "entity");
  EXPECT_EQ(follows[0].detail, "LOC");
  EXPECT_EQ(follows[1].kind, "source");
  EXPECT_TRUE(follows[1].muted);
  EXPECT_EQ(follows[2].kind, "topic");
  EXPECT_TRUE(follows[2].muted);
  EXPECT_EQ(follows[2].at, kT0 + 4);

  EXPECT_EQ(
      CodeOf(readers().PutFollow(a, {"planet", "mars", "", "", false, kT0})),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      CodeOf(readers().PutFollow(a, {"entity", "x", "", "PERS", true, kT0})),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(readers().PutFollow(a, {"topic", "", "", "", false, kT0})),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      CodeOf(readers().PutFollow(999, {"topic", "t", "", "", false, kT0})),
      StatusCode::kNotFound);

  // IDOR: B's unfollow leaves A's row.
  EXPECT_OK(readers().RemoveFollow(b, "entity", "الرقة"));
  EXPECT_EQ(ValueOrDie(readers().Follows(a)).size(), 3u);
  EXPECT_TRUE(ValueOrDie(readers().Follows(b)).empty());
  EXPECT_OK(readers().RemoveFollow(a, "entity", "الرقة"));
  follows = ValueOrDie(readers().Follows(a));
  ASSERT_EQ(follows.size(), 2u);
  EXPECT_EQ(follows[0].kind, "source");
}

// --- Reads and popularity
// --------------------------------------------------------

TEST_P(ReaderStoreTest, RecentReadsAreNewestFirstOnePerArticle) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const ArticleId x = NewArticle("x", kT0);
  const ArticleId y = NewArticle("y", kT0);
  EXPECT_OK(readers().RecordRead(a, x, kT0 + 1));
  EXPECT_OK(readers().RecordRead(a, y, kT0 + 2));
  EXPECT_OK(readers().RecordRead(a, x, kT0 + 3));
  EXPECT_OK(readers().RecordRead(b, y, kT0 + 4));
  EXPECT_EQ(CodeOf(readers().RecordRead(a, 9999, kT0)), StatusCode::kNotFound);
  const auto reads = ValueOrDie(readers().RecentReads(a, 10));
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].article, x);
  EXPECT_EQ(reads[0].at, kT0 + 3);
  EXPECT_EQ(reads[1].article, y);
  EXPECT_EQ(ValueOrDie(readers().RecentReads(a, 1)).size(), 1u);
}

TEST_P(ReaderStoreTest, PopularArticlesWeighSavesThreeTimesReadsSince) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const UserId c = NewUser("c@example.org");
  const ArticleId x = NewArticle("x", kT0);
  const ArticleId y = NewArticle("y", kT0);
  const ArticleId old = NewArticle("old", kT0);
  // x: 3 reads = 3; y: 1 read + 1 save = 4; old: before `since`.
  for (UserId u : {a, b, c}) EXPECT_OK(readers().RecordRead(u, x, kT0 + 10));
  EXPECT_OK(readers().RecordRead(a, y, kT0 + 10));
  EXPECT_OK(readers().Save(b, y, kT0 + 10));
  EXPECT_OK(readers().Save(a, old, kT0 - 100));
  EXPECT_OK(readers().RecordRead(a, old, kT0 - 100));
  const auto popular = ValueOrDie(readers().PopularArticles(kT0, 10));
  ASSERT_EQ(popular.size(), 2u);
  EXPECT_EQ(popular[0].article, y);
  EXPECT_EQ(popular[0].reads, 1);
  EXPECT_EQ(popular[0].saves, 1);
  EXPECT_EQ(popular[1].article, x);
  EXPECT_EQ(popular[1].reads, 3);
  EXPECT_EQ(popular[1].saves, 0);
  EXPECT_EQ(ValueOrDie(readers().PopularArticles(kT0, 1)).size(), 1u);
  EXPECT_EQ(ValueOrDie(readers().PopularArticles(kT0 - 1000, 10)).size(), 3u);
}

// --- Newsletters and subscriptions
// -----------------------------------------------

TEST_P(ReaderStoreTest, NewslettersUpsertBySlug) {
  const int64_t daily = ValueOrDie(
      readers().PutNewsletter({0, "daily", "Daily", "daily", "digest", ""}));
  const int64_t again = ValueOrDie(readers().PutNewsletter(
      {0, "daily", "النشرة اليومية", "daily", "digest", ""}));
  EXPECT_EQ(daily, again);
  const int64_t sport = ValueOrDie(readers().PutNewsletter(
      {0, "topic-sport", "Sport", "weekly", "topic", "sport"}));
  EXPECT_NE(sport, daily);
  const auto all = ValueOrDie(readers().Newsletters());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "النشرة اليومية");
  EXPECT_EQ(ValueOrDie(readers().GetNewsletter(sport)).topic, "sport");
  EXPECT_EQ(CodeOf(readers().GetNewsletter(999)), StatusCode::kNotFound);
  EXPECT_EQ(
      CodeOf(readers().PutNewsletter({0, "x", "X", "hourly", "digest", ""})),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      CodeOf(readers().PutNewsletter({0, "", "X", "daily", "digest", ""})),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      CodeOf(readers().PutNewsletter({0, "t", "T", "daily", "topic", ""})),
      StatusCode::kInvalidArgument);
}

TEST_P(ReaderStoreTest, SubscriptionLifecycle) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const int64_t daily = ValueOrDie(
      readers().PutNewsletter({0, "daily", "Daily", "daily", "digest", ""}));
  const Subscription sub = ValueOrDie(readers().Subscribe(a, daily, kT0));
  EXPECT_EQ(sub.user_id, a);
  EXPECT_EQ(sub.newsletter_id, daily);
  EXPECT_EQ(sub.created_at, kT0);
  EXPECT_FALSE(sub.confirmed_at.has_value());
  EXPECT_TRUE(ValueOrDie(readers().ActiveSubscriptions(daily)).empty());

  EXPECT_OK(readers().ConfirmSubscription(sub.id, kT0 + 1));
  EXPECT_OK(readers().ConfirmSubscription(sub.id, kT0 + 2));  // keeps first
  EXPECT_EQ(ValueOrDie(readers().GetSubscription(sub.id)).confirmed_at,
            kT0 + 1);
  // Subscribing again returns the same, still confirmed, subscription.
  const Subscription same = ValueOrDie(readers().Subscribe(a, daily, kT0 + 3));
  EXPECT_EQ(same.id, sub.id);
  EXPECT_EQ(same.confirmed_at, kT0 + 1);
  auto active = ValueOrDie(readers().ActiveSubscriptions(daily));
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id, sub.id);

  EXPECT_OK(readers().Unsubscribe(sub.id, kT0 + 5));
  EXPECT_TRUE(ValueOrDie(readers().ActiveSubscriptions(daily)).empty());
  EXPECT_EQ(ValueOrDie(readers().GetSubscription(sub.id)).unsubscribed_at,
            kT0 + 5);
  // Re-opened: pending again.
  const Subscription reopened =
      ValueOrDie(readers().Subscribe(a, daily, kT0 + 6));
  EXPECT_EQ(reopened.id, sub.id);
  EXPECT_FALSE(reopened.confirmed_at.has_value());
  EXPECT_FALSE(reopened.unsubscribed_at.has_value());

  EXPECT_EQ(ValueOrDie(readers().Subscriptions(a)).size(), 1u);
  EXPECT_TRUE(ValueOrDie(readers().Subscriptions(b)).empty());
  EXPECT_EQ(CodeOf(readers().Subscribe(a, 999, kT0)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().Subscribe(999, daily, kT0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().GetSubscription(999)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().ConfirmSubscription(999, kT0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().Unsubscribe(999, kT0)), StatusCode::kNotFound);
}

// --- Editions and the outbox
// ------------------------------------------------------

TEST_P(ReaderStoreTest, QueueEditionOnceAndMovesLastEdition) {
  const UserId a = NewUser("a@example.org");
  const int64_t daily = ValueOrDie(
      readers().PutNewsletter({0, "daily", "Daily", "daily", "digest", ""}));
  const Subscription sub = ValueOrDie(readers().Subscribe(a, daily, kT0));
  const Edition edition{daily, a, "2026-11-26", kT0 + 50};
  EXPECT_FALSE(ValueOrDie(readers().HasEdition(daily, a, "2026-11-26")));
  const int64_t id = ValueOrDie(
      readers().QueueEdition(edition, Message("a@example.org", a, kT0 + 60)));
  EXPECT_TRUE(ValueOrDie(readers().HasEdition(daily, a, "2026-11-26")));
  EXPECT_FALSE(ValueOrDie(readers().HasEdition(daily, a, "2026-11-27")));
  EXPECT_EQ(ValueOrDie(readers().GetSubscription(sub.id)).last_edition_at,
            kT0 + 50);
  EXPECT_EQ(ValueOrDie(readers().GetOutbox(id)).status, "queued");

  auto twice =
      readers().QueueEdition(edition, Message("a@example.org", a, kT0 + 70));
  EXPECT_EQ(CodeOf(twice), StatusCode::kAlreadyExists);
  EXPECT_EQ(ValueOrDie(readers().OutboxFor("a@example.org", 10)).size(), 1u);
  EXPECT_EQ(ValueOrDie(readers().CountOutbox()).queued, 1);
}

TEST_P(ReaderStoreTest, QueueEditionInsideCallerTransactionComposes) {
  const UserId a = NewUser("a@example.org");
  const int64_t daily = ValueOrDie(
      readers().PutNewsletter({0, "daily", "Daily", "daily", "digest", ""}));
  ASSERT_OK(articles().Begin());
  const Edition edition{daily, a, "p1", kT0};
  EXPECT_TRUE(readers().QueueEdition(edition, Message("a@x.org", a, kT0)).ok());
  EXPECT_FALSE(
      readers().QueueEdition(edition, Message("a@x.org", a, kT0)).ok());
  EXPECT_TRUE(
      readers()
          .QueueEdition({daily, a, "p2", kT0}, Message("a@x.org", a, kT0))
          .ok());
  ASSERT_OK(articles().Commit());
  EXPECT_EQ(ValueOrDie(readers().CountOutbox()).queued, 2);
  ASSERT_OK(articles().Begin());
  EXPECT_TRUE(
      readers()
          .QueueEdition({daily, a, "p3", kT0}, Message("a@x.org", a, kT0))
          .ok());
  articles().Rollback();
  EXPECT_FALSE(ValueOrDie(readers().HasEdition(daily, a, "p3")));
  EXPECT_EQ(ValueOrDie(readers().CountOutbox()).queued, 2);
}

TEST_P(ReaderStoreTest, EnqueueRejectsBadMessagesAndDuplicateIds) {
  OutboxMessage m = Message("a@example.org", 0, kT0);
  const int64_t id = ValueOrDie(readers().Enqueue(m));
  const OutboxMessage got = ValueOrDie(readers().GetOutbox(id));
  EXPECT_EQ(got.user_id, 0);
  EXPECT_EQ(got.status, "queued");
  EXPECT_EQ(got.attempts, 0);
  EXPECT_EQ(got.next_try, kT0);
  EXPECT_EQ(got.mime, m.mime);
  EXPECT_EQ(got.message_id, m.message_id);
  EXPECT_EQ(CodeOf(readers().Enqueue(m)), StatusCode::kAlreadyExists);
  OutboxMessage bad = Message("a@example.org\r\nBcc: x@y", 0, kT0);
  EXPECT_EQ(CodeOf(readers().Enqueue(bad)), StatusCode::kInvalidArgument);
  bad = Message("", 0, kT0);
  EXPECT_EQ(CodeOf(readers().Enqueue(bad)), StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(readers().GetOutbox(id + 10)), StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, ClaimTakesOldestDueAndRetakesExpiredLeases) {
  const int64_t first = ValueOrDie(readers().Enqueue(Message("1@x", 0, kT0)));
  const int64_t second =
      ValueOrDie(readers().Enqueue(Message("2@x", 0, kT0 + 5)));
  ValueOrDie(readers().Enqueue(Message("3@x", 0, kT0 + 100)));  // not due

  auto claimed = ValueOrDie(readers().ClaimOutbox(kT0 + 10, kT0 + 70));
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, first);
  EXPECT_EQ(claimed->status, "sending");
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(claimed->next_try, kT0 + 70);
  claimed = ValueOrDie(readers().ClaimOutbox(kT0 + 10, kT0 + 70));
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, second);
  EXPECT_FALSE(ValueOrDie(readers().ClaimOutbox(kT0 + 10, kT0 + 70)));
  OutboxCounts counts = ValueOrDie(readers().CountOutbox());
  EXPECT_EQ(counts.sending, 2);
  EXPECT_EQ(counts.queued, 1);

  EXPECT_OK(readers().MarkSent(second, kT0 + 20));
  // The first one's sender died: its lease runs out at kT0 + 70.
  claimed = ValueOrDie(readers().ClaimOutbox(kT0 + 70, kT0 + 130));
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->id, first);
  EXPECT_EQ(claimed->attempts, 2);
  const OutboxMessage sent = ValueOrDie(readers().GetOutbox(second));
  EXPECT_EQ(sent.status, "sent");
  EXPECT_EQ(sent.sent_at, kT0 + 20);
  EXPECT_EQ(CodeOf(readers().MarkSent(999, kT0)), StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, MarkRetryBacksOffAndGivesUp) {
  const int64_t id = ValueOrDie(readers().Enqueue(Message("1@x", 0, kT0)));
  ASSERT_TRUE(ValueOrDie(readers().ClaimOutbox(kT0, kT0 + 60)).has_value());
  EXPECT_OK(readers().MarkRetry(id, "451 try later", kT0 + 300, false));
  OutboxMessage m = ValueOrDie(readers().GetOutbox(id));
  EXPECT_EQ(m.status, "queued");
  EXPECT_EQ(m.next_try, kT0 + 300);
  EXPECT_EQ(m.last_error, "451 try later");
  EXPECT_FALSE(ValueOrDie(readers().ClaimOutbox(kT0 + 299, kT0 + 400)));
  auto again = ValueOrDie(readers().ClaimOutbox(kT0 + 300, kT0 + 400));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->attempts, 2);
  EXPECT_OK(readers().MarkRetry(id, "550 no such user", kT0 + 900, true));
  m = ValueOrDie(readers().GetOutbox(id));
  EXPECT_EQ(m.status, "failed");
  EXPECT_FALSE(ValueOrDie(readers().ClaimOutbox(kT0 + 100000, kT0 + 100060)));
  EXPECT_EQ(ValueOrDie(readers().CountOutbox()).failed, 1);
  EXPECT_EQ(CodeOf(readers().MarkRetry(999, "", kT0, false)),
            StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, ClaimIsExclusiveAcrossConnections) {
  for (int i = 0; i < 5; ++i) {
    ValueOrDie(readers().Enqueue(Message(std::to_string(i) + "@x", 0, kT0)));
  }
  std::unique_ptr<ArticleStore> other = OpenAnother();
  ASSERT_NE(other, nullptr);
  ReaderStore* second = ReadersOf(other.get());
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    ReaderStore& store = i % 2 == 0 ? readers() : *second;
    auto claimed = ValueOrDie(store.ClaimOutbox(kT0, kT0 + 60));
    ASSERT_TRUE(claimed.has_value());
    ids.push_back(claimed->id);
  }
  EXPECT_FALSE(ValueOrDie(second->ClaimOutbox(kT0, kT0 + 60)));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST_P(ReaderStoreTest, OutboxForListsNewestFirst) {
  const int64_t a = ValueOrDie(readers().Enqueue(Message("r@x.org", 0, kT0)));
  const int64_t b =
      ValueOrDie(readers().Enqueue(Message("r@x.org", 0, kT0 + 1)));
  ValueOrDie(readers().Enqueue(Message("s@x.org", 0, kT0 + 2)));
  const auto messages = ValueOrDie(readers().OutboxFor("r@x.org", 10));
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].id, b);
  EXPECT_EQ(messages[1].id, a);
  EXPECT_EQ(ValueOrDie(readers().OutboxFor("r@x.org", 1)).size(), 1u);
}

// --- Deleting an account
// --------------------------------------------------------

TEST_P(ReaderStoreTest, DeleteUserRemovesEverythingOfTheUserOnly) {
  const UserId a = NewUser("a@example.org");
  const UserId b = NewUser("b@example.org");
  const ArticleId x = NewArticle("x", kT0);
  const int64_t daily = ValueOrDie(
      readers().PutNewsletter({0, "daily", "Daily", "daily", "digest", ""}));
  for (UserId u : {a, b}) {
    const std::string s = std::to_string(u);
    EXPECT_OK(readers().PutSession({"sess" + s, u, "c", kT0, kT0 + 100}));
    ValueOrDie(readers().PutApiToken({0, u, "t", "api" + s, kT0, {}}));
    EXPECT_OK(readers().PutEmailToken({"link" + s, u, "verify", "", kT0 + 9}));
    EXPECT_OK(readers().Save(u, x, kT0));
    EXPECT_OK(readers().PutFollow(u, {"topic", "t", "", "", false, kT0}));
    EXPECT_OK(readers().RecordRead(u, x, kT0));
    ValueOrDie(readers().Subscribe(u, daily, kT0));
    ValueOrDie(readers().QueueEdition({daily, u, "p", kT0},
                                      Message(s + "@x.org", u, kT0)));
  }
  const int64_t sent =
      ValueOrDie(readers().Enqueue(Message("a@example.org", a, kT0)));
  // Claims the oldest (A's edition), then the next (B's), then the sent one.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(ValueOrDie(readers().ClaimOutbox(kT0, kT0 + 60)).has_value());
  }
  EXPECT_OK(readers().MarkSent(sent, kT0 + 1));

  EXPECT_OK(readers().DeleteUser(a));
  EXPECT_EQ(CodeOf(readers().GetUser(a)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().FindUserByEmail("a@example.org")),
            StatusCode::kNotFound);
  const std::string sa = std::to_string(a);
  EXPECT_EQ(CodeOf(readers().GetSession("sess" + sa, kT0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().UseApiToken("api" + sa, kT0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(readers().TakeEmailToken("link" + sa, "verify", kT0)),
            StatusCode::kNotFound);
  EXPECT_TRUE(ValueOrDie(readers().ApiTokens(a)).empty());
  EXPECT_EQ(ValueOrDie(readers().SavedArticles(a, 10, 0)).second, 0);
  EXPECT_TRUE(ValueOrDie(readers().Follows(a)).empty());
  EXPECT_TRUE(ValueOrDie(readers().RecentReads(a, 10)).empty());
  EXPECT_TRUE(ValueOrDie(readers().Subscriptions(a)).empty());
  EXPECT_FALSE(ValueOrDie(readers().HasEdition(daily, a, "p")));
  // Unsent mail is gone; the sent one keeps no address or text.
  EXPECT_TRUE(ValueOrDie(readers().OutboxFor(sa + "@x.org", 10)).empty());
  EXPECT_TRUE(ValueOrDie(readers().OutboxFor("a@example.org", 10)).empty());
  const OutboxMessage kept = ValueOrDie(readers().GetOutbox(sent));
  EXPECT_EQ(kept.status, "sent");
  EXPECT_EQ(kept.user_id, 0);
  EXPECT_EQ(kept.recipient, "");
  EXPECT_EQ(kept.mime, "");
  const auto popular = ValueOrDie(readers().PopularArticles(0, 10));
  ASSERT_EQ(popular.size(), 1u);
  EXPECT_EQ(popular[0].reads, 1);  // B's read only
  EXPECT_EQ(popular[0].saves, 1);

  // B is untouched.
  const std::string sb = std::to_string(b);
  EXPECT_TRUE(readers().GetUser(b).ok());
  EXPECT_TRUE(readers().GetSession("sess" + sb, kT0).ok());
  EXPECT_TRUE(readers().UseApiToken("api" + sb, kT0).ok());
  EXPECT_TRUE(readers().TakeEmailToken("link" + sb, "verify", kT0).ok());
  EXPECT_EQ(ValueOrDie(readers().SavedArticles(b, 10, 0)).second, 1);
  EXPECT_EQ(ValueOrDie(readers().Follows(b)).size(), 1u);
  EXPECT_EQ(ValueOrDie(readers().Subscriptions(b)).size(), 1u);
  EXPECT_TRUE(ValueOrDie(readers().HasEdition(daily, b, "p")));
  EXPECT_EQ(ValueOrDie(readers().OutboxFor(sb + "@x.org", 10)).size(), 1u);

  EXPECT_EQ(CodeOf(readers().DeleteUser(a)), StatusCode::kNotFound);
}

TEST_P(ReaderStoreTest, DeleteUserInsideRolledBackTransactionKeepsTheUser) {
  const UserId a = NewUser("a@example.org");
  ASSERT_OK(articles().Begin());
  EXPECT_OK(readers().DeleteUser(a));
  articles().Rollback();
  EXPECT_TRUE(readers().GetUser(a).ok());
}

// --- Rate limits and secrets
// ------------------------------------------------------

TEST_P(ReaderStoreTest, HitCountsPerKeyInFixedWindows) {
  EXPECT_EQ(ValueOrDie(readers().Hit("login:1.2.3.4", 600)), 1);
  EXPECT_EQ(ValueOrDie(readers().Hit("login:1.2.3.4", 600)), 2);
  EXPECT_EQ(ValueOrDie(readers().Hit("login:5.6.7.8", 600)), 1);
  EXPECT_EQ(ValueOrDie(readers().Hit("login:1.2.3.4", 600)), 3);
  // A new window starts over; a late hit for the old one counts in it.
  EXPECT_EQ(ValueOrDie(readers().Hit("login:1.2.3.4", 1200)), 1);
  EXPECT_EQ(ValueOrDie(readers().Hit("login:1.2.3.4", 600)), 2);
  EXPECT_EQ(ValueOrDie(readers().Hit("login:1.2.3.4", 1200)), 3);
  EXPECT_EQ(CodeOf(readers().Hit("", 600)), StatusCode::kInvalidArgument);
}

TEST_P(ReaderStoreTest, HitsSoFarPeeksWithoutCounting) {
  EXPECT_EQ(ValueOrDie(readers().HitsSoFar("k", 600)), 0);
  EXPECT_EQ(ValueOrDie(readers().Hit("k", 600)), 1);
  EXPECT_EQ(ValueOrDie(readers().Hit("k", 600)), 2);
  EXPECT_EQ(ValueOrDie(readers().HitsSoFar("k", 600)), 2);
  EXPECT_EQ(ValueOrDie(readers().HitsSoFar("k", 600)), 2);
  EXPECT_EQ(ValueOrDie(readers().HitsSoFar("k", 1200)), 0);  // next window
  EXPECT_EQ(ValueOrDie(readers().HitsSoFar("other", 600)), 0);
}

TEST_P(ReaderStoreTest, SecretFirstWriterWinsAcrossConnections) {
  std::unique_ptr<ArticleStore> other = OpenAnother();
  ASSERT_NE(other, nullptr);
  ReaderStore* second = ReadersOf(other.get());
  const std::string binary("k\0\xff\x01", 4);
  EXPECT_EQ(ValueOrDie(readers().Secret("feed", binary)), binary);
  EXPECT_EQ(ValueOrDie(second->Secret("feed", "other value")), binary);
  EXPECT_EQ(ValueOrDie(second->Secret("csrf", "two")), "two");
  EXPECT_EQ(ValueOrDie(readers().Secret("csrf", "one")), "two");
  EXPECT_EQ(CodeOf(readers().Secret("x", "")), StatusCode::kInvalidArgument);
}

}  // namespace khabar::store::testing
