#include "search/query.h"

#include <utility>

#include "text/utf8.h"

namespace khabar::search {
namespace {

constexpr char32_t kQuotationMark = 0x0022;     // "
constexpr char32_t kLeftGuillemet = 0x00AB;     // «
constexpr char32_t kRightGuillemet = 0x00BB;    // »
constexpr char32_t kLeftDoubleQuote = 0x201C;   // “
constexpr char32_t kRightDoubleQuote = 0x201D;  // ”
constexpr char32_t kDoubleLow9Quote = 0x201E;   // „
constexpr char32_t kNoBreakSpace = 0x00A0;
constexpr char32_t kArabicLetterMark = 0x061C;
constexpr char32_t kEnQuad = 0x2000;
constexpr char32_t kZeroWidthSpace = 0x200B;
constexpr char32_t kLeftToRightMark = 0x200E;
constexpr char32_t kRightToLeftMark = 0x200F;
constexpr char32_t kLineSeparator = 0x2028;
constexpr char32_t kParagraphSeparator = 0x2029;
constexpr char32_t kNarrowNoBreakSpace = 0x202F;
constexpr char32_t kIdeographicSpace = 0x3000;
constexpr char kExclusion = '-';
constexpr std::string_view kOrKeyword = "OR";

// Separators between words. Control characters count as space so that a
// NUL or newline can never reach the FTS5 expression. Bidi marks are
// included because they are invisible and often pasted around Arabic words.
bool IsQuerySpace(char32_t c) {
  return c < 0x20 || c == ' ' || c == 0x7F || c == kNoBreakSpace ||
         c == kArabicLetterMark || (c >= kEnQuad && c <= kZeroWidthSpace) ||
         c == kLeftToRightMark || c == kRightToLeftMark ||
         c == kLineSeparator || c == kParagraphSeparator ||
         c == kNarrowNoBreakSpace || c == kIdeographicSpace;
}

bool IsOpeningQuote(char32_t c) {
  return c == kQuotationMark || c == kLeftGuillemet || c == kRightGuillemet ||
         c == kLeftDoubleQuote || c == kRightDoubleQuote ||
         c == kDoubleLow9Quote;
}

// Quote pairs as found in Arabic and European text, including the mirrored
// guillemets (»...«) that RTL editors sometimes produce.
bool Closes(char32_t opener, char32_t c) {
  switch (opener) {
    case kQuotationMark:
      return c == kQuotationMark;
    case kLeftGuillemet:
      return c == kRightGuillemet;
    case kRightGuillemet:
      return c == kLeftGuillemet;
    default:  // “ ” „ close with either curly double quote
      return c == kLeftDoubleQuote || c == kRightDoubleQuote;
  }
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  size_t pos = 0;
  size_t start = std::string_view::npos;
  while (pos < text.size()) {
    const text::DecodedChar ch = text::DecodeUtf8(text, pos);
    if (IsQuerySpace(ch.code_point)) {
      if (start != std::string_view::npos) {
        words.emplace_back(text.substr(start, pos - start));
        start = std::string_view::npos;
      }
    } else if (start == std::string_view::npos) {
      start = pos;
    }
    pos += ch.length;
  }
  if (start != std::string_view::npos) words.emplace_back(text.substr(start));
  return words;
}

// One lexed item: a clause, or the OR keyword awaiting its neighbours.
struct Item {
  Clause clause;
  bool or_keyword = false;
};

Result<std::vector<Item>> Lex(std::string_view text) {
  std::vector<Item> items;
  size_t pos = 0;
  auto skip_space = [&] {
    while (pos < text.size()) {
      const text::DecodedChar ch = text::DecodeUtf8(text, pos);
      if (!IsQuerySpace(ch.code_point)) return;
      pos += ch.length;
    }
  };
  while (true) {
    skip_space();
    if (pos >= text.size()) return items;
    if (items.size() >= kMaxQueryClauses) {
      return Status::InvalidArgument("query has more than " +
                                     std::to_string(kMaxQueryClauses) +
                                     " words or phrases");
    }
    Item item;
    if (text[pos] == kExclusion && pos + 1 < text.size() &&
        !IsQuerySpace(text::DecodeUtf8(text, pos + 1).code_point)) {
      item.clause.negated = true;
      ++pos;
    }
    const text::DecodedChar first = text::DecodeUtf8(text, pos);
    if (IsOpeningQuote(first.code_point)) {
      pos += first.length;
      const size_t start = pos;
      size_t end = text.size();
      while (pos < text.size()) {
        const text::DecodedChar ch = text::DecodeUtf8(text, pos);
        if (Closes(first.code_point, ch.code_point)) {
          end = pos;
          pos += ch.length;
          break;
        }
        pos += ch.length;
      }
      item.clause.phrase = true;
      item.clause.words = SplitWords(text.substr(start, end - start));
      if (item.clause.words.empty()) continue;  // "" says nothing
    } else {
      const size_t start = pos;
      while (pos < text.size()) {
        const text::DecodedChar ch = text::DecodeUtf8(text, pos);
        if (IsQuerySpace(ch.code_point)) break;
        pos += ch.length;
        // field:"quoted value" — the word ends at the colon so the quote
        // opens a phrase, which ParseQuery joins back to the field.
        if (ch.code_point == ':' && pos < text.size() &&
            IsOpeningQuote(text::DecodeUtf8(text, pos).code_point)) {
          break;
        }
      }
      const std::string_view word = text.substr(start, pos - start);
      item.or_keyword = !item.clause.negated && word == kOrKeyword;
      item.clause.words.emplace_back(word);
    }
    items.push_back(std::move(item));
  }
}

// The analyzer's verdict on whether `word` yields any term. One buffer per
// thread: compiling a query allocates nothing for it in steady state.
bool HasTerms(std::string_view word, const text::Analyzer& analyzer) {
  thread_local text::AnalyzedText buffer;
  buffer.Clear();
  analyzer.Analyze(word, text::AnalyzerMode::kQuery, &buffer);
  return !buffer.terms.empty();
}

void AppendFtsString(const std::vector<std::string>& words, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out->push_back(' ');
    for (const char c : words[i]) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// Joins FTS5 operands with `op`, parenthesized when there is more than one
// so the result can be an operand itself.
std::string JoinOperands(const std::vector<std::string>& operands,
                         std::string_view op) {
  if (operands.size() == 1) return operands[0];
  std::string joined = "(";
  for (size_t i = 0; i < operands.size(); ++i) {
    if (i > 0) {
      joined += ' ';
      joined += op;
      joined += ' ';
    }
    joined += operands[i];
  }
  joined += ')';
  return joined;
}

}  // namespace

namespace {

// The known field `word` names ("person:" → "person"), or "".
std::string_view FilterField(std::string_view word) {
  const std::size_t colon = word.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view field = word.substr(0, colon);
  for (std::string_view known : kFilterFields) {
    if (field == known) return known;
  }
  return {};
}

// Moves `field:value` and `field:"quoted value"` clauses into filters.
void ExtractFilters(Query* query) {
  std::vector<Clause> kept;
  std::vector<Clause>& clauses = query->clauses;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    Clause& c = clauses[i];
    const std::string_view field =
        c.phrase || c.negated || c.or_next || c.words.size() != 1
            ? std::string_view()
            : FilterField(c.words[0]);
    if (field.empty()) {
      kept.push_back(std::move(c));
      continue;
    }
    std::string value = c.words[0].substr(field.size() + 1);
    if (value.empty() && i + 1 < clauses.size() && clauses[i + 1].phrase &&
        !clauses[i + 1].negated) {
      // field:"two words" lexes as the word "field:" and a phrase.
      for (const std::string& w : clauses[i + 1].words) {
        if (!value.empty()) value += ' ';
        value += w;
      }
      ++i;
    }
    if (value.empty()) {
      kept.push_back(std::move(c));
      continue;
    }
    query->filters.push_back({std::string(field), std::move(value)});
  }
  // An OR that pointed at a clause that became a filter no longer joins.
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (kept[i].or_next && (i + 1 == kept.size() || kept[i + 1].negated)) {
      kept[i].or_next = false;
    }
  }
  clauses = std::move(kept);
}

}  // namespace

