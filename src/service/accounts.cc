#include "service/accounts.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/mail.h"
#include "service/secrets.h"
#include "store/article_store.h"
#include "text/utf8.h"

namespace khabar::service {
namespace {

using store::User;
using store::UserId;

// Rate limits (accounts.h): hits allowed per window, window length.
struct Limit {
  std::string_view prefix;
  int64_t max_hits;
  int64_t window_seconds;
};
constexpr Limit kLoginPerIp{"login-ip:", 10, 60};
constexpr Limit kLoginFailuresPerAccount{"login-fail:", 5, 15 * 60};
constexpr Limit kSignUpPerIp{"signup-ip:", 5, 3600};
constexpr Limit kResetPerIp{"reset-ip:", 5, 3600};
// Re-entering the password (change password or email, delete account),
// and asking for another verification mail: per account.
constexpr Limit kReauthFailuresPerAccount{"reauth-fail:", 5, 15 * 60};
constexpr Limit kResendPerAccount{"resend:", 5, 3600};

constexpr std::size_t kMinPassword = 8;
constexpr std::size_t kMaxPassword = 1024;
constexpr std::size_t kMaxDisplayName = 100;  // bytes
constexpr std::size_t kMaxTokenName = 100;    // bytes
constexpr std::size_t kMaxApiTokens = 50;
constexpr std::string_view kApiTokenPrefix = "kb_";
// Sessions are extended at most once a day (a write per request otherwise).
constexpr int64_t kExtendAfter = 24 * 3600;
constexpr std::string_view kSiteSecret = "site-hmac";

constexpr char kWrongLogin[] = "wrong email or password";
constexpr char kWrongPassword[] = "wrong password";
constexpr char kBadLink[] = "this link is invalid, used or expired";
constexpr char kTooMany[] = "too many attempts; try again later";

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

bool HasControl(std::string_view text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) return true;
  }
  return false;
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < kMinPassword || password.size() > kMaxPassword) {
    return Status::InvalidArgument("a password must be 8 to 1024 bytes long");
  }
  return Status::Ok();
}

Status ValidateEmail(std::string_view email) {
  if (!IsPlausibleEmail(email)) {
    return Status::InvalidArgument("not a valid email address");
  }
  return Status::Ok();
}

Result<std::string> CleanName(std::string_view name, std::size_t max_bytes) {
  name = Trim(name);
  if (name.size() > max_bytes || !text::ValidateUtf8(name).ok() ||
      HasControl(name)) {
    return Status::InvalidArgument("name is too long or not plain text");
  }
  return std::string(name);
}


// What callers see of a user: never the password hash.
User Public(User user) {
  user.password_hash.clear();
  return user;
}

// The text of an emailed message: paragraphs, and one link to act on.
struct Letter {
  std::string subject;
  std::string greeting;   // first paragraph
  std::string link_text;  // the button ("" = no link)
  std::string link;
  std::vector<std::string> closing;  // paragraphs after the link
};

std::string LetterText(const Letter& letter) {
  std::string text = letter.greeting + "\n\n";
  if (!letter.link.empty()) text += letter.link + "\n\n";
  for (const std::string& p : letter.closing) text += p + "\n\n";
  text += "— خبر\n";
  return text;
}

std::string LetterHtml(const Letter& letter) {
  std::string html =
      "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\"><head>"
      "<meta charset=\"utf-8\"><title>" +
      HtmlEscape(letter.subject) +
      "</title></head>\n<body style=\"font-family:sans-serif;"
      "line-height:1.6\">\n<p>" +
      HtmlEscape(letter.greeting) + "</p>\n";
  if (!letter.link.empty()) {
    html += "<p><a href=\"" + HtmlEscape(letter.link) + "\">" +
            HtmlEscape(letter.link_text) + "</a></p>\n<p dir=\"ltr\">" +
            HtmlEscape(letter.link) + "</p>\n";
  }
  for (const std::string& p : letter.closing) {
    html += "<p>" + HtmlEscape(p) + "</p>\n";
  }
  html += "<p>— خبر</p>\n</body></html>\n";
  return html;
}

