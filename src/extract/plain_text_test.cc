#include "extract/plain_text.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace khabar::extract {
namespace {

// Short original news text for the rules below.
constexpr std::string_view kTitle =
    "بدء حصاد القمح مبكرا في المحافظات الشمالية";
constexpr std::string_view kP1 =
    "قالت وزارة الزراعة اليوم الثلاثاء إن موسم حصاد القمح في المحافظات "
    "الشمالية بدأ مبكرا هذا العام بسبب ارتفاع درجات الحرارة.";
constexpr std::string_view kP2 =
    "وأوضح المتحدث باسم الوزارة أن الإنتاج المتوقع يزيد على مليوني طن، وهو "
    "أعلى رقم منذ خمس سنوات.";
constexpr std::string_view kP3 =
    "وأضاف أن الوزارة خصصت مراكز استلام جديدة في القرى البعيدة لتخفيف أعباء "
    "النقل عن المزارعين.";

std::string Lines(std::initializer_list<std::string_view> lines,
                  std::string_view eol = "\n") {
  std::string out;
  for (std::string_view line : lines) {
    if (!out.empty()) out += eol;
    out += line;
  }
  return out;
}

RawArticle MustExtract(std::string_view bytes) {
  Result<RawArticle> r = ExtractPlainText(bytes);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : RawArticle{};
}

// The reason recorded for `line`, or "" when it was kept.
std::string ReasonFor(const RawArticle& a, int line) {
  for (const DroppedLine& d : a.dropped) {
    if (d.line == line) return d.reason;
  }
  return "";
}

std::vector<std::string> Body(std::initializer_list<std::string_view> p) {
  return std::vector<std::string>(p.begin(), p.end());
}

TEST(PlainTextExtractorTest, KeepsParagraphsInOrder) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kP3}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2, kP3}));
  EXPECT_TRUE(a.dropped.empty());
}

TEST(PlainTextExtractorTest, TakesHeadlineRepeatedAfterBody) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kP3, kTitle, kTitle}));
  EXPECT_EQ(a.title, kTitle);
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2, kP3}));
  EXPECT_EQ(ReasonFor(a, 4), "headline");
  EXPECT_EQ(ReasonFor(a, 5), "repeated headline");
}

TEST(PlainTextExtractorTest, TakesHeadlineRepeatedFirstAndLast) {
  RawArticle a = MustExtract(Lines({kTitle, kP1, kP2, kTitle}));
  EXPECT_EQ(a.title, kTitle);
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
}

TEST(PlainTextExtractorTest, MatchesRepeatedHeadlineAcrossSpellings) {
  RawArticle a =
      MustExtract(Lines({kP1, kP2, "بدء حصاد القمح مبكراً في المحافظات الشمالية",
                         "بدء حصاد القمح مبكرا في المحافظات الشماليّة"}));
  EXPECT_EQ(a.title, "بدء حصاد القمح مبكراً في المحافظات الشمالية");
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
}

TEST(PlainTextExtractorTest, TakesShortFirstLineAsTitle) {
  RawArticle a = MustExtract(Lines({kTitle, kP1, kP2}));
  EXPECT_EQ(a.title, kTitle);
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 1), "headline");
}

TEST(PlainTextExtractorTest, TakesShortLastLineAsTitle) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kTitle}));
  EXPECT_EQ(a.title, kTitle);
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
}

TEST(PlainTextExtractorTest, LeavesTitleEmptyWhenNoLineLooksLikeOne) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kP3}));
  EXPECT_EQ(a.title, "");
}

TEST(PlainTextExtractorTest, DoesNotTakeFirstSentenceAsTitle) {
  constexpr std::string_view kShortSentence = "ارتفعت أسعار الخبز.";
  RawArticle a = MustExtract(Lines({kShortSentence, kP1}));
  EXPECT_EQ(a.title, "");
  EXPECT_EQ(a.paragraphs, Body({kShortSentence, kP1}));
}

TEST(PlainTextExtractorTest, DoesNotTakeOneWordLabelAsTitle) {
  RawArticle a = MustExtract(Lines({"عاجل", kP1}));
  EXPECT_EQ(a.title, "");
}

