#include "nlp/topic/summarizer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "nlp/topic/stopwords.h"
#include "text/analyzer.h"
#include "text/arabic_letters.h"
#include "text/sentence.h"
#include "text/utf8.h"

namespace khabar::nlp {
namespace {

constexpr char32_t kHyphenMinus = U'-';
constexpr char32_t kEnDash = 0x2013;
constexpr char32_t kEmDash = 0x2014;
constexpr char32_t kLeftParen = U'(';
constexpr char32_t kRightParen = U')';
constexpr char32_t kStraightQuote = U'"';

// A dateline names a place in a few words ("دبي، الإمارات العربية المتحدة");
// without an agency in brackets only very short ones are taken, so a
// sentence that merely contains a dash early ("كيم جونغ - أون") is kept.
constexpr int kMaxDatelineWordsWithAgency = 6;
constexpr int kMaxDatelineWordsAlone = 3;
constexpr std::size_t kMaxAgencyBytes = 60;

// Agency credits that may follow the dateline's dash ("لندن - بي بي سي -").
constexpr std::array<std::string_view, 14> kAgencies = {
    "بي بي سي", "رويترز", "أ ف ب",    "ا ف ب",        "فرانس برس",
    "أ.ف.ب",    "وام",    "سي إن إن", "وكالات",       "الأناضول",
    "CNN",      "BBC",    "AFP",      "رويترز، أ ف ب"};

// The dateline opens the first paragraph, or the second or third after a
// byline or a video caption ("هديل غبّون" then "عمان، الأردن (CNN) --").
constexpr std::size_t kDatelineParagraphs = 3;

// Sentences shorter than this are headlines, captions or fragments.
constexpr int kMinSummaryWords = 6;

// Score weights; similarity dominates, the title and lead position settle
// close calls.
constexpr double kSimilarityWeight = 1.0;
constexpr double kTitleOverlapWeight = 0.6;
constexpr double kPositionWeight = 0.4;

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' ||
         c == text::kNoBreakSpace;
}
bool IsDash(char32_t c) {
  return c == kHyphenMinus || c == kEnDash || c == kEmDash;
}
bool IsComma(char32_t c) { return c == U',' || c == text::kArabicComma; }
bool IsOpeningQuote(char32_t c) {
  return c == text::kLeftGuillemet || c == text::kLeftDoubleQuote ||
         c == kStraightQuote;
}
bool IsClosingQuote(char32_t c) {
  return c == text::kRightGuillemet || c == text::kRightDoubleQuote ||
         c == kStraightQuote;
}
bool IsTerminator(char32_t c) {
  return c == U'.' || c == U'!' || c == U'?' ||
         c == text::kArabicQuestionMark || c == text::kArabicFullStop ||
         c == text::kHorizontalEllipsis;
}

std::size_t SkipSpaces(std::string_view s, std::size_t pos) {
  while (pos < s.size()) {
    const text::DecodedChar d = text::DecodeUtf8(s, pos);
    if (!IsSpace(d.code_point)) break;
    pos += d.length;
  }
  return pos;
}

// Position after a run of dashes at `pos` (== pos when there is none).
std::size_t SkipDashes(std::string_view s, std::size_t pos) {
  while (pos < s.size()) {
    const text::DecodedChar d = text::DecodeUtf8(s, pos);
    if (!IsDash(d.code_point)) break;
    pos += d.length;
  }
  return pos;
}

std::string_view StripAgencyCredit(std::string_view rest) {
  for (std::string_view agency : kAgencies) {
    if (!rest.starts_with(agency)) continue;
    std::size_t pos = SkipSpaces(rest, agency.size());
    if (pos == rest.size()) return rest.substr(pos);
    const std::size_t after_dash = SkipDashes(rest, pos);
    if (after_dash > pos) return rest.substr(SkipSpaces(rest, after_dash));
    if (rest[pos] == ':') return rest.substr(SkipSpaces(rest, pos + 1));
  }
  return rest;
}

bool IsQuoteOnly(std::string_view s) {
  if (s.empty()) return false;
  if (!IsOpeningQuote(text::DecodeUtf8(s, 0).code_point)) return false;
  // Last code point that is not a terminator or space must close a quote.
  std::size_t end = s.size();
  while (end > 0) {
    std::size_t start = end - 1;
    while (start > 0 && !text::IsUtf8Boundary(s, start)) --start;
    const char32_t c = text::DecodeUtf8(s, start).code_point;
    if (!IsTerminator(c) && !IsSpace(c)) return IsClosingQuote(c);
    end = start;
  }
  return false;
}

struct Sentence {
  std::string text;
  std::unordered_map<std::string, int> tf;
  int words = 0;
  bool quote_only = false;
  double score = 0.0;
  std::size_t order = 0;
};

const text::Analyzer& SharedAnalyzer() {
  static const text::Analyzer* const analyzer =
      text::MakeKhabarAnalyzer().release();
  return *analyzer;
}

bool IsContentTerm(std::string_view term) {
  if (term.empty() || (term[0] >= '0' && term[0] <= '9')) return false;
  if (text::DecodeUtf8(term, 0).length == term.size()) return false;
  return !IsStopword(term);
}

}  // namespace

