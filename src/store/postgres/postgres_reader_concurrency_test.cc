// PostgresStore's reader side under real concurrency: several connections
// (as several `khabar serve` processes would hold) race on the outbox, the
// rate limiter, secrets, one-time links and account creation. Also checks
// that the writes which refuse on a clash or a missing parent leave the
// caller's transaction usable, as SqliteStore's do.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pg_test_util.h"
#include "store/postgres/postgres_store.h"
#include "store/store_test.h"

namespace khabar::store {
namespace {

using testing::WhitespaceTokenizer;

constexpr UnixSeconds kT0 = 1800000000;
constexpr int kThreads = 4;

class PostgresReaderConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string reason = pgtest::Unavailable();
    if (!reason.empty()) GTEST_SKIP() << reason;
    database_ = pgtest::CreateDatabase();
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    if (!database_.empty()) pgtest::DropDatabase(database_);
  }

  // A new connection to the test database (nullptr on failure, recorded).
  std::unique_ptr<PostgresStore> Open() {
    PostgresOptions options;
    options.url = pgtest::DatabaseUrl(database_);
    options.tokenizer = &tokenizer_;
    auto store = PostgresStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    return std::move(store).value();
  }

  // One store per thread, opened before the threads start so that they
  // really run at the same time.
  std::vector<std::unique_ptr<PostgresStore>> OpenMany(int n) {
    std::vector<std::unique_ptr<PostgresStore>> stores;
    for (int i = 0; i < n; ++i) stores.push_back(Open());
    return stores;
  }

  static OutboxMessage Message(int i) {
    OutboxMessage m;
    m.recipient = std::to_string(i) + "@x.org";
    m.sender = "bounces@khabar.test";
    m.message_id = "<" + std::to_string(i) + "@khabar.test>";
    m.mime = "Subject: t\r\n\r\nhello\r\n";
    m.created_at = kT0;
    return m;
  }

  UserId NewUser(const std::string& email) {
    User user;
    user.email = email;
    user.created_at = kT0;
    auto id = store_->CreateUser(user);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  const WhitespaceTokenizer tokenizer_;
  std::string database_;
  std::unique_ptr<PostgresStore> store_;
};

TEST_F(PostgresReaderConcurrencyTest, ConcurrentClaimsNeverShareAMessage) {
  constexpr int kMessages = 200;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_TRUE(store_->Enqueue(Message(i)).ok());
  }
  auto stores = OpenMany(kThreads);
  std::vector<std::vector<int64_t>> claimed(kThreads);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      if (stores[t] == nullptr) return;
      while (true) {
        auto got = stores[t]->ClaimOutbox(kT0, kT0 + 60);
        if (!got.ok()) {
          ++errors;
          return;
        }
        if (!got->has_value()) return;
        EXPECT_EQ((*got)->attempts, 1);
        claimed[t].push_back((*got)->id);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  std::vector<int64_t> all;
  for (const auto& ids : claimed) all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end())
      << "a message was claimed twice";
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMessages));
  auto counts = store_->CountOutbox();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->sending, kMessages);
  EXPECT_EQ(counts->queued, 0);
}

TEST_F(PostgresReaderConcurrencyTest, ConcurrentHitsAddUp) {
  constexpr int kHitsEach = 100;
  auto stores = OpenMany(kThreads);
  std::vector<std::vector<int64_t>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      if (stores[t] == nullptr) return;
      for (int i = 0; i < kHitsEach; ++i) {
        auto hits = stores[t]->Hit("login:1.2.3.4", 600);
        ASSERT_TRUE(hits.ok()) << hits.status().ToString();
        seen[t].push_back(*hits);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  // Every count from 1 to the total was handed out exactly once.
  std::vector<int64_t> all;
  for (const auto& counts : seen) all.insert(all.end(), counts.begin(), counts.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kHitsEach));
  for (std::size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i], static_cast<int64_t>(i + 1));
  }
  auto so_far = store_->HitsSoFar("login:1.2.3.4", 600);
  ASSERT_TRUE(so_far.ok());
  EXPECT_EQ(*so_far, kThreads * kHitsEach);
}