TEST(PlainTextExtractorTest, AcceptsQuestionHeadlineWhenRepeated) {
  constexpr std::string_view kQuestion = "هل ينجح موسم الحصاد المبكر؟";
  RawArticle a = MustExtract(Lines({kP1, kP2, kQuestion, kQuestion}));
  EXPECT_EQ(a.title, kQuestion);
}

TEST(PlainTextExtractorTest, DoesNotTakeRepeatedSentenceAsHeadline) {
  RawArticle a = MustExtract(Lines({kTitle, kP1, kP2, kP1}));
  EXPECT_EQ(a.title, kTitle);
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 4), "duplicate line");
}

TEST(PlainTextExtractorTest, DropsRepeatedBodyLineKeepingFirst) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kP2, kP3}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2, kP3}));
  EXPECT_EQ(ReasonFor(a, 3), "duplicate line");
}

TEST(PlainTextExtractorTest, DropsEmptyLines) {
  RawArticle a = MustExtract(Lines({kP1, "", "  \u00A0 ", kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 2), "empty");
  EXPECT_EQ(ReasonFor(a, 3), "empty");
}

TEST(PlainTextExtractorTest, DropsSubscriptionFooter) {
  RawArticle a = MustExtract(Lines({kP1, kP2, "لم تشترك بعد"}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 3), "boilerplate: subscription");
}

TEST(PlainTextExtractorTest, DropsLongAccountPitchAtTail) {
  constexpr std::string_view kPitch =
      "أنشئ حساباً خاصاً بك لتحصل على أخبار مخصصة لك ولتتمتع بخاصية حفظ "
      "المقالات وتتلقى نشراتنا البريدية المتنوعة";
  RawArticle a = MustExtract(Lines({kP1, kP2, kPitch}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 3), "boilerplate: account");
}

TEST(PlainTextExtractorTest, KeepsLongPitchLikeLineMidText) {
  constexpr std::string_view kLong =
      "أنشئ حساباً خاصاً بك لتحصل على أخبار مخصصة لك ولتتمتع بخاصية حفظ "
      "المقالات وتتلقى نشراتنا البريدية المتنوعة";
  RawArticle a = MustExtract(Lines({kP1, kLong, kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kLong, kP2}));
}

TEST(PlainTextExtractorTest, MatchesBoilerplateAcrossSpellingVariants) {
  RawArticle a =
      MustExtract(Lines({kP1, "إقرأ أيضـاً: أسعار الأسمدة", kP2,
                         "اِشْتَرِكْ في نشرتنا البريدية", "لم تشترك بعد؟"}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 2), "boilerplate: read more");
  EXPECT_EQ(ReasonFor(a, 4), "boilerplate: subscription");
  EXPECT_EQ(ReasonFor(a, 5), "boilerplate: subscription");
}

TEST(PlainTextExtractorTest, DropsSharePrompts) {
  RawArticle a =
      MustExtract(Lines({kP1, "شارك المقال", kP2, "شارك على فيسبوك", "شارك"}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 2), "boilerplate: share");
  EXPECT_EQ(ReasonFor(a, 4), "boilerplate: share");
  EXPECT_EQ(ReasonFor(a, 5), "boilerplate: share");
}

TEST(PlainTextExtractorTest, DropsFollowUsPrompt) {
  RawArticle a = MustExtract(Lines({kP1, kP2, "تابعونا على تويتر وفيسبوك"}));
  EXPECT_EQ(ReasonFor(a, 3), "boilerplate: follow us");
}

TEST(PlainTextExtractorTest, DropsCopyrightFooter) {
  RawArticle a = MustExtract(
      Lines({kP1, kP2, "© 2024 موقع خبر", "جميع الحقوق محفوظة لموقع خبر"}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 3), "boilerplate: copyright");
  EXPECT_EQ(ReasonFor(a, 4), "boilerplate: copyright");
}

TEST(PlainTextExtractorTest, DropsPhotoCaptionCredits) {
  RawArticle a = MustExtract(
      Lines({kP1, "الصورة : أرشيفية", kP2, "مصدر الصورة Getty Images"}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 2), "boilerplate: photo caption");
  EXPECT_EQ(ReasonFor(a, 4), "boilerplate: photo caption");
}

TEST(PlainTextExtractorTest, DropsAdvertisementLabel) {
  RawArticle a = MustExtract(Lines({kP1, "إعلان", kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 2), "boilerplate: advertisement");
}

TEST(PlainTextExtractorTest, KeepsShortBodyLineOpeningWithAdvertisementWord) {
  constexpr std::string_view kLine = "إعلان نتائج امتحانات الثانوية العامة غدا";
  RawArticle a = MustExtract(Lines({kP1, kLine, kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kLine, kP2}));
}

TEST(PlainTextExtractorTest, KeepsBodyLineMentioningSubscriptionMidSentence) {
  constexpr std::string_view kLine =
      "وقال رئيس الاتحاد إن التعاونيات ستدعو المزارعين إلى اشترك في نشرتنا "
      "الزراعية الأسبوعية.";
  RawArticle a = MustExtract(Lines({kP1, kLine, kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kLine, kP2}));
}

TEST(PlainTextExtractorTest, KeepsSentenceThatOpensLikeSubscriptionPitch) {
  constexpr std::string_view kLine = "لم تشترك بعد أي دولة عربية في الاتفاق.";
  RawArticle a = MustExtract(Lines({kP1, kLine, kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kLine, kP2}));
}

TEST(PlainTextExtractorTest, KeepsLongParagraphOpeningWithBoilerplatePhrase) {
  constexpr std::string_view kLine =
      "للمزيد من الدعم قررت الحكومة رفع سعر شراء القمح من المزارعين بنسبة "
      "عشرة في المئة اعتبارا من الشهر المقبل.";
  RawArticle a = MustExtract(Lines({kP1, kLine, kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kLine, kP2}));
}

TEST(PlainTextExtractorTest, DropsReadMoreBoxWithItsHeadlines) {
  RawArticle a = MustExtract(
      Lines({kP1, "اقرأ أيضاً:", "ارتفاع أسعار الأعلاف في الأسواق المحلية",
             "خطة لتحديث شبكات الري", kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(ReasonFor(a, 2), "boilerplate: read more");
  EXPECT_EQ(ReasonFor(a, 3), "boilerplate: read more");
  EXPECT_EQ(ReasonFor(a, 4), "boilerplate: read more");
}

TEST(PlainTextExtractorTest, EndsReadMoreBoxAtFirstSentence) {
  RawArticle a = MustExtract(Lines({kP1, "اقرأ أيضاً", kP2, kP3}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2, kP3}));
}

TEST(PlainTextExtractorTest, ReadsBylineAtHead) {
  RawArticle a = MustExtract(Lines({kTitle, "بقلم: سمير الحداد", kP1, kP2}));
  EXPECT_EQ(a.title, kTitle);
  EXPECT_EQ(a.author, "سمير الحداد");
  EXPECT_EQ(ReasonFor(a, 2), "byline");
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
}

TEST(PlainTextExtractorTest, ReadsKatabaBylineOnlyWithSeparator) {
  RawArticle a = MustExtract(Lines({"كتب - ليلى منصور", kP1}));
  EXPECT_EQ(a.author, "ليلى منصور");
  constexpr std::string_view kSentence = "كتب الوزير رسالة إلى المزارعين";
  RawArticle b = MustExtract(Lines({kSentence, kP1, kP2}));
  EXPECT_EQ(b.author, "");
}

TEST(PlainTextExtractorTest, ReadsIsoDatelineAtHead) {
  RawArticle a = MustExtract(Lines({"2016-10-19", kTitle, kP1, kP2}));
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2016-10-19T00:00:00Z");
  EXPECT_EQ(ReasonFor(a, 1), "dateline");
  EXPECT_EQ(a.title, kTitle);
}

TEST(PlainTextExtractorTest, ReadsArabicDatelineWithWeekday) {
  RawArticle a =
      MustExtract(Lines({kTitle, "الأربعاء 19 أكتوبر 2016", kP1, kP2}));
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2016-10-19T00:00:00Z");
  EXPECT_EQ(ReasonFor(a, 2), "dateline");
}

TEST(PlainTextExtractorTest, KeepsDateLineDeepInBody) {
  RawArticle a = MustExtract(
      Lines({kP1, kP2, kP3, "وأضاف أن الحصاد سيستمر أسابيع.",
             "وقال مزارع إن المحصول جيد.", "ويتوقع المسؤولون موسما أفضل.",
             "19 أكتوبر 2016", "وختم المتحدث حديثه بالشكر للمزارعين."}));
  EXPECT_FALSE(a.published_at.has_value());
  EXPECT_EQ(a.paragraphs.size(), 8u);
}

TEST(PlainTextExtractorTest, SkipsUtf8Bom) {
  RawArticle a = MustExtract("\xEF\xBB\xBF" + Lines({kP1, kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
}

TEST(PlainTextExtractorTest, SplitsCrlfLines) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kTitle, kTitle}, "\r\n"));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_EQ(a.title, kTitle);
}

TEST(PlainTextExtractorTest, SplitsLoneCrLines) {
  RawArticle a = MustExtract(Lines({kP1, kP2, kP3}, "\r"));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2, kP3}));
}

