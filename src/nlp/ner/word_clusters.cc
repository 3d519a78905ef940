#include "nlp/ner/word_clusters.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/hash.h"
#include "nlp/ner/features.h"
#include "text/sentence.h"
#include "text/tokenizer.h"

namespace khabar::nlp {
namespace {

constexpr uint32_t kBreak = std::numeric_limits<uint32_t>::max();

// Sparse rows (CSR) of the PPMI-weighted, L2-normalized context vectors.
struct SparseRows {
  std::vector<std::size_t> begin;  // rows + 1
  std::vector<uint32_t> dim;
  std::vector<float> value;
  std::size_t rows() const { return begin.size() - 1; }
};

// Spherical k-means: each row goes to the centroid of largest dot product.
// Starts from rows spread evenly over the frequency ranking; ties go to the
// lowest cluster, so the result is a pure function of the input.
std::vector<int> KMeans(const SparseRows& x, std::size_t dims, int k,
                        int iterations) {
  const std::size_t n = x.rows();
  const auto kk = static_cast<std::size_t>(k);
  std::vector<float> centroids(dims * kk, 0.0f);  // [dim][cluster]
  for (std::size_t c = 0; c < kk; ++c) {
    const std::size_t r = c * n / kk;
    for (std::size_t e = x.begin[r]; e < x.begin[r + 1]; ++e) {
      centroids[x.dim[e] * kk + c] = x.value[e];
    }
  }
  std::vector<int> assignment(n, 0);
  std::vector<float> scores(kk);
  std::vector<float> sums(dims * kk);
  std::vector<double> norms(kk);
  for (int it = 0; it < iterations; ++it) {
    for (std::size_t r = 0; r < n; ++r) {
      std::fill(scores.begin(), scores.end(), 0.0f);
      for (std::size_t e = x.begin[r]; e < x.begin[r + 1]; ++e) {
        const float v = x.value[e];
        const float* row = &centroids[x.dim[e] * kk];
        for (std::size_t c = 0; c < kk; ++c) scores[c] += v * row[c];
      }
      assignment[r] = static_cast<int>(
          std::max_element(scores.begin(), scores.end()) - scores.begin());
    }
    std::fill(sums.begin(), sums.end(), 0.0f);
    for (std::size_t r = 0; r < n; ++r) {
      const auto c = static_cast<std::size_t>(assignment[r]);
      for (std::size_t e = x.begin[r]; e < x.begin[r + 1]; ++e) {
        sums[x.dim[e] * kk + c] += x.value[e];
      }
    }
    std::fill(norms.begin(), norms.end(), 0.0);
    for (std::size_t d = 0; d < dims; ++d) {
      for (std::size_t c = 0; c < kk; ++c) {
        const double s = sums[d * kk + c];
        norms[c] += s * s;
      }
    }
    for (std::size_t c = 0; c < kk; ++c) {
      if (norms[c] <= 0) continue;  // empty cluster: keep its centroid
      const auto inv = static_cast<float>(1.0 / std::sqrt(norms[c]));
      for (std::size_t d = 0; d < dims; ++d) {
        centroids[d * kk + c] = sums[d * kk + c] * inv;
      }
    }
  }
  return assignment;
}

}  // namespace

WordClusters::WordClusters(std::unordered_map<uint64_t, uint32_t> ids)
    : ids_(std::move(ids)) {
  if (ids_.empty()) return;
  std::size_t capacity = 16;
  while (capacity < 2 * ids_.size()) capacity *= 2;
  keys_.assign(capacity, 0);
  values_.assign(capacity, 0);
  mask_ = capacity - 1;
  shift_ = 64 - std::countr_zero(capacity);
  for (const auto& [hash, value] : ids_) {
    const uint64_t key = hash == 0 ? 1 : hash;
    std::size_t i = Slot(key);
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    keys_[i] = key;
    values_[i] = value;
  }
}

Status ReadUnlabelledText(const std::vector<std::string>& jsonl_files,
                          UnlabelledText* out) {
  std::vector<text::Token> tokens;
  for (const std::string& path : jsonl_files) {
    Result<std::string> bytes = ReadFile(path);
    if (!bytes.ok()) return bytes.status();
    std::string_view rest = *bytes;
    while (!rest.empty()) {
      const std::size_t eol = rest.find('\n');
      const std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view()
                                           : rest.substr(eol + 1);
      const nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) continue;
      for (const char* field : {"title", "text"}) {
        const auto f = doc.find(field);
        if (f == doc.end() || !f->is_string()) continue;
        out->texts.push_back(f->get<std::string>());
        const std::string_view s = out->texts.back();
        for (const text::SentenceSpan& span : text::SplitSentences(s)) {
          const std::string_view sentence = span.Text(s);
          text::Tokenize(sentence, &tokens);
          if (tokens.empty()) continue;
          std::vector<std::string_view>& words = out->sentences.emplace_back();
          for (const text::Token& t : tokens) words.push_back(t.Text(sentence));
        }
      }
    }
  }
  return Status::Ok();
}