std::string Hours(int64_t seconds) {
  return std::to_string(std::max<int64_t>(1, seconds / 3600));
}

std::string Greeting(const std::string& display_name) {
  return display_name.empty() ? "مرحبًا،" : "مرحبًا " + display_name + "،";
}

// Window start of a fixed window of `seconds` containing `now`.
UnixSeconds WindowStart(UnixSeconds now, int64_t seconds) {
  UnixSeconds start = now - now % seconds;
  if (now < 0 && now % seconds != 0) start -= seconds;
  return start;
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t value = 0;
  if (text.empty() || text.size() > 19) return std::nullopt;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

// The argon2id work of a real verify, for answers that have no hash to
// check (no such account): LogIn then takes as long either way.
const std::string& DummyHash() {
  static const std::string hash = [] {
    Result<std::string> made = HashPassword(RandomToken());
    return made.ok() ? *made : std::string();
  }();
  return hash;
}

}  // namespace

Accounts::Accounts(store::ReaderStore& store, AccountsOptions options)
    : store_(store), options_(std::move(options)) {
  (void)InitSodium();
  // Made now, so the first unknown-email LogIn is not slower than others.
  (void)DummyHash();
}

namespace {

// Rate-limit keys hold a hash of the address or IP, not the thing itself:
// the table keeps nothing personal.
std::string LimitKey(const Limit& limit, std::string_view who) {
  return std::string(limit.prefix) + HashToken(who);
}

// Adds a hit; ResourceExhausted once the window holds more than allowed.
Status Throttle(store::ReaderStore& store, const Limit& limit,
                std::string_view who, UnixSeconds now) {
  const std::string key = LimitKey(limit, who);
  Result<int64_t> hits = store.Hit(key, WindowStart(now, limit.window_seconds));
  if (!hits.ok()) return hits.status();
  if (*hits > limit.max_hits) return Status::ResourceExhausted(kTooMany);
  return Status::Ok();
}

// ResourceExhausted when the failures so far fill the window (counts
// nothing: failures are added by Fail()).
Status CheckFailures(store::ReaderStore& store, const Limit& limit,
                     std::string_view who, UnixSeconds now) {
  const std::string key = LimitKey(limit, who);
  Result<int64_t> hits =
      store.HitsSoFar(key, WindowStart(now, limit.window_seconds));
  if (!hits.ok()) return hits.status();
  if (*hits >= limit.max_hits) return Status::ResourceExhausted(kTooMany);
  return Status::Ok();
}

Status Fail(store::ReaderStore& store, const Limit& limit, std::string_view who,
            UnixSeconds now) {
  const std::string key = LimitKey(limit, who);
  Result<int64_t> hits = store.Hit(key, WindowStart(now, limit.window_seconds));
  return hits.ok() ? Status::Ok() : hits.status();
}

std::string MessageIdDomain(std::string_view from) {
  const std::string address = EnvelopeAddress(from);
  const std::size_t at = address.rfind('@');
  if (at == std::string::npos || at + 1 >= address.size()) return "localhost";
  return address.substr(at + 1);
}

Status QueueLetter(store::ReaderStore& store, const AccountsOptions& options,
                   UserId user, const std::string& to, const Letter& letter,
                   UnixSeconds now) {
  MailContent content;
  content.from = options.mail_from;
  content.to = to;
  content.subject = letter.subject;
  content.text = LetterText(letter);
  content.html = LetterHtml(letter);
  content.date = now;
  KHABAR_ASSIGN_OR_RETURN(
      ComposedMail mail,
      ComposeMail(content, MessageIdDomain(options.mail_from)));
  store::OutboxMessage message;
  message.user_id = user;
  message.recipient = to;
  message.sender = EnvelopeAddress(options.mail_from);
  message.message_id = std::move(mail.message_id);
  message.mime = std::move(mail.mime);
  message.created_at = now;
  Result<int64_t> id = store.Enqueue(message);
  return id.ok() ? Status::Ok() : id.status();
}

// A one-time link of `purpose` for `user`: stored hashed, returned in the
// clear for the mail.
Result<std::string> NewLink(store::ReaderStore& store,
                            const AccountsOptions& options, UserId user,
                            std::string_view purpose, std::string_view email,
                            UnixSeconds now) {
  const std::string token = RandomToken();
  store::EmailToken link;
  link.token_hash = HashToken(token);
  link.user_id = user;
  link.purpose = std::string(purpose);
  link.email = std::string(email);
  link.expires_at = now + options.link_seconds;
  KHABAR_RETURN_IF_ERROR(store.PutEmailToken(link));
  return token;
}

Letter VerifyLetter(const AccountsOptions& options, const User& user,
                    const std::string& token) {
  return Letter{
      "أكّد بريدك الإلكتروني في خبر",
      Greeting(user.display_name) +
          " شكرًا لتسجيلك في خبر. لتأكيد بريدك الإلكتروني افتح الرابط التالي:",
      "تأكيد البريد",
      options.base_url + "/verify?t=" + token,
      {"الرابط صالح مدة " + Hours(options.link_seconds) + " ساعة ولمرة واحدة.",
       "إن لم تنشئ حسابًا في خبر فتجاهل هذه الرسالة."}};
}

Letter ExistingAccountLetter(const AccountsOptions& options, const User& user) {
  return Letter{
      "لديك حساب في خبر",
      Greeting(user.display_name) +
          " طلب أحدهم إنشاء حساب في خبر بهذا البريد، ولديك حساب به من قبل. "
          "إن نسيت كلمة المرور فاطلب رابطًا لتغييرها:",
      "تغيير كلمة المرور",
      options.base_url + "/reset",
      {"إن لم تكن أنت فتجاهل هذه الرسالة، فلم يتغيّر شيء في حسابك."}};
}

Letter ResetLetter(const AccountsOptions& options, const User& user,
                   const std::string& token) {
  return Letter{
      "تغيير كلمة المرور في خبر",
      Greeting(user.display_name) +
          " لتعيين كلمة مرور جديدة لحسابك في خبر افتح الرابط التالي:",
      "تعيين كلمة مرور جديدة",
      options.base_url + "/reset?t=" + token,
      {"الرابط صالح مدة " + Hours(options.link_seconds) +
           " ساعة ولمرة واحدة، ويُخرجك تغيير كلمة المرور من كل أجهزتك.",
       "إن لم تطلب ذلك فتجاهل هذه الرسالة، وكلمة مرورك باقية كما هي."}};
}

Letter EmailChangeLetter(const AccountsOptions& options, const User& user,
                         const std::string& token) {
  return Letter{
      "أكّد عنوان بريدك الجديد في خبر",
      Greeting(user.display_name) +
          " لاعتماد هذا العنوان بريدًا لحسابك في خبر افتح الرابط التالي:",
      "تأكيد العنوان الجديد",
      options.base_url + "/account/email?t=" + token,
      {"الرابط صالح مدة " + Hours(options.link_seconds) + " ساعة ولمرة واحدة.",
       "إن لم تطلب ذلك فتجاهل هذه الرسالة."}};
}

}  // namespace