TEST(PlainTextExtractorTest, AcceptsFinalNewline) {
  RawArticle a = MustExtract(Lines({kP1, kP2}) + "\n");
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
  EXPECT_TRUE(a.dropped.empty());
}

TEST(PlainTextExtractorTest, TrimsNbspAndSpacesAroundLines) {
  RawArticle a = MustExtract(
      Lines({std::string("\u00A0 ") + std::string(kP1) + " \u00A0\t", kP2}));
  EXPECT_EQ(a.paragraphs, Body({kP1, kP2}));
}

TEST(PlainTextExtractorTest, ListsDroppedLinesInOrderWithText) {
  RawArticle a =
      MustExtract(Lines({kP1, "", kP2, kTitle, kTitle, "لم تشترك بعد"}));
  ASSERT_EQ(a.dropped.size(), 4u);
  EXPECT_EQ(a.dropped[0].line, 2);
  EXPECT_EQ(a.dropped[1].line, 4);
  EXPECT_EQ(a.dropped[2].line, 5);
  EXPECT_EQ(a.dropped[3].line, 6);
  EXPECT_EQ(a.dropped[3].text, "لم تشترك بعد");
}

// --- errors -----------------------------------------------------------------

void ExpectInvalid(std::string_view bytes, std::string_view message_part) {
  Result<RawArticle> r = ExtractPlainText(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find(message_part), std::string::npos)
      << "message was: " << r.status().message();
}

