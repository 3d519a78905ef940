// PostgresStore::Search and its full-text pieces (postgres_search.h): the
// article's tsvector, FTS5 expression → tsquery, FTS5-style snippets.
#include "store/postgres/postgres_search.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"

namespace khabar::store {
namespace pg {

std::string QuoteLexeme(std::string_view term) {
  std::string out;
  out.reserve(term.size() + 2);
  out += '\'';
  for (char c : term) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
  return out;
}

namespace {

// One lexeme's positions, in order, each with its weight (A or D).
struct Occurrences {
  std::vector<std::pair<int, char>> positions;
};

// Adds the terms of `text` at positions from `*next` on; returns nothing,
// leaves *next one past the last position used.
void AddTerms(const IndexTokenizer& tokenizer, std::string_view text,
              char weight, int* next,
              std::map<std::string, Occurrences>* lexemes) {
  int position = *next - 1;
  tokenizer.TokenizePositioned(
      text, /*is_query=*/false,
      [&](std::string_view term, uint32_t, uint32_t, bool colocated) {
        if (!colocated || position < *next) ++position;
        // A NUL cannot reach the server in text; such a term is dropped.
        if (term.empty() || term.size() > kMaxTsLexemeBytes ||
            term.find('\0') != std::string_view::npos) {
          return true;
        }
        const int clamped = std::min(position, kMaxTsPosition);
        auto& positions = (*lexemes)[std::string(term)].positions;
        if (!positions.empty() && positions.back().first == clamped) {
          return true;  // colocated duplicates, or past the cap
        }
        if (static_cast<int>(positions.size()) < kMaxTsPositionsPerLexeme) {
          positions.emplace_back(clamped, weight);
        }
        return true;
      });
  *next = position + 1;
}

}  // namespace

std::string TsVectorLiteral(const IndexTokenizer& tokenizer,
                            std::string_view title, std::string_view body,
                            int64_t* tokens) {
  std::map<std::string, Occurrences> lexemes;
  int next = 1;
  AddTerms(tokenizer, title, 'A', &next, &lexemes);
  const int title_tokens = next - 1;
  next += 1;  // a gap: no phrase spans the end of the title and the body
  const int body_start = next;
  AddTerms(tokenizer, body, 'D', &next, &lexemes);
  if (tokens != nullptr) *tokens = title_tokens + (next - body_start);
  std::string out;
  std::size_t lexeme_bytes = 0;
  for (const auto& [term, occurrences] : lexemes) {
    // PostgreSQL refuses a tsvector whose lexemes exceed 1 MiB in all; a
    // body that large keeps its first distinct terms (in term order).
    lexeme_bytes += term.size();
    if (lexeme_bytes > kMaxTsVectorBytes) break;
    if (!out.empty()) out += ' ';
    out += QuoteLexeme(term);
    char separator = ':';
    for (const auto& [position, weight] : occurrences.positions) {
      out += separator;
      out += std::to_string(position);
      if (weight != 'D') out += weight;
      separator = ',';
    }
  }
  return out;
}

// --- FTS5 expression → tsquery ---------------------------------------------

namespace {

enum class TokenKind { kString, kWord, kAnd, kOr, kNot, kOpen, kClose };

struct Token {
  TokenKind kind;
  std::string text;  // the string's or word's text
};

bool IsBarewordByte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_' || c == 0x1a;
}

bool IsFtsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

Status Malformed(std::string_view why) {
  std::string message = "malformed full-text query: ";
  message += why;
  return Status::InvalidArgument(message);
}

Result<std::vector<Token>> Lex(std::string_view match) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < match.size()) {
    const char c = match[i];
    if (IsFtsSpace(c)) {
      ++i;
    } else if (c == '(') {
      tokens.push_back({TokenKind::kOpen, ""});
      ++i;
    } else if (c == ')') {
      tokens.push_back({TokenKind::kClose, ""});
      ++i;
    } else if (c == '"') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < match.size()) {
        if (match[i] == '"') {
          if (i + 1 < match.size() && match[i + 1] == '"') {
            text += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        text += match[i++];
      }
      if (!closed) return Malformed("unterminated string");
      tokens.push_back({TokenKind::kString, std::move(text)});
    } else if (IsBarewordByte(static_cast<unsigned char>(c))) {
      const std::size_t start = i;
      while (i < match.size() &&
             IsBarewordByte(static_cast<unsigned char>(match[i]))) {
        ++i;
      }
      std::string word(match.substr(start, i - start));
      if (word == "AND") {
        tokens.push_back({TokenKind::kAnd, ""});
      } else if (word == "OR") {
        tokens.push_back({TokenKind::kOr, ""});
      } else if (word == "NOT") {
        tokens.push_back({TokenKind::kNot, ""});
      } else {
        std::size_t j = i;
        while (j < match.size() && IsFtsSpace(match[j])) ++j;
        if (word == "NEAR" && j < match.size() && match[j] == '(') {
          return Malformed("NEAR() is not supported");
        }
        tokens.push_back({TokenKind::kWord, std::move(word)});
      }
    } else {
      std::string why = "unsupported character '";
      why += c;
      why += '\'';
      return Malformed(why);
    }
  }
  return tokens;
}

