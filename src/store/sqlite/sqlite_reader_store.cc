// SqliteStore's ReaderStore side: accounts, sessions, tokens, links, saved
// articles, follows, reads, newsletters and the outbox, on the connection of
// the ArticleStore side (schema: ReaderTables in sqlite_store.cc).

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/sqlite_util.h"

namespace khabar::store {

using sqlite_internal::BindOptional;
using sqlite_internal::ForEachRow;
using sqlite_internal::OptionalInt64;
using sqlite_internal::ScopedReset;
using sqlite_internal::Statement;

namespace {

constexpr char kUserColumns[] =
    "SELECT id, email, password_hash, display_name, created_at, verified_at, "
    "feed_generation FROM user ";
constexpr char kApiTokenColumns[] =
    "id, user_id, name, token_hash, created_at, last_used";
constexpr char kSubscriptionColumns[] =
    "id, user_id, newsletter_id, created_at, confirmed_at, unsubscribed_at, "
    "last_edition_at";
constexpr char kOutboxColumns[] =
    "id, coalesce(user_id, 0), recipient, sender, message_id, mime, status, "
    "attempts, next_try, created_at, sent_at, last_error";
constexpr char kNewsletterColumns[] =
    "SELECT id, slug, name, cadence, kind, topic FROM newsletter ";

// Limits of list reads: the same bound as search pages.
Status ValidateListLimit(int limit, int offset) {
  if (limit < 0 || limit > kMaxSearchLimit) {
    return Status::InvalidArgument("limit must be in [0, " +
                                   std::to_string(kMaxSearchLimit) + "]");
  }
  if (offset < 0) return Status::InvalidArgument("offset must be >= 0");
  return Status::Ok();
}

User ReadUser(const Statement& stmt) {
  User user;
  user.id = stmt.ColumnInt64(0);
  user.email = stmt.ColumnText(1);
  user.password_hash = stmt.ColumnText(2);
  user.display_name = stmt.ColumnText(3);
  user.created_at = stmt.ColumnInt64(4);
  user.verified_at = OptionalInt64(stmt, 5);
  user.feed_generation = stmt.ColumnInt64(6);
  return user;
}

Session ReadSession(const Statement& stmt) {
  return Session{stmt.ColumnText(0), stmt.ColumnInt64(1), stmt.ColumnText(2),
                 stmt.ColumnInt64(3), stmt.ColumnInt64(4)};
}

ApiToken ReadApiToken(const Statement& stmt) {
  ApiToken token;
  token.id = stmt.ColumnInt64(0);
  token.user_id = stmt.ColumnInt64(1);
  token.name = stmt.ColumnText(2);
  token.token_hash = stmt.ColumnText(3);
  token.created_at = stmt.ColumnInt64(4);
  token.last_used = OptionalInt64(stmt, 5);
  return token;
}

Newsletter ReadNewsletter(const Statement& stmt) {
  return Newsletter{stmt.ColumnInt64(0), stmt.ColumnText(1),
                    stmt.ColumnText(2),  stmt.ColumnText(3),
                    stmt.ColumnText(4),  stmt.ColumnText(5)};
}

Subscription ReadSubscription(const Statement& stmt) {
  Subscription sub;
  sub.id = stmt.ColumnInt64(0);
  sub.user_id = stmt.ColumnInt64(1);
  sub.newsletter_id = stmt.ColumnInt64(2);
  sub.created_at = stmt.ColumnInt64(3);
  sub.confirmed_at = OptionalInt64(stmt, 4);
  sub.unsubscribed_at = OptionalInt64(stmt, 5);
  sub.last_edition_at = OptionalInt64(stmt, 6);
  return sub;
}

OutboxMessage ReadOutbox(const Statement& stmt) {
  OutboxMessage m;
  m.id = stmt.ColumnInt64(0);
  m.user_id = stmt.ColumnInt64(1);
  m.recipient = stmt.ColumnText(2);
  m.sender = stmt.ColumnText(3);
  m.message_id = stmt.ColumnText(4);
  m.mime = stmt.ColumnText(5);
  m.status = stmt.ColumnText(6);
  m.attempts = static_cast<int>(stmt.ColumnInt64(7));
  m.next_try = stmt.ColumnInt64(8);
  m.created_at = stmt.ColumnInt64(9);
  m.sent_at = OptionalInt64(stmt, 10);
  m.last_error = stmt.ColumnText(11);
  return m;
}

// Steps a statement that returns at most one row, handing it to `read_row`,
// and then to its end, so that a write's own errors (and, outside a
// transaction, its commit) are reported here rather than lost in Reset().
// Ok(false) when there was no row.
template <typename F>
Result<bool> StepOne(Statement& stmt, F&& read_row) {
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return false;
  read_row(stmt);
  Result<bool> more = stmt.Step();
  if (!more.ok()) return more.status();
  return true;
}

// A write that failed on a foreign key named a user, article or newsletter
// that does not exist: the caller's NotFound. Call right after the step.
Status MapMissingParent(sqlite3* db, Status status, std::string_view what) {
  if (!status.ok() &&
      sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return Status::NotFound(std::string(what));
  }
  return status;
}

Status NotFoundUnlessChanged(sqlite3* db, std::string_view what) {
  if (sqlite3_changes(db) == 0) return Status::NotFound(std::string(what));
  return Status::Ok();
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool IsFollowKind(std::string_view kind) {
  return std::find(std::begin(kFollowKinds), std::end(kFollowKinds), kind) !=
         std::end(kFollowKinds);
}

Status ValidateEmail(std::string_view email) {
  if (email.empty()) return Status::InvalidArgument("email is empty");
  if (!IsValidUtf8(email) || HasLineBreak(email)) {
    return Status::InvalidArgument("email is not a valid address");
  }
  return Status::Ok();
}

Status ValidateMessage(const OutboxMessage& message) {
  if (message.recipient.empty() || message.message_id.empty() ||
      message.mime.empty()) {
    return Status::InvalidArgument(
        "outbox message needs a recipient, a Message-ID and a body");
  }
  if (HasLineBreak(message.recipient) || HasLineBreak(message.sender) ||
      HasLineBreak(message.message_id)) {
    return Status::InvalidArgument("outbox address contains a line break");
  }
  return Status::Ok();
}

}  // namespace

// Declaration order matters: statements are finalized before the
// connection (owned by Impl) closes.
struct SqliteStore::Readers {
  sqlite3* db = nullptr;  // borrowed from Impl
  Statement begin;
  Statement begin_read;
  Statement commit;
  Statement rollback;
  Statement savepoint;
  Statement release;
  Statement rollback_to;
  // Accounts.
  Statement create_user;
  Statement get_user;
  Statement find_user;
  Statement update_user;
  Statement delete_user;
  Statement delete_user_outbox;
  Statement scrub_user_outbox;
  // Sessions.
  Statement put_session;
  Statement purge_sessions;
  Statement get_session;
  Statement extend_session;
  Statement delete_session;
  Statement delete_user_sessions;
  Statement count_sessions;
  // Tokens and links.
  Statement put_api_token;
  Statement api_tokens;
  Statement use_api_token;
  Statement revoke_api_token;
  Statement put_email_token;
  Statement take_email_token;
  // Saved, follows, reads.
  Statement save;
  Statement unsave;
  Statement saved_page;
  Statement saved_count;
  Statement is_saved;
  Statement put_follow;
  Statement remove_follow;
  Statement follows;
  Statement record_read;
  Statement recent_reads;
  Statement popular;
  // Newsletters.
  Statement put_newsletter;
  Statement newsletters;
  Statement get_newsletter;
  Statement subscribe;
  Statement get_subscription;
  Statement subscriptions;
  Statement confirm_subscription;
  Statement unsubscribe;
  Statement active_subscriptions;
  Statement insert_edition;
  Statement touch_subscription;
  Statement has_edition;
  // Outbox.
  Statement enqueue;
  Statement claim;
  Statement mark_sent;
  Statement mark_retry;
  Statement get_outbox;
  Statement outbox_for;
  Statement count_outbox;
  // Rate limits and secrets.
  Statement hit;
  Statement hits_so_far;
  Statement insert_secret;
  Statement get_secret;

