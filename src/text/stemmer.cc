#include "text/stemmer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstring>

#include "text/arabic_letters.h"
#include "text/normalizer.h"
#include "text/utf8.h"

namespace khabar::text {
namespace {

// The stemmer works on letter codes: code point - U+0600, one byte each.
// Every letter it handles is in U+0600..U+06FF (two bytes of UTF-8), so a
// word of n letters is 2n bytes and byte offsets are letter offsets * 2.
using Letter = uint8_t;
constexpr char32_t kBlock = 0x0600;
constexpr std::size_t kLetterBytes = 2;
constexpr std::size_t kMinStemLetters = 3;
// Letters a bare preposition must leave before a verbal noun (استخدام,
// تنظيم) or a م-noun (مترو): short ones are too often word-internal.
constexpr std::size_t kMinVerbalNounLetters = 5;
constexpr std::size_t kMinMeemNounLetters = 4;

constexpr Letter L(char32_t c) { return static_cast<Letter>(c - kBlock); }

constexpr Letter kLAlef = L(kAlef);
constexpr Letter kLBeh = L(kBeh);
constexpr Letter kLTeh = L(kTeh);
constexpr Letter kLSeen = L(kSeen);
constexpr Letter kLFeh = L(kFeh);
constexpr Letter kLKaf = L(kKaf);
constexpr Letter kLLam = L(kLam);
constexpr Letter kLMeem = L(kMeem);
constexpr Letter kLNoon = L(kNoon);
constexpr Letter kLHeh = L(kHeh);
constexpr Letter kLWaw = L(kWaw);
constexpr Letter kLYeh = L(kYeh);

// Decodes a normalized word into letter codes; false unless every code
// point is an Arabic letter of U+0600..U+06FF.
bool DecodeLetters(std::string_view w, Letter* out) {
  for (std::size_t i = 0, k = 0; i < w.size(); i += kLetterBytes, ++k) {
    const auto b0 = static_cast<unsigned char>(w[i]);
    const auto b1 = static_cast<unsigned char>(w[i + 1]);
    if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0) != 0x80) return false;
    const char32_t c = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
    if (internal::kCharClassTable[c] != CharClass::kArabicLetter) return false;
    out[k] = L(c);
  }
  return true;
}

// A final ي after ا belongs to the stem (ولاية, نهاية, قضايا -> ولاي, نهاي,
// قضاي); stripping it would make ولاية collide with ولا.
inline bool IsStemYeh(const Letter* w, std::size_t len) {
  return len >= 2 && w[len - 1] == kLYeh && w[len - 2] == kLAlef;
}

// Strips a nisba ي left in front of a plural/feminine ending.
inline std::size_t StripNisba(const Letter* w, std::size_t len) {
  if (w[len - 1] == kLYeh && len >= 1 + kMinStemLetters && !IsStemYeh(w, len))
    return len - 1;
  return len;
}

