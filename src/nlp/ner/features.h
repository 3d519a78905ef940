// Feature extraction for the NER tagger: per-token analysis (normalized
// word, clitic split, shape, gazetteer and trigger membership) and the
// tag-independent feature templates over a ±2 token window.
//
// Features are (template, value hash) pairs; the model hashes them into its
// weight table (FeatureBucket). Everything persisted uses StableHash64, so a
// model file means the same on every platform. A FeatureExtractor borrows
// its LearnedGazetteer (which must outlive it), is immutable and
// thread-safe; scratch space lives in the caller's SentenceFeatures.
#ifndef KHABAR_NLP_NER_FEATURES_H_
#define KHABAR_NLP_NER_FEATURES_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nlp/ner/gazetteer.h"
#include "nlp/ner/word_clusters.h"

namespace khabar::nlp {

enum class Template : uint16_t {
  kBias,
  kWord,
  kCore,
  kStem,
  kProclitic,
  kCorePrefix1,
  kCorePrefix2,
  kCorePrefix3,
  kWordSuffix1,
  kWordSuffix2,
  kWordSuffix3,
  kShape,
  kShapeWindow,
  kLength,
  kFirstInSentence,
  kPrevWord,
  kPrev2Word,
  kNextWord,
  kNext2Word,
  kPrevCore,
  kNextCore,
  kPrevWordWord,
  kWordNextWord,
  kLearnedGaz,
  kPrevLearnedGaz,
  kNextLearnedGaz,
  kCurated,
  kPrevCurated,
  kNextCurated,
  kTrigger,
  kPrevTrigger,
  kPrev2Trigger,
  kPrevTriggerGaz,
  kNextTrigger,
  kRecentTrigger,  // any trigger among the three previous tokens
  kCluster,
  kPrevCluster,
  kNextCluster,
  kClusterFine,
  kPrevClusterFine,
  kNextClusterFine,
  kDocVote,
  kPrevDocVote,
  kNextDocVote,
};

struct RawFeature {
  Template tmpl;
  uint64_t value;
  friend bool operator==(const RawFeature&, const RawFeature&) = default;
};

// The bucket of a feature in a table of 2^hash_bits rows.
uint32_t FeatureBucket(const RawFeature& feature, int hash_bits);

enum class Shape : uint8_t { kArabic, kLatin, kNumber, kPunct, kOtherScript };

// What the tagger knows about one token, independent of its neighbours.
struct TokenInfo {
  uint64_t word = 0;       // hash of the normalized word (Latin lowercased)
  uint64_t core = 0;       // hash of the word without proclitics
  uint64_t stem = 0;       // hash of the light stem
  uint64_t proclitic = 0;  // hash of the proclitics ("" when none)
  uint64_t core_prefix[3] = {};
  uint64_t word_suffix[3] = {};
  uint16_t cluster = 0;       // coarse word cluster of the core (0: none)
  uint16_t cluster_fine = 0;  // fine word cluster of the core (0: none)
  Shape shape = Shape::kPunct;
  uint8_t length = 0;  // code points of the core, capped
  uint8_t learned_gaz = 0;
  uint8_t doc_votes = 0;  // DocumentVotes::Bits of the token (second pass)
  uint8_t curated = 0;
  TriggerBits trigger = 0;
};

// The normalized form of `word` used everywhere in NER (the default search
// folds; ASCII letters lowercased), written to *out.
void NormalizeNerWord(std::string_view word, std::string* out);
// The core of an already normalized word: the word minus its proclitics
// (a view into `normalized`).
std::string_view WordCore(std::string_view normalized);
Shape ShapeOf(std::string_view word);

// Fills `infos` (resized to words.size()); curated and trigger fields come
// from CuratedGazetteer::Default(), learned_gaz from `learned` (may be null).
// cluster fields from `clusters` (may be null).
void AnalyzeTokens(std::span<const std::string_view> words,
                   const LearnedGazetteer* learned,
                   std::vector<TokenInfo>* infos,
                   const WordClusters* clusters = nullptr);

// The key of a token for document votes: its core, or 0 when it cannot
// carry a name (punctuation, numbers, one or two letters).
uint64_t DocCore(const TokenInfo& info);
// Sentences either side of a sentence that stand in for its article when
// the input has no article boundaries (training and evaluation on CoNLL
// files); Find uses the whole text.
inline constexpr int kDocWindowSentences = 10;

// What the first pass said about word cores in the rest of a document:
// for each type t, bit 2t = started (or, for persons, ended) an entity of
// type t, bit 2t+1 = continued one.
class DocumentVotes {
 public:
  void Add(std::span<const uint64_t> doc_cores, std::span<const uint8_t> tags,
           int sign = 1);
  std::vector<uint8_t> Bits(std::span<const uint64_t> doc_cores) const;
  // Vote counts of one core (index as the bits), null when it has none.
  const std::array<int32_t, 8>* Counts(uint64_t doc_core) const {
    const auto it = counts_.find(doc_core);
    return it == counts_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<uint64_t, std::array<int32_t, 8>> counts_;
};

// All features of one sentence: token i owns
// features[offsets[i] .. offsets[i + 1]).
struct SentenceFeatures {
  std::vector<TokenInfo> infos;
  std::vector<RawFeature> features;
  std::vector<uint32_t> offsets;
};

class FeatureExtractor {
 public:
  explicit FeatureExtractor(const LearnedGazetteer* learned,
                            const WordClusters* clusters = nullptr)
      : learned_(learned), clusters_(clusters) {}

  // doc_votes: per word, DocumentVotes bits (empty in the first pass).
  void Extract(std::span<const std::string_view> words, SentenceFeatures* out,
               std::span<const uint8_t> doc_votes = {}) const;

 private:
  const LearnedGazetteer* learned_;
  const WordClusters* clusters_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_FEATURES_H_