  Status Prepare();
  bool InTransaction() const { return sqlite3_get_autocommit(db) == 0; }
  // Runs `body` (returning Status) atomically: as its own IMMEDIATE
  // transaction (the write lock is taken up front, so busy_timeout applies),
  // or as a savepoint inside the caller's transaction, undoing only itself
  // on failure.
  template <typename F>
  Status Atomically(F&& body);
  // Runs `body` in one read snapshot unless already in a transaction.
  template <typename F>
  Status InSnapshot(F&& body);
  Result<int64_t> EnqueueIn(const OutboxMessage& message);
};

void SqliteStore::ReadersDeleter::operator()(Readers* readers) const {
  delete readers;
}

template <typename F>
Status SqliteStore::Readers::Atomically(F&& body) {
  const bool own_transaction = !InTransaction();
  {
    Statement& open = own_transaction ? begin : savepoint;
    ScopedReset reset(open);
    KHABAR_RETURN_IF_ERROR(open.Exec());
  }
  Status status = body();
  if (status.ok()) {
    Statement& close = own_transaction ? commit : release;
    ScopedReset reset(close);
    status = close.Exec();
    if (status.ok()) return status;
  }
  if (!InTransaction()) {
    // SQLite already rolled back (I/O error, disk full): the caller's
    // earlier writes are gone too; say so.
    return own_transaction
               ? status
               : status.WithContext("transaction rolled back by SQLite");
  }
  if (own_transaction) {
    ScopedReset reset(rollback);
    (void)rollback.Exec();
  } else {
    ScopedReset reset_to(rollback_to);
    (void)rollback_to.Exec();
    ScopedReset reset_release(release);
    (void)release.Exec();
  }
  return status;
}

template <typename F>
Status SqliteStore::Readers::InSnapshot(F&& body) {
  const bool own_transaction = !InTransaction();
  if (own_transaction) {
    ScopedReset reset(begin_read);
    KHABAR_RETURN_IF_ERROR(begin_read.Exec());
  }
  Status status = body();
  if (own_transaction && InTransaction()) {
    ScopedReset reset(rollback);
    (void)rollback.Exec();  // read-only: nothing to commit
  }
  return status;
}

Status SqliteStore::Readers::Prepare() {
  struct Entry {
    Statement* stmt;
    std::string sql;
  };
  const std::string api_token_columns = kApiTokenColumns;
  const std::string subscription_columns = kSubscriptionColumns;
  const std::string outbox_columns = kOutboxColumns;
  const Entry entries[] = {
      {&begin, "BEGIN IMMEDIATE"},
      {&begin_read, "BEGIN"},
      {&commit, "COMMIT"},
      {&rollback, "ROLLBACK"},
      {&savepoint, "SAVEPOINT reader_write"},
      {&release, "RELEASE reader_write"},
      {&rollback_to, "ROLLBACK TO reader_write"},
      {&create_user,
       "INSERT INTO user(email, password_hash, display_name, created_at, "
       "verified_at, feed_generation) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      {&get_user, std::string(kUserColumns) + "WHERE id = ?1"},
      // The column's NOCASE collation applies (and its UNIQUE index serves).
      {&find_user, std::string(kUserColumns) + "WHERE email = ?1"},
      {&update_user,
       "UPDATE user SET email = ?2, password_hash = ?3, display_name = ?4, "
       "verified_at = ?5, feed_generation = ?6 WHERE id = ?1"},
      {&delete_user, "DELETE FROM user WHERE id = ?1"},
      {&delete_user_outbox,
       "DELETE FROM outbox WHERE user_id = ?1 AND status != 'sent'"},
      {&scrub_user_outbox,
       "UPDATE outbox SET user_id = NULL, recipient = '', sender = '', "
       "mime = '', last_error = '' WHERE user_id = ?1"},
      {&put_session,
       "INSERT INTO session(token_hash, user_id, csrf, created_at, "
       "expires_at) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&purge_sessions,
       "DELETE FROM session WHERE user_id = ?1 AND expires_at <= ?2"},
      {&get_session,
       "SELECT token_hash, user_id, csrf, created_at, expires_at FROM session "
       "WHERE token_hash = ?1 AND expires_at > ?2"},
      {&extend_session,
       "UPDATE session SET expires_at = ?2 WHERE token_hash = ?1"},
      {&delete_session, "DELETE FROM session WHERE token_hash = ?1"},
      {&delete_user_sessions,
       "DELETE FROM session WHERE user_id = ?1 AND token_hash != ?2"},
      {&count_sessions,
       "SELECT count(*) FROM session WHERE user_id = ?1 AND expires_at > ?2"},
      {&put_api_token,
       "INSERT INTO api_token(user_id, name, token_hash, created_at, "
       "last_used) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&api_tokens, "SELECT " + api_token_columns +
                        " FROM api_token WHERE user_id = ?1 ORDER BY id"},
      {&use_api_token,
       "UPDATE api_token SET last_used = ?2 WHERE token_hash = ?1 RETURNING " +
           api_token_columns},
      {&revoke_api_token,
       "DELETE FROM api_token WHERE user_id = ?1 AND id = ?2"},
      {&put_email_token,
       "INSERT INTO email_token(token_hash, user_id, purpose, email, "
       "expires_at) VALUES(?1, ?2, ?3, ?4, ?5)"},
      // One statement: two racing takes cannot both get the link. An expired
      // link is deleted too (it is useless) but not returned.
      {&take_email_token,
       "DELETE FROM email_token WHERE token_hash = ?1 AND purpose = ?2 "
       "RETURNING token_hash, user_id, purpose, email, expires_at"},
      {&save,
       "INSERT INTO saved(user_id, article_id, at) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(user_id, article_id) DO NOTHING"},
      {&unsave, "DELETE FROM saved WHERE user_id = ?1 AND article_id = ?2"},
      {&saved_page,
       "SELECT article_id, at FROM saved WHERE user_id = ?1 "
       "ORDER BY at DESC, article_id DESC LIMIT ?2 OFFSET ?3"},
      {&saved_count, "SELECT count(*) FROM saved WHERE user_id = ?1"},
      {&is_saved, "SELECT 1 FROM saved WHERE user_id = ?1 AND article_id = ?2"},
      {&put_follow,
       "INSERT INTO follow(user_id, kind, target, label, detail, muted, at) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
       "ON CONFLICT(user_id, kind, target) DO UPDATE SET "
       "label = excluded.label, detail = excluded.detail, "
       "muted = excluded.muted, at = excluded.at"},
      {&remove_follow,
       "DELETE FROM follow WHERE user_id = ?1 AND kind = ?2 AND target = ?3"},
      {&follows,
       "SELECT kind, target, label, detail, muted, at FROM follow "
       "WHERE user_id = ?1 ORDER BY at, id"},
      {&record_read,
       "INSERT INTO read_event(user_id, article_id, at) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(user_id, article_id) DO UPDATE SET "
       "at = max(at, excluded.at)"},
      {&recent_reads,
       "SELECT article_id, at FROM read_event WHERE user_id = ?1 "
       "ORDER BY at DESC, article_id DESC LIMIT ?2"},
      {&popular,
       "SELECT article_id, sum(r) AS reads, sum(s) AS saves FROM ("
       "SELECT article_id, 1 AS r, 0 AS s FROM read_event WHERE at >= ?1 "
       "UNION ALL "
       "SELECT article_id, 0, 1 FROM saved WHERE at >= ?1) "
       "GROUP BY article_id ORDER BY reads + 3 * saves DESC, article_id DESC "
       "LIMIT ?2"},
      {&put_newsletter,
       "INSERT INTO newsletter(slug, name, cadence, kind, topic) "
       "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(slug) DO UPDATE SET "
       "name = excluded.name, cadence = excluded.cadence, "
       "kind = excluded.kind, topic = excluded.topic RETURNING id"},
      {&newsletters, std::string(kNewsletterColumns) + "ORDER BY id"},
      {&get_newsletter, std::string(kNewsletterColumns) + "WHERE id = ?1"},
      {&subscribe,
       "INSERT INTO subscription(user_id, newsletter_id, created_at) "
       "VALUES(?1, ?2, ?3) ON CONFLICT(user_id, newsletter_id) DO UPDATE SET "
       "confirmed_at = CASE WHEN unsubscribed_at IS NULL THEN confirmed_at "
       "END, unsubscribed_at = NULL RETURNING " +
           subscription_columns},
      {&get_subscription,
       "SELECT " + subscription_columns + " FROM subscription WHERE id = ?1"},
      {&subscriptions, "SELECT " + subscription_columns +
                           " FROM subscription WHERE user_id = ?1 "
                           "ORDER BY id"},
      {&confirm_subscription,
       "UPDATE subscription SET confirmed_at = coalesce(confirmed_at, ?2) "
       "WHERE id = ?1"},
      {&unsubscribe,
       "UPDATE subscription SET unsubscribed_at = "
       "coalesce(unsubscribed_at, ?2) WHERE id = ?1"},
      {&active_subscriptions,
       "SELECT " + subscription_columns +
           " FROM subscription WHERE newsletter_id = ?1 AND confirmed_at "
           "IS NOT NULL AND unsubscribed_at IS NULL ORDER BY id"},
      {&insert_edition,
       "INSERT INTO edition(newsletter_id, user_id, period, covers_until, "
       "outbox_id) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&touch_subscription,
       "UPDATE subscription SET last_edition_at = ?3 "
       "WHERE user_id = ?1 AND newsletter_id = ?2"},
      {&has_edition,
       "SELECT 1 FROM edition WHERE newsletter_id = ?1 AND user_id = ?2 AND "
       "period = ?3"},
      {&enqueue,
       "INSERT INTO outbox(user_id, recipient, sender, message_id, mime, "
       "status, attempts, next_try, created_at) "
       "VALUES(?1, ?2, ?3, ?4, ?5, 'queued', 0, ?6, ?6)"},
      // One statement, so the claim is atomic across connections and
      // processes: no two senders get the same message.
      {&claim,
       "UPDATE outbox SET status = 'sending', attempts = attempts + 1, "
       "next_try = ?2 WHERE id = (SELECT id FROM outbox WHERE status IN "
       "('queued', 'sending') AND next_try <= ?1 ORDER BY id LIMIT 1) "
       "RETURNING " +
           outbox_columns},
      {&mark_sent,
       "UPDATE outbox SET status = 'sent', sent_at = ?2, last_error = '' "
       "WHERE id = ?1"},
      {&mark_retry,
       "UPDATE outbox SET status = CASE WHEN ?4 THEN 'failed' ELSE 'queued' "
       "END, last_error = ?2, next_try = ?3 WHERE id = ?1"},
      {&get_outbox, "SELECT " + outbox_columns + " FROM outbox WHERE id = ?1"},
      {&outbox_for, "SELECT " + outbox_columns +
                        " FROM outbox WHERE recipient = ?1 "
                        "ORDER BY id DESC LIMIT ?2"},
      {&count_outbox, "SELECT status, count(*) FROM outbox GROUP BY status"},
      // A newer window restarts the count; a late hit for an older window
      // (another server's clock) counts in the current one.
      {&hit,
       "INSERT INTO rate_limit(key, window_start, hits) VALUES(?1, ?2, 1) "
       "ON CONFLICT(key) DO UPDATE SET hits = CASE WHEN "
       "excluded.window_start > window_start THEN 1 ELSE hits + 1 END, "
       "window_start = max(window_start, excluded.window_start) "
       "RETURNING hits"},
      {&hits_so_far,
       "SELECT CASE WHEN window_start >= ?2 THEN hits ELSE 0 END "
       "FROM rate_limit WHERE key = ?1"},
      {&insert_secret,
       "INSERT OR IGNORE INTO secret(name, value) VALUES(?1, ?2)"},
      {&get_secret, "SELECT value FROM secret WHERE name = ?1"},
  };
  for (const Entry& entry : entries) {
    Result<Statement> stmt = Statement::Prepare(db, entry.sql);
    if (!stmt.ok()) return stmt.status().WithContext(entry.sql);
    *entry.stmt = std::move(stmt).value();
  }
  return Status::Ok();
}

Status SqliteStore::PrepareReaders() {
  readers_.reset(new Readers);
  readers_->db = db();
  return readers_->Prepare();
}

// --- Accounts ---------------------------------------------------------------

Result<UserId> SqliteStore::CreateUser(const User& user) {
  KHABAR_RETURN_IF_ERROR(ValidateEmail(user.email));
  Readers& r = *readers_;
  ScopedReset reset(r.create_user);
  r.create_user.BindText(1, user.email);
  r.create_user.BindText(2, user.password_hash);
  r.create_user.BindText(3, user.display_name);
  r.create_user.BindInt64(4, user.created_at);
  BindOptional(r.create_user, 5, user.verified_at);
  r.create_user.BindInt64(6, user.feed_generation);
  Status status = r.create_user.Exec();
  if (status.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("an account with this email exists");
  }
  KHABAR_RETURN_IF_ERROR(status);
  return sqlite3_last_insert_rowid(r.db);
}

Result<User> SqliteStore::GetUser(UserId id) {
  Statement& stmt = readers_->get_user;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no user with id " + std::to_string(id));
  return ReadUser(stmt);
}

Result<User> SqliteStore::FindUserByEmail(std::string_view email) {
  Statement& stmt = readers_->find_user;
  ScopedReset reset(stmt);
  stmt.BindText(1, email);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no user with this email");
  return ReadUser(stmt);
}

Status SqliteStore::UpdateUser(const User& user) {
  KHABAR_RETURN_IF_ERROR(ValidateEmail(user.email));
  Readers& r = *readers_;
  ScopedReset reset(r.update_user);
  r.update_user.BindInt64(1, user.id);
  r.update_user.BindText(2, user.email);
  r.update_user.BindText(3, user.password_hash);
  r.update_user.BindText(4, user.display_name);
  BindOptional(r.update_user, 5, user.verified_at);
  r.update_user.BindInt64(6, user.feed_generation);
  Status status = r.update_user.Exec();
  if (status.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("an account with this email exists");
  }
  KHABAR_RETURN_IF_ERROR(status);
  return NotFoundUnlessChanged(r.db,
                               "no user with id " + std::to_string(user.id));
}

Status SqliteStore::DeleteUser(UserId id) {
  Readers& r = *readers_;
  return r.Atomically([&]() -> Status {
    for (Statement* stmt : {&r.delete_user_outbox, &r.scrub_user_outbox}) {
      ScopedReset reset(*stmt);
      stmt->BindInt64(1, id);
      KHABAR_RETURN_IF_ERROR(stmt->Exec());
    }
    // Sessions, tokens, links, saved, follows, reads, subscriptions and
    // editions go by ON DELETE CASCADE.
    ScopedReset reset(r.delete_user);
    r.delete_user.BindInt64(1, id);
    KHABAR_RETURN_IF_ERROR(r.delete_user.Exec());
    return NotFoundUnlessChanged(r.db, "no user with id " + std::to_string(id));
  });
}

// --- Sessions ---------------------------------------------------------------

Status SqliteStore::PutSession(const Session& session) {
  if (session.token_hash.empty()) {
    return Status::InvalidArgument("session has no token hash");
  }
  Readers& r = *readers_;
  return r.Atomically([&]() -> Status {
    {
      // The user's expired sessions go as new ones come: the table stays
      // the size of the live sessions.
      ScopedReset reset(r.purge_sessions);
      r.purge_sessions.BindInt64(1, session.user_id);
      r.purge_sessions.BindInt64(2, session.created_at);
      KHABAR_RETURN_IF_ERROR(r.purge_sessions.Exec());
    }
    ScopedReset reset(r.put_session);
    r.put_session.BindText(1, session.token_hash);
    r.put_session.BindInt64(2, session.user_id);
    r.put_session.BindText(3, session.csrf);
    r.put_session.BindInt64(4, session.created_at);
    r.put_session.BindInt64(5, session.expires_at);
    return MapMissingParent(
        r.db, r.put_session.Exec(),
        "no user with id " + std::to_string(session.user_id));
  });
}

Result<Session> SqliteStore::GetSession(std::string_view token_hash,
                                        UnixSeconds now) {
  Statement& stmt = readers_->get_session;
  ScopedReset reset(stmt);
  stmt.BindText(1, token_hash);
  stmt.BindInt64(2, now);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no such session (or it expired)");
  return ReadSession(stmt);
}

Status SqliteStore::ExtendSession(std::string_view token_hash,
                                  UnixSeconds expires_at) {
  Readers& r = *readers_;
  ScopedReset reset(r.extend_session);
  r.extend_session.BindText(1, token_hash);
  r.extend_session.BindInt64(2, expires_at);
  KHABAR_RETURN_IF_ERROR(r.extend_session.Exec());
  return NotFoundUnlessChanged(r.db, "no such session");
}

Status SqliteStore::DeleteSession(std::string_view token_hash) {
  Statement& stmt = readers_->delete_session;
  ScopedReset reset(stmt);
  stmt.BindText(1, token_hash);
  return stmt.Exec();
}

Status SqliteStore::DeleteUserSessions(UserId user,
                                       std::string_view keep_hash) {
  Statement& stmt = readers_->delete_user_sessions;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  stmt.BindText(2, keep_hash);
  return stmt.Exec();
}

Result<int64_t> SqliteStore::CountSessions(UserId user, UnixSeconds now) {
  Statement& stmt = readers_->count_sessions;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  stmt.BindInt64(2, now);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  return *row ? stmt.ColumnInt64(0) : 0;
}

// --- API tokens and email links ---------------------------------------------

Result<int64_t> SqliteStore::PutApiToken(const ApiToken& token) {
  if (token.token_hash.empty()) {
    return Status::InvalidArgument("API token has no hash");
  }
  Readers& r = *readers_;
  ScopedReset reset(r.put_api_token);
  r.put_api_token.BindInt64(1, token.user_id);
  r.put_api_token.BindText(2, token.name);
  r.put_api_token.BindText(3, token.token_hash);
  r.put_api_token.BindInt64(4, token.created_at);
  BindOptional(r.put_api_token, 5, token.last_used);
  KHABAR_RETURN_IF_ERROR(
      MapMissingParent(r.db, r.put_api_token.Exec(),
                       "no user with id " + std::to_string(token.user_id)));
  return sqlite3_last_insert_rowid(r.db);
}

Result<std::vector<ApiToken>> SqliteStore::ApiTokens(UserId user) {
  Statement& stmt = readers_->api_tokens;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  std::vector<ApiToken> tokens;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    tokens.push_back(ReadApiToken(row));
  }));
  return tokens;
}