// --- Sign-up and verification ----------------------------------------------

Status Accounts::SignUp(std::string_view email, std::string_view password,
                        std::string_view display_name, std::string_view ip) {
  const UnixSeconds now = options_.now();
  KHABAR_RETURN_IF_ERROR(Throttle(store_, kSignUpPerIp, ip, now));
  email = Trim(email);
  KHABAR_RETURN_IF_ERROR(ValidateEmail(email));
  KHABAR_RETURN_IF_ERROR(ValidatePassword(password));
  KHABAR_ASSIGN_OR_RETURN(std::string name,
                          CleanName(display_name, kMaxDisplayName));
  // Hashed before looking the address up, so both answers take as long.
  KHABAR_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));

  Result<User> existing = store_.FindUserByEmail(email);
  if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
    return existing.status();
  }
  if (existing.ok()) {
    return QueueLetter(store_, options_, existing->id, existing->email,
                       ExistingAccountLetter(options_, *existing), now);
  }
  User user;
  user.email = std::string(email);
  user.password_hash = std::move(hash);
  user.display_name = std::move(name);
  user.created_at = now;
  Result<UserId> id = store_.CreateUser(user);
  if (!id.ok() && id.status().code() == StatusCode::kAlreadyExists) {
    // Taken between the look-up and the insert: the same answer.
    KHABAR_ASSIGN_OR_RETURN(User owner, store_.FindUserByEmail(email));
    return QueueLetter(store_, options_, owner.id, owner.email,
                       ExistingAccountLetter(options_, owner), now);
  }
  if (!id.ok()) return id.status();
  user.id = *id;
  KHABAR_ASSIGN_OR_RETURN(
      std::string token,
      NewLink(store_, options_, user.id, "verify", user.email, now));
  return QueueLetter(store_, options_, user.id, user.email,
                     VerifyLetter(options_, user, token), now);
}

