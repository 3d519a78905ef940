#include "service/for_you.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "service/library.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar::service {
namespace {

constexpr UnixSeconds kNow = 1'800'000'000;
constexpr int64_t kHour = 3600;

constexpr char kRaqqa[] = "الرقة";
constexpr char kErdogan[] = "أردوغان";
constexpr char kTopReason[] = "من أبرز الأخبار";

// An article to put, described by chained setters.
struct Spec {
  Spec& Source(std::string v) {
    source = std::move(v);
    return *this;
  }
  Spec& Title(std::string v) {
    title = std::move(v);
    return *this;
  }
  Spec& Ago(int64_t hours) {
    hours_ago = hours;
    return *this;
  }
  Spec& Topic(std::string v) {
    topic = std::move(v);
    return *this;
  }
  Spec& Entities(std::vector<std::string> v) {
    entities = std::move(v);
    return *this;
  }
  Spec& Story(store::StoryId v) {
    story = v;
    return *this;
  }

  std::string source = "bbc";
  std::string title;
  int64_t hours_ago = 1;
  std::string topic = "world";
  std::vector<std::string> entities;  // LOC/PERS keys (name = key)
  store::StoryId story = 0;           // join this story; 0 = a new one
};

class ForYouTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.path = ":memory:";
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    db_ = std::move(*opened);
    for_you_ = std::make_unique<ForYou>(articles(), readers());
    reader_ = NewUser("reader@example.com");
    other_ = NewUser("other@example.com");
  }

  store::ArticleStore& articles() { return *db_; }
  store::ReaderStore& readers() { return *db_; }

  store::UserId NewUser(const std::string& email) {
    store::User user;
    user.email = email;
    user.password_hash = "x";
    user.display_name = email;
    user.created_at = kNow - 100 * 24 * kHour;
    Result<store::UserId> id = readers().CreateUser(user);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  store::PutResult Put(const Spec& spec) {
    store::Article a;
    a.source = spec.source;
    a.title = spec.title;
    a.url = "https://example.com/" + std::to_string(++serial_);
    a.paragraphs = {"نص الخبر " + spec.title};
    a.published_at = kNow - spec.hours_ago * kHour;
    a.ingested_at = kNow;
    a.content_hash = "hash-" + std::to_string(serial_);
    a.analysis.topic = spec.topic;
    for (const std::string& key : spec.entities) {
      a.analysis.entities.push_back(
          {key == kErdogan ? "PERS" : "LOC", key, key, 3, 0});
    }
    a.story_id = spec.story;
    Result<store::PutResult> put = articles().Put(a);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
    return put.ok() ? *put : store::PutResult{};
  }
  store::ArticleId PutId(const Spec& spec) { return Put(spec).id; }

  void Follow(store::UserId user, const std::string& kind,
              const std::string& target, const std::string& label,
              bool muted = false) {
    store::Follow f;
    f.kind = kind;
    f.target = target;
    f.label = label;
    f.muted = muted;
    f.at = kNow - 48 * kHour;
    ASSERT_TRUE(readers().PutFollow(user, f).ok());
  }

  std::vector<ForYouItem> Build(store::UserId user,
                                const ForYouOptions& options = {}) {
    Result<std::vector<ForYouItem>> items =
        for_you_->Build(user, kNow, options);
    EXPECT_TRUE(items.ok()) << items.status().ToString();
    return items.ok() ? *items : std::vector<ForYouItem>{};
  }

  static std::vector<store::ArticleId> Ids(
      const std::vector<ForYouItem>& items) {
    std::vector<store::ArticleId> ids;
    for (const ForYouItem& item : items) ids.push_back(item.article);
    return ids;
  }
  static bool Contains(const std::vector<ForYouItem>& items,
                       store::ArticleId id) {
    return std::any_of(items.begin(), items.end(),
                       [&](const ForYouItem& i) { return i.article == id; });
  }
  static int IndexOf(const std::vector<ForYouItem>& items,
                     store::ArticleId id) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].article == id) return static_cast<int>(i);
    }
    return -1;
  }

  std::unique_ptr<store::SqliteStore> db_;
  std::unique_ptr<ForYou> for_you_;
  store::UserId reader_ = 0;
  store::UserId other_ = 0;
  int serial_ = 0;
};

