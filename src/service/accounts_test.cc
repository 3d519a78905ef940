#include "service/accounts.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/library.h"
#include "service/mail.h"
#include "service/secrets.h"

namespace khabar::service {
namespace {

constexpr UnixSeconds kStart = 1800000000;
constexpr char kPassword[] = "correct horse battery";
constexpr char kBase[] = "https://news.example.org";

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
using MessagePtr = std::unique_ptr<GMimeMessage, GObjectUnref>;

MessagePtr Parse(const std::string& mime) {
  g_mime_init();
  GMimeStream* stream =
      g_mime_stream_mem_new_with_buffer(mime.data(), mime.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
  g_object_unref(parser);
  g_object_unref(stream);
  return MessagePtr(message);
}

std::string PartText(GMimeObject* part) {
  if (part == nullptr || !GMIME_IS_TEXT_PART(part)) return "";
  char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  std::string out = text != nullptr ? text : "";
  g_free(text);
  return out;
}

// The decoded text/plain and text/html parts of a queued message.
struct MailParts {
  std::string subject;
  std::string text;
  std::string html;
};

MailParts Decode(const std::string& mime) {
  MailParts parts;
  MessagePtr message = Parse(mime);
  if (!message) return parts;
  const char* subject = g_mime_message_get_subject(message.get());
  parts.subject = subject != nullptr ? subject : "";
  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  if (GMIME_IS_MULTIPART(body)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(body);
    for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
      GMimeObject* part = g_mime_multipart_get_part(multipart, i);
      GMimeContentType* type = g_mime_object_get_content_type(part);
      if (g_mime_content_type_is_type(type, "text", "plain")) {
        parts.text = PartText(part);
      } else if (g_mime_content_type_is_type(type, "text", "html")) {
        parts.html = PartText(part);
      }
    }
  } else {
    parts.text = PartText(body);
  }
  return parts;
}

// The token of the first `{kBase}{path}?t=TOKEN` link in `text`, or "".
std::string LinkToken(const std::string& text, const std::string& path) {
  const std::string prefix = std::string(kBase) + path + "?t=";
  const std::size_t at = text.find(prefix);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + prefix.size();
  std::size_t end = begin;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) ||
          text[end] == '-' || text[end] == '_')) {
    ++end;
  }
  return text.substr(begin, end - begin);
}

template <typename T>
T ValueOrDie(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) throw std::runtime_error(result.status().ToString());
  return std::move(result).value();
}

class AccountsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { UseFastPasswordHashingForTests(); }

  void SetUp() override {
    LibraryOptions options;
    options.in_memory = true;
    options.analyzer = "unicode61";
    auto lib = Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    lib_ = std::move(lib).value();
    accounts_ = std::make_unique<Accounts>(readers(), Options());
  }

  AccountsOptions Options() {
    AccountsOptions options;
    options.base_url = kBase;
    options.mail_from = "خبر <no-reply@news.example.org>";
    options.now = [this] { return now_; };
    return options;
  }

  store::ReaderStore& readers() { return lib_->readers(); }
  Accounts& accounts() { return *accounts_; }

  // The newest message queued to `to`, decoded.
  MailParts LastMail(const std::string& to) {
    auto mail = ValueOrDie(readers().OutboxFor(to, 1));
    EXPECT_EQ(mail.size(), 1u) << "no mail to " << to;
    if (mail.empty()) return {};
    return Decode(mail[0].mime);
  }
  size_t MailCount(const std::string& to) {
    return ValueOrDie(readers().OutboxFor(to, 100)).size();
  }

  // Signs up and follows the verification link.
  store::User Verified(const std::string& email,
                       const std::string& password = kPassword) {
    EXPECT_TRUE(accounts().SignUp(email, password, "قارئ", "10.0.0.1").ok());
    const std::string token = LinkToken(LastMail(email).text, "/verify");
    EXPECT_FALSE(token.empty());
    return ValueOrDie(accounts().VerifyEmail(token));
  }

  NewSession LogIn(const std::string& email,
                   const std::string& password = kPassword,
                   const std::string& ip = "10.0.0.2") {
    return ValueOrDie(accounts().LogIn(email, password, ip));
  }

  UnixSeconds now_ = kStart;
  std::unique_ptr<Library> lib_;
  std::unique_ptr<Accounts> accounts_;
};

