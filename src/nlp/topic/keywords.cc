#include "nlp/topic/keywords.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

#include "base/hash.h"
#include "nlp/topic/labeled_corpus.h"
#include "nlp/topic/model_file.h"
#include "nlp/topic/stopwords.h"
#include "text/analyzer.h"
#include "text/arabic_letters.h"
#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace khabar::nlp {
namespace {

constexpr std::string_view kIdfMagic = "KHIDF001";
constexpr std::string_view kWhat = "IDF model";
constexpr uint32_t kMaxIdfTerms = 1u << 22;
constexpr std::size_t kMaxStemBytes = 255;  // stored with a one-byte length
constexpr float kIdfQuantum = 1.0f / 4096;  // u16 IDF steps; IDF < 16

// Why these boosts: a headline names the story's subject, and news puts the
// essentials in the first paragraphs (inverted pyramid).
constexpr double kTitleWeight = 3.0;
constexpr double kLeadParagraphBoost = 1.0;  // paragraph i: 1 + boost/(1+i)

float SmoothIdf(uint32_t docs, uint32_t df) {
  return static_cast<float>(std::log((docs + 1.0) / (df + 1.0)) + 1.0);
}

bool IsHarakahOrTatweel(char32_t c) {
  return c == text::kTatweel || c == text::kSuperscriptAlef ||
         (c >= text::kFathatan && c <= text::kLastHarakah);
}

std::size_t CountCodePoints(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    i += text::DecodeUtf8(s, i).length;
    ++n;
  }
  return n;
}

// The token as written, minus its proclitics and any harakat/tatweel. The
// analyzer's prefix is folded text, but folds map one code point to one
// code point and only drop marks, so dropping as many letters from the
// surface as the prefix has gives the written form without clitics
// (والمدينة has prefix و+ال and gives مدينة, with its teh marbuta intact).
std::string ReadableSurface(std::string_view surface, std::string_view prefix) {
  std::size_t letters_to_drop = CountCodePoints(prefix);
  std::string out;
  for (std::size_t i = 0; i < surface.size();) {
    const text::DecodedChar d = text::DecodeUtf8(surface, i);
    i += d.length;
    if (IsHarakahOrTatweel(d.code_point)) continue;
    if (letters_to_drop > 0) {
      --letters_to_drop;
      continue;
    }
    text::AppendUtf8(d.code_point, &out);
  }
  return out;
}

void LowercaseAscii(std::string* s) {
  for (char& c : *s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

struct Candidate {
  double weight = 0.0;
  std::map<std::string, int> surfaces;  // ordered: ties go to the smallest
};

// Drops the first `n` code points of `s`.
std::string DropCodePoints(std::string_view s, std::size_t n) {
  std::size_t pos = 0;
  for (; n > 0 && pos < s.size(); --n) pos += text::DecodeUtf8(s, pos).length;
  return std::string(s.substr(pos));
}

// How many leading code points of `stem` may be a proclitic the analyzer
// keeps attached (0 when none), and how many must remain after it: لل is
// ل + ال with the alef elided (للفن = ل + الفن), so two letters may remain;
// after a single ب, ل, ك or ف three must, as in the analyzer.
struct AttachedClitic {
  std::size_t code_points = 0;
  std::size_t min_rest = 0;
};

AttachedClitic FindAttachedClitic(std::string_view stem) {
  if (stem.empty()) return {};
  const text::DecodedChar first = text::DecodeUtf8(stem, 0);
  const char32_t c = first.code_point;
  if (c == text::kLam && first.length < stem.size() &&
      text::DecodeUtf8(stem, first.length).code_point == text::kLam) {
    return {2, 2};
  }
  if (c == text::kBeh || c == text::kLam || c == text::kKaf ||
      c == text::kFeh) {
    return {1, 3};
  }
  return {};
}

}  // namespace

float IdfTable::Idf(std::string_view stem) const {
  const Slot* slot = Find(stem);
  return slot == nullptr ? default_idf_ : slot->idf;
}

void IdfTable::Reserve(std::size_t count) {
  std::size_t slots = 1;
  while (slots < 2 * count) slots *= 2;
  slots_.assign(slots, Slot());
  stems_.clear();
  size_ = 0;
}

void IdfTable::Insert(std::string_view stem, float idf) {
  if (Find(stem) != nullptr) return;
  const uint64_t hash = StableHash64(stem);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].stem != kNoStem) i = (i + 1) & mask;
  slots_[i] = {hash, static_cast<uint32_t>(stems_.size()), idf};
  stems_.push_back(static_cast<char>(stem.size()));
  stems_.append(stem);
  ++size_;
}