std::string_view StripDateline(std::string_view s) {
  std::size_t pos = SkipSpaces(s, 0);
  int words = 0;
  bool agency = false;
  bool known_agency = false;
  while (pos < s.size()) {
    const text::DecodedChar d = text::DecodeUtf8(s, pos);
    const char32_t c = d.code_point;
    if (IsSpace(c) || (IsComma(c) && words > 0)) {
      pos += d.length;
      continue;
    }
    if (c == kLeftParen) {
      const std::size_t close = s.find(')', pos);
      if (close == std::string_view::npos || close - pos > kMaxAgencyBytes) {
        return s;
      }
      agency = true;
      const std::string_view name = s.substr(pos + 1, close - pos - 1);
      known_agency = std::find(kAgencies.begin(), kAgencies.end(), name) !=
                     kAgencies.end();
      pos = SkipSpaces(s, close + 1);
      break;
    }
    if (IsDash(c)) break;
    // A word: up to the next space, comma, bracket or dash.
    while (pos < s.size()) {
      const text::DecodedChar w = text::DecodeUtf8(s, pos);
      if (IsSpace(w.code_point) || IsComma(w.code_point) ||
          IsDash(w.code_point) || w.code_point == kLeftParen ||
          w.code_point == kRightParen || w.code_point == U':' ||
          IsTerminator(w.code_point)) {
        break;
      }
      pos += w.length;
    }
    if (pos < s.size()) {
      const char32_t next = text::DecodeUtf8(s, pos).code_point;
      if (next == kRightParen || next == U':' || IsTerminator(next)) return s;
    }
    if (++words > kMaxDatelineWordsWithAgency) return s;
  }
  const std::size_t after_dash = SkipDashes(s, pos);
  // "أتلانتا، الولايات المتحدة (CNN) نفى ...": a named agency in brackets
  // ends the dateline even when the dash is missing.
  if (after_dash == pos && !(known_agency && words > 0)) return s;
  if (agency ? words > kMaxDatelineWordsWithAgency
             : (words == 0 || words > kMaxDatelineWordsAlone)) {
    return s;
  }
  return StripAgencyCredit(s.substr(SkipSpaces(s, after_dash)));
}

