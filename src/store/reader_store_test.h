// The ReaderStore conformance suite: every behaviour a backend must have,
// written against ReaderStore& (and ArticleStore& for the articles readers
// save and read). A backend implements both interfaces on one object, so
// the suite reuses StoreBackend and finds the ReaderStore side of the opened
// ArticleStore. reader_store_test.cc defines the tests; each backend's test
// binary instantiates them:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, ReaderStoreTest,
//                            ::testing::Values(SqliteBackend()),
//                            BackendName);
#ifndef KHABAR_STORE_READER_STORE_TEST_H_
#define KHABAR_STORE_READER_STORE_TEST_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/status.h"
#include "store/article_store.h"
#include "store/reader_store.h"
#include "store/store_test.h"

namespace khabar::store::testing {

class ReaderStoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A second connection to the same database (nullptr on failure, with a
  // test failure recorded).
  std::unique_ptr<ArticleStore> OpenAnother();
  static ReaderStore* ReadersOf(ArticleStore* store);

  // A user with this email (password hash "argon2id$<email>").
  UserId NewUser(const std::string& email);
  // An article published at `at`, titled `title`.
  ArticleId NewArticle(const std::string& title, UnixSeconds at);
  // A queued message to `recipient` with a unique Message-ID.
  OutboxMessage Message(const std::string& recipient, UserId user,
                        UnixSeconds at);

  ArticleStore& articles() { return *store_; }
  ReaderStore& readers() { return *readers_; }

  WhitespaceTokenizer tokenizer_;
  std::string location_;
  std::unique_ptr<ArticleStore> store_;
  ReaderStore* readers_ = nullptr;  // the same object as store_
  int messages_ = 0;
};

}  // namespace khabar::store::testing

#endif  // KHABAR_STORE_READER_STORE_TEST_H_