Result<ApiToken> SqliteStore::UseApiToken(std::string_view token_hash,
                                          UnixSeconds now) {
  Statement& stmt = readers_->use_api_token;
  ScopedReset reset(stmt);
  stmt.BindText(1, token_hash);
  stmt.BindInt64(2, now);
  ApiToken token;
  Result<bool> found =
      StepOne(stmt, [&](const Statement& row) { token = ReadApiToken(row); });
  if (!found.ok()) return found.status();
  if (!*found) return Status::NotFound("no such API token");
  return token;
}

Status SqliteStore::RevokeApiToken(UserId user, int64_t id) {
  Readers& r = *readers_;
  ScopedReset reset(r.revoke_api_token);
  r.revoke_api_token.BindInt64(1, user);
  r.revoke_api_token.BindInt64(2, id);
  KHABAR_RETURN_IF_ERROR(r.revoke_api_token.Exec());
  return NotFoundUnlessChanged(r.db,
                               "no API token with id " + std::to_string(id));
}

namespace {

bool IsEmailTokenPurpose(std::string_view purpose) {
  return purpose == "verify" || purpose == "reset" || purpose == "email";
}

}  // namespace

Status SqliteStore::PutEmailToken(const EmailToken& token) {
  if (token.token_hash.empty()) {
    return Status::InvalidArgument("email link has no hash");
  }
  if (!IsEmailTokenPurpose(token.purpose)) {
    return Status::InvalidArgument("unknown email link purpose '" +
                                   token.purpose + "'");
  }
  Readers& r = *readers_;
  ScopedReset reset(r.put_email_token);
  r.put_email_token.BindText(1, token.token_hash);
  r.put_email_token.BindInt64(2, token.user_id);
  r.put_email_token.BindText(3, token.purpose);
  r.put_email_token.BindText(4, token.email);
  r.put_email_token.BindInt64(5, token.expires_at);
  return MapMissingParent(r.db, r.put_email_token.Exec(),
                          "no user with id " + std::to_string(token.user_id));
}