// A node of the parsed expression. kNothing is a phrase without terms (or
// what it makes of its parents): it matches no row.
struct Node {
  enum Kind { kPhrase, kAnd, kOr, kNot, kNothing } kind;
  Phrase phrase;
  std::unique_ptr<Node> left, right;
};

using NodePtr = std::unique_ptr<Node>;

NodePtr MakeNode(Node::Kind kind, NodePtr left = nullptr,
                 NodePtr right = nullptr) {
  auto node = std::make_unique<Node>();
  node->kind = kind;
  node->left = std::move(left);
  node->right = std::move(right);
  return node;
}

// Combines two operands, folding kNothing away (FTS5 semantics: a phrase
// that matches nothing makes an AND match nothing and drops out of an OR
// or from the right of a NOT).
NodePtr Combine(Node::Kind kind, NodePtr left, NodePtr right) {
  const bool left_nothing = left->kind == Node::kNothing;
  const bool right_nothing = right->kind == Node::kNothing;
  switch (kind) {
    case Node::kAnd:
      if (left_nothing) return left;
      if (right_nothing) return right;
      break;
    case Node::kOr:
      if (left_nothing) return right;
      if (right_nothing) return left;
      break;
    case Node::kNot:
      if (left_nothing || right_nothing) return left;
      break;
    default:
      break;
  }
  return MakeNode(kind, std::move(left), std::move(right));
}

// Recursive descent over FTS5's precedence: OR < AND < NOT < juxtaposition.
class Parser {
 public:
  Parser(const std::vector<Token>& tokens, const IndexTokenizer& tokenizer)
      : tokens_(tokens), tokenizer_(tokenizer) {}

  Result<NodePtr> Parse() {
    if (tokens_.empty()) return Malformed("empty expression");
    KHABAR_ASSIGN_OR_RETURN(NodePtr node, ParseOr(0));
    if (next_ < tokens_.size()) return Malformed("unexpected ')'");
    return node;
  }

 private:
  static constexpr int kMaxDepth = 64;

  bool Peek(TokenKind kind) const {
    return next_ < tokens_.size() && tokens_[next_].kind == kind;
  }

