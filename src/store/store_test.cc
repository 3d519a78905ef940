#include "store/store_test.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "base/hash.h"

namespace khabar::store::testing {
namespace {

bool IsSeparator(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '"':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

// Shorthand: the value of an OK result, failing the test with its status.
template <typename T>
T ValueOrDie(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) throw std::runtime_error(result.status().ToString());
  return std::move(result).value();
}

std::string Marked(std::string_view word) {
  return std::string(kHighlightOpen) + std::string(word) + kHighlightClose;
}

}  // namespace

void WhitespaceTokenizer::Tokenize(std::string_view text, bool /*is_query*/,
                                   const EmitTerm& emit) const {
  std::string term;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSeparator(text[i])) ++i;
    const size_t begin = i;
    while (i < text.size() && !IsSeparator(text[i])) ++i;
    if (begin == i) break;
    term.assign(text.substr(begin, i - begin));
    for (char& c : term) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (term == kFaultWord) throw std::runtime_error("injected fault");
    if (revision_ >= 1 && term.size() > 3 && term.back() == 's') {
      term.pop_back();
    }
    if (!emit(term, static_cast<uint32_t>(begin), static_cast<uint32_t>(i))) {
      return;
    }
  }
}

void ArticleStoreTest::SetUp() {
  KHABAR_SKIP_IF_UNAVAILABLE(GetParam());
  location_ = GetParam().new_location();
  auto opened = GetParam().open(location_, &tokenizer_, false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
}

void ArticleStoreTest::TearDown() {
  store_.reset();
  if (!location_.empty()) GetParam().destroy(location_);
}

Result<std::unique_ptr<ArticleStore>> ArticleStoreTest::Reopen(
    const IndexTokenizer* tokenizer, bool read_only) {
  store_.reset();
  return GetParam().open(location_, tokenizer, read_only);
}

Article ArticleStoreTest::MakeArticle(std::string title, std::string body,
                                      std::string url) {
  Article article;
  article.title = std::move(title);
  article.paragraphs.push_back(std::move(body));
  article.url = std::move(url);
  article.source = "Test Wire";
  article.ingested_at = 1476696600;
  article.content_hash =
      HashToHex(StableHash64(article.title + "\n" + article.paragraphs[0]));
  return article;
}

TEST_P(ArticleStoreTest, ReopenKeepsDataAndSchema) {
  const ArticleId id =
      ValueOrDie(store().Put(MakeArticle("Raqqa offensive", "Forces advance")))
          .id;
  auto reopened = Reopen(&tokenizer_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(reopened).value();
  EXPECT_EQ(ValueOrDie(store().Count()), 1);
  EXPECT_EQ(ValueOrDie(store().Get(id)).title, "Raqqa offensive");
}

TEST_P(ArticleStoreTest, PutGetRoundTripsEveryField) {
  Article article;
  article.url = "https://example.com/ar/2016/10/17/raqqa";
  article.source = "بي بي سي";
  article.title = "كارتر: معركة الرقة ستبدأ خلال الأسابيع المقبلة";
  article.paragraphs = {"قال وزير الدفاع الأمريكي إن العملية ستبدأ قريبا.",
                        "وأضاف أن الحلف الأطلسي يدعم القوات المحلية."};
  article.published_at = 1476696600;
  article.ingested_at = 1476700000;
  article.author = "مراسل";
  article.lang = "ar";
  article.abstract = "ملخص قصير";
  article.label = "الشرق الأوسط";
  article.content_hash = "00112233aabbccdd";

  const PutResult put = ValueOrDie(store().Put(article));
  EXPECT_TRUE(put.inserted);
  const Article got = ValueOrDie(store().Get(put.id));
  EXPECT_EQ(got.id, put.id);
  EXPECT_EQ(got.url, article.url);
  EXPECT_EQ(got.source, article.source);
  EXPECT_EQ(got.title, article.title);
  EXPECT_EQ(got.paragraphs, article.paragraphs);
  EXPECT_EQ(got.published_at, article.published_at);
  EXPECT_EQ(got.ingested_at, article.ingested_at);
  EXPECT_EQ(got.author, article.author);
  EXPECT_EQ(got.lang, article.lang);
  EXPECT_EQ(got.abstract, article.abstract);
  EXPECT_EQ(got.label, article.label);
  EXPECT_EQ(got.content_hash, article.content_hash);
}

TEST_P(ArticleStoreTest, KeepsParagraphsInOrderIncludingEmptyOnes) {
  Article article = MakeArticle("t", "first");
  article.paragraphs = {"first", "", "third"};
  const ArticleId id = ValueOrDie(store().Put(article)).id;
  EXPECT_EQ(ValueOrDie(store().Get(id)).paragraphs, article.paragraphs);
}

TEST_P(ArticleStoreTest, MissingPublishedAtStaysMissing) {
  const ArticleId id = ValueOrDie(store().Put(MakeArticle("t", "b"))).id;
  EXPECT_FALSE(ValueOrDie(store().Get(id)).published_at.has_value());
}

TEST_P(ArticleStoreTest, GetOfMissingIdIsNotFound) {
  auto got = store().Get(12345);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
}

TEST_P(ArticleStoreTest, SameContentHashReturnsExistingId) {
  const Article article = MakeArticle("Title", "Body");
  const PutResult first = ValueOrDie(store().Put(article));
  Article again = article;
  again.url = "https://other.example/copy";
  const PutResult second = ValueOrDie(store().Put(again));
  EXPECT_TRUE(first.inserted);
  EXPECT_FALSE(second.inserted);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(ValueOrDie(store().Count()), 1);
}

TEST_P(ArticleStoreTest, SameUrlReturnsExistingId) {
  const PutResult first = ValueOrDie(
      store().Put(MakeArticle("Title", "Body", "https://example.com/a")));
  const PutResult second = ValueOrDie(store().Put(
      MakeArticle("Title, corrected", "Body", "https://example.com/a")));
  EXPECT_FALSE(second.inserted);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(ValueOrDie(store().Get(first.id)).title, "Title");
}

TEST_P(ArticleStoreTest, EmptyUrlsAreNotDuplicates) {
  const PutResult a = ValueOrDie(store().Put(MakeArticle("One", "Body one")));
  const PutResult b = ValueOrDie(store().Put(MakeArticle("Two", "Body two")));
  EXPECT_TRUE(b.inserted);
  EXPECT_NE(a.id, b.id);
}

TEST_P(ArticleStoreTest, CountCountsStoredArticles) {
  EXPECT_EQ(ValueOrDie(store().Count()), 0);
  ValueOrDie(store().Put(MakeArticle("One", "a")));
  ValueOrDie(store().Put(MakeArticle("Two", "b")));
  EXPECT_EQ(ValueOrDie(store().Count()), 2);
}

TEST_P(ArticleStoreTest, PutWithoutContentHashIsInvalidArgument) {
  Article article = MakeArticle("t", "b");
  article.content_hash.clear();
  auto put = store().Put(article);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kInvalidArgument);
}

TEST_P(ArticleStoreTest, PutOfInvalidUtf8IsInvalidArgument) {
  auto put = store().Put(MakeArticle("bad \xC3\x28 title", "b"));
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kInvalidArgument);
}

