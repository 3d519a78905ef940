// The Analyzer: the one chain that turns text into index terms, used by every
// index and every query so that documents and queries always agree.
//
// Chain (order matters; see analyzer.cc for why): tokenize the original text
// (byte offsets) -> per word: lossless normalization -> lossy folds (alef
// forms, alef maqsura, teh marbuta, hamza carriers, harakat, digits) ->
// clitic split + light stem (skipped for protected words) -> term.
//
// Input must be valid UTF-8 (validate once at the boundary with
// text::ValidateUtf8). An Analyzer is immutable after construction and safe
// to share between threads; AnalyzedText is a reusable per-thread buffer.
#ifndef KHABAR_TEXT_ANALYZER_H_
#define KHABAR_TEXT_ANALYZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace khabar::text {

enum class AnalyzerMode {
  kDocument,  // text being indexed
  kQuery,     // text of a query (the same terms; no colocated extras)
};

// One index term. `term_*` index AnalyzedText::terms_buffer; `begin`/`end`
// are byte offsets of the source token in the analyzed input, so highlights
// land on the original text.
struct TermRef {
  uint32_t term_begin = 0;
  uint32_t term_size = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t position = 0;  // ordinal of the source token among word tokens
};

// Output of Analyze(). Reuse one instance across calls: Clear() keeps the
// capacity, so steady-state analysis allocates nothing.
struct AnalyzedText {
  std::string terms_buffer;
  std::vector<TermRef> terms;

  void Clear() {
    terms_buffer.clear();
    terms.clear();
  }
  std::string_view Term(const TermRef& t) const {
    return std::string_view(terms_buffer).substr(t.term_begin, t.term_size);
  }
  std::string_view Term(std::size_t i) const { return Term(terms[i]); }
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;

  // A short stable name ("khabar", "snowball") used as the FTS5 tokenizer name.
  virtual std::string_view name() const = 0;
  // Bumped whenever the terms of some text change (a stemmer fix): a store
  // whose index was built with another revision rebuilds it (store/README).
  virtual int revision() const { return 0; }

  // Appends the terms of `text` to `out` (does not clear it).
  virtual void Analyze(std::string_view text, AnalyzerMode mode,
                       AnalyzedText* out) const = 0;
};

// Khabar's own chain: normalizer + clitic splitter + light stemmer with the
// built-in protected-words list.
std::unique_ptr<Analyzer> MakeKhabarAnalyzer();

// Baseline: same tokenizer and normalization, Snowball Arabic (libstemmer)
// instead of our stemmer. Kept for comparisons in eval and bench.
std::unique_ptr<Analyzer> MakeSnowballAnalyzer();

// Looks up an analyzer by name(); nullptr for an unknown name.
std::unique_ptr<Analyzer> MakeAnalyzerByName(std::string_view name);

// What the Khabar chain did with one token, for `khabar analyze --json` and
// for debugging relevance. Strings are copies; offsets index the input.
struct TokenDetail {
  TokenKind kind = TokenKind::kPunct;
  uint32_t begin = 0;  // byte offsets of the token in the input
  uint32_t end = 0;
  std::string surface;        // the token as written
  std::string normalized;     // after lossless normalization and lossy folds
  std::string prefix;         // proclitics split off (Arabic words only)
  std::string stem;           // the index term; empty for punctuation
  std::string suffix;         // enclitics and endings stripped
  bool is_protected = false;  // stem comes from the protected-words list
  bool indexed = false;       // the analyzer emits `stem` as a term
};

// Runs the Khabar chain over `text` and reports every token, punctuation
// included. The `stem` of indexed tokens equals the terms Analyze() emits,
// in the same order.
std::vector<TokenDetail> AnalyzeDetailed(std::string_view text);

}  // namespace khabar::text

#endif  // KHABAR_TEXT_ANALYZER_H_
