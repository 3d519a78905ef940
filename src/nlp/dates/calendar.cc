#include "nlp/dates/calendar.h"

#include <cstdio>

#include "base/time.h"

namespace khabar::nlp {

namespace {

// Floor division, so that days before 1970 map to the right week and cycle.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// The tabular calendar's day 1 Muharram 1 AH, in days since 1970-01-01:
// Julian day 1948439.5 (16 July 622 Julian) minus the epoch's 2440587.5.
constexpr int64_t kHijriEpochDays = 1948439 - 2440587;
constexpr int kHijriCycleYears = 30;
constexpr int kHijriCycleDays = 10631;  // 30 * 354 + 11 leap days

}  // namespace

CivilDate CivilFromDays(int64_t days) {
  // Howard Hinnant's civil_from_days: eras of 400 years starting in March.
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(y), static_cast<int>(m),
                   static_cast<int>(d)};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

int WeekdayFromDays(int64_t days) {
  // 1970-01-01 was a Thursday (4 when Sunday is 0).
  return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

IsoWeek IsoWeekFromDays(int64_t days) {
  const int monday_based = (WeekdayFromDays(days) + 6) % 7;
  const int64_t thursday = days - monday_based + 3;
  const int year = CivilFromDays(thursday).year;
  const int64_t jan1 = DaysFromCivil(year, 1, 1);
  return IsoWeek{year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

int64_t HijriToDays(int year, int month, int day) {
  // ceil(29.5 * (month - 1)): months alternate 30 and 29 days.
  const int64_t month_days = (59 * (month - 1) + 1) / 2;
  return kHijriEpochDays - 1 + day + month_days +
         static_cast<int64_t>(year - 1) * 354 +
         FloorDiv(3 + 11 * static_cast<int64_t>(year), kHijriCycleYears);
}

HijriDate HijriFromDays(int64_t days) {
  // Estimate the year from the mean cycle, then correct by stepping.
  int year = static_cast<int>(
      FloorDiv((days - kHijriEpochDays) * kHijriCycleYears, kHijriCycleDays) +
      1);
  while (HijriToDays(year + 1, 1, 1) <= days) ++year;
  while (HijriToDays(year, 1, 1) > days) --year;
  int month = 12;
  while (month > 1 && HijriToDays(year, month, 1) > days) --month;
  const int day = static_cast<int>(days - HijriToDays(year, month, 1) + 1);
  return HijriDate{year, month, day};
}

std::string FormatYear(int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", year);
  return buf;
}

std::string FormatMonth(int year, int month) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string FormatDay(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string FormatDay(int64_t days) {
  const CivilDate c = CivilFromDays(days);
  return FormatDay(c.year, c.month, c.day);
}

std::string FormatWeek(const IsoWeek& week) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", week.year, week.week);
  return buf;
}

}  // namespace khabar::nlp
