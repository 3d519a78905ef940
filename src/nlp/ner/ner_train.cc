// TrainNer: the averaged structured perceptron (Collins 2002) over BIO tags
// with Viterbi decoding, hashed features, a jackknifed learned gazetteer,
// word clusters from unlabelled news (*.jsonl inputs) and document features
// learned from a cross-validated first pass.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

#include "nlp/ner/features.h"
#include "nlp/ner/ner.h"
#include "nlp/ner/viterbi.h"

namespace khabar::nlp {
namespace {

constexpr int kTransitionSize = (kNumTags + 1) * kNumTags;
constexpr float kQuantMax = 32767.0f;

// One training sentence with its features already hashed to buckets.
struct Example {
  std::vector<uint32_t> buckets;
  std::vector<uint32_t> offsets;
  std::vector<Tag> gold;
};

// Weights plus the running sums for averaging: the averaged weight is
// w - u / c, where u accumulates c * delta for each update at time c.
class Perceptron {
 public:
  explicit Perceptron(int hash_bits)
      : hash_bits_(hash_bits),
        w_((std::size_t{1} << hash_bits) * kNumTags, 0.0f),
        u_(w_.size(), 0.0f) {}

  void Decode(const Example& ex, const std::vector<float>& weights,
              const std::array<float, kTransitionSize>& transitions,
              std::vector<Tag>* out) {
    const std::size_t n = ex.gold.size();
    emissions_.assign(n * kNumTags, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      float* e = &emissions_[i * kNumTags];
      for (uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
        const float* row = &weights[std::size_t{ex.buckets[k]} * kNumTags];
        for (int t = 0; t < kNumTags; ++t) e[t] += row[t];
      }
    }
    out->assign(n, kTagO);
    ViterbiDecode<float>(emissions_, transitions, *out, &score_, &back_);
  }

  // One online step; returns the number of mistagged tokens.
  std::size_t Train(const Example& ex) {
    ++c_;
    Decode(ex, w_, tw_, &predicted_);
    std::size_t errors = 0;
    const std::size_t n = ex.gold.size();
    for (std::size_t i = 0; i < n; ++i) {
      const Tag g = ex.gold[i];
      const Tag p = predicted_[i];
      const int prev_g = i == 0 ? NerModelParams::kStartRow : ex.gold[i - 1];
      const int prev_p = i == 0 ? NerModelParams::kStartRow : predicted_[i - 1];
      if (g != p) {
        ++errors;
        for (uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
          const std::size_t row = std::size_t{ex.buckets[k]} * kNumTags;
          Update(&w_[row + g], &u_[row + g], 1.0f);
          Update(&w_[row + p], &u_[row + p], -1.0f);
        }
      }
      if (g != p || prev_g != prev_p) {
        Update(&tw_[prev_g * kNumTags + g], &tu_[prev_g * kNumTags + g], 1.0f);
        Update(&tw_[prev_p * kNumTags + p], &tu_[prev_p * kNumTags + p], -1.0f);
      }
    }
    return errors;
  }

  // The averaged weights.
  void Averaged(std::vector<float>* w,
                std::array<float, kTransitionSize>* tw) const {
    const auto c = static_cast<float>(c_);
    w->resize(w_.size());
    for (std::size_t i = 0; i < w_.size(); ++i) (*w)[i] = w_[i] - u_[i] / c;
    for (int i = 0; i < kTransitionSize; ++i) (*tw)[i] = tw_[i] - tu_[i] / c;
  }

  int hash_bits() const { return hash_bits_; }

 private:
  void Update(float* w, float* u, float delta) const {
    *w += delta;
    *u += static_cast<float>(c_) * delta;
  }

