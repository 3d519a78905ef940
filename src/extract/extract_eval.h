// Scoring main-content extraction against gold text: the bag of tokens
// the extractor kept against the bag of gold tokens (the measure
// trafilatura's and CleanEval's comparisons use).
//
// Tokens: the text is split at white space and at punctuation (ASCII
// punctuation, Arabic ، ؛ ؟ ٪, « » “ ” ‘ ’, dashes, the ellipsis);
// what remains are the tokens, compared byte for byte (no case or
// spelling folding: the gold is the same text the page was built from).
// Overlap counts each token min(extracted, gold) times.
//
// Pure functions, thread-safe; EvaluateExtractDir reads files.
#ifndef KHABAR_EXTRACT_EXTRACT_EVAL_H_
#define KHABAR_EXTRACT_EXTRACT_EVAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace khabar::extract {

struct TokenOverlap {
  int64_t extracted = 0;  // tokens the extractor produced
  int64_t gold = 0;       // tokens in the gold text
  int64_t overlap = 0;    // tokens in both (as a multiset)

  double Precision() const;  // 1 when nothing was extracted and gold is empty
  double Recall() const;
  double F1() const;
  TokenOverlap& operator+=(const TokenOverlap& other);
};

// The tokens of `text`, in order.
std::vector<std::string> EvalTokens(std::string_view text);

// Token overlap of the extracted paragraphs against the gold paragraphs.
TokenOverlap CompareParagraphs(const std::vector<std::string>& extracted,
                               const std::vector<std::string>& gold);

// A gold file's paragraphs: blocks separated by blank lines, lines inside a
// block joined by a space, trimmed.
std::vector<std::string> GoldParagraphs(std::string_view text);

// One page of an evaluation folder.
struct ExtractEvalPage {
  std::string name;   // file name without ".html"
  std::string group;  // the name up to the first '-' or '_'
  TokenOverlap score;
  std::string error;  // the extractor's error, if it failed (score: 0 kept)
};

struct ExtractEvalGroup {
  std::string group;
  int pages = 0;
  TokenOverlap score;  // micro: summed counts
};

struct ExtractEvalReport {
  std::vector<ExtractEvalPage> pages;    // sorted by name
  std::vector<ExtractEvalGroup> groups;  // sorted by group
  TokenOverlap overall;
};

// Extracts every DIR/NAME.html that has a DIR/NAME.gold.txt or
// DIR/NAME.expected.txt beside it and scores it. NotFound when `dir` is
// not a folder; InvalidArgument when it holds no scored page.
Result<ExtractEvalReport> EvaluateExtractDir(const std::string& dir);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_EXTRACT_EVAL_H_