Result<User> Accounts::VerifyEmail(std::string_view token) {
  const UnixSeconds now = options_.now();
  Result<store::EmailToken> link =
      store_.TakeEmailToken(HashToken(token), "verify", now);
  if (!link.ok()) {
    if (link.status().code() == StatusCode::kNotFound) {
      return Status::NotFound(kBadLink);
    }
    return link.status();
  }
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(link->user_id));
  // A link mailed to an address the account no longer has proves nothing.
  if (AsciiLower(user.email) != AsciiLower(link->email)) {
    return Status::NotFound(kBadLink);
  }
  if (!user.verified_at.has_value()) {
    user.verified_at = now;
    KHABAR_RETURN_IF_ERROR(store_.UpdateUser(user));
  }
  return Public(std::move(user));
}

Status Accounts::ResendVerification(UserId user_id) {
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(user_id));
  if (user.verified_at.has_value()) return Status::Ok();
  KHABAR_RETURN_IF_ERROR(
      Throttle(store_, kResendPerAccount, std::to_string(user_id), now));
  KHABAR_ASSIGN_OR_RETURN(
      std::string token,
      NewLink(store_, options_, user.id, "verify", user.email, now));
  return QueueLetter(store_, options_, user.id, user.email,
                     VerifyLetter(options_, user, token), now);
}

// --- Sessions
// ------------------------------------------------------------------

Result<NewSession> Accounts::LogIn(std::string_view email,
                                   std::string_view password,
                                   std::string_view ip,
                                   std::string_view previous_token) {
  const UnixSeconds now = options_.now();
  KHABAR_RETURN_IF_ERROR(Throttle(store_, kLoginPerIp, ip, now));
  email = Trim(email);
  // Failures are counted per address typed (known or not, so the limit
  // says nothing about which addresses have accounts).
  const std::string account = AsciiLower(email);
  KHABAR_RETURN_IF_ERROR(
      CheckFailures(store_, kLoginFailuresPerAccount, account, now));

  Result<User> user = store_.FindUserByEmail(email);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) {
    return user.status();
  }
  bool good = false;
  if (user.ok()) {
    good = VerifyPassword(user->password_hash, password);
  } else {
    (void)VerifyPassword(DummyHash(), password);  // the same work
  }
  if (!good) {
    KHABAR_RETURN_IF_ERROR(
        Fail(store_, kLoginFailuresPerAccount, account, now));
    return Status::Unauthenticated(kWrongLogin);
  }
  // Rotation: the browser's earlier session (if any) ends here.
  if (!previous_token.empty()) {
    KHABAR_RETURN_IF_ERROR(store_.DeleteSession(HashToken(previous_token)));
  }
  NewSession session;
  session.token = RandomToken();
  session.csrf = RandomToken();
  store::Session row;
  row.token_hash = HashToken(session.token);
  row.user_id = user->id;
  row.csrf = session.csrf;
  row.created_at = now;
  row.expires_at = now + options_.session_seconds;
  KHABAR_RETURN_IF_ERROR(store_.PutSession(row));
  session.user = Public(std::move(user).value());
  return session;
}

