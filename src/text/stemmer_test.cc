#include "text/stemmer.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "text/normalizer.h"

namespace khabar::text {
namespace {

// Stems raw Arabic the way the analyzer does: normalize, then stem.
std::string Stem(std::string_view raw) {
  const std::string norm = NormalizeToString(raw);
  return std::string(ArabicStemmer::Default().Stem(norm));
}
std::string Folded(std::string_view raw) { return NormalizeToString(raw); }

// --- Proclitics ------------------------------------------------------------

TEST(ArabicStemmerTest, StripsAlPrefix) { EXPECT_EQ(Stem("المدارس"), "مدارس"); }
TEST(ArabicStemmerTest, StripsWalPrefix) {
  EXPECT_EQ(Stem("والمدارس"), "مدارس");
}
TEST(ArabicStemmerTest, StripsFalPrefix) {
  EXPECT_EQ(Stem("فالمدارس"), "مدارس");
}
TEST(ArabicStemmerTest, StripsBalPrefix) {
  EXPECT_EQ(Stem("بالمدارس"), "مدارس");
}
TEST(ArabicStemmerTest, StripsKalPrefix) {
  EXPECT_EQ(Stem("كالمدارس"), "مدارس");
}
TEST(ArabicStemmerTest, StripsLilPrefix) {
  EXPECT_EQ(Stem("للمدارس"), "مدارس");
}
TEST(ArabicStemmerTest, StripsWawBalPrefix) {
  EXPECT_EQ(Stem("وبالمدارس"), "مدارس");
}
TEST(ArabicStemmerTest, StripsWawConjunction) {
  EXPECT_EQ(Stem("وقال"), "قال");
}
TEST(ArabicStemmerTest, KeepsBareFehBeforeWord) {
  EXPECT_EQ(Stem("فيليب"), Folded("فيليب"));
  EXPECT_EQ(Stem("فشلت"), "فشلت");
}
TEST(ArabicStemmerTest, StripsFutureSeenBeforeImperfect) {
  EXPECT_EQ(Stem("سيكون"), "يكون");
  EXPECT_EQ(Stem("ستكون"), "تكون");
  EXPECT_EQ(Stem("سنعمل"), "نعمل");
}
TEST(ArabicStemmerTest, StripsWawFutureSeen) {
  EXPECT_EQ(Stem("وسيتم"), "يتم");
}
TEST(ArabicStemmerTest, KeepsSeenOfForeignNames) {
  EXPECT_EQ(Stem("ستيفن"), "ستيفن");
}
TEST(ArabicStemmerTest, KeepsSeenOfLexiconNouns) {
  EXPECT_EQ(Stem("سيارة"), Stem("سيارات"));
  EXPECT_EQ(Stem("سيارة"), "سيار");
  EXPECT_EQ(Stem("سياسة"), "سياس");
}
TEST(ArabicStemmerTest, KeepsBarePrepositionBeforeOrdinaryWord) {
  EXPECT_EQ(Stem("بلدان"), "بلدان");
  EXPECT_EQ(Stem("كتاب"), "كتاب");
}
TEST(ArabicStemmerTest, StripsBarePrepositionBeforeFormXVerbalNoun) {
  EXPECT_EQ(Stem("لاستعادة"), Stem("استعادة"));
  EXPECT_EQ(Stem("باستخدام"), "استخدام");
  EXPECT_EQ(Stem("بانتظار"), "انتظار");
}
TEST(ArabicStemmerTest, StripsBarePrepositionBeforeMeemNoun) {
  EXPECT_EQ(Stem("لمترو"), "مترو");
  EXPECT_EQ(Stem("بمقتل"), "مقتل");
  EXPECT_EQ(Stem("لمدة"), "لمد");  // three letters would remain: kept
}
TEST(ArabicStemmerTest, StripsBarePrepositionBeforeTaf3ilNoun) {
  EXPECT_EQ(Stem("لتنظيم"), "تنظيم");
  EXPECT_EQ(Stem("بترول"), "بترول");
}
TEST(ArabicStemmerTest, KeepsKafBeforeMeemOrTeh) {
  EXPECT_EQ(Stem("كمامة"), "كمام");
  EXPECT_EQ(Stem("كتابهما"), "كتاب");
}
TEST(ArabicStemmerTest, StripsBarePrepositionBeforeProtectedWord) {
  EXPECT_EQ(Stem("لمنبج"), "منبج");
  EXPECT_EQ(Stem("بواشنطن"), "واشنطن");
}
TEST(ArabicStemmerTest, ArticleNeedsThreeLettersAfter) {
  EXPECT_EQ(Stem("الان"), "الان");
  EXPECT_EQ(Stem("الذي"), "الذي");
}
TEST(ArabicStemmerTest, KeepsWawOfRadicalInitialWords) {
  EXPECT_EQ(Stem("وزير"), "وزير");
  EXPECT_EQ(Stem("وزيرة"), "وزير");
  EXPECT_EQ(Stem("والوزير"), "وزير");
  EXPECT_EQ(Stem("وكالة"), "وكال");
  EXPECT_EQ(Stem("واسعة"), "واسع");
}
TEST(ArabicStemmerTest, KeepsAlOfNonArticleWords) {
  EXPECT_EQ(Stem("إلغاء"), "الغاء");
  EXPECT_EQ(Stem("الإلغاء"), "الغاء");
  EXPECT_EQ(Stem("ألمانيا"), Stem("بألمانيا"));
}

// --- Enclitics -------------------------------------------------------------

TEST(ArabicStemmerTest, StripsPronounHa) { EXPECT_EQ(Stem("كتابها"), "كتاب"); }
TEST(ArabicStemmerTest, StripsPronounHum) {
  EXPECT_EQ(Stem("مدارسهم"), "مدارس");
}
TEST(ArabicStemmerTest, StripsPronounHuma) {
  EXPECT_EQ(Stem("كتابهما"), "كتاب");
}
TEST(ArabicStemmerTest, StripsPronounHunna) {
  EXPECT_EQ(Stem("كتابهن"), "كتاب");
}
TEST(ArabicStemmerTest, StripsPronounNa) { EXPECT_EQ(Stem("بلادنا"), "بلاد"); }
TEST(ArabicStemmerTest, StripsPronounKumWhenFourLettersRemain) {
  EXPECT_EQ(Stem("بلادكم"), "بلاد");
  EXPECT_EQ(Stem("محاكم"), "محاكم");
}
TEST(ArabicStemmerTest, DoesNotStripKafPronoun) {
  EXPECT_EQ(Stem("مشترك"), "مشترك");
}
TEST(ArabicStemmerTest, TehBeforePronounIsFeminineEnding) {
  EXPECT_EQ(Stem("مدينتها"), "مدين");
  EXPECT_EQ(Stem("مدينتها"), Stem("المدينة"));
}
TEST(ArabicStemmerTest, KeepsTehOfPluralBeforePronoun) {
  EXPECT_EQ(Stem("قواتهم"), "قوات");
}
TEST(ArabicStemmerTest, StripsTehMarbuta) {
  EXPECT_EQ(Stem("هزيمة"), "هزيم");
  EXPECT_EQ(Stem("هزيمة"), Stem("هزيمه"));
}
TEST(ArabicStemmerTest, StripsFemininePluralAt) {
  EXPECT_EQ(Stem("الانتخابات"), "انتخاب");
}
TEST(ArabicStemmerTest, StripsMasculinePluralUn) {
  EXPECT_EQ(Stem("مسؤولون"), "مسوول");
}
TEST(ArabicStemmerTest, StripsMasculinePluralIn) {
  EXPECT_EQ(Stem("المتطرفين"), "متطرف");
}
TEST(ArabicStemmerTest, StripsDualIn) { EXPECT_EQ(Stem("البلدين"), "بلد"); }
TEST(ArabicStemmerTest, DoesNotStripDualAn) {
  EXPECT_EQ(Stem("البرلمان"), "برلمان");
}
TEST(ArabicStemmerTest, StripsVerbPluralWa) { EXPECT_EQ(Stem("كانوا"), "كان"); }
TEST(ArabicStemmerTest, StripsTanweenAlef) {
  EXPECT_EQ(Stem("هجومًا"), "هجوم");
  EXPECT_EQ(Stem("عاما"), "عام");
}
TEST(ArabicStemmerTest, StripsNisba) {
  EXPECT_EQ(Stem("العربي"), "عرب");
  EXPECT_EQ(Stem("العربية"), "عرب");
}
TEST(ArabicStemmerTest, StripsNisbaBeforePlural) {
  EXPECT_EQ(Stem("العراقيين"), "عراق");
  EXPECT_EQ(Stem("العراقيون"), "عراق");
}
TEST(ArabicStemmerTest, KeepsYehAfterAlef) {
  EXPECT_EQ(Stem("ولاية"), "ولاي");
  EXPECT_EQ(Stem("ولاية"), Stem("ولايات"));
}

// --- Guards ----------------------------------------------------------------

TEST(ArabicStemmerTest, KeepsShortWords) {
  for (const char* w : {"في", "من", "قال", "بها", "وله", "رقة"}) {
    EXPECT_EQ(Stem(w), Folded(w)) << w;
  }
}
TEST(ArabicStemmerTest, NeverLeavesFewerThanThreeLetters) {
  EXPECT_EQ(Stem("بيتها"), "بيت");
  EXPECT_EQ(Stem("الدين"), "دين");
}
TEST(ArabicStemmerTest, DoesNotOverstemQuwwat) {
  EXPECT_EQ(Stem("قوات"), "قوات");
  EXPECT_EQ(Stem("والقوات"), "قوات");
}
TEST(ArabicStemmerTest, ProtectedWordSkipsSuffixStripping) {
  EXPECT_EQ(Stem("سوريا"), "سوريا");
  EXPECT_EQ(Stem("مليون"), "مليون");
  EXPECT_EQ(Stem("قانون"), "قانون");
}
TEST(ArabicStemmerTest, ProtectedWordStillLosesProclitics) {
  EXPECT_EQ(Stem("بالرقة"), "رقه");
  EXPECT_EQ(Stem("والموصل"), "موصل");
  EXPECT_EQ(Stem("وسوريا"), "سوريا");
}
TEST(ArabicStemmerTest, ProtectedWordWinsOverLexicon) {
  EXPECT_EQ(Stem("الأمين"), "امين");
}
TEST(ArabicStemmerTest, IsProtectedWithAndWithoutArticle) {
  const ArabicStemmer& s = ArabicStemmer::Default();
  EXPECT_TRUE(s.IsProtected(Folded("الرقة")));
  EXPECT_TRUE(s.IsProtected(Folded("رقة")));
  EXPECT_FALSE(s.IsProtected(Folded("مدرسة")));
}
TEST(ArabicStemmerTest, ExtraProtectedWords) {
  const std::array<std::string_view, 1> extra = {"كوستاريكا"};
  const ArabicStemmer s(extra);
  EXPECT_EQ(s.Stem(Folded("كوستاريكا")), Folded("كوستاريكا"));
  EXPECT_EQ(ArabicStemmer::Default().Stem(Folded("كوستاريكا")), "كوستاريك");
}
TEST(ArabicStemmerTest, LeavesNonArabicWordsAlone) {
  EXPECT_EQ(ArabicStemmer::Default().Stem("Москвами"), "Москвами");
  EXPECT_EQ(ArabicStemmer::Default().Stem("abcات"), "abcات");
}
TEST(ArabicStemmerTest, EmptyWordStaysEmpty) {
  EXPECT_EQ(ArabicStemmer::Default().Stem(""), "");
}

// --- Conflation requirements -----------------------------------------------

TEST(ArabicStemmerTest, ConflatesMadaris) {
  EXPECT_EQ(Stem("والمدارس"), Stem("مدارس"));
  EXPECT_EQ(Stem("المدارس"), Stem("مدارس"));
}
TEST(ArabicStemmerTest, ConflatesRaqqa) {
  for (const char* w : {"الرقة", "والرقة", "بالرقة", "رقة", "للرقة"}) {
    EXPECT_EQ(Stem(w), "رقه") << w;
  }
}
// رقه is a name only where الرقة can stand: bare, or after an article. After
// a bare clitic it is inside another word: ورقة "paper", فرقة "band".
TEST(ArabicStemmerTest, NameListedWithArticleNeedsItAfterClitics) {
  EXPECT_EQ(Stem("فرقة"), "فرق");
  EXPECT_EQ(Stem("ورقة"), "ورق");
  EXPECT_EQ(Stem("ورقته"), "ورق");
  EXPECT_EQ(Stem("فالرقة"), "رقه");
  EXPECT_EQ(Stem("وللرقة"), "رقه");
  EXPECT_FALSE(CliticSplit(Folded("فرقة")).is_protected);
  EXPECT_FALSE(CliticSplit(Folded("برقة")).is_protected);
  // A name listed bare stays a name after any clitic.
  EXPECT_EQ(Stem("لمنبج"), "منبج");
}
TEST(ArabicStemmerTest, ConflatesAsabi) {
  for (const char* w : {"الأسابيع", "أسابيع", "اسابيع", "الاسابيع"}) {
    EXPECT_EQ(Stem(w), "اسابيع") << w;
  }
}
TEST(ArabicStemmerTest, ConflatesYuhaddid) {
  EXPECT_EQ(Stem("يحدِّد"), Stem("يحدد"));
}

// --- CliticSplit -----------------------------------------------------------

TEST(ArabicStemmerTest, CliticSplitPartsConcatenateToWord) {
  const std::string w = Folded("وبمدينتها");
  const CliticParts p = CliticSplit(w);
  EXPECT_EQ(std::string(p.prefix) + std::string(p.stem) + std::string(p.suffix),
            w);
}
TEST(ArabicStemmerTest, CliticSplitNamesParts) {
  const std::string w = Folded("والمدينة");
  const CliticParts p = CliticSplit(w);
  EXPECT_EQ(p.prefix, "وال");
  EXPECT_EQ(p.stem, "مدين");
  EXPECT_EQ(p.suffix, "ه");
  EXPECT_FALSE(p.is_protected);
}
TEST(ArabicStemmerTest, CliticSplitFlagsProtectedStem) {
  const std::string w = Folded("بالموصل");
  const CliticParts p = CliticSplit(w);
  EXPECT_EQ(p.prefix, "بال");
  EXPECT_EQ(p.stem, "موصل");
  EXPECT_TRUE(p.is_protected);
}

}  // namespace
}  // namespace khabar::text
