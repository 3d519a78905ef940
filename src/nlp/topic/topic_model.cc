#include "nlp/topic/topic_model.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <unordered_map>

#include "nlp/topic/labeled_corpus.h"
#include "nlp/topic/model_file.h"
#include "nlp/topic/taxonomy.h"

namespace khabar::nlp {
namespace {

// Bump the last character when the layout changes: old files then fail
// with "wrong magic" instead of being misread.
constexpr std::string_view kTopicMagic = "KHTOPIC1";
constexpr std::string_view kWhat = "topic model";
constexpr uint32_t kMinHashBits = 8;
constexpr uint32_t kMaxHashBits = 22;
constexpr uint32_t kMaxIdSize = 64;
constexpr float kInt8Max = 127.0f;

void Softmax(std::vector<double>* scores) {
  const double top = *std::max_element(scores->begin(), scores->end());
  double sum = 0.0;
  for (double& s : *scores) {
    s = std::exp(s - top);
    sum += s;
  }
  for (double& s : *scores) s /= sum;
}

struct Example {
  std::vector<SparseFeature> features;
  int section;
};

}  // namespace

TopicModel::TopicModel(const FeatureConfig& config, float scale,
                       std::vector<float> biases, std::vector<int8_t> weights)
    : featurizer_(config),
      scale_(scale),
      biases_(std::move(biases)),
      weights_(std::move(weights)) {}

Result<std::unique_ptr<TopicModel>> TopicModel::Load(const std::string& path) {
  Result<ModelReader> opened = ModelReader::Open(path, kTopicMagic, kWhat);
  if (!opened.ok()) return opened.status();
  ModelReader& in = *opened;
  const auto corrupt = [&path](const std::string& msg) {
    return Status::Corruption(std::string(kWhat) + " " + path + ": " + msg);
  };

  uint32_t num_sections = 0;
  KHABAR_RETURN_IF_ERROR(in.GetU32(&num_sections));
  const std::span<const Section> sections = Sections();
  if (num_sections != sections.size()) {
    return corrupt("has " + std::to_string(num_sections) +
                   " sections, this build knows " +
                   std::to_string(sections.size()));
  }
  for (const Section& section : sections) {
    std::string id;
    KHABAR_RETURN_IF_ERROR(in.GetString(&id, kMaxIdSize));
    if (id != section.id) {
      return corrupt("section '" + id + "' where '" + std::string(section.id) +
                     "' was expected");
    }
  }
  FeatureConfig config;
  uint8_t bigrams = 0;
  KHABAR_RETURN_IF_ERROR(in.GetU32(&config.hash_bits));
  KHABAR_RETURN_IF_ERROR(in.GetU8(&bigrams));
  KHABAR_RETURN_IF_ERROR(in.GetF32(&config.title_weight));
  config.bigrams = bigrams != 0;
  if (config.hash_bits < kMinHashBits || config.hash_bits > kMaxHashBits) {
    return corrupt("hash_bits " + std::to_string(config.hash_bits) +
                   " out of range");
  }
  float scale = 0.0f;
  KHABAR_RETURN_IF_ERROR(in.GetF32(&scale));
  if (!std::isfinite(scale) || scale < 0.0f) return corrupt("bad scale");
  std::vector<float> biases(num_sections);
  KHABAR_RETURN_IF_ERROR(
      in.GetBytes(biases.data(), biases.size() * sizeof(float)));
  std::vector<int8_t> weights((std::size_t{1} << config.hash_bits) *
                              num_sections);
  KHABAR_RETURN_IF_ERROR(in.GetBytes(weights.data(), weights.size()));
  KHABAR_RETURN_IF_ERROR(in.ExpectEnd());
  return std::unique_ptr<TopicModel>(
      new TopicModel(config, scale, std::move(biases), std::move(weights)));
}

TopicPrediction TopicModel::Predict(std::string_view title,
                                    std::string_view body) const {
  return PredictFeatures(featurizer_.Featurize(title, body));
}

TopicPrediction TopicModel::Predict(const text::AnalyzedText& title,
                                    const text::AnalyzedText& body) const {
  return PredictFeatures(featurizer_.Featurize(title, body));
}

TopicPrediction TopicModel::PredictFeatures(
    const std::vector<SparseFeature>& features) const {
  TopicPrediction out;
  if (features.empty()) return out;
  const std::size_t n = biases_.size();
  std::vector<double> scores(n, 0.0);
  // Rows are scattered over a table larger than the cache: fetch a few
  // features ahead (the sums are unchanged).
  constexpr std::size_t kPrefetchDistance = 8;
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (i + kPrefetchDistance < features.size()) {
      __builtin_prefetch(
          &weights_[static_cast<std::size_t>(features[i + kPrefetchDistance].index) * n]);
    }
    const SparseFeature& f = features[i];
    const int8_t* row = &weights_[static_cast<std::size_t>(f.index) * n];
    for (std::size_t k = 0; k < n; ++k) scores[k] += f.value * row[k];
  }
  for (std::size_t k = 0; k < n; ++k) {
    scores[k] = scores[k] * scale_ + biases_[k];
  }
  Softmax(&scores);
  const auto best = std::max_element(scores.begin(), scores.end());
  out.section = static_cast<int>(best - scores.begin());
  out.confidence = static_cast<float>(*best);
  out.id = Sections()[out.section].id;
  out.arabic_name = Sections()[out.section].arabic_name;
  out.probabilities.assign(scores.begin(), scores.end());
  return out;
}