TEST_F(ForYouTest, FollowedEntityBeatsFresherUnfollowedArticle) {
  const store::ArticleId followed =
      PutId(Spec().Title("raqqa").Ago(10).Entities({kRaqqa}));
  const store::ArticleId fresher =
      PutId(Spec().Source("cnn").Title("fresh").Ago(1));
  Follow(reader_, "entity", kRaqqa, kRaqqa);

  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].article, followed);
  EXPECT_EQ(items[0].reason_kind, "entity");
  EXPECT_EQ(items[0].reason_target, kRaqqa);
  EXPECT_EQ(items[0].reason, std::string("لأنك تتابع ") + kRaqqa);
  // The fresher article is still there, as a top story, below.
  ASSERT_GT(IndexOf(items, fresher), 0);
  EXPECT_EQ(items[IndexOf(items, fresher)].reason, kTopReason);
}

TEST_F(ForYouTest, MutedSourceNeverAppearsEvenWhenAFollowMatches) {
  const store::ArticleId muted =
      PutId(Spec().Source("spam").Title("a").Ago(1).Entities({kRaqqa}));
  const store::ArticleId kept =
      PutId(Spec().Source("bbc").Title("b").Ago(5).Entities({kRaqqa}));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  Follow(reader_, "source", "spam", "spam", /*muted=*/true);
  const std::vector<ForYouItem> items = Build(reader_);
  EXPECT_FALSE(Contains(items, muted));
  EXPECT_TRUE(Contains(items, kept));
}

TEST_F(ForYouTest, MutedTopicNeverAppears) {
  const store::ArticleId sport =
      PutId(Spec().Title("match").Ago(1).Topic("sport").Entities({kRaqqa}));
  const store::ArticleId world =
      PutId(Spec().Title("war").Ago(3).Entities({kRaqqa}));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  Follow(reader_, "topic", "sport", "رياضة", /*muted=*/true);
  const std::vector<ForYouItem> items = Build(reader_);
  EXPECT_FALSE(Contains(items, sport));
  EXPECT_TRUE(Contains(items, world));
}

TEST_F(ForYouTest, OneArticlePerStoryKeepsTheBest) {
  const store::PutResult first =
      Put(Spec().Title("first").Ago(20).Entities({kRaqqa}));
  const store::ArticleId second = PutId(
      Spec().Source("cnn").Title("second").Ago(2).Entities({kRaqqa}).Story(
          first.story_id));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  const std::vector<ForYouItem> items = Build(reader_);
  EXPECT_FALSE(Contains(items, first.id));
  ASSERT_TRUE(Contains(items, second));
  EXPECT_EQ(items.size(), 1u);
}

TEST_F(ForYouTest, ReasonsNameTheFollowOfEachKind) {
  const store::PutResult story = Put(Spec().Title("story").Ago(2));
  const store::ArticleId sport =
      PutId(Spec().Source("cnn").Title("goal").Ago(2).Topic("sport"));
  const store::ArticleId f24 =
      PutId(Spec().Source("france24").Title("f24").Ago(2).Topic("economy"));
  Follow(reader_, "story", std::to_string(story.story_id), "قصة الرقة");
  Follow(reader_, "topic", "sport", "");  // label filled from the taxonomy
  Follow(reader_, "source", "france24", "فرانس 24");

  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_EQ(items.size(), 3u);
  for (const ForYouItem& item : items) {
    if (item.article == story.id) {
      EXPECT_EQ(item.reason_kind, "story");
      EXPECT_EQ(item.reason, "لأنك تتابع قصة الرقة");
    } else if (item.article == sport) {
      EXPECT_EQ(item.reason_kind, "topic");
      EXPECT_EQ(item.reason_label, "رياضة");
      EXPECT_EQ(item.reason, "لأنك تتابع رياضة");
    } else {
      EXPECT_EQ(item.article, f24);
      EXPECT_EQ(item.reason_kind, "source");
      EXPECT_EQ(item.reason, "لأنك تتابع فرانس 24");
    }
  }
}

