// Security of the reader's routes, through Site::Handle: CSRF, cookie
// flags, brute-force limits, account enumeration, other readers' data
// (IDOR), password hashes in outputs and logs, and personal pages kept out
// of the shared page cache.
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "base/time.h"
#include "service/secrets.h"
#include "web/html.h"
#include "web/site.h"

namespace khabar::web {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr char kPassword[] = "correct horse battery staple";

// A browser: keeps cookies across requests.
struct Browser {
  std::map<std::string, std::string> cookies;
  std::string CookieHeader() const {
    std::string h;
    for (const auto& [k, v] : cookies) {
      if (!h.empty()) h += "; ";
      h += k + "=" + v;
    }
    return h;
  }
  void Absorb(const Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name != "Set-Cookie") continue;
      const std::size_t eq = value.find('=');
      const std::size_t semi = value.find(';');
      const std::string k = value.substr(0, eq);
      const std::string v = value.substr(eq + 1, semi - eq - 1);
      if (value.find("Max-Age=0") != std::string::npos || v.empty()) {
        cookies.erase(k);
      } else {
        cookies[k] = v;
      }
    }
  }
};

std::string Header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

std::vector<std::string> Headers(const Response& r, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.headers) {
    if (k == name) out.push_back(v);
  }
  return out;
}

