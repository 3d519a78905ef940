#include "nlp/topic/summarizer.h"

#include <gtest/gtest.h>

namespace khabar::nlp {
namespace {

TEST(StripDatelineTest, StripsCityAgencyDash) {
  EXPECT_EQ(StripDateline("بيروت (رويترز) - قال مسؤول إن المحادثات فشلت."),
            "قال مسؤول إن المحادثات فشلت.");
}

TEST(StripDatelineTest, StripsCityDashAgencyCredit) {
  EXPECT_EQ(StripDateline("لندن - بي بي سي - أعلنت الحكومة خطة جديدة."),
            "أعلنت الحكومة خطة جديدة.");
}

TEST(StripDatelineTest, StripsCnnDatelineWithCountryAndDoubleDash) {
  EXPECT_EQ(StripDateline("دبي، الإمارات العربية المتحدة (CNN)-- أعلن البنك "
                          "المركزي قرارا."),
            "أعلن البنك المركزي قرارا.");
}

TEST(StripDatelineTest, StripsKnownAgencyWithoutDash) {
  EXPECT_EQ(StripDateline("أتلانتا، الولايات المتحدة (CNN) نفى الرئيس ذلك."),
            "نفى الرئيس ذلك.");
}

TEST(StripDatelineTest, StripsBareCityDash) {
  EXPECT_EQ(StripDateline("القاهرة - أعلنت وزارة الصحة"), "أعلنت وزارة الصحة");
}

TEST(StripDatelineTest, DatelineAloneBecomesEmpty) {
  EXPECT_EQ(StripDateline("بيروت (رويترز) -"), "");
}

TEST(StripDatelineTest, KeepsSentenceWithDashAfterManyWords) {
  const std::string_view s =
      "صار الرئيس الكوري الشمالي كيم جونغ - أون أول زعيم يعبر الحدود";
  EXPECT_EQ(StripDateline(s), s);
}

TEST(StripDatelineTest, KeepsSentenceWithoutDash) {
  const std::string_view s = "قال الوزير إن الاجتماع انتهى";
  EXPECT_EQ(StripDateline(s), s);
}

TEST(StripDatelineTest, KeepsParenthesisThatIsNotAnAgencyWithoutDash) {
  const std::string_view s = "منظمة الصحة العالمية (WHO) تحذر من الوباء";
  EXPECT_EQ(StripDateline(s), s);
}

TEST(SummarizeTest, ReturnsSentencesInArticleOrder) {
  const std::vector<std::string> paragraphs = {
      "اجتمع وزراء الخارجية العرب في القاهرة لبحث الأزمة السورية والحل "
      "السياسي.",
      "وتناول الطقس المشمس في العاصمة حديث الصحفيين خارج القاعة قليلا.",
      "واتفق وزراء الخارجية العرب على دعم الحل السياسي للأزمة السورية في "
      "ختام الاجتماع.",
  };
  const auto summary =
      Summarize("وزراء الخارجية العرب يبحثون الأزمة السورية", paragraphs, 2);
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0], paragraphs[0]);
  EXPECT_EQ(summary[1], paragraphs[2]);
}

TEST(SummarizeTest, StripsDatelineFromLead) {
  const auto summary =
      Summarize("",
                {"بيروت (رويترز) - قال مسؤولون إن المحادثات بين الطرفين انتهت "
                 "دون اتفاق."},
                1);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0],
            "قال مسؤولون إن المحادثات بين الطرفين انتهت دون اتفاق.");
}

TEST(SummarizeTest, SkipsDatelineOnlyParagraphAndByline) {
  const auto summary =
      Summarize("",
                {"هديل غبون", "بيروت (رويترز) -",
                 "قال مسؤولون إن المحادثات بين الطرفين انتهت دون اتفاق."},
                3);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0],
            "قال مسؤولون إن المحادثات بين الطرفين انتهت دون اتفاق.");
}

TEST(SummarizeTest, PrefersFullSentenceOverQuoteOnlySentence) {
  const auto summary = Summarize(
      "الحكومة تعلن الموازنة",
      {"«الموازنة الجديدة تحمي الفقراء وتدعم الحكومة والاقتصاد والتنمية».",
       "أعلنت الحكومة الموازنة الجديدة للعام المقبل أمام البرلمان أمس."},
      1);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0],
            "أعلنت الحكومة الموازنة الجديدة للعام المقبل أمام البرلمان أمس.");
}

TEST(SummarizeTest, ShortSentencesUsedWhenNothingElse) {
  const auto summary = Summarize("", {"انفجار في المدينة."}, 2);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(summary[0], "انفجار في المدينة.");
}

TEST(SummarizeTest, EmptyInputGivesEmptySummary) {
  EXPECT_TRUE(Summarize("", {}).empty());
  EXPECT_TRUE(Summarize("عنوان", {"", "   ", "..."}).empty());
}

TEST(SummarizeTest, ZeroMaxSentencesGivesEmptySummary) {
  EXPECT_TRUE(
      Summarize("", {"قال الوزير إن الاجتماع انتهى بنجاح كبير."}, 0).empty());
}

TEST(SummarizeTest, NonArabicTextIsSummarized) {
  const auto summary = Summarize(
      "Markets", {"Stock markets fell sharply on Monday after the report."}, 1);
  ASSERT_EQ(summary.size(), 1u);
}

TEST(SummarizeTest, InvalidUtf8ParagraphIsIgnored) {
  EXPECT_TRUE(Summarize("\xff", {"\xc3\x28 abc"}).empty());
}

TEST(SummarizeTest, HundredThousandWordArticleDoesNotCrash) {
  std::vector<std::string> paragraphs;
  for (int p = 0; p < 1000; ++p) {
    std::string paragraph;
    for (int s = 0; s < 10; ++s) {
      paragraph += "قال الوزير إن الحكومة ستدعم المزارعين في الموسم رقم " +
                   std::to_string(p * 10 + s) + ". ";
    }
    paragraphs.push_back(paragraph);
  }
  EXPECT_EQ(Summarize("الحكومة تدعم المزارعين", paragraphs, 2).size(), 2u);
}

}  // namespace
}  // namespace khabar::nlp
