// libFuzzer target for cookies and the tokens they carry: CookieValue on
// any Cookie header, then the session cookie, the API bearer token and the
// private feed token checked against a store that holds one real session.
// Input: the Cookie header value. Aborts when an invariant breaks:
//   - a cookie value is a substring of the header and holds no ';';
//   - no cookie value but the real session token authenticates, and the
//     real one does (the lookup is exact, whatever bytes surround it);
//   - no fuzzed text is accepted as an API or feed token;
//   - every refusal is Unauthenticated (or NotFound/InvalidArgument), never
//     an internal error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "search/analyzer_tokenizer.h"
#include "service/accounts.h"
#include "service/secrets.h"
#include "store/sqlite/sqlite_store.h"
#include "text/analyzer.h"
#include "web/html.h"

namespace {

using khabar::StatusCode;

struct Fixture {
  std::unique_ptr<khabar::text::Analyzer> analyzer =
      khabar::text::MakeKhabarAnalyzer();
  std::unique_ptr<khabar::store::IndexTokenizer> tokenizer =
      khabar::search::MakeIndexTokenizer(*analyzer);
  std::unique_ptr<khabar::store::SqliteStore> store;
  std::unique_ptr<khabar::service::Accounts> accounts;
  std::string token;  // the one real session ("" when login failed)

  Fixture() {
    khabar::store::SqliteOptions options;
    options.path = ":memory:";
    options.tokenizer = tokenizer.get();
    auto opened = khabar::store::SqliteStore::Open(options);
    if (!opened.ok()) std::abort();
    store = std::move(opened).value();
    khabar::service::AccountsOptions accounts_options;
    accounts_options.now = [] { return khabar::UnixSeconds{1764150000}; };
    accounts = std::make_unique<khabar::service::Accounts>(
        *store, std::move(accounts_options));
    if (!accounts->SignUp("qari@example.org", "كلمة-سر-طويلة", "قارئ", "127.0.0.1")
             .ok()) {
      std::abort();
    }
    auto session = accounts->LogIn("qari@example.org", "كلمة-سر-طويلة", "127.0.0.1");
    if (session.ok()) token = session->token;
  }
};

bool Refusal(const khabar::Status& s) {
  return s.code() == StatusCode::kUnauthenticated ||
         s.code() == StatusCode::kNotFound ||
         s.code() == StatusCode::kInvalidArgument;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  for (std::string_view name : {"khabar_session", "khabar_csrf", ""}) {
    const std::optional<std::string_view> value =
        khabar::web::CookieValue(header, name);
    if (!value) continue;
    Check(value->data() >= header.data() &&
          value->data() + value->size() <= header.data() + header.size());
    Check(value->find(';') == std::string_view::npos);
    if (name != "khabar_session") continue;
    auto reader = fixture->accounts->Authenticate(*value);
    if (reader.ok()) {
      Check(!fixture->token.empty() && *value == fixture->token);
    } else {
      Check(Refusal(reader.status()));
      Check(*value != fixture->token || fixture->token.empty());
    }
    (void)khabar::service::ConstantTimeEqual(*value, fixture->token);
  }
  auto api = fixture->accounts->AuthenticateApiToken(header);
  Check(!api.ok() && Refusal(api.status()));
  auto feed = fixture->accounts->UserForFeedToken(header);
  Check(!feed.ok() && Refusal(feed.status()));
  return 0;
}