std::vector<std::string> Summarize(std::string_view title,
                                   const std::vector<std::string>& paragraphs,
                                   int max_sentences) {
  std::vector<std::string> out;
  if (max_sentences <= 0) return out;
  const text::Analyzer& analyzer = SharedAnalyzer();
  text::AnalyzedText analyzed;

  std::vector<Sentence> sentences;
  for (std::size_t p = 0; p < paragraphs.size(); ++p) {
    const std::string& paragraph = paragraphs[p];
    if (text::FindInvalidUtf8(paragraph) != text::kUtf8Valid) continue;
    bool first_in_paragraph = true;
    for (const text::SentenceSpan& span : text::SplitSentences(paragraph)) {
      std::string_view sv = span.Text(paragraph);
      if (first_in_paragraph && p < kDatelineParagraphs) sv = StripDateline(sv);
      first_in_paragraph = false;
      analyzed.Clear();
      analyzer.Analyze(sv, text::AnalyzerMode::kDocument, &analyzed);
      if (analyzed.terms.empty()) continue;
      Sentence s;
      s.text = std::string(sv);
      s.words = static_cast<int>(analyzed.terms.size());
      s.quote_only = IsQuoteOnly(sv);
      s.order = sentences.size();
      for (std::size_t i = 0; i < analyzed.terms.size(); ++i) {
        const std::string_view term = analyzed.Term(i);
        if (IsContentTerm(term)) ++s.tf[std::string(term)];
      }
      sentences.push_back(std::move(s));
    }
  }
  if (sentences.empty()) return out;

  // Inverse sentence frequency within the article: words in every sentence
  // (the subject's name) say less about which sentence is central.
  std::unordered_map<std::string, int> sf;
  for (const Sentence& s : sentences) {
    for (const auto& [term, count] : s.tf) ++sf[term];
  }
  const double n = static_cast<double>(sentences.size());
  std::unordered_map<std::string, double> idf, article;
  for (const auto& [term, count] : sf) idf[term] = std::log(1.0 + n / count);
  for (const Sentence& s : sentences) {
    for (const auto& [term, count] : s.tf) article[term] += count * idf[term];
  }
  double article_norm = 0.0;
  for (const auto& [term, w] : article) article_norm += w * w;
  article_norm = std::sqrt(article_norm);

  std::unordered_set<std::string> title_terms;
  if (text::FindInvalidUtf8(title) == text::kUtf8Valid) {
    analyzed.Clear();
    analyzer.Analyze(title, text::AnalyzerMode::kDocument, &analyzed);
    for (std::size_t i = 0; i < analyzed.terms.size(); ++i) {
      if (IsContentTerm(analyzed.Term(i))) {
        title_terms.insert(std::string(analyzed.Term(i)));
      }
    }
  }

  for (Sentence& s : sentences) {
    double dot = 0.0, norm = 0.0;
    int title_hits = 0;
    for (const auto& [term, count] : s.tf) {
      const double w = count * idf[term];
      dot += w * article[term];
      norm += w * w;
      title_hits += title_terms.contains(term);
    }
    const double cosine = norm > 0.0 && article_norm > 0.0
                              ? dot / (std::sqrt(norm) * article_norm)
                              : 0.0;
    const double overlap =
        title_terms.empty()
            ? 0.0
            : static_cast<double>(title_hits) / title_terms.size();
    s.score = kSimilarityWeight * cosine + kTitleOverlapWeight * overlap +
              kPositionWeight / (1.0 + s.order);
  }

  auto full = [](const Sentence& s) {
    return s.words >= kMinSummaryWords && !s.quote_only;
  };
  std::vector<const Sentence*> pool;
  for (const Sentence& s : sentences) {
    if (full(s)) pool.push_back(&s);
  }
  if (pool.empty()) {
    for (const Sentence& s : sentences) pool.push_back(&s);
  }
  std::sort(pool.begin(), pool.end(), [](const Sentence* a, const Sentence* b) {
    return a->score != b->score ? a->score > b->score : a->order < b->order;
  });
  if (pool.size() > static_cast<std::size_t>(max_sentences)) {
    pool.resize(max_sentences);
  }
  std::sort(pool.begin(), pool.end(), [](const Sentence* a, const Sentence* b) {
    return a->order < b->order;
  });
  for (const Sentence* s : pool) out.push_back(s->text);
  return out;
}

}  // namespace khabar::nlp