  int hash_bits_;
  std::vector<float> w_, u_;
  std::array<float, kTransitionSize> tw_ = {}, tu_ = {};
  uint64_t c_ = 0;
  std::vector<float> emissions_, score_;
  std::vector<Tag> back_, predicted_;
};

Example MakeExample(const ConllSentence& sentence,
                    const FeatureExtractor& extractor, int hash_bits,
                    SentenceFeatures* scratch,
                    std::span<const uint8_t> doc_bits = {}) {
  const std::vector<std::string_view> words(sentence.words.begin(),
                                            sentence.words.end());
  extractor.Extract(words, scratch, doc_bits);
  Example ex;
  ex.buckets.reserve(scratch->features.size());
  for (const RawFeature& f : scratch->features) {
    ex.buckets.push_back(FeatureBucket(f, hash_bits));
  }
  ex.offsets = scratch->offsets;
  ex.gold = sentence.tags;
  return ex;
}

// Exact-span micro F1 of `weights` on `examples` (for progress lines).
double DevF1(Perceptron* p, const std::vector<Example>& examples,
             const std::vector<float>& w,
             const std::array<float, kTransitionSize>& tw) {
  NerScore score;
  std::vector<Tag> predicted;
  for (const Example& ex : examples) {
    p->Decode(ex, w, tw, &predicted);
    const std::vector<TagSpan> gold = DecodeBio(ex.gold);
    const std::vector<TagSpan> pred = DecodeBio(predicted);
    score.gold += static_cast<uint32_t>(gold.size());
    score.predicted += static_cast<uint32_t>(pred.size());
    for (const TagSpan& g : gold) {
      score.correct += std::find(pred.begin(), pred.end(), g) != pred.end();
    }
  }
  return score.f1();
}

}  // namespace

Status TrainNer(const NerTrainOptions& options) {
  const auto report = [&](const std::string& line) {
    if (options.progress) {
      options.progress(line);
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  };
  if (options.train_files.empty()) {
    return Status::InvalidArgument("no NER training files given");
  }
  if (options.output_path.empty()) {
    return Status::InvalidArgument("no output path for the NER model");
  }
  if (options.hash_bits < 12 || options.hash_bits > 24 || options.epochs < 1 ||
      options.gazetteer_folds < 2) {
    return Status::InvalidArgument(
        "NER options out of range (hash_bits 12..24, epochs >= 1, folds >= 2)");
  }
  std::vector<ConllSentence> train;
  std::vector<ConllSentence> dev;
  std::vector<std::string> unlabelled;
  for (const std::string& path : options.train_files) {
    if (path.ends_with(".jsonl")) {
      unlabelled.push_back(path);
      continue;
    }
    Result<std::vector<ConllSentence>> sentences =
        ReadConll(path, CorpusFormat::kAnercorp);
    if (!sentences.ok()) return sentences.status();
    const std::size_t dev_begin =
        DevSplitBegin(sentences->size(), options.dev_fraction);
    for (std::size_t i = 0; i < sentences->size(); ++i) {
      (i < dev_begin ? train : dev).push_back(std::move((*sentences)[i]));
    }
  }
  if (!options.newsfane_file.empty()) {
    Result<std::vector<ConllSentence>> extra =
        ReadConll(options.newsfane_file, CorpusFormat::kNewsFane);
    if (!extra.ok()) return extra.status();
    const TextOverlapIndex dev_index(dev);
    std::size_t kept = 0;
    for (ConllSentence& sentence : *extra) {
      if (dev_index.Overlaps(sentence)) continue;
      train.push_back(std::move(sentence));
      ++kept;
    }
    report("NewsFANE: kept " + std::to_string(kept) + " of " +
           std::to_string(extra->size()) +
           " sentences (the rest share text with the dev split)");
  }
  report("train " + std::to_string(train.size()) + " sentences, dev " +
         std::to_string(dev.size()));

  // Learned gazetteers: one per fold from the other folds, for the training
  // features; the full one for dev and for the model file.
  const int folds = options.gazetteer_folds;
  std::vector<GazetteerBuilder> fold_builders(static_cast<std::size_t>(folds));
  GazetteerBuilder full_builder;
  {
    std::vector<TokenInfo> infos;
    std::vector<uint64_t> cores;
    for (std::size_t s = 0; s < train.size(); ++s) {
      const std::vector<std::string_view> words(train[s].words.begin(),
                                                train[s].words.end());
      AnalyzeTokens(words, nullptr, &infos);
      cores.clear();
      for (const TokenInfo& info : infos) cores.push_back(info.core);
      full_builder.Add(cores, train[s].tags);
      for (int f = 0; f < folds; ++f) {
        if (static_cast<int>(s % static_cast<std::size_t>(folds)) != f) {
          fold_builders[static_cast<std::size_t>(f)].Add(cores, train[s].tags);
        }
      }
    }
  }
  std::vector<LearnedGazetteer> fold_gazetteers;
  for (const GazetteerBuilder& b : fold_builders) {
    fold_gazetteers.push_back(b.Build());
  }
  LearnedGazetteer full_gazetteer = full_builder.Build();

  // Word clusters from the unlabelled news plus the training text (never
  // the dev tail).
  WordClusters clusters;
  if (!unlabelled.empty()) {
    const auto start = std::chrono::steady_clock::now();
    UnlabelledText text;
    if (Status st = ReadUnlabelledText(unlabelled, &text); !st.ok()) return st;
    for (const ConllSentence& sentence : train) {
      text.sentences.emplace_back(sentence.words.begin(), sentence.words.end());
    }
    clusters = BuildWordClusters(text.sentences);
    report("word clusters: " + std::to_string(clusters.entries().size()) +
           " cores, " +
           std::to_string(std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count()) +
           "s");
  }

  SentenceFeatures scratch;
  NerModelParams params;
  std::size_t kept_rows = 0;
  // Blocks of consecutive training sentences for the cross-validated first
  // pass that feeds the document features.
  constexpr std::size_t kDocBlocks = 5;
  const auto block_of = [&](std::size_t s) {
    return s * kDocBlocks / train.size();
  };
  // skip_block: train on all sentences outside it (kDocBlocks = all).
  // doc_bits: per training sentence, the document votes (null = none).
  const auto fit = [&](std::size_t skip_block,
                       const std::vector<std::vector<uint8_t>>* doc_bits) {
    const std::string label = skip_block < kDocBlocks
                                  ? "first pass without block " +
                                        std::to_string(skip_block + 1) + "/" +
                                        std::to_string(kDocBlocks) + ", "
                                  : std::string();
    std::vector<Example> train_examples;
    train_examples.reserve(train.size());
    for (std::size_t s = 0; s < train.size(); ++s) {
      if (block_of(s) == skip_block) continue;
      const FeatureExtractor extractor(
          &fold_gazetteers[s % static_cast<std::size_t>(folds)], &clusters);
      std::span<const uint8_t> bits;
      if (doc_bits != nullptr) bits = (*doc_bits)[s];
      train_examples.push_back(
          MakeExample(train[s], extractor, options.hash_bits, &scratch, bits));
    }
    std::vector<Example> dev_examples;
    const FeatureExtractor dev_extractor(&full_gazetteer, &clusters);
    for (const ConllSentence& sentence : dev) {
      dev_examples.push_back(
          MakeExample(sentence, dev_extractor, options.hash_bits, &scratch));
    }

    std::vector<float> avg;
    std::array<float, kTransitionSize> avg_transitions = {};
    Perceptron perceptron(options.hash_bits);
    // std::shuffle's algorithm is unspecified; Fisher-Yates over mt19937
    // (fully specified) gives the same order with every standard library.
    std::mt19937 rng(options.seed);
    std::vector<std::size_t> order(train_examples.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::size_t tokens = 0;
    for (const Example& ex : train_examples) tokens += ex.gold.size();
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      const auto start = std::chrono::steady_clock::now();
      for (std::size_t i = order.size(); i > 1; --i) {
        const std::size_t j = rng() % i;
        std::swap(order[i - 1], order[j]);
      }
      std::size_t errors = 0;
      for (const std::size_t i : order)
        errors += perceptron.Train(train_examples[i]);
      perceptron.Averaged(&avg, &avg_transitions);
      char line[256];
      const double seconds = std::chrono::duration<double>(
                                 std::chrono::steady_clock::now() - start)
                                 .count();
      std::snprintf(
          line, sizeof(line),
          "%sepoch %d: train token errors %.2f%%, dev micro F1 %.2f "
          "(averaged, first pass only), %.1fs",
          label.c_str(), epoch,
          100.0 * static_cast<double>(errors) /
              static_cast<double>(std::max<std::size_t>(tokens, 1)),
          dev_examples.empty()
              ? 0.0
              : 100 * DevF1(&perceptron, dev_examples, avg, avg_transitions),
          seconds);
      report(line);
    }

    // Quantize to int16 with one scale for emissions and transitions, so the
    // tagger adds integers and decodes exactly like the float model up to
    // rounding.
    float max_abs = 1e-6f;
    for (const float w : avg) max_abs = std::max(max_abs, std::fabs(w));
    for (const float w : avg_transitions)
      max_abs = std::max(max_abs, std::fabs(w));
    const float scale = kQuantMax / max_abs;
    params.hash_bits = options.hash_bits;
    params.weights.assign(avg.size(), 0);
    kept_rows = 0;
    for (std::size_t r = 0; r < avg.size() / kNumTags; ++r) {
      int largest = 0;
      for (int t = 0; t < kNumTags; ++t) {
        const auto q =
            static_cast<int16_t>(std::lround(avg[r * kNumTags + t] * scale));
        params.weights[r * kNumTags + t] = q;
        largest = std::max(largest, std::abs(static_cast<int>(q)));
      }
      if (largest <= options.prune_threshold) {
        std::fill_n(
            params.weights.begin() + static_cast<std::ptrdiff_t>(r * kNumTags),
            kNumTags, int16_t{0});
      } else {
        ++kept_rows;
      }
    }
    for (int i = 0; i < kTransitionSize; ++i) {
      params.transitions[static_cast<std::size_t>(i)] = static_cast<int32_t>(
          std::lround(avg_transitions[static_cast<std::size_t>(i)] * scale));
    }
  };
  {
    // Cross-validated first pass over the training sentences, then the
    // document votes of each sentence from its neighbours' predictions.
    std::vector<std::vector<Tag>> first(train.size());
    for (std::size_t k = 0; k < kDocBlocks; ++k) {
      fit(k, nullptr);
      GazetteerBuilder builder;
      std::vector<TokenInfo> infos;
      std::vector<uint64_t> cores;
      for (std::size_t s = 0; s < train.size(); ++s) {
        if (block_of(s) == k) continue;
        const std::vector<std::string_view> words(train[s].words.begin(),
                                                  train[s].words.end());
        AnalyzeTokens(words, nullptr, &infos);
        cores.clear();
        for (const TokenInfo& info : infos) cores.push_back(info.core);
        builder.Add(cores, train[s].tags);
      }
      NerModelParams fold_params = params;
      fold_params.gazetteer = builder.Build();
      fold_params.clusters = clusters;
      const NerModel fold_model(std::move(fold_params));
      for (std::size_t s = 0; s < train.size(); ++s) {
        if (block_of(s) != k) continue;
        const std::vector<std::string_view> words(train[s].words.begin(),
                                                  train[s].words.end());
        first[s] = fold_model.TagWords(words);
      }
    }
    std::vector<std::vector<uint8_t>> doc_bits(train.size());
    {
      std::vector<std::vector<uint64_t>> cores(train.size());
      std::vector<TokenInfo> infos;
      for (std::size_t s = 0; s < train.size(); ++s) {
        const std::vector<std::string_view> words(train[s].words.begin(),
                                                  train[s].words.end());
        AnalyzeTokens(words, nullptr, &infos);
        for (const TokenInfo& info : infos) cores[s].push_back(DocCore(info));
      }
      const auto w = static_cast<std::size_t>(kDocWindowSentences);
      for (std::size_t s = 0; s < train.size(); ++s) {
        DocumentVotes votes;
        const std::size_t lo = s >= w ? s - w : 0;
        const std::size_t hi = std::min(train.size(), s + w + 1);
        for (std::size_t k = lo; k < hi; ++k) {
          if (k != s) votes.Add(cores[k], first[k]);
        }
        doc_bits[s] = votes.Bits(cores[s]);
      }
    }
    fit(kDocBlocks, &doc_bits);
  }
  params.gazetteer = std::move(full_gazetteer);
  params.clusters = std::move(clusters);
  {
    // Common words, which the document-consistency rule leaves alone: seen
    // at least twice in training, inside entities in under half of the cases.
    constexpr uint32_t min_count = 2;
    constexpr double max_ratio = 0.5;
    std::unordered_map<uint64_t, uint32_t> core_counts;
    std::unordered_map<uint64_t, uint32_t> entity_counts;
    std::vector<TokenInfo> infos;
    for (const ConllSentence& sentence : train) {
      const std::vector<std::string_view> words(sentence.words.begin(),
                                                sentence.words.end());
      AnalyzeTokens(words, nullptr, &infos);
      for (std::size_t i = 0; i < infos.size(); ++i) {
        ++core_counts[infos[i].core];
        if (sentence.tags[i] != kTagO) ++entity_counts[infos[i].core];
      }
    }
    std::unordered_map<uint64_t, uint8_t> common;
    for (const auto& [core, count] : core_counts) {
      const auto it = entity_counts.find(core);
      const uint32_t inside = it == entity_counts.end() ? 0 : it->second;
      if (count >= min_count && inside < max_ratio * count)
        common.emplace(core, 1);
    }
    params.common_words = LearnedGazetteer(std::move(common));
  }
  const std::string bytes = SerializeNerModel(params);
  std::ofstream out(options.output_path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + options.output_path);
  report("wrote " + options.output_path + ": " + std::to_string(bytes.size()) +
         " bytes, " + std::to_string(kept_rows) + " weight rows, " +
         std::to_string(params.gazetteer.entries().size()) +
         " gazetteer entries");
  if (!dev.empty()) {
    const NerModel model(std::move(params));
    report("dev (quantized model):\n" +
           FormatNerEval(EvaluateNerOn(model, dev, /*score_misc=*/true)));
  }
  return Status::Ok();
}

}  // namespace khabar::nlp
