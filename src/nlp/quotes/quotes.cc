// Quotation finder. One pass pairs the quotation marks (bytes), one pass
// tokenizes and classifies cue words, then each cue gets a speaker and each
// quoted span a cue. Lookups between the three lists are binary searches on
// byte offsets, so the cost is linear in the text plus O(log n) per quote.
#include "nlp/quotes/quotes.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "text/normalizer.h"
#include "text/sentence.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace khabar::nlp {
namespace {

// Quotation-mark families; a span opens with one family and closes with any
// mark of the same family.
enum class MarkFamily : uint8_t { kNone, kStraight, kCurly, kGuillemet };

// UTF-8 bytes of the marks.
constexpr unsigned char kQuotationMark = 0x22;        // "
constexpr unsigned char kLatin1Lead = 0xC2;           // « U+00AB, » U+00BB
constexpr unsigned char kLeftGuillemetTail = 0xAB;
constexpr unsigned char kRightGuillemetTail = 0xBB;
constexpr unsigned char kPunctuationLead = 0xE2;      // “ ” „ U+201C..U+201E
constexpr unsigned char kPunctuationMid = 0x80;
constexpr unsigned char kLeftDoubleQuoteTail = 0x9C;
constexpr unsigned char kLowDoubleQuoteTail = 0x9E;

// A word of a cue lexicon entry is at most this long in bytes; longer words
// are not looked up (saves normalizing long tokens).
constexpr std::size_t kMaxCueWordBytes = 48;
// Words a finite verb may be separated from its named subject by (titles:
// "وقال وزير الدفاع الاميركي اشتون كارتر").
constexpr std::size_t kMaxSubjectGapWords = 6;
// Words after a closing mark within which a following cue governs the quote.
constexpr std::size_t kMaxCueAfterWords = 3;
// Words between two quotations one cue governs (قال إنّ "..." وإنّ "...").
constexpr std::size_t kMaxChainGapWords = 3;
// Quoted names are short; longer spans are statements even after a head noun.
constexpr std::size_t kMaxNameWords = 4;
constexpr std::size_t kMinQuoteWords = 2;

struct MarkSpan {
  uint32_t open = 0;         // first byte of the opening mark
  uint32_t inner_begin = 0;  // just after the opening mark
  uint32_t inner_end = 0;    // first byte of the closing mark
  uint32_t close_end = 0;    // just after the closing mark
};

// Returns the family and byte length of a quotation mark at `pos`.
std::pair<MarkFamily, uint32_t> MarkAt(std::string_view text, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 == kQuotationMark) return {MarkFamily::kStraight, 1};
  if (b0 == kLatin1Lead && pos + 1 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    if (b1 == kLeftGuillemetTail || b1 == kRightGuillemetTail) {
      return {MarkFamily::kGuillemet, 2};
    }
  }
  if (b0 == kPunctuationLead && pos + 2 < text.size() &&
      static_cast<unsigned char>(text[pos + 1]) == kPunctuationMid) {
    const auto b2 = static_cast<unsigned char>(text[pos + 2]);
    if (b2 >= kLeftDoubleQuoteTail && b2 <= kLowDoubleQuoteTail) {
      return {MarkFamily::kCurly, 3};
    }
  }
  return {MarkFamily::kNone, 0};
}

// Pairs quotation marks in order; spans are disjoint and sorted.
std::vector<MarkSpan> PairMarks(std::string_view text) {
  std::vector<MarkSpan> spans;
  MarkFamily open = MarkFamily::kNone;
  MarkSpan current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      open = MarkFamily::kNone;  // scraped news: one paragraph per line
      continue;
    }
    const auto [family, length] = MarkAt(text, i);
    if (family == MarkFamily::kNone) continue;
    if (open == MarkFamily::kNone) {
      open = family;
      current.open = static_cast<uint32_t>(i);
      current.inner_begin = static_cast<uint32_t>(i + length);
    } else if (family == open) {
      current.inner_end = static_cast<uint32_t>(i);
      current.close_end = static_cast<uint32_t>(i + length);
      spans.push_back(current);
      open = MarkFamily::kNone;
    }
    i += length - 1;
  }
  return spans;
}

// Hash that lets unordered containers of std::string be probed with a
// std::string_view without a copy.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>()(s);
  }
};
using WordSet =
    std::unordered_set<std::string, StringHash, std::equal_to<>>;

