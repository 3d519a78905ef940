// PostgreSQL-specific search: FTS5 expression → tsquery translation, the
// tsvector literal (quoting, positions, weights), FTS5-style snippets, and,
// on the test cluster, colocated Arabic forms, awkward terms and concurrent
// Puts of one article.
#include "store/postgres/postgres_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_test_util.h"
#include "store/postgres/postgres_store.h"
#include "store/store_test.h"

namespace khabar::store {
namespace {

using testing::WhitespaceTokenizer;

// Splits on spaces only (so ' and \ stay inside terms); a word starting
// with the Arabic article "ال" also yields its bare form, colocated, the
// way Khabar's analyzer gives several forms of one word.
class ColocatingTokenizer : public IndexTokenizer {
 public:
  std::string_view name() const override { return "test_colocating"; }
  void Tokenize(std::string_view text, bool is_query,
                const EmitTerm& emit) const override {
    TokenizePositioned(text, is_query,
                       [&](std::string_view term, uint32_t begin, uint32_t end,
                           bool) { return emit(term, begin, end); });
  }
  void TokenizePositioned(std::string_view text, bool /*is_query*/,
                          const EmitPositionedTerm& emit) const override {
    static constexpr std::string_view kArticle = "ال";
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
      const std::size_t begin = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
      if (begin == i) break;
      const std::string_view word = text.substr(begin, i - begin);
      const auto b = static_cast<uint32_t>(begin);
      const auto e = static_cast<uint32_t>(i);
      if (!emit(word, b, e, false)) return;
      if (word.size() > kArticle.size() && word.substr(0, 4) == kArticle) {
        if (!emit(word.substr(kArticle.size()), b, e, true)) return;
      }
    }
  }
};

std::string Translate(std::string_view match, const IndexTokenizer& tokenizer) {
  Result<pg::TsQuery> query = pg::TranslateMatch(match, tokenizer);
  EXPECT_TRUE(query.ok()) << match << ": " << query.status().ToString();
  return query.ok() ? query->text : std::string("<error>");
}

std::string Marked(std::string_view word) {
  std::string out = kHighlightOpen;
  out += word;
  out += kHighlightClose;
  return out;
}

// --- Translation (no server needed) ----------------------------------------

TEST(PostgresSearchTranslateTest, WordsAndPhrases) {
  const WhitespaceTokenizer t;
  EXPECT_EQ(Translate("raqqa", t), "'raqqa'");
  EXPECT_EQ(Translate("\"Raqqa\"", t), "'raqqa'");
  EXPECT_EQ(Translate("\"battle for raqqa\"", t),
            "('battle' <-> 'for' <-> 'raqqa')");
  EXPECT_EQ(Translate("alpha beta", t), "('alpha' & 'beta')");
}

TEST(PostgresSearchTranslateTest, OperatorsAndPrecedence) {
  const WhitespaceTokenizer t;
  EXPECT_EQ(Translate("\"a\" AND \"b\"", t), "('a' & 'b')");
  EXPECT_EQ(Translate("a OR b", t), "('a' | 'b')");
  // CompileQuery's shape: OR groups ANDed, exclusions last.
  EXPECT_EQ(Translate("(\"a\" OR \"b c\") AND \"d\" NOT \"e\"", t),
            "(('a' | ('b' <-> 'c')) & ('d' & !'e'))");
  // NOT binds tighter than AND, AND tighter than OR.
  EXPECT_EQ(Translate("a OR b AND c", t), "('a' | ('b' & 'c'))");
  EXPECT_EQ(Translate("a AND b NOT c", t), "('a' & ('b' & !'c'))");
  EXPECT_EQ(Translate("(a AND b) NOT c", t), "(('a' & 'b') & !'c')");
  EXPECT_EQ(Translate("a NOT b NOT c", t), "(('a' & !'b') & !'c')");
  // Keywords are upper case only; "near" without "(" is a word.
  EXPECT_EQ(Translate("a and NEAR", t), "(('a' & 'and') & 'near')");
}

TEST(PostgresSearchTranslateTest, ColocatedFormsAreAlternatives) {
  const ColocatingTokenizer t;
  EXPECT_EQ(Translate("\"الرقة\"", t), "('الرقة' | 'رقة')");
  EXPECT_EQ(Translate("\"معركة الرقة\"", t),
            "('معركة' <-> ('الرقة' | 'رقة'))");
  EXPECT_EQ(Translate("\"الموصل\" OR \"الرقة\"", t),
            "(('الموصل' | 'موصل') | ('الرقة' | 'رقة'))");
}

TEST(PostgresSearchTranslateTest, QuotesAndBackslashesInTermsAreEscaped) {
  const ColocatingTokenizer t;
  EXPECT_EQ(Translate("\"o'brien\"", t), "'o''brien'");
  EXPECT_EQ(Translate("\"a\\b\"", t), "'a\\\\b'");
  EXPECT_EQ(Translate("\"say \"\"hi\"\"\"", t), "('say' <-> '\"hi\"')");
}

TEST(PostgresSearchTranslateTest, NegatedPhrasesAreNotHighlighted) {
  const WhitespaceTokenizer t;
  Result<pg::TsQuery> q =
      pg::TranslateMatch("(\"a\" OR \"b c\") NOT \"d\"", t);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->phrases.size(), 2u);
  EXPECT_EQ(q->phrases[0], (pg::Phrase{{"a"}}));
  EXPECT_EQ(q->phrases[1], (pg::Phrase{{"b"}, {"c"}}));
}

