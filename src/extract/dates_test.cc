#include "extract/dates.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::extract {
namespace {

UnixSeconds Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  std::optional<UnixSeconds> t = MakeUtc(y, mo, d, h, mi, s);
  EXPECT_TRUE(t.has_value());
  return t.value_or(0);
}

TEST(ParseDateTimeTest, ReadsRfc822WithGmt) {
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 13:39:43 GMT"),
            Utc(2018, 4, 7, 13, 39, 43));
}

TEST(ParseDateTimeTest, ReadsRfc822WithNumericOffset) {
  EXPECT_EQ(ParseDateTime("Mon, 07 May 2018 17:33:17 +0000"),
            Utc(2018, 5, 7, 17, 33, 17));
  EXPECT_EQ(ParseDateTime("Mon, 07 May 2018 17:33:17 +0300"),
            Utc(2018, 5, 7, 14, 33, 17));
  EXPECT_EQ(ParseDateTime("Mon, 07 May 2018 17:33:17 -0130"),
            Utc(2018, 5, 7, 19, 3, 17));
}

TEST(ParseDateTimeTest, ReadsRfc822NamedZones) {
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 13:39:43 UTC"),
            Utc(2018, 4, 7, 13, 39, 43));
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 13:39:43 UT"),
            Utc(2018, 4, 7, 13, 39, 43));
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 08:39:43 EST"),
            Utc(2018, 4, 7, 13, 39, 43));
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 06:39:43 PDT"),
            Utc(2018, 4, 7, 13, 39, 43));
}

TEST(ParseDateTimeTest, ReadsRfc822WithoutSeconds) {
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 13:39 GMT"),
            Utc(2018, 4, 7, 13, 39));
}

TEST(ParseDateTimeTest, ReadsRfc822WithoutWeekday) {
  EXPECT_EQ(ParseDateTime("7 Apr 2018 13:39:43 +0000"),
            Utc(2018, 4, 7, 13, 39, 43));
}

TEST(ParseDateTimeTest, ReadsRfc822TwoDigitYears) {
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 18 13:39:43 GMT"),
            Utc(2018, 4, 7, 13, 39, 43));
  EXPECT_EQ(ParseDateTime("Thu, 01 Jan 98 00:00:00 GMT"), Utc(1998, 1, 1));
}

TEST(ParseDateTimeTest, ReadsRfc822IgnoringCaseAndComment) {
  EXPECT_EQ(ParseDateTime("sat, 07 APR 2018 13:39:43 gmt"),
            Utc(2018, 4, 7, 13, 39, 43));
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018 13:39:43 +0000 (UTC)"),
            Utc(2018, 4, 7, 13, 39, 43));
}

TEST(ParseDateTimeTest, ReadsRfc822DateWithoutTime) {
  EXPECT_EQ(ParseDateTime("Sat, 07 Apr 2018"), Utc(2018, 4, 7));
}

TEST(ParseDateTimeTest, ReadsRfc3339WithZ) {
  EXPECT_EQ(ParseDateTime("2018-04-07T13:39:43Z"), Utc(2018, 4, 7, 13, 39, 43));
}

TEST(ParseDateTimeTest, ReadsIso8601WithOffset) {
  EXPECT_EQ(ParseDateTime("2017-01-20T21:43:00+01:00"),
            Utc(2017, 1, 20, 20, 43));
  EXPECT_EQ(ParseDateTime("2017-01-20T21:43:00+0100"),
            Utc(2017, 1, 20, 20, 43));
  EXPECT_EQ(ParseDateTime("2017-01-20T21:43:00-05"), Utc(2017, 1, 21, 2, 43));
}

TEST(ParseDateTimeTest, ReadsIso8601WithSpaceForT) {
  EXPECT_EQ(ParseDateTime("2018-04-07 13:39:43"), Utc(2018, 4, 7, 13, 39, 43));
  EXPECT_EQ(ParseDateTime("2018-04-07 13:39:43 +03:00"),
            Utc(2018, 4, 7, 10, 39, 43));
}

TEST(ParseDateTimeTest, DropsFractionsOfSeconds) {
  EXPECT_EQ(ParseDateTime("2018-04-07T13:39:43.250Z"),
            Utc(2018, 4, 7, 13, 39, 43));
}

TEST(ParseDateTimeTest, ReadsIso8601DateOnly) {
  EXPECT_EQ(ParseDateTime("2016-10-19"), Utc(2016, 10, 19));
}

TEST(ParseDateTimeTest, ReadsCompactTimeFromAntCorpus) {
  EXPECT_EQ(ParseDateTime("2017-01-22T185600"), Utc(2017, 1, 22, 18, 56));
}

TEST(ParseDateTimeTest, ReadsDayFirstSlashDateFromAntCorpus) {
  EXPECT_EQ(ParseDateTime("17/05/2015"), Utc(2015, 5, 17));
  EXPECT_EQ(ParseDateTime("05/06/2015"), Utc(2015, 6, 5));
  EXPECT_EQ(ParseDateTime("5.6.2015 10:30"), Utc(2015, 6, 5, 10, 30));
}