Result<EmailToken> SqliteStore::TakeEmailToken(std::string_view token_hash,
                                               std::string_view purpose,
                                               UnixSeconds now) {
  Statement& stmt = readers_->take_email_token;
  ScopedReset reset(stmt);
  stmt.BindText(1, token_hash);
  stmt.BindText(2, purpose);
  EmailToken token;
  Result<bool> found = StepOne(stmt, [&](const Statement& row) {
    token = EmailToken{row.ColumnText(0), row.ColumnInt64(1), row.ColumnText(2),
                       row.ColumnText(3), row.ColumnInt64(4)};
  });
  if (!found.ok()) return found.status();
  if (!*found || token.expires_at <= now) {
    return Status::NotFound("no such link (used, expired or of another kind)");
  }
  return token;
}

// --- Saved articles, follows, reads ------------------------------------------

Status SqliteStore::Save(UserId user, ArticleId article, UnixSeconds at) {
  Readers& r = *readers_;
  ScopedReset reset(r.save);
  r.save.BindInt64(1, user);
  r.save.BindInt64(2, article);
  r.save.BindInt64(3, at);
  return MapMissingParent(r.db, r.save.Exec(), "no such user or article");
}

Status SqliteStore::Unsave(UserId user, ArticleId article) {
  Statement& stmt = readers_->unsave;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  stmt.BindInt64(2, article);
  return stmt.Exec();
}

