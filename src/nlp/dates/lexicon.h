// The word table of the date recognizer: every word that can start, continue
// or qualify a date expression, keyed by its default-normalized form (see
// text/normalizer.h), with the roles it can play.
//
// Internal to nlp/dates. The table is built once on first use from the
// spelled-out lists in lexicon.cc (each entry is normalized with
// text::Normalizer::Default(), so the lists use ordinary spelling) and is
// immutable afterwards: DateLexicon::Get() is thread-safe and the returned
// reference lives until exit.
#ifndef KHABAR_NLP_DATES_LEXICON_H_
#define KHABAR_NLP_DATES_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace khabar::nlp::dates_internal {

// What a word can do in a date expression; one word may have several roles
// (الاول is a day ordinal, the qualifier of تشرين الاول and of أمس الأول).
enum Role : uint64_t {
  kMonth = 1ull << 0,           // a month name; month/hijri/ambiguous below
  kMonthHead = 1ull << 1,       // تشرين, كانون, ربيع, جمادى, ذو/ذي
  kMonthQualifier = 1ull << 2,  // الاول, الثاني, الآخرة, القعدة, الحجة
  kWeekday = 1ull << 3,         // الأحد .. السبت
  kWeekdayBare = 1ull << 4,     // أحد .. سبت after يوم/كل
  kOrdinal = 1ull << 5,         // الأول .. العاشر, الحادي, العشرين
  kTeen = 1ull << 6,            // عشر, عشرة after an ordinal or cardinal
  kCardinal = 1ull << 7,        // ثلاثة .. تسعين, مئة
  kUnit = 1ull << 8,            // عام, أعوام, الشهر, يومين ...
  kDecade = 1ull << 9,          // الستينيات
  kCentury = 1ull << 10,        // القرن
  kToday = 1ull << 11,          // اليوم
  kYesterday = 1ull << 12,      // أمس, الأمس, البارحة
  kTomorrow = 1ull << 13,       // غدا, الغد
  kGhad = 1ull << 14,           // غد (after بعد, مساء)
  kAwwal = 1ull << 15,          // أول (أول أمس, أول من أمس)
  kPastMod = 1ull << 16,        // الماضي, المنصرم, الفائت, السابق
  kNextMod = 1ull << 17,        // المقبل, القادم
  kCurrentMod = 1ull << 18,     // الجاري, الحالي
  kThis = 1ull << 19,           // هذا, هذه
  kPresentRef = 1ull << 20,     // الآن, حاليا
  kPastRef = 1ull << 21,        // مؤخرا, سابقا, آنذاك
  kFutureRef = 1ull << 22,      // قريبا, مستقبلا
  kSetAdverb = 1ull << 23,      // سنويا, يوميا (unit below)
  kEvery = 1ull << 24,          // كل
  kPartOfDay = 1ull << 25,      // صباح, مساء, ليلة (part_of_day below)
  kDayPartAdverb = 1ull << 26,  // صباحا, مساء, ليلا after a clock time
  kEdge = 1ull << 27,           // أوائل, أواخر, مطلع, بداية, نهاية, منتصف
  kHijriMarker = 1ull << 28,    // هـ, هجري, للهجرة
  kGregorianMarker = 1ull << 29,  // م, ميلادي, للميلاد
  kYearCue = 1ull << 30,        // في, منذ, حتى, قبل, بعد ... before a year
  kFrom = 1ull << 31,           // من
  kYearWord = 1ull << 32,       // عام, العام, سنة, السنة, عامي
  kMonthWord = 1ull << 33,      // شهر
  kDayWord = 1ull << 34,        // يوم
  kClock = 1ull << 35,          // الساعة
  kBefore = 1ull << 36,         // قبل
  kAfter = 1ull << 37,          // بعد
  kMoreLess = 1ull << 38,       // أكثر, أقل
  kTonight = 1ull << 39,        // الليلة
  kSeveral = 1ull << 40,        // عدة, بضعة
  kAnd = 1ull << 41,            // و standing alone (و2003)
  kPastSpan = 1ull << 42,       // الماضية, المنصرمة after a plural unit
  kNextSpan = 1ull << 43,       // المقبلة, القادمة after a plural unit
  kTimeWord = 1ull << 44,       // الوقت (الوقت الحالي)
  kPreviousWord = 1ull << 45,   // السابق (في السابق)
  kFutureWord = 1ull << 46,     // المستقبل (في المستقبل)
  kNotToday = 1ull << 47,       // العالمي, الوطني, التالي: اليوم X is no date
};

enum class Unit : uint8_t {
  kNone,
  kYear,
  kMonth,
  kWeek,
  kDay,
  kHour,
  kMinute,
  kDecade,
  kCentury
};

// How a unit word is inflected; decides which patterns may use it.
enum class UnitForm : uint8_t {
  kNone,
  kSingular,            // عام, شهر, يوم (after a number or كل)
  kAccusative,          // عاما, شهرا, يوما (after 11..99)
  kDual,                // عامين, شهرين, يومين
  kPlural,              // أعوام, أشهر, أيام (after 3..10)
  kDefiniteSingular,    // العام, الشهر, الأسبوع
  kDefiniteDual,        // العامين, الساعتين
  kDefinitePlural,      // الأعوام, الأيام
};

// Which two-word month a kMonthHead starts; the kMonthQualifier completes it.
enum class MonthHead : uint8_t { kNone, kTishrin, kKanun, kRabi, kJumada, kDhu };
enum class Qualifier : uint8_t { kNone, kFirst, kSecond, kQadah, kHijjah };

// Part of the day, as TIMEX3 writes it after the date ("TMO", "TEV" ...).
enum class DayPart : uint8_t { kNone, kMorning, kAfternoon, kEvening, kNight };

struct WordInfo {
  uint64_t roles = 0;
  int8_t month = 0;         // kMonth: 1..12
  bool hijri = false;       // kMonth: a month of the Hijri calendar
  bool ambiguous = false;   // kMonth: also a common word or name (آب, مارس)
  int8_t weekday = -1;      // kWeekday/kWeekdayBare: 0 = Sunday
  int8_t ordinal = 0;       // kOrdinal: 1..10, 20, 30
  int16_t cardinal = 0;     // kCardinal: 3..10, 20..90, 100
  int8_t decade = 0;        // kDecade: 1..9 (the 1910s .. the 1990s)
  Unit unit = Unit::kNone;  // kUnit, kSetAdverb
  UnitForm form = UnitForm::kNone;
  MonthHead head = MonthHead::kNone;
  Qualifier qualifier = Qualifier::kNone;
  DayPart day_part = DayPart::kNone;  // kPartOfDay, kDayPartAdverb
  // Whether ب, ل, ك may be split off (بالأمس, لعام); و and ف always may.
  bool preposition_ok = false;

  bool Has(uint64_t role) const { return (roles & role) != 0; }
};

class DateLexicon {
 public:
  static const DateLexicon& Get();

  // The entry for a normalized word, or nullptr.
  const WordInfo* Find(std::string_view normalized_word) const;

 private:
  DateLexicon();
  WordInfo& Add(std::string_view spelled_word);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };
  std::unordered_map<std::string, WordInfo, Hash, std::equal_to<>> words_;
};

}  // namespace khabar::nlp::dates_internal

#endif  // KHABAR_NLP_DATES_LEXICON_H_