TEST_P(ArticleStoreTest, FailedPutInsideTransactionKeepsEarlierPuts) {
  ASSERT_TRUE(store().Begin().ok());
  const ArticleId kept =
      ValueOrDie(store().Put(MakeArticle("Kept", "first article"))).id;
  auto failed = store().Put(
      MakeArticle("Broken", "the tokenizer fails on " +
                                std::string(WhitespaceTokenizer::kFaultWord)));
  EXPECT_FALSE(failed.ok());
  const ArticleId after =
      ValueOrDie(store().Put(MakeArticle("After", "third article"))).id;
  ASSERT_TRUE(store().Commit().ok());

  EXPECT_EQ(ValueOrDie(store().Count()), 2);
  EXPECT_EQ(ValueOrDie(store().Get(kept)).title, "Kept");
  EXPECT_EQ(ValueOrDie(store().Get(after)).title, "After");
  EXPECT_EQ(ValueOrDie(store().Search({.match = "broken"})).total, 0);
  EXPECT_EQ(ValueOrDie(store().Search({.match = "article"})).total, 2);
}

TEST_P(ArticleStoreTest, RollbackDiscardsTransaction) {
  ASSERT_TRUE(store().Begin().ok());
  ValueOrDie(store().Put(MakeArticle("Gone", "never committed")));
  store().Rollback();
  EXPECT_EQ(ValueOrDie(store().Count()), 0);
  EXPECT_EQ(ValueOrDie(store().Search({.match = "gone"})).total, 0);
}

TEST_P(ArticleStoreTest, NestedBeginIsAnError) {
  ASSERT_TRUE(store().Begin().ok());
  EXPECT_FALSE(store().Begin().ok());
  store().Rollback();
}

TEST_P(ArticleStoreTest, CommitWithoutBeginIsAnError) {
  EXPECT_FALSE(store().Commit().ok());
}

TEST_P(ArticleStoreTest, SearchRanksTitleMatchesAboveBodyMatches) {
  const ArticleId body_hit =
      ValueOrDie(store().Put(MakeArticle(
                     "Markets today",
                     "Oil prices rose while Raqqa stayed quiet today")))
          .id;
  const ArticleId title_hit =
      ValueOrDie(
          store().Put(MakeArticle("Raqqa offensive begins",
                                  "Forces moved at dawn on the city today")))
          .id;
  const SearchPage page = ValueOrDie(store().Search({.match = "raqqa"}));
  ASSERT_EQ(page.total, 2);
  ASSERT_EQ(page.hits.size(), 2u);
  EXPECT_EQ(page.hits[0].id, title_hit);
  EXPECT_EQ(page.hits[1].id, body_hit);
  EXPECT_GT(page.hits[0].score, page.hits[1].score);
  EXPECT_EQ(page.hits[0].title, "Raqqa offensive begins");
}

TEST_P(ArticleStoreTest, SnippetMarksOriginalSurfaceText) {
  ValueOrDie(store().Put(MakeArticle(
      "News", "Officials in RAQQA said the Coalition would stay.")));
  const SearchPage page = ValueOrDie(store().Search({.match = "raqqa"}));
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_NE(page.hits[0].snippet.find(Marked("RAQQA")), std::string::npos)
      << "snippet should wrap the stored spelling, not the term: "
      << page.hits[0].snippet;
}

TEST_P(ArticleStoreTest, SnippetKeepsArabicTextIntact) {
  ValueOrDie(store().Put(
      MakeArticle("خبر", "قالت المصادر إن الرقة تشهد معارك عنيفة منذ أسابيع")));
  const SearchPage page = ValueOrDie(store().Search({.match = "\"الرقة\""}));
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_NE(page.hits[0].snippet.find(Marked("الرقة")), std::string::npos)
      << page.hits[0].snippet;
}

TEST_P(ArticleStoreTest, SearchPagesWithLimitAndOffset) {
  for (int i = 0; i < 5; ++i) {
    ValueOrDie(store().Put(
        MakeArticle("Item " + std::to_string(i), "common word here")));
  }
  const SearchPage page =
      ValueOrDie(store().Search({.match = "common", .limit = 2, .offset = 4}));
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.hits.size(), 1u);
}

TEST_P(ArticleStoreTest, SearchWithoutMatchesIsEmpty) {
  ValueOrDie(store().Put(MakeArticle("One", "alpha")));
  const SearchPage page = ValueOrDie(store().Search({.match = "omega"}));
  EXPECT_EQ(page.total, 0);
  EXPECT_TRUE(page.hits.empty());
  EXPECT_FALSE(page.relaxed);
}

TEST_P(ArticleStoreTest, MalformedQueryIsInvalidArgument) {
  ValueOrDie(store().Put(MakeArticle("One", "alpha")));
  for (const char* match : {"alpha AND", "\"unterminated", "(alpha", "NEAR("}) {
    auto page = store().Search({.match = match});
    ASSERT_FALSE(page.ok()) << match;
    EXPECT_EQ(page.status().code(), StatusCode::kInvalidArgument)
        << match << ": " << page.status().ToString();
  }
}