// --- Sign-up and verification
// -------------------------------------------------

TEST_F(AccountsTest, SignUpQueuesVerificationMailWhoseLinkVerifies) {
  ASSERT_TRUE(accounts()
                  .SignUp("Salma@Example.org", kPassword, "سلمى", "1.1.1.1")
                  .ok());
  const store::User user =
      ValueOrDie(readers().FindUserByEmail("salma@example.org"));
  EXPECT_FALSE(user.verified_at.has_value());
  EXPECT_EQ(user.display_name, "سلمى");
  EXPECT_EQ(user.password_hash.rfind("$argon2id$", 0), 0u);

  auto queued = ValueOrDie(readers().OutboxFor("Salma@Example.org", 10));
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].user_id, user.id);
  EXPECT_EQ(queued[0].sender, "no-reply@news.example.org");
  EXPECT_EQ(queued[0].status, "queued");
  const MailParts mail = Decode(queued[0].mime);
  EXPECT_NE(mail.subject.find("أكّد"), std::string::npos) << mail.subject;
  EXPECT_NE(mail.text.find("سلمى"), std::string::npos);
  EXPECT_NE(mail.html.find("dir=\"rtl\""), std::string::npos);
  EXPECT_NE(mail.html.find("lang=\"ar\""), std::string::npos);
  const std::string token = LinkToken(mail.text, "/verify");
  ASSERT_EQ(token.size(), 43u) << mail.text;
  EXPECT_NE(mail.html.find(token), std::string::npos);

  now_ += 3600;
  const store::User verified = ValueOrDie(accounts().VerifyEmail(token));
  EXPECT_EQ(verified.id, user.id);
  EXPECT_EQ(verified.verified_at, now_);
  EXPECT_TRUE(verified.password_hash.empty());
  EXPECT_EQ(ValueOrDie(readers().GetUser(user.id)).verified_at, now_);
  EXPECT_EQ(accounts().VerifyEmail(token).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(accounts().VerifyEmail("forged").status().code(),
            StatusCode::kNotFound);
}

TEST_F(AccountsTest, VerificationLinkExpiresAndCanBeResent) {
  ASSERT_TRUE(accounts().SignUp("a@example.org", kPassword, "", "ip").ok());
  const std::string token =
      LinkToken(LastMail("a@example.org").text, "/verify");
  now_ += 24 * 3600;
  EXPECT_EQ(accounts().VerifyEmail(token).status().code(),
            StatusCode::kNotFound);
  const store::User user =
      ValueOrDie(readers().FindUserByEmail("a@example.org"));
  ASSERT_TRUE(accounts().ResendVerification(user.id).ok());
  EXPECT_EQ(MailCount("a@example.org"), 2u);
  const std::string fresh =
      LinkToken(LastMail("a@example.org").text, "/verify");
  EXPECT_NE(fresh, token);
  EXPECT_TRUE(accounts().VerifyEmail(fresh).ok());
  // Verified: nothing more to send.
  ASSERT_TRUE(accounts().ResendVerification(user.id).ok());
  EXPECT_EQ(MailCount("a@example.org"), 2u);
}

TEST_F(AccountsTest, DuplicateSignUpAnswersTheSameAndMailsTheOwner) {
  ASSERT_TRUE(accounts().SignUp("a@example.org", kPassword, "", "ip").ok());
  const Status again =
      accounts().SignUp("A@EXAMPLE.org", "another password", "x", "ip");
  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(MailCount("a@example.org"), 2u);
  const MailParts mail = LastMail("a@example.org");
  EXPECT_EQ(LinkToken(mail.text, "/verify"), "");
  EXPECT_NE(mail.text.find(std::string(kBase) + "/reset"), std::string::npos);
  EXPECT_NE(mail.subject.find("لديك حساب"), std::string::npos);
  // The account and its password did not change.
  EXPECT_TRUE(accounts().LogIn("a@example.org", kPassword, "ip").ok());
  EXPECT_FALSE(
      accounts().LogIn("a@example.org", "another password", "ip").ok());
}

