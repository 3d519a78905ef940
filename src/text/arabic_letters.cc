#include "text/arabic_letters.h"

namespace khabar::text {
namespace internal {
namespace {

// Classes for U+0000..U+07FF, built at compile time from the Unicode blocks
// so that the hot path is one load.
constexpr CharClass ClassBelow800(char32_t c) {
  using C = CharClass;
  if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ')
    return C::kSpace;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return C::kSpace;  // controls
  if (c >= '0' && c <= '9') return C::kDigit;
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return C::kLatinLetter;
  if (c < 0x80) return C::kPunct;
  if (c == kNoBreakSpace) return C::kSpace;
  if (c == kSoftHyphen) return C::kIgnorable;
  if (c == 0xAA || c == 0xBA) return C::kLatinLetter;  // ª º
  if (c == 0xB5) return C::kOtherLetter;               // µ
  if (c < 0xC0 || c == 0xD7 || c == 0xF7) return C::kPunct;
  if (c < 0x300) return C::kLatinLetter;  // Latin-1, Extended-A/B, IPA
  if (c < 0x370) return C::kMark;         // combining diacritics
  if (c == 0x37E || c == 0x387) return C::kPunct;
  if (c < 0x590) return C::kOtherLetter;  // Greek, Cyrillic, Armenian
  if (c < 0x600) {                        // Hebrew
    if (c == 0x5BE || c == 0x5C0 || c == 0x5C3 || c == 0x5C6 || c >= 0x5F3)
      return C::kPunct;
    if (c < 0x5D0) return C::kMark;
    return C::kOtherLetter;
  }
  if (c < 0x700) {                    // Arabic
    if (c < 0x610) return C::kPunct;  // number signs, ؋ ، ؍ ...
    if (c <= kLastQuranicSign) return C::kMark;
    if (c == kArabicLetterMark) return C::kIgnorable;
    if (c < 0x620) return C::kPunct;  // ؛ ؞ ؟
    if (c == kTatweel) return C::kTatweel;
    if (c < kFathatan) return C::kArabicLetter;
    if (c <= kLastHarakah || c == kSuperscriptAlef) return C::kMark;
    if (IsArabicIndicDigit(c) || IsPersianDigit(c)) return C::kArabicDigit;
    if (c >= kArabicPercent && c <= 0x066D) return C::kPunct;  // ٪ ٫ ٬ ٭
    if (c == kArabicFullStop || c == 0x06DD || c == 0x06DE || c == 0x06E9 ||
        c == 0x06FD || c == 0x06FE)
      return C::kPunct;
    if (c == 0x06E5 || c == 0x06E6) return C::kArabicLetter;  // small waw/yeh
    if (c >= kFirstQuranicAnnotation && c <= kLastQuranicAnnotation)
      return C::kMark;
    return C::kArabicLetter;
  }
  if (c >= 0x750 && c < 0x780) return C::kArabicLetter;  // Arabic Supplement
  return C::kOtherLetter;                                // Syriac, Thaana, NKo
}

constexpr std::array<CharClass, 0x800> BuildTable() {
  std::array<CharClass, 0x800> table{};
  for (char32_t c = 0; c < 0x800; ++c) table[c] = ClassBelow800(c);
  return table;
}

}  // namespace

constinit const std::array<CharClass, 0x800> kCharClassTable = BuildTable();

CharClass ClassOfAbove800(char32_t c) {
  using C = CharClass;
  if (c < 0x2000) {
    if (c >= 0x870 && c <= 0x88E) return C::kArabicLetter;  // Extended-B
    if (c >= 0x898 && c <= 0x89F) return C::kMark;
    if (c >= 0x8A0 && c <= 0x8C9) return C::kArabicLetter;  // Extended-A
    if (c >= 0x8CA && c <= 0x8FF) return C::kMark;
    if (c >= 0x800 && c < 0x8A0) return C::kPunct;
    if (c == 0x1680) return C::kSpace;
    if ((c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF))
      return C::kMark;
    if (c >= 0x1E00 && c <= 0x1EFF) return C::kLatinLetter;
    return C::kOtherLetter;
  }
  if (c < 0x2070) {  // General Punctuation
    if (c <= 0x200A || c == kLineSeparator || c == kParagraphSeparator ||
        c == 0x202F || c == 0x205F)
      return C::kSpace;
    if (IsZeroWidth(c) || IsBidiControl(c) || (c >= 0x2061 && c <= 0x2064) ||
        c >= 0x206A)
      return C::kIgnorable;
    return C::kPunct;
  }
  if (c >= 0x20D0 && c <= 0x20FF) return C::kMark;
  if (c < 0x2C00) return C::kPunct;  // symbols, arrows, math, dingbats
  if (c < 0x2E00) return C::kOtherLetter;
  if (c < 0x2E80) return C::kPunct;
  if (c == 0x3000) return C::kSpace;
  if (c >= 0x3001 && c <= 0x303F) return C::kPunct;
  if (c < 0xA720) return C::kOtherLetter;   // CJK, kana, Hangul Jamo, Yi
  if (c < 0xA800) return C::kLatinLetter;   // Latin Extended-D
  if (c < 0xD800) return C::kOtherLetter;   // Hangul syllables and others
  if (c < 0xF900) return C::kPunct;         // private use
  if (c < 0xFB00) return C::kOtherLetter;   // CJK compatibility
  if (c <= 0xFB06) return C::kLatinLetter;  // ﬁ ﬂ ...
  if (c < kFirstPresentationFormA) return C::kOtherLetter;  // Armenian, Hebrew
  if (c <= kLastPresentationFormA) {
    if (c >= 0xFC5E && c <= 0xFC63) return C::kMark;  // shadda ligatures
    if (c == kOrnateLeftParenthesis || c == kOrnateRightParenthesis ||
        (c >= 0xFD40 && c <= 0xFD4F) || (c >= 0xFDCF && c <= 0xFDEF) ||
        c == kLigatureSallallahou || c == kLigatureJallajalalouhou ||
        c >= kLigatureBismillah)
      return C::kPunct;
    return C::kArabicLetter;
  }
  if (c < 0xFE00) return C::kPunct;
  if (c <= 0xFE0F) return C::kMark;  // variation selectors
  if (c >= 0xFE20 && c <= 0xFE2F) return C::kMark;
  if (c < kFirstPresentationFormB) return C::kPunct;
  if (c <= 0xFE7F) return c == 0xFE73 ? C::kArabicLetter : C::kMark;
  if (c <= kLastPresentationFormB) return C::kArabicLetter;
  if (c == kByteOrderMark) return C::kIgnorable;
  if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
    return C::kLatinLetter;
  if (c >= 0xFF66 && c <= 0xFFDC) return C::kOtherLetter;
  if (c < 0x10000) return C::kPunct;
  if (c < 0x1D000) return C::kOtherLetter;            // historic scripts
  if (c < 0x20000) return C::kPunct;                  // math symbols, emoji
  if (c < 0x40000) return C::kOtherLetter;            // CJK extensions
  if (c >= 0xE0000 && c <= 0xE0FFF) return C::kMark;  // tags, selectors
  return C::kPunct;
}

}  // namespace internal
}  // namespace khabar::text