TEST_P(ArticleStoreTest, OutOfRangeLimitIsInvalidArgument) {
  EXPECT_EQ(store().Search({.match = "a", .limit = -1}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store().Search({.match = "a", .offset = -1}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store()
                .Search({.match = "a", .limit = kMaxSearchLimit + 1})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_P(ArticleStoreTest, BooleanQueriesUseTheTokenizer) {
  const ArticleId both =
      ValueOrDie(store().Put(MakeArticle("Raqqa", "Mosul and Raqqa"))).id;
  ValueOrDie(store().Put(MakeArticle("Mosul", "Mosul only")));
  const SearchPage page =
      ValueOrDie(store().Search({.match = "\"MOSUL\" AND \"raqqa\""}));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.hits[0].id, both);
}

TEST_P(ArticleStoreTest, TokenizerMismatchOnReopenIsRefused) {
  ValueOrDie(store().Put(MakeArticle("One", "alpha")));
  const WhitespaceTokenizer other("other_tokenizer");
  auto reopened = Reopen(&other);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(reopened.status().message().find("test_whitespace"),
            std::string::npos)
      << "the error should name the index's tokenizer: "
      << reopened.status().message();
}

// A new revision of the analyzer (a stemmer fix) changes the terms of text
// already indexed: a read-write open rebuilds the index with it, a
// read-only open refuses to search an index whose terms it would not match.
TEST_P(ArticleStoreTest, NewTokenizerRevisionRebuildsTheIndex) {
  ValueOrDie(store().Put(MakeArticle("Pets", "cats and dogs")));
  EXPECT_EQ(ValueOrDie(store().Search({.match = "cat"})).total, 0);
  const WhitespaceTokenizer revised("test_whitespace", 1);

  auto read_only = Reopen(&revised, /*read_only=*/true);
  ASSERT_FALSE(read_only.ok());
  EXPECT_EQ(read_only.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(read_only.status().message().find("revision"), std::string::npos)
      << read_only.status().message();

  auto reopened = Reopen(&revised);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(reopened).value();
  EXPECT_EQ(ValueOrDie(store().Search({.match = "cat"})).total, 1);
  EXPECT_EQ(ValueOrDie(store().Search({.match = "cats"})).total, 1);
  ValueOrDie(store().Put(MakeArticle("More", "two birds")));
  EXPECT_EQ(ValueOrDie(store().Search({.match = "bird"})).total, 1);

  // The rebuilt index is recorded: a read-only open of it now works, and
  // the first revision is refused in turn.
  auto again = Reopen(&revised, /*read_only=*/true);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  store_ = std::move(again).value();
  EXPECT_EQ(ValueOrDie(store().Search({.match = "dog"})).total, 1);
  EXPECT_FALSE(Reopen(&tokenizer_, /*read_only=*/true).ok());
}

TEST_P(ArticleStoreTest, ReadOnlyOpenOfMissingDatabaseFails) {
  const std::string missing = GetParam().new_location();
  auto opened = GetParam().open(missing, &tokenizer_, /*read_only=*/true);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound)
      << opened.status().ToString();
  GetParam().destroy(missing);
}

TEST_P(ArticleStoreTest, ReadOnlyStoreSearchesButRefusesWrites) {
  ValueOrDie(store().Put(MakeArticle("One", "alpha")));
  auto reopened = Reopen(&tokenizer_, /*read_only=*/true);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(reopened).value();
  EXPECT_EQ(ValueOrDie(store().Search({.match = "alpha"})).total, 1);
  auto put = store().Put(MakeArticle("Two", "beta"));
  EXPECT_FALSE(put.ok());
}

TEST_P(ArticleStoreTest, LatestListsNewestFirst) {
  Article old_article = MakeArticle("Old", "a");
  old_article.published_at = 1000;
  Article undated = MakeArticle("Undated", "b");
  undated.ingested_at = 2000;
  Article fresh = MakeArticle("Fresh", "c");
  fresh.published_at = 3000;
  for (const Article& a : {old_article, undated, fresh}) {
    ValueOrDie(store().Put(a));
  }
  const std::vector<Article> latest = ValueOrDie(store().Latest(2));
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].title, "Fresh");
  EXPECT_EQ(latest[1].title, "Undated");
}

Article ArticleStoreTest::AnalyzedArticle(const std::string& title,
                                          const std::string& body) {
  Article a = MakeArticle(title, body);
  a.analysis.topic = "middle_east";
  a.analysis.topic_confidence = 0.75;
  a.analysis.keywords = {"raqqa", "offensive"};
  a.analysis.summary = {"First sentence.", "Second sentence."};
  a.analysis.entities = {{"PERS", "Ashton Carter", "ashton carter", 3, 10},
                         {"LOC", "Raqqa", "raqqa", 2, 40}};
  a.analysis.quotes = {{"Ashton Carter", "ashton carter", "it will start soon",
                        "said", 55}};
  a.analysis.dates = {{"yesterday", "2016-10-25", 70}};
  a.analysis.signature = std::string("\x00\x01\xff sig", 7);
  return a;
}

TEST_P(ArticleStoreTest, AnalysisRoundTrips) {
  const PutResult put =
      ValueOrDie(store().Put(AnalyzedArticle("Raqqa", "carter raqqa")));
  const Article got = ValueOrDie(store().Get(put.id));
  const Analysis& a = got.analysis;
  EXPECT_EQ(a.topic, "middle_east");
  EXPECT_DOUBLE_EQ(a.topic_confidence, 0.75);
  EXPECT_EQ(a.keywords, (std::vector<std::string>{"raqqa", "offensive"}));
  EXPECT_EQ(a.summary.size(), 2u);
  ASSERT_EQ(a.entities.size(), 2u);
  EXPECT_EQ(a.entities[0].name, "Ashton Carter");  // most mentioned first
  EXPECT_EQ(a.entities[0].count, 3);
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker_key, "ashton carter");
  EXPECT_EQ(a.quotes[0].cue, "said");
  ASSERT_EQ(a.dates.size(), 1u);
  EXPECT_EQ(a.dates[0].value, "2016-10-25");
  EXPECT_EQ(a.signature, std::string("\x00\x01\xff sig", 7));
}

TEST_P(ArticleStoreTest, ArticlesJoinTheStoryTheyAreGiven) {
  const PutResult first = ValueOrDie(store().Put(MakeArticle("One", "alpha")));
  EXPECT_GT(first.story_id, 0);
  Article second = MakeArticle("Two", "beta");
  second.story_id = first.story_id;
  const PutResult joined = ValueOrDie(store().Put(second));
  EXPECT_EQ(joined.story_id, first.story_id);
  const PutResult third = ValueOrDie(store().Put(MakeArticle("Three", "gamma")));
  EXPECT_NE(third.story_id, first.story_id);
  EXPECT_EQ(ValueOrDie(store().Get(joined.id)).story_id, first.story_id);
  // A duplicate reports the story of the article it duplicates.
  EXPECT_EQ(ValueOrDie(store().Put(MakeArticle("Two", "beta"))).story_id,
            first.story_id);
}

TEST_P(ArticleStoreTest, JoiningAMissingStoryFailsAndWritesNothing) {
  Article a = MakeArticle("One", "alpha");
  a.story_id = 424242;
  auto put = store().Put(a);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ValueOrDie(store().Count()), 0);
}