TEST(PostgresSearchTranslateTest, PhraseWithoutTermsMatchesNothing) {
  const WhitespaceTokenizer t;
  EXPECT_EQ(Translate("\"...\"", t), "");
  EXPECT_EQ(Translate("\"...\" AND a", t), "");
  EXPECT_EQ(Translate("\"...\" OR a", t), "'a'");
  EXPECT_EQ(Translate("a NOT \"...\"", t), "'a'");
}

TEST(PostgresSearchTranslateTest, MalformedExpressionsAreInvalidArgument) {
  const WhitespaceTokenizer t;
  for (const char* match :
       {"", "alpha AND", "AND alpha", "\"unterminated", "(alpha", "alpha)",
        "NEAR(a b)", "NEAR (a b)", "alpha*", "^alpha", "a + b", "title:a",
        "{title}: a", "a OR OR b", "NOT a", "()", "a -b"}) {
    Result<pg::TsQuery> q = pg::TranslateMatch(match, t);
    ASSERT_FALSE(q.ok()) << match;
    EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument) << match;
  }
}

TEST(PostgresSearchTranslateTest, DeepNestingIsRefusedNotACrash) {
  const WhitespaceTokenizer t;
  const std::string deep = std::string(10000, '(') + "a" + std::string(10000, ')');
  EXPECT_EQ(pg::TranslateMatch(deep, t).status().code(),
            StatusCode::kInvalidArgument);
}

// --- tsvector literal -------------------------------------------------------

TEST(PostgresSearchTsVectorTest, WeightsPositionsAndGapBetweenTitleAndBody) {
  const WhitespaceTokenizer t;
  // Title "b a" at 1-2 (weight A), body from 4 (weight D, unwritten).
  EXPECT_EQ(pg::TsVectorLiteral(t, "B a", "a c a"),
            "'a':2A,4,6 'b':1A 'c':5");
}

TEST(PostgresSearchTsVectorTest, ColocatedTermsShareAPosition) {
  const ColocatingTokenizer t;
  EXPECT_EQ(pg::TsVectorLiteral(t, "", "معركة الرقة"),
            "'الرقة':3 'رقة':3 'معركة':2");
}