TEST(ParseDateTimeTest, IgnoresSurroundingWhiteSpace) {
  EXPECT_EQ(ParseDateTime("  2016-10-19\r\n"), Utc(2016, 10, 19));
}

TEST(ParseDateTimeTest, RejectsGarbage) {
  for (const char* garbage : {"",
                              " ",
                              "yesterday",
                              "2016",
                              "2016-10",
                              "2016-13-01",
                              "2016-02-30",
                              "2016-10-19T25:00:00Z",
                              "2016-10-19Tfoo",
                              "2016-10-19 10:00 XYZ",
                              "Sat, 07 Foo 2018 13:39:43 GMT",
                              "Xyz, 07 Apr 2018",
                              "07 Apr",
                              "31/04/2016",
                              "12/25/2016",
                              "1/2/3",
                              "2016-10-19T10:00:00+99:00",
                              "2016-10-19 trailing",
                              "Sat, 07 Apr 2018 13:39:43 GMT extra",
                              "Sat, 07 Apr 2018 13:39:43 +0000 (unclosed",
                              "00000000000000000000",
                              "2016-10-19T10:00:00."}) {
    EXPECT_EQ(ParseDateTime(garbage), std::nullopt) << garbage;
  }
}

TEST(ParseDateTimeTest, RejectsNonAsciiAndNulBytes) {
  EXPECT_EQ(ParseDateTime(std::string("2016-10-19\0", 11)), std::nullopt);
  EXPECT_EQ(ParseDateTime("\xFF\xFE"), std::nullopt);
}

TEST(ParseDateTimeTest, ReadsEveryFormatOfTheAntCorpora) {
  // One value of each shape counted in the v1.1 and v2.1 files.
  EXPECT_TRUE(ParseDateTime("Sat, 07 Apr 2018 13:39:43 GMT"));
  EXPECT_TRUE(ParseDateTime("Tue, 13 Feb 2018 10:22:00 +0000"));
  EXPECT_TRUE(ParseDateTime("2016-12-10T10:18:00+01:00"));
  EXPECT_TRUE(ParseDateTime("2017-01-22T194300"));
  EXPECT_TRUE(ParseDateTime("02/05/2016"));
}

// Variants seen in real Arabic news feeds.
TEST(ParseDateTimeTest, ReadsOffsetFollowedBySameZoneName) {
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 +0000 GMT"),
            Utc(2024, 11, 5, 10));
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 +0200 EET"),
            Utc(2024, 11, 5, 8));
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 +0300 GMT"), std::nullopt);
}

TEST(ParseDateTimeTest, ReadsRfc822WithoutCommaAfterWeekday) {
  EXPECT_EQ(ParseDateTime("Tue 05 Nov 2024 10:00:00 GMT"),
            Utc(2024, 11, 5, 10));
}

TEST(ParseDateTimeTest, ReadsFullWeekdayAndMonthNames) {
  EXPECT_EQ(ParseDateTime("Tuesday, 5 November 2024"), Utc(2024, 11, 5));
  EXPECT_EQ(ParseDateTime("Tuesday, 5 November 2024 10:00:00 +0300"),
            Utc(2024, 11, 5, 7));
}

TEST(ParseDateTimeTest, ReadsOneDigitHour) {
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 5:07:00 GMT"),
            Utc(2024, 11, 5, 5, 7));
  EXPECT_EQ(ParseDateTime("2024-11-05 5:07"), Utc(2024, 11, 5, 5, 7));
  EXPECT_EQ(ParseDateTime("2024-11-05T5:07:00Z"), Utc(2024, 11, 5, 5, 7));
  EXPECT_EQ(ParseDateTime("2024-11-05T507"), std::nullopt);
}

TEST(ParseDateTimeTest, ReadsIsoOffsetWithoutColon) {
  EXPECT_EQ(ParseDateTime("2024-11-05T10:00:00+0300"), Utc(2024, 11, 5, 7));
}

TEST(ParseDateTimeTest, ReadsIsoWithoutSecondsOrZone) {
  EXPECT_EQ(ParseDateTime("2024-11-05 10:00"), Utc(2024, 11, 5, 10));
}

TEST(ParseDateTimeTest, ReadsLowercaseTAndZ) {
  EXPECT_EQ(ParseDateTime("2024-11-05t10:00:00z"), Utc(2024, 11, 5, 10));
}

TEST(ParseDateTimeTest, ReadsGmtPlusOffset) {
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 GMT+3"),
            Utc(2024, 11, 5, 7));
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 GMT+03:00"),
            Utc(2024, 11, 5, 7));
  EXPECT_EQ(ParseDateTime("2024-11-05 10:00 UTC-2"), Utc(2024, 11, 5, 12));
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 EST+3"), std::nullopt);
}

TEST(ParseDateTimeTest, ReadsUnambiguousEuropeanZoneNames) {
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 EET"),
            Utc(2024, 11, 5, 8));
  EXPECT_EQ(ParseDateTime("Fri, 05 Jul 2024 10:00:00 EEST"),
            Utc(2024, 7, 5, 7));
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 CET"),
            Utc(2024, 11, 5, 9));
  EXPECT_EQ(ParseDateTime("Tue, 05 Nov 2024 10:00:00 MSK"),
            Utc(2024, 11, 5, 7));
}

