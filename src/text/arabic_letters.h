// Named Arabic code points and the character classes the tokenizer,
// normalizer and stemmer share.
//
// Logic in text/ never spells a letter as a bare literal: it uses the
// constants below, so a rule reads like its description ("kTehMarbuta ->
// kHeh"). ClassOf() is a table lookup for everything below U+0800 (Latin,
// Arabic, Hebrew, Greek, Cyrillic) and a short range check above. Everything
// here is constexpr or immutable and thread-safe.
#ifndef KHABAR_TEXT_ARABIC_LETTERS_H_
#define KHABAR_TEXT_ARABIC_LETTERS_H_

#include <array>
#include <cstdint>

namespace khabar::text {

// --- Letters (U+0621..U+064A) ---------------------------------------------
inline constexpr char32_t kHamza = 0x0621;
inline constexpr char32_t kAlefMadda = 0x0622;
inline constexpr char32_t kAlefHamzaAbove = 0x0623;
inline constexpr char32_t kWawHamzaAbove = 0x0624;
inline constexpr char32_t kAlefHamzaBelow = 0x0625;
inline constexpr char32_t kYehHamzaAbove = 0x0626;
inline constexpr char32_t kAlef = 0x0627;
inline constexpr char32_t kBeh = 0x0628;
inline constexpr char32_t kTehMarbuta = 0x0629;
inline constexpr char32_t kTeh = 0x062A;
inline constexpr char32_t kTheh = 0x062B;
inline constexpr char32_t kJeem = 0x062C;
inline constexpr char32_t kHah = 0x062D;
inline constexpr char32_t kKhah = 0x062E;
inline constexpr char32_t kDal = 0x062F;
inline constexpr char32_t kThal = 0x0630;
inline constexpr char32_t kReh = 0x0631;
inline constexpr char32_t kZain = 0x0632;
inline constexpr char32_t kSeen = 0x0633;
inline constexpr char32_t kSheen = 0x0634;
inline constexpr char32_t kSad = 0x0635;
inline constexpr char32_t kDad = 0x0636;
inline constexpr char32_t kTah = 0x0637;
inline constexpr char32_t kZah = 0x0638;
inline constexpr char32_t kAin = 0x0639;
inline constexpr char32_t kGhain = 0x063A;
inline constexpr char32_t kTatweel = 0x0640;
inline constexpr char32_t kFeh = 0x0641;
inline constexpr char32_t kQaf = 0x0642;
inline constexpr char32_t kKaf = 0x0643;
inline constexpr char32_t kLam = 0x0644;
inline constexpr char32_t kMeem = 0x0645;
inline constexpr char32_t kNoon = 0x0646;
inline constexpr char32_t kHeh = 0x0647;
inline constexpr char32_t kWaw = 0x0648;
inline constexpr char32_t kAlefMaqsura = 0x0649;
inline constexpr char32_t kYeh = 0x064A;

// --- Harakat and other combining marks -------------------------------------
inline constexpr char32_t kFathatan = 0x064B;
inline constexpr char32_t kDammatan = 0x064C;
inline constexpr char32_t kKasratan = 0x064D;
inline constexpr char32_t kFatha = 0x064E;
inline constexpr char32_t kDamma = 0x064F;
inline constexpr char32_t kKasra = 0x0650;
inline constexpr char32_t kShadda = 0x0651;
inline constexpr char32_t kSukun = 0x0652;
inline constexpr char32_t kMaddahAbove = 0x0653;
inline constexpr char32_t kHamzaAbove = 0x0654;
inline constexpr char32_t kHamzaBelow = 0x0655;
inline constexpr char32_t kLastHarakah = 0x065F;  // end of U+064B..U+065F
inline constexpr char32_t kSuperscriptAlef = 0x0670;
inline constexpr char32_t kFirstQuranicSign = 0x0610;  // U+0610..U+061A
inline constexpr char32_t kLastQuranicSign = 0x061A;
inline constexpr char32_t kFirstQuranicAnnotation = 0x06D6;  // U+06D6..U+06ED
inline constexpr char32_t kLastQuranicAnnotation = 0x06ED;

// --- Extended Arabic letters (Persian, Urdu, Quranic) ----------------------
inline constexpr char32_t kAlefWasla = 0x0671;
inline constexpr char32_t kAlefWavyHamzaAbove = 0x0672;
inline constexpr char32_t kAlefWavyHamzaBelow = 0x0673;
inline constexpr char32_t kPeh = 0x067E;
inline constexpr char32_t kTcheh = 0x0686;
inline constexpr char32_t kJeh = 0x0698;
inline constexpr char32_t kVeh = 0x06A4;
inline constexpr char32_t kKeheh = 0x06A9;  // Persian kaf
inline constexpr char32_t kGaf = 0x06AF;
inline constexpr char32_t kHehWithYehAbove = 0x06C0;
inline constexpr char32_t kHehGoal = 0x06C1;
inline constexpr char32_t kHehGoalHamzaAbove = 0x06C2;
inline constexpr char32_t kTehMarbutaGoal = 0x06C3;
inline constexpr char32_t kFarsiYeh = 0x06CC;
inline constexpr char32_t kYehBarree = 0x06D2;
inline constexpr char32_t kYehBarreeHamzaAbove = 0x06D3;
inline constexpr char32_t kAe = 0x06D5;

// --- Digits and number punctuation -----------------------------------------
inline constexpr char32_t kArabicIndicZero = 0x0660;
inline constexpr char32_t kArabicIndicNine = 0x0669;
inline constexpr char32_t kPersianZero = 0x06F0;
inline constexpr char32_t kPersianNine = 0x06F9;
inline constexpr char32_t kArabicPercent = 0x066A;
inline constexpr char32_t kArabicDecimalSeparator = 0x066B;
inline constexpr char32_t kArabicThousandsSeparator = 0x066C;

// --- Punctuation ------------------------------------------------------------
inline constexpr char32_t kArabicComma = 0x060C;
inline constexpr char32_t kArabicSemicolon = 0x061B;
inline constexpr char32_t kArabicQuestionMark = 0x061F;
inline constexpr char32_t kArabicFullStop = 0x06D4;
inline constexpr char32_t kLeftGuillemet = 0x00AB;     // «
inline constexpr char32_t kRightGuillemet = 0x00BB;    // »
inline constexpr char32_t kLeftDoubleQuote = 0x201C;   // “
inline constexpr char32_t kRightDoubleQuote = 0x201D;  // ”
inline constexpr char32_t kLeftSingleQuote = 0x2018;
inline constexpr char32_t kRightSingleQuote = 0x2019;
inline constexpr char32_t kHorizontalEllipsis = 0x2026;

// --- Invisible characters ---------------------------------------------------
inline constexpr char32_t kNoBreakSpace = 0x00A0;
inline constexpr char32_t kSoftHyphen = 0x00AD;
inline constexpr char32_t kArabicLetterMark = 0x061C;
inline constexpr char32_t kZeroWidthSpace = 0x200B;
inline constexpr char32_t kZeroWidthNonJoiner = 0x200C;
inline constexpr char32_t kZeroWidthJoiner = 0x200D;
inline constexpr char32_t kLeftToRightMark = 0x200E;
inline constexpr char32_t kRightToLeftMark = 0x200F;
inline constexpr char32_t kLineSeparator = 0x2028;
inline constexpr char32_t kParagraphSeparator = 0x2029;
inline constexpr char32_t kFirstBidiEmbedding = 0x202A;  // LRE..RLO
inline constexpr char32_t kLastBidiEmbedding = 0x202E;
inline constexpr char32_t kWordJoiner = 0x2060;
inline constexpr char32_t kFirstBidiIsolate = 0x2066;  // LRI..PDI
inline constexpr char32_t kLastBidiIsolate = 0x2069;
inline constexpr char32_t kByteOrderMark = 0xFEFF;

// --- Presentation forms -----------------------------------------------------
inline constexpr char32_t kFirstPresentationFormA = 0xFB50;
inline constexpr char32_t kLastPresentationFormA = 0xFDFF;
inline constexpr char32_t kFirstPresentationFormB = 0xFE70;
inline constexpr char32_t kLastPresentationFormB = 0xFEFC;
inline constexpr char32_t kOrnateLeftParenthesis = 0xFD3E;
inline constexpr char32_t kOrnateRightParenthesis = 0xFD3F;
inline constexpr char32_t kLigatureSallallahou = 0xFDFA;  // multi-word
inline constexpr char32_t kLigatureJallajalalouhou = 0xFDFB;
inline constexpr char32_t kLigatureBismillah = 0xFDFD;

// What the tokenizer needs to know about a code point.
enum class CharClass : uint8_t {
  kPunct,         // punctuation, symbols, unassigned: one token each
  kSpace,         // separates tokens
  kIgnorable,     // zero-width and bidi controls: invisible, never split
  kArabicLetter,  // Arabic-script letters, incl. presentation forms
  kLatinLetter,   // Latin-script letters
  kOtherLetter,   // letters of other scripts (Greek, Cyrillic, Hebrew, CJK)
  kMark,          // harakat and other combining marks
  kTatweel,       // kashida: stretches a word, never splits it
  kDigit,         // ASCII 0-9
  kArabicDigit,   // Arabic-Indic and Persian digits
};

namespace internal {
extern const std::array<CharClass, 0x800> kCharClassTable;
CharClass ClassOfAbove800(char32_t c);
}  // namespace internal

inline CharClass ClassOf(char32_t c) {
  if (c < 0x800) return internal::kCharClassTable[c];
  return internal::ClassOfAbove800(c);
}

inline constexpr bool IsHarakah(char32_t c) {
  return (c >= kFathatan && c <= kLastHarakah) || c == kSuperscriptAlef;
}
// Harakat plus Quranic annotation marks: what the harakat fold removes.
inline constexpr bool IsArabicMark(char32_t c) {
  return IsHarakah(c) || (c >= kFirstQuranicSign && c <= kLastQuranicSign) ||
         (c >= kFirstQuranicAnnotation && c <= kLastQuranicAnnotation &&
          c != 0x06DD && c != 0x06DE && c != 0x06E5 && c != 0x06E6 &&
          c != 0x06E9);
}
// The marks that canonical composition attaches to a base letter.
inline constexpr bool IsComposingHamzaMark(char32_t c) {
  return c >= kMaddahAbove && c <= kHamzaBelow;
}
inline constexpr bool IsArabicIndicDigit(char32_t c) {
  return c >= kArabicIndicZero && c <= kArabicIndicNine;
}
inline constexpr bool IsPersianDigit(char32_t c) {
  return c >= kPersianZero && c <= kPersianNine;
}
inline constexpr bool IsPresentationForm(char32_t c) {
  return (c >= kFirstPresentationFormA && c <= kLastPresentationFormA) ||
         (c >= kFirstPresentationFormB && c <= kLastPresentationFormB);
}
inline constexpr bool IsBidiControl(char32_t c) {
  return c == kLeftToRightMark || c == kRightToLeftMark ||
         c == kArabicLetterMark ||
         (c >= kFirstBidiEmbedding && c <= kLastBidiEmbedding) ||
         (c >= kFirstBidiIsolate && c <= kLastBidiIsolate);
}
inline constexpr bool IsZeroWidth(char32_t c) {
  return (c >= kZeroWidthSpace && c <= kZeroWidthJoiner) ||
         c == kByteOrderMark || c == kWordJoiner || c == kSoftHyphen;
}
inline bool IsArabicLetter(char32_t c) {
  return ClassOf(c) == CharClass::kArabicLetter;
}
inline bool IsLetter(char32_t c) {
  const CharClass k = ClassOf(c);
  return k == CharClass::kArabicLetter || k == CharClass::kLatinLetter ||
         k == CharClass::kOtherLetter;
}
inline bool IsSpace(char32_t c) { return ClassOf(c) == CharClass::kSpace; }

}  // namespace khabar::text

#endif  // KHABAR_TEXT_ARABIC_LETTERS_H_
