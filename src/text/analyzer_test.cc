#include "text/analyzer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace khabar::text {
namespace {

std::vector<std::string> Terms(const Analyzer& a, std::string_view text,
                               AnalyzerMode mode = AnalyzerMode::kDocument) {
  AnalyzedText out;
  a.Analyze(text, mode, &out);
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < out.terms.size(); ++i) {
    terms.emplace_back(out.Term(i));
  }
  return terms;
}
using V = std::vector<std::string>;

TEST(KhabarAnalyzerTest, NameIsKhabar) {
  EXPECT_EQ(MakeKhabarAnalyzer()->name(), "khabar");
}

TEST(KhabarAnalyzerTest, StemsArabicWordsAndSkipsPunctuation) {
  EXPECT_EQ(Terms(*MakeKhabarAnalyzer(), "والمدارس، بالرقة!"),
            (V{"مدارس", "رقه"}));
}

TEST(KhabarAnalyzerTest, LowercasesLatinWords) {
  EXPECT_EQ(Terms(*MakeKhabarAnalyzer(), "NBC News"), (V{"nbc", "news"}));
}

TEST(KhabarAnalyzerTest, FoldsDigitsOfNumbers) {
  EXPECT_EQ(Terms(*MakeKhabarAnalyzer(), "٢٠١٦ 2016"), (V{"2016", "2016"}));
}

TEST(KhabarAnalyzerTest, QueryAndDocumentModesAgree) {
  const auto a = MakeKhabarAnalyzer();
  const std::string text = "وقال كارتر إنّ الهجوم سيبدأ في الأسابيع المقبلة";
  EXPECT_EQ(Terms(*a, text, AnalyzerMode::kQuery),
            Terms(*a, text, AnalyzerMode::kDocument));
}

TEST(KhabarAnalyzerTest, OffsetsPointIntoOriginalText) {
  const std::string text = "قال: «بالرقة»";
  AnalyzedText out;
  MakeKhabarAnalyzer()->Analyze(text, AnalyzerMode::kDocument, &out);
  ASSERT_EQ(out.terms.size(), 2u);
  const TermRef& t = out.terms[1];
  EXPECT_EQ(text.substr(t.begin, t.end - t.begin), "بالرقة");
  EXPECT_EQ(out.Term(t), "رقه");
}

TEST(KhabarAnalyzerTest, PositionsCountWordTokens) {
  AnalyzedText out;
  MakeKhabarAnalyzer()->Analyze("خبر ، عاجل 5", AnalyzerMode::kDocument, &out);
  ASSERT_EQ(out.terms.size(), 3u);
  EXPECT_EQ(out.terms[0].position, 0u);
  EXPECT_EQ(out.terms[1].position, 1u);
  EXPECT_EQ(out.terms[2].position, 2u);
}

TEST(KhabarAnalyzerTest, AppendsWithoutClearing) {
  const auto a = MakeKhabarAnalyzer();
  AnalyzedText out;
  a->Analyze("خبر", AnalyzerMode::kDocument, &out);
  a->Analyze("عاجل", AnalyzerMode::kDocument, &out);
  ASSERT_EQ(out.terms.size(), 2u);
  EXPECT_EQ(out.Term(1), "عاجل");
  out.Clear();
  EXPECT_TRUE(out.terms.empty());
}

TEST(KhabarAnalyzerTest, PresentationFormsMatchPlainLetters) {
  const auto a = MakeKhabarAnalyzer();
  EXPECT_EQ(Terms(*a, "\uFEDF\uFEE0\uFEA8\uFE92\uFEAE"), Terms(*a, "للخبر"));
}

TEST(KhabarAnalyzerTest, SeedQueriesMatchSeedSpellings) {
  const auto a = MakeKhabarAnalyzer();
  EXPECT_EQ(Terms(*a, "الأسابيع"), Terms(*a, "الاسابيع"));
  EXPECT_EQ(Terms(*a, "اسابيع"), Terms(*a, "الاسابيع"));
  EXPECT_EQ(Terms(*a, "بالرقة"), Terms(*a, "الرقة"));
}

