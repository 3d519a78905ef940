// Runs the backend-independent conformance suites (ArticleStore,
// ReaderStore, SourceStore) against PostgreSQL, plus what is PostgreSQL's
// own. ctest starts a throw-away cluster (scripts/pg-test-cluster.sh, the
// `postgres` fixture) and passes its URL in KHABAR_TEST_PG_URL_FILE; run by
// hand, set KHABAR_TEST_PG_URL. Without either the tests skip, saying so.
#include "store/postgres/postgres_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_test_util.h"
#include "store/job_store_test.h"
#include "store/reader_store_test.h"
#include "store/source_store_test.h"
#include "store/store_test.h"

namespace khabar::store {
namespace {

using testing::ArticleStoreTest;
using testing::JobStoreTest;
using testing::ReaderStoreTest;
using testing::SourceStoreTest;
using testing::StoreBackend;
using testing::WhitespaceTokenizer;

StoreBackend PostgresBackend() {
  return StoreBackend{
      .name = "Postgres",
      .new_location = [] { return pgtest::CreateDatabase(); },
      .open = [](const std::string& location, const IndexTokenizer* tokenizer,
                 bool read_only) -> Result<std::unique_ptr<ArticleStore>> {
        PostgresOptions options;
        options.url = pgtest::DatabaseUrl(location);
        options.tokenizer = tokenizer;
        options.read_only = read_only;
        auto opened = PostgresStore::Open(options);
        if (!opened.ok()) return opened.status();
        return std::unique_ptr<ArticleStore>(std::move(opened).value());
      },
      .destroy = pgtest::DropDatabase,
      .unavailable = pgtest::Unavailable,
  };
}

INSTANTIATE_TEST_SUITE_P(Postgres, ArticleStoreTest,
                         ::testing::Values(PostgresBackend()),
                         testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Postgres, ReaderStoreTest,
                         ::testing::Values(PostgresBackend()),
                         testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Postgres, SourceStoreTest,
                         ::testing::Values(PostgresBackend()),
                         testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Postgres, JobStoreTest,
                         ::testing::Values(PostgresBackend()),
                         testing::BackendName);

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string reason = pgtest::Unavailable();
    if (!reason.empty()) GTEST_SKIP() << reason;
    database_ = pgtest::CreateDatabase();
  }
  void TearDown() override {
    if (!database_.empty()) pgtest::DropDatabase(database_);
  }
  Result<std::unique_ptr<PostgresStore>> Open(bool read_only = false) {
    PostgresOptions options;
    options.url = pgtest::DatabaseUrl(database_);
    options.tokenizer = &tokenizer_;
    options.read_only = read_only;
    return PostgresStore::Open(options);
  }

  std::string database_;
  const WhitespaceTokenizer tokenizer_;
};

TEST_F(PostgresStoreTest, NewDatabaseIsAtCurrentSchemaVersion) {
  auto store = Open();
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto rows = (*store)->connection().Exec(
      "SELECT value FROM khabar_meta WHERE key = 'schema_version'");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(pg::Connection::Text((*rows)[0][0]),
            std::to_string(PostgresSchemaVersion()));
}

TEST_F(PostgresStoreTest, ReopenDoesNotMigrateAgain) {
  ASSERT_TRUE(Open().ok());
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(PostgresStoreTest, RefusesAnotherTokenizer) {
  ASSERT_TRUE(Open().ok());
  const WhitespaceTokenizer other("other_tokenizer");
  PostgresOptions options;
  options.url = pgtest::DatabaseUrl(database_);
  options.tokenizer = &other;
  auto store = PostgresStore::Open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PostgresStoreTest, RefusesANewerSchema) {
  {
    auto store = Open();
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->connection()
                    .ExecScript("UPDATE khabar_meta SET value = '999' "
                                "WHERE key = 'schema_version'")
                    .ok());
  }
  auto store = Open();
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().ToString().find("newer"), std::string::npos);
}

TEST_F(PostgresStoreTest, ReadOnlyOpenOfAnEmptyDatabaseIsRefused) {
  auto store = Open(/*read_only=*/true);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
}

TEST_F(PostgresStoreTest, UnreachableServerIsAClearIOErrorWithoutPassword) {
  PostgresOptions options;
  options.url = "postgresql://khabar:s3cret@127.0.0.1:1/none?connect_timeout=2";
  options.tokenizer = &tokenizer_;
  auto store = PostgresStore::Open(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kIOError);
  EXPECT_EQ(store.status().ToString().find("s3cret"), std::string::npos);
  EXPECT_NE(store.status().ToString().find("127.0.0.1"), std::string::npos);
}

TEST_F(PostgresStoreTest, ConcurrentOpensMigrateOnce) {
  // Two instances started together: the advisory lock serializes them.
  std::unique_ptr<PostgresStore> stores[4];
  std::thread threads[4];
  Status results[4];
  for (int i = 0; i < 4; ++i) {
    threads[i] = std::thread([&, i] {
      auto store = Open();
      results[i] = store.status();
      if (store.ok()) stores[i] = std::move(store).value();
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(PostgresStoreTest, AtomicUndoesAFailedBodyAndKeepsTheTransaction) {
  auto store = Open();
  ASSERT_TRUE(store.ok());
  pg::Connection& conn = (*store)->connection();
  ASSERT_TRUE(conn.ExecScript("CREATE TABLE t (x int PRIMARY KEY)").ok());
  ASSERT_TRUE(conn.Begin().ok());
  ASSERT_TRUE(conn.Exec("INSERT INTO t VALUES (1)").ok());
  Status failed = conn.Atomic([&] {
    KHABAR_RETURN_IF_ERROR(conn.Exec("INSERT INTO t VALUES (2)").status());
    return conn.Exec("INSERT INTO t VALUES (1)").status();  // clash
  });
  EXPECT_EQ(failed.code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(conn.Commit().ok());
  auto rows = conn.Exec("SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(pg::Connection::Int((*rows)[0][0]), 1);
}

TEST_F(PostgresStoreTest, CommitAfterAFailedStatementRollsBackAndSaysSo) {
  auto store = Open();
  ASSERT_TRUE(store.ok());
  pg::Connection& conn = (*store)->connection();
  ASSERT_TRUE(conn.ExecScript("CREATE TABLE t (x int PRIMARY KEY)").ok());
  ASSERT_TRUE(conn.Begin().ok());
  ASSERT_TRUE(conn.Exec("INSERT INTO t VALUES (1)").ok());
  EXPECT_FALSE(conn.Exec("INSERT INTO t VALUES (1)").ok());
  EXPECT_FALSE(conn.Commit().ok());
  auto rows = conn.Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(pg::Connection::Int((*rows)[0][0]), 0);
}

TEST_F(PostgresStoreTest, ParamsRoundTripNullsBytesAndArabic) {
  auto store = Open();
  ASSERT_TRUE(store.ok());
  pg::Connection& conn = (*store)->connection();
  const std::string bytes("\0\x01\xff\x7f", 4);
  auto rows = conn.Exec("SELECT $1::text, $2::bigint, $3::bytea, $4::text",
                        pg::Params().Text("الرقة").Int(-7).Bytes(bytes).Null());
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(pg::Connection::Text((*rows)[0][0]), "الرقة");
  EXPECT_EQ(pg::Connection::Int((*rows)[0][1]), -7);
  EXPECT_EQ(pg::Connection::Bytes((*rows)[0][2]), bytes);
  EXPECT_TRUE((*rows)[0][3].is_null());
}

}  // namespace
}  // namespace khabar::store