// The value of the first hidden csrf field of a page.
std::string CsrfIn(std::string_view html) {
  static const std::regex re(R"re(name="csrf" value="([^"]+)")re");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(html.begin(), html.end(), m, re)) return {};
  return m[1].str();
}

std::string Form(std::initializer_list<std::pair<std::string, std::string>> fields) {
  std::string body;
  for (const auto& [k, v] : fields) {
    if (!body.empty()) body += '&';
    body += k + "=" + UrlEncode(v);
  }
  return body;
}

class AccountRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service::UseFastPasswordHashingForTests();
    dir_ = fs::temp_directory_path() /
           ("khabar-account-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    service::LibraryOptions options;
    options.data_dir = dir_.string();
    auto lib = service::Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    library_ = std::move(*lib);
    for (int i = 0; i < 2; ++i) {
      store::Article a;
      a.source = i == 0 ? "وكالة أ" : "صحيفة ب";
      a.title = i == 0 ? "الهجوم على الرقة في الأسابيع المقبلة" : "قمة المياه";
      a.paragraphs = {i == 0 ? "أعلن وزير الدفاع أن الهجوم على الرقة قريب."
                             : "بحثت قمة إقليمية أزمة المياه."};
      a.published_at = now_ - 3600 * (i + 1);
      a.ingested_at = now_;
      a.content_hash = "h" + std::to_string(i);
      a.analysis.topic = "world";
      a.analysis.entities = {{"LOC", "الرقة", "رقة", 1, 10}};
      auto put = library_->store().Put(a);
      ASSERT_TRUE(put.ok()) << put.status().ToString();
      articles_.push_back(put->id);
    }
    log_path_ = (dir_ / "access.log").string();
    log_ = std::fopen(log_path_.c_str(), "w");
    ASSERT_NE(log_, nullptr);
    site_ = OpenSite("http://news.example");
  }

  std::unique_ptr<Site> OpenSite(const std::string& base) {
    SiteOptions o;
    o.library.data_dir = dir_.string();
    o.base_url = base;
    o.access_log = log_;
    o.cache_bytes = 8 << 20;
    o.now = [this] { return now_.load(); };
    auto site = Site::Open(o);
    EXPECT_TRUE(site.ok()) << site.status().ToString();
    return site.ok() ? std::move(*site) : nullptr;
  }

  void TearDown() override {
    site_.reset();
    library_.reset();
    if (log_) std::fclose(log_);
    fs::remove_all(dir_);
  }

  Response Send(Browser& b, std::string method, std::string target,
                std::string body = {}, std::vector<std::pair<std::string, std::string>> extra = {},
                Site* site = nullptr) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.remote = remote_;
    if (!b.cookies.empty()) r.headers.emplace_back("cookie", b.CookieHeader());
    if (!body.empty()) {
      r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
      r.body = std::move(body);
    }
    for (auto& h : extra) r.headers.push_back(std::move(h));
    Response resp = (site ? site : site_.get())->Handle(r);
    b.Absorb(resp);
    bodies_ += std::string(resp.Body());
    for (const auto& [k, v] : resp.headers) bodies_ += k + ": " + v + "\n";
    return resp;
  }
  Response Get(Browser& b, std::string target) { return Send(b, "GET", std::move(target)); }

  // The newest mail to `email` in the outbox.
  std::string LastMailTo(const std::string& email) {
    auto mails = library_->readers().OutboxFor(email, 10);
    if (!mails.ok() || mails->empty()) return {};
    return mails->front().mime;
  }
  // The first link starting with `prefix` in the newest mail to `email`:
  // its base64 parts decoded (that is how the composer encodes Arabic).
  std::string LinkInMail(const std::string& email, const std::string& prefix) {
    const std::string mime = LastMailTo(email);
    std::string text = mime;
    const std::string marker = "Content-Transfer-Encoding: base64\r\n\r\n";
    for (std::size_t at = mime.find(marker); at != std::string::npos;
         at = mime.find(marker, at + 1)) {
      const std::size_t start = at + marker.size();
      const std::size_t end = mime.find("\r\n\r\n", start);
      const std::string b64 = mime.substr(start, end - start);
      std::string bin(b64.size(), '\0');
      std::size_t len = 0;
      if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(),
                            b64.data(), b64.size(), "\r\n", &len, nullptr,
                            sodium_base64_VARIANT_ORIGINAL) == 0) {
        text += std::string(bin.data(), len);
      }
    }
    const std::size_t at = text.find(prefix);
    if (at == std::string::npos) return {};
    const std::size_t end = text.find_first_of(" \r\n\"<>", at);
    return text.substr(at, end - at).substr(std::string("http://news.example").size());
  }

  // Signs up, verifies and logs in `email`; returns the browser.
  Browser SignedIn(const std::string& email) {
    Browser b;
    const std::string csrf = CsrfIn(Get(b, "/signup").Body());
    Response r = Send(b, "POST", "/signup",
                      Form({{"csrf", csrf}, {"email", email}, {"password", kPassword}}));
    EXPECT_EQ(r.status, 200) << r.Body();
    const std::string verify = LinkInMail(email, "http://news.example/verify?t=");
    EXPECT_FALSE(verify.empty()) << LastMailTo(email);
    EXPECT_EQ(Get(b, verify).status, 200);
    r = Send(b, "POST", "/login",
             Form({{"csrf", b.cookies["khabar_csrf"]}, {"email", email}, {"password", kPassword}}));
    EXPECT_EQ(r.status, 303) << r.Body();
    EXPECT_TRUE(b.cookies.contains("khabar_session"));
    return b;
  }
  std::string CsrfOf(Browser& b) { return CsrfIn(Get(b, "/account").Body()); }

  fs::path dir_;
  std::unique_ptr<service::Library> library_;
  std::unique_ptr<Site> site_;
  std::vector<int64_t> articles_;
  std::atomic<UnixSeconds> now_{*MakeUtc(2026, 11, 26, 9)};
  std::string remote_ = "192.0.2.1";
  std::string log_path_;
  std::FILE* log_ = nullptr;
  std::string bodies_;  // every response body and header seen
};