// Folded form (normalizer defaults: alef forms, teh marbuta, hamza carriers,
// harakat) written into `buffer`; empty for words too long to matter.
std::string_view FoldWord(std::string_view word,
                          std::array<char, 11 * kMaxCueWordBytes>* buffer) {
  if (word.size() > kMaxCueWordBytes) return {};
  const std::size_t size =
      text::Normalizer::Default().NormalizeWordTo(word, buffer->data());
  return std::string_view(buffer->data(), size);
}

WordSet MakeFoldedSet(std::initializer_list<std::string_view> words) {
  WordSet set;
  for (std::string_view w : words) set.insert(text::NormalizeToString(w));
  return set;
}

// The cue lexicon, written as journalists spell the words and folded once.
// Perfect and imperfect 3rd-person forms are finite verbs; accusative
// participles (حال) continue the sentence's subject. Feminine participles
// that are also common nouns (متابعة follow-up, لافتة banner) are left out.
const std::unordered_map<std::string, CueKind, StringHash, std::equal_to<>>&
CueLexicon() {
  static const auto* lexicon = [] {
    auto* m = new std::unordered_map<std::string, CueKind, StringHash,
                                     std::equal_to<>>();
    constexpr std::string_view kFinite[] = {
        "قال",    "قالت",   "قالوا",  "يقول",   "تقول",   "يقولون",
        "أضاف",   "أضافت",  "أضافوا", "يضيف",   "تضيف",   "يضيفون",
        "أكد",    "أكدت",   "أكدوا",  "يؤكد",   "تؤكد",   "يؤكدون",
        "صرح",    "صرحت",   "صرحوا",  "يصرح",   "تصرح",   "أعلن",
        "أعلنت",  "أعلنوا", "يعلن",   "تعلن",   "أوضح",   "أوضحت",
        "أوضحوا", "يوضح",   "توضح",   "تابع",   "تابعت",  "أشار",
        "أشارت",  "أشاروا", "يشير",   "تشير",   "كرر",    "كررت",
        "يكرر",   "تكرر",   "شدد",    "شددت",   "يشدد",   "تشدد",
        "اعتبر",  "اعتبرت", "اعتبروا", "يعتبر",  "تعتبر",  "لفت",
        "لفتت",   "يلفت",   "تلفت",   "ذكر",    "ذكرت",   "ذكروا",
        "يذكر",   "تذكر",   "نقل",    "نقلت",   "أردف",   "أردفت",
        "استطرد", "استطردت", "تساءل",  "تساءلت", "حذر",    "حذرت",
        "يحذر",   "تحذر",   "أفاد",   "أفادت",  "اعترف",  "اعترفت",
        "كتب",    "كتبت",   "غرد",    "غردت",
    };
    constexpr std::string_view kParticiples[] = {
        "مضيفا",   "مضيفة",   "مضيفين",  "مؤكدا",   "مؤكدة",  "مؤكدين",
        "مشيرا",   "مشيرة",   "مشيرين",  "مكررا",   "مكررة",  "قائلا",
        "قائلة",   "قائلين",  "معتبرا",  "معتبرة",  "معتبرين", "موضحا",
        "موضحة",   "متابعا",  "لافتا",   "مشددا",   "مشددة",  "مصرحا",
        "معلنا",   "معلنة",   "متسائلا", "متسائلة", "محذرا",  "محذرة",
        "مستطردا", "مردفا",   "ذاكرا",   "ناقلا",   "معترفا",
    };
    for (std::string_view w : kFinite) {
      m->emplace(text::NormalizeToString(w), CueKind::kFiniteVerb);
    }
    for (std::string_view w : kParticiples) {
      m->emplace(text::NormalizeToString(w), CueKind::kParticiple);
    }
    return m;
  }();
  return *lexicon;
}

// Nouns that head a name in construct: تنظيم "داعش", صحيفة "نيويورك تايمز".
const WordSet& NameHeadsBefore() {
  static const WordSet* set = new WordSet(MakeFoldedSet({
      "تنظيم", "حركة",  "حزب",   "جماعة",  "جبهة",  "منظمة", "شركة",
      "صحيفة", "وكالة", "قناة",  "موقع",   "مجلة",  "برنامج", "فيلم",
      "كتاب",  "عملية", "مبادرة", "مؤسسة", "ائتلاف", "مجموعة", "تطبيق",
      "اسم",   "لقب",   "شعار",  "وسم",    "هاشتاغ", "مسلسل", "رواية",
      "أغنية", "قوات",  "ميليشيا", "كتائب", "لواء",
  }));
  return *set;
}

