// The readers' repository: accounts, sessions, API tokens, one-time email
// links, saved articles, follows and mutes, reading history, newsletters,
// subscriptions, editions and the mail outbox. Like ArticleStore it hides
// SQL from the services, so the PostgreSQL backend implements the same
// interface. SqliteStore implements both interfaces on one connection, so
// Begin()/Commit() of the ArticleStore group reader writes too.
//
// Secrets never reach this layer in the clear: sessions, API tokens and email
// links are stored as hashes the service computed; passwords as argon2id
// strings. Every method keyed by a user id acts only on that user's rows, so
// one reader can never touch another's (the IDOR guard lives here).
//
// Errors: an unknown id/key/hash is NotFound; a unique clash (an email that
// is taken, a second edition of one period) is AlreadyExists; malformed
// arguments (empty email, unknown follow kind) are InvalidArgument.
#ifndef KHABAR_STORE_READER_STORE_H_
#define KHABAR_STORE_READER_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "store/article_store.h"

namespace khabar::store {

using UserId = int64_t;

struct User {
  UserId id = 0;
  std::string email;          // unique, compared case-insensitively (ASCII)
  std::string password_hash;  // argon2id string from libsodium
  std::string display_name;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> verified_at;  // email verified
  // Bumped to revoke the private feed URLs (they are derived from it).
  int64_t feed_generation = 0;
};

struct Session {
  std::string token_hash;  // hash of the cookie value
  UserId user_id = 0;
  std::string csrf;        // the session's CSRF token (random, not secret-at-rest)
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
};

struct ApiToken {
  int64_t id = 0;
  UserId user_id = 0;
  std::string name;
  std::string token_hash;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> last_used;
};

// A one-time emailed link: "verify" (an address), "reset" (a password),
// "email" (confirm a new address, held in `email`).
struct EmailToken {
  std::string token_hash;
  UserId user_id = 0;
  std::string purpose;
  std::string email;
  UnixSeconds expires_at = 0;
};

struct SavedArticle {
  ArticleId article = 0;
  UnixSeconds at = 0;
};

// Follow kinds. An entity follow's target is the entity key; `type` of the
// entity goes in `detail` ("PERS", "LOC", "ORG", "MISC"). topic: taxonomy id;
// source: source name; story: story id in decimal; search: the query text.
inline constexpr std::string_view kFollowKinds[] = {"entity", "topic", "source",
                                                    "story", "search"};

struct Follow {
  std::string kind;
  std::string target;
  std::string label;   // what pages show ("الرقة", "رياضة")
  std::string detail;  // entity type for kind "entity"
  // A muted source/topic: never shown in "For you" (only sources and topics
  // can be muted; a muted row is not a follow).
  bool muted = false;
  UnixSeconds at = 0;
};

struct ReadEvent {
  ArticleId article = 0;
  UnixSeconds at = 0;
};

// A newsletter readers can subscribe to. kind "digest" is built from each
// reader's follows and "For you"; kind "topic" from one topic, the same for
// every subscriber.
struct Newsletter {
  int64_t id = 0;
  std::string slug;     // "daily", "weekly", "topic-sport"
  std::string name;     // shown to readers
  std::string cadence;  // "daily" | "weekly"
  std::string kind;     // "digest" | "topic"
  std::string topic;    // for kind "topic"
};

struct Subscription {
  int64_t id = 0;
  UserId user_id = 0;
  int64_t newsletter_id = 0;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> confirmed_at;     // double opt-in done
  std::optional<UnixSeconds> unsubscribed_at;  // set: no more mail
  // Upper bound of the articles the last edition covered (next edition
  // takes items after it); nullopt before the first edition.
  std::optional<UnixSeconds> last_edition_at;
};

// One email waiting in, or gone through, the outbox.
struct OutboxMessage {
  int64_t id = 0;
  UserId user_id = 0;      // 0 for mail not tied to an account
  std::string recipient;   // one address
  std::string sender;      // envelope from
  std::string message_id;  // the Message-ID header value, unique
  std::string mime;        // the complete RFC 5322 message, CRLF line ends
  std::string status;      // "queued" | "sending" | "sent" | "failed"
  int attempts = 0;
  UnixSeconds next_try = 0;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> sent_at;
  std::string last_error;
};

// One newsletter edition for one reader and period ("2026-11-26",
// "2026-W48"): built once, never sent twice.
struct Edition {
  int64_t newsletter_id = 0;
  UserId user_id = 0;
  std::string period;
  UnixSeconds covers_until = 0;  // becomes the subscription's last_edition_at
};

struct OutboxCounts {
  int64_t queued = 0, sending = 0, sent = 0, failed = 0;
};

// How often an article was opened or saved by readers since some time.
struct ArticleInterest {
  ArticleId article = 0;
  int64_t reads = 0;
  int64_t saves = 0;
};

class ReaderStore {
 public:
  virtual ~ReaderStore() = default;

