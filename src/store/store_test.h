// The ArticleStore conformance suite: every behaviour a backend must have,
// written against ArticleStore& only. store_test.cc defines the tests; each
// backend's test binary compiles it and instantiates the suite with a
// StoreBackend (see sqlite/sqlite_store_test.cc):
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, ArticleStoreTest,
//                            ::testing::Values(SqliteBackend()),
//                            BackendName);
#ifndef KHABAR_STORE_STORE_TEST_H_
#define KHABAR_STORE_STORE_TEST_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/article_store.h"
#include "store/index_tokenizer.h"

namespace khabar::store::testing {

// A tokenizer for store tests that must not depend on text/: splits on ASCII
// whitespace and punctuation, lowercases ASCII letters and leaves other
// bytes alone. Offsets point at the original word. A word equal to
// kFaultWord makes it throw, which is how tests make a Put fail half-way
// (after the article row, while indexing) on any backend.
class WhitespaceTokenizer : public IndexTokenizer {
 public:
  static constexpr std::string_view kFaultWord = "inject_fault_here";

  // Revision 1 also folds plurals: a trailing "s" goes from words of four
  // letters or more ("cats" -> "cat").
  explicit WhitespaceTokenizer(std::string name = "test_whitespace",
                               int revision = 0)
      : name_(std::move(name)), revision_(revision) {}
  std::string_view name() const override { return name_; }
  int revision() const override { return revision_; }
  void Tokenize(std::string_view text, bool is_query,
                const EmitTerm& emit) const override;

 private:
  std::string name_;
  int revision_;
};

// How the suite reaches one backend. `location` names one database: a file
// path for SQLite, a database name for PostgreSQL.
struct StoreBackend {
  std::string name;
  // A fresh location where no database exists yet.
  std::function<std::string()> new_location;
  // Opens (creating unless read_only) the database at `location`.
  std::function<Result<std::unique_ptr<ArticleStore>>(
      const std::string& location, const IndexTokenizer* tokenizer,
      bool read_only)>
      open;
  // Deletes everything at `location`.
  std::function<void(const std::string& location)> destroy;
  // Why the backend cannot run here ("" or unset: it can); the suites skip
  // with this message (PostgreSQL without a server).
  std::function<std::string()> unavailable;
};

// Skips the current test when `backend` cannot run here.
#define KHABAR_SKIP_IF_UNAVAILABLE(backend)                       \
  do {                                                            \
    if ((backend).unavailable) {                                  \
      const std::string reason = (backend).unavailable();         \
      if (!reason.empty()) GTEST_SKIP() << reason;                \
    }                                                             \
  } while (false)

// Test names and failure messages show the backend's name, not its bytes.
inline void PrintTo(const StoreBackend& backend, std::ostream* os) {
  *os << backend.name;
}

inline std::string BackendName(
    const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

class ArticleStoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the current store and opens the same location again.
  Result<std::unique_ptr<ArticleStore>> Reopen(const IndexTokenizer* tokenizer,
                                               bool read_only = false);

  // A valid article whose content_hash is derived from `title` and `body`.
  static Article MakeArticle(std::string title, std::string body,
                             std::string url = "");
  // MakeArticle with a full analysis (topic, entities, quotes, dates...).
  static Article AnalyzedArticle(const std::string& title,
                                 const std::string& body);
  // MakeArticle published at `at`, mentioning each (type, key) once; an
  // entity's name is "<type> <key>".
  static Article Mentioning(
      const std::string& title, UnixSeconds at,
      const std::vector<std::pair<std::string, std::string>>& entities = {});

  ArticleStore& store() { return *store_; }

  WhitespaceTokenizer tokenizer_;
  std::string location_;
  std::unique_ptr<ArticleStore> store_;
};

}  // namespace khabar::store::testing

#endif  // KHABAR_STORE_STORE_TEST_H_
