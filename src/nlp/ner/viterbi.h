// Viterbi decoding over BIO tags with first-order transition scores, shared
// by the trainer (float weights) and the model (quantized integer weights).
// Illegal transitions (I-X not after B-X/I-X) are never chosen, so the
// output is always well formed. Pure; thread-safe.
#ifndef KHABAR_NLP_NER_VITERBI_H_
#define KHABAR_NLP_NER_VITERBI_H_

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "nlp/ner/bio.h"

namespace khabar::nlp {

// emissions: n * kNumTags scores; transitions: (kNumTags + 1) * kNumTags,
// row kNumTags is "start of sentence". Writes n tags to `out`.
template <typename Score>
void ViterbiDecode(std::span<const Score> emissions,
                   std::span<const Score> transitions, std::span<Tag> out,
                   std::vector<Score>* score_scratch,
                   std::vector<Tag>* back_scratch) {
  const std::size_t n = out.size();
  if (n == 0) return;
  constexpr Score kNone = std::numeric_limits<Score>::lowest() / 4;
  std::vector<Score>& score = *score_scratch;
  std::vector<Tag>& back = *back_scratch;
  static const auto kAllowed = [] {
    std::array<bool, kNumTags * kNumTags> allowed = {};
    for (int p = 0; p < kNumTags; ++p) {
      for (int t = 0; t < kNumTags; ++t) {
        allowed[p * kNumTags + t] =
            IsAllowedTransition(static_cast<Tag>(p), static_cast<Tag>(t));
      }
    }
    return allowed;
  }();
  score.assign(n * kNumTags, kNone);
  back.assign(n * kNumTags, 0);
  for (int t = 0; t < kNumTags; ++t) {
    if (!IsAllowedTransition(std::nullopt, static_cast<Tag>(t))) continue;
    score[t] = transitions[kNumTags * kNumTags + t] + emissions[t];
  }
  for (std::size_t i = 1; i < n; ++i) {
    for (int t = 0; t < kNumTags; ++t) {
      Score best = kNone;
      Tag best_prev = 0;
      for (int p = 0; p < kNumTags; ++p) {
        const Score prev = score[(i - 1) * kNumTags + p];
        if (prev == kNone || !kAllowed[p * kNumTags + t]) {
          continue;
        }
        const Score s = prev + transitions[p * kNumTags + t];
        if (s > best) {
          best = s;
          best_prev = static_cast<Tag>(p);
        }
      }
      if (best == kNone) continue;
      score[i * kNumTags + t] = best + emissions[i * kNumTags + t];
      back[i * kNumTags + t] = best_prev;
    }
  }
  Tag best_last = 0;
  for (int t = 1; t < kNumTags; ++t) {
    if (score[(n - 1) * kNumTags + t] > score[(n - 1) * kNumTags + best_last]) {
      best_last = static_cast<Tag>(t);
    }
  }
  out[n - 1] = best_last;
  for (std::size_t i = n - 1; i > 0; --i) {
    out[i - 1] = back[i * kNumTags + out[i]];
  }
}

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_VITERBI_H_
