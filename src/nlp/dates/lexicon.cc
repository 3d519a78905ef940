#include "nlp/dates/lexicon.h"

#include <initializer_list>

#include "text/normalizer.h"

namespace khabar::nlp::dates_internal {

namespace {

struct MonthName {
  std::string_view word;
  int8_t month;
  bool ambiguous;
};

// Gregorian months in every regional series. Ambiguous names are also
// ordinary words or names: آب/أب (father; Ibb in Yemen), مارس (he
// practised), نيسان (the car maker), تموز (the god), ماي (my), أوت,
// أيار, آذار (used as first names), شباط, أيلول (names too).
constexpr MonthName kGregorianMonths[] = {
    // Egypt and the Gulf: transliterated.
    {"يناير", 1, false}, {"فبراير", 2, false}, {"مارس", 3, true},
    {"أبريل", 4, false}, {"إبريل", 4, false}, {"ابريل", 4, false},
    {"مايو", 5, false}, {"يونيو", 6, false}, {"يونيه", 6, false},
    {"يوليو", 7, false}, {"يوليه", 7, false}, {"أغسطس", 8, false},
    {"اغسطس", 8, false}, {"أغسطوس", 8, false}, {"سبتمبر", 9, false},
    {"أكتوبر", 10, false}, {"اكتوبر", 10, false}, {"نوفمبر", 11, false},
    {"ديسمبر", 12, false},
    // The Maghreb: from French.
    {"جانفي", 1, false}, {"فيفري", 2, false}, {"أفريل", 4, false},
    {"ماي", 5, true}, {"جوان", 6, false}, {"جويلية", 7, false},
    {"جويليه", 7, false}, {"أوت", 8, true},
    // The Levant and Iraq: Syriac (two-word names are built from heads).
    {"شباط", 2, true}, {"آذار", 3, true}, {"نيسان", 4, true},
    {"أيار", 5, true}, {"حزيران", 6, false}, {"تموز", 7, true},
    {"آب", 8, true}, {"أيلول", 9, true},
};

// Hijri months; صفر (zero), رجب and شعبان are names or words as well.
constexpr MonthName kHijriMonths[] = {
    {"محرم", 1, true},   {"صفر", 2, true},   {"رجب", 7, true},
    {"شعبان", 8, true},  {"رمضان", 9, false}, {"شوال", 10, false},
};

struct Named {
  std::string_view word;
  int value;
};

constexpr Named kWeekdays[] = {
    {"الأحد", 0},    {"الاثنين", 1}, {"الإثنين", 1}, {"الثلاثاء", 2},
    {"الأربعاء", 3}, {"الخميس", 4},  {"الجمعة", 5},  {"السبت", 6},
};
constexpr Named kBareWeekdays[] = {
    {"أحد", 0},    {"اثنين", 1}, {"إثنين", 1}, {"ثلاثاء", 2},
    {"أربعاء", 3}, {"خميس", 4},  {"جمعة", 5},  {"سبت", 6},
};

// Masculine ordinals (days, centuries) and feminine ones (hours: الساعة
// العاشرة); the value is the same.
constexpr Named kOrdinals[] = {
    {"الأول", 1},    {"الحادي", 1},   {"الثاني", 2},   {"الثالث", 3},
    {"الرابع", 4},   {"الخامس", 5},   {"السادس", 6},   {"السابع", 7},
    {"الثامن", 8},   {"التاسع", 9},   {"العاشر", 10},  {"العشرين", 20},
    {"الثلاثين", 30}, {"الأولى", 1},   {"الواحدة", 1},  {"الحادية", 1},
    {"الثانية", 2},  {"الثالثة", 3},  {"الرابعة", 4},  {"الخامسة", 5},
    {"السادسة", 6},  {"السابعة", 7},  {"الثامنة", 8},  {"التاسعة", 9},
    {"العاشرة", 10},
};

constexpr Named kCardinals[] = {
    {"ثلاث", 3},   {"ثلاثة", 3},  {"أربع", 4},   {"أربعة", 4},
    {"خمس", 5},    {"خمسة", 5},   {"ست", 6},     {"ستة", 6},
    {"سبع", 7},    {"سبعة", 7},   {"ثماني", 8},  {"ثمانية", 8},
    {"ثمان", 8},   {"تسع", 9},    {"تسعة", 9},   {"عشر", 10},
    {"عشرة", 10},  {"عشرون", 20}, {"عشرين", 20}, {"ثلاثون", 30},
    {"ثلاثين", 30}, {"أربعون", 40}, {"أربعين", 40}, {"خمسون", 50},
    {"خمسين", 50}, {"ستون", 60},  {"ستين", 60},  {"سبعون", 70},
    {"سبعين", 70}, {"ثمانون", 80}, {"ثمانين", 80}, {"تسعون", 90},
    {"تسعين", 90}, {"مئة", 100},  {"مائة", 100},
};

// Decades are named by their tens digit; both plural spellings occur.
constexpr Named kDecades[] = {
    {"العشرينيات", 2}, {"العشرينات", 2}, {"الثلاثينيات", 3},
    {"الثلاثينات", 3}, {"الأربعينيات", 4}, {"الأربعينات", 4},
    {"الخمسينيات", 5}, {"الخمسينات", 5}, {"الستينيات", 6},
    {"الستينات", 6},   {"السبعينيات", 7}, {"السبعينات", 7},
    {"الثمانينيات", 8}, {"الثمانينات", 8}, {"التسعينيات", 9},
    {"التسعينات", 9},
};

struct UnitWord {
  std::string_view word;
  Unit unit;
  UnitForm form;
};

constexpr UnitWord kUnitWords[] = {
    {"عام", Unit::kYear, UnitForm::kSingular},
    {"سنة", Unit::kYear, UnitForm::kSingular},
    {"عاما", Unit::kYear, UnitForm::kAccusative},
    {"سنوات", Unit::kYear, UnitForm::kPlural},
    {"أعوام", Unit::kYear, UnitForm::kPlural},
    {"سنين", Unit::kYear, UnitForm::kPlural},
    {"عامين", Unit::kYear, UnitForm::kDual},
    {"سنتين", Unit::kYear, UnitForm::kDual},
    {"العام", Unit::kYear, UnitForm::kDefiniteSingular},
    {"السنة", Unit::kYear, UnitForm::kDefiniteSingular},
    {"العامين", Unit::kYear, UnitForm::kDefiniteDual},
    {"السنتين", Unit::kYear, UnitForm::kDefiniteDual},
    {"الأعوام", Unit::kYear, UnitForm::kDefinitePlural},
    {"السنوات", Unit::kYear, UnitForm::kDefinitePlural},
    {"شهر", Unit::kMonth, UnitForm::kSingular},
    {"شهرا", Unit::kMonth, UnitForm::kAccusative},
    {"أشهر", Unit::kMonth, UnitForm::kPlural},
    {"شهور", Unit::kMonth, UnitForm::kPlural},
    {"شهرين", Unit::kMonth, UnitForm::kDual},
    {"الشهر", Unit::kMonth, UnitForm::kDefiniteSingular},
    {"الشهرين", Unit::kMonth, UnitForm::kDefiniteDual},
    {"الأشهر", Unit::kMonth, UnitForm::kDefinitePlural},
    {"الشهور", Unit::kMonth, UnitForm::kDefinitePlural},
    {"أسبوع", Unit::kWeek, UnitForm::kSingular},
    {"أسبوعا", Unit::kWeek, UnitForm::kAccusative},
    {"أسابيع", Unit::kWeek, UnitForm::kPlural},
    {"أسبوعين", Unit::kWeek, UnitForm::kDual},
    {"الأسبوع", Unit::kWeek, UnitForm::kDefiniteSingular},
    {"الأسبوعين", Unit::kWeek, UnitForm::kDefiniteDual},
    {"الأسابيع", Unit::kWeek, UnitForm::kDefinitePlural},
    {"يوم", Unit::kDay, UnitForm::kSingular},
    {"يوما", Unit::kDay, UnitForm::kAccusative},
    {"أيام", Unit::kDay, UnitForm::kPlural},
    {"يومين", Unit::kDay, UnitForm::kDual},
    {"اليومين", Unit::kDay, UnitForm::kDefiniteDual},
    {"الأيام", Unit::kDay, UnitForm::kDefinitePlural},
    {"ساعة", Unit::kHour, UnitForm::kSingular},
    {"ساعات", Unit::kHour, UnitForm::kPlural},
    {"ساعتين", Unit::kHour, UnitForm::kDual},
    {"الساعتين", Unit::kHour, UnitForm::kDefiniteDual},
    {"دقيقة", Unit::kMinute, UnitForm::kSingular},
    {"دقائق", Unit::kMinute, UnitForm::kPlural},
    {"دقيقتين", Unit::kMinute, UnitForm::kDual},
    {"عقد", Unit::kDecade, UnitForm::kSingular},
    {"عقدا", Unit::kDecade, UnitForm::kAccusative},
    {"عقود", Unit::kDecade, UnitForm::kPlural},
    {"عقدين", Unit::kDecade, UnitForm::kDual},
    {"قرن", Unit::kCentury, UnitForm::kSingular},
    {"قرنا", Unit::kCentury, UnitForm::kAccusative},
    {"قرون", Unit::kCentury, UnitForm::kPlural},
    {"قرنين", Unit::kCentury, UnitForm::kDual},
};

}  // namespace

const DateLexicon& DateLexicon::Get() {
  static const DateLexicon* const lexicon = new DateLexicon();
  return *lexicon;
}

const WordInfo* DateLexicon::Find(std::string_view normalized_word) const {
  const auto it = words_.find(normalized_word);
  return it == words_.end() ? nullptr : &it->second;
}

WordInfo& DateLexicon::Add(std::string_view spelled_word) {
  return words_[text::Normalizer::Default().Normalize(spelled_word).text];
}

DateLexicon::DateLexicon() {
  const auto add_roles = [this](std::initializer_list<std::string_view> list,
                                uint64_t roles, bool preposition_ok = false) {
    for (std::string_view w : list) {
      WordInfo& info = Add(w);
      info.roles |= roles;
      info.preposition_ok |= preposition_ok;
    }
  };

  for (const MonthName& m : kGregorianMonths) {
    WordInfo& info = Add(m.word);
    info.roles |= kMonth;
    info.month = m.month;
    info.ambiguous = m.ambiguous;
  }
  for (const MonthName& m : kHijriMonths) {
    WordInfo& info = Add(m.word);
    info.roles |= kMonth;
    info.month = m.month;
    info.hijri = true;
    info.ambiguous = m.ambiguous;
  }
  const auto add_head = [this](std::string_view w, MonthHead head) {
    WordInfo& info = Add(w);
    info.roles |= kMonthHead;
    info.head = head;
  };
  add_head("تشرين", MonthHead::kTishrin);
  add_head("كانون", MonthHead::kKanun);
  add_head("ربيع", MonthHead::kRabi);
  add_head("جمادى", MonthHead::kJumada);
  add_head("ذو", MonthHead::kDhu);
  add_head("ذي", MonthHead::kDhu);
  const auto add_qualifier = [this](std::initializer_list<std::string_view> l,
                                    Qualifier q) {
    for (std::string_view w : l) {
      WordInfo& info = Add(w);
      info.roles |= kMonthQualifier;
      info.qualifier = q;
    }
  };
  add_qualifier({"الأول", "أول", "الأولى"}, Qualifier::kFirst);
  add_qualifier({"الثاني", "ثاني", "الثانية", "الآخر", "الآخرة"},
                Qualifier::kSecond);
  add_qualifier({"القعدة"}, Qualifier::kQadah);
  add_qualifier({"الحجة"}, Qualifier::kHijjah);

  for (const Named& d : kWeekdays) {
    WordInfo& info = Add(d.word);
    info.roles |= kWeekday;
    info.weekday = static_cast<int8_t>(d.value);
  }
  for (const Named& d : kBareWeekdays) {
    WordInfo& info = Add(d.word);
    info.roles |= kWeekdayBare;
    info.weekday = static_cast<int8_t>(d.value);
  }
  for (const Named& o : kOrdinals) {
    WordInfo& info = Add(o.word);
    info.roles |= kOrdinal;
    info.ordinal = static_cast<int8_t>(o.value);
  }
  for (const Named& c : kCardinals) {
    WordInfo& info = Add(c.word);
    info.roles |= kCardinal;
    info.cardinal = static_cast<int16_t>(c.value);
  }
  add_roles({"عشر", "عشرة"}, kTeen);
  for (const Named& d : kDecades) {
    WordInfo& info = Add(d.word);
    info.roles |= kDecade;
    info.decade = static_cast<int8_t>(d.value);
    info.preposition_ok = true;
  }
  for (const UnitWord& u : kUnitWords) {
    WordInfo& info = Add(u.word);
    info.roles |= kUnit;
    info.unit = u.unit;
    info.form = u.form;
    // للعام الماضي, بالأسبوع المقبل, لعامين.
    info.preposition_ok = true;
  }
  const auto add_set = [this](std::string_view w, Unit unit) {
    WordInfo& info = Add(w);
    info.roles |= kSetAdverb;
    info.unit = unit;
  };
  add_set("سنويا", Unit::kYear);
  add_set("شهريا", Unit::kMonth);
  add_set("أسبوعيا", Unit::kWeek);
  add_set("يوميا", Unit::kDay);

  add_roles({"القرن"}, kCentury, true);
  add_roles({"اليوم"}, kToday);
  add_roles({"أمس", "الأمس", "البارحة"}, kYesterday, true);
  add_roles({"غدا", "الغد"}, kTomorrow);
  add_roles({"غد"}, kGhad);
  add_roles({"أول"}, kAwwal);
  add_roles({"الماضي", "المنصرم", "الفائت", "السابق", "الماضية",
             "المنصرمة", "الفائتة", "السابقة"},
            kPastMod);
  add_roles({"المقبل", "القادم", "المقبلة", "القادمة"}, kNextMod);
  add_roles({"الجاري", "الحالي", "الجارية", "الحالية", "الراهن", "الحاضر"},
            kCurrentMod);
  add_roles({"الماضية", "المنصرمة", "الماضيين", "الماضيين"}, kPastSpan);
  add_roles({"المقبلة", "القادمة"}, kNextSpan);
  add_roles({"هذا", "هذه"}, kThis, true);
  add_roles({"الآن", "حاليا"}, kPresentRef);
  add_roles({"مؤخرا", "سابقا", "آنذاك", "حينذاك", "وقتذاك"}, kPastRef);
  add_roles({"قريبا", "مستقبلا"}, kFutureRef);
  add_roles({"الوقت"}, kTimeWord);
  add_roles({"السابق"}, kPreviousWord);
  add_roles({"المستقبل"}, kFutureWord);
  add_roles({"كل"}, kEvery, true);
  const auto add_part = [this](std::initializer_list<std::string_view> l,
                               uint64_t role, DayPart part) {
    for (std::string_view w : l) {
      WordInfo& info = Add(w);
      info.roles |= role;
      info.day_part = part;
    }
  };
  add_part({"صباح", "فجر"}, kPartOfDay, DayPart::kMorning);
  add_part({"ظهر", "عصر", "ظهيرة"}, kPartOfDay, DayPart::kAfternoon);
  add_part({"مساء"}, kPartOfDay | kDayPartAdverb, DayPart::kEvening);
  add_part({"ليلة", "ليل"}, kPartOfDay, DayPart::kNight);
  add_part({"صباحا", "فجرا"}, kDayPartAdverb, DayPart::kMorning);
  add_part({"ظهرا", "عصرا"}, kDayPartAdverb, DayPart::kAfternoon);
  add_part({"مساءا"}, kDayPartAdverb, DayPart::kEvening);
  add_part({"ليلا"}, kDayPartAdverb, DayPart::kNight);
  add_roles({"أوائل", "أواخر", "أواسط", "مطلع", "بداية", "بدايات", "نهاية",
             "منتصف", "أوسط", "ختام"},
            kEdge, true);
  add_roles({"ه", "هـ", "هجري", "هجرية", "للهجرة"}, kHijriMarker);
  add_roles({"م", "ميلادي", "ميلادية", "للميلاد"}, kGregorianMarker);
  add_roles({"في", "منذ", "حتى", "قبل", "بعد", "خلال", "إلى", "عن", "مطلع",
             "نهاية", "بداية", "أواخر", "أوائل", "منتصف", "طوال"},
            kYearCue);
  add_roles({"من"}, kFrom);
  add_roles({"عام", "العام", "سنة", "السنة", "عامي"}, kYearWord, true);
  add_roles({"شهر"}, kMonthWord, true);
  add_roles({"يوم"}, kDayWord, true);
  add_roles({"الساعة"}, kClock);
  add_roles({"قبل"}, kBefore);
  add_roles({"بعد"}, kAfter);
  add_roles({"أكثر", "أقل", "نحو", "حوالي"}, kMoreLess);
  add_roles({"الليلة"}, kTonight);
  add_roles({"عدة", "بضعة", "بضع"}, kSeveral);
  add_roles({"و"}, kAnd);
  // اليوم followed by these names an occasion or a day of a series, not
  // today: اليوم العالمي للمسرح, اليوم الوطني, اليوم التالي.
  add_roles({"العالمي", "الوطني", "التالي", "الدولي", "الموالي", "الختامي",
             "الافتتاحي", "الأخير", "المفتوح", "الواحد"},
            kNotToday);
}

}  // namespace khabar::nlp::dates_internal
