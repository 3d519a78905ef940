// libFuzzer target for the query language. Any text a user types either is
// refused by the parser with InvalidArgument or compiles to an FTS5
// expression that SQLite accepts: a syntax error from FTS5 would mean user
// input reached the MATCH grammar unquoted. Aborts on any other outcome.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "search/analyzer_tokenizer.h"
#include "search/query.h"
#include "store/sqlite/sqlite_store.h"
#include "text/analyzer.h"

namespace {

struct Fixture {
  std::unique_ptr<khabar::text::Analyzer> analyzer =
      khabar::text::MakeKhabarAnalyzer();
  std::unique_ptr<khabar::store::IndexTokenizer> tokenizer =
      khabar::search::MakeIndexTokenizer(*analyzer);
  std::unique_ptr<khabar::store::SqliteStore> store;

  Fixture() {
    khabar::store::SqliteOptions options;
    options.path = ":memory:";
    options.tokenizer = tokenizer.get();
    auto opened = khabar::store::SqliteStore::Open(options);
    if (!opened.ok()) std::abort();
    store = std::move(opened).value();
    khabar::store::Article a;
    a.title = "الهجوم على الرقة في الأسابيع المقبلة";
    a.paragraphs = {"قال الوزير إن الهجوم سيبدأ \"في الأسابيع المقبلة\"."};
    a.content_hash = "fuzz-fixture";
    if (!store->Put(a).ok()) std::abort();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto mode : {khabar::search::MatchMode::kAllWords,
                    khabar::search::MatchMode::kAnyWord}) {
    auto compiled =
        khabar::search::CompileQueryText(text, *fixture->analyzer, mode);
    if (!compiled.ok()) {
      if (compiled.status().code() != khabar::StatusCode::kInvalidArgument) {
        std::abort();
      }
      continue;
    }
    auto page = fixture->store->Search({.match = compiled->match, .limit = 5});
    if (!page.ok()) std::abort();
  }
  return 0;
}
