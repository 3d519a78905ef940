#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/hash.h"
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

std::filesystem::path TempRoot() {
  static const std::filesystem::path root = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "khabar_store_XXXXXX")
            .string();
    const char* made = mkdtemp(pattern.data());
    if (made == nullptr) std::abort();
    return std::filesystem::path(made);
  }();
  return root;
}

// Removes the temporary folder once all tests have run.
class TempRootCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(TempRoot(), ec);
  }
};
const ::testing::Environment* const kTempRootCleanup =
    ::testing::AddGlobalTestEnvironment(new TempRootCleanup);

std::string NewDbPath() {
  static std::atomic<int> counter{0};
  return (TempRoot() / ("db" + std::to_string(counter++) + ".sqlite")).string();
}

void RemoveDb(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
}

Result<std::unique_ptr<SqliteStore>> OpenSqlite(const std::string& path,
                                                const IndexTokenizer* tokenizer,
                                                bool read_only = false) {
  SqliteOptions options;
  options.path = path;
  options.tokenizer = tokenizer;
  options.read_only = read_only;
  return SqliteStore::Open(options);
}

StoreBackend SqliteBackend() {
  return StoreBackend{
      .name = "Sqlite",
      .new_location = NewDbPath,
      .open = [](const std::string& location, const IndexTokenizer* tokenizer,
                 bool read_only) -> Result<std::unique_ptr<ArticleStore>> {
        auto opened = OpenSqlite(location, tokenizer, read_only);
        if (!opened.ok()) return opened.status();
        return std::unique_ptr<ArticleStore>(std::move(opened).value());
      },
      .destroy = RemoveDb,
      .unavailable = nullptr,
  };
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ArticleStoreTest,
                         ::testing::Values(SqliteBackend()),
                         testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, ReaderStoreTest,
                         ::testing::Values(SqliteBackend()),
                         testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, SourceStoreTest,
                         ::testing::Values(SqliteBackend()),
                         testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, JobStoreTest,
                         ::testing::Values(SqliteBackend()),
                         testing::BackendName);

// Runs one statement on a raw connection, for tests that tamper with files.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

Article SampleArticle(std::string title, std::string body) {
  Article article;
  article.title = std::move(title);
  article.paragraphs = {std::move(body)};
  article.ingested_at = 1;
  article.content_hash =
      HashToHex(StableHash64(article.title + "\n" + article.paragraphs[0]));
  return article;
}

// The tables of schema v6 (the readers' side).
constexpr const char* kReaderTables[] = {
    "user",   "session",    "api_token",  "email_token",  "saved",
    "follow", "read_event", "newsletter", "subscription", "edition",
    "outbox", "rate_limit", "secret"};

// SQL that drops them: a v6 database made older for migration tests.
std::string DropReaderTables() {
  // The job (v8) and source tables (v7) first: `operator` refers to `user`.
  std::string sql =
      "DROP TABLE job; DROP TABLE operator; DROP TABLE ingest_item; "
      "DROP TABLE ingest_source;";
  for (const char* table : kReaderTables) {
    sql += std::string("DROP TABLE ") + table + ";";
  }
  return sql;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void TearDown() override { RemoveDb(path_); }

  const std::string path_ = NewDbPath();
  const WhitespaceTokenizer tokenizer_;
};

TEST_F(SqliteStoreTest, NewDatabaseIsAtCurrentSchemaVersionInWalMode) {
  ASSERT_TRUE(OpenSqlite(path_, &tokenizer_).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), SqliteSchemaVersion());
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
               "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, DatabaseFromNewerBinaryIsRefused) {
  ASSERT_TRUE(OpenSqlite(path_, &tokenizer_).ok());
  RawExec(path_,
          "PRAGMA user_version = " + std::to_string(SqliteSchemaVersion() + 1));
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(opened.status().message().find("newer than this binary"),
            std::string::npos)
      << opened.status().message();
}

TEST_F(SqliteStoreTest, FileThatIsNotADatabaseIsCorruption) {
  std::ofstream(path_) << "this is not an SQLite database, just some text "
                          "long enough to fill the header and then some.";
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kCorruption)
      << opened.status().ToString();
}

TEST_F(SqliteStoreTest, BuiltinTokenizerIndexFoldsLatinDiacritics) {
  auto opened = OpenSqlite(":memory:", nullptr);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  SqliteStore& store = **opened;
  EXPECT_EQ(store.tokenizer_spec(), kBuiltinTokenizerSpec);
  ASSERT_TRUE(store.Put(SampleArticle("Paris", "un Café crème")).ok());
  auto page = store.Search({.match = "cafe"});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 1);
}