Result<Query> ParseQuery(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("query longer than " +
                                   std::to_string(kMaxQueryBytes) + " bytes");
  }
  KHABAR_RETURN_IF_ERROR(text::ValidateUtf8(text).WithContext("query"));
  Result<std::vector<Item>> items = Lex(text);
  if (!items.ok()) return items.status();

  Query query;
  for (size_t i = 0; i < items->size(); ++i) {
    Item& item = (*items)[i];
    if (item.or_keyword) {
      const bool joins = !query.clauses.empty() &&
                         !query.clauses.back().negated &&
                         i + 1 < items->size() && !(*items)[i + 1].or_keyword &&
                         !(*items)[i + 1].clause.negated;
      if (joins) {
        query.clauses.back().or_next = true;
        continue;
      }
    }
    query.clauses.push_back(std::move(item.clause));
  }
  ExtractFilters(&query);
  return query;
}

Result<CompiledQuery> CompileQuery(const Query& query,
                                   const text::Analyzer& analyzer,
                                   MatchMode mode) {
  // Positive clauses linked by OR form one group; groups are ANDed.
  std::vector<std::vector<std::string>> groups;
  std::vector<std::string> exclusions;
  CompiledQuery compiled;
  bool group_open = false;
  for (const Clause& clause : query.clauses) {
    std::vector<std::string> words;
    for (const std::string& word : clause.words) {
      if (HasTerms(word, analyzer)) words.push_back(word);
    }
    if (clause.negated) {
      group_open = false;
      if (words.empty()) continue;
      std::string operand;
      AppendFtsString(words, &operand);
      exclusions.push_back(std::move(operand));
      continue;
    }
    if (!group_open) groups.emplace_back();
    group_open = clause.or_next;
    if (words.empty()) continue;
    std::string operand;
    AppendFtsString(words, &operand);
    groups.back().push_back(std::move(operand));
    ++compiled.positive_clauses;
  }
  if (compiled.positive_clauses == 0) {
    if (query.filters.empty()) return Status::InvalidArgument("empty query");
    if (!exclusions.empty()) {
      return Status::InvalidArgument("an exclusion needs at least one word");
    }
    return compiled;  // filters only
  }

  std::vector<std::string> operands;
  for (std::vector<std::string>& group : groups) {
    if (group.empty()) continue;
    if (mode == MatchMode::kAnyWord) {
      for (std::string& operand : group) operands.push_back(std::move(operand));
    } else {
      operands.push_back(JoinOperands(group, "OR"));
    }
  }
  // Parenthesized when compound, so NOT applies to the whole: FTS5's NOT
  // binds tighter than AND and OR.
  compiled.match =
      JoinOperands(operands, mode == MatchMode::kAnyWord ? "OR" : "AND");
  for (const std::string& exclusion : exclusions) {
    compiled.match += " NOT ";
    compiled.match += exclusion;
  }
  return compiled;
}

Result<CompiledQuery> CompileQueryText(std::string_view text,
                                       const text::Analyzer& analyzer,
                                       MatchMode mode) {
  Result<Query> query = ParseQuery(text);
  if (!query.ok()) return query.status();
  return CompileQuery(*query, analyzer, mode);
}

}  // namespace khabar::search