WordClusters BuildWordClusters(
    std::span<const std::vector<std::string_view>> sentences,
    const WordClusterOptions& options) {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> names;
  std::vector<uint32_t> counts;
  std::vector<uint32_t> stream;
  std::string norm;
  const auto add_word = [&](std::string_view word) {
    NormalizeNerWord(word, &norm);
    const std::string_view core = ShapeOf(word) == Shape::kArabic
                                      ? WordCore(norm)
                                      : std::string_view(norm);
    if (core.empty()) return;
    auto [it, inserted] =
        ids.try_emplace(std::string(core), static_cast<uint32_t>(names.size()));
    if (inserted) {
      names.emplace_back(core);
      counts.push_back(0);
    }
    ++counts[it->second];
    stream.push_back(it->second);
  };
  for (const std::vector<std::string_view>& sentence : sentences) {
    for (const std::string_view w : sentence) add_word(w);
    stream.push_back(kBreak);
  }
  // Frequency ranking (ties by the string, so it does not depend on hashing).
  std::vector<uint32_t> by_count(names.size());
  for (uint32_t i = 0; i < by_count.size(); ++i) by_count[i] = i;
  std::sort(by_count.begin(), by_count.end(), [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : names[a] < names[b];
  });
  constexpr uint32_t kNone = kBreak;
  std::vector<uint32_t> rank(names.size(), kNone);
  std::vector<uint32_t> context(names.size(), kNone);
  std::size_t vocab = 0;
  for (std::size_t r = 0; r < by_count.size(); ++r) {
    const uint32_t id = by_count[r];
    if (r < options.contexts) context[id] = static_cast<uint32_t>(r);
    if (r < options.vocabulary && counts[id] >= options.min_count) {
      rank[id] = static_cast<uint32_t>(r);
      vocab = r + 1;
    }
  }
  const std::size_t contexts = std::min(options.contexts, names.size());
  const std::size_t dims = 2 * contexts;
  std::vector<uint64_t> pairs;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    if (stream[i] == kBreak || rank[stream[i]] == kNone) continue;
    const uint64_t row = uint64_t{rank[stream[i]]} << 32;
    if (i > 0 && stream[i - 1] != kBreak && context[stream[i - 1]] != kNone) {
      pairs.push_back(row | context[stream[i - 1]]);
    }
    if (i + 1 < stream.size() && stream[i + 1] != kBreak &&
        context[stream[i + 1]] != kNone) {
      pairs.push_back(row | (contexts + context[stream[i + 1]]));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  // Counts -> PPMI with context-distribution smoothing (alpha 0.75).
  std::vector<double> row_total(vocab, 0.0);
  std::vector<double> dim_total(dims, 0.0);
  SparseRows x;
  x.begin.assign(vocab + 1, 0);
  std::vector<float> raw;
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    const auto r = static_cast<std::size_t>(pairs[i] >> 32);
    const auto d = static_cast<uint32_t>(pairs[i] & 0xFFFFFFFFu);
    const auto c = static_cast<float>(j - i);
    x.dim.push_back(d);
    raw.push_back(c);
    ++x.begin[r + 1];
    row_total[r] += c;
    dim_total[d] += c;
    i = j;
  }
  for (std::size_t r = 0; r < vocab; ++r) x.begin[r + 1] += x.begin[r];
  double smoothed_total = 0;
  for (double& t : dim_total) {
    t = std::pow(t, 0.75);
    smoothed_total += t;
  }
  SparseRows ppmi;
  ppmi.begin.assign(1, 0);
  std::vector<uint32_t> row_word;  // row of ppmi -> vocabulary rank
  for (std::size_t r = 0; r < vocab; ++r) {
    const std::size_t start = ppmi.dim.size();
    double norm2 = 0;
    for (std::size_t e = x.begin[r]; e < x.begin[r + 1]; ++e) {
      const double p_ctx = dim_total[x.dim[e]] / smoothed_total;
      const double pmi = std::log(raw[e] / row_total[r] / p_ctx);
      if (pmi <= 0) continue;
      ppmi.dim.push_back(x.dim[e]);
      ppmi.value.push_back(static_cast<float>(pmi));
      norm2 += pmi * pmi;
    }
    if (ppmi.dim.size() == start) continue;
    const auto inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (std::size_t e = start; e < ppmi.dim.size(); ++e) ppmi.value[e] *= inv;
    ppmi.begin.push_back(ppmi.dim.size());
    row_word.push_back(static_cast<uint32_t>(r));
  }
  std::unordered_map<uint64_t, uint32_t> result;
  if (row_word.empty()) return WordClusters(std::move(result));
  const std::vector<int> coarse =
      KMeans(ppmi, dims, options.coarse, options.iterations);
  const std::vector<int> fine =
      KMeans(ppmi, dims, options.fine, options.iterations);
  for (std::size_t i = 0; i < row_word.size(); ++i) {
    const std::string& name = names[by_count[row_word[i]]];
    result[StableHash64(name)] = static_cast<uint32_t>(coarse[i] + 1) |
                                 (static_cast<uint32_t>(fine[i] + 1) << 16);
  }
  return WordClusters(std::move(result));
}

}  // namespace khabar::nlp
