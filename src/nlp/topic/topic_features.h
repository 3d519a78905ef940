// Hashed bag-of-terms features for the topic model (internal to nlp/topic).
//
// An article becomes a sparse vector over 2^hash_bits buckets:
//  - body unigrams: Khabar analyzer stems;
//  - title unigrams, as their own features (a word in a headline says more
//    about the section than the same word deep in the body) and also added
//    to the body counts with weight `title_weight`;
//  - body bigrams of adjacent stems, when enabled (فيروس كورونا, كاس العالم:
//    pairs separate world politics from sport or economy news better than
//    either word);
// each with value log(1 + count), the whole vector scaled to unit L2 norm so
// that long and short articles weigh alike. Hashing is StableHash64, so a
// model file means the same on every compiler.
//
// A TopicFeaturizer is immutable and thread-safe; it keeps a per-thread
// scratch buffer for the analyzer output.
#ifndef KHABAR_NLP_TOPIC_TOPIC_FEATURES_H_
#define KHABAR_NLP_TOPIC_TOPIC_FEATURES_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "text/analyzer.h"

namespace khabar::nlp {

struct FeatureConfig {
  uint32_t hash_bits = 19;  // 2^19 x 8 sections x int8 = 4 MiB
  bool bigrams = true;
  float title_weight = 2.0f;
};

struct SparseFeature {
  uint32_t index = 0;
  float value = 0.0f;
};

class TopicFeaturizer {
 public:
  explicit TopicFeaturizer(const FeatureConfig& config);

  const FeatureConfig& config() const { return config_; }

  // Sorted by index, no duplicate indexes, unit L2 norm (empty for text
  // without terms). Input must be valid UTF-8.
  std::vector<SparseFeature> Featurize(std::string_view title,
                                       std::string_view body) const;
  // The same from the output of text::MakeKhabarAnalyzer() on the title and
  // on the body (kDocument mode), for callers that analyzed them already.
  std::vector<SparseFeature> Featurize(const text::AnalyzedText& title,
                                       const text::AnalyzedText& body) const;

 private:
  FeatureConfig config_;
  std::unique_ptr<text::Analyzer> analyzer_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_TOPIC_FEATURES_H_