Result<std::pair<std::vector<SavedArticle>, int64_t>>
SqliteStore::SavedArticles(UserId user, int limit, int offset) {
  KHABAR_RETURN_IF_ERROR(ValidateListLimit(limit, offset));
  Readers& r = *readers_;
  std::vector<SavedArticle> saved;
  int64_t total = 0;
  KHABAR_RETURN_IF_ERROR(r.InSnapshot([&]() -> Status {
    {
      ScopedReset reset(r.saved_count);
      r.saved_count.BindInt64(1, user);
      Result<bool> row = r.saved_count.Step();
      if (!row.ok()) return row.status();
      total = *row ? r.saved_count.ColumnInt64(0) : 0;
    }
    ScopedReset reset(r.saved_page);
    r.saved_page.BindInt64(1, user);
    r.saved_page.BindInt64(2, limit);
    r.saved_page.BindInt64(3, offset);
    return ForEachRow(r.saved_page, [&](const Statement& row) {
      saved.push_back({row.ColumnInt64(0), row.ColumnInt64(1)});
    });
  }));
  return std::pair(std::move(saved), total);
}

Result<std::vector<ArticleId>> SqliteStore::SavedAmong(
    UserId user, const std::vector<ArticleId>& articles) {
  Readers& r = *readers_;
  std::vector<ArticleId> saved;
  // One primary-key probe per card: a page shows a few dozen.
  KHABAR_RETURN_IF_ERROR(r.InSnapshot([&]() -> Status {
    for (const ArticleId article : articles) {
      ScopedReset reset(r.is_saved);
      r.is_saved.BindInt64(1, user);
      r.is_saved.BindInt64(2, article);
      Result<bool> row = r.is_saved.Step();
      if (!row.ok()) return row.status();
      if (*row) saved.push_back(article);
    }
    return Status::Ok();
  }));
  return saved;
}