TEST_P(ArticleStoreTest, EntitiesAreSharedAcrossArticlesByKey) {
  ValueOrDie(store().Put(AnalyzedArticle("One", "alpha raqqa")));
  ValueOrDie(store().Put(AnalyzedArticle("Two", "beta raqqa")));
  ValueOrDie(store().Put(MakeArticle("Three", "gamma raqqa")));
  FtsQuery q{.match = "raqqa"};
  q.filters.entities = {{"LOC", "raqqa"}};
  EXPECT_EQ(ValueOrDie(store().Search(q)).total, 2);
}

TEST_P(ArticleStoreTest, FiltersNarrowSearchByTopicSourceAndDate) {
  Article a = AnalyzedArticle("One", "alpha shared");
  a.source = "BBC";
  a.published_at = 1000;
  Article b = MakeArticle("Two", "beta shared");
  b.source = "CNN";
  b.published_at = 5000;
  ValueOrDie(store().Put(a));
  ValueOrDie(store().Put(b));
  FtsQuery q{.match = "shared"};
  q.filters.topic = "middle_east";
  EXPECT_EQ(ValueOrDie(store().Search(q)).total, 1);
  q.filters = {};
  q.filters.source = "CNN";
  EXPECT_EQ(ValueOrDie(store().Search(q)).hits.at(0).title, "Two");
  q.filters = {};
  q.filters.from = 2000;
  EXPECT_EQ(ValueOrDie(store().Search(q)).total, 1);
  q.filters.to = 4000;
  EXPECT_EQ(ValueOrDie(store().Search(q)).total, 0);
}

TEST_P(ArticleStoreTest, FiltersWithoutWordsListNewestFirst) {
  Article a = AnalyzedArticle("Old", "alpha");
  a.published_at = 1000;
  Article b = AnalyzedArticle("New", "beta");
  b.published_at = 2000;
  ValueOrDie(store().Put(a));
  ValueOrDie(store().Put(b));
  FtsQuery q;
  q.filters.entities = {{"PERS", "ashton carter"}};
  const SearchPage page = ValueOrDie(store().Search(q));
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.hits[0].title, "New");
  EXPECT_EQ(page.hits[0].snippet, "beta");
}

// --- Reading side ----------------------------------------------------------

Article ArticleStoreTest::Mentioning(
    const std::string& title, UnixSeconds at,
    const std::vector<std::pair<std::string, std::string>>& entities) {
  Article a = MakeArticle(title, "body of " + title);
  a.published_at = at;
  for (const auto& [type, key] : entities) {
    a.analysis.entities.push_back({type, type + " " + key, key, 1, 0});
  }
  return a;
}

namespace {

// 2016-10-17T00:00:00Z.
constexpr UnixSeconds kDay17 = 1476662400;
constexpr UnixSeconds kSecondsPerDay = 86400;

std::vector<std::string> Keys(const std::vector<EntitySummary>& entities) {
  std::vector<std::string> keys;
  for (const EntitySummary& e : entities) keys.push_back(e.type + ":" + e.key);
  return keys;
}

std::vector<int64_t> Counts(const std::vector<EntitySummary>& entities) {
  std::vector<int64_t> counts;
  for (const EntitySummary& e : entities) counts.push_back(e.articles);
  return counts;
}

template <typename T>
StatusCode CodeOf(const Result<T>& result) {
  return result.ok() ? StatusCode::kOk : result.status().code();
}

}  // namespace

TEST_P(ArticleStoreTest, RecentStoriesListsNewestLastSeenFirst) {
  Article a1 = Mentioning("A begins", 1000);
  a1.source = "BBC";
  const PutResult first = ValueOrDie(store().Put(a1));
  const StoryId old_story =
      ValueOrDie(store().Put(Mentioning("Old news", 100))).story_id;
  const StoryId b = ValueOrDie(store().Put(Mentioning("B", 3000))).story_id;
  Article a2 = Mentioning("A continues", 5000);
  a2.source = "CNN";
  a2.story_id = first.story_id;
  ValueOrDie(store().Put(a2));

  const std::vector<StorySummary> stories =
      ValueOrDie(store().RecentStories(500, 10));
  ASSERT_EQ(stories.size(), 2u) << "the story last seen at 100 is too old";
  EXPECT_EQ(stories[0].id, first.story_id);
  EXPECT_EQ(stories[1].id, b);
  EXPECT_NE(stories[1].id, old_story);
  const StorySummary& a = stories[0];
  EXPECT_EQ(a.title, "A begins");
  EXPECT_EQ(a.first_seen, 1000);
  EXPECT_EQ(a.last_seen, 5000);
  EXPECT_EQ(a.articles, 2);
  EXPECT_EQ(a.sources, 2);
  EXPECT_EQ(a.lead, first.id);
  EXPECT_EQ(stories[1].articles, 1);
  EXPECT_EQ(stories[1].sources, 1);

  EXPECT_EQ(ValueOrDie(store().RecentStories(0, 10)).size(), 3u);
  EXPECT_EQ(ValueOrDie(store().RecentStories(5000, 10)).size(), 1u)
      << "since is inclusive";
  EXPECT_EQ(ValueOrDie(store().RecentStories(5001, 10)).size(), 0u);
  const std::vector<StorySummary> one = ValueOrDie(store().RecentStories(0, 1));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].id, first.story_id);
  EXPECT_TRUE(ValueOrDie(store().RecentStories(0, 0)).empty());
}

TEST_P(ArticleStoreTest, StoryLeadIsItsEarliestArticleNotItsFirstPut) {
  const PutResult later = ValueOrDie(store().Put(Mentioning("Later", 5000)));
  Article earlier = Mentioning("Earlier", 1000);
  earlier.story_id = later.story_id;
  const PutResult earlier_put = ValueOrDie(store().Put(earlier));
  const StorySummary story = ValueOrDie(store().GetStory(later.story_id));
  EXPECT_EQ(story.id, later.story_id);
  EXPECT_EQ(story.lead, earlier_put.id);
  EXPECT_EQ(story.title, "Earlier");
  EXPECT_EQ(story.first_seen, 1000);
  EXPECT_EQ(story.last_seen, 5000);
  EXPECT_EQ(story.articles, 2);
  EXPECT_EQ(story.sources, 1) << "both come from Test Wire";
}

TEST_P(ArticleStoreTest, StoryTimeFallsBackToIngestedAt) {
  Article undated = MakeArticle("Undated", "no date given");
  undated.ingested_at = 7000;
  const StoryId id = ValueOrDie(store().Put(undated)).story_id;
  const StorySummary story = ValueOrDie(store().GetStory(id));
  EXPECT_EQ(story.first_seen, 7000);
  EXPECT_EQ(story.last_seen, 7000);
}

