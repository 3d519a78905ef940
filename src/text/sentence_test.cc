#include "text/sentence.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::text {
namespace {

std::vector<std::string> S(std::string_view text) {
  std::vector<std::string> out;
  for (const SentenceSpan& s : SplitSentences(text)) {
    out.push_back(std::string(s.Text(text)));
  }
  return out;
}
using V = std::vector<std::string>;

TEST(SentenceSplitterTest, EmptyInputHasNoSentences) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences(" \n \n").empty());
}

TEST(SentenceSplitterTest, SplitsAtPeriod) {
  EXPECT_EQ(S("بدأ الهجوم. انتهى الهجوم."),
            (V{"بدأ الهجوم.", "انتهى الهجوم."}));
}

TEST(SentenceSplitterTest, SplitsAtArabicQuestionMark) {
  EXPECT_EQ(S("من سيستعيد الرقة؟ الجواب واضح"),
            (V{"من سيستعيد الرقة؟", "الجواب واضح"}));
}

TEST(SentenceSplitterTest, SplitsAtExclamationAndKeepsRun) {
  EXPECT_EQ(S("ماذا؟! لا أعرف"), (V{"ماذا؟!", "لا أعرف"}));
}

TEST(SentenceSplitterTest, SplitsAtArabicFullStop) {
  EXPECT_EQ(S("یہ خبر ہے۔ دوسری"), (V{"یہ خبر ہے۔", "دوسری"}));
}

TEST(SentenceSplitterTest, SplitsAtNewline) {
  EXPECT_EQ(S("العنوان\nالنص"), (V{"العنوان", "النص"}));
  EXPECT_EQ(S("a\r\nb"), (V{"a", "b"}));
}

TEST(SentenceSplitterTest, IncludesClosingQuoteAfterTerminator) {
  EXPECT_EQ(S("قال \"سيبدأ في الاسابيع المقبلة.\" ثم غادر."),
            (V{"قال \"سيبدأ في الاسابيع المقبلة.\"", "ثم غادر."}));
}

TEST(SentenceSplitterTest, IncludesClosingGuillemetAfterTerminator) {
  EXPECT_EQ(S("قال «انتهى.» وغادر."), (V{"قال «انتهى.»", "وغادر."}));
}

TEST(SentenceSplitterTest, DoesNotSplitInsideClosedQuotation) {
  EXPECT_EQ(S("قال “شاهدتم تقدما. نأمل المزيد” ثم غادر."),
            (V{"قال “شاهدتم تقدما. نأمل المزيد” ثم غادر."}));
}

TEST(SentenceSplitterTest, SplitsInsideQuotationThatNeverCloses) {
  EXPECT_EQ(S("قال «شاهدتم تقدما. نأمل المزيد"),
            (V{"قال «شاهدتم تقدما.", "نأمل المزيد"}));
}

TEST(SentenceSplitterTest, QuotationDoesNotSpanLines) {
  EXPECT_EQ(S("قال \"أولا. ثانيا\nثالثا\" هنا."),
            (V{"قال \"أولا.", "ثانيا", "ثالثا\" هنا."}));
}

TEST(SentenceSplitterTest, KeepsSingleLatinLetterAbbreviation) {
  EXPECT_EQ(S("The U.S. Army left. Then"), (V{"The U.S. Army left.", "Then"}));
}

TEST(SentenceSplitterTest, KeepsArabicDoctorAbbreviation) {
  EXPECT_EQ(S("قال د. محمد إن الوضع خطير."), (V{"قال د. محمد إن الوضع خطير."}));
}

TEST(SentenceSplitterTest, KeepsArabicSingleLetterAbbreviations) {
  EXPECT_EQ(S("ولد عام 1950 م. في القاهرة، ص. ب. 12"),
            (V{"ولد عام 1950 م. في القاهرة، ص. ب. 12"}));
}

TEST(SentenceSplitterTest, KeepsLatinTitleAbbreviation) {
  EXPECT_EQ(S("Mr. Smith met Dr. Jones."), (V{"Mr. Smith met Dr. Jones."}));
}

TEST(SentenceSplitterTest, KeepsDecimalNumber) {
  EXPECT_EQ(S("نما الاقتصاد 3.5 بالمئة. ثم"),
            (V{"نما الاقتصاد 3.5 بالمئة.", "ثم"}));
}

TEST(SentenceSplitterTest, KeepsDomainName) {
  EXPECT_EQ(S("زوروا bbc.com اليوم."), (V{"زوروا bbc.com اليوم."}));
}

TEST(SentenceSplitterTest, SplitsAfterEllipsis) {
  EXPECT_EQ(S("انتظروا... سنعود"), (V{"انتظروا...", "سنعود"}));
}

TEST(SentenceSplitterTest, TrimsSpacesAndInvisibleControls) {
  const std::string text = "  \u200Fخبر.  ";
  const std::vector<SentenceSpan> spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].Text(text), "خبر.");
}

TEST(SentenceSplitterTest, SpansAreOrderedAndInRange) {
  const std::string text = "أ. ب؟ ج! د\nه";
  uint32_t last = 0;
  for (const SentenceSpan& s : SplitSentences(text)) {
    EXPECT_LE(last, s.begin);
    EXPECT_LT(s.begin, s.end);
    EXPECT_LE(s.end, text.size());
    last = s.end;
  }
}

}  // namespace
}  // namespace khabar::text