Result<Reader> Accounts::Authenticate(std::string_view session_token) {
  const UnixSeconds now = options_.now();
  if (session_token.empty()) return Status::Unauthenticated("not signed in");
  const std::string hash = HashToken(session_token);
  Result<store::Session> session = store_.GetSession(hash, now);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) {
      return Status::Unauthenticated("not signed in");
    }
    return session.status();
  }
  Result<User> user = store_.GetUser(session->user_id);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) {
      return Status::Unauthenticated("not signed in");
    }
    return user.status();
  }
  // Sliding expiry, written at most once a day (or half a session).
  const UnixSeconds renewed = now + options_.session_seconds;
  if (renewed - session->expires_at >=
      std::min(kExtendAfter, options_.session_seconds / 2)) {
    KHABAR_RETURN_IF_ERROR(store_.ExtendSession(hash, renewed));
  }
  return Reader{Public(std::move(user).value()), hash, session->csrf};
}

Status Accounts::LogOut(std::string_view session_token) {
  if (session_token.empty()) return Status::Ok();
  return store_.DeleteSession(HashToken(session_token));
}

Status Accounts::LogOutEverywhere(UserId user,
                                  std::string_view keep_session_hash) {
  return store_.DeleteUserSessions(user, keep_session_hash);
}

// --- Passwords and email
// ---------------------------------------------------------

Status Accounts::RequestPasswordReset(std::string_view email,
                                      std::string_view ip) {
  const UnixSeconds now = options_.now();
  KHABAR_RETURN_IF_ERROR(Throttle(store_, kResetPerIp, ip, now));
  email = Trim(email);
  KHABAR_RETURN_IF_ERROR(ValidateEmail(email));
  Result<User> user = store_.FindUserByEmail(email);
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound ? Status::Ok()
                                                         : user.status();
  }
  KHABAR_ASSIGN_OR_RETURN(
      std::string token,
      NewLink(store_, options_, user->id, "reset", user->email, now));
  return QueueLetter(store_, options_, user->id, user->email,
                     ResetLetter(options_, *user, token), now);
}

Status Accounts::ResetPassword(std::string_view token,
                               std::string_view new_password) {
  const UnixSeconds now = options_.now();
  // Checked first: a too-short password must not use up the link.
  KHABAR_RETURN_IF_ERROR(ValidatePassword(new_password));
  Result<store::EmailToken> link =
      store_.TakeEmailToken(HashToken(token), "reset", now);
  if (!link.ok()) {
    return link.status().code() == StatusCode::kNotFound
               ? Status::NotFound(kBadLink)
               : link.status();
  }
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(link->user_id));
  KHABAR_ASSIGN_OR_RETURN(user.password_hash, HashPassword(new_password));
  // The link reached the account's address: that verifies it.
  if (!user.verified_at.has_value() &&
      AsciiLower(user.email) == AsciiLower(link->email)) {
    user.verified_at = now;
  }
  KHABAR_RETURN_IF_ERROR(store_.UpdateUser(user));
  return store_.DeleteUserSessions(user.id, "");
}

