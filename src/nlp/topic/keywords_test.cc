#include "nlp/topic/keywords.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace khabar::nlp {
namespace {

const std::string kIdfPath = std::string(KHABAR_MODELS_DIR) + "/idf.model";

// With an empty IDF table ranking is by weighted frequency alone, so these
// tests do not depend on the shipped model.
KeywordExtractor PlainExtractor() { return KeywordExtractor(IdfTable()); }

std::vector<std::string> Surfaces(const std::vector<Keyword>& keywords) {
  std::vector<std::string> out;
  for (const Keyword& k : keywords) out.push_back(k.surface);
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(KeywordExtractorTest, SurfaceDropsWawAndAlLam) {
  const auto keywords =
      PlainExtractor().Extract("", {"والحكومة تجتمع. والحكومة تقرر."}, 3);
  ASSERT_FALSE(keywords.empty());
  EXPECT_EQ(keywords[0].surface, "حكومة");
}

TEST(KeywordExtractorTest, SurfaceDropsBiAlPrefix) {
  const auto keywords = PlainExtractor().Extract("", {"بالمدينة بالمدينة"}, 1);
  ASSERT_EQ(keywords.size(), 1u);
  EXPECT_EQ(keywords[0].surface, "مدينة");
}

TEST(KeywordExtractorTest, SurfaceDropsHarakat) {
  const auto keywords = PlainExtractor().Extract("", {"الحُكُومَة"}, 1);
  ASSERT_EQ(keywords.size(), 1u);
  EXPECT_EQ(keywords[0].surface, "حكومة");
}

TEST(KeywordExtractorTest, FormsSharingAStemAreOneKeyword) {
  const auto keywords = PlainExtractor().Extract(
      "", {"المدينة ومدينة بالمدينة والمدينة مدينة"}, 8);
  ASSERT_EQ(keywords.size(), 1u);
  EXPECT_EQ(keywords[0].surface, "مدينة");
}

TEST(KeywordExtractorTest, AttachedBehFoldsIntoBareFormInSameArticle) {
  const auto keywords =
      PlainExtractor().Extract("", {"رحب بزيارة الوزير. الزيارة مهمة."}, 8);
  const auto surfaces = Surfaces(keywords);
  EXPECT_TRUE(Has(surfaces, "زيارة"));
  EXPECT_FALSE(Has(surfaces, "بزيارة"));
}

TEST(KeywordExtractorTest, SkipsStopwordsNumbersAndOneLetterTokens) {
  const auto keywords = PlainExtractor().Extract(
      "", {"في عام 2018 قال إن هذا هو ما حدث في ب و 15 ميناء"}, 8);
  const auto surfaces = Surfaces(keywords);
  for (const std::string& s : surfaces) {
    EXPECT_NE(s, "في");
    EXPECT_NE(s, "قال");
    EXPECT_NE(s, "هذا");
    EXPECT_NE(s, "2018");
    EXPECT_NE(s, "ب");
  }
  EXPECT_TRUE(Has(surfaces, "ميناء"));
}

TEST(KeywordExtractorTest, TitleWordOutranksBodyWord) {
  const auto keywords =
      PlainExtractor().Extract("الزلزال", {"الفيضان الزلزال الفيضان"}, 2);
  ASSERT_EQ(keywords.size(), 2u);
  EXPECT_EQ(keywords[0].surface, "زلزال");
}

TEST(KeywordExtractorTest, RespectsK) {
  EXPECT_EQ(PlainExtractor()
                .Extract("", {"سيارة طائرة قطار سفينة دراجة حافلة"}, 3)
                .size(),
            3u);
  EXPECT_TRUE(PlainExtractor().Extract("", {"سيارة"}, 0).empty());
}

TEST(KeywordExtractorTest, EmptyInputGivesNoKeywords) {
  EXPECT_TRUE(PlainExtractor().Extract("", {}).empty());
  EXPECT_TRUE(PlainExtractor().Extract("", {"", "  ", "..."}).empty());
}

TEST(KeywordExtractorTest, LatinWordsAreLowercased) {
  const auto keywords = PlainExtractor().Extract("", {"NASA NASA"}, 1);
  ASSERT_EQ(keywords.size(), 1u);
  EXPECT_EQ(keywords[0].surface, "nasa");
}

TEST(KeywordExtractorTest, InvalidUtf8TextIsIgnored) {
  EXPECT_TRUE(PlainExtractor().Extract("\xff", {"\xc3\x28"}).empty());
}

TEST(KeywordExtractorTest, HundredThousandWordArticleDoesNotCrash) {
  std::string paragraph;
  for (int i = 0; i < 100000 / 4; ++i) paragraph += "اجتمع الوزير مع السفير ";
  const auto keywords = PlainExtractor().Extract("", {paragraph}, 8);
  EXPECT_FALSE(keywords.empty());
  EXPECT_LE(keywords.size(), 8u);
}

TEST(KeywordExtractorTest, LoadMissingIdfIsNotFound) {
  auto extractor = KeywordExtractor::Load("/nonexistent/idf.model");
  ASSERT_FALSE(extractor.ok());
  EXPECT_EQ(extractor.status().code(), StatusCode::kNotFound);
}

TEST(KeywordExtractorTest, ShippedIdfDemotesCommonNewsWords) {
  auto extractor = KeywordExtractor::Load(kIdfPath);
  if (!extractor.ok()) {
    GTEST_SKIP() << kIdfPath << ": " << extractor.status().ToString()
                 << "; build it with topic_tool build-idf (see README.md)";
  }
  // Equal counts: the IDF must put the rare word before the common one.
  const auto keywords =
      (*extractor)->Extract("", {"الحكومة الحكومة الزعفران الزعفران"}, 2);
  ASSERT_EQ(keywords.size(), 2u);
  EXPECT_EQ(keywords[0].surface, "زعفران");
}

}  // namespace
}  // namespace khabar::nlp