TEST(PostgresSearchTsVectorTest, QuotesAndBackslashesAreEscaped) {
  const ColocatingTokenizer t;
  EXPECT_EQ(pg::TsVectorLiteral(t, "o'brien", "a\\b"),
            "'a\\\\b':3 'o''brien':1A");
}

TEST(PostgresSearchTsVectorTest, PositionsAreCappedAndLexemesBounded) {
  const WhitespaceTokenizer t;
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "w ";
  body += "last";
  const std::string literal = pg::TsVectorLiteral(t, "", body);
  // 'last' sits past PostgreSQL's cap: clamped to 16383.
  EXPECT_NE(literal.find("'last':16383"), std::string::npos);
  // 'w' keeps at most 256 positions.
  const std::string w = literal.substr(literal.find("'w':"));
  EXPECT_EQ(std::count(w.begin(), w.end(), ','), 255);
  const std::string huge(5000, 'x');
  EXPECT_EQ(pg::TsVectorLiteral(t, "", huge + " y"), "'y':3");
}

// --- Snippets ---------------------------------------------------------------

TEST(PostgresSearchSnippetTest, MarksSurfaceTextAndKeepsShortBodiesWhole) {
  const WhitespaceTokenizer t;
  const std::vector<pg::Phrase> phrases = {{{"raqqa"}}};
  EXPECT_EQ(pg::Snippet("Officials in RAQQA said.", phrases, t, 24,
                        kHighlightOpen, kHighlightClose),
            "Officials in " + Marked("RAQQA") + " said.");
}

TEST(PostgresSearchSnippetTest, PhraseIsOneMarkedSpan) {
  const WhitespaceTokenizer t;
  const std::vector<pg::Phrase> phrases = {{{"battle"}, {"for"}}};
  EXPECT_EQ(pg::Snippet("The battle for Raqqa", phrases, t, 24, "[", "]"),
            "The [battle for] Raqqa");
}

TEST(PostgresSearchSnippetTest, LongBodiesAreCutWithEllipses) {
  const WhitespaceTokenizer t;
  std::string body;
  for (int i = 0; i < 100; ++i) {
    body += "w";
    body += std::to_string(i);
    body += ' ';
  }
  const std::vector<pg::Phrase> phrases = {{{"w50"}}};
  const std::string snippet = pg::Snippet(body, phrases, t, 10, "[", "]");
  EXPECT_EQ(snippet, "…w46 w47 w48 w49 [w50] w51 w52 w53 w54 w55…");
  // No match in the body: its first tokens.
  EXPECT_EQ(pg::Snippet(body, {{{"nope"}}}, t, 3, "[", "]"), "w0 w1 w2…");
}

TEST(PostgresSearchSnippetTest, ColocatedFormsMatch) {
  const ColocatingTokenizer t;
  const std::vector<pg::Phrase> phrases = {{{"رقة"}}};
  EXPECT_EQ(pg::Snippet("معارك في الرقة اليوم", phrases, t, 24, "[", "]"),
            "معارك في [الرقة] اليوم");
}

// --- On the test cluster ----------------------------------------------------

class PostgresSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string reason = pgtest::Unavailable();
    if (!reason.empty()) GTEST_SKIP() << reason;
    database_ = pgtest::CreateDatabase();
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    if (!database_.empty()) pgtest::DropDatabase(database_);
  }
  std::unique_ptr<PostgresStore> Open() {
    PostgresOptions options;
    options.url = pgtest::DatabaseUrl(database_);
    options.tokenizer = &tokenizer_;
    auto store = PostgresStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  static Article MakeArticle(const std::string& title,
                             const std::string& body) {
    Article a;
    a.title = title;
    a.paragraphs = {body};
    a.source = "Wire";
    a.ingested_at = 1476696600;
    a.content_hash = title + "|" + body;
    return a;
  }
  int64_t Total(const std::string& match) {
    Result<SearchPage> page = store_->Search({.match = match});
    EXPECT_TRUE(page.ok()) << match << ": " << page.status().ToString();
    return page.ok() ? page->total : -1;
  }

  std::string database_;
  const ColocatingTokenizer tokenizer_;
  std::unique_ptr<PostgresStore> store_;
};

