#include "nlp/dates/dates.h"

#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <string>
#include <utility>

#include "base/time.h"
#include "nlp/dates/calendar.h"
#include "nlp/dates/lexicon.h"
#include "text/normalizer.h"
#include "text/tokenizer.h"

namespace khabar::nlp {

namespace {

using dates_internal::DateLexicon;
using dates_internal::DayPart;
using dates_internal::MonthHead;
using dates_internal::Qualifier;
using dates_internal::Unit;
using dates_internal::UnitForm;
using dates_internal::WordInfo;
namespace role = dates_internal;
using Kind = DateMention::Kind;

constexpr int64_t kSecondsPerDay = 86400;
constexpr int kMaxDay = 31;
constexpr int kMinYear = 1000;  // with an explicit cue (عام 1882, 1821م)
constexpr int kMaxYear = 2199;
constexpr int kMinBareYear = 1900;  // after a preposition only (في 1970)
constexpr int kMaxBareYear = 2099;
constexpr int kMinHijriYear = 1300;
constexpr int kMaxHijriYear = 1600;
constexpr int kMaxDurationAmount = 100000;
constexpr int kHoursPerHalfDay = 12;
constexpr int kMaxHour = 24;
constexpr int kMaxMinute = 59;

// UTF-8 of the one-letter clitics, as they appear in normalized text.
constexpr std::string_view kWaw = "\u0648";
constexpr std::string_view kFeh = "\u0641";
constexpr std::string_view kBeh = "\u0628";
constexpr std::string_view kLam = "\u0644";
constexpr std::string_view kKaf = "\u0643";
constexpr std::string_view kDefiniteArticle = "\u0627\u0644";  // ال
constexpr std::string_view kFi = "\u0641\u064A";                // في
constexpr std::size_t kLetterBytes = 2;  // every Arabic letter above

// One token of the normalized text with what the lexicon says about it.
struct Tok {
  text::TokenKind kind = text::TokenKind::kPunct;
  uint32_t begin = 0;       // normalized-text offsets of the whole token
  uint32_t end = 0;
  uint32_t core_begin = 0;  // after the clitics that were split off
  bool has_wa = false;      // و was split off (وسبعين, والثلاثاء)
  const WordInfo* info = nullptr;
  int number = -1;          // a plain digit string of at most 6 digits
  int digits = 0;
  char punct = 0;           // the ASCII character of a one-byte kPunct token
  std::string_view text;    // the whole token in normalized text
};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Looks `word` up, splitting و/ف and then ب/ل/ك (and ل before the article
// written لل) when the bare word is not in the table.
void LookUp(const DateLexicon& lexicon, Tok* tok) {
  std::string_view word = tok->text;
  if ((tok->info = lexicon.Find(word)) != nullptr) return;
  std::size_t prefix = 0;
  // Clitics leave at least two letters, so و (and), في (in) stay words.
  constexpr std::size_t kMinRest = 2 * kLetterBytes;
  if ((StartsWith(word, kWaw) || StartsWith(word, kFeh)) &&
      word.size() > kLetterBytes + kMinRest - 1) {
    tok->has_wa = StartsWith(word, kWaw);
    word.remove_prefix(kLetterBytes);
    prefix = kLetterBytes;
    if ((tok->info = lexicon.Find(word)) != nullptr) {
      tok->core_begin = tok->begin + static_cast<uint32_t>(prefix);
      return;
    }
  }
  const bool lam_article = StartsWith(word, kLam) &&
                           word.substr(kLetterBytes, kLetterBytes) == kLam;
  if (lam_article && word.size() >= 2 * kLetterBytes + kMinRest) {
    // للعام = ل + العام: the article's alef is not written, so there is no
    // clean boundary; the mention keeps the preposition.
    char buf[64];
    const std::string_view rest = word.substr(2 * kLetterBytes);
    if (rest.size() + kDefiniteArticle.size() <= sizeof buf) {
      std::string_view::traits_type::copy(buf, kDefiniteArticle.data(),
                                          kDefiniteArticle.size());
      std::string_view::traits_type::copy(buf + kDefiniteArticle.size(),
                                          rest.data(), rest.size());
      const WordInfo* info = lexicon.Find(
          std::string_view(buf, rest.size() + kDefiniteArticle.size()));
      if (info != nullptr && info->preposition_ok) {
        tok->info = info;
        tok->core_begin = tok->begin + static_cast<uint32_t>(prefix);
        return;
      }
    }
  }
  if ((StartsWith(word, kBeh) || StartsWith(word, kLam) ||
       StartsWith(word, kKaf)) &&
      word.size() >= kLetterBytes + kMinRest) {
    const WordInfo* info = lexicon.Find(word.substr(kLetterBytes));
    if (info != nullptr && info->preposition_ok) {
      tok->info = info;
      tok->core_begin =
          tok->begin + static_cast<uint32_t>(prefix + kLetterBytes);
      return;
    }
  }
  tok->has_wa = false;
}

// A recognized expression: tokens [first, last] and its normalization.
struct Match {
  std::size_t first = 0;
  std::size_t last = 0;
  Kind kind = Kind::kDate;
  std::string value;
};

// How a date without a year relates to publication.
enum class Direction { kNearest, kPast, kNext, kCurrent };

class Scanner {
 public:
  Scanner(const std::vector<Tok>& toks, std::optional<int64_t> pub_days)
      : toks_(toks), pub_days_(pub_days) {
    if (pub_days_) pub_ = CivilFromDays(*pub_days_);
  }

  std::optional<Match> MatchAt(std::size_t i) {
    if (std::optional<Match> m = MatchEdge(i)) return m;
    if (std::optional<Match> m = MatchCore(i)) return m;
    if (std::optional<Match> m = MatchDeictic(i)) return m;
    if (std::optional<Match> m = MatchPartOfDay(i)) return m;
    if (std::optional<Match> m = MatchVague(i)) return m;
    if (std::optional<Match> m = MatchSet(i)) return m;
    if (std::optional<Match> m = MatchDuration(i)) return m;
    if (std::optional<Match> m = MatchClock(i)) return m;
    return std::nullopt;
  }

  // Remembers the last emitted mention so that "عامي 2002 و2003" can make
  // the second year a mention too.
  void Emitted(const Match& m, bool is_year) {
    last_end_ = m.last;
    last_was_year_ = is_year;
    has_last_ = true;
  }

  static bool IsYearValue(const Match& m) {
    return m.kind == Kind::kDate && m.value.size() == 4;
  }

 private:
  // --- token predicates ---------------------------------------------------
  bool InRange(std::size_t i) const { return i < toks_.size(); }
  const WordInfo* Info(std::size_t i) const {
    return InRange(i) ? toks_[i].info : nullptr;
  }
  bool Has(std::size_t i, uint64_t r) const {
    const WordInfo* info = Info(i);
    return info != nullptr && info->Has(r);
  }
  // A role on a word written without a clitic (the middle of a phrase).
  bool HasBare(std::size_t i, uint64_t r) const {
    return Has(i, r) && toks_[i].core_begin == toks_[i].begin;
  }
  int Number(std::size_t i) const {
    return InRange(i) && toks_[i].kind == text::TokenKind::kNumber
               ? toks_[i].number
               : -1;
  }
  bool IsPunct(std::size_t i, char c) const {
    return InRange(i) && toks_[i].punct == c;
  }
  // Tokens i-1 and i touch (no separator between them).
  bool Touching(std::size_t i) const {
    return i > 0 && InRange(i) && toks_[i - 1].end == toks_[i].begin;
  }

  // --- resolution helpers --------------------------------------------------
  std::string DayValue(int64_t offset) const {
    return pub_days_ ? FormatDay(*pub_days_ + offset) : std::string();
  }

  int64_t Margin() const { return *pub_days_ + kFutureMarginDays; }

  // The year of a Gregorian month (and day, 0 for the whole month) written
  // without one, or 0 without a publication date.
  int InferYear(int month, int day, Direction dir) const {
    if (!pub_days_) return 0;
    const int y = pub_.year;
    const int64_t start = DaysFromCivil(y, month, day == 0 ? 1 : day);
    switch (dir) {
      case Direction::kCurrent:
        return y;
      case Direction::kPast:
        // "مارس الماضي" written in March means last year's March.
        if (day == 0) return month < pub_.month ? y : y - 1;
        return start < *pub_days_ ? y : y - 1;
      case Direction::kNext:
        if (day == 0) return month > pub_.month ? y : y + 1;
        return start > *pub_days_ ? y : y + 1;
      case Direction::kNearest:
        break;
    }
    return start <= Margin() ? y : y - 1;
  }

  // The Hijri year of a month (and day) written without one, or 0.
  int InferHijriYear(int month, int day, Direction dir) const {
    if (!pub_days_) return 0;
    const int y = HijriFromDays(*pub_days_).year;
    const int64_t start = HijriToDays(y, month, day == 0 ? 1 : day);
    switch (dir) {
      case Direction::kCurrent:
        return y;
      case Direction::kPast:
        return start < *pub_days_ ? y : y - 1;
      case Direction::kNext:
        return start > *pub_days_ ? y : y + 1;
      case Direction::kNearest:
        break;
    }
    return start <= Margin() ? y : y - 1;
  }

  // The day of `weekday` nearest publication in `dir` (kNearest: the most
  // recent on or before publication, as news mostly reports the past).
  std::string WeekdayValue(int weekday, Direction dir) const {
    if (!pub_days_) return std::string();
    const int today = WeekdayFromDays(*pub_days_);
    const int back = (today - weekday + 7) % 7;
    const int ahead = (weekday - today + 7) % 7;
    switch (dir) {
      case Direction::kPast:
        return FormatDay(*pub_days_ - (back == 0 ? 7 : back));
      case Direction::kNext:
        return FormatDay(*pub_days_ + (ahead == 0 ? 7 : ahead));
      case Direction::kCurrent:
      case Direction::kNearest:
        break;
    }
    return FormatDay(*pub_days_ - back);
  }

  std::optional<Direction> ModifierAt(std::size_t i) const {
    if (HasBare(i, role::kPastMod)) return Direction::kPast;
    if (HasBare(i, role::kNextMod)) return Direction::kNext;
    if (HasBare(i, role::kCurrentMod)) return Direction::kCurrent;
    return std::nullopt;
  }

  static int Step(Direction dir) {
    return dir == Direction::kPast ? -1 : dir == Direction::kNext ? 1 : 0;
  }

  // --- sub-parsers -----------------------------------------------------------
  struct Parsed {
    int value = 0;
    std::size_t end = 0;  // one past the last token used
  };

  // An ordinal number: الثامن, الحادي عشر, الحادي والعشرين, العشرين.
  std::optional<Parsed> ParseOrdinal(std::size_t i) const {
    const WordInfo* info = Info(i);
    if (info == nullptr || !info->Has(role::kOrdinal)) return std::nullopt;
    int value = info->ordinal;
    std::size_t end = i + 1;
    if (value < 10 && HasBare(end, role::kTeen)) {
      value += 10;
      ++end;
    } else if (value < 10 && Has(end, role::kOrdinal) && toks_[end].has_wa &&
               Info(end)->ordinal >= 20) {
      value += Info(end)->ordinal;
      ++end;
    }
    return Parsed{value, end};
  }

  // A cardinal number word: ثلاثة, عشرين, ثمانية وسبعين.
  std::optional<Parsed> ParseCardinal(std::size_t i) const {
    const WordInfo* info = Info(i);
    if (info == nullptr || !info->Has(role::kCardinal) || toks_[i].has_wa) {
      return std::nullopt;
    }
    int value = info->cardinal;
    std::size_t end = i + 1;
    if (value < 10 && Has(end, role::kCardinal) && toks_[end].has_wa &&
        Info(end)->cardinal >= 20 && Info(end)->cardinal < 100) {
      value += Info(end)->cardinal;
      ++end;
    }
    return Parsed{value, end};
  }

  struct MonthName {
    int month = 0;
    bool hijri = false;
    bool ambiguous = false;
    std::size_t end = 0;
  };

  // A month name of one word or two (تشرين الأول, ربيع الآخر, ذو الحجة).
  std::optional<MonthName> ParseMonthName(std::size_t i) const {
    const WordInfo* info = Info(i);
    if (info == nullptr) return std::nullopt;
    if (info->Has(role::kMonth)) {
      return MonthName{info->month, info->hijri, info->ambiguous, i + 1};
    }
    if (!info->Has(role::kMonthHead) || !HasBare(i + 1, role::kMonthQualifier)) {
      return std::nullopt;
    }
    const Qualifier q = Info(i + 1)->qualifier;
    const bool first = q == Qualifier::kFirst;
    const bool second = q == Qualifier::kSecond;
    switch (info->head) {
      case MonthHead::kTishrin:
        if (first || second) return MonthName{first ? 10 : 11, false, false, i + 2};
        break;
      case MonthHead::kKanun:
        if (first || second) return MonthName{first ? 12 : 1, false, false, i + 2};
        break;
      case MonthHead::kRabi:
        if (first || second) return MonthName{first ? 3 : 4, true, false, i + 2};
        break;
      case MonthHead::kJumada:
        if (first || second) return MonthName{first ? 5 : 6, true, false, i + 2};
        break;
      case MonthHead::kDhu:
        if (q == Qualifier::kQadah) return MonthName{11, true, false, i + 2};
        if (q == Qualifier::kHijjah) return MonthName{12, true, false, i + 2};
        break;
      case MonthHead::kNone:
        break;
    }
    return std::nullopt;
  }

  // A year number after a month or a year word, with its optional era
  // marker (2016, 2002م, 1437 هـ).
  struct YearParse {
    int year = 0;
    bool hijri_marker = false;
    std::size_t end = 0;
  };
  std::optional<YearParse> ParseYearNumber(std::size_t i, int min_year) const {
    const int n = Number(i);
    if (n < min_year || n > kMaxYear || toks_[i].digits < 3) return std::nullopt;
    YearParse y{n, false, i + 1};
    if (HasBare(y.end, role::kHijriMarker)) {
      y.hijri_marker = true;
      ++y.end;
    } else if (HasBare(y.end, role::kGregorianMarker)) {
      ++y.end;
    }
    return y;
  }

  // --- matchers ----------------------------------------------------------

  // أوائل/نهاية/منتصف + a date: the edge word joins the mention; the value
  // stays that of the whole period (TIMEX3 would add mod="START").
  std::optional<Match> MatchEdge(std::size_t i) {
    if (!Has(i, role::kEdge)) return std::nullopt;
    std::optional<Match> m = MatchCore(i + 1);
    if (!m && InRange(i + 1) && toks_[i + 1].digits == 4) {
      // "بنهاية 2016": the edge word is the year's cue even with a clitic.
      if (std::optional<YearParse> y = ParseYearNumber(i + 1, kMinBareYear);
          y && y->year <= kMaxBareYear) {
        m = YearMatch(i + 1, *y);
      }
    }
    if (!m) {
      // نهاية شهر, نهاية عقد: a generic period, not on the timeline.
      const WordInfo* next = Info(i + 1);
      if (next != nullptr && next->Has(role::kUnit) &&
          next->form == UnitForm::kSingular && !toks_[i + 1].has_wa &&
          next->unit != Unit::kHour && next->unit != Unit::kMinute) {
        return Match{i, i + 1, Kind::kDate, std::string()};
      }
      return std::nullopt;
    }
    m->first = i;
    return m;
  }

  // Expressions that may follow an edge word.
  std::optional<Match> MatchCore(std::size_t i) {
    if (std::optional<Match> m = MatchWeekday(i)) return m;
    if (std::optional<Match> m = MatchMonthDate(i)) return m;
    if (std::optional<Match> m = MatchNumericDate(i)) return m;
    if (std::optional<Match> m = MatchYear(i)) return m;
    if (std::optional<Match> m = MatchUnitRelative(i)) return m;
    if (std::optional<Match> m = MatchDecade(i)) return m;
    if (std::optional<Match> m = MatchCentury(i)) return m;
    return std::nullopt;
  }

  // [شهر] [day|ordinal [من]] MONTH [(MONTH)|/MONTH] [[من] [عام] YEAR [era]]
  // [modifier].
  std::optional<Match> MatchMonthDate(std::size_t i) const {
    std::size_t j = i;
    bool month_word = false;
    int day = 0;
    if (Has(j, role::kMonthWord)) {
      month_word = true;
      ++j;
    } else if (const int n = Number(j); n >= 1 && n <= kMaxDay) {
      day = n;
      ++j;
      if (HasBare(j, role::kFrom)) ++j;
    } else if (std::optional<Parsed> o = ParseOrdinal(j);
               o && o->value <= kMaxDay && !toks_[j].has_wa) {
      // "الثامن من مايو": the ordinal needs من or the month right after.
      day = o->value;
      j = o->end;
      if (HasBare(j, role::kFrom)) ++j;
    }
    std::optional<MonthName> name = ParseMonthName(j);
    if (!name) return std::nullopt;
    if (day == 0 && !month_word && j != i) return std::nullopt;
    if (j != i && toks_[j].core_begin != toks_[j].begin) return std::nullopt;
    j = name->end;
    bool paired = false;
    // "اكتوبر (تشرين الاول)", "يونيو/حزيران", "يونيو - حزيران".
    if (IsPunct(j, '(')) {
      if (std::optional<MonthName> alt = ParseMonthName(j + 1);
          alt && IsPunct(alt->end, ')')) {
        paired = true;
        j = alt->end + 1;
      }
    } else if (IsPunct(j, '/') || IsPunct(j, '-')) {
      if (std::optional<MonthName> alt = ParseMonthName(j + 1)) {
        paired = true;
        j = alt->end;
      }
    }
    int year = 0;
    bool hijri = name->hijri;
    std::optional<Direction> dir;
    {
      std::size_t k = j;
      if (HasBare(k, role::kFrom)) ++k;
      const bool year_word = HasBare(k, role::kYearWord);
      if (year_word) ++k;
      if (std::optional<YearParse> y = ParseYearNumber(k, kMinYear)) {
        year = y->year;
        hijri = hijri || y->hijri_marker;
        j = y->end;
      } else if (year_word && Info(k - 1)->form ==
                                  UnitForm::kDefiniteSingular) {
        // "31 مارس من العام الماضي".
        if (std::optional<Direction> d = ModifierAt(k)) {
          if (pub_days_) year = pub_.year + Step(*d);
          j = k + 1;
          dir = Direction::kCurrent;
        }
      }
    }
    if (year == 0 && !dir) {
      if (std::optional<Direction> d = ModifierAt(j)) {
        dir = d;
        ++j;
      }
    }
    if (name->ambiguous && day == 0 && year == 0 && !month_word && !paired &&
        !dir) {
      return std::nullopt;
    }
    if (hijri && day > 30) return std::nullopt;
    Match m{i, j - 1, Kind::kDate, std::string()};
    const Direction direction = dir.value_or(Direction::kNearest);
    if (hijri) {
      if (year != 0 && (year < kMinHijriYear || year > kMaxHijriYear)) {
        // A Gregorian-looking year after a Hijri month ("رمضان 2016") is
        // written loosely; the month cannot be placed exactly.
        return m;
      }
      if (year == 0) year = InferHijriYear(name->month, day, direction);
      if (year != 0) {
        m.value = FormatDay(HijriToDays(year, name->month, day == 0 ? 1 : day));
      }
      return m;
    }
    if (year == 0 && !pub_days_) return m;
    if (year == 0) year = InferYear(name->month, day, direction);
    // "31 نوفمبر" is still a date expression, just not a real day.
    if (day > DaysInMonth(year, name->month)) return m;
    m.value = day == 0 ? FormatMonth(year, name->month)
                       : FormatDay(year, name->month, day);
    return m;
  }

  // 17/10/2016, 17-10-2016, 2016/10/17, 17.10.2016: day first (the Arab
  // world writes dates day-month-year) unless the year leads.
  std::optional<Match> MatchNumericDate(std::size_t i) const {
    if (!InRange(i) || toks_[i].kind != text::TokenKind::kNumber) {
      return std::nullopt;
    }
    int parts[3];
    std::size_t last = i;
    const std::string_view t = toks_[i].text;
    if (std::size_t dots = 0; ParseDotted(t, parts, &dots) && dots == 2) {
      last = i;
    } else {
      if (!IsPunct(i + 1, '/') && !IsPunct(i + 1, '-')) return std::nullopt;
      const char sep = toks_[i + 1].punct;
      for (std::size_t k = i + 1; k <= i + 4; ++k) {
        if (!Touching(k)) return std::nullopt;
      }
      if (!IsPunct(i + 3, sep)) return std::nullopt;
      parts[0] = Number(i);
      parts[1] = Number(i + 2);
      parts[2] = Number(i + 4);
      if (parts[0] < 0 || parts[1] < 0 || parts[2] < 0) return std::nullopt;
      if (toks_[i].digits > 4 || toks_[i + 2].digits > 2 ||
          toks_[i + 4].digits > 4) {
        return std::nullopt;
      }
      last = i + 4;
    }
    int y = parts[2], m = parts[1], d = parts[0];
    if (parts[0] >= kMinYear) std::swap(y, d);
    if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1 ||
        d > DaysInMonth(y, m)) {
      return std::nullopt;
    }
    if (HasBare(last + 1, role::kGregorianMarker)) ++last;
    return Match{i, last, Kind::kDate, FormatDay(y, m, d)};
  }

  // "17.10.2016" is one number token (a dot between digits stays inside).
  static bool ParseDotted(std::string_view t, int parts[3], std::size_t* dots) {
    int k = 0;
    int value = 0;
    int digits = 0;
    for (const char c : t) {
      if (c == '.') {
        if (digits == 0 || k == 2) return false;
        parts[k++] = value;
        value = 0;
        digits = 0;
        ++*dots;
      } else if (c >= '0' && c <= '9') {
        if (++digits > 4) return false;
        value = value * 10 + (c - '0');
      } else {
        return false;
      }
    }
    if (k != 2 || digits == 0) return false;
    parts[2] = value;
    return true;
  }

  // عام 2016, سنة 1437 هـ, 2002م, في 1970, (1881), عامي 2002 و2003.
  std::optional<Match> MatchYear(std::size_t i) {
    if (Has(i, role::kYearWord) && Info(i)->form != UnitForm::kDefiniteDual) {
      if (std::optional<YearParse> y = ParseYearNumber(i + 1, kMinYear)) {
        // عامي 2002: the dual names two years; the mention is the first.
        const bool dual = !Info(i)->Has(role::kUnit);
        return YearMatch(dual ? i + 1 : i, *y);
      }
      return std::nullopt;
    }
    const int n = Number(i);
    if (n < kMinYear || toks_[i].digits != 4) return std::nullopt;
    std::optional<YearParse> y = ParseYearNumber(i, kMinYear);
    if (!y) return std::nullopt;
    const bool marked = y->end > i + 1;
    const bool cued = i > 0 && HasBare(i - 1, role::kYearCue);
    const bool bracketed = i > 0 && (IsPunct(i - 1, '(') || IsPunct(i - 1, '-')) &&
                           IsPunct(i + 1, ')');
    const bool coordinated = i > 0 && has_last_ && last_was_year_ &&
                             last_end_ + 2 == i && HasBare(i - 1, role::kAnd);
    const bool plausible = n >= kMinBareYear && n <= kMaxBareYear;
    if (marked || coordinated || bracketed || (cued && plausible)) {
      return YearMatch(i, *y);
    }
    return std::nullopt;
  }

  Match YearMatch(std::size_t first, const YearParse& y) const {
    Match m{first, y.end - 1, Kind::kDate, FormatYear(y.year)};
    if (y.hijri_marker) {
      // A Hijri year is given as the Gregorian day of its 1 Muharram, the
      // same start-of-range convention as Hijri months.
      m.value = y.year >= kMinHijriYear && y.year <= kMaxHijriYear
                    ? FormatDay(HijriToDays(y.year, 1, 1))
                    : std::string();
    }
    return m;
  }

  // اليوم, أمس, الأمس, أمس الأول, أول أمس, أول من أمس, غدا, الغد, بعد غد,
  // الليلة (الماضية), each optionally followed by its weekday.
  std::optional<Match> MatchDeictic(std::size_t i) const {
    int offset = 0;
    std::size_t j = i;
    Kind kind = Kind::kRelative;
    std::string suffix;
    if (Has(j, role::kAwwal) && !toks_[j].has_wa) {
      std::size_t k = j + 1;
      if (HasBare(k, role::kFrom)) ++k;
      if (!HasBare(k, role::kYesterday)) return std::nullopt;
      offset = -2;
      j = k + 1;
    } else if (Has(j, role::kYesterday)) {
      offset = -1;
      ++j;
      if (HasBare(j, role::kMonthQualifier) &&
          Info(j)->qualifier == Qualifier::kFirst) {
        offset = -2;
        ++j;
      }
    } else if (Has(j, role::kToday)) {
      // اليوم الأول/الثاني is a day of a series; اليوم العالمي an occasion.
      if (HasBare(j + 1, role::kOrdinal) || HasBare(j + 1, role::kNotToday)) {
        return std::nullopt;
      }
      ++j;
    } else if (Has(j, role::kTomorrow)) {
      offset = 1;
      ++j;
    } else if (Has(j, role::kAfter) && HasBare(j + 1, role::kGhad)) {
      offset = 2;
      j += 2;
    } else if (Has(j, role::kTonight)) {
      kind = Kind::kTime;
      suffix = "TNI";
      ++j;
      if (HasBare(j, role::kPastMod)) {
        offset = -1;
        ++j;
      }
    } else {
      return std::nullopt;
    }
    j = SkipWeekdayApposition(j);
    std::string value = DayValue(offset);
    if (!value.empty()) value += suffix;
    return Match{i, j - 1, kind, std::move(value)};
  }

  // "أمس الجمعة", "اليوم (الاربعاء)": the weekday restates the day.
  std::size_t SkipWeekdayApposition(std::size_t j) const {
    if (HasBare(j, role::kWeekday)) return j + 1;
    if (IsPunct(j, '(') && HasBare(j + 1, role::kWeekday) &&
        IsPunct(j + 2, ')')) {
      return j + 3;
    }
    return j;
  }

  // صباح/مساء/ليلة + a day: "مساء أمس", "صباح الثلاثاء", "مساء يوم الأحد".
  std::optional<Match> MatchPartOfDay(std::size_t i) const {
    if (!Has(i, role::kPartOfDay)) return std::nullopt;
    const DayPart part = Info(i)->day_part;
    std::optional<Match> day;
    if (HasBare(i + 1, role::kGhad)) {
      day = Match{i + 1, i + 1, Kind::kRelative, DayValue(1)};
    } else if (HasBare(i + 1, role::kToday) || HasBare(i + 1, role::kYesterday) ||
               HasBare(i + 1, role::kTomorrow)) {
      day = MatchDeictic(i + 1);
    } else if (HasBare(i + 1, role::kWeekday) || HasBare(i + 1, role::kDayWord)) {
      day = MatchWeekday(i + 1);
    }
    if (!day) return std::nullopt;
    static constexpr std::string_view kPartCodes[] = {"", "TMO", "TAF", "TEV",
                                                      "TNI"};
    std::string value = std::move(day->value);
    if (value.size() == 10) value += kPartCodes[static_cast<int>(part)];
    return Match{i, day->last, Kind::kTime, std::move(value)};
  }

  // Whether token j starts a month date with its day (MatchMonthDate's
  // day number or ordinal): "17 أكتوبر", "الثامن من مايو".
  bool NamesDay(std::size_t j) const {
    if (const int n = Number(j); n >= 1 && n <= kMaxDay) return true;
    const std::optional<Parsed> o = ParseOrdinal(j);
    return o && o->value <= kMaxDay && !toks_[j].has_wa;
  }

  // [يوم] WEEKDAY [الماضي|المقبل] [date]: "يوم الجمعة", "الخميس الماضي",
  // "الاثنين 17 أكتوبر" (the date decides the value).
  std::optional<Match> MatchWeekday(std::size_t i) const {
    std::size_t j = i;
    if (Has(j, role::kDayWord)) {
      ++j;
      if (!HasBare(j, role::kWeekday) && !HasBare(j, role::kWeekdayBare)) {
        return std::nullopt;
      }
    } else if (!Has(j, role::kWeekday)) {
      return std::nullopt;
    }
    // الأحد عشر is eleven, not Sunday.
    if (HasBare(j + 1, role::kTeen)) return std::nullopt;
    const int weekday = Info(j)->weekday;
    ++j;
    // Only a date that names its day restates the weekday; a month alone
    // after it ("الأربعاء وأغسطس") is a mention of its own. Decided on the
    // words, not the value, so that the spans found never depend on the
    // publication date.
    if (std::optional<Match> date = MatchMonthDate(j); date && NamesDay(j)) {
      return Match{i, date->last, Kind::kDate, std::move(date->value)};
    }
    if (std::optional<Match> date = MatchNumericDate(j)) {
      return Match{i, date->last, Kind::kDate, std::move(date->value)};
    }
    Direction dir = Direction::kNearest;
    if (std::optional<Direction> d = ModifierAt(j); d && *d != Direction::kCurrent) {
      dir = *d;
      ++j;
    }
    return Match{i, j - 1, Kind::kWeekday, WeekdayValue(weekday, dir)};
  }

  // [هذا] العام/الشهر/الأسبوع [الماضي|المقبل|الجاري], and the plurals
  // "الأيام الماضية" (PAST_REF), "الأسابيع المقبلة" (FUTURE_REF).
  std::optional<Match> MatchUnitRelative(std::size_t i) const {
    std::size_t j = i;
    const bool demonstrative = Has(j, role::kThis);
    if (demonstrative) ++j;
    const WordInfo* unit = Info(j);
    if (unit == nullptr || !unit->Has(role::kUnit)) return std::nullopt;
    if (demonstrative && toks_[j].core_begin != toks_[j].begin) {
      return std::nullopt;
    }
    if (unit->form == UnitForm::kDefinitePlural && !demonstrative) {
      if (HasBare(j + 1, role::kPastSpan)) {
        return Match{i, j + 1, Kind::kRelative, "PAST_REF"};
      }
      if (HasBare(j + 1, role::kNextSpan)) {
        return Match{i, j + 1, Kind::kRelative, "FUTURE_REF"};
      }
      return std::nullopt;
    }
    if (unit->form != UnitForm::kDefiniteSingular) return std::nullopt;
    if (unit->unit != Unit::kYear && unit->unit != Unit::kMonth &&
        unit->unit != Unit::kWeek) {
      return std::nullopt;
    }
    Direction dir = Direction::kCurrent;
    if (std::optional<Direction> d = ModifierAt(j + 1)) {
      dir = *d;
      ++j;
    } else if (!demonstrative) {
      return std::nullopt;
    }
    Match m{i, j, Kind::kRelative, std::string()};
    if (!pub_days_) return m;
    const int step = Step(dir);
    switch (unit->unit) {
      case Unit::kYear:
        m.value = FormatYear(pub_.year + step);
        break;
      case Unit::kMonth: {
        const int index = pub_.year * 12 + (pub_.month - 1) + step;
        m.value = FormatMonth(index / 12, index % 12 + 1);
        break;
      }
      case Unit::kWeek:
        m.value = FormatWeek(IsoWeekFromDays(*pub_days_ + 7 * step));
        break;
      default:
        break;
    }
    return m;
  }

  // الستينيات [من القرن الماضي|العشرين]: "196" (TIMEX3 decade).
  std::optional<Match> MatchDecade(std::size_t i) const {
    if (!Has(i, role::kDecade)) return std::nullopt;
    int century = 19;  // news speaks of the last century's decades
    std::size_t last = i;
    std::size_t k = i + 1;
    if (HasBare(k, role::kFrom)) ++k;
    if (HasBare(k, role::kCentury)) {
      if (std::optional<Match> c = MatchCentury(k)) {
        last = c->last;
        if (c->value.size() == 2) century = std::stoi(c->value);
      }
    }
    return Match{i, last, Kind::kDate,
                 std::to_string(century) + std::to_string(Info(i)->decade)};
  }

  // القرن التاسع عشر -> "18", القرن العشرين -> "19", القرن الماضي.
  std::optional<Match> MatchCentury(std::size_t i) const {
    if (!Has(i, role::kCentury)) return std::nullopt;
    if (std::optional<Parsed> o = ParseOrdinal(i + 1); o && o->value <= 30) {
      return Match{i, o->end - 1, Kind::kDate, std::to_string(o->value - 1)};
    }
    if (std::optional<Direction> d = ModifierAt(i + 1)) {
      Match m{i, i + 1, Kind::kDate, std::string()};
      if (pub_days_) m.value = std::to_string(pub_.year / 100 + Step(*d));
      return m;
    }
    return std::nullopt;
  }

  // الآن, حاليا, الوقت الحالي (PRESENT_REF); مؤخرا, سابقا, في السابق
  // (PAST_REF); قريبا, في المستقبل (FUTURE_REF). These do not depend on
  // the publication date.
  std::optional<Match> MatchVague(std::size_t i) const {
    if (Has(i, role::kPresentRef)) return Match{i, i, Kind::kRelative, "PRESENT_REF"};
    if (Has(i, role::kPastRef)) return Match{i, i, Kind::kRelative, "PAST_REF"};
    if (Has(i, role::kFutureRef)) return Match{i, i, Kind::kRelative, "FUTURE_REF"};
    if (Has(i, role::kTimeWord) && HasBare(i + 1, role::kCurrentMod)) {
      return Match{i, i + 1, Kind::kRelative, "PRESENT_REF"};
    }
    if (InRange(i) && toks_[i].text == kFi) {
      // في السابق, في المستقبل.
      if (HasBare(i + 1, role::kPreviousWord)) {
        return Match{i, i + 1, Kind::kRelative, "PAST_REF"};
      }
      if (HasBare(i + 1, role::kFutureWord)) {
        return Match{i, i + 1, Kind::kRelative, "FUTURE_REF"};
      }
    }
    return std::nullopt;
  }

  static std::string_view UnitCode(Unit unit) {
    switch (unit) {
      case Unit::kYear: return "Y";
      case Unit::kMonth: return "M";
      case Unit::kWeek: return "W";
      case Unit::kDay: return "D";
      case Unit::kHour: return "H";
      case Unit::kMinute: return "M";
      case Unit::kDecade: return "DE";
      case Unit::kCentury: return "CE";
      case Unit::kNone: break;
    }
    return "";
  }

  static std::string DurationValue(int amount, Unit unit) {
    const bool clock = unit == Unit::kHour || unit == Unit::kMinute;
    std::string v = clock ? "PT" : "P";
    v += amount < 0 ? std::string("X") : std::to_string(amount);
    v += UnitCode(unit);
    return v;
  }

  // سنويا; كل يوم/أسبوع/عام; كل عامين; كل 3 أشهر; كل يوم سبت.
  std::optional<Match> MatchSet(std::size_t i) const {
    if (Has(i, role::kSetAdverb)) {
      return Match{i, i, Kind::kSet, DurationValue(1, Info(i)->unit)};
    }
    if (!Has(i, role::kEvery)) return std::nullopt;
    std::size_t j = i + 1;
    if (HasBare(j, role::kWeekdayBare) || HasBare(j, role::kWeekday)) {
      return Match{i, j, Kind::kSet, WeeklyValue(Info(j)->weekday)};
    }
    if (Has(j, role::kDayWord) && !toks_[j].has_wa &&
        (HasBare(j + 1, role::kWeekdayBare) || HasBare(j + 1, role::kWeekday))) {
      return Match{i, j + 1, Kind::kSet, WeeklyValue(Info(j + 1)->weekday)};
    }
    std::optional<Amount> a = ParseAmount(j);
    if (!a) return std::nullopt;
    return Match{i, a->end - 1, Kind::kSet, DurationValue(a->amount, a->unit)};
  }

  // "XXXX-WXX-6": TIMEX3 writes weekdays ISO style, Monday = 1.
  static std::string WeeklyValue(int weekday) {
    return "XXXX-WXX-" + std::to_string(weekday == 0 ? 7 : weekday);
  }

  struct Amount {
    int amount = 0;  // -1 for an unknown amount ("عدة أعوام")
    Unit unit = Unit::kNone;
    std::size_t end = 0;
  };

  // An amount of time: "26 عاما", "ثلاثة أعوام", "عامين", "عدة أيام", and a
  // singular unit (after كل and أكثر من only).
  std::optional<Amount> ParseAmount(std::size_t j) const {
    const WordInfo* w = Info(j);
    if (w != nullptr && w->Has(role::kUnit) && !toks_[j].has_wa) {
      if (w->form == UnitForm::kDual || w->form == UnitForm::kDefiniteDual) {
        return Amount{2, w->unit, j + 1};
      }
      if (w->form == UnitForm::kSingular) return Amount{1, w->unit, j + 1};
      return std::nullopt;
    }
    int amount = 0;
    std::size_t k = j;
    if (const int n = Number(j); n > 0 && n <= kMaxDurationAmount) {
      amount = n;
      k = j + 1;
    } else if (std::optional<Parsed> c = ParseCardinal(j)) {
      amount = c->value;
      k = c->end;
    } else if (HasBare(j, role::kSeveral)) {
      amount = -1;
      k = j + 1;
    } else {
      return std::nullopt;
    }
    const WordInfo* u = Info(k);
    if (u == nullptr || !u->Has(role::kUnit) || toks_[k].core_begin != toks_[k].begin) {
      return std::nullopt;
    }
    if (u->form != UnitForm::kSingular && u->form != UnitForm::kAccusative &&
        u->form != UnitForm::kPlural) {
      return std::nullopt;
    }
    return Amount{amount, u->unit, k + 1};
  }

  // [قبل|بعد|منذ] [أكثر|أقل من] AMOUNT: a duration, or with قبل/بعد and a
  // publication date a point ("قبل 3 أعوام" -> the year three years back).
  std::optional<Match> MatchDuration(std::size_t i) const {
    std::size_t j = i;
    int sign = 0;
    if (Has(j, role::kBefore)) {
      sign = -1;
      ++j;
    } else if (Has(j, role::kAfter)) {
      sign = 1;
      ++j;
    }
    const std::size_t amount_at = j;
    bool approximate = false;
    if (HasBare(j, role::kMoreLess) && HasBare(j + 1, role::kFrom)) {
      approximate = true;
      j += 2;
    }
    std::optional<Amount> a = ParseAmount(j);
    if (!a) return std::nullopt;
    // A bare singular ("يوم", "عام") is no duration; after أكثر من it is
    // one unit, after قبل/بعد a shift by one ("قبل عام").
    const WordInfo* first = Info(j);
    if (first != nullptr && first->Has(role::kUnit) &&
        first->form == UnitForm::kSingular && !approximate && sign == 0) {
      return std::nullopt;
    }
    std::size_t last = a->end - 1;
    if (first != nullptr && first->Has(role::kUnit) &&
        first->form == UnitForm::kDefiniteDual && HasBare(a->end, role::kPastSpan)) {
      ++last;  // العامين الماضيين
    }
    if (sign != 0 && a->amount > 0 && a->unit != Unit::kHour &&
        a->unit != Unit::kMinute && a->unit != Unit::kDecade &&
        a->unit != Unit::kCentury) {
      Match m{i, last, Kind::kRelative, std::string()};
      if (pub_days_) m.value = ShiftedValue(sign * a->amount, a->unit);
      return m;
    }
    return Match{amount_at, last, Kind::kDuration,
                 DurationValue(a->amount, a->unit)};
  }

  // Publication shifted by `amount` units, at the unit's granularity.
  std::string ShiftedValue(int amount, Unit unit) const {
    switch (unit) {
      case Unit::kYear:
        return FormatYear(pub_.year + amount);
      case Unit::kMonth: {
        const int index = pub_.year * 12 + (pub_.month - 1) + amount;
        return FormatMonth(index / 12, index % 12 + 1);
      }
      case Unit::kWeek:
        return FormatWeek(IsoWeekFromDays(*pub_days_ + 7 * int64_t{amount}));
      case Unit::kDay:
        return FormatDay(*pub_days_ + amount);
      default:
        return std::string();
    }
  }

  // الساعة 7.30 مساء, الساعة 10, الساعة العاشرة صباحا: a clock time of an
  // unknown day, "XXXX-XX-XXT19:30".
  std::optional<Match> MatchClock(std::size_t i) const {
    if (!Has(i, role::kClock)) return std::nullopt;
    std::size_t j = i + 1;
    int hour = -1;
    int minute = 0;
    if (InRange(j) && toks_[j].kind == text::TokenKind::kNumber) {
      const std::string_view t = toks_[j].text;
      const std::size_t dot = t.find('.');
      if (dot != std::string_view::npos && dot > 0 && dot <= 2 &&
          t.size() - dot - 1 == 2) {
        hour = std::stoi(std::string(t.substr(0, dot)));
        minute = std::stoi(std::string(t.substr(dot + 1)));
        ++j;
      } else if (toks_[j].digits <= 2 && toks_[j].number >= 0) {
        hour = toks_[j].number;
        ++j;
        if (IsPunct(j, ':') && Touching(j) && Touching(j + 1) &&
            InRange(j + 1) && toks_[j + 1].digits == 2) {
          minute = toks_[j + 1].number;
          j += 2;
        }
      }
    } else if (std::optional<Parsed> o = ParseOrdinal(j); o && o->value <= 12) {
      hour = o->value;
      j = o->end;
    }
    if (hour < 0 || hour > kMaxHour || minute > kMaxMinute) return std::nullopt;
    if (HasBare(j, role::kDayPartAdverb)) {
      const DayPart part = Info(j)->day_part;
      if ((part == DayPart::kEvening || part == DayPart::kNight ||
           part == DayPart::kAfternoon) &&
          hour < kHoursPerHalfDay) {
        hour += kHoursPerHalfDay;
      }
      ++j;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "XXXX-XX-XXT%02d:%02d", hour, minute);
    return Match{i, j - 1, Kind::kTime, buf};
  }

  const std::vector<Tok>& toks_;
  std::optional<int64_t> pub_days_;
  CivilDate pub_;
  std::size_t last_end_ = 0;
  bool last_was_year_ = false;
  bool has_last_ = false;
};

}  // namespace

std::string_view DateKindName(DateMention::Kind kind) {
  switch (kind) {
    case Kind::kDate: return "date";
    case Kind::kRelative: return "relative";
    case Kind::kWeekday: return "weekday";
    case Kind::kTime: return "time";
    case Kind::kDuration: return "duration";
    case Kind::kSet: return "set";
  }
  return "date";
}

std::vector<DateMention> FindDates(std::string_view text,
                                   std::optional<UnixSeconds> published_at) {
  std::vector<DateMention> mentions;
  if (text.empty()) return mentions;
  const DateLexicon& lexicon = DateLexicon::Get();
  const text::NormalizedText norm = text::Normalizer::Default().Normalize(text);
  const std::string_view ntext = norm.text;

  std::vector<Tok> toks;
  toks.reserve(ntext.size() / 4);
  text::TokenStream stream(ntext);
  text::Token t;
  while (stream.Next(&t)) {
    Tok tok;
    tok.kind = t.kind;
    tok.begin = t.begin;
    tok.end = t.end;
    tok.core_begin = t.begin;
    tok.text = t.Text(ntext);
    switch (t.kind) {
      case text::TokenKind::kWord:
        LookUp(lexicon, &tok);
        break;
      case text::TokenKind::kNumber: {
        int value = 0;
        int digits = 0;
        bool plain = true;
        for (const char c : tok.text) {
          if (c < '0' || c > '9' || ++digits > 6) {
            plain = false;
            break;
          }
          value = value * 10 + (c - '0');
        }
        tok.number = plain ? value : -1;
        tok.digits = plain ? digits : 0;
        break;
      }
      case text::TokenKind::kPunct:
        if (tok.text.size() == 1) tok.punct = tok.text[0];
        break;
      case text::TokenKind::kLatin:
        break;
    }
    toks.push_back(tok);
  }

  std::optional<int64_t> pub_days;
  if (published_at) {
    // Floor division: a time before 1970 still falls on its own day.
    int64_t days = *published_at / kSecondsPerDay;
    if (*published_at % kSecondsPerDay < 0) --days;
    pub_days = days;
  }
  Scanner scanner(toks, pub_days);
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind == text::TokenKind::kPunct ||
        toks[i].kind == text::TokenKind::kLatin) {
      continue;
    }
    if (toks[i].kind == text::TokenKind::kWord && toks[i].info == nullptr) {
      continue;
    }
    std::optional<Match> m = scanner.MatchAt(i);
    if (!m) continue;
    scanner.Emitted(*m, Scanner::IsYearValue(*m));
    const uint32_t begin = norm.offsets[toks[m->first].core_begin];
    const uint32_t end = norm.offsets[toks[m->last].end];
    if (begin < end) {
      DateMention mention;
      mention.begin = begin;
      mention.end = end;
      mention.text = std::string(text.substr(begin, end - begin));
      mention.value = std::move(m->value);
      mention.kind = m->kind;
      mentions.push_back(std::move(mention));
    }
    i = m->last;
  }
  return mentions;
}

}  // namespace khabar::nlp