// Letters left after removing enclitics (see stemmer.h for the rules).
// Dispatches on the last letter instead of trying each suffix in turn.
std::size_t SuffixStrippedLetters(const Letter* w, std::size_t n) {
  std::size_t len = n;
  auto ends2 = [&](Letter a, Letter b) {
    return len >= 2 && w[len - 2] == a && w[len - 1] == b;
  };
  auto ends3 = [&](Letter a, Letter b, Letter c) {
    return len >= 3 && w[len - 3] == a && w[len - 2] == b && w[len - 1] == c;
  };
  // 1. Pronoun, longest first: هما كما هم هن ها كم نا ه. كما and كم need
  //    four letters left (محاكم keeps its كم).
  bool pronoun = false;
  auto strip = [&](std::size_t k, std::size_t min_left) {
    if (len >= k + min_left) {
      len -= k;
      return true;
    }
    return false;
  };
  switch (w[len - 1]) {
    case kLAlef:
      if (ends3(kLHeh, kLMeem, kLAlef)) {
        pronoun = strip(3, kMinStemLetters);
      } else if (ends3(kLKaf, kLMeem, kLAlef)) {
        pronoun = strip(3, kMinStemLetters + 1);
      } else if (ends2(kLHeh, kLAlef) || ends2(kLNoon, kLAlef)) {
        pronoun = strip(2, kMinStemLetters);
      }
      break;
    case kLMeem:
      if (ends2(kLHeh, kLMeem)) {
        pronoun = strip(2, kMinStemLetters);
      } else if (ends2(kLKaf, kLMeem)) {
        pronoun = strip(2, kMinStemLetters + 1);
      }
      break;
    case kLNoon:
      if (ends2(kLHeh, kLNoon)) pronoun = strip(2, kMinStemLetters);
      break;
    case kLHeh:
      pronoun = strip(1, kMinStemLetters);
      break;
    default:
      break;
  }
  if (pronoun) {
    // 2. مدينتها -> مدينت -> مدين: ت before a pronoun is ة in construct.
    //    Not after ا (قواتهم keeps the plural ات).
    if (w[len - 1] == kLTeh && w[len - 2] != kLAlef &&
        len >= 1 + kMinStemLetters) {
      --len;
    }
    // 3. After a pronoun only ات and ي can precede it.
    if (ends2(kLAlef, kLTeh)) {
      if (strip(2, kMinStemLetters)) len = StripNisba(w, len);
    } else if (w[len - 1] == kLYeh && !IsStemYeh(w, len)) {
      strip(1, kMinStemLetters);
    }
    return len;
  }
  // 3. Inflection: ات ون ين وا ا ي, then a nisba ي before ات ون ين ا.
  switch (w[len - 1]) {
    case kLTeh:
      if (ends2(kLAlef, kLTeh) && strip(2, kMinStemLetters)) {
        len = StripNisba(w, len);
      }
      break;
    case kLNoon:
      if ((ends2(kLWaw, kLNoon) || ends2(kLYeh, kLNoon)) &&
          strip(2, kMinStemLetters)) {
        len = StripNisba(w, len);
      }
      break;
    case kLAlef:
      if (ends2(kLWaw, kLAlef) && strip(2, kMinStemLetters)) break;
      if (strip(1, kMinStemLetters)) len = StripNisba(w, len);
      break;
    case kLYeh:
      if (!IsStemYeh(w, len)) strip(1, kMinStemLetters);
      break;
    default:
      break;
  }
  return len;
}

// Whether what follows a س reads as an imperfect verb (ي ت ن), making the
// س the future particle. تي and يي are left out: verbs almost never start
// so, foreign names often do (ستيفن, سيي).
bool IsFutureVerb(const Letter* rest, std::size_t n) {
  if (n < 2) return false;
  if (rest[0] == kLNoon) return true;
  return (rest[0] == kLYeh || rest[0] == kLTeh) && rest[1] != kLYeh;
}

// Whether a bare ب/ك/ل before `rest` is split by default: before the
// derived nouns that start with م (مفعول, مفاعلة: لمترو, بمقتل) or ت (تفعيل:
// لتنظيم), and the verbal nouns of forms VIII and X (باستخدام, لاستعادة,
// بانتظار). Few words start with those letter pairs, while بـ/كـ/لـ start
// thousands (برنامج, بداية, لبنان).
// Not for ك before م or ت: كتاب, كمبيوتر, كمامة.
bool BarePrepositionSplits(Letter preposition, const Letter* rest,
                           std::size_t n) {
  if (preposition != kLKaf) {
    if (rest[0] == kLMeem) return n >= kMinMeemNounLetters;
    if (rest[0] == kLTeh) return n >= kMinVerbalNounLetters;
  }
  return n >= kMinVerbalNounLetters && rest[0] == kLAlef && rest[2] == kLTeh &&
         (rest[1] == kLSeen || rest[1] == kLNoon);
}

uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, s.data() + i, 8);
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  // The tail is read byte by byte: a variable-size memcpy is a libc call.
  uint64_t tail = 0;
  for (std::size_t k = 0; i + k < s.size(); ++k) {
    tail |= static_cast<uint64_t>(static_cast<unsigned char>(s[i + k]))
            << (8 * k);
  }
  h = (h ^ tail) * 0x94D049BB133111EBULL;
  return h ^ (h >> 29);
}

