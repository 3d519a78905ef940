#include "extract/line_text.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::extract::internal {
namespace {

TEST(MatchKeyTest, FoldsAlefForms) { EXPECT_EQ(MatchKey("أإآٱ"), "اااا"); }

TEST(MatchKeyTest, FoldsAlefMaksuraAndTehMarbuta) {
  EXPECT_EQ(MatchKey("على المدينة"), "علي المدينه");
}

TEST(MatchKeyTest, RemovesHarakatAndTatweel) {
  EXPECT_EQ(MatchKey("حِسَاباً"), "حسابا");
  EXPECT_EQ(MatchKey("اشـــترك"), "اشترك");
}

TEST(MatchKeyTest, FoldsArabicIndicDigits) {
  EXPECT_EQ(MatchKey("٢٠١٦ ۲۰۱۶"), "2016 2016");
}

TEST(MatchKeyTest, CollapsesWhiteSpaceIncludingNbsp) {
  EXPECT_EQ(MatchKey(" \u00A0لم\t تشترك\u00A0\u00A0بعد "), "لم تشترك بعد");
}

TEST(MatchKeyTest, RemovesFormatMarks) {
  EXPECT_EQ(MatchKey("\u200Fشارك\u200C المقال\uFEFF"), "شارك المقال");
}

TEST(MatchKeyTest, DropsSpaceBeforeColon) {
  EXPECT_EQ(MatchKey("الصورة : رويترز"), "الصوره: رويترز");
}

TEST(MatchKeyTest, LowercasesAsciiOnly) {
  EXPECT_EQ(MatchKey("GMT Ab"), "gmt ab");
}

TEST(MatchKeyTest, IsIdempotent) {
  const std::string once = MatchKey("أنشئ حساباً  خاصاً : الآن ١٢");
  EXPECT_EQ(MatchKey(once), once);
}

TEST(TrimSpaceTest, TrimsNbspAndBidiMarks) {
  EXPECT_EQ(TrimSpace("\u00A0\u200F نص \u2003\u200E"), "نص");
  EXPECT_EQ(TrimSpace(" \t "), "");
}

TEST(SplitLinesTest, HandlesLfCrlfAndLoneCr) {
  const auto lines = SplitLines("a\r\nb\rc\nd");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].text, "b");
  EXPECT_EQ(lines[2].text, "c");
  EXPECT_EQ(lines[3].text, "d");
  EXPECT_EQ(lines[3].number, 4);
}

TEST(SplitLinesTest, FinalLineBreakStartsNoLine) {
  EXPECT_EQ(SplitLines("a\n").size(), 1u);
  EXPECT_EQ(SplitLines("a\n\n").size(), 2u);
  EXPECT_TRUE(SplitLines("").empty());
}

TEST(CountWordsTest, CountsSpaceSeparatedWords) {
  EXPECT_EQ(CountWords(""), 0);
  EXPECT_EQ(CountWords("لم تشترك بعد"), 3);
}

TEST(EndsWithSentencePunctuationTest, LooksPastClosingQuotes) {
  EXPECT_TRUE(EndsWithSentencePunctuation("قال: «سننتصر.»"));
  EXPECT_TRUE(EndsWithSentencePunctuation("هل ينتهي الحصار؟"));
  EXPECT_FALSE(EndsWithSentencePunctuation("الهجوم على الرقة «في الأسابيع»"));
  EXPECT_FALSE(EndsWithSentencePunctuation(""));
}

TEST(EndsWithQuestionOrExclamationTest, AcceptsArabicQuestionMark) {
  EXPECT_TRUE(EndsWithQuestionOrExclamation("هل ينتهي الحصار؟"));
  EXPECT_FALSE(EndsWithQuestionOrExclamation("انتهى الحصار."));
}

}  // namespace
}  // namespace khabar::extract::internal