TEST_F(PostgresSearchTest, ColocatedArabicFormsMatchWordsAndPhrases) {
  ASSERT_TRUE(store_->Put(MakeArticle("خبر", "بدأت معركة الرقة اليوم")).ok());
  EXPECT_EQ(Total("\"رقة\""), 1);
  EXPECT_EQ(Total("\"الرقة\""), 1);
  EXPECT_EQ(Total("\"معركة رقة\""), 1);
  EXPECT_EQ(Total("\"معركة الرقة اليوم\""), 1);
  EXPECT_EQ(Total("\"الرقة معركة\""), 0);
  EXPECT_EQ(Total("\"رقة\" NOT \"اليوم\""), 0);
  EXPECT_EQ(Total("\"الموصل\" OR \"رقة\""), 1);
  const SearchPage page = store_->Search({.match = "\"رقة\""}).value();
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_NE(page.hits[0].snippet.find(Marked("الرقة")), std::string::npos);
}

TEST_F(PostgresSearchTest, PhrasesDoNotSpanTitleAndBody) {
  ASSERT_TRUE(store_->Put(MakeArticle("alpha beta", "gamma delta")).ok());
  EXPECT_EQ(Total("\"alpha beta\""), 1);
  EXPECT_EQ(Total("\"beta gamma\""), 0);
  EXPECT_EQ(Total("\"gamma delta\""), 1);
}

TEST_F(PostgresSearchTest, TermsWithQuotesAndBackslashesRoundTrip) {
  ASSERT_TRUE(
      store_->Put(MakeArticle("o'brien", "path c:\\temp and 'quoted' x''y"))
          .ok());
  EXPECT_EQ(Total("\"o'brien\""), 1);
  EXPECT_EQ(Total("\"c:\\temp\""), 1);
  EXPECT_EQ(Total("\"'quoted'\""), 1);
  EXPECT_EQ(Total("\"x''y\""), 1);
  EXPECT_EQ(Total("\"c:\\\\temp\""), 0);
  EXPECT_TRUE(store_->CheckIntegrity().ok());
}

TEST_F(PostgresSearchTest, PutFailingInTheServerKeepsTheCallersTransaction) {
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->Put(MakeArticle("kept", "one")).ok());
  Article orphan = MakeArticle("orphan", "two");
  orphan.story_id = 424242;  // the UPDATE finds no story: undone in SQL
  EXPECT_EQ(store_->Put(orphan).status().code(), StatusCode::kInvalidArgument);
  Article bad = MakeArticle("nul", "three");
  bad.author = std::string("a\0b", 3);  // text cannot hold NUL: refused
  EXPECT_EQ(store_->Put(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Search({.match = std::string("x\0", 2)}).status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->Put(MakeArticle("after", "four")).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->Count().value(), 2);
  EXPECT_EQ(Total("orphan"), 0);
  EXPECT_EQ(Total("after"), 1);
}

TEST_F(PostgresSearchTest, RareWordsWeighMoreLikeBm25) {
  // bm25's idf: in an any-word query the article with the rare word ranks
  // first, although every article matches once.
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(store_->Put(MakeArticle(std::string("t") += std::to_string(i),
                                        "common filler words"))
                    .ok());
  }
  const ArticleId rare =
      store_->Put(MakeArticle("r", "rare filler words")).value().id;
  for (int i = 6; i < 9; ++i) {
    ASSERT_TRUE(store_->Put(MakeArticle(std::string("t") += std::to_string(i),
                                        "common filler words"))
                    .ok());
  }
  const SearchPage page =
      store_->Search({.match = "(\"common\" OR \"rare\")"}).value();
  ASSERT_EQ(page.total, 10);
  EXPECT_EQ(page.hits.at(0).id, rare);
  EXPECT_GT(page.hits[0].score, page.hits[1].score);
}