const IdfTable::Slot* IdfTable::Find(std::string_view stem) const {
  if (slots_.empty()) return nullptr;
  const uint64_t hash = StableHash64(stem);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.stem == kNoStem) return nullptr;
    if (slot.hash == hash && StemAt(slot.stem) == stem) return &slot;
  }
}

std::string_view IdfTable::StemAt(uint32_t offset) const {
  const auto size = static_cast<unsigned char>(stems_[offset]);
  return std::string_view(stems_).substr(offset + 1, size);
}

Result<IdfTable> IdfTable::Load(const std::string& path) {
  Result<ModelReader> opened = ModelReader::Open(path, kIdfMagic, kWhat);
  if (!opened.ok()) return opened.status();
  ModelReader& in = *opened;
  IdfTable table;
  uint32_t count = 0;
  KHABAR_RETURN_IF_ERROR(in.GetU32(&table.num_docs_));
  KHABAR_RETURN_IF_ERROR(in.GetF32(&table.default_idf_));
  KHABAR_RETURN_IF_ERROR(in.GetU32(&count));
  if (count > kMaxIdfTerms || !std::isfinite(table.default_idf_)) {
    return Status::Corruption(std::string(kWhat) + " " + path + ": bad header");
  }
  table.Reserve(count);
  std::string stem;
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t size = 0;
    uint16_t q = 0;
    KHABAR_RETURN_IF_ERROR(in.GetU8(&size));
    stem.resize(size);
    KHABAR_RETURN_IF_ERROR(in.GetBytes(stem.data(), size));
    KHABAR_RETURN_IF_ERROR(in.GetU16(&q));
    table.Insert(stem, q * kIdfQuantum);
  }
  KHABAR_RETURN_IF_ERROR(in.ExpectEnd());
  return table;
}

Status BuildIdf(const std::vector<std::string>& jsonl_files,
                std::size_t max_terms, const std::string& output_path) {
  if (jsonl_files.empty()) return Status::InvalidArgument("no input files");
  if (output_path.empty()) return Status::InvalidArgument("no output path");
  if (max_terms == 0 || max_terms > kMaxIdfTerms) {
    return Status::InvalidArgument("max_terms out of range");
  }
  const std::unique_ptr<text::Analyzer> analyzer = text::MakeKhabarAnalyzer();
  std::unordered_map<std::string, uint32_t> df;
  std::unordered_set<std::string> seen_texts;
  std::unordered_set<std::string_view> doc_terms;
  text::AnalyzedText analyzed;
  uint32_t docs = 0;
  for (const std::string& file : jsonl_files) {
    Result<std::vector<LabeledDoc>> part = ReadLabeledJsonl(file);
    if (!part.ok()) return part.status();
    for (const LabeledDoc& d : *part) {
      if (!seen_texts.insert(d.title + "\n" + d.text).second) continue;
      ++docs;
      analyzed.Clear();
      analyzer->Analyze(d.title, text::AnalyzerMode::kDocument, &analyzed);
      analyzer->Analyze(d.text, text::AnalyzerMode::kDocument, &analyzed);
      doc_terms.clear();
      for (std::size_t i = 0; i < analyzed.terms.size(); ++i) {
        const std::string_view term = analyzed.Term(i);
        if (term.size() <= kMaxStemBytes) doc_terms.insert(term);
      }
      for (std::string_view term : doc_terms) ++df[std::string(term)];
    }
  }
  std::vector<std::pair<std::string, uint32_t>> ranked(df.begin(), df.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > max_terms) ranked.resize(max_terms);
  // Stems cut from the table are at most as frequent as the last one kept.
  const uint32_t cut_df = ranked.empty() ? 1 : ranked.back().second;
  std::sort(ranked.begin(), ranked.end());

  ModelWriter out(kIdfMagic);
  out.PutU32(docs);
  out.PutF32(SmoothIdf(docs, cut_df > 1 ? cut_df - 1 : 1));
  out.PutU32(static_cast<uint32_t>(ranked.size()));
  for (const auto& [stem, count] : ranked) {
    out.PutU8(static_cast<uint8_t>(stem.size()));
    out.PutBytes(stem.data(), stem.size());
    out.PutU16(static_cast<uint16_t>(
        std::lround(SmoothIdf(docs, count) / kIdfQuantum)));
  }
  return out.WriteTo(output_path);
}