// Characterizes the baseline, and is why Khabar has its own analyzer:
// unicode61 keeps Arabic harakat (combining marks) inside tokens.
TEST_F(SqliteStoreTest, BuiltinTokenizerDoesNotFoldArabicHarakat) {
  auto opened = OpenSqlite(":memory:", nullptr);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  SqliteStore& store = **opened;
  ASSERT_TRUE(store.Put(SampleArticle("خبر", "مَدْرَسَةٌ جديدة")).ok());
  auto page = store.Search({.match = "مدرسة"});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 0);
}

TEST_F(SqliteStoreTest, BuiltinIndexIsRefusedWithCustomTokenizer) {
  ASSERT_TRUE(OpenSqlite(path_, nullptr).ok());
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, TokenizerNameWithQuoteIsRejected) {
  const WhitespaceTokenizer bad("x'); DROP TABLE article; --");
  auto opened = OpenSqlite(":memory:", &bad);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, ReadOnlyInMemoryIsRejected) {
  auto opened = OpenSqlite(":memory:", &tokenizer_, /*read_only=*/true);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, IndexStaysConsistentAfterFailedPut) {
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  ASSERT_TRUE(store.Begin().ok());
  ASSERT_TRUE(store.Put(SampleArticle("kept", "alpha beta")).ok());
  ASSERT_FALSE(store
                   .Put(SampleArticle(
                       "lost", std::string(WhitespaceTokenizer::kFaultWord)))
                   .ok());
  ASSERT_TRUE(store.Commit().ok());
  const Status integrity = store.CheckIntegrity();
  EXPECT_TRUE(integrity.ok()) << integrity.ToString();
}

TEST_F(SqliteStoreTest, FailedPutOutsideTransactionLeavesNoTrace) {
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  ASSERT_FALSE(store
                   .Put(SampleArticle(
                       "lost", std::string(WhitespaceTokenizer::kFaultWord)))
                   .ok());
  EXPECT_EQ(*store.Count(), 0);
  EXPECT_TRUE(store.Put(SampleArticle("next", "gamma")).ok());
  EXPECT_TRUE(store.CheckIntegrity().ok());
}

