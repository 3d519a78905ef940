// Calendar arithmetic for date normalization: civil (proleptic Gregorian)
// dates, weekdays, ISO weeks and the tabular Islamic (Hijri) calendar.
//
// Days are counted from 1970-01-01 (day 0), like base/time.h's
// DaysFromCivil. The Hijri conversion is the arithmetical "tabular" calendar
// (civil epoch 16 July 622 Julian, leap years 2, 5, 7, 10, 13, 16, 18, 21,
// 24, 26, 29 of each 30-year cycle). It is deterministic and needs no
// tables, but it can differ by one or two days from the Umm al-Qura calendar
// and from months fixed by moon sighting (1 Ramadan 1437 is 2016-06-07 here,
// 2016-06-06 in Umm al-Qura). All functions are pure and thread-safe.
#ifndef KHABAR_NLP_DATES_CALENDAR_H_
#define KHABAR_NLP_DATES_CALENDAR_H_

#include <cstdint>
#include <string>

namespace khabar::nlp {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Inverse of DaysFromCivil.
CivilDate CivilFromDays(int64_t days);

// Days in `month` of `year` (Gregorian), 0 for a month outside 1..12.
int DaysInMonth(int year, int month);

// 0 = Sunday ... 6 = Saturday, the order of the Arabic week (الأحد first).
int WeekdayFromDays(int64_t days);

// ISO 8601 week of a day: weeks start on Monday and week 1 holds the year's
// first Thursday, so 2016-01-01 is in 2015-W53.
struct IsoWeek {
  int year = 1970;
  int week = 1;
};
IsoWeek IsoWeekFromDays(int64_t days);

// Tabular Hijri date <-> days since 1970-01-01. HijriToDays does not
// validate its fields; callers keep month in 1..12 and day in 1..30.
int64_t HijriToDays(int year, int month, int day);
struct HijriDate {
  int year = 1;
  int month = 1;
  int day = 1;
};
HijriDate HijriFromDays(int64_t days);

// TIMEX3 value strings: "2016", "2016-10", "2016-10-17", "2016-W42".
std::string FormatYear(int year);
std::string FormatMonth(int year, int month);
std::string FormatDay(int year, int month, int day);
std::string FormatDay(int64_t days);
std::string FormatWeek(const IsoWeek& week);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_DATES_CALENDAR_H_
