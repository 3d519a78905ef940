// ArabicNormalizer: maps the many ways of writing an Arabic word to one.
//
// Lossless steps (always applied; they change how text is encoded, not what
// it says):
//   1. Presentation forms U+FB50..U+FDFF and U+FE70..U+FEFC are replaced by
//      their base letters (Unicode compatibility mapping), e.g. the lam-alef
//      ligatures U+FEF5..U+FEFC become lam + the alef form (لا, لأ, لإ, لآ).
//      The space NFKC puts before an isolated harakah is dropped; the
//      multi-word ligatures U+FDFA, U+FDFB, U+FDFD expand with spaces.
//   2. Tatweel U+0640 is removed.
//   3. Zero-width characters (U+200B..U+200D, U+2060, U+FEFF, soft hyphen
//      U+00AD) and bidi controls (U+200E, U+200F, U+202A..U+202E,
//      U+2066..U+2069, U+061C) are removed.
//   4. Canonical composition of hamza/madda sequences, as NFC does:
//      alef+U+0653 -> آ, alef+U+0654 -> أ, alef+U+0655 -> إ, waw+U+0654 -> ؤ,
//      yeh+U+0654 -> ئ, heh goal+U+0654 -> ۂ, ae+U+0654 -> ۀ,
//      yeh barree+U+0654 -> ۓ. Composition sees through the removed
//      characters of steps 2-3 and, when enabled, removed harakat.
// Lossy folds (NormalizeOptions, one switch each; all on by default because
// that is what search wants):
//   fold_alef          أ إ آ ٱ ٲ ٳ -> ا
//   fold_alef_maqsura  ى -> ي
//   fold_teh_marbuta   ة ۃ -> ه
//   fold_waw_hamza     ؤ -> و
//   fold_yeh_hamza     ئ -> ي
//   remove_harakat     U+064B..U+065F, U+0670 and Quranic annotation marks
//                      (U+0610..U+061A, U+06D6..U+06ED) are removed
//   fold_digits        Arabic-Indic ٠..٩ and Persian ۰..۹ -> 0..9,
//                      ٫ -> '.', ٬ -> ','
//   fold_persian       Farsi yeh ی -> ي, keheh ک -> ك
// Everything else passes through unchanged (no case folding: the analyzer
// lowercases Latin words itself).
//
// Normalize() is idempotent for every option set: Normalize(Normalize(x)) ==
// Normalize(x). Input is assumed to be valid UTF-8; invalid bytes come out as
// U+FFFD. A Normalizer is immutable after construction and thread-safe.
#ifndef KHABAR_TEXT_NORMALIZER_H_
#define KHABAR_TEXT_NORMALIZER_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

struct NormalizeOptions {
  bool fold_alef = true;
  bool fold_alef_maqsura = true;
  bool fold_teh_marbuta = true;
  bool fold_waw_hamza = true;
  bool fold_yeh_hamza = true;
  bool remove_harakat = true;
  bool fold_digits = true;
  bool fold_persian = true;

  // Only the lossless steps: for display and for text shown to readers.
  static constexpr NormalizeOptions LosslessOnly() {
    return NormalizeOptions{false, false, false, false,
                            false, false, false, false};
  }
  friend bool operator==(const NormalizeOptions&, const NormalizeOptions&) = default;
};

// Normalized text plus a map back to the original. offsets[i] is the byte
// offset in the input of the code point that produced output byte i (every
// byte of one output code point maps to the same input offset; a composed
// letter maps to its base letter, an expanded ligature's letters all map to
// the ligature). offsets has text.size() + 1 entries: the last is the input
// size, so [offsets[b], offsets[e]) is the source of output bytes [b, e).
// The map is non-decreasing.
struct NormalizedText {
  std::string text;
  std::vector<uint32_t> offsets;
};

class Normalizer {
 public:
  explicit Normalizer(const NormalizeOptions& options = NormalizeOptions());

  const NormalizeOptions& options() const { return options_; }

  // Replaces *out with the normalized `input` and its offset map; reusing
  // one NormalizedText avoids allocations.
  void Normalize(std::string_view input, NormalizedText* out) const;
  NormalizedText Normalize(std::string_view input) const;

  // The path for one word, used by the analyzer: appends the normalized
  // `word` to *out (no offset map). Same rules as Normalize().
  void AppendNormalizedWord(std::string_view word, std::string* out) const;

  // The allocation-free path: writes the normalized `word` to `out`, which
  // must have room for MaxNormalizedSize(word.size()) bytes, and returns the
  // number of bytes written.
  std::size_t NormalizeWordTo(std::string_view word, char* out) const;
  // A presentation-form ligature of three bytes expands to at most 33
  // (U+FDFA); anything else to at most three bytes per input byte.
  static constexpr std::size_t MaxNormalizedSize(std::size_t input_size) {
    return 11 * input_size;
  }

  // The analyzer's fast path for the common word: every code point is in
  // U+0600..U+06FF and is either dropped or becomes an Arabic letter of that
  // block (no composing hamza mark, nothing from other blocks). Then writes
  // the same bytes as NormalizeWordTo() to `out` and each output letter's
  // code (code point - U+0600) to `codes`, and returns the letter count,
  // saving the stemmer a decoding pass. Returns kNotArabicLetters, with
  // `out` and `codes` in an unspecified state, for any other word or one of
  // more than `max_letters` letters; use NormalizeWordTo() then.
  static constexpr std::size_t kNotArabicLetters = ~std::size_t{0};
  std::size_t NormalizeArabicLetters(std::string_view word, char* out,
                                     uint8_t* codes,
                                     std::size_t max_letters) const;

  // The default (search) normalizer, shared and immutable.
  static const Normalizer& Default();

 private:
  // What one code point of U+0600..U+06FF becomes under options_.
  struct BlockEntry {
    enum Kind : uint8_t { kEmit, kDrop, kComposingMark } kind = kEmit;
    uint8_t size = 0;  // UTF-8 bytes of `to` (1 for folded digits)
    char bytes[2] = {};
    char32_t to = 0;
  };
  template <typename Writer>
  void Run(std::string_view input, Writer& out) const;
  char32_t Fold(char32_t c) const;

  NormalizeOptions options_;
  // Folding and dropping in the Arabic block is one lookup.
  std::array<BlockEntry, 256> block_;
  // For NormalizeArabicLetters(): per code point - U+0600, the letter code
  // it becomes (< 0x100), kLetterDrop, or kLetterSlow (general path).
  static constexpr uint16_t kLetterDrop = 0x100;
  static constexpr uint16_t kLetterSlow = 0x101;
  std::array<uint16_t, 256> letter_code_;
};

// Convenience wrappers over a Normalizer with `options`.
NormalizedText Normalize(std::string_view input,
                         const NormalizeOptions& options = NormalizeOptions());
std::string NormalizeToString(
    std::string_view input,
    const NormalizeOptions& options = NormalizeOptions());

}  // namespace khabar::text

#endif  // KHABAR_TEXT_NORMALIZER_H_
