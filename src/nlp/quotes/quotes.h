// Quotations and who said them, in Arabic news text.
//
// FindQuotes() takes the article body (paragraphs joined by "\n") and the
// person mentions another component found in it (the lead passes the NER's
// grouped person mentions; this code never depends on the NER) and returns
// every direct quotation with its reporting verb ("cue") and speaker.
//
// Rules (one test each in quotes_test.cc; README.md says why):
//  - Quotation marks: straight " (paired in order), “ ” „ and « ». A mark of
//    one family is closed by any mark of the same family (reversed ”...“ and
//    »...« occur in scraped RTL text); marks of other families inside an
//    open quotation are nested text. A line break drops an unclosed mark.
//  - A quotation needs at least two words: one-word scare quotes ("متزامنة")
//    are never quotes, even after a cue (مكررًا أنّ المعركة ستكون "صعبة").
//  - A quoted name is not a quote: a span covered by a person mention, a
//    span of at most four words that starts with an organization head noun
//    (قوات، حركة، حزب ...), follows one (تنظيم "داعش"), or is followed by a
//    relative pronoun (استعادة "قوات سوريا الديمقراطية" التي ...).
//  - A quotation needs a cue in its sentence (text::SplitSentences): the
//    nearest reporting verb before it, or one at most three words after its
//    closing mark ("..."، قال فالون) when that is nearer. Multi-word quoted
//    spans with no cue in the sentence are titles or terms, not quotes.
//    A cue that already governed an earlier quotation in the sentence
//    governs a later one only when at most three words separate them
//    (قال إنّ "..." وإنّ "...").
//  - Cues: reporting verbs in perfect, imperfect and participle (حال) forms
//    with an optional و/ف clitic (قال، وقال، فقال، قالت، يقول، أضاف، مضيفًا،
//    قائلًا، أكد، مؤكدًا، صرح، أعلن، أوضح، تابع، أشار، كرر، مكررًا، شدد، اعتبر،
//    لفت، ذكر، نقل، أردف، استطرد، تساءل، حذر، أفاد، اعترف، كتب، غرد ...).
//    Words inside quotation marks are never cues or speakers.
//  - Speaker of a cue, first match wins:
//      1. finite verbs only: the first person mention after the verb in its
//         sentence, at most six words on (titles between are skipped:
//         "وقال وزير الدفاع الاميركي اشتون كارتر") and before any quotation;
//      2. the speaker of the previous cue in the same sentence
//         (قال كارتر "..."، مضيفًا "...");
//      3. the person mention closest before the cue in its sentence
//         (وكان كارتر قد أعلن ...، قائلًا "...");
//      4. the last speaker named by rules 1 or 3 anywhere earlier in the text
//         (continuations: وتابع، مضيفًا، فكرر; pronoun subjects: وأكد أنّ).
//    Participles (مضيفًا، قائلًا) never take a subject after them: what
//    follows is the content of what was said. With no speaker the quote is
//    still returned, with speaker "".
//
// Offsets are byte offsets into `text`. Quote::text is exactly
// text.substr(begin, end - begin): the inside of the marks, trimmed of
// ASCII white space. Input is assumed to be valid UTF-8 (validate once at the
// boundary); person mentions that are out of range, empty or not on code
// point boundaries are ignored. One pass over the tokens plus binary searches;
// no regex. Pure and thread-safe.
#ifndef KHABAR_NLP_QUOTES_QUOTES_H_
#define KHABAR_NLP_QUOTES_QUOTES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "text/sentence.h"
#include "text/tokenizer.h"

namespace khabar::nlp {

// A person mention in the text, already resolved to one canonical name
// (e.g. every "كارتر" after "اشتون كارتر" carries "اشتون كارتر").
struct SpeakerCandidate {
  uint32_t begin = 0;  // byte offsets into the text
  uint32_t end = 0;
  std::string canonical_name;
};

struct Quote {
  std::string text;  // the words inside the marks, as written
  uint32_t begin = 0;
  uint32_t end = 0;
  // Canonical name of the speaker, or "" when no speaker could be found.
  std::string speaker;
  // The person mention that named the speaker; for a speaker inherited from
  // an earlier sentence (continuation, pronoun subject) the cue's span.
  uint32_t speaker_begin = 0;
  uint32_t speaker_end = 0;
  std::string cue;  // the reporting verb as written, e.g. "وقال", "مضيفًا"
  uint32_t cue_begin = 0;
  uint32_t cue_end = 0;
};

// Quotes in text order. `persons` need not be sorted.
std::vector<Quote> FindQuotes(std::string_view text,
                              const std::vector<SpeakerCandidate>& persons);
// The same with `text` already split: `tokens` must be text::Tokenize(text)
// and `sentences` text::SplitSentences(text) (Understanding::Analyze shares
// them between its stages).
std::vector<Quote> FindQuotes(std::string_view text,
                              const std::vector<SpeakerCandidate>& persons,
                              std::span<const text::Token> tokens,
                              std::span<const text::SentenceSpan> sentences);

// Whether `word` (as written, with or without و/ف) is a reporting verb, and
// whether it is a participle (مضيفًا). For tests and for `khabar analyze`.
enum class CueKind : uint8_t { kNone, kFiniteVerb, kParticiple };
CueKind ClassifyCue(std::string_view word);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_QUOTES_QUOTES_H_
