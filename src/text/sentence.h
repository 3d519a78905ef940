// Sentence splitter for Arabic news text (mixed with Latin), by byte spans.
//
// Rules (one test each in sentence_test.cc):
//  - A sentence ends after a run of terminators . ! ? ؟ ۔ … and after any
//    closing quotes or brackets that follow the run right away ("... المقبلة."
//    ends after the quote).
//  - A line break (\n, \r, U+0085, U+2028, U+2029) always ends a sentence:
//    scraped news has one paragraph per line.
//  - Inside an open quotation (« », “ ”, or straight "), a terminator does
//    not end the sentence when the quotation closes later on the same line:
//    a quoted statement of several sentences stays with its speaker.
//  - A period is not a terminator when it follows a single-letter word
//    (U.S., J. Smith, د. for doctor, م., ص., ه.), a common Latin abbreviation
//    (Mr., Dr., Jan., Inc. ...), or when a digit or Latin letter follows it
//    directly (3.5, example.com).
// Spans are trimmed of whitespace and invisible controls; empty sentences
// are skipped. Input is assumed to be valid UTF-8. Thread-safe, pure.
#ifndef KHABAR_TEXT_SENTENCE_H_
#define KHABAR_TEXT_SENTENCE_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace khabar::text {

struct SentenceSpan {
  uint32_t begin = 0;  // byte offsets into the input
  uint32_t end = 0;

  std::string_view Text(std::string_view text) const {
    return text.substr(begin, end - begin);
  }
  friend bool operator==(const SentenceSpan&, const SentenceSpan&) = default;
};

std::vector<SentenceSpan> SplitSentences(std::string_view text);

}  // namespace khabar::text

#endif  // KHABAR_TEXT_SENTENCE_H_
