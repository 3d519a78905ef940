// `khabar migrate`'s core: a SQLite deployment with every kind of row is
// copied into an empty PostgreSQL database, verified, and then read back
// through the PostgreSQL store; a target that differs, is not empty or
// lacks a column is refused without keeping anything. Needs the `postgres`
// ctest fixture (skips, saying so, without it).
#include "store/migrate/migrate.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/hash.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_test_util.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar::store {
namespace {

// Words between spaces, ASCII lowercased (the store is tested without text/).
class WhitespaceTokenizer : public IndexTokenizer {
 public:
  explicit WhitespaceTokenizer(std::string name = "test_whitespace")
      : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  void Tokenize(std::string_view text, bool /*is_query*/,
                const EmitTerm& emit) const override {
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && text[i] == ' ') ++i;
      const std::size_t begin = i;
      while (i < text.size() && text[i] != ' ') ++i;
      if (i == begin) break;
      std::string term(text.substr(begin, i - begin));
      for (char& c : term) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      if (!emit(term, static_cast<uint32_t>(begin), static_cast<uint32_t>(i))) {
        return;
      }
    }
  }

 private:
  std::string name_;
};

constexpr UnixSeconds kT0 = 1800000000;

template <typename T>
T ValueOrDie(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) std::abort();
  return std::move(result).value();
}

Article NewArticle(const std::string& title, const std::string& body,
                   UnixSeconds at) {
  Article a;
  a.title = title;
  a.paragraphs = {body, "second paragraph of " + title};
  a.url = "https://example.test/" + HashToHex(StableHash64(title));
  a.source = title.size() % 2 == 0 ? "wire" : "daily";
  a.published_at = at;
  a.ingested_at = at + 60;
  a.author = "reporter";
  a.content_hash = HashToHex(StableHash64(title + "\n" + body));
  a.analysis.topic = "middle_east";
  a.analysis.topic_confidence = 0.625;
  a.analysis.keywords = {"raqqa", "offensive"};
  a.analysis.summary = {body};
  a.analysis.entities = {{"PERS", "Ashton Carter", "ashton carter", 2, 0},
                         {"LOC", "Raqqa", "raqqa", 1, 5}};
  a.analysis.quotes = {{"Ashton Carter", "ashton carter", "soon", "said", 3}};
  a.analysis.dates = {{"yesterday", "2026-11-25", 7}};
  a.analysis.signature = std::string("\x00\x01\xfe", 3) + title;
  return a;
}

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string reason = pgtest::Unavailable();
    if (!reason.empty()) GTEST_SKIP() << reason;
    char pattern[] = "/tmp/khabar_migrate_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    database_ = pgtest::CreateDatabase();
    FillSqlite();
  }
  void TearDown() override {
    if (!database_.empty()) pgtest::DropDatabase(database_);
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string SqlitePath() const { return dir_ + "/khabar.db"; }

  std::unique_ptr<PostgresStore> OpenTarget() {
    PostgresOptions options;
    options.url = pgtest::DatabaseUrl(database_);
    options.tokenizer = &tokenizer_;
    return ValueOrDie(PostgresStore::Open(options));
  }

  // Articles in two stories, a reader with everything a reader has, a
  // newsletter with an edition in the outbox, a source with an item.
  void FillSqlite() {
    SqliteOptions options;
    options.path = SqlitePath();
    options.tokenizer = &tokenizer_;
    std::unique_ptr<SqliteStore> db = ValueOrDie(SqliteStore::Open(options));
    ASSERT_TRUE(db->Begin().ok());
    PutResult first;
    for (int i = 0; i < 30; ++i) {
      Article a = NewArticle("raqqa offensive " + std::to_string(i),
                             "carter said the raqqa offensive starts " +
                                 std::to_string(i),
                             kT0 + i * 3600);
      if (i % 3 == 1) a.story_id = first.story_id;
      PutResult put = ValueOrDie(db->Put(a));
      if (i % 3 == 0) first = put;
      articles_.push_back(put.id);
    }
    ASSERT_TRUE(db->Commit().ok());
    User user;
    user.email = "Reader@Example.test";
    user.password_hash = "argon2id$x";
    user.display_name = "قارئ";
    user.created_at = kT0;
    user_ = ValueOrDie(db->CreateUser(user));
    ASSERT_TRUE(db->Save(user_, articles_[3], kT0 + 10).ok());
    ASSERT_TRUE(db->PutFollow(user_, {.kind = "entity",
                                      .target = "raqqa",
                                      .label = "الرقة",
                                      .detail = "LOC",
                                      .at = kT0})
                    .ok());
    ASSERT_TRUE(db->RecordRead(user_, articles_[4], kT0 + 20).ok());
    ASSERT_TRUE(db->PutSession({.token_hash = "session-hash",
                                .user_id = user_,
                                .csrf = "csrf",
                                .created_at = kT0,
                                .expires_at = kT0 + 86400})
                    .ok());
    Newsletter daily;
    daily.slug = "daily";
    daily.name = "اليومية";
    daily.cadence = "daily";
    daily.kind = "digest";
    const int64_t newsletter = ValueOrDie(db->PutNewsletter(daily));
    ValueOrDie(db->Subscribe(user_, newsletter, kT0));
    OutboxMessage message;
    message.user_id = user_;
    message.recipient = user.email;
    message.sender = "news@example.test";
    message.message_id = "<m1@example.test>";
    message.mime = "Subject: x\r\n\r\nbody\r\n";
    message.created_at = kT0;
    message.next_try = kT0;
    ValueOrDie(db->QueueEdition({.newsletter_id = newsletter,
                                 .user_id = user_,
                                 .period = "2026-11-26",
                                 .covers_until = kT0},
                                message));
    ValueOrDie(db->Hit("signup:127.0.0.1", kT0));
    ValueOrDie(db->Secret("hmac", "fresh-secret"));
    ASSERT_TRUE(db->SetOperator(user_, true).ok());
    Source source;
    source.location = "https://example.test/feed.xml";
    source.added_at = kT0;
    source.next_fetch = kT0;
    const SourceId sid = ValueOrDie(db->AddSource(source));
    ASSERT_TRUE(db->RecordItem(sid, "entry-1", articles_[0], kT0, 3).ok());
    ValueOrDie(db->EnqueueJob("ingest", "/tmp/a.jsonl", "/tmp/a.jsonl", kT0));
  }

  WhitespaceTokenizer tokenizer_;
  std::string dir_;
  std::string database_;
  std::vector<ArticleId> articles_;
  UserId user_ = 0;
};