TEST_P(ArticleStoreTest, StoryArticlesListsOldestFirstTiesById) {
  const PutResult a = ValueOrDie(store().Put(Mentioning("A", 2000)));
  Article b = MakeArticle("B", "undated, ingested earliest");
  b.ingested_at = 1000;
  b.story_id = a.story_id;
  const ArticleId b_id = ValueOrDie(store().Put(b)).id;
  Article c = Mentioning("C", 2000);
  c.story_id = a.story_id;
  const ArticleId c_id = ValueOrDie(store().Put(c)).id;
  ValueOrDie(store().Put(Mentioning("Other story", 1500)));

  EXPECT_EQ(ValueOrDie(store().StoryArticles(a.story_id, 10)),
            (std::vector<ArticleId>{b_id, a.id, c_id}));
  EXPECT_EQ(ValueOrDie(store().StoryArticles(a.story_id, 2)),
            (std::vector<ArticleId>{b_id, a.id}));
  EXPECT_TRUE(ValueOrDie(store().StoryArticles(a.story_id, 0)).empty())
      << "a zero limit on a known story is an empty page, not NotFound";
}

TEST_P(ArticleStoreTest, UnknownStoryIsNotFound) {
  const StoryId known = ValueOrDie(store().Put(Mentioning("A", 1))).story_id;
  EXPECT_EQ(CodeOf(store().GetStory(known + 100)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().StoryArticles(known + 100, 10)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().StoryArticles(known + 100, 0)),
            StatusCode::kNotFound);
}

TEST_P(ArticleStoreTest, GetEntityPicksTheTypeMentionedByMostArticles) {
  ValueOrDie(store().Put(Mentioning("1", 1, {{"PERS", "jordan"}})));
  ValueOrDie(store().Put(Mentioning("2", 2, {{"LOC", "jordan"}})));
  ValueOrDie(store().Put(Mentioning("3", 3, {{"LOC", "jordan"}})));
  ValueOrDie(store().Put(Mentioning("4", 4, {{"LOC", "jordan river"}})));
  const EntitySummary e = ValueOrDie(store().GetEntity("jordan"));
  EXPECT_EQ(e.type, "LOC");
  EXPECT_EQ(e.key, "jordan");
  EXPECT_EQ(e.name, "LOC jordan");
  EXPECT_EQ(e.articles, 2) << "exact key: 'jordan river' is another entity";
}

TEST_P(ArticleStoreTest, UnknownEntityKeyIsNotFound) {
  ValueOrDie(store().Put(Mentioning("1", 1, {{"PERS", "carter"}})));
  EXPECT_EQ(CodeOf(store().GetEntity("cart")), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().GetEntity("Carter")), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().EntityArticles("obama", 10, 0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().EntityArticles("obama", 0, 0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().EntityQuotes("obama", 10, 0)),
            StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().CoEntities("obama", 10)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().EntityMentionsPerDay("obama", 0, kDay17)),
            StatusCode::kNotFound);
}

TEST_P(ArticleStoreTest, EntityArticlesListsNewestFirstWithTotal) {
  std::vector<ArticleId> ids;  // oldest first
  for (int i = 1; i <= 5; ++i) {
    ids.push_back(ValueOrDie(store().Put(Mentioning(
                                 "Carter " + std::to_string(i), i * 1000,
                                 {{"PERS", "carter"}, {"LOC", "raqqa"}})))
                      .id);
  }
  ValueOrDie(store().Put(Mentioning("Unrelated", 9000, {{"LOC", "raqqa"}})));

  auto [first, total] = ValueOrDie(store().EntityArticles("carter", 2, 0));
  EXPECT_EQ(total, 5);
  EXPECT_EQ(first, (std::vector<ArticleId>{ids[4], ids[3]}));
  auto [middle, total2] = ValueOrDie(store().EntityArticles("carter", 2, 2));
  EXPECT_EQ(total2, 5);
  EXPECT_EQ(middle, (std::vector<ArticleId>{ids[2], ids[1]}));
  auto [last, total3] = ValueOrDie(store().EntityArticles("carter", 2, 4));
  EXPECT_EQ(last, (std::vector<ArticleId>{ids[0]}));
  auto [past_end, total4] = ValueOrDie(store().EntityArticles("carter", 2, 9));
  EXPECT_TRUE(past_end.empty());
  EXPECT_EQ(total4, 5) << "the total does not depend on the page";
  auto [none, total5] = ValueOrDie(store().EntityArticles("carter", 0, 0));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(total5, 5);
}

// Pages of every size must tile the full listing, whether the entity is in
// most articles or in few (backends may plan the two differently), and
// equal times must be ordered by newest id.
TEST_P(ArticleStoreTest, EntityArticlePagesTileTheFullListing) {
  std::vector<ArticleId> common;
  std::vector<ArticleId> rare;
  for (int i = 0; i < 30; ++i) {
    std::vector<std::pair<std::string, std::string>> entities = {
        {"LOC", "common"}};
    if (i % 7 == 0) entities.push_back({"PERS", "rare"});
    const UnixSeconds at = 1000 + (i / 3) * 10;  // three articles per time
    const ArticleId id = ValueOrDie(store().Put(Mentioning(
                                        "A" + std::to_string(i), at, entities)))
                             .id;
    common.push_back(id);
    if (i % 7 == 0) rare.push_back(id);
  }
  for (std::vector<ArticleId>* ids : {&common, &rare}) {
    std::reverse(ids->begin(), ids->end());  // newest first, ties newest id
  }
  for (const auto& [key, expected] :
       {std::pair<std::string, std::vector<ArticleId>>{"common", common},
        {"rare", rare}}) {
    auto [all, total] = ValueOrDie(store().EntityArticles(key, 1000, 0));
    EXPECT_EQ(all, expected) << key;
    EXPECT_EQ(total, static_cast<int64_t>(expected.size()));
    for (int size : {1, 2, 4, 7}) {
      std::vector<ArticleId> tiled;
      for (int offset = 0; offset < total; offset += size) {
        auto page = ValueOrDie(store().EntityArticles(key, size, offset));
        tiled.insert(tiled.end(), page.first.begin(), page.first.end());
      }
      EXPECT_EQ(tiled, expected) << key << " in pages of " << size;
    }
  }
}

TEST_P(ArticleStoreTest, EntityArticlesCountsAnArticleOnceAcrossTypes) {
  const ArticleId both =
      ValueOrDie(store().Put(Mentioning(
                     "Both", 2000, {{"PERS", "jordan"}, {"LOC", "jordan"}})))
          .id;
  const ArticleId loc =
      ValueOrDie(store().Put(Mentioning("Loc", 1000, {{"LOC", "jordan"}}))).id;
  auto [ids, total] = ValueOrDie(store().EntityArticles("jordan", 10, 0));
  EXPECT_EQ(total, 2);
  EXPECT_EQ(ids, (std::vector<ArticleId>{both, loc}));
  const std::vector<DayCount> days =
      ValueOrDie(store().EntityMentionsPerDay("jordan", 0, 3000));
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].count, 2);
}