TEST_F(SqliteStoreTest, SecondConnectionReadsCommittedArticles) {
  auto writer = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(writer.ok());
  auto reader = OpenSqlite(path_, &tokenizer_, /*read_only=*/true);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_TRUE((*writer)->Put(SampleArticle("shared", "delta")).ok());
  auto page = (*reader)->Search({.match = "delta"});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

// A database written before the reading side (schema v3) gains its indexes
// on open and reads the same.
TEST_F(SqliteStoreTest, Version3DatabaseMigratesToReadingIndexes) {
  {
    auto opened = OpenSqlite(path_, &tokenizer_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ASSERT_TRUE((*opened)->Put(SampleArticle("kept", "alpha")).ok());
  }
  RawExec(
      path_,
      DropReaderTables() +
          "DROP INDEX article_story_time; DROP INDEX story_recency; "
          "DROP INDEX entity_key; CREATE INDEX article_story ON "
          "article(story_id); DROP INDEX article_topic_time; "
          "DROP INDEX article_source_time; CREATE INDEX article_topic ON "
          "article(topic); CREATE INDEX article_source ON article(source_id); "
          "PRAGMA user_version = 3;");
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto stories = (*opened)->RecentStories(0, 10);
  ASSERT_TRUE(stories.ok()) << stories.status().ToString();
  ASSERT_EQ(stories->size(), 1u);
  EXPECT_EQ((*stories)[0].title, "kept");
  opened->reset();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT group_concat(name, ' ') FROM (SELECT "
                               "name FROM sqlite_master WHERE name IN "
                               "('article_story', 'article_story_time', "
                               "'story_recency', 'entity_key', "
                               "'article_topic', 'article_topic_time') "
                               "ORDER BY name)",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
               "article_story_time article_topic_time entity_key "
               "story_recency");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// One integer from a raw connection (-1 on error).
int64_t RawInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return -1;
  sqlite3_stmt* stmt = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// Every reader table, by name: DeleteUser leaves no row that names the user
// (and the outbox only a sent message stripped of everything personal).
TEST_F(SqliteStoreTest, DeleteUserLeavesNoRowOfTheUserInAnyTable) {
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  SqliteStore& store = **opened;
  constexpr UnixSeconds t = 1800000000;
  User user;
  user.email = "gone@example.org";
  user.password_hash = "$argon2id$secret";
  user.created_at = t;
  const UserId id = *store.CreateUser(user);
  const ArticleId article = store.Put(SampleArticle("kept", "alpha"))->id;
  const int64_t daily =
      *store.PutNewsletter({0, "daily", "Daily", "daily", "digest", ""});
  ASSERT_TRUE(store.PutSession({"s", id, "c", t, t + 10}).ok());
  ASSERT_TRUE(store.PutApiToken({0, id, "n", "h", t, {}}).ok());
  ASSERT_TRUE(store.PutEmailToken({"e", id, "reset", "", t + 10}).ok());
  ASSERT_TRUE(store.Save(id, article, t).ok());
  ASSERT_TRUE(store.PutFollow(id, {"topic", "x", "", "", false, t}).ok());
  ASSERT_TRUE(store.RecordRead(id, article, t).ok());
  ASSERT_TRUE(store.Subscribe(id, daily, t).ok());
  OutboxMessage m;
  m.user_id = id;
  m.recipient = "gone@example.org";
  m.mime = "Subject: hi\r\n\r\nsecret words\r\n";
  m.created_at = t;
  m.message_id = "<1@k>";
  ASSERT_TRUE(store.QueueEdition({daily, id, "p", t}, m).ok());
  m.message_id = "<2@k>";
  const int64_t sent = *store.Enqueue(m);
  ASSERT_TRUE(store.MarkSent(sent, t).ok());
  ASSERT_TRUE(store.Hit("login:gone@example.org", t).ok());
  ASSERT_TRUE(store.Secret("feed", "k").ok());
  for (const char* table : kReaderTables) {
    EXPECT_GT(RawInt(path_, std::string("SELECT count(*) FROM ") + table), 0)
        << table;
  }

  ASSERT_TRUE(store.DeleteUser(id).ok());
  const std::string uid = std::to_string(id);
  for (const char* table :
       {"user", "session", "api_token", "email_token", "saved", "follow",
        "read_event", "subscription", "edition"}) {
    EXPECT_EQ(RawInt(path_, std::string("SELECT count(*) FROM ") + table), 0)
        << table;
  }
  EXPECT_EQ(RawInt(path_, "SELECT count(*) FROM outbox"), 1);
  EXPECT_EQ(RawInt(path_,
                   "SELECT count(*) FROM outbox WHERE user_id IS NULL AND "
                   "recipient = '' AND mime = '' AND status = 'sent'"),
            1);
  // Not the user's: the newsletter, the site secret; rate-limit windows are
  // keyed by what the service chose (and age out with their window).
  EXPECT_EQ(RawInt(path_, "SELECT count(*) FROM newsletter"), 1);
  EXPECT_EQ(RawInt(path_, "SELECT count(*) FROM secret"), 1);
  EXPECT_EQ(RawInt(path_, "SELECT count(*) FROM article"), 1);
}

// A database of the last release before readers (schema v5) gains the
// reader tables on open and keeps its articles.
TEST_F(SqliteStoreTest, Version5DatabaseMigratesToReaderTables) {
  {
    auto opened = OpenSqlite(path_, &tokenizer_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ASSERT_TRUE((*opened)->Put(SampleArticle("kept", "alpha")).ok());
  }
  RawExec(path_, DropReaderTables() + "PRAGMA user_version = 5;");
  ASSERT_EQ(RawInt(path_,
                   "SELECT count(*) FROM sqlite_master WHERE name = "
                   "'user'"),
            0);
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(RawInt(path_, "PRAGMA user_version"), 8);
  EXPECT_EQ(SqliteSchemaVersion(), 8);
  SqliteStore& store = **opened;
  EXPECT_EQ(*store.Count(), 1);
  auto page = store.Search({.match = "alpha"});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 1);
  User user;
  user.email = "new@example.org";
  user.created_at = 1;
  auto id = store.CreateUser(user);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_TRUE(store.Save(*id, page->hits[0].id, 2).ok());
  EXPECT_TRUE(store.CheckIntegrity().ok());
}

TEST_F(SqliteStoreTest, ForeignKeysAreEnforced) {
  auto opened = OpenSqlite(path_, &tokenizer_);
  ASSERT_TRUE(opened.ok());
  // A saved row for a user that does not exist is refused, so cascades can
  // be relied on.
  EXPECT_EQ((*opened)->Save(42, 1, 1).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace khabar::store