TEST_F(MigrateTest, CopiesEveryTableVerifiedAndTheCopyWorks) {
  std::unique_ptr<PostgresStore> target = OpenTarget();
  MigrateReport report =
      ValueOrDie(MigrateSqliteToPostgres(SqlitePath(), tokenizer_, *target));
  ASSERT_FALSE(report.tables.empty());
  bool saw_article = false;
  for (const TableCheck& check : report.tables) {
    EXPECT_TRUE(check.matches()) << check.table;
    if (check.table == "article") {
      saw_article = true;
      EXPECT_EQ(check.target_rows, 30);
    }
  }
  EXPECT_TRUE(saw_article);

  // The copy is a working store: articles, search, readers, sources.
  EXPECT_EQ(ValueOrDie(target->Count()), 30);
  const Article got = ValueOrDie(target->Get(articles_[7]));
  EXPECT_EQ(got.title, "raqqa offensive 7");
  EXPECT_EQ(got.analysis.signature, std::string("\x00\x01\xfe", 3) + got.title);
  EXPECT_DOUBLE_EQ(got.analysis.topic_confidence, 0.625);
  const SearchPage page =
      ValueOrDie(target->Search({.match = "\"offensive\" AND \"7\"", .limit = 5}));
  ASSERT_GE(page.total, 1);
  EXPECT_EQ(page.hits[0].id, articles_[7]);
  EXPECT_EQ(ValueOrDie(target->FindUserByEmail("reader@example.test")).id,
            user_);
  EXPECT_EQ(ValueOrDie(target->SavedAmong(user_, {articles_[3], articles_[5]})),
            std::vector<ArticleId>{articles_[3]});
  EXPECT_EQ(ValueOrDie(target->GetSession("session-hash", kT0 + 1)).user_id,
            user_);
  EXPECT_TRUE(ValueOrDie(target->IsOperator(user_)));
  EXPECT_EQ(ValueOrDie(target->Secret("hmac", "other")), "fresh-secret");
  EXPECT_EQ(ValueOrDie(target->CountOutbox()).queued, 1);
  EXPECT_EQ(ValueOrDie(target->CountJobs()).queued, 1);

  // New rows get ids after the copied ones (the sequences moved on).
  const PutResult next = ValueOrDie(
      target->Put(NewArticle("after the move", "a new article", kT0 + 999999)));
  EXPECT_GT(next.id, articles_.back());
  User second;
  second.email = "second@example.test";
  second.password_hash = "argon2id$y";
  second.created_at = kT0;
  EXPECT_GT(ValueOrDie(target->CreateUser(second)), user_);
}

