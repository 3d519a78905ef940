// RawArticle: what every extractor (plain text, JSONL, later HTML and feeds)
// recovers from its input, before any language understanding.
#ifndef KHABAR_EXTRACT_RAW_ARTICLE_H_
#define KHABAR_EXTRACT_RAW_ARTICLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"

namespace khabar::extract {

// A line of the input that the extractor left out of the article, and why.
struct DroppedLine {
  int line = 0;         // 1-based line number in the input
  std::string text;     // the line as it was (trimmed)
  std::string reason;   // e.g. "repeated headline", "boilerplate: subscription"
};

struct RawArticle {
  std::string title;
  std::vector<std::string> paragraphs;
  std::optional<UnixSeconds> published_at;
  std::string author;
  std::string url;
  std::string source;     // outlet name, e.g. "BBC"
  std::string lang = "ar";
  std::string abstract;   // a summary given by the source, if any
  std::string label;      // a section label given by the source, if any
  std::vector<DroppedLine> dropped;
};

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_RAW_ARTICLE_H_
