#include "text/normalizer.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::text {
namespace {

std::string N(std::string_view s) { return NormalizeToString(s); }
std::string Lossless(std::string_view s) {
  return NormalizeToString(s, NormalizeOptions::LosslessOnly());
}
NormalizeOptions Without(bool NormalizeOptions::*fold) {
  NormalizeOptions o;
  o.*fold = false;
  return o;
}

// --- Lossless steps --------------------------------------------------------

TEST(ArabicNormalizerTest, ComposesAlefHamzaAbove) {
  EXPECT_EQ(Lossless("\u0627\u0654"), "\u0623");
}
TEST(ArabicNormalizerTest, ComposesAlefHamzaBelow) {
  EXPECT_EQ(Lossless("\u0627\u0655"), "\u0625");
}
TEST(ArabicNormalizerTest, ComposesAlefMadda) {
  EXPECT_EQ(Lossless("\u0627\u0653"), "\u0622");
}
TEST(ArabicNormalizerTest, ComposesWawHamza) {
  EXPECT_EQ(Lossless("\u0648\u0654"), "\u0624");
}
TEST(ArabicNormalizerTest, ComposesYehHamza) {
  EXPECT_EQ(Lossless("\u064A\u0654"), "\u0626");
}
TEST(ArabicNormalizerTest, ComposesHehGoalHamza) {
  EXPECT_EQ(Lossless("\u06C1\u0654"), "\u06C2");
}
TEST(ArabicNormalizerTest, ComposesYehBarreeHamza) {
  EXPECT_EQ(Lossless("\u06D2\u0654"), "\u06D3");
}
TEST(ArabicNormalizerTest, DoesNotComposeHamzaWithOtherLetters) {
  EXPECT_EQ(Lossless("\u0628\u0654"), "\u0628\u0654");
}
TEST(ArabicNormalizerTest, ComposesAcrossRemovedTatweel) {
  EXPECT_EQ(Lossless("\u0627\u0640\u0654"), "\u0623");
}
TEST(ArabicNormalizerTest, ComposedHamzaThenFoldsToAlef) {
  EXPECT_EQ(N("\u0627\u0654\u062D\u0645\u062F"), "احمد");
}
TEST(ArabicNormalizerTest, MapsPresentationFormsToLetters) {
  // ﺧﺒﺮ in initial/medial/final forms.
  EXPECT_EQ(Lossless("\uFEA7\uFE92\uFEAE"), "خبر");
}
TEST(ArabicNormalizerTest, ExpandsLamAlefLigature) {
  EXPECT_EQ(Lossless("\uFEFB"), "\u0644\u0627");
}
TEST(ArabicNormalizerTest, ExpandsLamAlefHamzaAboveLigature) {
  EXPECT_EQ(Lossless("\uFEF7"), "\u0644\u0623");
  EXPECT_EQ(N("\uFEF7"), "\u0644\u0627");
}
TEST(ArabicNormalizerTest, ExpandsLamAlefMaddaLigature) {
  EXPECT_EQ(Lossless("\uFEF5"), "\u0644\u0622");
}
TEST(ArabicNormalizerTest, ExpandsAllahLigature) {
  EXPECT_EQ(Lossless("\uFDF2"), "الله");
}
TEST(ArabicNormalizerTest, IsolatedHarakahFormKeepsNoSpace) {
  EXPECT_EQ(Lossless("\u0628\uFE70"), "\u0628\u064B");
}
TEST(ArabicNormalizerTest, MultiWordLigatureKeepsSpaces) {
  EXPECT_EQ(N("\uFDFA"), "صلي الله عليه وسلم");
}
TEST(ArabicNormalizerTest, RemovesTatweel) {
  EXPECT_EQ(Lossless("خـــبر"), "خبر");
}
TEST(ArabicNormalizerTest, RemovesZeroWidthCharacters) {
  EXPECT_EQ(Lossless("خ\u200Bب\u200Cر\u200D\uFEFF\u2060"), "خبر");
}
TEST(ArabicNormalizerTest, RemovesBidiControls) {
  EXPECT_EQ(Lossless("\u200Fخبر\u200E\u202B\u202C\u2067\u2069\u061C"), "خبر");
}
TEST(ArabicNormalizerTest, LeavesLatinCaseAlone) {
  EXPECT_EQ(N("NATO Reuters"), "NATO Reuters");
}
TEST(ArabicNormalizerTest, LosslessOnlyKeepsHamzaForms) {
  EXPECT_EQ(Lossless("أإآىةؤئ"), "أإآىةؤئ");
}

// --- Lossy folds -----------------------------------------------------------

TEST(ArabicNormalizerTest, FoldsAlefHamzaAbove) {
  EXPECT_EQ(N("أحمد"), "احمد");
}
TEST(ArabicNormalizerTest, FoldsAlefHamzaBelow) {
  EXPECT_EQ(N("إسلام"), "اسلام");
}
TEST(ArabicNormalizerTest, FoldsAlefMadda) { EXPECT_EQ(N("آب"), "اب"); }
TEST(ArabicNormalizerTest, FoldsAlefWasla) {
  EXPECT_EQ(N("\u0671لله"), "الله");
}
TEST(ArabicNormalizerTest, KeepsAlefFormsWhenFoldOff) {
  EXPECT_EQ(NormalizeToString("أإآ", Without(&NormalizeOptions::fold_alef)),
            "أإآ");
}
TEST(ArabicNormalizerTest, FoldsAlefMaqsura) { EXPECT_EQ(N("مصطفى"), "مصطفي"); }
TEST(ArabicNormalizerTest, KeepsAlefMaqsuraWhenFoldOff) {
  EXPECT_EQ(
      NormalizeToString("على", Without(&NormalizeOptions::fold_alef_maqsura)),
      "على");
}
TEST(ArabicNormalizerTest, FoldsTehMarbuta) { EXPECT_EQ(N("هزيمة"), "هزيمه"); }
TEST(ArabicNormalizerTest, KeepsTehMarbutaWhenFoldOff) {
  EXPECT_EQ(
      NormalizeToString("هزيمة", Without(&NormalizeOptions::fold_teh_marbuta)),
      "هزيمة");
}
TEST(ArabicNormalizerTest, FoldsWawHamza) { EXPECT_EQ(N("مؤتمر"), "موتمر"); }
TEST(ArabicNormalizerTest, FoldsYehHamza) { EXPECT_EQ(N("رئيس"), "رييس"); }
TEST(ArabicNormalizerTest, KeepsYehHamzaWhenFoldOff) {
  EXPECT_EQ(
      NormalizeToString("رئيس", Without(&NormalizeOptions::fold_yeh_hamza)),
      "رئيس");
}
TEST(ArabicNormalizerTest, RemovesHarakat) { EXPECT_EQ(N("يُحَدِّدُ"), "يحدد"); }
TEST(ArabicNormalizerTest, RemovesTanween) { EXPECT_EQ(N("هجومًا"), "هجوما"); }
TEST(ArabicNormalizerTest, RemovesSuperscriptAlef) {
  EXPECT_EQ(N("هٰذا"), "هذا");
}
TEST(ArabicNormalizerTest, RemovesQuranicAnnotationMarks) {
  EXPECT_EQ(N("ب\u06D6\u0610"), "ب");
}
TEST(ArabicNormalizerTest, KeepsHarakatWhenFoldOff) {
  EXPECT_EQ(NormalizeToString("بَ", Without(&NormalizeOptions::remove_harakat)),
            "بَ");
}
TEST(ArabicNormalizerTest, RemovesStrayHamzaMarkWithHarakat) {
  EXPECT_EQ(N("ب\u0654"), "ب");
}
TEST(ArabicNormalizerTest, FoldsArabicIndicDigits) {
  EXPECT_EQ(N("٢٠١٦"), "2016");
}
TEST(ArabicNormalizerTest, FoldsPersianDigits) { EXPECT_EQ(N("۱۹۹۰"), "1990"); }
TEST(ArabicNormalizerTest, FoldsArabicDecimalSeparator) {
  EXPECT_EQ(N("٣٫٥"), "3.5");
}
TEST(ArabicNormalizerTest, KeepsDigitsWhenFoldOff) {
  EXPECT_EQ(NormalizeToString("٣", Without(&NormalizeOptions::fold_digits)),
            "٣");
}
TEST(ArabicNormalizerTest, FoldsPersianYeh) { EXPECT_EQ(N("ایران"), "ايران"); }
TEST(ArabicNormalizerTest, FoldsPersianKeheh) { EXPECT_EQ(N("کتاب"), "كتاب"); }
TEST(ArabicNormalizerTest, KeepsPersianLettersWhenFoldOff) {
  EXPECT_EQ(NormalizeToString("ی", Without(&NormalizeOptions::fold_persian)),
            "ی");
}

// --- Idempotence and the offset map ----------------------------------------

TEST(ArabicNormalizerTest, IsIdempotentOnTrickyInput) {
  for (const NormalizeOptions& o :
       {NormalizeOptions(), NormalizeOptions::LosslessOnly(),
        Without(&NormalizeOptions::remove_harakat),
        Without(&NormalizeOptions::fold_alef)}) {
    for (const std::string s :
         {"\u0623\u0654", "\u0627\u064E\u0654", "\uFEF7\u0654",
          "\u0627\u0640\u0655x", "\u06CC\u0654", "\uFE71\u0654"}) {
      const std::string once = NormalizeToString(s, o);
      EXPECT_EQ(NormalizeToString(once, o), once) << s;
    }
  }
}

TEST(ArabicNormalizerTest, FoldedHamzaPlusMarkStaysIdempotent) {
  NormalizeOptions o = Without(&NormalizeOptions::remove_harakat);
  const std::string once = NormalizeToString("\u0623\u0654", o);
  EXPECT_EQ(once, "\u0627");
  EXPECT_EQ(NormalizeToString(once, o), once);
}

TEST(ArabicNormalizerTest, OffsetMapHasEndSentinel) {
  const NormalizedText n = Normalize("أبـو");
  ASSERT_EQ(n.offsets.size(), n.text.size() + 1);
  EXPECT_EQ(n.offsets.back(), std::string("أبـو").size());
}

TEST(ArabicNormalizerTest, OffsetMapPointsEachByteAtItsSource) {
  // "أ" (0..2) "ب" (2..4) tatweel (4..6) "و" (6..8).
  const NormalizedText n = Normalize("أبـو");
  EXPECT_EQ(n.text, "ابو");
  const std::vector<uint32_t> expected = {0, 0, 2, 2, 6, 6, 8};
  EXPECT_EQ(n.offsets, expected);
}

TEST(ArabicNormalizerTest, OffsetMapOfLigatureRepeatsItsOffset) {
  const NormalizedText n = Normalize("a\uFEFB");
  EXPECT_EQ(n.text, "a\u0644\u0627");
  const std::vector<uint32_t> expected = {0, 1, 1, 1, 1, 4};
  EXPECT_EQ(n.offsets, expected);
}

TEST(ArabicNormalizerTest, OffsetMapOfComposedLetterIsItsBase) {
  const NormalizedText n = Normalize("\u0628\u0627\u0654");
  EXPECT_EQ(n.text, "\u0628\u0627");
  const std::vector<uint32_t> expected = {0, 0, 2, 2, 6};
  EXPECT_EQ(n.offsets, expected);
}

TEST(ArabicNormalizerTest, WordPathMatchesFullPath) {
  const std::string s = "وَالمُدُنُ الـكُبرى ﻻ ٢٠١٦";
  std::string word;
  Normalizer::Default().AppendNormalizedWord(s, &word);
  EXPECT_EQ(word, Normalize(s).text);
}

TEST(ArabicNormalizerTest, WordPathAppends) {
  std::string out = "x";
  Normalizer::Default().AppendNormalizedWord("أ", &out);
  EXPECT_EQ(out, "x\u0627");
}

TEST(ArabicNormalizerTest, EmptyInputGivesEmptyOutput) {
  const NormalizedText n = Normalize("");
  EXPECT_EQ(n.text, "");
  EXPECT_EQ(n.offsets, std::vector<uint32_t>{0});
}

}  // namespace
}  // namespace khabar::text
