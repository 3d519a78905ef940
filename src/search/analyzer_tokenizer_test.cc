#include "search/analyzer_tokenizer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "search/fake_analyzer.h"

namespace khabar::search {
namespace {

using testing::FakeAnalyzer;

struct Emitted {
  std::string term;
  uint32_t begin;
  uint32_t end;
  bool colocated;
  friend bool operator==(const Emitted&, const Emitted&) = default;
};

std::vector<Emitted> Collect(const store::IndexTokenizer& tokenizer,
                             std::string_view text, bool is_query) {
  std::vector<Emitted> out;
  tokenizer.TokenizePositioned(
      text, is_query,
      [&out](std::string_view term, uint32_t begin, uint32_t end,
             bool colocated) {
        out.push_back({std::string(term), begin, end, colocated});
        return true;
      });
  return out;
}

TEST(AnalyzerTokenizerTest, NameIsTheAnalyzerName) {
  const FakeAnalyzer analyzer;
  EXPECT_EQ(MakeIndexTokenizer(analyzer)->name(), "fake");
}

TEST(AnalyzerTokenizerTest, EmitsTermsWithByteOffsetsOfTheSource) {
  const FakeAnalyzer analyzer;
  auto tokenizer = MakeIndexTokenizer(analyzer);
  EXPECT_EQ(Collect(*tokenizer, "Ab, CD", false),
            (std::vector<Emitted>{{"ab", 0, 2, false}, {"cd", 4, 6, false}}));
}

TEST(AnalyzerTokenizerTest, MarksTermsAtTheSamePositionColocated) {
  const FakeAnalyzer analyzer(/*add_colocated=*/true);
  auto tokenizer = MakeIndexTokenizer(analyzer);
  EXPECT_EQ(Collect(*tokenizer, "ab cd", false),
            (std::vector<Emitted>{{"ab", 0, 2, false},
                                  {"~ab", 0, 2, true},
                                  {"cd", 3, 5, false},
                                  {"~cd", 3, 5, true}}));
}

TEST(AnalyzerTokenizerTest, QueriesUseQueryMode) {
  const FakeAnalyzer analyzer(/*add_colocated=*/true);
  auto tokenizer = MakeIndexTokenizer(analyzer);
  EXPECT_EQ(Collect(*tokenizer, "ab", true),
            (std::vector<Emitted>{{"ab", 0, 2, false}}));
}

TEST(AnalyzerTokenizerTest, StopsWhenTheConsumerSaysSo) {
  const FakeAnalyzer analyzer;
  auto tokenizer = MakeIndexTokenizer(analyzer);
  int calls = 0;
  tokenizer->Tokenize("a b c", false,
                      [&calls](std::string_view, uint32_t, uint32_t) {
                        ++calls;
                        return false;
                      });
  EXPECT_EQ(calls, 1);
}

TEST(AnalyzerTokenizerTest, NestedTokenizeDoesNotClobberTheOuterTerms) {
  const FakeAnalyzer analyzer;
  auto tokenizer = MakeIndexTokenizer(analyzer);
  std::vector<std::string> outer;
  tokenizer->Tokenize(
      "one two", false, [&](std::string_view term, uint32_t, uint32_t) {
        outer.emplace_back(term);
        tokenizer->Tokenize(
            "zzz yyy xxx", false,
            [](std::string_view, uint32_t, uint32_t) { return true; });
        return true;
      });
  EXPECT_EQ(outer, (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace khabar::search
