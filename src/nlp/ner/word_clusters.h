// Word clusters learned from unlabelled Arabic news, for the NER features:
// every frequent word core gets a coarse and a fine cluster id, so that
// names never seen in the labelled corpus (foreign players, clubs, towns)
// share weights with names that were.
//
// BuildWordClusters counts, for the most frequent cores of the unlabelled
// text, their left and right neighbours among the most frequent tokens,
// weights the counts by positive PMI and runs spherical k-means twice
// (coarse and fine) from a deterministic start. Everything is sequential
// and ordered, so the same input gives the same clusters (and model bytes).
// WordClusters is immutable after construction and thread-safe to read.
#ifndef KHABAR_NLP_NER_WORD_CLUSTERS_H_
#define KHABAR_NLP_NER_WORD_CLUSTERS_H_

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace khabar::nlp {

class WordClusters {
 public:
  // Value: coarse id in the low 16 bits, fine id in the high 16 (ids >= 1).
  WordClusters() = default;
  explicit WordClusters(std::unordered_map<uint64_t, uint32_t> ids);

  // 0 when the core has no cluster.
  uint32_t Lookup(uint64_t core_hash) const {
    if (keys_.empty()) return 0;
    const uint64_t key = core_hash == 0 ? 1 : core_hash;
    for (std::size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) return 0;
    }
  }
  const std::unordered_map<uint64_t, uint32_t>& entries() const { return ids_; }
  bool empty() const { return ids_.empty(); }

 private:
  std::size_t Slot(uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);
  }
  std::unordered_map<uint64_t, uint32_t> ids_;
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  std::size_t mask_ = 0;
  int shift_ = 64;
};

struct WordClusterOptions {
  std::size_t vocabulary = 50000;  // most frequent cores clustered
  uint32_t min_count = 3;
  std::size_t contexts = 2000;  // most frequent tokens used as context
  int coarse = 128;
  int fine = 512;
  int iterations = 8;
};

// Unlabelled news, split into sentences and tokens (views into `texts`).
struct UnlabelledText {
  std::deque<std::string> texts;
  std::vector<std::vector<std::string_view>> sentences;
};

// Reads JSON lines whose "title" and "text" fields hold articles (the ANT
// corpus format) and appends their sentences to *out.
Status ReadUnlabelledText(const std::vector<std::string>& jsonl_files,
                          UnlabelledText* out);

WordClusters BuildWordClusters(
    std::span<const std::vector<std::string_view>> sentences,
    const WordClusterOptions& options = {});

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_WORD_CLUSTERS_H_