Status TrainTopics(const TopicTrainOptions& options) {
  if (options.train_files.empty()) {
    return Status::InvalidArgument("no training files given");
  }
  if (options.output_path.empty()) {
    return Status::InvalidArgument("no output path given");
  }
  if (options.features.hash_bits < kMinHashBits ||
      options.features.hash_bits > kMaxHashBits) {
    return Status::InvalidArgument("hash_bits must be in [8, 22]");
  }
  if (options.epochs < 1) return Status::InvalidArgument("epochs must be >= 1");

  std::vector<LabeledDoc> docs;
  for (const std::string& file : options.train_files) {
    Result<std::vector<LabeledDoc>> part = ReadLabeledJsonl(file);
    if (!part.ok()) return part.status();
    for (LabeledDoc& d : *part) docs.push_back(std::move(d));
  }

  // Sections per exact text, to find texts filed under several sections.
  std::unordered_map<std::string_view, uint32_t> sections_of_text;
  for (const LabeledDoc& d : docs) {
    if (std::optional<int> s = MapCorpusLabel(d.label)) {
      sections_of_text[d.text] |= 1u << *s;
    }
  }

  const TopicFeaturizer featurizer(options.features);
  std::vector<Example> examples;
  int unmapped = 0, conflicting = 0;
  for (const LabeledDoc& d : docs) {
    const std::optional<int> section = MapCorpusLabel(d.label);
    if (!section) {
      ++unmapped;
      continue;
    }
    if (options.drop_conflicting_duplicates && !d.text.empty() &&
        std::popcount(sections_of_text[d.text]) > 1) {
      ++conflicting;
      continue;
    }
    Example ex{featurizer.Featurize(d.title, d.text), *section};
    if (!ex.features.empty()) examples.push_back(std::move(ex));
  }
  if (examples.empty()) {
    return Status::InvalidArgument("no training documents with known labels");
  }
  if (options.verbose) {
    std::fprintf(stderr,
                 "train: %zu examples (%d unmapped labels, %d conflicting "
                 "duplicates dropped)\n",
                 examples.size(), unmapped, conflicting);
  }

  // Averaged SGD for multinomial logistic regression. `w` are the current
  // weights; `u` accumulates step * update so that the average over all
  // steps is w - u / step without touching every weight at every step.
  const std::size_t n = Sections().size();
  const std::size_t buckets = std::size_t{1} << options.features.hash_bits;
  std::vector<float> w(buckets * n, 0.0f), u(buckets * n, 0.0f);
  std::vector<double> b(n, 0.0), bu(n, 0.0);
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  double step = 1.0;
  std::vector<double> scores(n);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    double loss = 0.0;
    const double lr = options.learning_rate / (1.0 + 0.5 * epoch);
    for (std::size_t idx : order) {
      const Example& ex = examples[idx];
      for (std::size_t k = 0; k < n; ++k) scores[k] = b[k];
      for (const SparseFeature& f : ex.features) {
        const float* row = &w[static_cast<std::size_t>(f.index) * n];
        for (std::size_t k = 0; k < n; ++k) scores[k] += f.value * row[k];
      }
      Softmax(&scores);
      loss -= std::log(std::max(scores[ex.section], 1e-12));
      for (std::size_t k = 0; k < n; ++k) {
        const double g = scores[k] - (static_cast<int>(k) == ex.section);
        const double db = -lr * g;
        b[k] += db;
        bu[k] += step * db;
      }
      for (const SparseFeature& f : ex.features) {
        float* row = &w[static_cast<std::size_t>(f.index) * n];
        float* urow = &u[static_cast<std::size_t>(f.index) * n];
        for (std::size_t k = 0; k < n; ++k) {
          const double g = scores[k] - (static_cast<int>(k) == ex.section);
          const double d = -lr * (g * f.value + options.l2 * row[k]);
          row[k] += static_cast<float>(d);
          urow[k] += static_cast<float>(step * d);
        }
      }
      step += 1.0;
    }
    if (options.verbose) {
      std::fprintf(stderr, "epoch %d: mean loss %.4f\n", epoch + 1,
                   loss / static_cast<double>(examples.size()));
    }
  }

  float max_abs = 0.0f;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] -= static_cast<float>(u[i] / step);
    max_abs = std::max(max_abs, std::fabs(w[i]));
  }
  const float scale = max_abs > 0.0f ? max_abs / kInt8Max : 1.0f;
  std::vector<int8_t> q(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    q[i] = static_cast<int8_t>(std::lround(w[i] / scale));
  }

  ModelWriter out(kTopicMagic);
  out.PutU32(static_cast<uint32_t>(n));
  for (const Section& s : Sections()) out.PutString(s.id);
  out.PutU32(options.features.hash_bits);
  out.PutU8(options.features.bigrams ? 1 : 0);
  out.PutF32(options.features.title_weight);
  out.PutF32(scale);
  for (std::size_t k = 0; k < n; ++k) {
    out.PutF32(static_cast<float>(b[k] - bu[k] / step));
  }
  out.PutBytes(q.data(), q.size());
  return out.WriteTo(options.output_path);
}