namespace {

// The stored user behind `reader`, once `password` is proven; failures
// count toward kReauthFailuresPerAccount.
Result<User> Reauthenticate(store::ReaderStore& store, const Reader& reader,
                            std::string_view password, UnixSeconds now) {
  const std::string who = std::to_string(reader.user.id);
  KHABAR_RETURN_IF_ERROR(
      CheckFailures(store, kReauthFailuresPerAccount, who, now));
  Result<User> user = store.GetUser(reader.user.id);
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound
               ? Status::Unauthenticated("not signed in")
               : user.status();
  }
  if (!VerifyPassword(user->password_hash, password)) {
    KHABAR_RETURN_IF_ERROR(Fail(store, kReauthFailuresPerAccount, who, now));
    return Status::Unauthenticated(kWrongPassword);
  }
  return user;
}

}  // namespace

Status Accounts::ChangePassword(const Reader& reader, std::string_view current,
                                std::string_view new_password) {
  const UnixSeconds now = options_.now();
  KHABAR_RETURN_IF_ERROR(ValidatePassword(new_password));
  KHABAR_ASSIGN_OR_RETURN(User user,
                          Reauthenticate(store_, reader, current, now));
  KHABAR_ASSIGN_OR_RETURN(user.password_hash, HashPassword(new_password));
  KHABAR_RETURN_IF_ERROR(store_.UpdateUser(user));
  return store_.DeleteUserSessions(user.id, reader.session_hash);
}

Status Accounts::RequestEmailChange(const Reader& reader,
                                    std::string_view password,
                                    std::string_view new_email) {
  const UnixSeconds now = options_.now();
  new_email = Trim(new_email);
  KHABAR_RETURN_IF_ERROR(ValidateEmail(new_email));
  KHABAR_ASSIGN_OR_RETURN(User user,
                          Reauthenticate(store_, reader, password, now));
  if (AsciiLower(new_email) == AsciiLower(user.email)) return Status::Ok();
  // A taken address gets the "you already have an account" mail, so the
  // answer does not tell whether it has an account.
  Result<User> owner = store_.FindUserByEmail(new_email);
  if (owner.ok()) {
    return QueueLetter(store_, options_, owner->id, owner->email,
                       ExistingAccountLetter(options_, *owner), now);
  }
  if (owner.status().code() != StatusCode::kNotFound) return owner.status();
  KHABAR_ASSIGN_OR_RETURN(std::string token, NewLink(store_, options_, user.id,
                                                     "email", new_email, now));
  return QueueLetter(store_, options_, user.id, std::string(new_email),
                     EmailChangeLetter(options_, user, token), now);
}

Result<User> Accounts::ConfirmEmailChange(std::string_view token) {
  const UnixSeconds now = options_.now();
  Result<store::EmailToken> link =
      store_.TakeEmailToken(HashToken(token), "email", now);
  if (!link.ok()) {
    if (link.status().code() == StatusCode::kNotFound) {
      return Status::NotFound(kBadLink);
    }
    return link.status();
  }
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(link->user_id));
  user.email = link->email;
  user.verified_at = now;  // the link reached the new address
  KHABAR_RETURN_IF_ERROR(store_.UpdateUser(user));
  return Public(std::move(user));
}

Status Accounts::SetDisplayName(const Reader& reader, std::string_view name) {
  KHABAR_ASSIGN_OR_RETURN(std::string clean, CleanName(name, kMaxDisplayName));
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(reader.user.id));
  user.display_name = std::move(clean);
  return store_.UpdateUser(user);
}

// --- Deletion and export
// ---------------------------------------------------------

Status Accounts::DeleteAccount(const Reader& reader,
                               std::string_view password) {
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(User user,
                          Reauthenticate(store_, reader, password, now));
  return store_.DeleteUser(user.id);
}