constexpr std::string_view kProtectedWords[] = {
#include "text/stemmer_protected.inc"
};
constexpr std::string_view kLexiconWords[] = {
#include "text/stemmer_lexicon.inc"
};

enum class EntryKind : uint8_t { kEmpty, kProtected, kLexicon };

}  // namespace

// Open-addressing hash map from a normalized word to its kind, keys in one
// arena. A 64-Kbit filter on (first letters, last letter, length) answers
// most misses without hashing the key: a word is looked up at every
// candidate split, and nearly all lookups miss.
class ArabicStemmer::WordMap {
 public:
  struct Slot {
    uint32_t key_begin = 0;
    uint16_t key_size = 0;
    EntryKind kind = EntryKind::kEmpty;
    uint8_t drop = 0;  // letters of a leading ال the term leaves out
    // A protected entry's form without its ال (رقه of الرقة): a name only
    // after an article, since after a bare clitic it is usually part of
    // another word (ورقة "paper", فرقة "band", not و/ف + رقة).
    bool article_only = false;
  };

  explicit WordMap(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < expected * 2) cap *= 2;
    slots_.resize(cap);
    mask_ = cap - 1;
  }

  // Keeps the first entry for a key (protected words are inserted first),
  // except that a name listed without ال is a name after any clitic.
  void Insert(std::string_view key, const Letter* letters, EntryKind kind,
              uint8_t drop, bool article_only) {
    const std::size_t n = key.size() / kLetterBytes;
    if (n < 2 || n > kMaxLetters) return;
    std::size_t i = HashBytes(key) & mask_;
    while (slots_[i].kind != EntryKind::kEmpty) {
      if (KeyOf(slots_[i]) == key) {
        if (slots_[i].kind == kind && !article_only) {
          slots_[i].article_only = false;
        }
        return;
      }
      i = (i + 1) & mask_;
    }
    slots_[i] = {static_cast<uint32_t>(arena_.size()),
                 static_cast<uint16_t>(key.size()), kind, drop, article_only};
    arena_.append(key);
    filter_.set(FilterIndex(letters, n));
    if (kind == EntryKind::kLexicon) lexicon_first_.set(letters[0]);
  }

  // `key` is the UTF-8 of `letters[0..n)`.
  const Slot* Find(std::string_view key, const Letter* letters,
                   std::size_t n) const {
    if (n < 2 || !filter_[FilterIndex(letters, n)]) return nullptr;
    std::size_t i = HashBytes(key) & mask_;
    while (slots_[i].kind != EntryKind::kEmpty) {
      if (slots_[i].key_size == key.size() && KeyOf(slots_[i]) == key)
        return &slots_[i];
      i = (i + 1) & mask_;
    }
    return nullptr;
  }

  // Lexicon keys start with few letters (و ف س ا); others skip the lookup.
  bool MayStartLexiconKey(Letter first) const { return lexicon_first_[first]; }

 private:
  static std::size_t FilterIndex(const Letter* w, std::size_t n) {
    const uint32_t h = w[0] * 0x9E3779B1u ^ w[1] * 0x85EBCA77u ^
                       w[n - 1] * 0xC2B2AE3Du ^
                       static_cast<uint32_t>(n) * 0x27D4EB2Fu;
    return (h ^ (h >> 16)) & 0xFFFF;
  }
  std::string_view KeyOf(const Slot& s) const {
    return std::string_view(arena_).substr(s.key_begin, s.key_size);
  }

  std::vector<Slot> slots_;
  std::string arena_;
  std::size_t mask_ = 0;
  std::bitset<0x10000> filter_;
  std::bitset<256> lexicon_first_;
};

ArabicStemmer::ArabicStemmer()
    : ArabicStemmer(std::span<const std::string_view>()) {}

