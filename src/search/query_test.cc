#include "search/query.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "search/analyzer_tokenizer.h"
#include "search/fake_analyzer.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar::search {
namespace {

using testing::FakeAnalyzer;

Clause Word(std::string word, bool negated = false) {
  return Clause{
      .words = {std::move(word)}, .phrase = false, .negated = negated};
}

Clause Phrase(std::vector<std::string> words, bool negated = false) {
  return Clause{.words = std::move(words), .phrase = true, .negated = negated};
}

std::vector<Clause> Parse(std::string_view text) {
  Result<Query> query = ParseQuery(text);
  EXPECT_TRUE(query.ok()) << text << ": " << query.status().ToString();
  return query.ok() ? query->clauses : std::vector<Clause>();
}

std::string Compile(std::string_view text,
                    MatchMode mode = MatchMode::kAllWords) {
  static const FakeAnalyzer analyzer;
  Result<CompiledQuery> compiled = CompileQueryText(text, analyzer, mode);
  EXPECT_TRUE(compiled.ok()) << text << ": " << compiled.status().ToString();
  return compiled.ok() ? compiled->match : std::string();
}

StatusCode CompileError(std::string_view text) {
  static const FakeAnalyzer analyzer;
  return CompileQueryText(text, analyzer, MatchMode::kAllWords).status().code();
}

// --- Parsing: one rule per test ---------------------------------------

TEST(ParseQueryTest, SplitsWordsOnSpace) {
  EXPECT_EQ(Parse("  الرقة   كارتر "),
            (std::vector<Clause>{Word("الرقة"), Word("كارتر")}));
}

TEST(ParseQueryTest, DoubleQuotesMakeAPhrase) {
  EXPECT_EQ(Parse("\"الحلف الأطلسي\""),
            (std::vector<Clause>{Phrase({"الحلف", "الأطلسي"})}));
}

TEST(ParseQueryTest, GuillemetsMakeAPhrase) {
  EXPECT_EQ(
      Parse("«الحلف الأطلسي» بروكسل"),
      (std::vector<Clause>{Phrase({"الحلف", "الأطلسي"}), Word("بروكسل")}));
}

TEST(ParseQueryTest, MirroredGuillemetsMakeAPhrase) {
  EXPECT_EQ(Parse("»الحلف الأطلسي«"),
            (std::vector<Clause>{Phrase({"الحلف", "الأطلسي"})}));
}

TEST(ParseQueryTest, CurlyQuotesMakeAPhrase) {
  EXPECT_EQ(Parse("“الحلف الأطلسي”"),
            (std::vector<Clause>{Phrase({"الحلف", "الأطلسي"})}));
}

TEST(ParseQueryTest, HyphenExcludesAWord) {
  EXPECT_EQ(Parse("الرقة -الموصل"),
            (std::vector<Clause>{Word("الرقة"), Word("الموصل", true)}));
}

TEST(ParseQueryTest, HyphenExcludesAPhrase) {
  EXPECT_EQ(
      Parse("الرقة -\"الحلف الأطلسي\""),
      (std::vector<Clause>{Word("الرقة"), Phrase({"الحلف", "الأطلسي"}, true)}));
}

TEST(ParseQueryTest, LoneHyphenIsAnOrdinaryWord) {
  EXPECT_EQ(Parse("a - b"),
            (std::vector<Clause>{Word("a"), Word("-"), Word("b")}));
}

TEST(ParseQueryTest, HyphenInsideAWordIsKept) {
  EXPECT_EQ(Parse("جان-ايف"), (std::vector<Clause>{Word("جان-ايف")}));
}

TEST(ParseQueryTest, UnclosedQuoteRunsToTheEnd) {
  EXPECT_EQ(Parse("a \"b c"),
            (std::vector<Clause>{Word("a"), Phrase({"b", "c"})}));
}

TEST(ParseQueryTest, EmptyQuotesAreIgnored) {
  EXPECT_EQ(Parse("a \"\" « » b"), (std::vector<Clause>{Word("a"), Word("b")}));
}

TEST(ParseQueryTest, OrLinksTwoPositiveClauses) {
  std::vector<Clause> clauses = Parse("a OR \"b c\" d");
  ASSERT_EQ(clauses.size(), 3u);
  EXPECT_TRUE(clauses[0].or_next);
  EXPECT_FALSE(clauses[1].or_next);
  EXPECT_EQ(clauses[1], (Phrase({"b", "c"})));
}

TEST(ParseQueryTest, OrAtTheEdgesIsAWord) {
  EXPECT_EQ(Parse("OR a OR"),
            (std::vector<Clause>{Word("OR"), Word("a"), Word("OR")}));
}

TEST(ParseQueryTest, OrNextToAnExclusionIsAWord) {
  EXPECT_EQ(Parse("a OR -b"),
            (std::vector<Clause>{Word("a"), Word("OR"), Word("b", true)}));
}

TEST(ParseQueryTest, LowercaseOrIsAWord) {
  EXPECT_EQ(Parse("a or b"),
            (std::vector<Clause>{Word("a"), Word("or"), Word("b")}));
}

TEST(ParseQueryTest, BidiMarksAndControlsSeparateWords) {
  EXPECT_EQ(Parse("\u200Fالرقة\u200F\tكارتر\x01x"),
            (std::vector<Clause>{Word("الرقة"), Word("كارتر"), Word("x")}));
}

TEST(ParseQueryTest, BlankQueryHasNoClauses) {
  EXPECT_TRUE(Parse(" \u00A0 ").empty());
}

TEST(ParseQueryTest, RejectsInvalidUtf8) {
  EXPECT_EQ(ParseQuery("bad \xC3\x28").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ParseQueryTest, RejectsQueriesOverTheByteCap) {
  EXPECT_TRUE(ParseQuery(std::string(kMaxQueryBytes, 'a')).ok());
  EXPECT_EQ(ParseQuery(std::string(kMaxQueryBytes + 1, 'a')).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ParseQueryTest, RejectsQueriesOverTheClauseCap) {
  std::string text;
  for (size_t i = 0; i < kMaxQueryClauses; ++i) text += "w ";
  EXPECT_TRUE(ParseQuery(text).ok());
  EXPECT_EQ(ParseQuery(text + "w").status().code(),
            StatusCode::kInvalidArgument);
}

// --- Compiling -----------------------------------------------------------

TEST(CompileQueryTest, WordsAreQuotedAndAnded) {
  EXPECT_EQ(Compile("raqqa carter"), "(\"raqqa\" AND \"carter\")");
}

TEST(CompileQueryTest, SingleWordNeedsNoParentheses) {
  EXPECT_EQ(Compile("raqqa"), "\"raqqa\"");
}

TEST(CompileQueryTest, PhraseIsOneFtsString) {
  EXPECT_EQ(Compile("«nato alliance»"), "\"nato alliance\"");
}

TEST(CompileQueryTest, WordsAreNotAnalyzedBeforeFts5) {
  // The tokenizer analyzes MATCH strings itself; analyzing here would
  // stem stems. The fake analyzer lowercases, so case shows it.
  EXPECT_EQ(Compile("Raqqa"), "\"Raqqa\"");
}

TEST(CompileQueryTest, EmbeddedQuotesAreDoubled) {
  EXPECT_EQ(Compile("o\"neil"), "\"o\"\"neil\"");
}

TEST(CompileQueryTest, ExclusionsFollowWithNot) {
  EXPECT_EQ(Compile("a b -c -\"d e\""),
            "(\"a\" AND \"b\") NOT \"c\" NOT \"d e\"");
}

TEST(CompileQueryTest, OrGroupIsParenthesized) {
  EXPECT_EQ(Compile("a OR b c"), "((\"a\" OR \"b\") AND \"c\")");
}

TEST(CompileQueryTest, AnyModeOrsEveryPositiveClause) {
  EXPECT_EQ(Compile("a OR b c -d", MatchMode::kAnyWord),
            "(\"a\" OR \"b\" OR \"c\") NOT \"d\"");
}

TEST(CompileQueryTest, WordsWithoutTermsAreSkipped) {
  EXPECT_EQ(Compile("a ... - !? b"), "(\"a\" AND \"b\")");
}

TEST(CompileQueryTest, PhraseLosesOnlyItsEmptyWords) {
  EXPECT_EQ(Compile("\"a -- b\""), "\"a b\"");
}

TEST(CompileQueryTest, FtsOperatorsBecomeQuotedWords) {
  EXPECT_EQ(Compile("NEAR(a AND b) x* ^y col:z NOT"),
            "(\"NEAR(a\" AND \"AND\" AND \"b)\" AND \"x*\" AND \"^y\" AND "
            "\"col:z\" AND \"NOT\")");
}

TEST(CompileQueryTest, OnlyExclusionsIsEmptyQuery) {
  EXPECT_EQ(CompileError("-a -\"b c\""), StatusCode::kInvalidArgument);
}

TEST(CompileQueryTest, BlankQueryIsEmptyQuery) {
  EXPECT_EQ(CompileError("   "), StatusCode::kInvalidArgument);
}

TEST(CompileQueryTest, PunctuationOnlyQueryIsEmptyQuery) {
  EXPECT_EQ(CompileError("!!! ... «»"), StatusCode::kInvalidArgument);
}

TEST(CompileQueryTest, CountsKeptPositiveClauses) {
  const FakeAnalyzer analyzer;
  Result<CompiledQuery> compiled =
      CompileQueryText("a ... \"b c\" -d", analyzer, MatchMode::kAllWords);
  ASSERT_TRUE(compiled.ok());
  EXPECT_EQ(compiled->positive_clauses, 2);
}

// Invariant over junk: whatever a user types, the compiled expression is
// either refused by the compiler (InvalidArgument) or accepted by FTS5.
TEST(CompileQueryTest, RandomJunkNeverProducesAnFts5SyntaxError) {
  const FakeAnalyzer analyzer;
  std::unique_ptr<store::IndexTokenizer> tokenizer =
      MakeIndexTokenizer(analyzer);
  auto opened = store::SqliteStore::Open(
      {.path = ":memory:", .tokenizer = tokenizer.get()});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store::SqliteStore& store = **opened;
  store::Article article;
  article.title = "a b";
  article.paragraphs = {"NEAR and or not"};
  article.content_hash = "1";
  ASSERT_TRUE(store.Put(article).ok());

  const std::vector<std::string> pieces = {
      "a",      "b",   " ",    "\"", "«", "»",     "“",   "”",
      "-",      "(",   ")",    "*",  "^", ":",     "+",   "OR",
      "AND",    "NOT", "NEAR", "{",  "}", "\\",    "'",   "الرقة",
      "\u200F", "\t",  ".",    ",",  "0", "NEAR(", "col:"};
  std::mt19937 rng(20161017);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += pieces[pick(rng)];
    for (const MatchMode mode : {MatchMode::kAllWords, MatchMode::kAnyWord}) {
      Result<CompiledQuery> compiled = CompileQueryText(text, analyzer, mode);
      if (!compiled.ok()) {
        EXPECT_EQ(compiled.status().code(), StatusCode::kInvalidArgument)
            << text;
        continue;
      }
      auto page = store.Search({.match = compiled->match});
      EXPECT_TRUE(page.ok())
          << "query [" << text << "] compiled to [" << compiled->match
          << "]: " << page.status().ToString();
    }
  }
}

TEST(ParseQueryTest, FieldValueBecomesAFilter) {
  Result<Query> q = ParseQuery("person:كارتر الهجوم");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->filters.size(), 1u);
  EXPECT_EQ(q->filters[0], (FieldFilter{"person", "كارتر"}));
  ASSERT_EQ(q->clauses.size(), 1u);
  EXPECT_EQ(q->clauses[0].words, std::vector<std::string>{"الهجوم"});
}

TEST(ParseQueryTest, QuotedFilterValueKeepsItsWords) {
  Result<Query> q = ParseQuery("person:\"اشتون كارتر\"");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->filters.size(), 1u);
  EXPECT_EQ(q->filters[0].value, "اشتون كارتر");
  EXPECT_TRUE(q->clauses.empty());
}

TEST(ParseQueryTest, UnknownFieldIsAnOrdinaryWord) {
  Result<Query> q = ParseQuery("color:red");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->filters.empty());
  EXPECT_EQ(q->clauses.size(), 1u);
}

TEST(ParseQueryTest, NegatedFieldIsNotAFilter) {
  Result<Query> q = ParseQuery("-topic:sport");
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->filters.empty());
}

TEST(CompileQueryTest, FiltersOnlyCompileToAnEmptyMatch) {
  const FakeAnalyzer analyzer;
  Result<CompiledQuery> c =
      CompileQueryText("topic:sport from:2018-01-01", analyzer, MatchMode::kAllWords);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->match, "");
  EXPECT_EQ(c->positive_clauses, 0);
}

TEST(CompileQueryTest, ExclusionWithOnlyFiltersIsRefused) {
  const FakeAnalyzer analyzer;
  Result<CompiledQuery> c =
      CompileQueryText("topic:sport -goal", analyzer, MatchMode::kAllWords);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace khabar::search