// Nouns that start an organization name: "قوات سوريا الديمقراطية".
const WordSet& NameHeadsFirst() {
  static const WordSet* set = new WordSet(MakeFoldedSet({
      "قوات", "حركة", "حزب", "جبهة", "تنظيم", "منظمة", "جماعة", "جيش",
      "ائتلاف", "تحالف", "مجلس", "هيئة", "شركة", "وكالة", "صحيفة",
      "كتائب", "لواء", "ميليشيا",
  }));
  return *set;
}

// A name used as a noun is followed by a relative pronoun.
const WordSet& RelativePronouns() {
  static const WordSet* set = new WordSet(MakeFoldedSet({
      "التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي",
  }));
  return *set;
}

// Whether `folded` starts with a one-letter proclitic: و/ف only (cues), or
// also the prepositions ب/ل/ك (nouns before a name).
bool StartsWithClitic(std::string_view folded, bool with_prepositions) {
  static constexpr std::string_view kConjunctions[] = {"و", "ف"};
  static constexpr std::string_view kAll[] = {"و", "ف", "ب", "ل", "ك"};
  const std::span<const std::string_view> letters =
      with_prepositions ? std::span<const std::string_view>(kAll)
                        : std::span<const std::string_view>(kConjunctions);
  return std::any_of(letters.begin(), letters.end(), [&](std::string_view c) {
    return folded.substr(0, c.size()) == c;
  });
}

// Whether the word, with at most one single-letter proclitic, is in `set`.
bool InSetWithClitic(std::string_view word, const WordSet& set) {
  std::array<char, 11 * kMaxCueWordBytes> buffer;
  const std::string_view folded = FoldWord(word, &buffer);
  if (folded.empty()) return false;
  if (set.find(folded) != set.end()) return true;
  constexpr std::size_t kLetterBytes = 2;  // Arabic letters are 2 bytes
  return folded.size() > 3 * kLetterBytes && StartsWithClitic(folded, true) &&
         set.find(folded.substr(kLetterBytes)) != set.end();
}

struct Person {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::size_t word = 0;  // index of its first word in `words`
  bool quoted = false;
  const std::string* name = nullptr;
};

struct Cue {
  std::size_t word = 0;
  CueKind kind = CueKind::kNone;
  std::size_t sentence = 0;
  const std::string* speaker = nullptr;  // nullptr: unknown
  uint32_t speaker_begin = 0;
  uint32_t speaker_end = 0;
};

class QuoteFinder {
 public:
  // `tokens` and `sentences` are text::Tokenize(text) and
  // text::SplitSentences(text); `sentences` must outlive the finder.
  QuoteFinder(std::string_view text,
              const std::vector<SpeakerCandidate>& persons,
              std::span<const text::Token> tokens,
              std::span<const text::SentenceSpan> sentences)
      : text_(text), marks_(PairMarks(text)), sentences_(sentences) {
    for (const text::Token& t : tokens) {
      if (t.kind != text::TokenKind::kPunct) words_.push_back(t);
    }
    for (const SpeakerCandidate& c : persons) {
      if (c.begin >= c.end || c.end > text.size() ||
          !text::IsUtf8Boundary(text, c.begin) ||
          !text::IsUtf8Boundary(text, c.end) || c.canonical_name.empty()) {
        continue;
      }
      persons_.push_back({c.begin, c.end, WordIndex(c.begin),
                          InsideMarks(c.begin), &c.canonical_name});
    }
    std::sort(persons_.begin(), persons_.end(),
              [](const Person& a, const Person& b) {
                return a.begin < b.begin;
              });
    FindCues();
    ResolveSpeakers();
  }

  std::vector<Quote> Run() const {
    std::vector<Quote> quotes;
    for (std::size_t i = 0; i < marks_.size(); ++i) {
      const MarkSpan& span = marks_[i];
      const std::size_t first = WordIndex(span.inner_begin);
      const std::size_t last = WordIndex(span.inner_end);
      if (last - first < kMinQuoteWords) continue;
      if (IsQuotedName(span, first, last)) continue;
      const Cue* cue = CueFor(i);
      if (cue == nullptr) continue;
      quotes.push_back(MakeQuote(span, *cue));
    }
    return quotes;
  }

 private:
  // Index of the first word starting at or after `pos`.
  std::size_t WordIndex(uint32_t pos) const {
    return std::lower_bound(words_.begin(), words_.end(), pos,
                            [](const text::Token& t, uint32_t p) {
                              return t.begin < p;
                            }) -
           words_.begin();
  }