ArabicStemmer::ArabicStemmer(std::span<const std::string_view> extra_protected)
    : words_(std::make_unique<WordMap>(
          2 * (std::size(kProtectedWords) + extra_protected.size()) +
          std::size(kLexiconWords))) {
  for (const std::string_view w : kProtectedWords) AddProtected(w);
  for (const std::string_view w : extra_protected) AddProtected(w);
  std::string norm;
  Letter letters[kMaxLetters];
  for (const std::string_view w : kLexiconWords) {
    norm.clear();
    Normalizer::Default().AppendNormalizedWord(w, &norm);
    const std::size_t n = norm.size() / kLetterBytes;
    if (n > kMaxLetters || norm.size() % kLetterBytes != 0 ||
        !DecodeLetters(norm, letters))
      continue;
    const std::size_t kept = SuffixStrippedLetters(letters, n);
    words_->Insert(std::string_view(norm).substr(0, kept * kLetterBytes),
                   letters, EntryKind::kLexicon, 0, false);
  }
}

// Multi-word names protect each of their words; an entry with ال is also
// stored without it, and its term leaves the ال out.
void ArabicStemmer::AddProtected(std::string_view raw) {
  std::string norm;
  Letter letters[kMaxLetters];
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t space = raw.find(' ', pos);
    if (space == std::string_view::npos) space = raw.size();
    norm.clear();
    Normalizer::Default().AppendNormalizedWord(raw.substr(pos, space - pos),
                                               &norm);
    pos = space + 1;
    const std::size_t n = norm.size() / kLetterBytes;
    if (n < kMinStemLetters || n > kMaxLetters ||
        norm.size() % kLetterBytes != 0 || !DecodeLetters(norm, letters))
      continue;
    const bool article =
        letters[0] == kLAlef && letters[1] == kLLam && n >= 2 + kMinStemLetters;
    words_->Insert(norm, letters, EntryKind::kProtected, article ? 2 : 0,
                   false);
    if (article) {
      words_->Insert(std::string_view(norm).substr(2 * kLetterBytes),
                     letters + 2, EntryKind::kProtected, 0, true);
    }
  }
}

ArabicStemmer::~ArabicStemmer() = default;

const ArabicStemmer& ArabicStemmer::Default() {
  static const ArabicStemmer* const kDefault = new ArabicStemmer();
  return *kDefault;
}

bool ArabicStemmer::IsProtected(std::string_view word) const {
  Letter letters[kMaxLetters];
  const std::size_t n = word.size() / kLetterBytes;
  if (n > kMaxLetters || word.size() % kLetterBytes != 0 ||
      !DecodeLetters(word, letters))
    return false;
  const WordMap::Slot* slot = words_->Find(word, letters, n);
  return slot != nullptr && slot->kind == EntryKind::kProtected;
}

std::string_view ArabicStemmer::Stem(std::string_view word) const {
  // Three letters of any script but ASCII take at most six bytes, and no
  // rule touches a word of three letters.
  if (word.size() <= kMinStemLetters * kLetterBytes) return word;
  return Split(word).stem;
}

std::string_view ArabicStemmer::StemLetters(std::string_view word,
                                            const uint8_t* codes) const {
  const std::size_t n = word.size() / kLetterBytes;
  // What Split() returns as the stem for words it does not cut.
  if (n <= kMinStemLetters || n > kMaxLetters) return word;
  return SplitLetters(word, codes, n).stem;
}

CliticParts ArabicStemmer::Split(std::string_view w) const {
  const std::size_t n = w.size() / kLetterBytes;
  Letter lw[kMaxLetters];
  if (n <= kMinStemLetters || n > kMaxLetters || w.size() % kLetterBytes != 0 ||
      !DecodeLetters(w, lw)) {
    return CliticParts{{}, w, w.substr(w.size()), IsProtected(w)};
  }
  return SplitLetters(w, lw, n);
}

