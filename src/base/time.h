// Wall-clock time as Unix seconds, and its ISO 8601 text form.
#ifndef KHABAR_BASE_TIME_H_
#define KHABAR_BASE_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace khabar {

// Seconds since the Unix epoch, UTC.
using UnixSeconds = int64_t;

// The clock seam: production uses the system clock; tests pass fixed times.
UnixSeconds NowUnixSeconds();

// "2016-10-17T09:30:00Z".
std::string FormatIso8601(UnixSeconds t);

// Days since 1970-01-01 for a proleptic Gregorian date; no validation.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
// The inverse: the date of day `days` since 1970-01-01.
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

// Builds a UTC time from calendar fields, or nullopt when a field is out of
// range (month 13, day 31 of April, hour 25...).
std::optional<UnixSeconds> MakeUtc(int year, int month, int day, int hour = 0,
                                   int minute = 0, int second = 0);

}  // namespace khabar

#endif  // KHABAR_BASE_TIME_H_
