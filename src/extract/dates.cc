#include "extract/dates.h"

#include <array>
#include <string>
#include <vector>

#include "extract/line_text.h"

namespace khabar::extract {
namespace {

constexpr int kSecondsPerMinute = 60;
constexpr int kSecondsPerHour = 3600;
constexpr int kMaxOffsetHours = 23;
constexpr int kMaxOffsetMinutes = 59;

// RFC 2822 section 4.3: two-digit years below 50 are in the 2000s, the rest
// in the 1900s; three-digit years count from 1900.
constexpr int kTwoDigitYearPivot = 50;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// Calendar fields as written, plus the zone offset to subtract.
struct Fields {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_seconds = 0;
};

// Results are kept within years 1..9999, where FormatIso8601 and MakeUtc
// agree, so that every result can be written and read back.
std::optional<UnixSeconds> ToUnix(const Fields& f) {
  static const UnixSeconds kEarliest = *MakeUtc(1, 1, 1);
  static const UnixSeconds kLatest = *MakeUtc(9999, 12, 31, 23, 59, 59);
  std::optional<UnixSeconds> local =
      MakeUtc(f.year, f.month, f.day, f.hour, f.minute, f.second);
  if (!local) return std::nullopt;
  const UnixSeconds t = *local - f.offset_seconds;
  if (t < kEarliest || t > kLatest) return std::nullopt;
  return t;
}

// A read position over ASCII text. Every reader either consumes what it
// recognizes and returns it, or consumes nothing and fails.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  bool PeekDigit() const { return !AtEnd() && IsDigit(s_[pos_]); }
  bool PeekLetter() const { return !AtEnd() && IsAsciiLetter(s_[pos_]); }