CliticParts ArabicStemmer::SplitLetters(std::string_view w, const Letter* lw,
                                        std::size_t n) const {
  auto parts = [w](std::size_t begin, std::size_t end, bool is_protected) {
    begin *= kLetterBytes;
    end *= kLetterBytes;
    return CliticParts{w.substr(0, begin), w.substr(begin, end - begin),
                       w.substr(end), is_protected};
  };
  auto starts = [&](std::size_t at, Letter a, Letter b) {
    return at + 2 <= n && lw[at] == a && lw[at + 1] == b;
  };

  // Candidate proclitic lengths (letters) as a bit set, so iterating them
  // in ascending order is a ctz loop, plus the split the grammar picks when
  // no remainder is a listed word.
  uint32_t candidates = 0;
  auto add = [&](std::size_t k) {
    if (n - k >= kMinStemLetters) candidates |= 1u << k;
  };
  add(0);
  std::size_t default_split = 0;
  const bool waw = lw[0] == kLWaw;
  const bool conj = waw || lw[0] == kLFeh;
  for (std::size_t base = 0; base <= (conj ? 1u : 0u); ++base) {
    const std::size_t left = n - base;
    if (base > 0) {
      add(base);
      // Bare ف is split only before another clitic (فالمدارس, فسيكون):
      // far more words and foreign names start with ف (فيليب, فشلت, فريد)
      // than carry it as "so".
      if (waw && left >= kMinStemLetters) default_split = base;
    }
    // For ف, default_split is still 0 here: ف + clitic is split.
    const bool may_extend = default_split == base || base == 1;
    std::size_t article = 0;
    if ((lw[base] == kLBeh || lw[base] == kLKaf) &&
        starts(base + 1, kLAlef, kLLam)) {
      article = 3;  // بال كال
    } else if (starts(base, kLAlef, kLLam) || starts(base, kLLam, kLLam)) {
      article = 2;  // ال لل
    } else if (lw[base] == kLSeen && IsFutureVerb(lw + base + 1, left - 1)) {
      article = 1;  // future س
    }
    const Letter first = lw[base];
    if (first == kLBeh || first == kLKaf || first == kLLam) {
      add(base + 1);
      // A bare preposition is split by default only before the verbal nouns
      // of forms VIII and X (باستخدام, لاستعادة, بانتظار): few words start
      // with بانت/لاست, while بـ/لـ/كـ start thousands (برنامج, لبنان).
      if (article == 0 && may_extend &&
          BarePrepositionSplits(first, lw + base + 1, left - 1)) {
        default_split = base + 1;
      }
    }
    if (article > 0) {
      add(base + article);
      if (may_extend && left >= article + kMinStemLetters) {
        default_split = base + article;
      }
    }
  }

  // Protected words first, at every split: a name after a clitic beats a
  // lexicon match on the whole word. A name listed with ال matches its bare
  // form alone or after an article (بالرقة, للرقة), never after a bare
  // clitic: فرقة and ورقة are not ف/و + رقة.
  auto after_article = [&](std::size_t k) {
    return k == 0 || (k >= 2 && lw[k - 1] == kLLam &&
                      (lw[k - 2] == kLAlef || lw[k - 2] == kLLam));
  };
  for (uint32_t set = candidates; set != 0; set &= set - 1) {
    const auto k = static_cast<std::size_t>(std::countr_zero(set));
    const WordMap::Slot* slot =
        words_->Find(w.substr(k * kLetterBytes), lw + k, n - k);
    if (slot != nullptr && slot->kind == EntryKind::kProtected &&
        (!slot->article_only || after_article(k))) {
      return parts(k + slot->drop, n, true);
    }
  }
  const bool single = (candidates & (candidates - 1)) == 0;
  std::size_t default_end = 0;
  for (uint32_t set = candidates; set != 0; set &= set - 1) {
    const auto k = static_cast<std::size_t>(std::countr_zero(set));
    const std::size_t kept = SuffixStrippedLetters(lw + k, n - k);
    // At the default split a lexicon match changes nothing unless a longer
    // candidate follows.
    if (k == default_split) {
      default_end = k + kept;
      if ((candidates >> (k + 1)) == 0) continue;
    }
    if (single || !words_->MayStartLexiconKey(lw[k])) continue;
    const WordMap::Slot* lex = words_->Find(
        w.substr(k * kLetterBytes, kept * kLetterBytes), lw + k, kept);
    if (lex != nullptr && lex->kind == EntryKind::kLexicon) {
      return parts(k, k + kept, false);
    }
  }
  return parts(default_split, default_end, false);
}

CliticParts CliticSplit(std::string_view normalized_word) {
  return ArabicStemmer::Default().Split(normalized_word);
}

}  // namespace khabar::text
