// FindDates: recognizes Arabic date and time expressions in news text and
// normalizes them to TIMEX3 values, resolving relative expressions against
// the article's publication date.
//
// Recognized (one test each in dates_test.cc):
//  - month names of every regional series, with an optional day, year,
//    parenthesized or slashed alternative name and modifier:
//    "17 اكتوبر (تشرين الاول)", "اغسطس (آب) 2016", "5 يونيو/حزيران",
//    "جانفي 2016", "الثامن من مايو القادم", "اوائل شهر مارس الماضي";
//  - Hijri dates ("رمضان 1437 هـ", "5 شوال 1437") converted to Gregorian;
//  - numeric dates, day first unless the year leads: 17/10/2016,
//    17-10-2016, 17.10.2016, 2016/10/17;
//  - years with a cue: "عام 2016", "سنة 2016", "2002م", "في 1970", "(1881)";
//  - deictic days: اليوم, أمس, الأمس, أمس الأول, أول أمس, غدا, الغد,
//    بعد غد, with an appended weekday ("أمس الجمعة", "اليوم (الاربعاء)");
//  - weekdays: "يوم الجمعة", "الخميس الماضي", "السبت القادم";
//  - units with a modifier: "الأسبوع الماضي", "الشهر المقبل", "هذا العام";
//  - parts of a day: "مساء أمس", "صباح الثلاثاء", "الليلة الماضية", and
//    clock times "الساعة 7.30 مساء", "الساعة العاشرة";
//  - decades and centuries: "الستينيات", "القرن التاسع عشر";
//  - vague references: الآن/حاليا (PRESENT_REF), مؤخرا/سابقا (PAST_REF),
//    قريبا (FUTURE_REF);
//  - durations "26 عاما", "اسبوعين", "ثلاثة أعوام", and sets "سنويا",
//    "كل عامين", "كل يوم سبت".
// A bare number is never a date; ambiguous month names (آب/أب, مارس,
// نيسان, تموز, ماي, أوت ...) need a day, a year, "شهر", a modifier or a
// paired month name.
//
// Matching runs on the default-normalized text (alef/hamza, teh marbuta,
// alef maqsura, harakat and digit folds), so spelling variants and
// Arabic-Indic digits match; offsets are mapped back to the original input.
// The clitics و and ف are split off every word (the mention starts after
// them); ب, ل and ك only where they keep the date sense (بالأمس, لعام
// 2016, للعام الماضي), not from اليوم (باليوم العالمي is no date).
//
// Input is assumed to be valid UTF-8 (see text::ValidateUtf8); invalid bytes
// never crash but may hide mentions. FindDates is a pure function, thread-safe
// (its word tables are built once, on first use, and are immutable), and its
// result owns all its strings.
#ifndef KHABAR_NLP_DATES_DATES_H_
#define KHABAR_NLP_DATES_DATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"

namespace khabar::nlp {

struct DateMention {
  enum class Kind : uint8_t {
    kDate,      // calendar date, month, year, decade or century
    kRelative,  // deictic: today, last week, next month, now, recently
    kWeekday,   // a named weekday resolved to the nearest matching day
    kTime,      // a part of a day or a clock time
    kDuration,  // an amount of time: "26 عاما" -> P26Y
    kSet,       // a recurrence: "سنويا" -> P1Y
  };

  uint32_t begin = 0;  // byte offsets into the input of FindDates
  uint32_t end = 0;
  std::string text;  // the input bytes [begin, end)
  // A TIMEX3 value: "2016-10-17", "2016-10", "2016", "2016-W42", "196"
  // (the 1960s), "19" (the 20th century), "2016-10-25TEV", "P26Y",
  // "PRESENT_REF", "PAST_REF", "FUTURE_REF"; "" when the expression needs a
  // publication date that was not given, or cannot be pinned down.
  std::string value;
  Kind kind = Kind::kDate;

  friend bool operator==(const DateMention&, const DateMention&) = default;
};

// "date", "relative", "weekday", "time", "duration", "set".
std::string_view DateKindName(DateMention::Kind kind);

// Finds the date expressions of `text` in order, without overlaps.
// `published_at` anchors relative expressions (its UTC calendar day is
// "today") and supplies the year of dates written without one: the most
// recent such date no later than kFutureMarginDays after publication.
std::vector<DateMention> FindDates(std::string_view text,
                                   std::optional<UnixSeconds> published_at);

// Dates up to this many days after publication keep the publication year:
// news announces events weeks ahead ("الانتخابات في 8 نوفمبر" written on 26
// October), while a bare date further ahead is more often last year's.
inline constexpr int kFutureMarginDays = 45;

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_DATES_DATES_H_