  // --- Accounts. ---------------------------------------------------------
  // AlreadyExists when the email is taken (any case).
  virtual Result<UserId> CreateUser(const User& user) = 0;
  virtual Result<User> GetUser(UserId id) = 0;
  virtual Result<User> FindUserByEmail(std::string_view email) = 0;
  // Writes email, password_hash, display_name, verified_at, feed_generation.
  virtual Status UpdateUser(const User& user) = 0;
  // Removes the user and every row of theirs: sessions, tokens, links,
  // saved, follows, reads, subscriptions, editions, and outbox mail not yet
  // sent to them.
  virtual Status DeleteUser(UserId id) = 0;

  // --- Sessions. ---------------------------------------------------------
  virtual Status PutSession(const Session& session) = 0;
  // NotFound when missing or expired at `now`.
  virtual Result<Session> GetSession(std::string_view token_hash,
                                     UnixSeconds now) = 0;
  virtual Status ExtendSession(std::string_view token_hash,
                               UnixSeconds expires_at) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Every session of the user except `keep_hash` ("" = all of them).
  virtual Status DeleteUserSessions(UserId user, std::string_view keep_hash) = 0;
  // The user's sessions live at `now` (the account export shows how many).
  virtual Result<int64_t> CountSessions(UserId user, UnixSeconds now) = 0;

  // --- Personal API tokens. ----------------------------------------------
  virtual Result<int64_t> PutApiToken(const ApiToken& token) = 0;
  virtual Result<std::vector<ApiToken>> ApiTokens(UserId user) = 0;
  // The live token with this hash; records `now` as its last use.
  virtual Result<ApiToken> UseApiToken(std::string_view token_hash,
                                       UnixSeconds now) = 0;
  // NotFound unless the token exists and belongs to `user`.
  virtual Status RevokeApiToken(UserId user, int64_t id) = 0;

  // --- One-time email links. ---------------------------------------------
  virtual Status PutEmailToken(const EmailToken& token) = 0;
  // Consumes the link: returns it and deletes it, atomically. NotFound when
  // missing, already used, of another purpose or expired at `now`.
  virtual Result<EmailToken> TakeEmailToken(std::string_view token_hash,
                                            std::string_view purpose,
                                            UnixSeconds now) = 0;

  // --- Saved articles. ---------------------------------------------------
  // Idempotent; NotFound for an unknown article.
  virtual Status Save(UserId user, ArticleId article, UnixSeconds at) = 0;
  virtual Status Unsave(UserId user, ArticleId article) = 0;
  // Newest saved first, and how many in all.
  virtual Result<std::pair<std::vector<SavedArticle>, int64_t>> SavedArticles(
      UserId user, int limit, int offset) = 0;
  // Which of `articles` the user saved (for the buttons on cards).
  virtual Result<std::vector<ArticleId>> SavedAmong(
      UserId user, const std::vector<ArticleId>& articles) = 0;

  // --- Follows and mutes. ------------------------------------------------
  // Inserts or replaces the (kind, target) row of the user.
  virtual Status PutFollow(UserId user, const Follow& follow) = 0;
  virtual Status RemoveFollow(UserId user, std::string_view kind,
                              std::string_view target) = 0;
  // Follows and mutes, oldest first.
  virtual Result<std::vector<Follow>> Follows(UserId user) = 0;