TEST(PlainTextExtractorTest, RejectsEmptyInput) {
  ExpectInvalid("", "empty article");
  ExpectInvalid("\xEF\xBB\xBF", "empty article");
}

TEST(PlainTextExtractorTest, RejectsWhiteSpaceOnlyInput) {
  ExpectInvalid(" \n\t\r\n  ", "empty article");
  ExpectInvalid("\u00A0\n\u2003 \n", "empty article");
}

TEST(PlainTextExtractorTest, RejectsInvalidUtf8NamingTheOffset) {
  ExpectInvalid("abc\nd\xFF", "invalid UTF-8 at byte 5");
}

TEST(PlainTextExtractorTest, CountsInvalidUtf8OffsetFromBeforeTheBom) {
  ExpectInvalid(
      "\xEF\xBB\xBF"
      "ab\xC3",
      "at byte 5");
}

TEST(PlainTextExtractorTest, RejectsBinaryWithNulByte) {
  ExpectInvalid(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
                "binary data");
}

TEST(PlainTextExtractorTest, RejectsMostlyControlCharacters) {
  ExpectInvalid("\x01\x02\x03\x04\x05\x06 abc", "binary data");
}

TEST(PlainTextExtractorTest, RejectsHugeLine) {
  PlainTextOptions options;
  options.max_line_bytes = 64;
  Result<RawArticle> r = ExtractPlainText(Lines({kP1, kP2}), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("line 1 is too long"), std::string::npos)
      << r.status().message();
}

TEST(PlainTextExtractorTest, RejectsHugeLineUnderDefaultLimit) {
  const std::string huge(PlainTextOptions{}.max_line_bytes + 1, 'x');
  ExpectInvalid(Lines({kP1, huge}), "line 2 is too long");
}

TEST(PlainTextExtractorTest, RejectsInputWithOnlyBoilerplate) {
  ExpectInvalid(Lines({"لم تشترك بعد", "شارك المقال"}), "no body text");
}

}  // namespace
}  // namespace khabar::extract
