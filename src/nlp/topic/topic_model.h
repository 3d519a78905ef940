// Topic (section) classification of news articles.
//
// TopicModel is a multinomial logistic regression over hashed analyzer-stem
// features (topic_features.h) with int8-quantized weights, loaded from a
// model file written by TrainTopics. Sections and the corpus-label mapping
// are in taxonomy.h; method and figures in README.md.
//
// Thread-safety: a loaded TopicModel is immutable; Predict is const and safe
// to call from many threads at once. Load returns a model the caller owns.
#ifndef KHABAR_NLP_TOPIC_TOPIC_MODEL_H_
#define KHABAR_NLP_TOPIC_TOPIC_MODEL_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "nlp/topic/topic_features.h"

namespace khabar::nlp {

struct TopicPrediction {
  // Section id ("sport") and its Arabic display name; both empty, with
  // section -1 and confidence 0, when the text has no terms to go on.
  std::string_view id;
  std::string_view arabic_name;
  int section = -1;                  // index into Sections()
  float confidence = 0.0f;           // softmax probability of `section`
  std::vector<float> probabilities;  // per section, in Sections() order
};

class TopicModel {
 public:
  // NotFound for a missing file; Corruption for a truncated file, a wrong
  // magic, a checksum mismatch or inconsistent fields.
  static Result<std::unique_ptr<TopicModel>> Load(const std::string& path);

  // Title and body are UTF-8 (invalid bytes are analyzed as U+FFFD, never
  // UB). Deterministic.
  TopicPrediction Predict(std::string_view title, std::string_view body) const;
  // The same from the title and body already run through
  // text::MakeKhabarAnalyzer() (kDocument mode): callers that analyze the
  // text for other stages too (Understanding::Analyze) pay for it once.
  TopicPrediction Predict(const text::AnalyzedText& title,
                          const text::AnalyzedText& body) const;

  const FeatureConfig& feature_config() const { return featurizer_.config(); }

 private:
  TopicModel(const FeatureConfig& config, float scale,
             std::vector<float> biases, std::vector<int8_t> weights);
  TopicPrediction PredictFeatures(const std::vector<SparseFeature>& features) const;

  TopicFeaturizer featurizer_;
  float scale_;                  // weight = scale_ * quantized
  std::vector<float> biases_;    // per section
  std::vector<int8_t> weights_;  // [bucket * sections + section]
};

struct TopicTrainOptions {
  std::vector<std::string> train_files;  // labeled JSONL (labeled_corpus.h)
  std::string output_path;
  FeatureConfig features;
  int epochs = 15;
  // Large because features are unit-normalized and weights are averaged:
  // 0.5 underfits (dev 78.3 % vs 79.2 % on v2.1 alone).
  float learning_rate = 8.0f;
  // L2 penalty per example on the weights an example touches.
  float l2 = 1e-6f;
  uint64_t seed = 20180301;  // shuffling; same seed, same model
  // Texts filed under several sections (France24 items in two categories)
  // teach nothing but noise; drop all copies when true.
  bool drop_conflicting_duplicates = true;
  bool verbose = false;  // progress on stderr
};

// Trains on the train files (documents whose label MapCorpusLabel does not
// know are skipped) and writes the model to output_path.
[[nodiscard]] Status TrainTopics(const TopicTrainOptions& options);

struct TopicLabelMetrics {
  std::string_view id;  // section id
  int support = 0;      // gold documents
  int predicted = 0;
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

struct TopicEvalResult {
  int docs = 0;     // evaluated (gold label maps to a section)
  int skipped = 0;  // gold label with no section
  double accuracy = 0.0;
  // Documents whose exact text also appears with another gold section in
  // the same file, and accuracy counting a prediction right when it is any
  // of the text's gold sections (no classifier can score those otherwise).
  int ambiguous_docs = 0;
  double accuracy_any_label = 0.0;
  double macro_f1 = 0.0;
  std::vector<TopicLabelMetrics> per_label;  // Sections() order
  std::vector<std::vector<int>> confusion;   // [gold][predicted]
  double docs_per_second = 0.0;              // Predict only
};

// Evaluates `model` on a labeled JSONL file (gold labels mapped through
// MapCorpusLabel).
Result<TopicEvalResult> EvaluateTopics(const TopicModel& model,
                                       const std::string& jsonl);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_TOPIC_MODEL_H_