  bool Consume(char c) {
    if (AtEnd() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Returns how many spaces were skipped.
  int SkipSpaces() {
    int n = 0;
    while (!AtEnd() && IsAsciiSpace(s_[pos_])) {
      ++pos_;
      ++n;
    }
    return n;
  }

  // Reads at least `min_digits` and at most `max_digits` digits. Digits
  // beyond `max_digits` are left for the next field, as the basic ISO form
  // ("185600") needs; where a separator must follow, the caller's next read
  // fails on them.
  std::optional<int> Number(int min_digits, int max_digits,
                            int* digits_read = nullptr) {
    std::size_t end = pos_;
    int value = 0;
    while (end < s_.size() && IsDigit(s_[end]) &&
           static_cast<int>(end - pos_) < max_digits) {
      value = value * 10 + (s_[end] - '0');
      ++end;
    }
    const int n = static_cast<int>(end - pos_);
    if (n < min_digits) return std::nullopt;
    pos_ = end;
    if (digits_read != nullptr) *digits_read = n;
    return value;
  }

  std::string_view Letters() {
    std::size_t start = pos_;
    while (!AtEnd() && IsAsciiLetter(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  void SkipDigits() {
    while (PeekDigit()) ++pos_;
  }

  // True when only spaces and at most one "(comment)" remain.
  bool Finish() {
    SkipSpaces();
    if (Consume('(')) {
      while (!AtEnd() && s_[pos_] != ')') ++pos_;
      if (!Consume(')')) return false;
      SkipSpaces();
    }
    return AtEnd();
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

int MonthFromEnglishName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kShort = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::array<std::string_view, 12> kLong = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < kShort.size(); ++i) {
    if (EqualsIgnoreCase(name, kShort[i]) || EqualsIgnoreCase(name, kLong[i])) {
      return static_cast<int>(i) + 1;
    }
  }
  if (EqualsIgnoreCase(name, "sept")) return 9;
  return 0;
}

bool IsEnglishWeekday(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "mon",      "tue",    "wed",      "thu",     "fri",
      "sat",      "sun",    "monday",   "tuesday", "wednesday",
      "thursday", "friday", "saturday", "sunday"};
  for (std::string_view n : kNames) {
    if (EqualsIgnoreCase(name, n)) return true;
  }
  return false;
}

// Zone names of RFC 822 (military letters other than Z are left out: RFC
// 1123 notes their signs were published wrong, so they are ambiguous), and
// the European abbreviations that name one offset only (Arab feeds from the
// Levant and North Africa use EET/EEST and CET/CEST). Abbreviations that
// name several offsets are refused: AST (Atlantic -4 or Arabia +3), IST,
// BST, GST, CST as China time (CST stays US Central, as RFC 822 has it).
std::optional<int> OffsetFromZoneName(std::string_view name) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr Zone kZones[] = {
      {"gmt", 0},  {"ut", 0},   {"utc", 0},  {"z", 0},    {"est", -5},
      {"edt", -4}, {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6},
      {"pst", -8}, {"pdt", -7}, {"wet", 0},  {"west", 1}, {"cet", 1},
      {"cest", 2}, {"eet", 2},  {"eest", 3}, {"msk", 3}};
  for (const Zone& z : kZones) {
    if (EqualsIgnoreCase(name, z.name)) return z.hours * kSecondsPerHour;
  }
  return std::nullopt;
}

// "+HHMM", "+HH:MM" or "+HH"; "+H" too when `short_hours`.
std::optional<int> ReadNumericOffset(Cursor& c, bool short_hours) {
  int sign = 0;
  if (c.Consume('+')) {
    sign = 1;
  } else if (c.Consume('-')) {
    sign = -1;
  } else {
    return std::nullopt;
  }
  std::optional<int> hours = c.Number(short_hours ? 1 : 2, 2);
  if (!hours) return std::nullopt;
  std::optional<int> minutes = 0;
  if (c.Consume(':')) {
    minutes = c.Number(2, 2);
  } else if (c.PeekDigit()) {
    minutes = c.Number(2, 2);
  }
  if (!minutes || *hours > kMaxOffsetHours || *minutes > kMaxOffsetMinutes) {
    return std::nullopt;
  }
  return sign * (*hours * kSecondsPerHour + *minutes * kSecondsPerMinute);
}

// A zone: a name, "+HHMM", "+HH:MM" or "+HH"; or GMT/UTC/UT followed by an
// offset ("GMT+3", "UTC+03:00"), which means that offset east of UTC.
std::optional<int> ReadZone(Cursor& c) {
  if (c.PeekLetter()) {
    const std::string_view name = c.Letters();
    std::optional<int> offset = OffsetFromZoneName(name);
    if (offset && (c.Peek() == '+' || c.Peek() == '-') &&
        (EqualsIgnoreCase(name, "gmt") || EqualsIgnoreCase(name, "utc") ||
         EqualsIgnoreCase(name, "ut"))) {
      return ReadNumericOffset(c, /*short_hours=*/true);
    }
    return offset;
  }
  return ReadNumericOffset(c, /*short_hours=*/false);
}

// An optional zone after a time; absent means UTC. A numeric offset may be
// followed by a zone name that means the same offset ("+0000 GMT", as some
// feed generators write); one that disagrees makes the date unreadable.
bool ReadOptionalZone(Cursor& c, Fields* f) {
  c.SkipSpaces();
  if (c.AtEnd() || c.Peek() == '(') return true;
  const bool numeric = !c.PeekLetter();
  std::optional<int> offset = ReadZone(c);
  if (!offset) return false;
  f->offset_seconds = *offset;
  if (numeric && c.SkipSpaces() > 0 && c.PeekLetter()) {
    std::optional<int> again = ReadZone(c);
    if (!again || *again != *offset) return false;
  }
  return true;
}

// "HH:MM[:SS]" with a one- or two-digit hour.
bool ReadClockTime(Cursor& c, Fields* f) {
  std::optional<int> hour = c.Number(1, 2);
  if (!hour || !c.Consume(':')) return false;
  std::optional<int> minute = c.Number(2, 2);
  if (!minute) return false;
  f->hour = *hour;
  f->minute = *minute;
  if (c.Consume(':')) {
    std::optional<int> second = c.Number(2, 2);
    if (!second) return false;
    f->second = *second;
  }
  return true;
}

std::optional<UnixSeconds> ParseRfc822(std::string_view s) {
  Cursor c(s);
  Fields f;
  if (c.PeekLetter()) {
    if (!IsEnglishWeekday(c.Letters())) return std::nullopt;
    c.SkipSpaces();
    c.Consume(',');
    c.SkipSpaces();
  }
  std::optional<int> day = c.Number(1, 2);
  if (!day || c.SkipSpaces() == 0) return std::nullopt;
  f.day = *day;
  f.month = MonthFromEnglishName(c.Letters());
  if (f.month == 0 || c.SkipSpaces() == 0) return std::nullopt;
  int year_digits = 0;
  std::optional<int> year = c.Number(2, 4, &year_digits);
  if (!year) return std::nullopt;
  f.year = *year;
  if (year_digits == 2) {
    f.year += f.year < kTwoDigitYearPivot ? 2000 : 1900;
  } else if (year_digits == 3) {
    f.year += 1900;
  }
  if (c.SkipSpaces() > 0 && c.PeekDigit()) {
    if (!ReadClockTime(c, &f) || !ReadOptionalZone(c, &f)) {
      return std::nullopt;
    }
  }
  if (!c.Finish()) return std::nullopt;
  return ToUnix(f);
}

std::optional<UnixSeconds> ParseIso8601(std::string_view s) {
  Cursor c(s);
  Fields f;
  std::optional<int> year = c.Number(4, 4);
  if (!year || !c.Consume('-')) return std::nullopt;
  std::optional<int> month = c.Number(2, 2);
  if (!month || !c.Consume('-')) return std::nullopt;
  std::optional<int> day = c.Number(2, 2);
  if (!day) return std::nullopt;
  f.year = *year;
  f.month = *month;
  f.day = *day;
  const bool has_time =
      c.Consume('T') || c.Consume('t') || (c.SkipSpaces() > 0 && c.PeekDigit());
  if (has_time) {
    int hour_digits = 0;
    std::optional<int> hour = c.Number(1, 2, &hour_digits);
    if (!hour) return std::nullopt;
    f.hour = *hour;
    // The extended form separates with ':'; the basic form ("185600", as in
    // ANT v1.1) does not. A one-digit hour ("5:07", seen in feeds) only in
    // the extended form.
    const bool extended = c.Consume(':');
    if (!extended && hour_digits == 1) return std::nullopt;
    std::optional<int> minute = c.Number(2, 2);
    if (!minute) return std::nullopt;
    f.minute = *minute;
    if (extended ? c.Consume(':') : c.PeekDigit()) {
      std::optional<int> second = c.Number(2, 2);
      if (!second) return std::nullopt;
      f.second = *second;
    }
    if (c.Consume('.') || c.Consume(',')) {
      if (!c.PeekDigit()) return std::nullopt;
      c.SkipDigits();
    }
    if (!ReadOptionalZone(c, &f)) return std::nullopt;
  }
  if (!c.Finish()) return std::nullopt;
  return ToUnix(f);
}

std::optional<UnixSeconds> ParseDayMonthYear(std::string_view s) {
  Cursor c(s);
  Fields f;
  std::optional<int> day = c.Number(1, 2);
  if (!day) return std::nullopt;
  const char sep = c.Peek();
  if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
  c.Consume(sep);
  std::optional<int> month = c.Number(1, 2);
  if (!month || !c.Consume(sep)) return std::nullopt;
  std::optional<int> year = c.Number(4, 4);
  if (!year) return std::nullopt;
  f.day = *day;
  f.month = *month;
  f.year = *year;
  if (c.SkipSpaces() > 0 && c.PeekDigit()) {
    if (!ReadClockTime(c, &f) || !ReadOptionalZone(c, &f)) {
      return std::nullopt;
    }
  }
  if (!c.Finish()) return std::nullopt;
  return ToUnix(f);
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// --- Arabic dates -----------------------------------------------------------

struct ArabicMonth {
  int month;
  std::string_view name;  // natural spelling; folded with MatchKey on use
};

// Egyptian/Gulf, Levantine/Iraqi and Maghrebi names of each month.
// clang-format off: one month per line reads better than a reflowed grid.
constexpr ArabicMonth kArabicMonths[] = {
    {1, "يناير"},   {1, "كانون الثاني"},  {1, "جانفي"},
    {2, "فبراير"},  {2, "شباط"},          {2, "فيفري"},
    {3, "مارس"},    {3, "آذار"},          {4, "أبريل"},
    {4, "نيسان"},   {4, "أفريل"},         {5, "مايو"},
    {5, "أيار"},    {5, "ماي"},           {6, "يونيو"},
    {6, "يونيه"},   {6, "حزيران"},        {6, "جوان"},
    {7, "يوليو"},   {7, "يوليه"},         {7, "تموز"},
    {7, "جويلية"},  {8, "أغسطس"},         {8, "آب"},
    {8, "أوت"},     {9, "سبتمبر"},        {9, "أيلول"},
    {9, "شتنبر"},   {10, "أكتوبر"},       {10, "تشرين الأول"},
    {11, "نوفمبر"}, {11, "تشرين الثاني"}, {11, "نونبر"},
    {12, "ديسمبر"}, {12, "كانون الأول"},  {12, "دجنبر"},
};
// clang-format on

constexpr std::array<std::string_view, 8> kArabicWeekdays = {
    "الأحد",    "الإثنين", "الاثنين", "الثلاثاء",
    "الأربعاء", "الخميس",  "الجمعة",  "السبت"};

// Words that may stand between the year and the time, or after the year.
constexpr std::string_view kArabicHourWord = "الساعة";
constexpr std::string_view kArabicGregorianMark = "م";  // ميلادي

struct FoldedMonth {
  int month;
  std::vector<std::string> words;
};

const std::vector<FoldedMonth>& FoldedMonths() {
  static const std::vector<FoldedMonth>* const kFolded = [] {
    auto* v = new std::vector<FoldedMonth>;
    for (const ArabicMonth& m : kArabicMonths) {
      FoldedMonth fm{m.month, {}};
      std::string key = internal::MatchKey(m.name);
      std::size_t start = 0;
      while (start <= key.size()) {
        std::size_t space = key.find(' ', start);
        if (space == std::string::npos) space = key.size();
        fm.words.push_back(key.substr(start, space - start));
        start = space + 1;
      }
      v->push_back(std::move(fm));
    }
    return v;
  }();
  return *kFolded;
}

bool IsArabicWeekday(std::string_view token) {
  for (std::string_view w : kArabicWeekdays) {
    if (internal::MatchKey(w) == token) return true;
  }
  return false;
}

// Matches a month name at tokens[*i]; returns the month and advances *i.
int ReadArabicMonth(const std::vector<std::string>& tokens, std::size_t* i) {
  int best = 0;
  std::size_t best_len = 0;
  for (const FoldedMonth& m : FoldedMonths()) {
    if (m.words.size() <= best_len || *i + m.words.size() > tokens.size()) {
      continue;
    }
    bool match = true;
    for (std::size_t k = 0; k < m.words.size() && match; ++k) {
      match = tokens[*i + k] == m.words[k];
    }
    if (match) {
      best = m.month;
      best_len = m.words.size();
    }
  }
  *i += best_len;
  return best;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (!IsDigit(ch)) return false;
  }
  return true;
}

// Splits a MatchKey into words, treating the punctuation that datelines put
// between parts ("،", ",", "(", ")", "/", "-", "|") as spaces.
std::vector<std::string> DateTokens(std::string_view key) {
  constexpr std::string_view kArabicComma = "\u060C";
  std::string spaced;
  spaced.reserve(key.size());
  for (std::size_t i = 0; i < key.size();) {
    if (key.substr(i, kArabicComma.size()) == kArabicComma) {
      spaced += ' ';
      i += kArabicComma.size();
    } else {
      spaced += key[i++];
    }
  }
  std::vector<std::string> tokens;
  std::string current;
  for (char ch : spaced) {
    if (ch == ' ' || ch == ',' || ch == '(' || ch == ')' || ch == '/' ||
        ch == '-' || ch == '|') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(ch);
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

}  // namespace

std::optional<UnixSeconds> ParseDateTime(std::string_view text) {
  std::string_view s = TrimAscii(text);
  if (s.empty()) return std::nullopt;
  if (auto t = ParseIso8601(s)) return t;
  if (auto t = ParseDayMonthYear(s)) return t;
  return ParseRfc822(s);
}

std::optional<UnixSeconds> ParseArabicDate(std::string_view text) {
  const std::vector<std::string> tokens = DateTokens(internal::MatchKey(text));
  std::size_t i = 0;
  auto at = [&](std::size_t k) -> std::string_view {
    return k < tokens.size() ? std::string_view(tokens[k]) : "";
  };
  if (IsArabicWeekday(at(i))) ++i;
  if (!AllDigits(at(i)) || at(i).size() > 2) return std::nullopt;
  Fields f;
  f.day = std::stoi(std::string(at(i++)));
  f.month = ReadArabicMonth(tokens, &i);
  if (f.month == 0) return std::nullopt;
  // "أكتوبر (تشرين الأول)": the same month under its other name.
  while (i < tokens.size()) {
    std::size_t j = i;
    const int again = ReadArabicMonth(tokens, &j);
    if (again == 0) break;
    if (again != f.month) return std::nullopt;
    i = j;
  }
  if (!AllDigits(at(i)) || at(i).size() != 4) return std::nullopt;
  f.year = std::stoi(std::string(at(i++)));
  if (at(i) == internal::MatchKey(kArabicGregorianMark)) ++i;
  const bool hour_word = at(i) == internal::MatchKey(kArabicHourWord);
  if (hour_word) ++i;
  if (hour_word || i < tokens.size()) {
    if (i >= tokens.size()) return std::nullopt;
    Cursor c(tokens[i++]);
    if (!ReadClockTime(c, &f) || !c.AtEnd()) return std::nullopt;
  }
  if (i != tokens.size()) return std::nullopt;
  return ToUnix(f);
}

}  // namespace khabar::extract
