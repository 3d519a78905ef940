// Plain-text scrapes -> RawArticle.
//
// The input is what a scraper saved from a news page: one paragraph per
// line, the headline somewhere (often repeated, often at the end), and the
// site's boilerplate around the body (subscription and account pitches,
// share prompts, "read also" boxes, copyright, photo credits, ads), perhaps a
// byline and a dateline at the head. ExtractPlainText keeps the body
// paragraphs in order, takes the headline once as the title, and lists every
// line it left out, with its line number and the reason, in
// RawArticle::dropped. The rules, in the order they run, are in
// plain_text.cc and README.md; they are deterministic.
//
// Pure function; thread-safe; owns nothing it is given.
#ifndef KHABAR_EXTRACT_PLAIN_TEXT_H_
#define KHABAR_EXTRACT_PLAIN_TEXT_H_

#include <cstddef>
#include <string_view>

#include "base/status.h"
#include "extract/raw_article.h"

namespace khabar::extract {

struct PlainTextOptions {
  // A longer line is refused: a paragraph is a few kilobytes, so a line past
  // this is a minified blob or a wrong file, not an article.
  std::size_t max_line_bytes = 256 * 1024;
  // Boilerplate phrases are matched only on lines of at most this many words,
  // so a body paragraph that starts like a pitch is kept.
  int max_boilerplate_words = 12;
  // ...except in the runs of lines at the very head and tail of the text,
  // where site furniture lives and account pitches can be long.
  int max_edge_boilerplate_words = 30;
  // A headline has at most this many words.
  int max_title_words = 25;
};

// Extracts the article from `bytes`, a plain-text scrape in UTF-8 (a leading
// BOM is skipped; CRLF, LF and lone CR all end lines; a final line break is
// optional). Line numbers in `dropped` are 1-based physical lines of `bytes`.
//
// Errors (all InvalidArgument):
//   "empty article"                   nothing but white space
//   "binary data: ..."                NUL bytes or mostly control characters
//   "invalid UTF-8 at byte N"         N counts from the first byte of `bytes`
//   "line N is too long: ..."         a line past options.max_line_bytes
//   "no body text: ..."               every line was left out
Result<RawArticle> ExtractPlainText(std::string_view bytes,
                                    const PlainTextOptions& options = {});

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_PLAIN_TEXT_H_