TEST_F(PostgresSearchTest, MalformedQueryIsInvalidArgumentAndLeavesNoTrace) {
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->Put(MakeArticle("a", "b")).ok());
  EXPECT_EQ(store_->Search({.match = "(b"}).status().code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->Count().value(), 1);
}

TEST_F(PostgresSearchTest, ConcurrentPutsOfOneArticleInsertOnce) {
  for (int round = 0; round < 5; ++round) {
    std::unique_ptr<PostgresStore> stores[2] = {Open(), Open()};
    ASSERT_TRUE(stores[0] && stores[1]);
    const std::string n = std::to_string(round);
    Article article = MakeArticle("same", std::string("story ") += n);
    article.url = std::string("https://example.com/") += n;
    // Each store holds its transaction open after its Put, so both inserts
    // really overlap: the second waits on the first's unique index entry.
    Result<PutResult> results[2] = {Status::Internal("unset"),
                                    Status::Internal("unset")};
    std::thread threads[2];
    for (int i = 0; i < 2; ++i) {
      threads[i] = std::thread([&, i] {
        if (!stores[i]->Begin().ok()) return;
        results[i] = stores[i]->Put(article);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        Status committed = stores[i]->Commit();
        if (!committed.ok()) results[i] = committed;
      });
    }
    for (std::thread& t : threads) t.join();
    ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
    ASSERT_TRUE(results[1].ok()) << results[1].status().ToString();
    EXPECT_EQ(results[0]->id, results[1]->id);
    EXPECT_NE(results[0]->inserted, results[1]->inserted);
    EXPECT_EQ(results[0]->story_id, results[1]->story_id);
  }
  EXPECT_EQ(store_->Count().value(), 5);
  // The loser's story was undone with its attempt.
  auto stories = store_->connection().Exec("SELECT count(*) FROM story");
  ASSERT_TRUE(stories.ok());
  EXPECT_EQ(pg::Connection::Int((*stories)[0][0]), 5);
}

TEST_F(PostgresSearchTest, DataVersionCountsCommittedInsertsOfAnyConnection) {
  const int64_t before = store_->DataVersion().value();
  std::unique_ptr<PostgresStore> other = Open();
  ASSERT_TRUE(other->Begin().ok());
  ASSERT_TRUE(other->Put(MakeArticle("x", "y")).ok());
  EXPECT_EQ(store_->DataVersion().value(), before);  // not yet committed
  ASSERT_TRUE(other->Commit().ok());
  EXPECT_GT(store_->DataVersion().value(), before);
}

TEST_F(PostgresSearchTest, MatchUsesTheGinIndex) {
  // The planner must be able to answer a match from the index (the
  // operator class fits the expression); with sequential scans off it
  // shows that it does.
  ASSERT_TRUE(store_->Begin().ok());
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(
        store_->Put(MakeArticle(std::string("t") += std::to_string(i),
                                "common words"))
            .ok());
  }
  ASSERT_TRUE(store_->Put(MakeArticle("rare", "needle")).ok());
  ASSERT_TRUE(store_->Commit().ok());
  ASSERT_TRUE(store_->connection().ExecScript("ANALYZE article").ok());
  ASSERT_TRUE(
      store_->connection().ExecScript("SET enable_seqscan = off").ok());
  auto plan = store_->connection().Exec(
      "EXPLAIN SELECT count(*) FROM article a WHERE a.fts @@ "
      "$1::tsquery",
      pg::Params().Text("'needle'"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string text;
  for (const auto& row : *plan) text += pg::Connection::Text(row[0]) + "\n";
  EXPECT_NE(text.find("article_fts"), std::string::npos) << text;
  EXPECT_EQ(Total("needle"), 1);
}

}  // namespace
}  // namespace khabar::store
