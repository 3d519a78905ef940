#include "nlp/topic/topic_features.h"

#include <algorithm>
#include <cmath>

#include "base/hash.h"

namespace khabar::nlp {
namespace {

// Seeds keep the feature families apart in the hash space.
constexpr uint64_t kBodySeed = 0x6b686162'61720001ull;
constexpr uint64_t kTitleSeed = 0x6b686162'61720002ull;
constexpr uint64_t kBigramSeed = 0x6b686162'61720003ull;

struct Raw {
  uint32_t index;
  float count;
};

}  // namespace

TopicFeaturizer::TopicFeaturizer(const FeatureConfig& config)
    : config_(config), analyzer_(text::MakeKhabarAnalyzer()) {}

std::vector<SparseFeature> TopicFeaturizer::Featurize(
    std::string_view title, std::string_view body) const {
  thread_local text::AnalyzedText analyzed_title;
  thread_local text::AnalyzedText analyzed_body;
  analyzed_title.Clear();
  analyzer_->Analyze(title, text::AnalyzerMode::kDocument, &analyzed_title);
  analyzed_body.Clear();
  analyzer_->Analyze(body, text::AnalyzerMode::kDocument, &analyzed_body);
  return Featurize(analyzed_title, analyzed_body);
}

std::vector<SparseFeature> TopicFeaturizer::Featurize(
    const text::AnalyzedText& title, const text::AnalyzedText& body) const {
  thread_local std::vector<Raw> raw;
  raw.clear();
  const uint32_t mask = (1u << config_.hash_bits) - 1;
  auto bucket = [mask](std::string_view term, uint64_t seed) {
    return static_cast<uint32_t>(StableHash64(term, seed)) & mask;
  };

  for (std::size_t i = 0; i < title.terms.size(); ++i) {
    const std::string_view term = title.Term(i);
    raw.push_back({bucket(term, kTitleSeed), 1.0f});
    raw.push_back({bucket(term, kBodySeed), config_.title_weight});
  }

  for (std::size_t i = 0; i < body.terms.size(); ++i) {
    const std::string_view term = body.Term(i);
    raw.push_back({bucket(term, kBodySeed), 1.0f});
    if (config_.bigrams && i > 0 &&
        body.terms[i].position == body.terms[i - 1].position + 1) {
      const uint64_t first = StableHash64(body.Term(i - 1), kBigramSeed);
      raw.push_back(
          {static_cast<uint32_t>(StableHash64(term, first)) & mask, 1.0f});
    }
  }

  std::sort(raw.begin(), raw.end(),
            [](const Raw& a, const Raw& b) { return a.index < b.index; });
  std::vector<SparseFeature> out;
  double norm = 0.0;
  for (std::size_t i = 0; i < raw.size();) {
    float count = 0.0f;
    const uint32_t index = raw[i].index;
    for (; i < raw.size() && raw[i].index == index; ++i) count += raw[i].count;
    const float value = std::log1p(count);
    out.push_back({index, value});
    norm += static_cast<double>(value) * value;
  }
  if (norm > 0.0) {
    const float scale = static_cast<float>(1.0 / std::sqrt(norm));
    for (SparseFeature& f : out) f.value *= scale;
  }
  return out;
}

}  // namespace khabar::nlp
