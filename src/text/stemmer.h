// ArabicStemmer: Khabar's clitic splitter and light stemmer.
//
// Input is one word already normalized with the default (search) folds
// (normalizer.h): alef forms are ا, ة is ه, ى and ئ are ي, ؤ is و, no
// harakat. The stem is always a substring of the input word, so callers can
// stem in place. Words that are not purely Arabic letters, and words of
// three letters or fewer, are returned unchanged; no rule leaves a stem of
// fewer than three letters.
//
// Proclitics, in the only order Arabic allows them:
//   [و | ف] then one of: ال, بال, كال, لل (= ل + ال), future س before an
//   imperfect prefix ي ت ن (سيبدأ -> يبدا). Bare ب ك ل are stripped only
//   before a protected or lexicon word (لمنبج -> منبج) or a derived noun
//   starting with م, ت, است, انت (لمترو, لتنظيم, باستخدام), since far more
//   words start with those letters than carry them as prepositions. Bare
//   ف is stripped only before another clitic (فالمدارس).
// Enclitics, at most one of each group, longest first:
//   1. pronoun: هما هم هن ها ه نا, and كما كم when four letters remain.
//      Not ك, كن, ني: too many words end in them (مشترك, اماكن, مباني).
//   2. after a pronoun, a final ت is the feminine ending in construct
//      (مدينتها -> مدينت -> مدين), so it goes too, like ه (ة) in مدينه.
//   3. inflection: ات ون ين وا ا ي (after a pronoun only ات ي). Not the
//      dual ان: far more nouns end in ان (برلمان, ميدان, عنوان).
//   4. a nisba ي left before ات ون ين ا goes too (العراقيين -> عراق).
// Guards:
//   - Protected words (names, places, countries, months, and words whose
//     endings only look like suffixes: مليون, قانون, تشرين): no suffix
//     stripping; a leading ال of the entry is dropped so الرقة, والرقة,
//     بالرقة and رقة all give رقه. The form without ال is a name only
//     alone or after an article, not after a bare clitic: ورقة, فرقة are
//     "paper", "band", never و/ف + رقة.
//   - Radical-initial lexicon: words whose first letters look like clitics
//     but are part of the word (وزير, فريق, سيارة, والد, الغاء): their
//     leading letters are kept, suffixes are still stripped.
//   Both lists are compiled in (stemmer_protected.inc, stemmer_lexicon.inc).
//   Candidate clitic splits are tried shortest prefix first, and the first
//   remainder found in either list wins (بواشنطن -> واشنطن, not اشنطن).
//
// An ArabicStemmer is immutable after construction and thread-safe; build
// one and share it (Default()).
#ifndef KHABAR_TEXT_STEMMER_H_
#define KHABAR_TEXT_STEMMER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

// A word cut into proclitics + stem + enclitics: views into the word passed
// in. `suffix` is everything removed at the end (pronoun, feminine ending,
// inflection), so prefix + stem + suffix == word.
struct CliticParts {
  std::string_view prefix;
  std::string_view stem;
  std::string_view suffix;
  bool is_protected = false;  // the stem is a protected word
};

class ArabicStemmer {
 public:
  // The built-in protected words and lexicon.
  ArabicStemmer();
  // Built-in lists plus extra protected words (raw Arabic, normalized here).
  explicit ArabicStemmer(std::span<const std::string_view> extra_protected);
  ~ArabicStemmer();
  ArabicStemmer(const ArabicStemmer&) = delete;
  ArabicStemmer& operator=(const ArabicStemmer&) = delete;

  CliticParts Split(std::string_view word) const;
  // Split(word).stem, with a shortcut for short words (the hot path).
  std::string_view Stem(std::string_view word) const;

  // Stem() for a word the caller has already decoded, the analyzer's hot
  // path: `word` is the UTF-8 of n = word.size() / 2 Arabic letters of
  // U+0600..U+06FF (class kArabicLetter) and codes[i] is letter i's code
  // point - U+0600, as Normalizer::NormalizeArabicLetters() writes them.
  // Words of more than kMaxLetters letters are returned unchanged (longer
  // "words" are not words).
  static constexpr std::size_t kMaxLetters = 40;
  std::string_view StemLetters(std::string_view word,
                               const uint8_t* codes) const;

  // Whether the normalized `word` (with or without ال) is protected.
  bool IsProtected(std::string_view word) const;

  static const ArabicStemmer& Default();

 private:
  class WordMap;
  void AddProtected(std::string_view raw);
  // Split() once `w` is decoded into its n letter codes (4 <= n <= 40).
  CliticParts SplitLetters(std::string_view w, const uint8_t* lw,
                           std::size_t n) const;

  std::unique_ptr<WordMap> words_;
};

// Default().Split(word), for the CLI's `analyze` and for NLP.
CliticParts CliticSplit(std::string_view normalized_word);

}  // namespace khabar::text

#endif  // KHABAR_TEXT_STEMMER_H_