TEST_F(ForYouTest, RepeatedSourceIsPushedDown) {
  std::vector<store::ArticleId> bbc;
  for (int h = 1; h <= 4; ++h) {
    bbc.push_back(PutId(Spec()
                            .Source("bbc")
                            .Title("bbc" + std::to_string(h))
                            .Ago(h)
                            .Entities({kRaqqa})));
  }
  const store::ArticleId cnn =
      PutId(Spec().Source("cnn").Title("cnn").Ago(6).Entities({kRaqqa}));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].article, bbc[0]);
  // Older than three bbc items, yet second: bbc's second pick is discounted.
  EXPECT_EQ(items[1].article, cnn);
  EXPECT_GT(items[0].score, items[1].score);
}

TEST_F(ForYouTest, ReadArticlesSink) {
  const store::ArticleId read =
      PutId(Spec().Title("read").Ago(1).Entities({kRaqqa}));
  const store::ArticleId unread =
      PutId(Spec().Source("cnn").Title("unread").Ago(30).Entities({kRaqqa}));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  ASSERT_TRUE(readers().RecordRead(reader_, read, kNow - kHour / 2).ok());
  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].article, unread);
  EXPECT_EQ(items[1].article, read);
}

TEST_F(ForYouTest, ColdStartGivesTopStoriesWithReason) {
  PutId(Spec().Title("a").Ago(1));
  PutId(Spec().Source("cnn").Title("b").Ago(3).Topic("sport"));
  PutId(Spec().Source("france24").Title("c").Ago(5));
  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_EQ(items.size(), 3u);
  for (const ForYouItem& item : items) {
    EXPECT_EQ(item.reason_kind, "top");
    EXPECT_EQ(item.reason, kTopReason);
  }
}

TEST_F(ForYouTest, EmptyStoreGivesAnEmptyFeed) {
  EXPECT_TRUE(Build(reader_).empty());
}

TEST_F(ForYouTest, SavedArticleGivesImplicitInterest) {
  const store::ArticleId saved =
      PutId(Spec().Title("saved").Ago(40).Entities({kErdogan}));
  const store::ArticleId related =
      PutId(Spec().Source("cnn").Title("related").Ago(6).Entities({kErdogan}));
  const store::ArticleId unrelated =
      PutId(Spec().Source("france24").Title("other").Ago(1));
  ASSERT_TRUE(readers().Save(reader_, saved, kNow - 30 * kHour).ok());

  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(items[0].article, related);
  EXPECT_EQ(items[0].reason_kind, "interest");
  EXPECT_EQ(items[0].reason_target, kErdogan);
  EXPECT_EQ(items[0].reason, std::string("لأنك قرأت عن ") + kErdogan);
  EXPECT_TRUE(Contains(items, unrelated));
  // The saved article itself counts as seen.
  EXPECT_GT(IndexOf(items, saved), IndexOf(items, unrelated));
}

TEST_F(ForYouTest, ReadArticlesGiveImplicitInterest) {
  std::vector<store::ArticleId> read;
  for (int i = 0; i < 3; ++i) {
    read.push_back(PutId(Spec()
                             .Title("read" + std::to_string(i))
                             .Ago(50 + i)
                             .Entities({kErdogan})));
  }
  const store::ArticleId related =
      PutId(Spec().Source("cnn").Title("related").Ago(6).Entities({kErdogan}));
  const store::ArticleId unrelated =
      PutId(Spec().Source("france24").Title("other").Ago(1));
  for (store::ArticleId id : read) {
    ASSERT_TRUE(readers().RecordRead(reader_, id, kNow - 20 * kHour).ok());
  }
  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].article, related);
  EXPECT_EQ(items[0].reason, std::string("لأنك قرأت عن ") + kErdogan);
  EXPECT_LT(IndexOf(items, related), IndexOf(items, unrelated));
}

