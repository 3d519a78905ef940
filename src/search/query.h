// The reader-facing query language and its compilation to FTS5 MATCH syntax.
//
// Syntax (implicit AND between clauses):
//   word             an article must contain the word (after analysis, so
//                    بالرقة finds الرقة)
//   "two words"      an exact phrase: the words' terms at consecutive
//                    positions; «...» and “...” quote too. An unclosed quote
//                    runs to the end of the query.
//   -word -"phrase"  exclusion
//   a OR b           either (only between two positive clauses; elsewhere
//                    "OR" is an ordinary word)
//   field:value      a filter, not a word: person:, place:, org:, topic:,
//                    source:, from:YYYY-MM-DD, to:YYYY-MM-DD; the value may
//                    be quoted (person:"اشتون كارتر"). A query may be
//                    filters only. An unknown field is an ordinary word.
// Everything else users type, FTS5 operators included (AND, NOT, NEAR, *, ^,
// :, parentheses), is an ordinary word: the compiled expression quotes every
// word, so the user can never reach FTS5's own syntax.
//
// Words are compiled as the user typed them, not as terms: FTS5 hands each
// quoted string to the index tokenizer in query mode, which analyzes it.
// Analyzing here as well would stem stems. The analyzer is consulted only to
// drop words that yield no term (pure punctuation), which FTS5 would
// otherwise turn into a phrase that matches nothing.
//
// All functions are pure and thread-safe. Input must be valid UTF-8
// (ParseQuery checks).
#ifndef KHABAR_SEARCH_QUERY_H_
#define KHABAR_SEARCH_QUERY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "text/analyzer.h"

namespace khabar::search {

// Hostile-input caps; beyond them a query is InvalidArgument.
inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr std::size_t kMaxQueryClauses = 64;

struct Clause {
  std::vector<std::string> words;  // one for a word, one or more for a phrase
  bool phrase = false;
  bool negated = false;
  // This clause and the next form "this OR next" (both positive).
  bool or_next = false;

  friend bool operator==(const Clause&, const Clause&) = default;
};

// Fields a filter may name (see the syntax above).
inline constexpr std::string_view kFilterFields[] = {
    "person", "place", "org", "topic", "source", "from", "to"};

struct FieldFilter {
  std::string field;  // one of kFilterFields
  std::string value;

  friend bool operator==(const FieldFilter&, const FieldFilter&) = default;
};

struct Query {
  std::vector<Clause> clauses;
  std::vector<FieldFilter> filters;
};

// Parses `text`. InvalidArgument for invalid UTF-8, more than kMaxQueryBytes
// bytes or more than kMaxQueryClauses clauses. An empty or blank query parses
// to no clauses (compiling it is the error).
Result<Query> ParseQuery(std::string_view text);

enum class MatchMode {
  kAllWords,  // every positive clause (OR groups count as one)
  kAnyWord,   // at least one positive clause; the relaxed fallback, and
              // known-item evaluation
};

struct CompiledQuery {
  std::string match;         // FTS5 MATCH expression; "" for filters only
  int positive_clauses = 0;  // kept positive clauses (after dropping empty)
};

// Builds the FTS5 expression: each word or phrase becomes one double-quoted
// FTS5 string (embedded '"' doubled), positives joined by AND (or OR in
// kAnyWord), exclusions appended with NOT. InvalidArgument("empty query")
// when no positive clause yields a term under `analyzer` and the query has
// no filter; with filters only, `match` is empty.
Result<CompiledQuery> CompileQuery(const Query& query,
                                   const text::Analyzer& analyzer,
                                   MatchMode mode);

// ParseQuery + CompileQuery.
Result<CompiledQuery> CompileQueryText(std::string_view text,
                                       const text::Analyzer& analyzer,
                                       MatchMode mode);

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_QUERY_H_