  // --- Reading history (implicit interest). ------------------------------
  virtual Status RecordRead(UserId user, ArticleId article, UnixSeconds at) = 0;
  // Newest first.
  virtual Result<std::vector<ReadEvent>> RecentReads(UserId user,
                                                     int limit) = 0;
  // Articles most read/saved by all readers since `since`, most first
  // (reads + 3 × saves). The popularity baseline and "trending".
  virtual Result<std::vector<ArticleInterest>> PopularArticles(
      UnixSeconds since, int limit) = 0;

  // --- Newsletters and subscriptions. ------------------------------------
  // Inserts or updates by slug; returns the id.
  virtual Result<int64_t> PutNewsletter(const Newsletter& newsletter) = 0;
  virtual Result<std::vector<Newsletter>> Newsletters() = 0;
  virtual Result<Newsletter> GetNewsletter(int64_t id) = 0;
  // A pending subscription (or the existing one, re-opened if it had been
  // unsubscribed: confirmed_at and unsubscribed_at cleared).
  virtual Result<Subscription> Subscribe(UserId user, int64_t newsletter,
                                         UnixSeconds at) = 0;
  virtual Result<Subscription> GetSubscription(int64_t id) = 0;
  virtual Result<std::vector<Subscription>> Subscriptions(UserId user) = 0;
  virtual Status ConfirmSubscription(int64_t id, UnixSeconds at) = 0;
  virtual Status Unsubscribe(int64_t id, UnixSeconds at) = 0;
  // Confirmed, not unsubscribed subscriptions of a newsletter, by id.
  virtual Result<std::vector<Subscription>> ActiveSubscriptions(
      int64_t newsletter) = 0;

  // --- Editions and the outbox. ------------------------------------------
  // Records the edition and queues its message in one transaction, and
  // moves the subscription's last_edition_at to covers_until. AlreadyExists
  // (and nothing queued) when this reader already has this edition.
  virtual Result<int64_t> QueueEdition(const Edition& edition,
                                       const OutboxMessage& message) = 0;
  virtual Result<bool> HasEdition(int64_t newsletter, UserId user,
                                  std::string_view period) = 0;
  // Queues a message (status "queued", next_try = created_at). Returns id.
  virtual Result<int64_t> Enqueue(const OutboxMessage& message) = 0;
  // Atomically claims the oldest message that is due: "queued" with
  // next_try <= now, or "sending" whose claim expired (its sender died):
  // sets status "sending", attempts + 1, next_try = lease_until. nullopt when
  // nothing is due.
  virtual Result<std::optional<OutboxMessage>> ClaimOutbox(
      UnixSeconds now, UnixSeconds lease_until) = 0;
  virtual Status MarkSent(int64_t id, UnixSeconds at) = 0;
  // Back to "queued" at next_try, or "failed" for good when give_up.
  virtual Status MarkRetry(int64_t id, std::string_view error,
                           UnixSeconds next_try, bool give_up) = 0;
  virtual Result<OutboxMessage> GetOutbox(int64_t id) = 0;
  // Messages to one recipient, newest first (tests, the account export).
  virtual Result<std::vector<OutboxMessage>> OutboxFor(
      std::string_view recipient, int limit) = 0;
  virtual Result<OutboxCounts> CountOutbox() = 0;

  // --- Rate limits and site secrets. -------------------------------------
  // Adds one hit to `key` in the fixed window starting at `window_start`
  // (older windows of the key are forgotten); returns the hits so far in it.
  virtual Result<int64_t> Hit(std::string_view key,
                              UnixSeconds window_start) = 0;
  // The hits so far in the window starting at `window_start`, without
  // adding one (0 for a key not hit in it). Lets "N failures lock the
  // account" refuse a correct password too, without counting successes.
  virtual Result<int64_t> HitsSoFar(std::string_view key,
                                    UnixSeconds window_start) = 0;
  // The named secret, created from `fresh` on first use (by any server:
  // the first writer wins, everybody reads the same value afterwards).
  virtual Result<std::string> Secret(std::string_view name,
                                     std::string_view fresh) = 0;

  // --- Operators: readers who may manage sources. -------------------------
  // NotFound for an unknown user.
  virtual Status SetOperator(UserId user, bool is_operator) = 0;
  virtual Result<bool> IsOperator(UserId user) = 0;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_READER_STORE_H_