TEST_F(ForYouTest, AnotherReadersFollowsAndMutesNeverLeak) {
  const store::ArticleId raqqa =
      PutId(Spec().Source("cnn").Title("raqqa").Ago(20).Entities({kRaqqa}));
  const store::ArticleId bbc = PutId(Spec().Source("bbc").Title("fresh"));
  const store::ArticleId saved =
      PutId(Spec().Source("cnn").Title("saved").Ago(30).Entities({kErdogan}));
  Follow(other_, "entity", kRaqqa, kRaqqa);
  Follow(other_, "source", "bbc", "bbc", /*muted=*/true);
  ASSERT_TRUE(readers().Save(other_, saved, kNow - kHour).ok());

  const std::vector<ForYouItem> items = Build(reader_);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].article, bbc);
  for (const ForYouItem& item : items) EXPECT_EQ(item.reason_kind, "top");

  const std::vector<ForYouItem> theirs = Build(other_);
  ASSERT_FALSE(theirs.empty());
  EXPECT_EQ(theirs[0].article, raqqa);
  EXPECT_EQ(theirs[0].reason_kind, "entity");
  EXPECT_FALSE(Contains(theirs, bbc));
}

TEST_F(ForYouTest, ArticleStoredAfterABuildAppearsInTheNextOne) {
  const store::ArticleId first =
      PutId(Spec().Title("first").Ago(5).Entities({kRaqqa}));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  EXPECT_EQ(Ids(Build(reader_)), std::vector<store::ArticleId>{first});
  // The same ForYou: its cached entity listing must not hide the new one.
  const store::ArticleId second =
      PutId(Spec().Source("cnn").Title("second").Ago(1).Entities({kRaqqa}));
  EXPECT_EQ(Ids(Build(reader_)),
            (std::vector<store::ArticleId>{second, first}));
}

TEST_F(ForYouTest, AFreshForYouRanksLikeAReusedOne) {
  for (int h = 1; h <= 8; ++h) {
    PutId(Spec()
              .Source(h % 2 ? "bbc" : "cnn")
              .Title("t" + std::to_string(h))
              .Ago(h * 3)
              .Entities({h % 3 ? kRaqqa : kErdogan}));
  }
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  ASSERT_TRUE(readers().RecordRead(reader_, 3, kNow - kHour).ok());
  const std::vector<store::ArticleId> warm = Ids(Build(reader_));
  EXPECT_EQ(Ids(Build(reader_)), warm);
  ForYou fresh(articles(), readers());
  Result<std::vector<ForYouItem>> cold = fresh.Build(reader_, kNow);
  ASSERT_TRUE(cold.ok());
  EXPECT_EQ(Ids(*cold), warm);
}

TEST_F(ForYouTest, SinceAndWindowBoundTheCandidates) {
  const store::ArticleId old =
      PutId(Spec().Title("old").Ago(30).Entities({kRaqqa}));
  const store::ArticleId recent =
      PutId(Spec().Source("cnn").Title("recent").Ago(2).Entities({kRaqqa}));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  ForYouOptions options;
  options.since = kNow - 24 * kHour;
  EXPECT_EQ(Ids(Build(reader_, options)),
            std::vector<store::ArticleId>{recent});
  options = {};
  options.window_seconds = 10 * kHour;
  EXPECT_FALSE(Contains(Build(reader_, options), old));
}

TEST_F(ForYouTest, LimitCutsTheFeed) {
  for (int h = 1; h <= 6; ++h) {
    PutId(Spec()
              .Source("s" + std::to_string(h))
              .Title(std::to_string(h))
              .Ago(h)
              .Entities({kRaqqa}));
  }
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  ForYouOptions options;
  options.limit = 4;
  EXPECT_EQ(Build(reader_, options).size(), 4u);
}