  std::size_t SentenceOf(uint32_t pos) const {
    const auto it = std::upper_bound(
        sentences_.begin(), sentences_.end(), pos,
        [](uint32_t p, const text::SentenceSpan& s) { return p < s.begin; });
    return it == sentences_.begin() ? 0 : (it - sentences_.begin()) - 1;
  }

  // Index of the first mark span opening at or after `pos`.
  std::size_t MarkIndex(uint32_t pos) const {
    return std::lower_bound(marks_.begin(), marks_.end(), pos,
                            [](const MarkSpan& m, uint32_t p) {
                              return m.open < p;
                            }) -
           marks_.begin();
  }

  bool InsideMarks(uint32_t pos) const {
    const std::size_t i = MarkIndex(pos + 1);  // spans opening at or before
    return i > 0 && marks_[i - 1].open <= pos && pos < marks_[i - 1].close_end;
  }

  void FindCues() {
    std::size_t mark = 0;
    for (std::size_t w = 0; w < words_.size(); ++w) {
      const text::Token& t = words_[w];
      while (mark < marks_.size() && marks_[mark].close_end <= t.begin) ++mark;
      if (mark < marks_.size() && marks_[mark].open <= t.begin) continue;
      if (t.kind != text::TokenKind::kWord) continue;
      const CueKind kind = ClassifyCue(t.Text(text_));
      if (kind == CueKind::kNone) continue;
      cues_.push_back({w, kind, SentenceOf(t.begin)});
    }
  }

  void ResolveSpeakers() {
    const std::string* last_speaker = nullptr;
    for (std::size_t c = 0; c < cues_.size(); ++c) {
      Cue& cue = cues_[c];
      const text::Token& verb = words_[cue.word];
      const Person* named = nullptr;
      if (cue.kind == CueKind::kFiniteVerb) named = SubjectAfter(cue);
      if (named == nullptr && c > 0 &&
          cues_[c - 1].sentence == cue.sentence &&
          cues_[c - 1].speaker != nullptr) {
        cue.speaker = cues_[c - 1].speaker;
        cue.speaker_begin = verb.begin;
        cue.speaker_end = verb.end;
        continue;
      }
      if (named == nullptr) named = PersonBefore(cue);
      if (named != nullptr) {
        cue.speaker = named->name;
        cue.speaker_begin = named->begin;
        cue.speaker_end = named->end;
        last_speaker = named->name;
      } else {
        cue.speaker = last_speaker;
        cue.speaker_begin = verb.begin;
        cue.speaker_end = verb.end;
      }
    }
  }

  const Person* SubjectAfter(const Cue& cue) const {
    const text::Token& verb = words_[cue.word];
    const std::size_t next_mark = MarkIndex(verb.end);
    const uint32_t stop =
        next_mark < marks_.size() ? marks_[next_mark].open : UINT32_MAX;
    auto it = std::lower_bound(
        persons_.begin(), persons_.end(), verb.end,
        [](const Person& p, uint32_t pos) { return p.begin < pos; });
    for (; it != persons_.end(); ++it) {
      if (it->begin >= stop || it->word > cue.word + 1 + kMaxSubjectGapWords ||
          SentenceOf(it->begin) != cue.sentence) {
        return nullptr;
      }
      if (!it->quoted) return &*it;
    }
    return nullptr;
  }

  const Person* PersonBefore(const Cue& cue) const {
    const text::Token& verb = words_[cue.word];
    auto it = std::lower_bound(
        persons_.begin(), persons_.end(), verb.begin,
        [](const Person& p, uint32_t pos) { return p.begin < pos; });
    while (it != persons_.begin()) {
      --it;
      if (SentenceOf(it->begin) != cue.sentence) return nullptr;
      if (!it->quoted && it->end <= verb.begin) return &*it;
    }
    return nullptr;
  }

  // Number of words starting in [from, to).
  std::size_t WordsBetween(uint32_t from, uint32_t to) const {
    return to <= from ? 0 : WordIndex(to) - WordIndex(from);
  }

  // Whitespace only between two offsets.
  bool Adjacent(uint32_t from, uint32_t to) const {
    if (to < from) return false;
    return std::all_of(text_.begin() + from, text_.begin() + to, [](char c) {
      return c == ' ' || c == '\t';
    });
  }