TEST_F(AccountsTest, ImplausibleSignUpIsInvalidArgument) {
  EXPECT_EQ(accounts().SignUp("not-an-email", kPassword, "", "ip").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(accounts().SignUp("a@example.org", "short", "", "ip").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(accounts()
                .SignUp("a@example.org", std::string(1025, 'x'), "", "ip")
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      accounts().SignUp("a@example.org", kPassword, "bad\nname", "ip2").code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(ValueOrDie(readers().CountOutbox()).queued, 0);
}

// --- Logging in
// -------------------------------------------------------------------

TEST_F(AccountsTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  Verified("a@example.org");
  const Status wrong =
      accounts().LogIn("a@example.org", "hunter2 guess", "ip").status();
  const Status unknown =
      accounts().LogIn("nobody@example.org", "hunter2 guess", "ip").status();
  EXPECT_EQ(wrong.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.code(), unknown.code());
  EXPECT_EQ(wrong.message(), unknown.message());
}

TEST_F(AccountsTest, LogInLimitsEachIpPerMinute) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(accounts()
                  .LogIn("u" + std::to_string(i) + "@example.org",
                         "hunter2 guess", "6.6.6.6")
                  .status()
                  .code(),
              StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(accounts()
                .LogIn("x@example.org", "hunter2 guess", "6.6.6.6")
                .status()
                .code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(accounts()
                .LogIn("x@example.org", "hunter2 guess", "7.7.7.7")
                .status()
                .code(),
            StatusCode::kUnauthenticated);
  now_ += 60;
  EXPECT_EQ(accounts()
                .LogIn("x@example.org", "hunter2 guess", "6.6.6.6")
                .status()
                .code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccountsTest, FiveFailuresLockTheAccountEvenForTheRightPassword) {
  now_ = kStart - kStart % 900;  // the start of a 15-minute window
  Verified("a@example.org");
  Verified("b@example.org");
  // Successes do not count.
  for (int i = 0; i < 6; ++i)
    LogIn("a@example.org", kPassword, "ip" + std::to_string(i));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        accounts()
            .LogIn("A@example.org", "hunter2 guess", "ip" + std::to_string(i))
            .status()
            .code(),
        StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(
      accounts().LogIn("a@example.org", kPassword, "fresh-ip").status().code(),
      StatusCode::kResourceExhausted);
  EXPECT_TRUE(accounts().LogIn("b@example.org", kPassword, "fresh-ip").ok());
  now_ += 15 * 60;
  EXPECT_TRUE(accounts().LogIn("a@example.org", kPassword, "fresh-ip").ok());
}

TEST_F(AccountsTest, SignUpAndResetAreLimitedPerIpPerHour) {
  now_ = kStart - kStart % 3600;
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(accounts()
                    .SignUp("s" + std::to_string(i) + "@example.org", kPassword,
                            "", "9.9.9.9")
                    .ok());
  }
  EXPECT_EQ(
      accounts().SignUp("s9@example.org", kPassword, "", "9.9.9.9").code(),
      StatusCode::kResourceExhausted);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        accounts().RequestPasswordReset("s0@example.org", "9.9.9.9").ok());
  }
  EXPECT_EQ(accounts().RequestPasswordReset("s0@example.org", "9.9.9.9").code(),
            StatusCode::kResourceExhausted);
  now_ += 3600;
  EXPECT_TRUE(
      accounts().SignUp("s9@example.org", kPassword, "", "9.9.9.9").ok());
  EXPECT_TRUE(
      accounts().RequestPasswordReset("s0@example.org", "9.9.9.9").ok());
}

// --- Sessions
// -------------------------------------------------------------------------

TEST_F(AccountsTest, SessionsExpireAndSlide) {
  Verified("a@example.org");
  const NewSession session = LogIn("a@example.org");
  EXPECT_TRUE(session.user.password_hash.empty());
  EXPECT_FALSE(session.csrf.empty());
  // The store keeps a hash, not the cookie value.
  EXPECT_FALSE(readers().GetSession(session.token, now_).ok());
  EXPECT_TRUE(readers().GetSession(HashToken(session.token), now_).ok());

  const Reader reader = ValueOrDie(accounts().Authenticate(session.token));
  EXPECT_EQ(reader.csrf, session.csrf);
  EXPECT_EQ(reader.session_hash, HashToken(session.token));
  EXPECT_TRUE(reader.user.password_hash.empty());
  // Active use keeps it alive past 30 days...
  now_ += 20 * 24 * 3600;
  EXPECT_TRUE(accounts().Authenticate(session.token).ok());
  now_ += 20 * 24 * 3600;
  EXPECT_TRUE(accounts().Authenticate(session.token).ok());
  // ... and 30 idle days end it.
  now_ += 30 * 24 * 3600;
  EXPECT_EQ(accounts().Authenticate(session.token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts().Authenticate("").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts().Authenticate("garbage").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccountsTest, LogInRotatesAndDropsThePreviousSession) {
  Verified("a@example.org");
  const NewSession first = LogIn("a@example.org");
  const NewSession second = ValueOrDie(
      accounts().LogIn("a@example.org", kPassword, "ip", first.token));
  EXPECT_NE(first.token, second.token);
  EXPECT_NE(first.csrf, second.csrf);
  EXPECT_EQ(accounts().Authenticate(first.token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(accounts().Authenticate(second.token).ok());
}

TEST_F(AccountsTest, LogOutEverywhereKeepsTheCurrentSession) {
  Verified("a@example.org");
  Verified("b@example.org");
  const NewSession s1 = LogIn("a@example.org");
  const NewSession s2 = LogIn("a@example.org");
  const NewSession s3 = LogIn("a@example.org");
  const NewSession other = LogIn("b@example.org");
  const Reader current = ValueOrDie(accounts().Authenticate(s2.token));
  ASSERT_TRUE(
      accounts().LogOutEverywhere(current.user.id, current.session_hash).ok());
  EXPECT_FALSE(accounts().Authenticate(s1.token).ok());
  EXPECT_TRUE(accounts().Authenticate(s2.token).ok());
  EXPECT_FALSE(accounts().Authenticate(s3.token).ok());
  EXPECT_TRUE(accounts().Authenticate(other.token).ok());
  ASSERT_TRUE(accounts().LogOut(s2.token).ok());
  EXPECT_FALSE(accounts().Authenticate(s2.token).ok());
}

// --- Passwords and email
// ------------------------------------------------------------------

TEST_F(AccountsTest, PasswordResetConsumesTheLinkAndEndsSessions) {
  Verified("a@example.org");
  const NewSession session = LogIn("a@example.org");
  ASSERT_TRUE(accounts().RequestPasswordReset("A@example.org", "ip").ok());
  const std::string token = LinkToken(LastMail("a@example.org").text, "/reset");
  ASSERT_FALSE(token.empty());
  // A password that is refused does not use the link up.
  EXPECT_EQ(accounts().ResetPassword(token, "short").code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(accounts().ResetPassword(token, "a new password").ok());
  EXPECT_FALSE(accounts().Authenticate(session.token).ok());
  EXPECT_FALSE(accounts().LogIn("a@example.org", kPassword, "ip").ok());
  EXPECT_TRUE(accounts().LogIn("a@example.org", "a new password", "ip").ok());
  EXPECT_EQ(accounts().ResetPassword(token, "third password").code(),
            StatusCode::kNotFound);
}

TEST_F(AccountsTest, PasswordResetForUnknownEmailIsOkAndMailsNobody) {
  EXPECT_TRUE(accounts().RequestPasswordReset("nobody@example.org", "ip").ok());
  EXPECT_EQ(ValueOrDie(readers().CountOutbox()).queued, 0);
  EXPECT_EQ(accounts().RequestPasswordReset("nonsense", "ip").code(),
            StatusCode::kInvalidArgument);
}

TEST_F(AccountsTest, ChangePasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  Verified("a@example.org");
  const NewSession other = LogIn("a@example.org");
  const NewSession mine = LogIn("a@example.org");
  const Reader reader = ValueOrDie(accounts().Authenticate(mine.token));
  EXPECT_EQ(accounts()
                .ChangePassword(reader, "hunter2 guess", "a new password")
                .code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts().ChangePassword(reader, kPassword, "short").code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      accounts().ChangePassword(reader, kPassword, "a new password").ok());
  EXPECT_TRUE(accounts().Authenticate(mine.token).ok());
  EXPECT_FALSE(accounts().Authenticate(other.token).ok());
  EXPECT_TRUE(accounts().LogIn("a@example.org", "a new password", "ip").ok());
}

TEST_F(AccountsTest, EmailChangeIsConfirmedFromTheNewAddress) {
  Verified("a@example.org");
  const Reader reader =
      ValueOrDie(accounts().Authenticate(LogIn("a@example.org").token));
  EXPECT_EQ(accounts()
                .RequestEmailChange(reader, "hunter2 guess", "new@example.org")
                .code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts().RequestEmailChange(reader, kPassword, "bad").code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      accounts().RequestEmailChange(reader, kPassword, "new@example.org").ok());
  const std::string token =
      LinkToken(LastMail("new@example.org").text, "/account/email");
  ASSERT_FALSE(token.empty());
  // Not yet changed.
  EXPECT_TRUE(readers().FindUserByEmail("a@example.org").ok());
  const store::User changed = ValueOrDie(accounts().ConfirmEmailChange(token));
  EXPECT_EQ(changed.email, "new@example.org");
  EXPECT_FALSE(readers().FindUserByEmail("a@example.org").ok());
  EXPECT_TRUE(accounts().LogIn("new@example.org", kPassword, "ip").ok());
  EXPECT_EQ(accounts().ConfirmEmailChange(token).status().code(),
            StatusCode::kNotFound);
}

TEST_F(AccountsTest, EmailChangeToATakenAddressMailsItsOwnerOnly) {
  Verified("a@example.org");
  Verified("b@example.org");
  const Reader reader =
      ValueOrDie(accounts().Authenticate(LogIn("a@example.org").token));
  ASSERT_TRUE(
      accounts().RequestEmailChange(reader, kPassword, "B@example.org").ok());
  const MailParts mail = LastMail("b@example.org");
  EXPECT_EQ(LinkToken(mail.text, "/account/email"), "");
  EXPECT_EQ(ValueOrDie(readers().GetUser(reader.user.id)).email,
            "a@example.org");
}

TEST_F(AccountsTest, SetDisplayNameValidates) {
  Verified("a@example.org");
  const Reader reader =
      ValueOrDie(accounts().Authenticate(LogIn("a@example.org").token));
  ASSERT_TRUE(accounts().SetDisplayName(reader, "  هدى  ").ok());
  EXPECT_EQ(ValueOrDie(readers().GetUser(reader.user.id)).display_name, "هدى");
  EXPECT_EQ(accounts().SetDisplayName(reader, std::string(101, 'x')).code(),
            StatusCode::kInvalidArgument);
}

// --- Deletion and export
// --------------------------------------------------------------------

TEST_F(AccountsTest, DeleteAccountNeedsThePasswordAndRemovesEverything) {
  Verified("a@example.org");
  const NewSession session = LogIn("a@example.org");
  const Reader reader = ValueOrDie(accounts().Authenticate(session.token));
  const std::string api =
      ValueOrDie(accounts().CreateApiToken(reader.user.id, "cli"));
  ASSERT_TRUE(accounts().RequestPasswordReset("a@example.org", "ip").ok());
  EXPECT_EQ(accounts().DeleteAccount(reader, "hunter2 guess").code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(readers().GetUser(reader.user.id).ok());

  ASSERT_TRUE(accounts().DeleteAccount(reader, kPassword).ok());
  EXPECT_EQ(readers().GetUser(reader.user.id).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(readers().FindUserByEmail("a@example.org").ok());
  EXPECT_EQ(accounts().Authenticate(session.token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(ValueOrDie(readers().CountSessions(reader.user.id, now_)), 0);
  EXPECT_FALSE(accounts().AuthenticateApiToken(api).ok());
  EXPECT_TRUE(ValueOrDie(readers().ApiTokens(reader.user.id)).empty());
  // The unsent mail (verification, reset) went with it.
  EXPECT_EQ(MailCount("a@example.org"), 0u);
  // The address is free again.
  EXPECT_TRUE(accounts().SignUp("a@example.org", kPassword, "", "ip").ok());
}

TEST_F(AccountsTest, ExportHasTheReadersDataAndNoSecret) {
  const store::User user = Verified("a@example.org");
  const NewSession s1 = LogIn("a@example.org");
  const NewSession s2 = LogIn("a@example.org");
  const std::string api = ValueOrDie(accounts().CreateApiToken(user.id, "cli"));
  ASSERT_TRUE(accounts().RequestPasswordReset("a@example.org", "ip").ok());
  const std::string reset = LinkToken(LastMail("a@example.org").text, "/reset");
  ASSERT_TRUE(
      readers()
          .PutFollow(user.id, {"topic", "sport", "رياضة", "", false, now_})
          .ok());
  store::Article article;
  article.title = "t";
  article.paragraphs = {"b"};
  article.ingested_at = now_;
  article.content_hash = "h1";
  const store::ArticleId id = ValueOrDie(lib_->store().Put(article)).id;
  ASSERT_TRUE(readers().Save(user.id, id, now_).ok());
  ASSERT_TRUE(readers().RecordRead(user.id, id, now_).ok());
  const int64_t daily = ValueOrDie(readers().PutNewsletter(
      {0, "daily", "النشرة اليومية", "daily", "digest", ""}));
  ASSERT_TRUE(readers().Subscribe(user.id, daily, now_).ok());
  const std::string feed = ValueOrDie(accounts().FeedToken(user.id));

  const std::string text = ValueOrDie(accounts().ExportData(user.id));
  const nlohmann::json json = nlohmann::json::parse(text);
  EXPECT_EQ(json["account"]["email"], "a@example.org");
  EXPECT_EQ(json["follows"].size(), 1u);
  EXPECT_EQ(json["follows"][0]["label"], "رياضة");
  EXPECT_EQ(json["saved"].size(), 1u);
  EXPECT_EQ(json["saved"][0]["article"], id);
  EXPECT_EQ(json["reads"].size(), 1u);
  EXPECT_EQ(json["subscriptions"].size(), 1u);
  EXPECT_EQ(json["subscriptions"][0]["newsletter"], "daily");
  EXPECT_EQ(json["api_tokens"].size(), 1u);
  EXPECT_EQ(json["api_tokens"][0]["name"], "cli");
  EXPECT_EQ(json["sessions"], 2);
  EXPECT_EQ(json["mail"].size(), 2u);  // verification, reset

  const store::User stored = ValueOrDie(readers().GetUser(user.id));
  const std::string site = ValueOrDie(readers().Secret("site-hmac", "unused"));
  for (const std::string& secret :
       {std::string("argon2"), stored.password_hash, HashToken(s1.token),
        HashToken(s2.token), s1.token, s2.token, s1.csrf, s2.csrf,
        HashToken(api), api, HashToken(reset), reset, site, feed}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
}

// --- API tokens, feed tokens, capabilities
// ---------------------------------------------------

TEST_F(AccountsTest, ApiTokensAuthenticateUntilRevokedByTheirOwner) {
  const store::User a = Verified("a@example.org");
  const store::User b = Verified("b@example.org");
  const std::string token = ValueOrDie(accounts().CreateApiToken(a.id, "cli"));
  EXPECT_EQ(token.rfind("kb_", 0), 0u);
  const Reader reader = ValueOrDie(accounts().AuthenticateApiToken(token));
  EXPECT_EQ(reader.user.id, a.id);
  EXPECT_EQ(reader.session_hash, "");
  EXPECT_EQ(reader.csrf, "");
  EXPECT_TRUE(reader.user.password_hash.empty());
  EXPECT_EQ(accounts().AuthenticateApiToken("kb_forged").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts().AuthenticateApiToken(token.substr(3)).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(accounts().CreateApiToken(a.id, "").status().code(),
            StatusCode::kInvalidArgument);

  const auto listed = ValueOrDie(readers().ApiTokens(a.id));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].last_used, now_);
  // IDOR: B cannot revoke A's token.
  EXPECT_EQ(accounts().RevokeApiToken(b.id, listed[0].id).code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(accounts().AuthenticateApiToken(token).ok());
  ASSERT_TRUE(accounts().RevokeApiToken(a.id, listed[0].id).ok());
  EXPECT_EQ(accounts().AuthenticateApiToken(token).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AccountsTest, FeedTokensRejectForgeriesAndRotate) {
  const store::User a = Verified("a@example.org");
  const store::User b = Verified("b@example.org");
  const std::string token = ValueOrDie(accounts().FeedToken(a.id));
  EXPECT_EQ(token.rfind(std::to_string(a.id) + ".", 0), 0u);
  EXPECT_EQ(ValueOrDie(accounts().UserForFeedToken(token)).id, a.id);
  // Another Accounts (another server) on the same store agrees.
  Accounts other(readers(), Options());
  EXPECT_EQ(ValueOrDie(other.FeedToken(a.id)), token);

  const std::string mac = token.substr(token.find('.') + 1);
  std::string flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  for (const std::string& forged :
       {flipped, std::to_string(b.id) + "." + mac, mac, std::string(""),
        std::string("."), std::to_string(a.id) + ".",
        "-" + std::to_string(a.id) + "." + mac, "999." + mac, "abc." + mac}) {
    EXPECT_EQ(accounts().UserForFeedToken(forged).status().code(),
              StatusCode::kUnauthenticated)
        << forged;
  }
  ASSERT_TRUE(accounts().RotateFeedToken(a.id).ok());
  EXPECT_EQ(accounts().UserForFeedToken(token).status().code(),
            StatusCode::kUnauthenticated);
  const std::string rotated = ValueOrDie(accounts().FeedToken(a.id));
  EXPECT_NE(rotated, token);
  EXPECT_EQ(ValueOrDie(accounts().UserForFeedToken(rotated)).id, a.id);
}

TEST_F(AccountsTest, CapabilitiesBindPurposeAndSubject) {
  const std::string cap =
      ValueOrDie(accounts().Capability("unsubscribe", "42"));
  EXPECT_TRUE(accounts().CheckCapability("unsubscribe", "42", cap));
  EXPECT_FALSE(accounts().CheckCapability("unsubscribe", "43", cap));
  EXPECT_FALSE(accounts().CheckCapability("confirm", "42", cap));
  EXPECT_FALSE(accounts().CheckCapability("unsubscribe", "42", cap + "x"));
  EXPECT_FALSE(accounts().CheckCapability("unsubscribe", "42", ""));
  // Purpose and subject cannot be re-split.
  EXPECT_NE(ValueOrDie(accounts().Capability("ab", "c")),
            ValueOrDie(accounts().Capability("a", "bc")));
}

TEST_F(AccountsTest, PasswordHashNeverAppearsInAStatus) {
  const store::User user = Verified("a@example.org");
  const std::string hash = ValueOrDie(readers().GetUser(user.id)).password_hash;
  const Reader reader =
      ValueOrDie(accounts().Authenticate(LogIn("a@example.org").token));
  std::vector<Status> statuses = {
      accounts().LogIn("a@example.org", "hunter2 guess", "ip").status(),
      accounts().LogIn("a@example.org", hash, "ip").status(),
      accounts().ChangePassword(reader, "hunter2 guess", "new password x"),
      accounts().ChangePassword(reader, hash, "short"),
      accounts().RequestEmailChange(reader, "hunter2 guess", "x@example.org"),
      accounts().DeleteAccount(reader, "hunter2 guess"),
      accounts().SignUp("a@example.org", "short", "", "ip"),
      accounts().ResetPassword("bad", "a good password"),
      accounts().VerifyEmail("bad").status(),
      accounts().UserForFeedToken("1.x").status(),
  };
  for (int i = 0; i < 10; ++i) {
    statuses.push_back(
        accounts().LogIn("a@example.org", "hunter2 guess", "ip").status());
  }
  for (const Status& status : statuses) {
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.ToString().find(hash), std::string::npos);
    EXPECT_EQ(status.ToString().find("argon2"), std::string::npos);
    EXPECT_EQ(status.ToString().find("hunter2 guess"), std::string::npos);
  }
}

}  // namespace
}  // namespace khabar::service