TEST_P(ArticleStoreTest, EntityQuotesListsNewestArticleFirst) {
  Article old_article = Mentioning("Old", 1000, {{"PERS", "carter"}});
  old_article.analysis.quotes = {
      {"Ashton Carter", "carter", "we will stay", "said", 30}};
  const ArticleId old_id = ValueOrDie(store().Put(old_article)).id;
  Article fresh = Mentioning("Fresh", 3000, {{"PERS", "carter"}});
  fresh.analysis.quotes = {
      {"Carter", "carter", "second in text", "added", 50},
      {"Carter", "carter", "first in text", "said", 10},
      {"Obama", "", "not carter", "said", 80},
  };
  const ArticleId fresh_id = ValueOrDie(store().Put(fresh)).id;
  Article newest = Mentioning("Newest", 9000, {{"PERS", "carter"}});
  newest.analysis.quotes = {{"Someone", "", "anonymous", "said", 5}};
  ValueOrDie(store().Put(newest));

  const std::vector<QuoteHit> hits =
      ValueOrDie(store().EntityQuotes("carter", 10, 0));
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].article, fresh_id);
  EXPECT_EQ(hits[0].at, 3000);
  EXPECT_EQ(hits[0].quote.text, "first in text");
  EXPECT_EQ(hits[0].quote.offset, 10u);
  EXPECT_EQ(hits[0].quote.speaker, "Carter");
  EXPECT_EQ(hits[0].quote.speaker_key, "carter");
  EXPECT_EQ(hits[0].quote.cue, "said");
  EXPECT_EQ(hits[1].quote.text, "second in text");
  EXPECT_EQ(hits[2].article, old_id);
  EXPECT_EQ(hits[2].at, 1000);
  EXPECT_EQ(hits[2].quote.speaker, "Ashton Carter");

  const std::vector<QuoteHit> page =
      ValueOrDie(store().EntityQuotes("carter", 1, 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].quote.text, "second in text");
  EXPECT_TRUE(ValueOrDie(store().EntityQuotes("carter", 10, 3)).empty());
  EXPECT_TRUE(ValueOrDie(store().EntityQuotes("carter", 0, 0)).empty());
}

TEST_P(ArticleStoreTest, EntityWithoutQuotesHasAnEmptyList) {
  ValueOrDie(store().Put(Mentioning("A", 1, {{"LOC", "raqqa"}})));
  EXPECT_TRUE(ValueOrDie(store().EntityQuotes("raqqa", 10, 0)).empty());
}

TEST_P(ArticleStoreTest, CoEntitiesRankBySharedArticles) {
  ValueOrDie(store().Put(Mentioning(
      "1", 1, {{"PERS", "carter"}, {"LOC", "raqqa"}, {"PERS", "obama"}})));
  ValueOrDie(store().Put(Mentioning(
      "2", 2, {{"PERS", "carter"}, {"LOC", "raqqa"}, {"PERS", "obama"}})));
  ValueOrDie(store().Put(Mentioning(
      "3", 3, {{"PERS", "carter"}, {"LOC", "raqqa"}, {"LOC", "mosul"}})));
  // Mentions without carter do not count.
  for (int i = 4; i < 8; ++i) {
    ValueOrDie(store().Put(
        Mentioning(std::to_string(i), i, {{"LOC", "mosul"}, {"ORG", "nato"}})));
  }
  const std::vector<EntitySummary> co =
      ValueOrDie(store().CoEntities("carter", 10));
  EXPECT_EQ(Keys(co),
            (std::vector<std::string>{"LOC:raqqa", "PERS:obama", "LOC:mosul"}));
  EXPECT_EQ(Counts(co), (std::vector<int64_t>{3, 2, 1}));
  ASSERT_FALSE(co.empty());
  EXPECT_EQ(co[0].name, "LOC raqqa");
  EXPECT_EQ(Keys(ValueOrDie(store().CoEntities("carter", 2))),
            (std::vector<std::string>{"LOC:raqqa", "PERS:obama"}));
  EXPECT_TRUE(ValueOrDie(store().CoEntities("carter", 0)).empty());
  const std::vector<EntitySummary> of_nato =
      ValueOrDie(store().CoEntities("nato", 10));
  EXPECT_EQ(Keys(of_nato), (std::vector<std::string>{"LOC:mosul"}));
  EXPECT_EQ(Counts(of_nato), (std::vector<int64_t>{4}));
}

TEST_P(ArticleStoreTest, EntityMentionsPerDayGroupsUtcDaysInRange) {
  const std::vector<std::pair<std::string, std::string>> carter = {
      {"PERS", "carter"}};
  ValueOrDie(store().Put(Mentioning("before", kDay17 - 1, carter)));
  ValueOrDie(store().Put(Mentioning("midnight", kDay17, carter)));
  ValueOrDie(store().Put(
      Mentioning("last second", kDay17 + kSecondsPerDay - 1, carter)));
  ValueOrDie(
      store().Put(Mentioning("next day", kDay17 + kSecondsPerDay, carter)));
  ValueOrDie(store().Put(
      Mentioning("at the end", kDay17 + 3 * kSecondsPerDay, carter)));
  const std::vector<DayCount> days = ValueOrDie(store().EntityMentionsPerDay(
      "carter", kDay17, kDay17 + 3 * kSecondsPerDay));
  ASSERT_EQ(days.size(), 2u) << "empty days are omitted; `to` is exclusive";
  EXPECT_EQ(days[0].day, "2016-10-17");
  EXPECT_EQ(days[0].count, 2);
  EXPECT_EQ(days[1].day, "2016-10-18");
  EXPECT_EQ(days[1].count, 1);
  EXPECT_TRUE(ValueOrDie(store().EntityMentionsPerDay("carter", kDay17, kDay17))
                  .empty());
}

