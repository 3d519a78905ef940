#include "nlp/dates/calendar.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace khabar::nlp {
namespace {

TEST(CalendarTest, CivilFromDaysInvertsDaysFromCivil) {
  for (int64_t d = -800000; d <= 800000; d += 997) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d) << "day " << d;
  }
}

TEST(CalendarTest, WeekdayOfKnownDays) {
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(2016, 10, 26)), 3);  // Wednesday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(2015, 12, 24)), 4);  // Thursday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(1969, 12, 28)), 0);  // Sunday
}

TEST(CalendarTest, IsoWeekAtYearBoundaries) {
  const IsoWeek a = IsoWeekFromDays(DaysFromCivil(2016, 1, 1));
  EXPECT_EQ(FormatWeek(a), "2015-W53");
  const IsoWeek b = IsoWeekFromDays(DaysFromCivil(2016, 10, 19));
  EXPECT_EQ(FormatWeek(b), "2016-W42");
  const IsoWeek c = IsoWeekFromDays(DaysFromCivil(2014, 12, 29));
  EXPECT_EQ(FormatWeek(c), "2015-W01");
}

TEST(CalendarTest, DaysInMonthKnowsLeapYears) {
  EXPECT_EQ(DaysInMonth(2016, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2016, 13), 0);
}

TEST(CalendarTest, TabularHijriRamadan1437) {
  // Umm al-Qura starts Ramadan 1437 on 2016-06-06; the tabular calendar a
  // day later (documented in calendar.h).
  EXPECT_EQ(FormatDay(HijriToDays(1437, 9, 1)), "2016-06-07");
  EXPECT_EQ(FormatDay(HijriToDays(1, 1, 1)), "0622-07-19");
}

TEST(CalendarTest, HijriRoundTrips) {
  for (int64_t d = -500000; d <= 100000; d += 331) {
    const HijriDate h = HijriFromDays(d);
    ASSERT_GE(h.month, 1);
    ASSERT_LE(h.month, 12);
    ASSERT_GE(h.day, 1);
    ASSERT_LE(h.day, 30);
    EXPECT_EQ(HijriToDays(h.year, h.month, h.day), d) << "day " << d;
  }
}

}  // namespace
}  // namespace khabar::nlp