TEST_F(ForYouTest, BadOptionsAreInvalidArgument) {
  ForYouOptions options;
  options.limit = -1;
  EXPECT_EQ(for_you_->Build(reader_, kNow, options).status().code(),
            StatusCode::kInvalidArgument);
  options = {};
  options.half_life_hours = 0;
  EXPECT_EQ(for_you_->Build(reader_, kNow, options).status().code(),
            StatusCode::kInvalidArgument);
  options = {};
  options.window_seconds = 0;
  EXPECT_EQ(for_you_->Build(reader_, kNow, options).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ForYouTest, FollowOfAnUnknownEntityOrStoryIsNoError) {
  const store::ArticleId a = PutId(Spec().Title("a").Ago(1));
  Follow(reader_, "entity", "غير موجود", "غير موجود");
  Follow(reader_, "story", "999999", "قصة");
  Follow(reader_, "story", "not-a-number", "قصة");
  EXPECT_EQ(Ids(Build(reader_)), std::vector<store::ArticleId>{a});
}

TEST_F(ForYouTest, SuggestionsArePopularEntitiesAndTopicsNotFollowed) {
  for (int i = 0; i < 3; ++i) {
    PutId(Spec()
              .Title("r" + std::to_string(i))
              .Ago(2 + i)
              .Entities({kRaqqa, kErdogan}));
  }
  PutId(Spec().Title("e").Ago(3).Topic("sport").Entities({kErdogan}));
  PutId(Spec().Title("stale").Ago(24 * 30).Topic("economy"));
  Follow(reader_, "entity", kRaqqa, kRaqqa);
  Follow(reader_, "topic", "world", "العالم");

  Result<std::vector<FollowSuggestion>> got =
      for_you_->Suggestions(reader_, kNow, 10);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::vector<std::string> seen;
  for (const FollowSuggestion& s : *got) {
    seen.push_back(s.follow.kind + ":" + s.follow.target + "=" +
                   std::to_string(s.articles));
  }
  // Followed رقة and world are left out; economy has nothing this week.
  EXPECT_EQ(seen,
            (std::vector<std::string>{std::string("entity:") + kErdogan + "=4",
                                      "topic:sport=1"}));
  EXPECT_EQ((*got)[0].follow.label, kErdogan);
  EXPECT_EQ((*got)[0].follow.detail, "PERS");
  EXPECT_EQ((*got)[1].follow.label, "رياضة");
}

TEST(ForYouSearchTest, SavedSearchFollowFindsMatchingArticles) {
  LibraryOptions options;
  options.in_memory = true;
  auto library = Library::Open(options);
  ASSERT_TRUE(library.ok()) << library.status().ToString();
  store::ArticleStore& articles = (*library)->store();
  store::ReaderStore& readers = (*library)->readers();
  auto put = [&](const std::string& title, const std::string& body,
                 const std::string& hash) {
    store::Article a;
    a.source = "bbc";
    a.title = title;
    a.paragraphs = {body};
    a.published_at = kNow - 2 * kHour;
    a.ingested_at = kNow;
    a.content_hash = hash;
    Result<store::PutResult> put = articles.Put(a);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
    return put.ok() ? put->id : 0;
  };
  const store::ArticleId match =
      put("سد النهضة", "مفاوضات جديدة حول سد النهضة في أديس أبابا", "h1");
  put("مباراة القمة", "فاز الفريق في مباراة القمة أمس", "h2");
  store::User user;
  user.email = "reader@example.com";
  user.password_hash = "x";
  Result<store::UserId> id = readers.CreateUser(user);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  store::Follow follow;
  follow.kind = "search";
  follow.target = "سد النهضة";
  follow.label = "سد النهضة";
  ASSERT_TRUE(readers.PutFollow(*id, follow).ok());

  ForYou for_you(articles, readers, &(*library)->searcher());
  Result<std::vector<ForYouItem>> items = for_you.Build(*id, kNow);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_FALSE(items->empty());
  EXPECT_EQ((*items)[0].article, match);
  EXPECT_EQ((*items)[0].reason_kind, "search");
  EXPECT_EQ((*items)[0].reason, "لأنك تتابع سد النهضة");
  // Without a searcher the saved search is skipped, not an error.
  ForYou without(articles, readers);
  Result<std::vector<ForYouItem>> plain = without.Build(*id, kNow);
  ASSERT_TRUE(plain.ok());
  for (const ForYouItem& item : *plain) EXPECT_EQ(item.reason_kind, "top");
}

}  // namespace
}  // namespace khabar::service