Result<std::string> Accounts::ExportData(UserId user_id) {
  using nlohmann::json;
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(user_id));
  auto time_or_null = [](const std::optional<UnixSeconds>& t) -> json {
    return t.has_value() ? json(FormatIso8601(*t)) : json(nullptr);
  };
  json out;
  out["account"] = {
      {"id", user.id},
      {"email", user.email},
      {"display_name", user.display_name},
      {"created_at", FormatIso8601(user.created_at)},
      {"verified_at", time_or_null(user.verified_at)},
  };

  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Follow> follows,
                          store_.Follows(user_id));
  json follow_list = json::array();
  for (const store::Follow& f : follows) {
    follow_list.push_back({{"kind", f.kind},
                           {"target", f.target},
                           {"label", f.label},
                           {"detail", f.detail},
                           {"muted", f.muted},
                           {"at", FormatIso8601(f.at)}});
  }
  out["follows"] = std::move(follow_list);

  json saved = json::array();
  for (int offset = 0;; offset += store::kMaxSearchLimit) {
    KHABAR_ASSIGN_OR_RETURN(
        auto page,
        store_.SavedArticles(user_id, store::kMaxSearchLimit, offset));
    for (const store::SavedArticle& s : page.first) {
      saved.push_back({{"article", s.article}, {"at", FormatIso8601(s.at)}});
    }
    if (page.first.size() < static_cast<std::size_t>(store::kMaxSearchLimit)) {
      break;
    }
  }
  out["saved"] = std::move(saved);

  KHABAR_ASSIGN_OR_RETURN(std::vector<store::ReadEvent> reads,
                          store_.RecentReads(user_id, store::kMaxSearchLimit));
  json read_list = json::array();
  for (const store::ReadEvent& r : reads) {
    read_list.push_back({{"article", r.article}, {"at", FormatIso8601(r.at)}});
  }
  out["reads"] = std::move(read_list);

  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Subscription> subs,
                          store_.Subscriptions(user_id));
  json sub_list = json::array();
  for (const store::Subscription& s : subs) {
    json entry = {{"newsletter_id", s.newsletter_id},
                  {"created_at", FormatIso8601(s.created_at)},
                  {"confirmed_at", time_or_null(s.confirmed_at)},
                  {"unsubscribed_at", time_or_null(s.unsubscribed_at)}};
    Result<store::Newsletter> newsletter =
        store_.GetNewsletter(s.newsletter_id);
    if (newsletter.ok()) {
      entry["newsletter"] = newsletter->slug;
      entry["name"] = newsletter->name;
    }
    sub_list.push_back(std::move(entry));
  }
  out["subscriptions"] = std::move(sub_list);

  KHABAR_ASSIGN_OR_RETURN(std::vector<store::ApiToken> tokens,
                          store_.ApiTokens(user_id));
  json token_list = json::array();
  for (const store::ApiToken& t : tokens) {
    token_list.push_back({{"id", t.id},
                          {"name", t.name},
                          {"created_at", FormatIso8601(t.created_at)},
                          {"last_used", time_or_null(t.last_used)}});
  }
  out["api_tokens"] = std::move(token_list);

  KHABAR_ASSIGN_OR_RETURN(int64_t sessions, store_.CountSessions(user_id, now));
  out["sessions"] = sessions;

  // Mail sent to the account: when and how it went, not its text (which
  // holds one-time links).
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::OutboxMessage> mail,
                          store_.OutboxFor(user.email, store::kMaxSearchLimit));
  json mail_list = json::array();
  for (const store::OutboxMessage& m : mail) {
    if (m.user_id != user_id) continue;
    mail_list.push_back({{"created_at", FormatIso8601(m.created_at)},
                         {"status", m.status},
                         {"sent_at", time_or_null(m.sent_at)}});
  }
  out["mail"] = std::move(mail_list);
  return out.dump(2);
}

// --- API tokens
// --------------------------------------------------------------------