TEST_F(AccountRoutesTest, SessionCookieIsHttpOnlyLaxAndSecureOnlyOverTls) {
  Browser b = SignedIn("a@example.org");
  Response login = Send(b, "POST", "/login",
                        Form({{"csrf", CsrfOf(b)}, {"email", "a@example.org"}, {"password", kPassword}}));
  ASSERT_EQ(login.status, 303);
  std::string cookie;
  for (const std::string& c : Headers(login, "Set-Cookie")) {
    if (c.starts_with("khabar_session=")) cookie = c;
  }
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age="), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http: " << cookie;

  // Behind a TLS-terminating proxy that says so, the cookie is Secure.
  Browser c;
  Response page = Send(c, "GET", "/login", {}, {{"x-forwarded-proto", "https"}});
  std::string csrf_cookie;
  for (const std::string& s : Headers(page, "Set-Cookie")) csrf_cookie = s;
  EXPECT_NE(csrf_cookie.find("Secure"), std::string::npos) << csrf_cookie;
  auto tls = OpenSite("https://news.example");
  Browser d;
  Response tls_page = Send(d, "GET", "/login", {}, {}, tls.get());
  EXPECT_NE(Header(tls_page, "Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(AccountRoutesTest, LoginRotatesTheSessionAndLogoutEndsIt) {
  Browser b = SignedIn("rot@example.org");
  const std::string first = b.cookies["khabar_session"];
  Send(b, "POST", "/login",
       Form({{"csrf", CsrfOf(b)}, {"email", "rot@example.org"}, {"password", kPassword}}));
  const std::string second = b.cookies["khabar_session"];
  EXPECT_NE(first, second);
  Browser old;
  old.cookies["khabar_session"] = first;
  EXPECT_EQ(Get(old, "/account").status, 303) << "the replaced session still works";
  EXPECT_EQ(Get(b, "/account").status, 200);
  Send(b, "POST", "/logout", Form({{"csrf", CsrfOf(b)}}));
  Browser after;
  after.cookies["khabar_session"] = second;
  EXPECT_EQ(Get(after, "/account").status, 303);
}

TEST_F(AccountRoutesTest, StateChangesWithoutTheCsrfTokenAreRejected) {
  Browser b = SignedIn("csrf@example.org");
  const std::string id = std::to_string(articles_[0]);
  EXPECT_EQ(Send(b, "POST", "/saved", Form({{"article", id}})).status, 403);
  EXPECT_EQ(Send(b, "POST", "/saved", Form({{"article", id}, {"csrf", "forged"}})).status, 403);
  // A token of another session is just as wrong.
  Browser other = SignedIn("csrf2@example.org");
  EXPECT_EQ(Send(b, "POST", "/saved", Form({{"article", id}, {"csrf", CsrfOf(other)}})).status, 403);
  auto saved = library_->readers().SavedArticles(1, 10, 0);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->second, 0);
  // Every form action checks it.
  for (const char* path : {"/follow", "/logout", "/account/delete", "/account/password",
                           "/account/tokens", "/newsletters/subscribe", "/account/logout-all"}) {
    EXPECT_EQ(Send(b, "POST", path, Form({{"password", kPassword}})).status, 403) << path;
  }
  EXPECT_EQ(Get(b, "/account").status, 200) << "still signed in";
  // The cookie-authenticated API needs the X-CSRF-Token header for writes.
  EXPECT_EQ(Send(b, "PUT", "/api/v1/me/saved/" + id).status, 403);
  EXPECT_EQ(Send(b, "PUT", "/api/v1/me/saved/" + id, {}, {{"x-csrf-token", CsrfOf(b)}}).status, 200);
  // Logging in needs the anonymous form token (login CSRF).
  Browser anon;
  EXPECT_EQ(Send(anon, "POST", "/login",
                 Form({{"email", "csrf@example.org"}, {"password", kPassword}})).status, 403);
  EXPECT_EQ(Send(b, "POST", "/saved", Form({{"article", id}, {"csrf", CsrfOf(b)}})).status, 303);
}

TEST_F(AccountRoutesTest, LoginIsRateLimitedPerAccountAndPerAddress) {
  SignedIn("brute@example.org");
  Browser b;
  const std::string csrf = CsrfIn(Get(b, "/login").Body());
  int limited_at = 0;
  for (int i = 1; i <= 12 && limited_at == 0; ++i) {
    remote_ = "198.51.100." + std::to_string(i);  // a botnet: new address each try
    Response r = Send(b, "POST", "/login",
                      Form({{"csrf", csrf}, {"email", "brute@example.org"}, {"password", "wrong" + std::to_string(i)}}));
    if (r.status == 429) limited_at = i;
    else EXPECT_EQ(r.status, 401);
  }
  EXPECT_GT(limited_at, 0) << "no per-account limit";
  EXPECT_LE(limited_at, 6);
  // While limited, even the right password is refused ...
  EXPECT_EQ(Send(b, "POST", "/login",
                 Form({{"csrf", csrf}, {"email", "brute@example.org"}, {"password", kPassword}})).status,
            429);
  // ... and after the window it works again.
  now_ += 16 * 60;
  EXPECT_EQ(Send(b, "POST", "/login",
                 Form({{"csrf", csrf}, {"email", "brute@example.org"}, {"password", kPassword}})).status,
            303);
  // One address trying many accounts is limited too.
  remote_ = "203.0.113.9";
  Browser c;
  const std::string c_csrf = CsrfIn(Get(c, "/login").Body());
  int ip_limited_at = 0;
  for (int i = 1; i <= 15 && ip_limited_at == 0; ++i) {
    Response r = Send(c, "POST", "/login",
                      Form({{"csrf", c_csrf}, {"email", "nobody" + std::to_string(i) + "@example.org"}, {"password", "x"}}));
    if (r.status == 429) ip_limited_at = i;
    else EXPECT_EQ(r.status, 401);
  }
  EXPECT_GT(ip_limited_at, 0) << "no per-address limit";
  EXPECT_LE(ip_limited_at, 11);
}

TEST_F(AccountRoutesTest, AnswersDoNotRevealWhichEmailsHaveAccounts) {
  SignedIn("known@example.org");
  auto error_of = [](std::string_view html) {
    static const std::regex re(R"re(<p class="form-error" role="alert">([^<]*)</p>)re");
    std::match_results<std::string_view::const_iterator> m;
    return std::regex_search(html.begin(), html.end(), m, re) ? m[1].str() : std::string();
  };
  Browser b;
  const std::string csrf = CsrfIn(Get(b, "/login").Body());
  Response known = Send(b, "POST", "/login",
                        Form({{"csrf", csrf}, {"email", "known@example.org"}, {"password", "wrong password"}}));
  Response unknown = Send(b, "POST", "/login",
                          Form({{"csrf", csrf}, {"email", "unknown@example.org"}, {"password", "wrong password"}}));
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_FALSE(error_of(known.Body()).empty());
  EXPECT_EQ(error_of(known.Body()), error_of(unknown.Body()));

  // Sign-up: the same page for a taken and a free address (the owner of the
  // taken one gets a mail instead).
  auto heading = [](std::string_view html) {
    const auto at = html.find("<h1");
    return std::string(html.substr(at, html.find("</h1>", at) - at));
  };
  Response taken = Send(b, "POST", "/signup",
                        Form({{"csrf", csrf}, {"email", "known@example.org"}, {"password", kPassword}}));
  Response fresh = Send(b, "POST", "/signup",
                        Form({{"csrf", csrf}, {"email", "fresh@example.org"}, {"password", kPassword}}));
  EXPECT_EQ(taken.status, fresh.status);
  EXPECT_EQ(heading(taken.Body()), heading(fresh.Body()));
  EXPECT_FALSE(LastMailTo("known@example.org").empty());

  // Password reset: the same answer either way.
  Response reset_known = Send(b, "POST", "/reset", Form({{"csrf", csrf}, {"email", "known@example.org"}}));
  Response reset_unknown = Send(b, "POST", "/reset", Form({{"csrf", csrf}, {"email", "ghost@example.org"}}));
  EXPECT_EQ(reset_known.status, reset_unknown.status);
  EXPECT_EQ(heading(reset_known.Body()), heading(reset_unknown.Body()));
  EXPECT_TRUE(LastMailTo("ghost@example.org").empty());
}

TEST_F(AccountRoutesTest, AnotherReadersDataIsNeverReachable) {
  Browser alice = SignedIn("alice@example.org");
  Browser bob = SignedIn("bob@example.org");
  const std::string id = std::to_string(articles_[0]);
  ASSERT_EQ(Send(alice, "POST", "/saved", Form({{"article", id}, {"csrf", CsrfOf(alice)}})).status, 303);

  // Bob's saved page and API do not show Alice's article.
  EXPECT_EQ(std::string(Get(bob, "/saved").Body()).find("الهجوم على الرقة"), std::string::npos);
  EXPECT_NE(std::string(Get(alice, "/saved").Body()).find("الهجوم على الرقة"), std::string::npos);

  // Feed tokens: Alice's opens Alice's feed; a forged one opens nothing.
  const std::string alice_page(Get(alice, "/account").Body());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(alice_page, m, std::regex(R"(/feeds/([^/"]+)/saved)")));
  const std::string alice_feed = m[1].str();
  Browser anon;
  Response feed = Get(anon, "/feeds/" + alice_feed + "/saved");
  EXPECT_EQ(feed.status, 200);
  EXPECT_NE(std::string(feed.Body()).find("الهجوم على الرقة"), std::string::npos);
  // The same signature with Bob's user id swapped in.
  const std::string forged = "2" + alice_feed.substr(alice_feed.find('.'));
  EXPECT_EQ(Get(anon, "/feeds/" + forged + "/saved").status, 404);
  EXPECT_EQ(Get(anon, "/feeds/garbage/saved").status, 404);
  // The folder itself and other shapes are pages that do not exist (the
  // fuzzer found "/feeds" answering 500: the prefix was cut past its end).
  for (const char* path : {"/feeds", "/feeds?0e0", "/feeds/", "/feeds/x", "/feeds//saved"}) {
    EXPECT_EQ(Get(anon, path).status, 404) << path;
  }
  // Rotating revokes the old URL.
  Send(alice, "POST", "/account/feed-token", Form({{"csrf", CsrfOf(alice)}}));
  EXPECT_EQ(Get(anon, "/feeds/" + alice_feed + "/saved").status, 404);

  // API tokens: Bob cannot revoke Alice's; Alice's token sees only Alice.
  Response made = Send(alice, "POST", "/account/tokens",
                       Form({{"csrf", CsrfOf(alice)}, {"name", "cli"}}));
  std::string made_body(made.Body());
  ASSERT_TRUE(std::regex_search(made_body, m, std::regex(R"(<code dir="ltr">([^<]+)</code>)")));
  const std::string token = m[1].str();
  auto tokens = library_->readers().ApiTokens(1);
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 1u);
  const std::string token_id = std::to_string(tokens->front().id);
  EXPECT_EQ(Send(bob, "POST", "/account/tokens/revoke",
                 Form({{"csrf", CsrfOf(bob)}, {"id", token_id}})).status, 404);
  Browser api;
  Response me = Send(api, "GET", "/api/v1/me/saved", {}, {{"authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(std::string(me.Body()).find("الهجوم على الرقة"), std::string::npos);
  Response who = Send(api, "GET", "/api/v1/me", {}, {{"authorization", "Bearer " + token}});
  EXPECT_EQ(json::parse(who.Body())["email"], "alice@example.org");
  EXPECT_EQ(Send(api, "GET", "/api/v1/me", {}, {{"authorization", "Bearer kb_forged"}}).status, 401);
  EXPECT_EQ(Send(alice, "POST", "/account/tokens/revoke",
                 Form({{"csrf", CsrfOf(alice)}, {"id", token_id}})).status, 303);
  EXPECT_EQ(Send(api, "GET", "/api/v1/me", {}, {{"authorization", "Bearer " + token}}).status, 401);

  // Bob cannot unsubscribe, or even see, Alice's subscriptions.
  auto newsletters = library_->readers().Newsletters();
  ASSERT_TRUE(newsletters.ok());
  if (!newsletters->empty()) {
    auto sub = library_->readers().Subscribe(1, newsletters->front().id, now_);
    ASSERT_TRUE(sub.ok());
    EXPECT_EQ(Send(bob, "POST", "/newsletters/unsubscribe",
                   Form({{"csrf", CsrfOf(bob)}, {"subscription", std::to_string(sub->id)}})).status,
              404);
    auto still = library_->readers().GetSubscription(sub->id);
    ASSERT_TRUE(still.ok());
    EXPECT_FALSE(still->unsubscribed_at.has_value());
  }
}

TEST_F(AccountRoutesTest, PasswordHashesNeverAppearInAnyOutputOrLog) {
  Browser b = SignedIn("secret@example.org");
  Get(b, "/account");
  Get(b, "/api/v1/me");
  Response exported = Get(b, "/account/export");
  EXPECT_EQ(exported.status, 200);
  EXPECT_NO_THROW(json::parse(exported.Body()));
  Send(b, "POST", "/account/password",
       Form({{"csrf", CsrfOf(b)}, {"current", "wrong"}, {"password", "another password"}}));
  std::fflush(log_);
  std::ifstream in(log_path_);
  std::stringstream log;
  log << in.rdbuf();
  auto user = library_->readers().FindUserByEmail("secret@example.org");
  ASSERT_TRUE(user.ok());
  ASSERT_FALSE(user->password_hash.empty());
  for (const std::string& where : {bodies_, log.str()}) {
    EXPECT_EQ(where.find("$argon2"), std::string::npos);
    EXPECT_EQ(where.find(user->password_hash), std::string::npos);
    EXPECT_EQ(where.find(kPassword), std::string::npos);
  }
}

TEST_F(AccountRoutesTest, PersonalPagesStayOutOfTheSharedCache) {
  Browser b = SignedIn("cache@example.org");
  Send(b, "POST", "/account/name", Form({{"csrf", CsrfOf(b)}, {"name", "قارئة"}}));
  Response home = Get(b, "/");
  EXPECT_NE(std::string(home.Body()).find("قارئة"), std::string::npos);
  EXPECT_EQ(Header(home, "Cache-Control"), "private, no-store");
  Browser anon;
  Response anon_home = Get(anon, "/");
  EXPECT_EQ(std::string(anon_home.Body()).find("قارئة"), std::string::npos);
  EXPECT_EQ(std::string(anon_home.Body()).find(CsrfOf(b)), std::string::npos);
  // And the other way round: a cached anonymous page is not served to her.
  Response again = Get(b, "/");
  EXPECT_NE(std::string(again.Body()).find("قارئة"), std::string::npos);
}

TEST_F(AccountRoutesTest, OpenRedirectsAreRefused) {
  Browser b = SignedIn("redir@example.org");
  const std::string csrf = CsrfOf(b);
  for (const char* evil : {"//evil.example/x", "https://evil.example/", "/\\evil.example"}) {
    Response r = Send(b, "POST", "/saved",
                      Form({{"csrf", csrf}, {"article", std::to_string(articles_[1])}, {"return", evil}}));
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(Header(r, "Location"), "/saved") << evil;
  }
}

TEST_F(AccountRoutesTest, DeletingTheAccountRemovesItsData) {
  Browser b = SignedIn("gone@example.org");
  const std::string csrf = CsrfOf(b);
  Send(b, "POST", "/saved", Form({{"csrf", csrf}, {"article", std::to_string(articles_[0])}}));
  EXPECT_EQ(Send(b, "POST", "/account/delete", Form({{"csrf", csrf}, {"password", "wrong"}})).status, 400);
  EXPECT_EQ(Send(b, "POST", "/account/delete", Form({{"csrf", csrf}, {"password", kPassword}})).status, 200);
  EXPECT_FALSE(library_->readers().FindUserByEmail("gone@example.org").ok());
  auto saved = library_->readers().SavedArticles(1, 10, 0);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->second, 0);
  EXPECT_EQ(Get(b, "/account").status, 303);
}

// The operators' page: only operators see it or change anything, every
// change is CSRF-checked, and "poll now" makes the source due at once.
TEST_F(AccountRoutesTest, OnlyOperatorsManageSourcesOnTheAdminPage) {
  Browser anonymous;
  Response r = Get(anonymous, "/admin/sources");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Header(r, "Location"), "/login?next=%2Fadmin%2Fsources");

  Browser reader = SignedIn("reader@example.org");
  EXPECT_EQ(Get(reader, "/admin/sources").status, 403);
  EXPECT_EQ(Send(reader, "POST", "/admin/sources",
                 Form({{"csrf", CsrfOf(reader)}, {"action", "add"},
                       {"location", "https://news.example/rss"}}))
                .status,
            403);
  EXPECT_EQ(library_->sources().ListSources()->size(), 0u);

  Browser op = SignedIn("operator@example.org");
  auto user = library_->readers().FindUserByEmail("operator@example.org");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(library_->readers().SetOperator(user->id, true).ok());
  r = Get(op, "/admin/sources");
  ASSERT_EQ(r.status, 200) << r.Body();
  EXPECT_NE(r.Body().find("لا مصادر بعد"), std::string::npos);
  EXPECT_EQ(Header(r, "Cache-Control"), "private, no-store");
  // The operator's navigation links to the page; a reader's does not.
  EXPECT_NE(r.Body().find("href=\"/admin/sources\""), std::string::npos);
  EXPECT_EQ(Get(reader, "/account").Body().find("href=\"/admin/sources\""),
            std::string::npos);

  // Adding needs the session's CSRF token.
  EXPECT_EQ(Send(op, "POST", "/admin/sources",
                 Form({{"action", "add"}, {"location", "https://news.example/rss"}}))
                .status,
            403);
  r = Send(op, "POST", "/admin/sources",
           Form({{"csrf", CsrfOf(op)}, {"action", "add"},
                 {"location", "https://news.example/rss"}}));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Header(r, "Location"), "/admin/sources?done=add");
  auto listed = library_->sources().ListSources();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  const store::SourceId id = (*listed)[0].id;
  // Not a URL, a duplicate, a server path: refused with a message.
  for (const char* bad : {"not a url", "https://news.example/rss", "/etc"}) {
    r = Send(op, "POST", "/admin/sources",
             Form({{"csrf", CsrfOf(op)}, {"action", "add"}, {"location", bad}}));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.Body().find("form-error"), std::string::npos) << bad;
  }
  EXPECT_EQ(library_->sources().ListSources()->size(), 1u);

  // Pause, then poll now (refused while paused), resume, poll now.
  const std::string sid = std::to_string(id);
  auto act = [&](const char* action) {
    return Send(op, "POST", "/admin/sources",
                Form({{"csrf", CsrfOf(op)}, {"action", action}, {"id", sid}}));
  };
  EXPECT_EQ(act("pause").status, 303);
  EXPECT_EQ(library_->sources().GetSource(id)->state, "paused");
  EXPECT_EQ(act("poll").status, 400);
  EXPECT_EQ(act("resume").status, 303);
  store::Source s = *library_->sources().GetSource(id);
  s.next_fetch = now_ + 3600;
  ASSERT_TRUE(library_->sources().UpdateSource(s).ok());
  EXPECT_EQ(act("poll").status, 303);
  EXPECT_EQ(library_->sources().GetSource(id)->next_fetch, now_.load());
  EXPECT_EQ(Send(op, "POST", "/admin/sources",
                 Form({{"csrf", CsrfOf(op)}, {"action", "poll"}, {"id", "999"}}))
                .status,
            404);
  EXPECT_EQ(act("explode").status, 400);

  // The page lists it with its state; values are escaped.
  s = *library_->sources().GetSource(id);
  s.last_error = "<script>alert(1)</script>";
  s.failures = 2;
  ASSERT_TRUE(library_->sources().UpdateSource(s).ok());
  r = Get(op, "/admin/sources");
  EXPECT_NE(r.Body().find("https://news.example/rss"), std::string::npos);
  EXPECT_NE(r.Body().find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(r.Body().find("<script>alert(1)"), std::string::npos);

  // Revoked rights take effect at once.
  ASSERT_TRUE(library_->readers().SetOperator(user->id, false).ok());
  EXPECT_EQ(Get(op, "/admin/sources").status, 403);
}

}  // namespace
}  // namespace khabar::web
