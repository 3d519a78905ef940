// Named entity recognition for Arabic news: persons, locations,
// organizations and other names (the ANERcorp types), tagged by an averaged
// structured perceptron with Viterbi decoding over BIO tags.
//
//   auto model = NerModel::Load(models_dir + "/ner.model");
//   for (const EntityMention& m : (*model)->Find(article_text)) ...
//
// A NerModel is immutable after Load and thread-safe: Find and TagWords are
// const and keep their scratch space on the caller's stack. Text is assumed
// to be valid UTF-8 (validated at the boundary, see text/utf8.h); mention
// offsets are byte offsets into the text passed to Find. See README.md for
// the method, features, training split and figures.
#ifndef KHABAR_NLP_NER_NER_H_
#define KHABAR_NLP_NER_NER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "nlp/ner/bio.h"
#include "nlp/ner/conll.h"
#include "nlp/ner/entity_type.h"
#include "nlp/ner/gazetteer.h"
#include "nlp/ner/word_clusters.h"
#include "text/sentence.h"

namespace khabar::nlp {

struct EntityMention {
  EntityType type;
  uint32_t begin = 0;  // byte offsets into the text given to Find
  uint32_t end = 0;
  std::string text;  // the surface, as written
  friend bool operator==(const EntityMention&, const EntityMention&) = default;
};

// What a model file holds, in memory: quantized weights of the hashed
// emission features (one row of kNumTags per bucket), tag-transition
// weights, and the gazetteer learned from the training portion. Produced by
// TrainNer, consumed by NerModel; exposed so tests can build tiny models.
struct NerModelParams {
  static constexpr int kStartRow = kNumTags;  // transition row "no previous"
  int hash_bits = 0;
  std::vector<int16_t> weights;  // (1 << hash_bits) * kNumTags
  std::array<int32_t, (kNumTags + 1) * kNumTags> transitions = {};
  LearnedGazetteer gazetteer;
  WordClusters clusters;  // empty in format version 1
  // Word cores mostly outside entities in the training data (value 1): the
  // document-consistency pass never turns them into entities.
  LearnedGazetteer common_words;
};

// The model file: magic "KHABNER1", a format version, the parameters (only
// non-zero weight rows), and a StableHash64 checksum of everything after the
// magic. Little-endian.
std::string SerializeNerModel(const NerModelParams& params);

class NerModel {
 public:
  // Fails with NotFound when `path` does not exist, IOError when it cannot
  // be read, Corruption when the magic, version, sizes or checksum are wrong.
  static Result<std::unique_ptr<NerModel>> Load(const std::string& path);
  // The same checks on bytes in memory; `name` appears in error messages.
  static Result<std::unique_ptr<NerModel>> Parse(std::string_view bytes,
                                                 std::string_view name);
  explicit NerModel(NerModelParams params);

  // Splits `text` into sentences (text::SplitSentences), tokenizes each
  // (text::Tokenize) and returns the entity mentions in text order. `text`
  // is one document: a second pass gives each sentence what the first found
  // in the others (document features and the consistency rule).
  std::vector<EntityMention> Find(std::string_view text) const;
  // The same with `text` already split: `sentences` must be
  // text::SplitSentences(text).
  std::vector<EntityMention> Find(std::string_view text,
                                  std::span<const text::SentenceSpan> sentences) const;

  // Tags one pre-tokenized sentence on its own (first pass only): one
  // well-formed BIO tag per word.
  std::vector<Tag> TagWords(std::span<const std::string_view> words) const;

  const NerModelParams& params() const { return params_; }

 private:
  NerModelParams params_;
};

struct NerTrainOptions {
  // ANERcorp-style CoNLL files ("TOKEN TAG"). The tail dev_fraction of each
  // file's sentences is held out (DevSplitBegin) and used only to report
  // progress. Files ending in ".jsonl" are unlabelled news instead (ANT
  // corpus JSON lines: "title", "text"), read only to learn word clusters.
  std::vector<std::string> train_files;
  // Optional NewsFANE Gold file (fine types mapped by MapNewsFaneType). Its
  // sentences share text with ANERcorp, so any that overlap the held-out dev
  // text (TextOverlapIndex) are dropped before training.
  std::string newsfane_file;
  double dev_fraction = 0.1;
  int epochs = 10;
  uint32_t seed = 20161017;  // shuffling order, fixed for reproducibility
  int hash_bits = 18;
  // Quantized weight rows whose largest magnitude is at most this are
  // dropped from the file (and read back as zero).
  int prune_threshold = 0;
  // Folds for the learned gazetteer during training: each sentence sees a
  // gazetteer built from the other folds only, so the model learns how far
  // to trust gazetteer hits on unseen text rather than memorizing them.
  int gazetteer_folds = 5;
  std::string output_path;
  // Progress lines (one per epoch); stderr when empty.
  std::function<void(std::string_view)> progress;
};

[[nodiscard]] Status TrainNer(const NerTrainOptions& options);

enum class NerSubset {
  kAll,
  kDev,    // the held-out tail (as in training with the same dev_fraction)
  kTrain,  // everything before it
};

struct NerEvalOptions {
  CorpusFormat format = CorpusFormat::kAnercorp;
  NerSubset subset = NerSubset::kAll;
  double dev_fraction = 0.1;
  // For NewsFANE: the ANERcorp file whose dev split defines the subset. With
  // kDev, only NewsFANE sentences sharing text with that dev tail and none
  // with its training part are scored; with kTrain, the complement.
  std::string split_reference;
  // Whether MISC entities are scored (drop them for PERS/LOC/ORG figures).
  bool score_misc = true;
};

struct NerScore {
  uint32_t gold = 0;
  uint32_t predicted = 0;
  uint32_t correct = 0;
  double precision() const { return predicted ? 1.0 * correct / predicted : 0; }
  double recall() const { return gold ? 1.0 * correct / gold : 0; }
  double f1() const {
    const double p = precision();
    const double r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

struct NerEvalResult {
  std::array<NerScore, kNumEntityTypes> per_type;  // by EntityType
  NerScore micro;
  uint32_t sentences = 0;
  uint32_t tokens = 0;
  double seconds = 0;  // tagging time only (features + Viterbi), one thread
  double sentences_per_second = 0;
};

// Exact-span scoring (type and both boundaries must match, conlleval rules
// for broken BIO) of `model` on `conll_file`.
Result<NerEvalResult> EvaluateNer(const NerModel& model,
                                  const std::string& conll_file,
                                  const NerEvalOptions& options = {});
// The same on sentences already read.
NerEvalResult EvaluateNerOn(const NerModel& model,
                            std::span<const ConllSentence> sentences,
                            bool score_misc);

// Multi-line table: per type and micro P/R/F1, sentences/s.
std::string FormatNerEval(const NerEvalResult& result);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_NER_H_