Result<std::string> Accounts::CreateApiToken(UserId user,
                                             std::string_view name) {
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(std::string clean, CleanName(name, kMaxTokenName));
  if (clean.empty())
    return Status::InvalidArgument("an API token needs a name");
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::ApiToken> existing,
                          store_.ApiTokens(user));
  if (existing.size() >= kMaxApiTokens) {
    return Status::ResourceExhausted("too many API tokens; revoke one first");
  }
  const std::string token = std::string(kApiTokenPrefix) + RandomToken();
  store::ApiToken row;
  row.user_id = user;
  row.name = std::move(clean);
  row.token_hash = HashToken(token);
  row.created_at = now;
  KHABAR_RETURN_IF_ERROR(store_.PutApiToken(row).status());
  return token;
}

Status Accounts::RevokeApiToken(UserId user, int64_t id) {
  return store_.RevokeApiToken(user, id);
}

Result<Reader> Accounts::AuthenticateApiToken(std::string_view token) {
  const UnixSeconds now = options_.now();
  if (token.substr(0, kApiTokenPrefix.size()) != kApiTokenPrefix) {
    return Status::Unauthenticated("invalid API token");
  }
  Result<store::ApiToken> row = store_.UseApiToken(HashToken(token), now);
  if (!row.ok()) {
    return row.status().code() == StatusCode::kNotFound
               ? Status::Unauthenticated("invalid API token")
               : row.status();
  }
  Result<User> user = store_.GetUser(row->user_id);
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound
               ? Status::Unauthenticated("invalid API token")
               : user.status();
  }
  return Reader{Public(std::move(user).value()), "", ""};
}

// --- Feed tokens and capabilities
// ----------------------------------------------------

namespace {

// The site's HMAC key, made by the first server that needs it.
Result<std::string> SiteKey(store::ReaderStore& store) {
  return store.Secret(kSiteSecret, RandomToken(32));
}

// Distinct, unambiguous messages per use of the key.
std::string FeedMessage(UserId user, int64_t generation) {
  return "feed\n" + std::to_string(user) + "\n" + std::to_string(generation);
}

std::string CapabilityMessage(std::string_view purpose,
                              std::string_view subject) {
  return "capability\n" + std::to_string(purpose.size()) + "\n" +
         std::string(purpose) + "\n" + std::string(subject);
}

}  // namespace

Result<std::string> Accounts::FeedToken(UserId user_id) {
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(user_id));
  KHABAR_ASSIGN_OR_RETURN(std::string key, SiteKey(store_));
  return std::to_string(user.id) + "." +
         Hmac(key, FeedMessage(user.id, user.feed_generation));
}

Result<User> Accounts::UserForFeedToken(std::string_view token) {
  const Status bad = Status::Unauthenticated("invalid feed token");
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos) return bad;
  const std::optional<int64_t> id = ParseId(token.substr(0, dot));
  if (!id) return bad;
  Result<User> user = store_.GetUser(*id);
  if (!user.ok()) {
    return user.status().code() == StatusCode::kNotFound ? bad : user.status();
  }
  KHABAR_ASSIGN_OR_RETURN(std::string key, SiteKey(store_));
  const std::string expected =
      Hmac(key, FeedMessage(*id, user->feed_generation));
  if (!ConstantTimeEqual(expected, token.substr(dot + 1))) return bad;
  return Public(std::move(user).value());
}

Status Accounts::RotateFeedToken(UserId user_id) {
  KHABAR_ASSIGN_OR_RETURN(User user, store_.GetUser(user_id));
  ++user.feed_generation;
  return store_.UpdateUser(user);
}

Result<std::string> Accounts::Capability(std::string_view purpose,
                                         std::string_view subject) {
  if (purpose.empty()) return Status::InvalidArgument("capability purpose");
  KHABAR_ASSIGN_OR_RETURN(std::string key, SiteKey(store_));
  return Hmac(key, CapabilityMessage(purpose, subject));
}

bool Accounts::CheckCapability(std::string_view purpose,
                               std::string_view subject,
                               std::string_view token) {
  Result<std::string> expected = Capability(purpose, subject);
  return expected.ok() && ConstantTimeEqual(*expected, token);
}

}  // namespace khabar::service
