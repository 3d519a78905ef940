#include "store/source_store_test.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::store::testing {
namespace {

constexpr UnixSeconds kT0 = 1800000000;

#define ASSERT_OK(expr)                              \
  do {                                               \
    const Status _status = (expr);                   \
    ASSERT_TRUE(_status.ok()) << _status.ToString(); \
  } while (0)

}  // namespace

void SourceStoreTest::SetUp() {
  ReaderStoreTest::SetUp();
  if (HasFatalFailure() || IsSkipped()) return;
  sources_ = dynamic_cast<SourceStore*>(store_.get());
  ASSERT_NE(sources_, nullptr) << "backend does not implement SourceStore";
}

Source SourceStoreTest::NewSource(const std::string& location, UnixSeconds at) {
  Source source;
  source.location = location;
  source.added_at = at;
  source.next_fetch = at;
  auto id = sources().AddSource(source);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  source.id = id.ok() ? *id : 0;
  return source;
}

TEST_P(SourceStoreTest, AddGetListAndRemove) {
  Source feed = NewSource("https://news.example/rss.xml", kT0);
  Source folder;
  folder.kind = "folder";
  folder.location = "/srv/drop";
  folder.added_at = kT0;
  folder.next_fetch = kT0;
  folder.interval_s = 60;
  auto folder_id = sources().AddSource(folder);
  ASSERT_TRUE(folder_id.ok()) << folder_id.status().ToString();

  auto got = sources().GetSource(feed.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->location, "https://news.example/rss.xml");
  EXPECT_EQ(got->kind, "url");
  EXPECT_EQ(got->state, "active");
  EXPECT_EQ(got->interval_s, 900);
  EXPECT_FALSE(got->last_fetch.has_value());

  auto all = sources().ListSources();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].kind, "folder");
  EXPECT_EQ((*all)[1].interval_s, 60);

  ASSERT_OK(sources().RemoveSource(feed.id));
  EXPECT_EQ(sources().GetSource(feed.id).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(sources().RemoveSource(feed.id).code(), StatusCode::kNotFound);
}