TEST(SnowballAnalyzerTest, NameIsSnowball) {
  EXPECT_EQ(MakeSnowballAnalyzer()->name(), "snowball");
}

TEST(SnowballAnalyzerTest, StemsArabicWithSameTokenization) {
  const auto k = MakeKhabarAnalyzer();
  const auto s = MakeSnowballAnalyzer();
  const std::string text = "المدارس NBC ٢٠١٦، الهجوم";
  AnalyzedText ko;
  AnalyzedText so;
  k->Analyze(text, AnalyzerMode::kDocument, &ko);
  s->Analyze(text, AnalyzerMode::kDocument, &so);
  ASSERT_EQ(ko.terms.size(), so.terms.size());
  for (std::size_t i = 0; i < ko.terms.size(); ++i) {
    EXPECT_EQ(ko.terms[i].begin, so.terms[i].begin);
    EXPECT_EQ(ko.terms[i].end, so.terms[i].end);
  }
  EXPECT_EQ(so.Term(1), "nbc");
  EXPECT_EQ(so.Term(2), "2016");
  EXPECT_EQ(so.Term(0), "مدارس");
}

TEST(AnalyzerRegistryTest, MakesAnalyzersByName) {
  EXPECT_EQ(MakeAnalyzerByName("khabar")->name(), "khabar");
  EXPECT_EQ(MakeAnalyzerByName("snowball")->name(), "snowball");
  EXPECT_EQ(MakeAnalyzerByName("lucene"), nullptr);
}

TEST(AnalyzeDetailedTest, ReportsEveryTokenWithParts) {
  const std::string text = "والمدينةُ، NATO";
  const std::vector<TokenDetail> d = AnalyzeDetailed(text);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].kind, TokenKind::kWord);
  EXPECT_EQ(d[0].surface, "والمدينةُ");
  EXPECT_EQ(d[0].normalized, "والمدينه");
  EXPECT_EQ(d[0].prefix, "وال");
  EXPECT_EQ(d[0].stem, "مدين");
  EXPECT_EQ(d[0].suffix, "ه");
  EXPECT_TRUE(d[0].indexed);
  EXPECT_EQ(d[1].kind, TokenKind::kPunct);
  EXPECT_FALSE(d[1].indexed);
  EXPECT_EQ(d[2].stem, "nato");
  EXPECT_EQ(text.substr(d[2].begin, d[2].end - d[2].begin), "NATO");
}

TEST(AnalyzeDetailedTest, IndexedStemsEqualAnalyzerTerms) {
  const std::string text =
      "وقال فالون للصحافيين في بروكسل أنّه يأمل بهجوم على الرقة 17 NBC";
  std::vector<std::string> detailed;
  for (const TokenDetail& d : AnalyzeDetailed(text)) {
    if (d.indexed) detailed.push_back(d.stem);
  }
  EXPECT_EQ(detailed, Terms(*MakeKhabarAnalyzer(), text));
}

TEST(KhabarAnalyzerTest, SeedArticleTermsLandOnWordBoundaries) {
  std::ifstream in(std::string(KHABAR_SHARED_DIR) +
                   "/seed/000_d6b86f47c1861fbf.txt");
  if (!in) GTEST_SKIP() << "seed article not available";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  ASSERT_TRUE(ValidateUtf8(text).ok());
  AnalyzedText out;
  MakeKhabarAnalyzer()->Analyze(text, AnalyzerMode::kDocument, &out);
  EXPECT_GT(out.terms.size(), 300u);
  bool raqqa = false;
  bool asabi = false;
  for (const TermRef& t : out.terms) {
    EXPECT_TRUE(IsUtf8Boundary(text, t.begin));
    EXPECT_TRUE(IsUtf8Boundary(text, t.end));
    raqqa |= out.Term(t) == "رقه";
    asabi |= out.Term(t) == "اسابيع";
  }
  EXPECT_TRUE(raqqa);
  EXPECT_TRUE(asabi);
}

}  // namespace
}  // namespace khabar::text