Status SqliteStore::PutFollow(UserId user, const Follow& follow) {
  if (!IsFollowKind(follow.kind)) {
    return Status::InvalidArgument("unknown follow kind '" + follow.kind + "'");
  }
  if (follow.target.empty()) {
    return Status::InvalidArgument("follow has no target");
  }
  if (follow.muted && follow.kind != "source" && follow.kind != "topic") {
    return Status::InvalidArgument("only sources and topics can be muted");
  }
  Readers& r = *readers_;
  ScopedReset reset(r.put_follow);
  r.put_follow.BindInt64(1, user);
  r.put_follow.BindText(2, follow.kind);
  r.put_follow.BindText(3, follow.target);
  r.put_follow.BindText(4, follow.label);
  r.put_follow.BindText(5, follow.detail);
  r.put_follow.BindInt64(6, follow.muted ? 1 : 0);
  r.put_follow.BindInt64(7, follow.at);
  return MapMissingParent(r.db, r.put_follow.Exec(),
                          "no user with id " + std::to_string(user));
}

Status SqliteStore::RemoveFollow(UserId user, std::string_view kind,
                                 std::string_view target) {
  Statement& stmt = readers_->remove_follow;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  stmt.BindText(2, kind);
  stmt.BindText(3, target);
  return stmt.Exec();
}

Result<std::vector<Follow>> SqliteStore::Follows(UserId user) {
  Statement& stmt = readers_->follows;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  std::vector<Follow> follows;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    follows.push_back(Follow{row.ColumnText(0), row.ColumnText(1),
                             row.ColumnText(2), row.ColumnText(3),
                             row.ColumnInt64(4) != 0, row.ColumnInt64(5)});
  }));
  return follows;
}

Status SqliteStore::RecordRead(UserId user, ArticleId article, UnixSeconds at) {
  Readers& r = *readers_;
  ScopedReset reset(r.record_read);
  r.record_read.BindInt64(1, user);
  r.record_read.BindInt64(2, article);
  r.record_read.BindInt64(3, at);
  return MapMissingParent(r.db, r.record_read.Exec(),
                          "no such user or article");
}

Result<std::vector<ReadEvent>> SqliteStore::RecentReads(UserId user,
                                                        int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateListLimit(limit, 0));
  Statement& stmt = readers_->recent_reads;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  stmt.BindInt64(2, limit);
  std::vector<ReadEvent> reads;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    reads.push_back({row.ColumnInt64(0), row.ColumnInt64(1)});
  }));
  return reads;
}

Result<std::vector<ArticleInterest>> SqliteStore::PopularArticles(
    UnixSeconds since, int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateListLimit(limit, 0));
  Statement& stmt = readers_->popular;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, since);
  stmt.BindInt64(2, limit);
  std::vector<ArticleInterest> popular;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    popular.push_back(
        {row.ColumnInt64(0), row.ColumnInt64(1), row.ColumnInt64(2)});
  }));
  return popular;
}

