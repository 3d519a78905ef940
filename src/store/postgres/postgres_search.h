// PostgresStore's full-text pieces, internal to the backend: the tsvector an
// article is indexed as, the translation of the search layer's FTS5
// expressions into tsquery text, and snippets. PostgreSQL has no Arabic
// analyzer, so every term comes from the store's IndexTokenizer and reaches
// the server as a literal cast to tsvector / tsquery (no server-side
// normalization). Pure functions; thread-safe.
#ifndef KHABAR_STORE_POSTGRES_POSTGRES_SEARCH_H_
#define KHABAR_STORE_POSTGRES_POSTGRES_SEARCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/index_tokenizer.h"

namespace khabar::store::pg {

// PostgreSQL's limits on a tsvector: positions run 1..16383 (larger ones
// are clamped), a lexeme keeps at most 256 positions and is shorter than
// 2048 bytes, and all lexemes together stay under 1 MiB.
inline constexpr int kMaxTsPosition = 16383;
inline constexpr int kMaxTsPositionsPerLexeme = 256;
inline constexpr std::size_t kMaxTsLexemeBytes = 2046;
inline constexpr std::size_t kMaxTsVectorBytes = 1000000;

// `term` as a quoted tsvector/tsquery lexeme: 'term', with ' and \ doubled.
std::string QuoteLexeme(std::string_view term);

// The tsvector literal of an article: title terms weighted A, body terms D
// (the default weight), colocated terms at their word's position, the body
// starting two positions after the title so no phrase spans both. Sets
// *tokens (if given) to the number of title and body tokens, colocated
// forms not counted (FTS5's row size, for ranking). Throws whatever the
// tokenizer throws.
std::string TsVectorLiteral(const IndexTokenizer& tokenizer,
                            std::string_view title, std::string_view body,
                            int64_t* tokens = nullptr);

// One phrase of a query: for each position, the alternative terms
// (colocated forms) any of which matches there.
using Phrase = std::vector<std::vector<std::string>>;

struct TsQuery {
  // tsquery text; "" when the expression can match nothing (a phrase
  // without any term).
  std::string text;
  // The phrases outside any NOT, whose occurrences a snippet highlights and
  // whose frequencies rank a match, and each one's tsquery text.
  std::vector<Phrase> phrases;
  std::vector<std::string> phrase_queries;
};

// Translates an FTS5 expression of the subset CompileQuery produces:
// "quoted strings" (doubled "" inside), barewords, AND, OR, NOT,
// parentheses, implicit AND by juxtaposition. NOT binds tightest, then AND,
// then OR (FTS5's precedence). InvalidArgument for anything else (NEAR,
// column filters, '*', '^', '+', unbalanced parentheses or quotes, a
// dangling operator). Throws whatever the tokenizer throws.
Result<TsQuery> TranslateMatch(std::string_view match,
                               const IndexTokenizer& tokenizer);

// FTS5's snippet() of `text`: the window of at most `tokens` tokens with the
// most distinct phrases (then the most matches), phrase occurrences wrapped
// in `open`/`close`, "…" where text was cut at either end. Without a match
// in `text`, its first `tokens` tokens.
std::string Snippet(std::string_view text, const std::vector<Phrase>& phrases,
                    const IndexTokenizer& tokenizer, int tokens,
                    std::string_view open, std::string_view close);

}  // namespace khabar::store::pg

#endif  // KHABAR_STORE_POSTGRES_POSTGRES_SEARCH_H_
