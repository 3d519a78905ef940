#include "nlp/ner/features.h"

#include <algorithm>

#include "base/hash.h"
#include "nlp/ner/bio.h"
#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/utf8.h"

namespace khabar::nlp {
namespace {

// Hash values for the padding outside a sentence, so that "first word" and
// "word after the sentence start" are features of their own.
constexpr uint64_t kBeginHash = 0x5b0c3e1f9a7d2461ULL;
constexpr uint64_t kEndHash = 0x9e12f4c7d08b35a3ULL;
constexpr uint8_t kMaxLength = 8;
constexpr int kShapeCount = 6;  // Shape values + "outside the sentence"
constexpr int kOutsideShape = 5;
// Cluster ids of the padding before / after a sentence (real ids < 2^16).
constexpr uint64_t kOutsideBefore = 0x10001;
constexpr uint64_t kOutsideAfter = 0x10002;

// Spreads nearby template/value pairs over the table.
uint64_t Mix(uint64_t x) { return Mix64(x); }

uint64_t Combine(uint64_t a, uint64_t b) {
  return Mix(a * 0x9e3779b97f4a7c15ULL + b);
}

bool IsArabicLetterBlock(char32_t c) {
  if (c == 0x060C || c == 0x061B || c == 0x061F || c == 0x066A ||
      c == 0x066B || c == 0x066C || c == 0x06D4) {
    return false;  // Arabic comma, semicolon, question mark, percent ...
  }
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

// Byte offset just past the first `n` code points of `s` (or s.size()).
std::size_t PrefixBytes(std::string_view s, std::size_t n) {
  std::size_t pos = 0;
  for (std::size_t k = 0; k < n && pos < s.size(); ++k) {
    pos += text::DecodeUtf8(s, pos).length;
  }
  return pos;
}

// Byte offset where the last `n` code points of `s` begin (or 0).
std::size_t SuffixStart(std::string_view s, std::size_t n) {
  std::size_t pos = s.size();
  for (std::size_t k = 0; k < n && pos > 0; ++k) {
    --pos;
    while (pos > 0 && !text::IsUtf8Boundary(s, pos)) --pos;
  }
  return pos;
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

uint32_t FeatureBucket(const RawFeature& feature, int hash_bits) {
  const uint64_t h =
      Combine(static_cast<uint64_t>(feature.tmpl) + 1, feature.value);
  return static_cast<uint32_t>(h >> (64 - hash_bits));
}

void NormalizeNerWord(std::string_view word, std::string* out) {
  out->clear();
  text::Normalizer::Default().AppendNormalizedWord(word, out);
  for (char& c : *out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::string_view WordCore(std::string_view normalized) {
  const text::CliticParts parts = text::CliticSplit(normalized);
  return normalized.substr(parts.prefix.size());
}

Shape ShapeOf(std::string_view word) {
  if (word.empty()) return Shape::kPunct;
  const char32_t c = text::DecodeUtf8(word, 0).code_point;
  if ((c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) ||
      (c >= 0x06F0 && c <= 0x06F9)) {
    return Shape::kNumber;
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7)) {
    return Shape::kLatin;
  }
  if (IsArabicLetterBlock(c)) return Shape::kArabic;
  if (c < 0x00C0 || (c >= 0x0600 && c <= 0x06FF) || (c >= 0x2000 && c <= 0x2BFF) ||
      (c >= 0x3000 && c <= 0x303F)) {
    return Shape::kPunct;
  }
  return Shape::kOtherScript;
}

namespace {

// What AnalyzeTokens knows about one word on its own (curated is left 0:
// it depends on the neighbours). `norm` is scratch space.
TokenInfo AnalyzeWord(std::string_view written, const LearnedGazetteer* learned,
                      const WordClusters* clusters, std::string* norm) {
  TokenInfo info;
  NormalizeNerWord(written, norm);
  info.shape = ShapeOf(written);
  const std::string_view word = *norm;
  std::string_view core = word;
  std::string_view stem = word;
  std::string_view proclitic;
  if (info.shape == Shape::kArabic) {
    const text::CliticParts parts = text::CliticSplit(word);
    proclitic = parts.prefix;
    core = word.substr(parts.prefix.size());
    stem = parts.stem;
  }
  info.word = StableHash64(word);
  info.core = StableHash64(core);
  info.stem = StableHash64(stem);
  info.proclitic = StableHash64(proclitic);
  const std::size_t core_length = CodePointCount(core);
  const std::size_t word_length = CodePointCount(word);
  info.length =
      static_cast<uint8_t>(std::min<std::size_t>(core_length, kMaxLength));
  for (std::size_t k = 1; k <= 3; ++k) {
    if (core_length > k) {
      info.core_prefix[k - 1] = StableHash64(core.substr(0, PrefixBytes(core, k)));
    }
    if (word_length > k) {
      info.word_suffix[k - 1] = StableHash64(word.substr(SuffixStart(word, k)));
    }
  }
  info.trigger = CuratedGazetteer::Default().Trigger(info.core);
  if (learned != nullptr) info.learned_gaz = learned->Lookup(info.core);
  if (clusters != nullptr) {
    const uint32_t c = clusters->Lookup(info.core);
    info.cluster = static_cast<uint16_t>(c & 0xFFFF);
    info.cluster_fine = static_cast<uint16_t>(c >> 16);
  }
  return info;
}

}  // namespace

void AnalyzeTokens(std::span<const std::string_view> words,
                   const LearnedGazetteer* learned,
                   std::vector<TokenInfo>* infos,
                   const WordClusters* clusters) {
  infos->resize(words.size());
  std::string norm;
  std::vector<uint64_t> cores(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    (*infos)[i] = AnalyzeWord(words[i], learned, clusters, &norm);
    cores[i] = (*infos)[i].core;
  }
  std::vector<uint8_t> curated(words.size());
  CuratedGazetteer::Default().Annotate(cores, curated);
  for (std::size_t i = 0; i < words.size(); ++i) {
    (*infos)[i].curated = curated[i];
  }
}

uint64_t DocCore(const TokenInfo& info) {
  if (info.shape != Shape::kArabic && info.shape != Shape::kLatin) return 0;
  if (info.length < 3 || info.trigger != 0) return 0;
  return info.core;
}

void DocumentVotes::Add(std::span<const uint64_t> doc_cores,
                        std::span<const uint8_t> tags, int sign) {
  const std::size_t n = std::min(doc_cores.size(), tags.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (tags[i] == kTagO || doc_cores[i] == 0) continue;
    const int t = static_cast<int>(TagType(tags[i]));
    const bool begin = IsBegin(tags[i]);
    const bool last = i + 1 >= n || !IsInside(tags[i + 1]);
    auto& c = counts_[doc_cores[i]];
    if (begin || (t == static_cast<int>(EntityType::kPerson) && last))
      c[2 * t] += sign;
    if (!begin) c[2 * t + 1] += sign;
  }
}

std::vector<uint8_t> DocumentVotes::Bits(
    std::span<const uint64_t> doc_cores) const {
  std::vector<uint8_t> bits(doc_cores.size(), 0);
  if (counts_.empty()) return bits;
  for (std::size_t i = 0; i < doc_cores.size(); ++i) {
    if (doc_cores[i] == 0) continue;
    const auto it = counts_.find(doc_cores[i]);
    if (it == counts_.end()) continue;
    for (int b = 0; b < 8; ++b) {
      if (it->second[b] > 0) bits[i] |= static_cast<uint8_t>(1u << b);
    }
  }
  return bits;
}

void FeatureExtractor::Extract(std::span<const std::string_view> words,
                               SentenceFeatures* out,
                               std::span<const uint8_t> doc_votes) const {
  AnalyzeTokens(words, learned_, &out->infos, clusters_);
  for (std::size_t i = 0; i < doc_votes.size() && i < out->infos.size(); ++i) {
    out->infos[i].doc_votes = doc_votes[i];
  }
  out->features.clear();
  out->offsets.assign(1, 0);
  const std::vector<TokenInfo>& infos = out->infos;
  const auto n = static_cast<std::ptrdiff_t>(infos.size());
  const auto at = [&](std::ptrdiff_t j) -> const TokenInfo* {
    return j >= 0 && j < n ? &infos[static_cast<std::size_t>(j)] : nullptr;
  };
  const auto word_at = [&](std::ptrdiff_t j) {
    if (j < 0) return kBeginHash;
    if (j >= n) return kEndHash;
    return infos[static_cast<std::size_t>(j)].word;
  };
  const auto core_at = [&](std::ptrdiff_t j) {
    if (j < 0) return kBeginHash;
    if (j >= n) return kEndHash;
    return infos[static_cast<std::size_t>(j)].core;
  };
  const auto shape_at = [&](std::ptrdiff_t j) {
    const TokenInfo* info = at(j);
    return info ? static_cast<int>(info->shape) : kOutsideShape;
  };
  std::vector<RawFeature>& f = out->features;
  const auto add = [&f](Template t, uint64_t value) { f.push_back({t, value}); };
  const auto add_bits = [&add](Template t, uint8_t bits) {
    for (uint64_t b = 0; b < 8; ++b) {
      if (bits & (1u << b)) add(t, b);
    }
  };
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const TokenInfo& t = infos[static_cast<std::size_t>(i)];
    add(Template::kBias, 0);
    add(Template::kWord, t.word);
    add(Template::kCore, t.core);
    add(Template::kStem, t.stem);
    add(Template::kProclitic, t.proclitic);
    constexpr Template kPrefixT[3] = {Template::kCorePrefix1,
                                      Template::kCorePrefix2,
                                      Template::kCorePrefix3};
    constexpr Template kSuffixT[3] = {Template::kWordSuffix1,
                                      Template::kWordSuffix2,
                                      Template::kWordSuffix3};
    for (int k = 0; k < 3; ++k) {
      if (t.core_prefix[k] != 0) add(kPrefixT[k], t.core_prefix[k]);
      if (t.word_suffix[k] != 0) add(kSuffixT[k], t.word_suffix[k]);
    }
    // Word clusters (unlabelled news) of the token and its neighbours;
    // padding outside the sentence has clusters of its own.
    const auto cluster_at = [&](std::ptrdiff_t j, bool fine) -> uint64_t {
      const TokenInfo* info = at(j);
      if (!info) return j < 0 ? kOutsideBefore : kOutsideAfter;
      return fine ? info->cluster_fine : info->cluster;
    };
    add(Template::kCluster, cluster_at(i, false));
    add(Template::kPrevCluster, cluster_at(i - 1, false));
    add(Template::kNextCluster, cluster_at(i + 1, false));
    add(Template::kClusterFine, cluster_at(i, true));
    add(Template::kPrevClusterFine, cluster_at(i - 1, true));
    add(Template::kNextClusterFine, cluster_at(i + 1, true));
    // Second pass only: what the first pass found elsewhere in the document.
    add_bits(Template::kDocVote, t.doc_votes);
    if (const TokenInfo* p = at(i - 1))
      add_bits(Template::kPrevDocVote, p->doc_votes);
    if (const TokenInfo* nx = at(i + 1))
      add_bits(Template::kNextDocVote, nx->doc_votes);
    add(Template::kShape, static_cast<uint64_t>(t.shape));
    add(Template::kShapeWindow,
        static_cast<uint64_t>((shape_at(i - 1) * kShapeCount + shape_at(i)) *
                                  kShapeCount +
                              shape_at(i + 1)));
    add(Template::kLength, t.length);
    if (i == 0) add(Template::kFirstInSentence, 0);
    add(Template::kPrevWord, word_at(i - 1));
    add(Template::kPrev2Word, word_at(i - 2));
    add(Template::kNextWord, word_at(i + 1));
    add(Template::kNext2Word, word_at(i + 2));
    add(Template::kPrevCore, core_at(i - 1));
    add(Template::kNextCore, core_at(i + 1));
    add(Template::kPrevWordWord, Combine(word_at(i - 1), t.word));
    add(Template::kWordNextWord, Combine(t.word, word_at(i + 1)));
    add_bits(Template::kLearnedGaz, t.learned_gaz);
    add_bits(Template::kCurated, t.curated);
    add_bits(Template::kTrigger, t.trigger);
    const TokenInfo* prev = at(i - 1);
    const TokenInfo* prev2 = at(i - 2);
    const TokenInfo* next = at(i + 1);
    if (prev) {
      add_bits(Template::kPrevLearnedGaz, prev->learned_gaz);
      add_bits(Template::kPrevCurated, prev->curated);
      add_bits(Template::kPrevTrigger, prev->trigger);
      if (prev->trigger != 0 || t.learned_gaz != 0) {
        add(Template::kPrevTriggerGaz,
            (static_cast<uint64_t>(prev->trigger) << 8) | t.learned_gaz);
      }
    }
    if (prev2) add_bits(Template::kPrev2Trigger, prev2->trigger);
    // Titles are often followed by a nationality or ministry before the
    // name (وزير الدفاع الاميركي اشتون كارتر): look three tokens back.
    TriggerBits recent = 0;
    for (std::ptrdiff_t j = i - 3; j < i; ++j) {
      if (const TokenInfo* info = at(j)) recent |= info->trigger;
    }
    add_bits(Template::kRecentTrigger, recent);
    if (next) {
      add_bits(Template::kNextLearnedGaz, next->learned_gaz);
      add_bits(Template::kNextCurated, next->curated);
      add_bits(Template::kNextTrigger, next->trigger);
    }
    out->offsets.push_back(static_cast<uint32_t>(f.size()));
  }
}

}  // namespace khabar::nlp