  Result<NodePtr> ParseOr(int depth) {
    KHABAR_ASSIGN_OR_RETURN(NodePtr left, ParseAnd(depth));
    while (Peek(TokenKind::kOr)) {
      ++next_;
      KHABAR_ASSIGN_OR_RETURN(NodePtr right, ParseAnd(depth));
      left = Combine(Node::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  Result<NodePtr> ParseAnd(int depth) {
    KHABAR_ASSIGN_OR_RETURN(NodePtr left, ParseNot(depth));
    while (Peek(TokenKind::kAnd)) {
      ++next_;
      KHABAR_ASSIGN_OR_RETURN(NodePtr right, ParseNot(depth));
      left = Combine(Node::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  Result<NodePtr> ParseNot(int depth) {
    KHABAR_ASSIGN_OR_RETURN(NodePtr left, ParseSequence(depth));
    while (Peek(TokenKind::kNot)) {
      ++next_;
      KHABAR_ASSIGN_OR_RETURN(NodePtr right, ParseSequence(depth));
      left = Combine(Node::kNot, std::move(left), std::move(right));
    }
    return left;
  }

  bool StartsPrimary() const {
    return Peek(TokenKind::kString) || Peek(TokenKind::kWord) ||
           Peek(TokenKind::kOpen);
  }

  // Phrases side by side: an implicit AND.
  Result<NodePtr> ParseSequence(int depth) {
    KHABAR_ASSIGN_OR_RETURN(NodePtr left, ParsePrimary(depth));
    while (StartsPrimary()) {
      KHABAR_ASSIGN_OR_RETURN(NodePtr right, ParsePrimary(depth));
      left = Combine(Node::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  Result<NodePtr> ParsePrimary(int depth) {
    if (next_ >= tokens_.size()) return Malformed("expression ends early");
    const Token& token = tokens_[next_];
    switch (token.kind) {
      case TokenKind::kOpen: {
        if (depth >= kMaxDepth) return Malformed("nested too deeply");
        ++next_;
        KHABAR_ASSIGN_OR_RETURN(NodePtr inner, ParseOr(depth + 1));
        if (!Peek(TokenKind::kClose)) return Malformed("missing ')'");
        ++next_;
        return inner;
      }
      case TokenKind::kString:
      case TokenKind::kWord: {
        ++next_;
        return PhraseNode(token.text);
      }
      default:
        return Malformed("operator without an operand");
    }
  }

  NodePtr PhraseNode(const std::string& text) {
    Phrase phrase;
    tokenizer_.TokenizePositioned(
        text, /*is_query=*/true,
        [&](std::string_view term, uint32_t, uint32_t, bool colocated) {
          if (term.empty() || term.size() > kMaxTsLexemeBytes ||
              term.find('\0') != std::string_view::npos) {
            return true;
          }
          if (!colocated || phrase.empty()) phrase.emplace_back();
          std::vector<std::string>& forms = phrase.back();
          if (std::find(forms.begin(), forms.end(), term) == forms.end()) {
            forms.emplace_back(term);
          }
          return true;
        });
    // A position whose every term was dropped breaks the phrase.
    if (phrase.empty()) return MakeNode(Node::kNothing);
    auto node = MakeNode(Node::kPhrase);
    node->phrase = std::move(phrase);
    return node;
  }

  const std::vector<Token>& tokens_;
  const IndexTokenizer& tokenizer_;
  std::size_t next_ = 0;
};

void AppendPhrase(const Phrase& phrase, std::string* out) {
  if (phrase.size() > 1) *out += '(';
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    if (i > 0) *out += " <-> ";
    const std::vector<std::string>& forms = phrase[i];
    if (forms.size() > 1) *out += '(';
    for (std::size_t j = 0; j < forms.size(); ++j) {
      if (j > 0) *out += " | ";
      *out += QuoteLexeme(forms[j]);
    }
    if (forms.size() > 1) *out += ')';
  }
  if (phrase.size() > 1) *out += ')';
}

void AppendTsQuery(const Node& node, bool negated, TsQuery* out) {
  switch (node.kind) {
    case Node::kPhrase:
      AppendPhrase(node.phrase, &out->text);
      if (!negated) {
        out->phrases.push_back(node.phrase);
        out->phrase_queries.emplace_back();
        AppendPhrase(node.phrase, &out->phrase_queries.back());
      }
      return;
    case Node::kAnd:
    case Node::kOr:
    case Node::kNot:
      out->text += '(';
      AppendTsQuery(*node.left, negated, out);
      out->text += node.kind == Node::kAnd  ? " & "
                   : node.kind == Node::kOr ? " | "
                                            : " & !";
      AppendTsQuery(*node.right, negated || node.kind == Node::kNot, out);
      out->text += ')';
      return;
    case Node::kNothing:
      return;
  }
}

}  // namespace

Result<TsQuery> TranslateMatch(std::string_view match,
                               const IndexTokenizer& tokenizer) {
  KHABAR_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(match));
  Parser parser(tokens, tokenizer);
  KHABAR_ASSIGN_OR_RETURN(NodePtr root, parser.Parse());
  TsQuery query;
  if (root->kind != Node::kNothing) AppendTsQuery(*root, false, &query);
  return query;
}

// --- Snippets (FTS5's snippet(), sqlite/ext/fts5/fts5_aux.c) ---------------

namespace {

struct TextToken {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::vector<std::string> terms;  // the term and its colocated forms
};

struct Instance {
  int phrase = 0;
  int start = 0;  // token index
  int size = 0;   // tokens
};

bool MatchesAt(const std::vector<TextToken>& tokens, const Phrase& phrase,
               std::size_t at) {
  if (at + phrase.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    const std::vector<std::string>& terms = tokens[at + k].terms;
    bool any = false;
    for (const std::string& form : phrase[k]) {
      if (std::find(terms.begin(), terms.end(), form) != terms.end()) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

// fts5SnippetScore: 1000 for each distinct phrase in [start, start+n), 1
// for each repeat; *adjusted centres the window on the matches found.
int WindowScore(const std::vector<Instance>& instances, int phrases,
                int doc_size, int start, int n, int* adjusted) {
  std::vector<bool> seen(phrases, false);
  int score = 0;
  int first = -1;
  int last = 0;
  for (const Instance& inst : instances) {
    if (inst.start < start || inst.start >= start + n) continue;
    score += seen[inst.phrase] ? 1 : 1000;
    seen[inst.phrase] = true;
    if (first < 0) first = inst.start;
    last = inst.start + inst.size;
  }
  if (adjusted != nullptr) {
    int adj = first - (n - (last - first)) / 2;
    if (adj + n > doc_size) adj = doc_size - n;
    if (adj < 0) adj = 0;
    *adjusted = adj;
  }
  return score;
}

// Token indexes that start a sentence: the first, and any after '.' or ':'
// (and some space).
std::vector<int> SentenceStarts(std::string_view text,
                                const std::vector<TextToken>& tokens) {
  std::vector<int> starts;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (t == 0) {
      starts.push_back(0);
      continue;
    }
    int64_t i = static_cast<int64_t>(tokens[t].begin) - 1;
    char c = 0;
    for (; i >= 0; --i) {
      c = text[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    }
    if (i != static_cast<int64_t>(tokens[t].begin) - 1 &&
        (c == '.' || c == ':')) {
      starts.push_back(static_cast<int>(t));
    }
  }
  return starts;
}

}  // namespace

std::string Snippet(std::string_view text, const std::vector<Phrase>& phrases,
                    const IndexTokenizer& tokenizer, int n,
                    std::string_view open, std::string_view close) {
  std::vector<TextToken> tokens;
  tokenizer.TokenizePositioned(
      text, /*is_query=*/false,
      [&](std::string_view term, uint32_t begin, uint32_t end,
          bool colocated) {
        if (!colocated || tokens.empty()) tokens.push_back({begin, end, {}});
        tokens.back().terms.emplace_back(term);
        return true;
      });
  const int doc_size = static_cast<int>(tokens.size());
  std::vector<Instance> instances;
  for (int t = 0; t < doc_size; ++t) {
    for (std::size_t p = 0; p < phrases.size(); ++p) {
      if (!phrases[p].empty() && MatchesAt(tokens, phrases[p], t)) {
        instances.push_back({static_cast<int>(p), t,
                             static_cast<int>(phrases[p].size())});
      }
    }
  }
  const int phrase_count = static_cast<int>(phrases.size());
  // Choose the window.
  int best_score = 0;
  int best_start = 0;
  const std::vector<int> sentences = SentenceStarts(text, tokens);
  for (const Instance& inst : instances) {
    int adjusted = 0;
    int score =
        WindowScore(instances, phrase_count, doc_size, inst.start, n, &adjusted);
    if (score > best_score) {
      best_score = score;
      best_start = adjusted;
    }
    if (!sentences.empty() && doc_size > n) {
      std::size_t j = 0;
      for (; j + 1 < sentences.size(); ++j) {
        if (sentences[j + 1] > inst.start) break;
      }
      if (sentences[j] < inst.start) {
        score = WindowScore(instances, phrase_count, doc_size, sentences[j], n,
                            nullptr);
        score += sentences[j] == 0 ? 120 : 100;
        if (score > best_score) {
          best_score = score;
          best_start = sentences[j];
        }
      }
    }
  }
  // Write it out as fts5HighlightCb does: coalesced overlapping instances
  // inside one pair of markers, text between tokens kept as it is.
  std::size_t next_instance = 0;
  int iter_start = -1;
  int iter_end = -1;
  auto advance = [&] {
    iter_start = -1;
    iter_end = -1;
    while (next_instance < instances.size()) {
      const Instance& inst = instances[next_instance];
      const int end = inst.start + inst.size - 1;
      if (iter_start < 0) {
        iter_start = inst.start;
        iter_end = end;
      } else if (inst.start <= iter_end) {
        iter_end = std::max(iter_end, end);
      } else {
        break;
      }
      ++next_instance;
    }
  };
  advance();
  const int range_start = best_start;
  const int range_end = best_start + n - 1;
  std::string out;
  if (best_start > 0) out += "…";
  while (iter_start >= 0 && iter_start < range_start) advance();
  std::size_t offset = 0;
  bool is_open = false;
  auto copy_to = [&](std::size_t to) {
    if (to > offset) out.append(text.substr(offset, to - offset));
    offset = std::max(offset, to);
  };
  for (int pos = 0; pos < doc_size; ++pos) {
    if (pos < range_start || pos > range_end) continue;
    const std::size_t start_off = tokens[pos].begin;
    const std::size_t end_off = tokens[pos].end;
    if (range_start > 0 && pos == range_start) offset = start_off;
    if (is_open && (pos <= iter_start || iter_start < 0) &&
        start_off > offset) {
      out += close;
      is_open = false;
    }
    if (pos == iter_start && !is_open) {
      copy_to(start_off);
      out += open;
      is_open = true;
    }
    if (pos == iter_end) {
      if (!is_open) {
        out += open;
        is_open = true;
      }
      copy_to(end_off);
      advance();
    }
    if (pos == range_end) {
      if (is_open) {
        if (iter_start >= 0 && pos >= iter_start) copy_to(end_off);
        out += close;
        is_open = false;
      }
      copy_to(end_off);
    }
  }
  if (is_open) out += close;
  if (range_end >= doc_size - 1) {
    copy_to(text.size());
  } else {
    out += "…";
  }
  return out;
}

}  // namespace pg

// --- PostgresStore::Search --------------------------------------------------

namespace {

using pg::Connection;
using pg::Params;

Status ValidateSearchLimit(int limit, int offset) {
  if (limit < 0 || limit > kMaxSearchLimit) {
    std::string message = "limit must be in [0, ";
    message += std::to_string(kMaxSearchLimit);
    message += ']';
    return Status::InvalidArgument(message);
  }
  if (offset < 0) return Status::InvalidArgument("offset must be >= 0");
  return Status::Ok();
}

// The filters as " AND ..." clauses over `article a`, every value a
// parameter (nothing user-typed reaches the SQL text). Same meaning as
// SqliteStore's BuildFilterSql.
class FilterSql {
 public:
  explicit FilterSql(int first_param) : next_(first_param) {}

  void Add(const SearchFilters& filters) {
    for (const auto& [type, key] : filters.entities) {
      // The filter's words must appear in the key as whole words, so that
      // person:كارتر finds اشتون كارتر; strpos() needs no escaping.
      where_ +=
          " AND a.id IN (SELECT m.article_id FROM mention m JOIN entity e ON "
          "e.id = m.entity_id WHERE e.type = ";
      where_ += Text(type);
      where_ += " AND strpos(' ' || e.key || ' ', ' ' || ";
      where_ += Text(key);
      where_ += "::text || ' ') > 0)";
    }
    if (!filters.topic.empty()) {
      where_ += " AND a.topic = ";
      where_ += Text(filters.topic);
    }
    if (!filters.source.empty()) {
      where_ += " AND a.source_id = (SELECT id FROM source WHERE name = ";
      where_ += Text(filters.source);
      where_ += ')';
    }
    if (filters.from || filters.to) {
      where_ += " AND coalesce(a.published_at, a.ingested_at) BETWEEN ";
      where_ += Int(filters.from.value_or(INT64_MIN));
      where_ += " AND ";
      where_ += Int(filters.to.value_or(INT64_MAX));
    }
    if (filters.saved_by != 0) {
      where_ += " AND a.id IN (SELECT article_id FROM saved WHERE user_id = ";
      where_ += Int(filters.saved_by);
      where_ += ')';
    }
  }

  std::string Text(std::string_view value) {
    params_.Text(value);
    return Placeholder();
  }
  std::string Int(int64_t value) {
    params_.Int(value);
    return Placeholder();
  }

  const std::string& where() const { return where_; }
  const Params& params() const { return params_; }

 private:
  std::string Placeholder() {
    std::string p = "$";
    p += std::to_string(next_++);
    return p;
  }

  int next_;
  std::string where_;
  Params params_;
};

// The first words of the body, for listings that have no match to show
// (SqliteStore's Lead()).
std::string Lead(const std::string& body) {
  constexpr std::size_t kLeadBytes = 240;
  std::size_t end = body.find('\n');
  if (end == std::string::npos) end = body.size();
  if (end <= kLeadBytes) return body.substr(0, end);
  std::size_t cut = body.rfind(' ', kLeadBytes);
  if (cut == std::string::npos || cut == 0) cut = kLeadBytes;
  while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string lead = body.substr(0, cut);
  lead += "…";
  return lead;
}

// ts_rank_cd's weights, {D, C, B, A}: body terms are D, title terms A.
std::string RankWeights() {
  std::string weights = "'{";
  weights +=
      std::to_string(PostgresStore::kBodyWeight / PostgresStore::kTitleWeight);
  weights += ", 0, 0, 1}'";
  return weights;
}

// Past this many distinct phrases a match is ranked by one ts_rank_cd over
// the whole query instead of BM25 (each phrase costs a pass over the row).
constexpr std::size_t kMaxRankedPhrases = 16;

// The ranked page query of a match, FTS5's bm25() as closely as a tsvector
// allows: for each phrase p, with f = kTitleWeight * (title occurrences) +
// kBodyWeight * (body occurrences) (ts_rank_cd with weights and no
// normalization sums exactly that, divided by kTitleWeight),
//   idf(p) * f * (k1 + 1) / (f + k1 * (1 - b + b * len / avglen))
// summed over phrases, k1 = 1.2, b = 0.75; len is the row's tokens
// (article.fts_length), N and avglen come from the insert counters
// (khabar_article_version). One approximation: a phrase's document
// frequency is counted among the matches (exact for OR queries, where idf
// matters most; for AND queries every phrase gets the same idf).
// Parameters from `first` on are the phrases' tsquery texts.
std::string Bm25Select(const std::vector<std::string>& phrases, int first,
                       const std::string& from_where,
                       const std::string& limits) {
  const std::string weights = RankWeights();
  std::string m = "WITH m AS (SELECT a.id, a.fts_length::float8 AS len";
  std::string s =
      "s AS (SELECT greatest(c.tokens / greatest(c.articles, 1), 1) AS "
      "avglen, c.articles AS n";
  std::string score;
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    std::string f = "f";
    f += std::to_string(i);
    std::string d = "d";
    d += std::to_string(i);
    m += ", ";
    m += std::to_string(PostgresStore::kTitleWeight);
    m += " * ts_rank_cd(";
    m += weights;
    m += ", a.fts, $";
    m += std::to_string(first + static_cast<int>(i));
    m += "::tsquery, 0)::float8 AS ";
    m += f;
    s += ", count(*) FILTER (WHERE m.";
    s += f;
    s += " > 0)::float8 AS ";
    s += d;
    if (i > 0) score += " + ";
    score += "greatest(ln(greatest((s.n - s.";
    score += d;
    score += " + 0.5) / (s.";
    score += d;
    score += " + 0.5), 1e-9)), 1e-6) * m.";
    score += f;
    score += " * 2.2 / (m.";
    score += f;
    score += " + 1.2 * (0.25 + 0.75 * m.len / s.avglen))";
  }
  m += from_where;
  m += "), ";
  s += " FROM m, (SELECT coalesce(sum(articles), 0)::float8 AS articles, "
       "coalesce(sum(tokens), 0)::float8 AS tokens FROM "
       "khabar_article_version) c GROUP BY c.articles, c.tokens) ";
  std::string sql = m;
  sql += s;
  sql += "SELECT a.id, r.score, a.title, a.body FROM (SELECT m.id, (";
  sql += score;
  sql += ") AS score FROM m, s ORDER BY score DESC, m.id DESC";
  sql += limits;
  sql += ") r JOIN article a ON a.id = r.id ORDER BY r.score DESC, r.id DESC";
  return sql;
}

// PostgreSQL's text cannot hold NUL, and a parameter would end at one.
Status RefuseNul(const FtsQuery& query) {
  auto has_nul = [](std::string_view s) {
    return s.find('\0') != std::string_view::npos;
  };
  bool nul = has_nul(query.match) || has_nul(query.filters.topic) ||
             has_nul(query.filters.source);
  for (const auto& [type, key] : query.filters.entities) {
    nul = nul || has_nul(type) || has_nul(key);
  }
  if (nul) return Status::InvalidArgument("query contains a NUL byte");
  return Status::Ok();
}

// The two statements of one search: the total, and the page (id, score,
// title, body), newest first without a match.
struct SearchSql {
  std::string count;
  Params count_params;
  std::string page;
  Params page_params;
};

SearchSql BuildSearchSql(const FtsQuery& query, const pg::TsQuery& ts) {
  const bool has_match = !query.match.empty();
  SearchSql sql;
  // $1 is the tsquery when there is one; the filters follow.
  FilterSql filters(has_match ? 2 : 1);
  filters.Add(query.filters);
  if (has_match) sql.count_params.Text(ts.text);
  for (const auto& value : filters.params().values()) {
    if (value) {
      sql.count_params.Text(*value);
    } else {
      sql.count_params.Null();
    }
  }
  std::string from_where = " FROM article a WHERE ";
  from_where += has_match ? "a.fts @@ $1::tsquery" : "true";
  from_where += filters.where();
  sql.count = "SELECT count(*)";
  sql.count += from_where;

  sql.page_params = sql.count_params;
  // Distinct phrases rank; a repeated one counts once (FTS5 would count it
  // twice, a difference only for odd queries).
  std::vector<std::string> ranked;
  for (const std::string& phrase : ts.phrase_queries) {
    if (std::find(ranked.begin(), ranked.end(), phrase) == ranked.end()) {
      ranked.push_back(phrase);
    }
  }
  const bool bm25 =
      has_match && !ranked.empty() && ranked.size() <= kMaxRankedPhrases;
  const int first_phrase =
      static_cast<int>(sql.page_params.values().size()) + 1;
  if (bm25) {
    for (const std::string& phrase : ranked) sql.page_params.Text(phrase);
  }
  const int next = static_cast<int>(sql.page_params.values().size()) + 1;
  std::string limits = " LIMIT $";
  limits += std::to_string(next);
  limits += " OFFSET $";
  limits += std::to_string(next + 1);
  sql.page_params.Int(query.limit).Int(query.offset);
  if (bm25) {
    sql.page = Bm25Select(ranked, first_phrase, from_where, limits);
  } else if (has_match) {
    sql.page = "SELECT a.id, r.rank, a.title, a.body FROM (SELECT a.id, "
               "ts_rank_cd(";
    sql.page += RankWeights();
    sql.page += ", a.fts, $1::tsquery, 1) AS rank";
    sql.page += from_where;
    sql.page += " ORDER BY rank DESC, a.id DESC";
    sql.page += limits;
    sql.page += ") r JOIN article a ON a.id = r.id ORDER BY r.rank DESC, "
                "r.id DESC";
  } else {
    // Sort ids only, then read the page's titles and bodies.
    sql.page = "SELECT a.id, 0, a.title, a.body FROM article a JOIN (SELECT "
               "a.id AS id, coalesce(a.published_at, a.ingested_at) AS t";
    sql.page += from_where;
    sql.page += " ORDER BY t DESC, a.id DESC";
    sql.page += limits;
    sql.page += ") page ON a.id = page.id ORDER BY page.t DESC, page.id DESC";
  }
  return sql;
}

}  // namespace

Result<SearchPage> PostgresStore::Search(const FtsQuery& query) {
  KHABAR_RETURN_IF_ERROR(ValidateSearchLimit(query.limit, query.offset));
  if (!IsValidUtf8(query.match)) {
    return Status::InvalidArgument("query is not valid UTF-8");
  }
  KHABAR_RETURN_IF_ERROR(RefuseNul(query));
  const bool has_match = !query.match.empty();
  pg::TsQuery ts;
  if (has_match) {
    try {
      KHABAR_ASSIGN_OR_RETURN(ts, pg::TranslateMatch(query.match, tokenizer()));
    } catch (const std::exception& e) {
      std::string message = "analyzing the query: ";
      message += e.what();
      return Status::Internal(message);
    }
    if (ts.text.empty()) return SearchPage{};  // a phrase without terms
  }
  const SearchSql sql = BuildSearchSql(query, ts);

  auto search = [&]() -> Result<SearchPage> {
    SearchPage page;
    KHABAR_ASSIGN_OR_RETURN(pqxx::result count,
                            conn_->Exec(sql.count, sql.count_params));
    page.total = count.empty() ? 0 : Connection::Int(count[0][0]);
    if (page.total == 0 || query.limit == 0 || query.offset >= page.total) {
      return page;
    }
    KHABAR_ASSIGN_OR_RETURN(pqxx::result rows,
                            conn_->Exec(sql.page, sql.page_params));
    for (const pqxx::row& row : rows) {
      SearchHit hit;
      hit.id = Connection::Int(row[0]);
      hit.score = Connection::Real(row[1]);
      hit.title = Connection::Text(row[2]);
      const std::string body = Connection::Text(row[3]);
      hit.snippet = has_match
                        ? pg::Snippet(body, ts.phrases, tokenizer(),
                                      kSnippetTokens, kHighlightOpen,
                                      kHighlightClose)
                        : Lead(body);
      page.hits.push_back(std::move(hit));
    }
    return page;
  };
  // The tokenizer may throw while making snippets, libpqxx while reading.
  auto run = [&]() -> Result<SearchPage> {
    try {
      return search();
    } catch (const std::exception& e) {
      return pg::ErrorStatus(e, "search");
    }
  };
  // The total and the page from one snapshot.
  if (conn_->in_transaction()) return run();
  std::optional<Result<SearchPage>> result;
  Status status = conn_->Atomic([&]() -> Status {
    KHABAR_RETURN_IF_ERROR(conn_->ExecScript(
        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    result.emplace(run());
    return result->status();
  });
  if (!status.ok()) return status;
  return std::move(*result);
}

}  // namespace khabar::store