// --- Newsletters and subscriptions ------------------------------------------

Result<int64_t> SqliteStore::PutNewsletter(const Newsletter& newsletter) {
  if (newsletter.slug.empty()) {
    return Status::InvalidArgument("newsletter has no slug");
  }
  if (newsletter.cadence != "daily" && newsletter.cadence != "weekly") {
    return Status::InvalidArgument(
        "newsletter cadence must be daily or weekly");
  }
  if (newsletter.kind != "digest" && newsletter.kind != "topic") {
    return Status::InvalidArgument("newsletter kind must be digest or topic");
  }
  if (newsletter.kind == "topic" && newsletter.topic.empty()) {
    return Status::InvalidArgument("a topic newsletter needs a topic");
  }
  Statement& stmt = readers_->put_newsletter;
  ScopedReset reset(stmt);
  stmt.BindText(1, newsletter.slug);
  stmt.BindText(2, newsletter.name);
  stmt.BindText(3, newsletter.cadence);
  stmt.BindText(4, newsletter.kind);
  stmt.BindText(5, newsletter.topic);
  int64_t id = 0;
  Result<bool> row =
      StepOne(stmt, [&](const Statement& s) { id = s.ColumnInt64(0); });
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("newsletter upsert returned no id");
  return id;
}

Result<std::vector<Newsletter>> SqliteStore::Newsletters() {
  Statement& stmt = readers_->newsletters;
  ScopedReset reset(stmt);
  std::vector<Newsletter> newsletters;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    newsletters.push_back(ReadNewsletter(row));
  }));
  return newsletters;
}

Result<Newsletter> SqliteStore::GetNewsletter(int64_t id) {
  Statement& stmt = readers_->get_newsletter;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status::NotFound("no newsletter with id " + std::to_string(id));
  }
  return ReadNewsletter(stmt);
}

Result<Subscription> SqliteStore::Subscribe(UserId user, int64_t newsletter,
                                            UnixSeconds at) {
  Readers& r = *readers_;
  ScopedReset reset(r.subscribe);
  r.subscribe.BindInt64(1, user);
  r.subscribe.BindInt64(2, newsletter);
  r.subscribe.BindInt64(3, at);
  Subscription sub;
  Result<bool> row = StepOne(
      r.subscribe, [&](const Statement& s) { sub = ReadSubscription(s); });
  if (!row.ok()) {
    return MapMissingParent(r.db, row.status(), "no such user or newsletter");
  }
  if (!*row) return Status::Internal("subscription upsert returned no row");
  return sub;
}

Result<Subscription> SqliteStore::GetSubscription(int64_t id) {
  Statement& stmt = readers_->get_subscription;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status::NotFound("no subscription with id " + std::to_string(id));
  }
  return ReadSubscription(stmt);
}

Result<std::vector<Subscription>> SqliteStore::Subscriptions(UserId user) {
  Statement& stmt = readers_->subscriptions;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, user);
  std::vector<Subscription> subs;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    subs.push_back(ReadSubscription(row));
  }));
  return subs;
}

Status SqliteStore::ConfirmSubscription(int64_t id, UnixSeconds at) {
  Readers& r = *readers_;
  ScopedReset reset(r.confirm_subscription);
  r.confirm_subscription.BindInt64(1, id);
  r.confirm_subscription.BindInt64(2, at);
  KHABAR_RETURN_IF_ERROR(r.confirm_subscription.Exec());
  return NotFoundUnlessChanged(r.db,
                               "no subscription with id " + std::to_string(id));
}

Status SqliteStore::Unsubscribe(int64_t id, UnixSeconds at) {
  Readers& r = *readers_;
  ScopedReset reset(r.unsubscribe);
  r.unsubscribe.BindInt64(1, id);
  r.unsubscribe.BindInt64(2, at);
  KHABAR_RETURN_IF_ERROR(r.unsubscribe.Exec());
  return NotFoundUnlessChanged(r.db,
                               "no subscription with id " + std::to_string(id));
}

Result<std::vector<Subscription>> SqliteStore::ActiveSubscriptions(
    int64_t newsletter) {
  Statement& stmt = readers_->active_subscriptions;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, newsletter);
  std::vector<Subscription> subs;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    subs.push_back(ReadSubscription(row));
  }));
  return subs;
}

// --- Editions and the outbox
// --------------------------------------------------

Result<int64_t> SqliteStore::Readers::EnqueueIn(const OutboxMessage& message) {
  ScopedReset reset(enqueue);
  if (message.user_id != 0) {
    enqueue.BindInt64(1, message.user_id);
  } else {
    enqueue.BindNull(1);
  }
  enqueue.BindText(2, message.recipient);
  enqueue.BindText(3, message.sender);
  enqueue.BindText(4, message.message_id);
  enqueue.BindText(5, message.mime);
  enqueue.BindInt64(6, message.created_at);
  KHABAR_RETURN_IF_ERROR(enqueue.Exec());
  return sqlite3_last_insert_rowid(db);
}

Result<int64_t> SqliteStore::QueueEdition(const Edition& edition,
                                          const OutboxMessage& message) {
  KHABAR_RETURN_IF_ERROR(ValidateMessage(message));
  if (edition.period.empty()) {
    return Status::InvalidArgument("edition has no period");
  }
  Readers& r = *readers_;
  int64_t id = 0;
  KHABAR_RETURN_IF_ERROR(r.Atomically([&]() -> Status {
    Result<int64_t> queued = r.EnqueueIn(message);
    if (!queued.ok()) return queued.status();
    id = *queued;
    {
      ScopedReset reset(r.insert_edition);
      r.insert_edition.BindInt64(1, edition.newsletter_id);
      r.insert_edition.BindInt64(2, edition.user_id);
      r.insert_edition.BindText(3, edition.period);
      r.insert_edition.BindInt64(4, edition.covers_until);
      r.insert_edition.BindInt64(5, id);
      Status status = r.insert_edition.Exec();
      if (status.code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("edition " + edition.period +
                                     " was already made for this reader");
      }
      KHABAR_RETURN_IF_ERROR(
          MapMissingParent(r.db, status, "no such user or newsletter"));
    }
    ScopedReset reset(r.touch_subscription);
    r.touch_subscription.BindInt64(1, edition.user_id);
    r.touch_subscription.BindInt64(2, edition.newsletter_id);
    r.touch_subscription.BindInt64(3, edition.covers_until);
    return r.touch_subscription.Exec();
  }));
  return id;
}