TEST_F(MigrateTest, CompareFindsARowChangedAfterwards) {
  std::unique_ptr<PostgresStore> target = OpenTarget();
  ValueOrDie(MigrateSqliteToPostgres(SqlitePath(), tokenizer_, *target));
  ASSERT_TRUE(target->connection()
                  .ExecScript("UPDATE article SET title = 'tampered' "
                              "WHERE id = (SELECT min(id) FROM article)")
                  .ok());
  const std::vector<TableCheck> checks =
      ValueOrDie(CompareSqliteToPostgres(SqlitePath(), *target));
  int differing = 0;
  for (const TableCheck& check : checks) {
    if (!check.matches()) {
      ++differing;
      EXPECT_EQ(check.table, "article");
      EXPECT_EQ(check.source_rows, check.target_rows);  // same count, new sum
    }
  }
  EXPECT_EQ(differing, 1);
}

TEST_F(MigrateTest, RefusesATargetThatIsNotEmpty) {
  std::unique_ptr<PostgresStore> target = OpenTarget();
  ValueOrDie(target->Put(NewArticle("already here", "text", kT0)));
  Result<MigrateReport> report =
      MigrateSqliteToPostgres(SqlitePath(), tokenizer_, *target);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ValueOrDie(target->Count()), 1);  // nothing added
}

TEST_F(MigrateTest, AFailureHalfWayKeepsNothing) {
  std::unique_ptr<PostgresStore> target = OpenTarget();
  // A target that refuses the rows of the last table copied fails after
  // every other table was copied: the one transaction keeps none of them.
  ASSERT_TRUE(target->connection()
                  .ExecScript("ALTER TABLE job ADD CONSTRAINT no_ingest "
                              "CHECK (kind <> 'ingest')")
                  .ok());
  Result<MigrateReport> report =
      MigrateSqliteToPostgres(SqlitePath(), tokenizer_, *target);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().ToString().find("no_ingest"), std::string::npos);
  EXPECT_EQ(ValueOrDie(target->Count()), 0);
  EXPECT_EQ(ValueOrDie(target->CountOutbox()).queued, 0);
}

TEST_F(MigrateTest, RefusesATargetTableWithoutASourceColumn) {
  std::unique_ptr<PostgresStore> target = OpenTarget();
  ASSERT_TRUE(
      target->connection().ExecScript("ALTER TABLE job DROP COLUMN payload").ok());
  Result<MigrateReport> report =
      MigrateSqliteToPostgres(SqlitePath(), tokenizer_, *target);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().ToString().find("payload"), std::string::npos);
}

TEST_F(MigrateTest, RefusesAnotherAnalyzer) {
  std::unique_ptr<PostgresStore> target = OpenTarget();
  const WhitespaceTokenizer other("other_tokenizer");
  Result<MigrateReport> report =
      MigrateSqliteToPostgres(SqlitePath(), other, *target);
  ASSERT_FALSE(report.ok());
}

}  // namespace
}  // namespace khabar::store