  bool IsQuotedName(const MarkSpan& span, std::size_t first,
                    std::size_t last) const {
    const uint32_t first_begin = words_[first].begin;
    const uint32_t last_end = words_[last - 1].end;
    auto it = std::lower_bound(
        persons_.begin(), persons_.end(), span.inner_begin,
        [](const Person& p, uint32_t pos) { return p.begin < pos; });
    for (; it != persons_.end() && it->begin <= first_begin; ++it) {
      if (it->end >= last_end) return true;
    }
    if (last - first > kMaxNameWords) return false;
    if (InSetWithClitic(words_[first].Text(text_), NameHeadsFirst())) {
      return true;
    }
    if (first > 0 && Adjacent(words_[first - 1].end, span.open) &&
        InSetWithClitic(words_[first - 1].Text(text_), NameHeadsBefore())) {
      return true;
    }
    return last < words_.size() &&
           Adjacent(span.close_end, words_[last].begin) &&
           InSetWithClitic(words_[last].Text(text_), RelativePronouns());
  }

  // The cue governing mark span `i`, or nullptr when it has none.
  const Cue* CueFor(std::size_t i) const {
    const MarkSpan& span = marks_[i];
    const std::size_t sentence = SentenceOf(span.open);
    // Nearest cue before the opening mark in the same sentence.
    auto it = std::lower_bound(cues_.begin(), cues_.end(), span.open,
                               [this](const Cue& c, uint32_t pos) {
                                 return words_[c.word].begin < pos;
                               });
    if (it != cues_.begin()) {
      const Cue& before = *(it - 1);
      if (before.sentence == sentence) {
        const uint32_t verb_end = words_[before.word].end;
        // The span right before this one, if it lies after the cue.
        const bool chained = i > 0 && marks_[i - 1].open >= verb_end;
        if (!chained ||
            WordsBetween(marks_[i - 1].close_end, span.open) <=
                kMaxChainGapWords) {
          return &before;
        }
        return nullptr;  // the cue's statement ended with the earlier quote
      }
    }
    // A finite verb right after the closing mark: "..."، قال فالون.
    if (it != cues_.end() && it->kind == CueKind::kFiniteVerb) {
      const text::Token& verb = words_[it->word];
      if (verb.begin >= span.close_end &&
          SentenceOf(verb.begin) == SentenceOf(span.inner_end) &&
          WordsBetween(span.close_end, verb.begin) <= kMaxCueAfterWords) {
        return &*it;
      }
    }
    return nullptr;
  }

  Quote MakeQuote(const MarkSpan& span, const Cue& cue) const {
    uint32_t begin = span.inner_begin;
    uint32_t end = span.inner_end;
    auto is_space = [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    };
    while (begin < end && is_space(text_[begin])) ++begin;
    while (end > begin && is_space(text_[end - 1])) --end;
    const text::Token& verb = words_[cue.word];
    Quote q;
    q.text = std::string(text_.substr(begin, end - begin));
    q.begin = begin;
    q.end = end;
    if (cue.speaker != nullptr) q.speaker = *cue.speaker;
    q.speaker_begin = cue.speaker_begin;
    q.speaker_end = cue.speaker_end;
    q.cue = std::string(verb.Text(text_));
    q.cue_begin = verb.begin;
    q.cue_end = verb.end;
    return q;
  }

  std::string_view text_;
  std::vector<MarkSpan> marks_;
  std::span<const text::SentenceSpan> sentences_;
  std::vector<text::Token> words_;  // every non-punctuation token
  std::vector<Person> persons_;     // sorted by begin
  std::vector<Cue> cues_;           // in text order
};

}  // namespace

CueKind ClassifyCue(std::string_view word) {
  std::array<char, 11 * kMaxCueWordBytes> buffer;
  const std::string_view folded = FoldWord(word, &buffer);
  if (folded.empty()) return CueKind::kNone;
  const auto& lexicon = CueLexicon();
  if (auto it = lexicon.find(folded); it != lexicon.end()) return it->second;
  constexpr std::size_t kLetterBytes = 2;
  if (folded.size() > 3 * kLetterBytes && StartsWithClitic(folded, false)) {
    if (auto it = lexicon.find(folded.substr(kLetterBytes));
        it != lexicon.end()) {
      return it->second;
    }
  }
  return CueKind::kNone;
}

std::vector<Quote> FindQuotes(std::string_view text,
                              const std::vector<SpeakerCandidate>& persons) {
  if (text.empty()) return {};
  return FindQuotes(text, persons, text::Tokenize(text),
                    text::SplitSentences(text));
}

std::vector<Quote> FindQuotes(std::string_view text,
                              const std::vector<SpeakerCandidate>& persons,
                              std::span<const text::Token> tokens,
                              std::span<const text::SentenceSpan> sentences) {
  if (text.empty()) return {};
  return QuoteFinder(text, persons, tokens, sentences).Run();
}

}  // namespace khabar::nlp
