// Readers' accounts: sign-up with email verification, log in/out, sessions,
// password reset and change, email change, account deletion and export,
// personal API tokens and private feed tokens.
//
// Security properties, each covered by accounts_test:
// - Passwords: argon2id (libsodium); never logged, never in any output.
// - Session, API and email-link tokens: 256-bit random, stored as hashes;
//   the cookie value is the token, so a database leak opens no session.
// - Sessions expire (30 days, sliding), rotate on login (a fresh token every
//   time; an earlier cookie of the browser is dropped), and "log out
//   everywhere" deletes every other session of the reader.
// - No enumeration: LogIn answers "wrong email or password" for an unknown
//   email and a wrong password alike (and spends the same argon2id time);
//   SignUp and RequestPasswordReset answer the same whether or not the
//   address has an account (the owner of a taken address gets a mail).
// - Rate limits (store::ReaderStore::Hit, so they hold across servers):
//   log in 10 per IP per minute and 5 failures per account per 15 minutes;
//   sign-up and reset 5 per IP per hour. Over the limit: ResourceExhausted.
// - Private feed tokens are HMACs of (user, feed_generation) under a site
//   secret kept in the store; rotating bumps the generation.
#ifndef KHABAR_SERVICE_ACCOUNTS_H_
#define KHABAR_SERVICE_ACCOUNTS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "store/reader_store.h"

namespace khabar::service {

struct AccountsOptions {
  // Public base URL for emailed links ("https://news.example.org").
  std::string base_url = "http://localhost:8080";
  // Sender of account mail ("خبر <no-reply@example.org>").
  std::string mail_from = "Khabar <no-reply@localhost.localdomain>";
  int64_t session_seconds = 30 * 24 * 3600;
  int64_t link_seconds = 24 * 3600;  // verification/reset link lifetime
  // Clock (tests move it).
  std::function<UnixSeconds()> now = NowUnixSeconds;
};

// A signed-in browser: the cookie value (shown once, stored hashed) and the
// CSRF token every state-changing form and cookie-authenticated API call
// must carry.
struct NewSession {
  std::string token;
  std::string csrf;
  store::User user;
};

// Who a request is, once authenticated (by cookie or API token).
struct Reader {
  store::User user;
  std::string session_hash;  // "" for API-token requests
  std::string csrf;          // "" for API-token requests (no CSRF needed)
};

class Accounts {
 public:
  Accounts(store::ReaderStore& store, AccountsOptions options);

  // Creates an unverified account and queues the verification mail. When
  // the email is taken, queues a "you already have an account" mail
  // instead and still returns Ok (no enumeration). InvalidArgument: an
  // implausible email, a password under 8 or over 1024 bytes.
  Status SignUp(std::string_view email, std::string_view password,
                std::string_view display_name, std::string_view ip);
  // Consumes an emailed verification link; the account becomes verified.
  Result<store::User> VerifyEmail(std::string_view token);
  // Queues a fresh verification mail for an unverified reader.
  Status ResendVerification(store::UserId user);

  Result<NewSession> LogIn(std::string_view email, std::string_view password,
                           std::string_view ip,
                           std::string_view previous_token = {});
  // The reader of a session cookie (sliding expiry); Unauthenticated when
  // the token is unknown or expired.
  Result<Reader> Authenticate(std::string_view session_token);
  Status LogOut(std::string_view session_token);
  // Deletes every session of the reader except `keep_session_hash`.
  Status LogOutEverywhere(store::UserId user,
                          std::string_view keep_session_hash);

  // Always Ok for a plausible address (mail only if it has an account).
  Status RequestPasswordReset(std::string_view email, std::string_view ip);
  // Consumes the link, sets the password, ends every session.
  Status ResetPassword(std::string_view token, std::string_view new_password);
  // Needs the current password; ends every other session.
  Status ChangePassword(const Reader& reader, std::string_view current,
                        std::string_view new_password);
  // Needs the password; mails a confirmation link to the new address.
  Status RequestEmailChange(const Reader& reader, std::string_view password,
                            std::string_view new_email);
  Result<store::User> ConfirmEmailChange(std::string_view token);
  Status SetDisplayName(const Reader& reader, std::string_view name);

  // Needs the password; removes the account and all personal data.
  Status DeleteAccount(const Reader& reader, std::string_view password);
  // Everything Khabar keeps about the reader, as a JSON document (no
  // password hash, no token hashes).
  Result<std::string> ExportData(store::UserId user);

  // A personal API token, returned once in the clear ("kb_" + random).
  Result<std::string> CreateApiToken(store::UserId user,
                                     std::string_view name);
  Status RevokeApiToken(store::UserId user, int64_t id);
  Result<Reader> AuthenticateApiToken(std::string_view token);

  // The private feed token of the reader: "<user id>.<hmac>".
  Result<std::string> FeedToken(store::UserId user);
  // Unauthenticated for a forged, malformed or rotated token.
  Result<store::User> UserForFeedToken(std::string_view token);
  Status RotateFeedToken(store::UserId user);

  // A capability for links that act without a login (newsletter
  // unsubscribe and confirm): HMAC of `purpose` + `subject` under the site
  // secret. CheckCapability is constant-time.
  Result<std::string> Capability(std::string_view purpose,
                                 std::string_view subject);
  bool CheckCapability(std::string_view purpose, std::string_view subject,
                       std::string_view token);

  const AccountsOptions& options() const { return options_; }

 private:
  store::ReaderStore& store_;
  AccountsOptions options_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_ACCOUNTS_H_
