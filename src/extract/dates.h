// Publication dates as sources write them, turned into UTC Unix seconds.
//
// Pure functions, thread-safe; they accept any bytes, never throw, and return
// nullopt for anything they do not fully recognize (trailing words included):
// a wrong date is worse than none.
#ifndef KHABAR_EXTRACT_DATES_H_
#define KHABAR_EXTRACT_DATES_H_

#include <optional>
#include <string_view>

#include "base/time.h"

namespace khabar::extract {

// Parses a machine-written date-time. Leading and trailing ASCII white space
// is ignored; names are case-insensitive. Accepted forms:
//   RFC 822/1123/2822  "Sat, 07 Apr 2018 13:39:43 GMT", "7 Apr 18 13:39 +0300"
//                      (weekday optional, full or short, comma optional;
//                      full or short month names; seconds optional; time
//                      optional; one- or two-digit hour; zones GMT UT UTC Z
//                      EST EDT CST CDT MST MDT PST PDT WET WEST CET CEST EET
//                      EEST MSK or +HHMM/+HH:MM/+HH, or "GMT+3"/"UTC+03:00";
//                      an offset followed by a name of the same offset
//                      ("+0000 GMT"); a trailing "(comment)"; 2-digit years
//                      00-49 -> 20xx, 50-99 -> 19xx; 3-digit years + 1900).
//                      Ambiguous abbreviations (AST: Atlantic or Arabia;
//                      IST, BST, GST) are not read.
//   ISO 8601/RFC 3339  "2018-04-07T13:39:43Z", "2018-04-07 13:39:43+03:00",
//                      "2018-04-07T13:39:43.250+0300", "2018-04-07",
//                      "2018-04-07 5:07", "2018-04-07t13:39z"
//                      (fractions are dropped)
//   compact ISO time   "2017-01-22T185600" (seen in the ANT v1.1 corpus)
//   day/month/year     "17/05/2015", "17-05-2015", "17.05.2015", optionally
//                      followed by "HH:MM[:SS]" (ANT v1.1; Arab sources put
//                      the day first, so "05/06/2015" is 5 June)
// A form without a zone is taken as UTC: the corpora give no better rule.
std::optional<UnixSeconds> ParseDateTime(std::string_view text);

// Parses a whole line that is an Arabic date, as datelines print it:
//   "19 أكتوبر 2016", "الأربعاء 19 أكتوبر 2016", "الأربعاء، 19 تشرين الأول
//   2016", "19 أكتوبر (تشرين الأول) 2016 - 10:30", "١٩ جانفي ٢٠١٧"
// Month names in the Egyptian/Gulf (يناير), Levantine (كانون الثاني) and
// Maghrebi (جانفي) series, in any hamza/alef/teh-marbuta spelling; a second
// name of the same month in parentheses or after "/" is allowed; Arabic-Indic
// digits are allowed; an optional time "HH:MM" (optionally after "الساعة")
// ends the line. Taken as UTC. `text` must be valid UTF-8.
std::optional<UnixSeconds> ParseArabicDate(std::string_view text);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_DATES_H_