TEST(ParseDateTimeTest, RefusesAmbiguousZoneNames) {
  // AST is Atlantic (-4) in the Americas and Arabia (+3) in the Gulf.
  for (const char* text :
       {"Tue, 05 Nov 2024 10:00:00 AST", "Tue, 05 Nov 2024 10:00:00 IST",
        "Tue, 05 Nov 2024 10:00:00 BST", "Tue, 05 Nov 2024 10:00:00 GST"}) {
    EXPECT_EQ(ParseDateTime(text), std::nullopt) << text;
  }
}

TEST(ParseArabicDateTest, ReadsDayMonthYear) {
  EXPECT_EQ(ParseArabicDate("19 أكتوبر 2016"), Utc(2016, 10, 19));
}

TEST(ParseArabicDateTest, ReadsWeekdayWithOrWithoutComma) {
  EXPECT_EQ(ParseArabicDate("الأربعاء 19 أكتوبر 2016"), Utc(2016, 10, 19));
  EXPECT_EQ(ParseArabicDate("الأربعاء، 19 أكتوبر 2016"), Utc(2016, 10, 19));
}

TEST(ParseArabicDateTest, ReadsLevantineAndMaghrebiMonths) {
  EXPECT_EQ(ParseArabicDate("19 تشرين الأول 2016"), Utc(2016, 10, 19));
  EXPECT_EQ(ParseArabicDate("18 جانفي 2017"), Utc(2017, 1, 18));
  EXPECT_EQ(ParseArabicDate("3 كانون الثاني 2017"), Utc(2017, 1, 3));
  EXPECT_EQ(ParseArabicDate("3 كانون الأول 2017"), Utc(2017, 12, 3));
}

TEST(ParseArabicDateTest, ReadsBothNamesOfOneMonth) {
  EXPECT_EQ(ParseArabicDate("19 أكتوبر (تشرين الأول) 2016"), Utc(2016, 10, 19));
  EXPECT_EQ(ParseArabicDate("19 تشرين الأول/أكتوبر 2016"), Utc(2016, 10, 19));
}

TEST(ParseArabicDateTest, RejectsTwoDifferentMonths) {
  EXPECT_EQ(ParseArabicDate("19 أكتوبر (تشرين الثاني) 2016"), std::nullopt);
}

TEST(ParseArabicDateTest, ToleratesSpellingVariants) {
  EXPECT_EQ(ParseArabicDate("19 اكتوبر 2016"), Utc(2016, 10, 19));
  EXPECT_EQ(ParseArabicDate("الاربعاء 19 اكتوبر 2016"), Utc(2016, 10, 19));
  EXPECT_EQ(ParseArabicDate("1 آب 2016"), Utc(2016, 8, 1));
  EXPECT_EQ(ParseArabicDate("1 اب 2016"), Utc(2016, 8, 1));
  EXPECT_EQ(ParseArabicDate("الجمعه 1 يوليو 2016"), Utc(2016, 7, 1));
}

TEST(ParseArabicDateTest, ReadsArabicIndicDigits) {
  EXPECT_EQ(ParseArabicDate("١٩ أكتوبر ٢٠١٦"), Utc(2016, 10, 19));
}

TEST(ParseArabicDateTest, ReadsTrailingTime) {
  EXPECT_EQ(ParseArabicDate("19 أكتوبر 2016 - 10:30"),
            Utc(2016, 10, 19, 10, 30));
  EXPECT_EQ(ParseArabicDate("19 أكتوبر 2016 الساعة 10:30"),
            Utc(2016, 10, 19, 10, 30));
  EXPECT_EQ(ParseArabicDate("19 أكتوبر 2016 الساعة"), std::nullopt);
}

TEST(ParseArabicDateTest, RejectsSentencesAndGarbage) {
  for (const char* text :
       {"", "أكتوبر", "19 أكتوبر", "في 19 أكتوبر 2016 قال الوزير",
        "19 أكتوبر 2016 قال", "32 أكتوبر 2016", "30 فبراير 2016",
        "123 أكتوبر 2016", "19 أكتوبر 16", "19 شهر 2016"}) {
    EXPECT_EQ(ParseArabicDate(text), std::nullopt) << text;
  }
}

TEST(ParseDateTimeTest, RejectsInstantsOutsideYearsOneTo9999) {
  EXPECT_EQ(ParseDateTime("0001-01-01T00:00:00+01:00"), std::nullopt);
  EXPECT_EQ(ParseDateTime("9999-12-31T23:00:00-02:00"), std::nullopt);
  EXPECT_EQ(ParseDateTime("0001-01-01T00:00:00Z"), Utc(1, 1, 1));
}

TEST(ParseDateTimeTest, RoundTripsFormatIso8601) {
  const UnixSeconds t = Utc(2016, 10, 19, 9, 30, 5);
  EXPECT_EQ(ParseDateTime(FormatIso8601(t)), t);
}

}  // namespace
}  // namespace khabar::extract