Result<TopicEvalResult> EvaluateTopics(const TopicModel& model,
                                       const std::string& jsonl) {
  Result<std::vector<LabeledDoc>> docs = ReadLabeledJsonl(jsonl);
  if (!docs.ok()) return docs.status();
  const std::size_t n = Sections().size();
  std::unordered_map<std::string_view, uint32_t> sections_of_text;
  for (const LabeledDoc& d : *docs) {
    if (std::optional<int> s = MapCorpusLabel(d.label)) {
      sections_of_text[d.text] |= 1u << *s;
    }
  }

  TopicEvalResult r;
  r.confusion.assign(n, std::vector<int>(n, 0));
  int correct = 0, correct_any = 0;
  std::chrono::steady_clock::duration predict_time{};
  for (const LabeledDoc& d : *docs) {
    const std::optional<int> gold = MapCorpusLabel(d.label);
    if (!gold) {
      ++r.skipped;
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    const TopicPrediction p = model.Predict(d.title, d.text);
    predict_time += std::chrono::steady_clock::now() - start;
    ++r.docs;
    const uint32_t golds = sections_of_text[d.text];
    if (std::popcount(golds) > 1) ++r.ambiguous_docs;
    if (p.section == *gold) ++correct;
    if (p.section >= 0 && (golds >> p.section & 1u)) ++correct_any;
    if (p.section >= 0) ++r.confusion[*gold][p.section];
  }
  if (r.docs == 0) {
    return Status::InvalidArgument(jsonl + ": no documents with known labels");
  }
  r.accuracy = static_cast<double>(correct) / r.docs;
  r.accuracy_any_label = static_cast<double>(correct_any) / r.docs;
  const double seconds = std::chrono::duration<double>(predict_time).count();
  r.docs_per_second = seconds > 0.0 ? r.docs / seconds : 0.0;
  int labels_present = 0;
  for (std::size_t k = 0; k < n; ++k) {
    TopicLabelMetrics m;
    m.id = Sections()[k].id;
    for (std::size_t j = 0; j < n; ++j) {
      m.support += r.confusion[k][j];
      m.predicted += r.confusion[j][k];
    }
    const int tp = r.confusion[k][k];
    m.precision = m.predicted > 0 ? static_cast<double>(tp) / m.predicted : 0;
    m.recall = m.support > 0 ? static_cast<double>(tp) / m.support : 0;
    m.f1 = m.precision + m.recall > 0
               ? 2 * m.precision * m.recall / (m.precision + m.recall)
               : 0;
    if (m.support > 0) {
      ++labels_present;
      r.macro_f1 += m.f1;
    }
    r.per_label.push_back(m);
  }
  if (labels_present > 0) r.macro_f1 /= labels_present;
  return r;
}

}  // namespace khabar::nlp
