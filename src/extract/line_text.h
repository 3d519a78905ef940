// Private helpers of the extract layer: line splitting, trimming and the
// comparison key used to match lines against each other and against
// boilerplate phrases. Not part of the public API. The key is a small,
// line-level fold of its own rather than text::Normalizer, so that what
// counts as "the same line" here does not move when the search analyzer is
// tuned (see README.md).
//
// All functions are pure and thread-safe. Unless a comment says otherwise,
// inputs must be valid UTF-8 (check with text::ValidateUtf8 first).
#ifndef KHABAR_EXTRACT_LINE_TEXT_H_
#define KHABAR_EXTRACT_LINE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::extract::internal {

// Reasons in RawArticle::dropped shared by every extractor.
inline constexpr std::string_view kReasonEmpty = "empty";
inline constexpr std::string_view kReasonDuplicate = "duplicate line";

// Decodes the code point at `*pos` and advances `*pos` past it (a thin
// wrapper of text::DecodeUtf8). Precondition: `*pos < s.size()`.
char32_t NextCodePoint(std::string_view s, std::size_t* pos);

// True for Unicode white space (NBSP and the other space characters
// included) and for the invisible format marks that scrapes leave around
// Arabic text (ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM, bidi embeddings, BOM).
bool IsSpaceOrMark(char32_t c);

// `s` without leading and trailing IsSpaceOrMark characters.
std::string_view TrimSpace(std::string_view s);

// One physical line of an input.
struct LineRef {
  int number = 0;         // 1-based
  std::string_view text;  // without its line break; not trimmed
};

// Splits on "\r\n", "\n" and a lone "\r". A final line break does not start
// a new (empty) line; an empty input has no lines. Any bytes are accepted.
std::vector<LineRef> SplitLines(std::string_view s);

// The comparison key of a line: Arabic spelling variants folded
// (alef with hamza above/below, alef madda, alef wasla -> alef;
// alef maksura -> yeh; teh marbuta -> heh), harakat, superscript alef,
// combining hamza/madda and tatweel removed, Arabic-Indic digits -> ASCII,
// ASCII letters lowercased, format marks removed, runs of white space
// collapsed to one space, no space before ':', and trimmed. Lossy by design:
// it is used to compare lines, never shown to readers.
std::string MatchKey(std::string_view s);

// Number of space-separated words in a MatchKey.
int CountWords(std::string_view key);

// True when `s` (trimmed) ends, ignoring closing quotes and brackets, with
// sentence punctuation: . ! ? ؟ … : ; ؛ , ، ۔
bool EndsWithSentencePunctuation(std::string_view s);

// True when `s` (trimmed) ends, ignoring closing quotes and brackets, with a
// question or exclamation mark (which headlines may carry).
bool EndsWithQuestionOrExclamation(std::string_view s);

}  // namespace khabar::extract::internal

#endif  // KHABAR_EXTRACT_LINE_TEXT_H_