Result<std::unique_ptr<KeywordExtractor>> KeywordExtractor::Load(
    const std::string& idf_path) {
  Result<IdfTable> idf = IdfTable::Load(idf_path);
  if (!idf.ok()) return idf.status();
  return std::make_unique<KeywordExtractor>(std::move(idf).value());
}

std::vector<Keyword> KeywordExtractor::Extract(
    std::string_view title, const std::vector<std::string>& paragraphs,
    int k) const {
  std::vector<Keyword> out;
  if (k <= 0) return out;
  std::unordered_map<std::string, Candidate> candidates;
  // The Khabar chain of text::AnalyzeDetailed, token by token, computing
  // only what a candidate needs: punctuation and numbers are skipped before
  // any normalization, and nothing is copied for words that are dropped.
  // Scratch strings are reused across tokens.
  const text::Normalizer& normalizer = text::Normalizer::Default();
  const text::ArabicStemmer& stemmer = text::ArabicStemmer::Default();
  std::string normalized;
  std::string latin_stem;
  auto add_text = [&](std::string_view text, double weight) {
    if (text::FindInvalidUtf8(text) != text::kUtf8Valid) return;
    text::TokenStream stream(text);
    text::Token token;
    while (stream.Next(&token)) {
      if (token.kind != text::TokenKind::kWord &&
          token.kind != text::TokenKind::kLatin) {
        continue;  // numbers and punctuation
      }
      const std::string_view written = token.Text(text);
      normalized.clear();
      normalizer.AppendNormalizedWord(written, &normalized);
      std::string_view stem;
      std::string_view prefix;
      if (token.kind == text::TokenKind::kWord) {
        const text::CliticParts parts = stemmer.Split(normalized);
        stem = parts.stem;
        prefix = parts.prefix;
      } else {
        latin_stem = normalized;
        LowercaseAscii(&latin_stem);
        stem = latin_stem;
      }
      if (stem.empty()) continue;
      if (CountCodePoints(stem) < 2) continue;
      if (IsStopword(stem) || IsStopword(normalized)) continue;
      std::string surface = token.kind == text::TokenKind::kLatin
                                ? std::string(stem)
                                : ReadableSurface(written, prefix);
      if (surface.empty()) continue;
      Candidate& c = candidates[std::string(stem)];
      c.weight += weight;
      ++c.surfaces[std::move(surface)];
    }
  };
  add_text(title, kTitleWeight);
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    add_text(paragraphs[i], 1.0 + kLeadParagraphBoost / (1.0 + i));
  }

  // Fold stems with an attached clitic into the bare stem when the article
  // also uses the bare form (see the header). Sorted so the result does not
  // depend on hash order.
  std::vector<std::string> stems;
  for (const auto& [stem, c] : candidates) stems.push_back(stem);
  std::sort(stems.begin(), stems.end());
  for (const std::string& stem : stems) {
    const AttachedClitic clitic = FindAttachedClitic(stem);
    if (clitic.code_points == 0) continue;
    std::string rest = DropCodePoints(stem, clitic.code_points);
    if (CountCodePoints(rest) < clitic.min_rest) continue;
    if (!candidates.contains(rest)) continue;
    Candidate from = std::move(candidates[stem]);
    candidates.erase(stem);
    Candidate& to = candidates[rest];
    to.weight += from.weight;
    for (const auto& [surface, count] : from.surfaces) {
      std::string bare = DropCodePoints(surface, clitic.code_points);
      if (!bare.empty()) to.surfaces[bare] += count;
    }
  }

  std::vector<Keyword> ranked;
  ranked.reserve(candidates.size());
  for (auto& [stem, c] : candidates) {
    const auto best = std::max_element(
        c.surfaces.begin(), c.surfaces.end(),
        [](const auto& a, const auto& b) { return a.second < b.second; });
    ranked.push_back(
        {stem, best->first, std::log1p(c.weight) * idf_.Idf(stem)});
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const Keyword& a, const Keyword& b) {
              return a.score != b.score ? a.score > b.score : a.stem < b.stem;
            });
  // Stems are unique already; two stems can still surface identically
  // (a protected name and its inflected form), and a reader should not see
  // the same word twice.
  std::unordered_set<std::string> shown;
  for (Keyword& kw : ranked) {
    if (static_cast<int>(out.size()) >= k) break;
    if (!shown.insert(kw.surface).second) continue;
    out.push_back(std::move(kw));
  }
  return out;
}

}  // namespace khabar::nlp
