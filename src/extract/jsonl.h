// One record of the ANT corpus JSONL files -> RawArticle.
//
// A record is one JSON object per line with string fields id, label, docno,
// cat_tag, source, url, title, time, author, abstract, text and path (see
// shared/data/ant-corpus-*/PROVENANCE.md). Used fields: title, url, source,
// author, abstract, label, time (through ParseDateTime; an unreadable or
// empty time leaves published_at unset) and text, whose lines are the
// paragraphs. Other fields are ignored.
//
// Pure function; thread-safe. nlohmann::json stays inside jsonl.cc: its
// exceptions are caught there and become a Status.
#ifndef KHABAR_EXTRACT_JSONL_H_
#define KHABAR_EXTRACT_JSONL_H_

#include <string_view>

#include "base/status.h"
#include "extract/raw_article.h"

namespace khabar::extract {

// Parses one JSONL line (a trailing "\n" or "\r\n" is allowed). Paragraphs
// are the lines of "text", trimmed, in order, as given otherwise; empty and
// repeated lines are left out and listed in `dropped` with their 1-based
// line number within "text". String fields are trimmed.
//
// Errors (all InvalidArgument):
//   "invalid UTF-8 at byte N"             N counts from the start of `line`
//   "not a JSON object: <parser message>" not JSON, or JSON of another type
//   "field \"F\" is not a string"         a used field of the wrong type
//   "missing or empty \"text\""           no paragraph at all
Result<RawArticle> ParseJsonlRecord(std::string_view line);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_JSONL_H_