// Many articles in the range but few mentions: the count must not include
// the articles that do not mention the entity.
TEST_P(ArticleStoreTest, EntityMentionsPerDayIgnoresOtherArticles) {
  for (int i = 0; i < 12; ++i) {
    ValueOrDie(store().Put(Mentioning("other " + std::to_string(i),
                                      kDay17 + i * 3600, {{"LOC", "raqqa"}})));
  }
  ValueOrDie(store().Put(
      Mentioning("carter", kDay17 + 5 * 3600 + 1, {{"PERS", "carter"}})));
  ValueOrDie(store().Put(Mentioning(
      "carter next day", kDay17 + kSecondsPerDay + 1, {{"PERS", "carter"}})));
  const std::vector<DayCount> days = ValueOrDie(
      store().EntityMentionsPerDay("carter", 0, kDay17 + 10 * kSecondsPerDay));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, "2016-10-17");
  EXPECT_EQ(days[0].count, 1);
  EXPECT_EQ(days[1].day, "2016-10-18");
  EXPECT_EQ(days[1].count, 1);
  const std::vector<DayCount> raqqa = ValueOrDie(
      store().EntityMentionsPerDay("raqqa", kDay17, kDay17 + 6 * 3600));
  ASSERT_EQ(raqqa.size(), 1u);
  EXPECT_EQ(raqqa[0].count, 6);
}

TEST_P(ArticleStoreTest, TopEntitiesCountArticlesSinceAndFilterByType) {
  ValueOrDie(store().Put(
      Mentioning("1", 1000, {{"LOC", "raqqa"}, {"PERS", "carter"}})));
  ValueOrDie(store().Put(Mentioning("2", 2000, {{"LOC", "raqqa"}})));
  ValueOrDie(store().Put(Mentioning(
      "3", 3000, {{"LOC", "raqqa"}, {"PERS", "carter"}, {"PERS", "obama"}})));

  const std::vector<EntitySummary> all =
      ValueOrDie(store().TopEntities("", 0, 10, 0));
  EXPECT_EQ(Keys(all), (std::vector<std::string>{"LOC:raqqa", "PERS:carter",
                                                 "PERS:obama"}));
  EXPECT_EQ(Counts(all), (std::vector<int64_t>{3, 2, 1}));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].name, "LOC raqqa");

  const std::vector<EntitySummary> people =
      ValueOrDie(store().TopEntities("PERS", 0, 10, 0));
  EXPECT_EQ(Keys(people),
            (std::vector<std::string>{"PERS:carter", "PERS:obama"}));

  const std::vector<EntitySummary> recent =
      ValueOrDie(store().TopEntities("", 1500, 10, 0));
  EXPECT_EQ(Keys(recent), (std::vector<std::string>{"LOC:raqqa", "PERS:carter",
                                                    "PERS:obama"}));
  EXPECT_EQ(Counts(recent), (std::vector<int64_t>{2, 1, 1}));
  EXPECT_EQ(Counts(ValueOrDie(store().TopEntities("PERS", 3000, 10, 0))),
            (std::vector<int64_t>{1, 1}));
  EXPECT_TRUE(ValueOrDie(store().TopEntities("", 3001, 10, 0)).empty());
  EXPECT_TRUE(ValueOrDie(store().TopEntities("ORG", 0, 10, 0)).empty());

  EXPECT_EQ(Keys(ValueOrDie(store().TopEntities("", 0, 1, 1))),
            (std::vector<std::string>{"PERS:carter"}));
  EXPECT_EQ(Keys(ValueOrDie(store().TopEntities("", 1500, 2, 1))),
            (std::vector<std::string>{"PERS:carter", "PERS:obama"}));
  EXPECT_TRUE(ValueOrDie(store().TopEntities("", 0, 10, 3)).empty());
  EXPECT_TRUE(ValueOrDie(store().TopEntities("", 0, 0, 0)).empty());
}

TEST_P(ArticleStoreTest, TopicsCountMostFirstAndSkipUnclassified) {
  for (const char* topic :
       {"politics", "sports", "politics", "", "politics", "sports", ""}) {
    Article a = MakeArticle(std::string("t ") + topic,
                            "b" + std::to_string(ValueOrDie(store().Count())));
    a.analysis.topic = topic;
    ValueOrDie(store().Put(a));
  }
  const std::vector<Facet> topics = ValueOrDie(store().Topics());
  ASSERT_EQ(topics.size(), 2u);
  EXPECT_EQ(topics[0].value, "politics");
  EXPECT_EQ(topics[0].count, 3);
  EXPECT_EQ(topics[1].value, "sports");
  EXPECT_EQ(topics[1].count, 2);
}

TEST_P(ArticleStoreTest, SourcesCountArticlesMostFirst) {
  for (const char* source : {"CNN", "BBC", "BBC", "BBC", "CNN", "Reuters"}) {
    Article a =
        MakeArticle(source, "b" + std::to_string(ValueOrDie(store().Count())));
    a.source = source;
    ValueOrDie(store().Put(a));
  }
  const std::vector<Facet> sources = ValueOrDie(store().Sources());
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].value, "BBC");
  EXPECT_EQ(sources[0].count, 3);
  EXPECT_EQ(sources[1].value, "CNN");
  EXPECT_EQ(sources[1].count, 2);
  EXPECT_EQ(sources[2].value, "Reuters");
  EXPECT_EQ(sources[2].count, 1);
  EXPECT_NE(sources[0].id, 0);
  EXPECT_NE(sources[0].id, sources[1].id);
  EXPECT_NE(sources[1].id, sources[2].id);
  EXPECT_NE(sources[0].id, sources[2].id);
}

TEST_P(ArticleStoreTest, NewestTimeIsTheLatestPublishedOrIngestedTime) {
  EXPECT_EQ(ValueOrDie(store().NewestTime()), std::nullopt);
  Article published = MakeArticle("Published", "a");
  published.published_at = 3000;
  published.ingested_at = 9000;  // published_at wins over ingested_at
  ValueOrDie(store().Put(published));
  EXPECT_EQ(ValueOrDie(store().NewestTime()), std::optional<UnixSeconds>(3000));
  Article undated = MakeArticle("Undated", "b");
  undated.ingested_at = 5000;
  ValueOrDie(store().Put(undated));
  EXPECT_EQ(ValueOrDie(store().NewestTime()), std::optional<UnixSeconds>(5000));
  ValueOrDie(store().Put(Mentioning("Older", 4000)));
  EXPECT_EQ(ValueOrDie(store().NewestTime()), std::optional<UnixSeconds>(5000));
}

TEST_P(ArticleStoreTest, ReadingAnEmptyStoreFindsNothing) {
  EXPECT_TRUE(ValueOrDie(store().RecentStories(0, 10)).empty());
  EXPECT_EQ(CodeOf(store().GetStory(1)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().StoryArticles(1, 10)), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().GetEntity("carter")), StatusCode::kNotFound);
  EXPECT_EQ(CodeOf(store().EntityArticles("carter", 10, 0)),
            StatusCode::kNotFound);
  EXPECT_TRUE(ValueOrDie(store().TopEntities("", 0, 10, 0)).empty());
  EXPECT_TRUE(ValueOrDie(store().TopEntities("PERS", 100, 10, 0)).empty());
  EXPECT_TRUE(ValueOrDie(store().Topics()).empty());
  EXPECT_TRUE(ValueOrDie(store().Sources()).empty());
  EXPECT_EQ(ValueOrDie(store().NewestTime()), std::nullopt);
  EXPECT_EQ(ValueOrDie(store().DataVersion()),
            ValueOrDie(store().DataVersion()));
}