TEST_P(SourceStoreTest, RefusesDuplicatesAndBadValues) {
  NewSource("https://news.example/rss.xml", kT0);
  Source again;
  again.location = "https://news.example/rss.xml";
  EXPECT_EQ(sources().AddSource(again).status().code(),
            StatusCode::kAlreadyExists);
  Source bad;
  bad.location = "";
  EXPECT_EQ(sources().AddSource(bad).status().code(),
            StatusCode::kInvalidArgument);
  bad.location = "x";
  bad.kind = "torrent";
  EXPECT_EQ(sources().AddSource(bad).status().code(),
            StatusCode::kInvalidArgument);
  bad.kind = "feed";
  bad.location = std::string("\xff\xfe", 2);
  EXPECT_EQ(sources().AddSource(bad).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(SourceStoreTest, UpdateWritesEveryPollField) {
  Source s = NewSource("https://news.example/", kT0);
  s.kind = "site";
  s.feed_url = "https://news.example/feed";
  s.title = "أخبار";
  s.format = "atom";
  s.etag = "\"v1\"";
  s.last_modified = "Thu, 26 Nov 2026 10:00:00 GMT";
  s.next_fetch = kT0 + 900;
  s.last_fetch = kT0;
  s.last_success = kT0;
  s.last_status = 200;
  s.last_error = "";
  s.failures = 0;
  s.articles = 12;
  s.bytes = 4096;
  ASSERT_OK(sources().UpdateSource(s));
  auto got = sources().GetSource(s.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->kind, "site");
  EXPECT_EQ(got->feed_url, "https://news.example/feed");
  EXPECT_EQ(got->title, "أخبار");
  EXPECT_EQ(got->format, "atom");
  EXPECT_EQ(got->etag, "\"v1\"");
  EXPECT_EQ(got->last_modified, "Thu, 26 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(got->next_fetch, kT0 + 900);
  EXPECT_EQ(got->last_fetch, kT0);
  EXPECT_EQ(got->last_status, 200);
  EXPECT_EQ(got->articles, 12);
  EXPECT_EQ(got->bytes, 4096);

  Source ghost = s;
  ghost.id = s.id + 100;
  EXPECT_EQ(sources().UpdateSource(ghost).code(), StatusCode::kNotFound);
}

TEST_P(SourceStoreTest, DueSourcesAreActiveAndSoonestFirst) {
  Source a = NewSource("https://a.example/", kT0 + 30);
  Source b = NewSource("https://b.example/", kT0 + 10);
  Source c = NewSource("https://c.example/", kT0);
  Source d = NewSource("https://d.example/", kT0 + 500);
  c.state = "paused";
  ASSERT_OK(sources().UpdateSource(c));

  auto due = sources().DueSources(kT0 + 60, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, b.id);
  EXPECT_EQ((*due)[1].id, a.id);
  EXPECT_EQ(sources().DueSources(kT0 + 60, 1)->size(), 1u);
  EXPECT_EQ(**sources().NextDue(), kT0 + 10);

  b.state = "gone";
  ASSERT_OK(sources().UpdateSource(b));
  a.state = "paused";
  ASSERT_OK(sources().UpdateSource(a));
  EXPECT_EQ(**sources().NextDue(), d.next_fetch);
  d.state = "paused";
  ASSERT_OK(sources().UpdateSource(d));
  EXPECT_FALSE(sources().NextDue()->has_value());
}

TEST_P(SourceStoreTest, ItemsAreDoneWhenStoredOrAfterMaxAttempts) {
  Source s = NewSource("https://news.example/rss", kT0);
  ArticleId article = NewArticle("خبر", kT0);
  EXPECT_FALSE(*sources().ItemDone(s.id, "guid-1"));

  ASSERT_OK(sources().RecordItem(s.id, "guid-1", article, kT0, 3));
  EXPECT_TRUE(*sources().ItemDone(s.id, "guid-1"));

  // A failing item is retried until its third attempt.
  ASSERT_OK(sources().RecordItem(s.id, "guid-2", std::nullopt, kT0, 3));
  EXPECT_FALSE(*sources().ItemDone(s.id, "guid-2"));
  ASSERT_OK(sources().RecordItem(s.id, "guid-2", std::nullopt, kT0, 3));
  EXPECT_FALSE(*sources().ItemDone(s.id, "guid-2"));
  ASSERT_OK(sources().RecordItem(s.id, "guid-2", std::nullopt, kT0, 3));
  EXPECT_TRUE(*sources().ItemDone(s.id, "guid-2"));

  // A failed attempt then a success: done, and counted as an article.
  ASSERT_OK(sources().RecordItem(s.id, "guid-3", std::nullopt, kT0, 3));
  ASSERT_OK(sources().RecordItem(s.id, "guid-3", article, kT0 + 5, 3));
  EXPECT_TRUE(*sources().ItemDone(s.id, "guid-3"));
  EXPECT_EQ(*sources().SourceArticlesSince(s.id, kT0), 2);
  EXPECT_EQ(*sources().SourceArticlesSince(s.id, kT0 + 1), 1);

  // Another source's keys are its own.
  Source other = NewSource("https://other.example/rss", kT0);
  EXPECT_FALSE(*sources().ItemDone(other.id, "guid-1"));
  EXPECT_EQ(sources().RecordItem(s.id + 99, "k", article, kT0, 3).code(),
            StatusCode::kNotFound);

  // Removing the source forgets its items.
  ASSERT_OK(sources().RemoveSource(s.id));
  Source back = NewSource("https://news.example/rss", kT0);
  EXPECT_FALSE(*sources().ItemDone(back.id, "guid-1"));
}

TEST_P(SourceStoreTest, OperatorsAreFlaggedReadersAndLeaveWithTheirAccount) {
  UserId user = NewUser("editor@example.org");
  EXPECT_FALSE(*readers().IsOperator(user));
  ASSERT_OK(readers().SetOperator(user, true));
  ASSERT_OK(readers().SetOperator(user, true));  // idempotent
  EXPECT_TRUE(*readers().IsOperator(user));
  ASSERT_OK(readers().SetOperator(user, false));
  EXPECT_FALSE(*readers().IsOperator(user));
  ASSERT_OK(readers().SetOperator(user, true));
  ASSERT_OK(readers().DeleteUser(user));
  EXPECT_FALSE(*readers().IsOperator(user));
  EXPECT_EQ(readers().SetOperator(user + 50, true).code(),
            StatusCode::kNotFound);
}

}  // namespace khabar::store::testing
