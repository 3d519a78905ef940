#include "store/store_test.h"

#include <gtest/gtest.h>

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
    if (!emit(term, static_cast<uint32_t>(begin), static_cast<uint32_t>(i))) {
      return;
    }
  }
}

void ArticleStoreTest::SetUp() {
  location_ = GetParam().new_location();
  auto opened = GetParam().open(location_, &tokenizer_, false);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
}

void ArticleStoreTest::TearDown() {
  store_.reset();
  GetParam().destroy(location_);
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

}  // namespace khabar::store::testing