TEST_P(ArticleStoreTest, ReadingLimitsOutOfRangeAreInvalidArgument) {
  ValueOrDie(store().Put(Mentioning("A", 1, {{"PERS", "carter"}})));
  const StoryId story = ValueOrDie(store().Put(Mentioning("B", 2))).story_id;
  for (int limit : {-1, kMaxSearchLimit + 1}) {
    SCOPED_TRACE(limit);
    EXPECT_EQ(CodeOf(store().RecentStories(0, limit)),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(CodeOf(store().StoryArticles(story, limit)),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(CodeOf(store().EntityArticles("carter", limit, 0)),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(CodeOf(store().EntityQuotes("carter", limit, 0)),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(CodeOf(store().CoEntities("carter", limit)),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(CodeOf(store().TopEntities("", 0, limit, 0)),
              StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(CodeOf(store().EntityArticles("carter", 10, -1)),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(store().EntityQuotes("carter", 10, -1)),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(store().TopEntities("", 0, 10, -1)),
            StatusCode::kInvalidArgument);
  // The bounds themselves are valid, and a bad limit wins over a bad key.
  EXPECT_TRUE(store().RecentStories(0, kMaxSearchLimit).ok());
  EXPECT_TRUE(store().EntityArticles("carter", kMaxSearchLimit, 0).ok());
  EXPECT_EQ(CodeOf(store().EntityArticles("nobody", -1, 0)),
            StatusCode::kInvalidArgument);
}

TEST_P(ArticleStoreTest, GetRowIsGetWithoutTheAnalysisLists) {
  Article a = Mentioning("Raqqa", 1000, {{"PERS", "carter"}});
  a.analysis.topic = "world";
  a.analysis.summary = {"Lead sentence."};
  a.analysis.quotes = {{"Carter", "carter", "We will start soon", "said", 0}};
  const ArticleId id = ValueOrDie(store().Put(a)).id;
  const Article full = ValueOrDie(store().Get(id));
  const Article row = ValueOrDie(store().GetRow(id));
  EXPECT_EQ(row.title, full.title);
  EXPECT_EQ(row.paragraphs, full.paragraphs);
  EXPECT_EQ(row.published_at, full.published_at);
  EXPECT_EQ(row.story_id, full.story_id);
  EXPECT_EQ(row.analysis.topic, "world");
  EXPECT_EQ(row.analysis.summary, full.analysis.summary);
  EXPECT_FALSE(full.analysis.entities.empty());
  EXPECT_FALSE(full.analysis.quotes.empty());
  EXPECT_TRUE(row.analysis.entities.empty());
  EXPECT_TRUE(row.analysis.quotes.empty());
  EXPECT_EQ(CodeOf(store().GetRow(id + 1000)), StatusCode::kNotFound);
}

TEST_P(ArticleStoreTest, IngestedSinceCountsTheNewestArticles) {
  EXPECT_EQ(ValueOrDie(store().IngestedSince(0)), 0);
  Article old = MakeArticle("Old", "alpha");
  old.ingested_at = 1000;
  ValueOrDie(store().Put(old));
  Article fresh = MakeArticle("Fresh", "beta");
  fresh.ingested_at = 5000;
  ValueOrDie(store().Put(fresh));
  Article fresher = MakeArticle("Fresher", "gamma");
  fresher.ingested_at = 6000;
  ValueOrDie(store().Put(fresher));
  EXPECT_EQ(ValueOrDie(store().IngestedSince(0)), 3);
  EXPECT_EQ(ValueOrDie(store().IngestedSince(5000)), 2);
  EXPECT_EQ(ValueOrDie(store().IngestedSince(5001)), 1);
  EXPECT_EQ(ValueOrDie(store().IngestedSince(7000)), 0);
}

TEST_P(ArticleStoreTest, DataVersionChangesWhenAnyConnectionAddsAnArticle) {
  const int64_t empty = ValueOrDie(store().DataVersion());
  EXPECT_EQ(ValueOrDie(store().DataVersion()), empty) << "stable when idle";
  ValueOrDie(store().Put(MakeArticle("One", "alpha")));
  const int64_t one = ValueOrDie(store().DataVersion());
  EXPECT_NE(one, empty);

  auto other = GetParam().open(location_, &tokenizer_, false);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(ValueOrDie((*other)->DataVersion()), one)
      << "connections to one database agree";
  ValueOrDie((*other)->Put(MakeArticle("Two", "beta")));
  const int64_t two = ValueOrDie(store().DataVersion());
  EXPECT_NE(two, one) << "a Put by another connection must be seen";
  EXPECT_NE(two, empty);
  EXPECT_EQ(ValueOrDie((*other)->DataVersion()), two);
  EXPECT_EQ(ValueOrDie(store().Count()), 2);
}

TEST_P(ArticleStoreTest, ReadingSideSeesArticlesOfAnotherConnection) {
  ValueOrDie(store().Put(Mentioning("A", 1000, {{"PERS", "carter"}})));
  auto other = GetParam().open(location_, &tokenizer_, false);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ValueOrDie((*other)->Put(Mentioning("B", 2000, {{"PERS", "carter"}})));
  EXPECT_EQ(ValueOrDie(store().EntityArticles("carter", 10, 0)).second, 2);
  EXPECT_EQ(ValueOrDie(store().GetEntity("carter")).articles, 2);
  EXPECT_EQ(ValueOrDie(store().NewestTime()), std::optional<UnixSeconds>(2000));
  EXPECT_EQ(ValueOrDie(store().RecentStories(0, 10)).size(), 2u);
}

TEST_P(ArticleStoreTest, ReadingWorksInsideATransaction) {
  ASSERT_TRUE(store().Begin().ok());
  ValueOrDie(store().Put(Mentioning("A", 1000, {{"PERS", "carter"}})));
  EXPECT_EQ(ValueOrDie(store().EntityArticles("carter", 10, 0)).second, 1);
  EXPECT_EQ(ValueOrDie(store().TopEntities("", 0, 10, 0)).size(), 1u);
  ASSERT_TRUE(store().Commit().ok()) << "reads must not end the transaction";
  EXPECT_EQ(ValueOrDie(store().Count()), 1);
}

}  // namespace khabar::store::testing
