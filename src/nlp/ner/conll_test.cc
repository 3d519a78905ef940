#include "nlp/ner/conll.h"

#include <gtest/gtest.h>

namespace khabar::nlp {
namespace {

TEST(ConllTest, ParsesAnercorpSentences) {
  const auto result = ParseConll(
      "فرانكفورت B-LOC\nأعلن O\n\nاتحاد B-ORG\nصناعة I-ORG\n", CorpusFormat::kAnercorp,
      "t");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].words[0], "فرانكفورت");
  EXPECT_EQ((*result)[1].tags[1], InsideTag(EntityType::kOrganization));
}

TEST(ConllTest, RejectsUnknownTagWithLine) {
  const auto result = ParseConll("a O\nb B-FOO\n", CorpusFormat::kAnercorp, "x.txt");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("x.txt:2"), std::string::npos);
}

TEST(ConllTest, ParsesNewsFaneWithBomCrlfAndLrm) {
  const std::string text =
      "\xEF\xBB\xBF\xE2\x80\x8E" "فرانكفورت\tB-Population-Center\r\n"
      "\xE2\x80\x8E" "العرب\tB-Group\r\n"
      "\xE2\x80\x8E\t\r\n"
      "\xE2\x80\x8E" "اولمرت\tB-Politician\r\n";
  const auto result = ParseConll(text, CorpusFormat::kNewsFane, "n");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].words[0], "فرانكفورت");
  EXPECT_EQ((*result)[0].tags[0], BeginTag(EntityType::kLocation));
  EXPECT_EQ((*result)[0].tags[1], kTagO);  // Group: peoples are O
  EXPECT_EQ((*result)[1].tags[0], BeginTag(EntityType::kPerson));
}

TEST(ConllTest, MapsNewsFaneTypes) {
  EXPECT_EQ(MapNewsFaneType("Media"), EntityType::kOrganization);
  EXPECT_EQ(MapNewsFaneType("Building-Grounds"), EntityType::kLocation);
  EXPECT_EQ(MapNewsFaneType("Water"), EntityType::kMisc);
  EXPECT_FALSE(MapNewsFaneType("Group").has_value());
}

TEST(ConllTest, DevSplitIsTheTail) {
  EXPECT_EQ(DevSplitBegin(3973, 0.1), 3576u);
  EXPECT_EQ(DevSplitBegin(10, 0.0), 10u);
}

TEST(ConllTest, OverlapIndexFindsSharedText) {
  ConllSentence a;
  a.words = {"أعلن", "اتحاد", "صناعة", "السيارات", "في", "ألمانيا", "امس",
             "الاول", "أن", "شركات", "صناعة", "السيارات"};
  a.tags.assign(a.words.size(), kTagO);
  ConllSentence b = a;  // same text, clitics and hamza written differently
  b.words[5] = "المانيا";
  ConllSentence c;
  c.words = {"مختلف", "تماما", "عن", "النص", "السابق", "ولا", "يشترك",
             "معه", "في", "شيء", "على", "الاطلاق"};
  const TextOverlapIndex index({a});
  EXPECT_TRUE(index.Overlaps(b));
  EXPECT_FALSE(index.Overlaps(c));
}

}  // namespace
}  // namespace khabar::nlp