TEST_F(PostgresReaderConcurrencyTest, ConcurrentSecretsAgreeOnTheFirstWriter) {
  for (int round = 0; round < 10; ++round) {
    const std::string name = "secret" + std::to_string(round);
    auto stores = OpenMany(kThreads);
    std::vector<std::string> values(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        if (stores[t] == nullptr) return;
        std::string fresh = "value-";
        fresh += std::to_string(t);
        auto value = stores[t]->Secret(name, fresh);
        ASSERT_TRUE(value.ok()) << value.status().ToString();
        values[t] = *value;
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (const std::string& value : values) EXPECT_EQ(value, values[0]);
    auto stored = store_->Secret(name, "late");
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(*stored, values[0]);
  }
}

TEST_F(PostgresReaderConcurrencyTest, ConcurrentTakesConsumeALinkOnce) {
  const UserId user = NewUser("a@example.org");
  auto stores = OpenMany(kThreads);
  for (int round = 0; round < 20; ++round) {
    const std::string hash = "link" + std::to_string(round);
    ASSERT_TRUE(
        store_->PutEmailToken({hash, user, "reset", "", kT0 + 100}).ok());
    std::atomic<int> taken{0};
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        if (stores[t] == nullptr) return;
        auto got = stores[t]->TakeEmailToken(hash, "reset", kT0);
        if (got.ok()) {
          ++taken;
        } else if (got.status().code() != StatusCode::kNotFound) {
          ++errors;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(taken.load(), 1) << "round " << round;
    EXPECT_EQ(errors.load(), 0);
  }
}

TEST_F(PostgresReaderConcurrencyTest, ConcurrentSignupsOfOneEmailMakeOneUser) {
  auto stores = OpenMany(kThreads);
  for (int round = 0; round < 10; ++round) {
    std::atomic<int> created{0};
    std::atomic<int> clashes{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        if (stores[t] == nullptr) return;
        User user;
        // Same address, different case per thread.
        user.email = t % 2 == 0 ? "Reader" : "READER";
        user.email += std::to_string(round);
        user.email += "@example.org";
        user.created_at = kT0;
        auto id = stores[t]->CreateUser(user);
        if (id.ok()) ++created;
        if (id.status().code() == StatusCode::kAlreadyExists) ++clashes;
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(clashes.load(), kThreads - 1);
  }
}

// SqliteStore keeps the caller's transaction after a refused write; so must
// PostgreSQL, where a raised error would abort it.
TEST_F(PostgresReaderConcurrencyTest, RefusedWritesKeepTheCallersTransaction) {
  const UserId a = NewUser("a@example.org");
  Source source;
  source.location = "https://news.example/rss";
  source.added_at = kT0;
  source.next_fetch = kT0;
  ASSERT_TRUE(store_->AddSource(source).ok());

  ASSERT_TRUE(store_->Begin().ok());
  User clash;
  clash.email = "A@example.org";
  clash.created_at = kT0;
  EXPECT_EQ(store_->CreateUser(clash).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->AddSource(source).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->PutSession({"s", a + 99, "c", kT0, kT0 + 10}).code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(store_->PutSession({"s", a, "c", kT0, kT0 + 10}).ok());
  EXPECT_EQ(store_->PutSession({"s", a, "c", kT0, kT0 + 10}).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->Save(a, 12345, kT0).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->RecordRead(a, 12345, kT0).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->SetOperator(a + 99, true).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->RecordItem(9999, "k", std::nullopt, kT0, 3).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(store_->Enqueue(Message(1)).ok());
  EXPECT_EQ(store_->Enqueue(Message(1)).status().code(),
            StatusCode::kAlreadyExists);
  User update = *store_->GetUser(a);
  const UserId b = NewUser("b@example.org");
  update.email = "B@example.org";
  EXPECT_EQ(store_->UpdateUser(update).code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(store_->Commit().ok());

  EXPECT_TRUE(store_->GetSession("s", kT0).ok());
  EXPECT_TRUE(store_->GetUser(b).ok());
  auto counts = store_->CountOutbox();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 1);
}

}  // namespace
}  // namespace khabar::store