Result<bool> SqliteStore::HasEdition(int64_t newsletter, UserId user,
                                     std::string_view period) {
  Statement& stmt = readers_->has_edition;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, newsletter);
  stmt.BindInt64(2, user);
  stmt.BindText(3, period);
  return stmt.Step();
}

Result<int64_t> SqliteStore::Enqueue(const OutboxMessage& message) {
  KHABAR_RETURN_IF_ERROR(ValidateMessage(message));
  return readers_->EnqueueIn(message);
}

Result<std::optional<OutboxMessage>> SqliteStore::ClaimOutbox(
    UnixSeconds now, UnixSeconds lease_until) {
  Statement& stmt = readers_->claim;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, now);
  stmt.BindInt64(2, lease_until);
  std::optional<OutboxMessage> claimed;
  Result<bool> row =
      StepOne(stmt, [&](const Statement& s) { claimed = ReadOutbox(s); });
  if (!row.ok()) return row.status();
  return claimed;
}

Status SqliteStore::MarkSent(int64_t id, UnixSeconds at) {
  Readers& r = *readers_;
  ScopedReset reset(r.mark_sent);
  r.mark_sent.BindInt64(1, id);
  r.mark_sent.BindInt64(2, at);
  KHABAR_RETURN_IF_ERROR(r.mark_sent.Exec());
  return NotFoundUnlessChanged(
      r.db, "no outbox message with id " + std::to_string(id));
}

Status SqliteStore::MarkRetry(int64_t id, std::string_view error,
                              UnixSeconds next_try, bool give_up) {
  Readers& r = *readers_;
  ScopedReset reset(r.mark_retry);
  r.mark_retry.BindInt64(1, id);
  r.mark_retry.BindText(2, error);
  r.mark_retry.BindInt64(3, next_try);
  r.mark_retry.BindInt64(4, give_up ? 1 : 0);
  KHABAR_RETURN_IF_ERROR(r.mark_retry.Exec());
  return NotFoundUnlessChanged(
      r.db, "no outbox message with id " + std::to_string(id));
}

Result<OutboxMessage> SqliteStore::GetOutbox(int64_t id) {
  Statement& stmt = readers_->get_outbox;
  ScopedReset reset(stmt);
  stmt.BindInt64(1, id);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status::NotFound("no outbox message with id " + std::to_string(id));
  }
  return ReadOutbox(stmt);
}

Result<std::vector<OutboxMessage>> SqliteStore::OutboxFor(
    std::string_view recipient, int limit) {
  KHABAR_RETURN_IF_ERROR(ValidateListLimit(limit, 0));
  Statement& stmt = readers_->outbox_for;
  ScopedReset reset(stmt);
  stmt.BindText(1, recipient);
  stmt.BindInt64(2, limit);
  std::vector<OutboxMessage> messages;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    messages.push_back(ReadOutbox(row));
  }));
  return messages;
}

Result<OutboxCounts> SqliteStore::CountOutbox() {
  Statement& stmt = readers_->count_outbox;
  ScopedReset reset(stmt);
  OutboxCounts counts;
  KHABAR_RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& row) {
    const std::string status = row.ColumnText(0);
    const int64_t n = row.ColumnInt64(1);
    if (status == "queued") counts.queued = n;
    if (status == "sending") counts.sending = n;
    if (status == "sent") counts.sent = n;
    if (status == "failed") counts.failed = n;
  }));
  return counts;
}

// --- Rate limits and secrets
// --------------------------------------------------

Result<int64_t> SqliteStore::Hit(std::string_view key,
                                 UnixSeconds window_start) {
  if (key.empty()) return Status::InvalidArgument("rate limit key is empty");
  Statement& stmt = readers_->hit;
  ScopedReset reset(stmt);
  stmt.BindText(1, key);
  stmt.BindInt64(2, window_start);
  int64_t hits = 0;
  Result<bool> row =
      StepOne(stmt, [&](const Statement& s) { hits = s.ColumnInt64(0); });
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("rate limit upsert returned no row");
  return hits;
}

Result<int64_t> SqliteStore::HitsSoFar(std::string_view key,
                                       UnixSeconds window_start) {
  Statement& stmt = readers_->hits_so_far;
  ScopedReset reset(stmt);
  stmt.BindText(1, key);
  stmt.BindInt64(2, window_start);
  Result<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  return *row ? stmt.ColumnInt64(0) : 0;
}

Result<std::string> SqliteStore::Secret(std::string_view name,
                                        std::string_view fresh) {
  if (name.empty() || fresh.empty()) {
    return Status::InvalidArgument("a secret needs a name and a value");
  }
  Readers& r = *readers_;
  std::string value;
  KHABAR_RETURN_IF_ERROR(r.Atomically([&]() -> Status {
    {
      ScopedReset reset(r.insert_secret);
      r.insert_secret.BindText(1, name);
      r.insert_secret.BindBlob(2, fresh);
      KHABAR_RETURN_IF_ERROR(r.insert_secret.Exec());
    }
    ScopedReset reset(r.get_secret);
    r.get_secret.BindText(1, name);
    Result<bool> row = r.get_secret.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("secret vanished after insert");
    value = r.get_secret.ColumnBlob(0);
    return Status::Ok();
  }));
  return value;
}

}  // namespace khabar::store
