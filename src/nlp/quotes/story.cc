#include "nlp/quotes/story.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>

#include "base/hash.h"
#include "text/analyzer.h"

namespace khabar::nlp {
namespace {

constexpr char kTermSeparator = '\x1f';

std::vector<std::string> AnalyzeToStrings(const text::Analyzer& analyzer,
                                          std::string_view text) {
  text::AnalyzedText analyzed;
  analyzer.Analyze(text, text::AnalyzerMode::kDocument, &analyzed);
  std::vector<std::string> terms;
  terms.reserve(analyzed.terms.size());
  for (const text::TermRef& t : analyzed.terms) {
    terms.emplace_back(analyzed.Term(t));
  }
  return terms;
}

std::size_t SharedCount(const std::vector<std::string>& a,
                        const std::vector<std::string>& b) {
  std::size_t n = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

}  // namespace

ArticleSummary SummarizeArticle(std::string id, UnixSeconds published_at,
                                std::string source, std::string_view title,
                                std::string_view body,
                                const StoryOptions& options) {
  static const std::unique_ptr<text::Analyzer> analyzer =
      text::MakeKhabarAnalyzer();
  ArticleSummary s;
  s.id = std::move(id);
  s.published_at = published_at;
  s.source = std::move(source);
  s.title_terms = AnalyzeToStrings(*analyzer, title);
  std::vector<std::string> body_terms = AnalyzeToStrings(*analyzer, body);
  std::vector<std::string_view> views(body_terms.begin(), body_terms.end());
  s.signature = MinHashSignature::FromTerms(views);
  std::string joined;
  for (const std::string& t : body_terms) {
    joined.append(t);
    joined.push_back(kTermSeparator);
  }
  if (!body_terms.empty()) s.content_hash = StableHash64(joined) | 1;
  const std::size_t lead = std::min(options.lead_terms, body_terms.size());
  s.lead_terms.assign(std::make_move_iterator(body_terms.begin()),
                      std::make_move_iterator(body_terms.begin() + lead));
  return s;
}

StoryClusterer::StoryClusterer(StoryOptions options)
    : options_(std::move(options)) {}

uint32_t StoryClusterer::TermId(const std::string& term) {
  auto [it, inserted] =
      term_ids_.emplace(term, static_cast<uint32_t>(term_ids_.size()));
  if (inserted) {
    document_frequency_.push_back(0);
    postings_.emplace_back();
  }
  return it->second;
}

void StoryClusterer::CountDocument(const ArticleSummary& article) {
  std::vector<uint32_t> ids;
  for (const auto* terms : {&article.title_terms, &article.lead_terms}) {
    for (const std::string& t : *terms) ids.push_back(TermId(t));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (uint32_t id : ids) ++document_frequency_[id];
  ++documents_;
}

void StoryClusterer::ObserveDocumentFrequencies(
    const ArticleSummary& article) {
  CountDocument(article);
}

bool StoryClusterer::IsTopical(uint32_t term_id) const {
  if (documents_ < options_.min_articles_for_df_cut) return true;
  return document_frequency_[term_id] <=
         options_.max_df_ratio * static_cast<double>(documents_);
}

std::vector<std::pair<uint32_t, float>> StoryClusterer::Vectorize(
    const ArticleSummary& article) const {
  std::unordered_map<uint32_t, double> tf;
  auto add = [&](const std::vector<std::string>& terms, double weight) {
    for (const std::string& t : terms) {
      const auto it = term_ids_.find(t);
      if (it != term_ids_.end() && IsTopical(it->second)) {
        tf[it->second] += weight;
      }
    }
  };
  add(article.title_terms, options_.title_weight);
  add(article.lead_terms, 1.0);
  std::vector<std::pair<uint32_t, float>> vec;
  vec.reserve(tf.size());
  double norm = 0.0;
  const double n = static_cast<double>(documents_);
  for (const auto& [id, count] : tf) {
    const double idf =
        std::log((n + 1.0) / (document_frequency_[id] + 1.0)) + 1.0;
    const double w = (1.0 + std::log(count)) * idf;
    vec.emplace_back(id, static_cast<float>(w));
    norm += w * w;
  }
  if (norm > 0.0) {
    const double inv = 1.0 / std::sqrt(norm);
    for (auto& [id, w] : vec) w = static_cast<float>(w * inv);
  }
  std::sort(vec.begin(), vec.end());
  return vec;
}

StoryAssignment StoryClusterer::AddArticle(const ArticleSummary& article) {
  Stored stored = Prepare(article);

  StoryAssignment result;
  // Duplicates first: they join regardless of time.
  if (article.content_hash != 0) {
    if (auto it = content_hashes_.find(article.content_hash);
        it != content_hashes_.end() && articles_[it->second].alive) {
      result.duplicate = DuplicateKind::kExact;
      result.duplicate_of = articles_[it->second].id;
      result.duplicate_jaccard = 1.0;
      result.story_id = articles_[it->second].story_id;
    }
  }
  const auto band_keys = article.signature.BandKeys();
  if (result.duplicate == DuplicateKind::kNone && !article.signature.empty()) {
    std::vector<uint32_t> seen;
    for (uint64_t key : band_keys) {
      const auto it = bands_.find(key);
      if (it == bands_.end()) continue;
      for (uint32_t idx : it->second) {
        if (!articles_[idx].alive ||
            std::find(seen.begin(), seen.end(), idx) != seen.end()) {
          continue;
        }
        seen.push_back(idx);
        const double j =
            EstimateJaccard(article.signature, articles_[idx].signature);
        if (j >= kNearDuplicateJaccard && j > result.duplicate_jaccard) {
          result.duplicate = DuplicateKind::kNear;
          result.duplicate_of = articles_[idx].id;
          result.duplicate_jaccard = j;
          result.story_id = articles_[idx].story_id;
        }
      }
    }
  }

  // Cosine to every earlier article sharing a topical term, via postings.
  std::unordered_map<uint32_t, double> dot;
  for (const auto& [term, w] : stored.vector) {
    for (uint32_t idx : postings_[term]) {
      const Stored& other = articles_[idx];
      // Outside the window no cosine can join: skip it before the lookup
      // (the archive's postings are long, its window is two days).
      if (!other.alive || std::llabs(other.published_at - article.published_at) >
                              options_.window_seconds) {
        continue;
      }
      const auto it = std::lower_bound(
          other.vector.begin(), other.vector.end(),
          std::make_pair(term, 0.0f),
          [](const auto& a, const auto& b) { return a.first < b.first; });
      if (it != other.vector.end() && it->first == term) {
        dot[idx] += static_cast<double>(w) * it->second;
      }
    }
  }
  double best = 0.0;
  int64_t best_idx = -1;
  for (const auto& [idx, cosine] : dot) {
    const Stored& other = articles_[idx];
    if (std::llabs(other.published_at - article.published_at) >
        options_.window_seconds) {
      continue;
    }
    const bool joins =
        cosine >= options_.join_threshold ||
        (cosine >= options_.entity_join_threshold &&
         SharedCount(stored.entity_keys, other.entity_keys) >=
             options_.min_shared_entities);
    if (joins && (cosine > best || (cosine == best && idx < best_idx))) {
      best = cosine;
      best_idx = idx;
    }
  }
  if (best_idx >= 0) {
    result.similarity = best;
    result.matched_article = articles_[best_idx].id;
    if (result.duplicate == DuplicateKind::kNone) {
      result.story_id = articles_[best_idx].story_id;
    }
  }
  if (result.story_id == 0) {
    result.story_id = next_story_id_++;
    result.new_story = true;
  } else {
    result.new_story = false;
  }

  stored.story_id = result.story_id;
  Remember(article, std::move(stored));
  return result;
}

StoryClusterer::Stored StoryClusterer::Prepare(const ArticleSummary& article) {
  CountDocument(article);
  Stored stored;
  stored.id = article.id;
  stored.published_at = article.published_at;
  stored.vector = Vectorize(article);
  stored.entity_keys = article.entity_keys;
  std::sort(stored.entity_keys.begin(), stored.entity_keys.end());
  stored.entity_keys.erase(
      std::unique(stored.entity_keys.begin(), stored.entity_keys.end()),
      stored.entity_keys.end());
  stored.signature = article.signature;
  return stored;
}

void StoryClusterer::Remember(const ArticleSummary& article, Stored stored) {
  const auto idx = static_cast<uint32_t>(articles_.size());
  for (const auto& [term, w] : stored.vector) postings_[term].push_back(idx);
  if (!article.signature.empty()) {
    for (uint64_t key : article.signature.BandKeys()) bands_[key].push_back(idx);
  }
  if (article.content_hash != 0) {
    content_hashes_.emplace(article.content_hash, idx);
  }
  articles_.push_back(std::move(stored));
}

void StoryClusterer::Restore(const ArticleSummary& article, uint64_t story_id) {
  Stored stored = Prepare(article);
  stored.story_id = story_id;
  next_story_id_ = std::max(next_story_id_, story_id + 1);
  Remember(article, std::move(stored));
}

void StoryClusterer::ForgetBefore(UnixSeconds t) {
  bool any = false;
  for (Stored& a : articles_) {
    if (a.alive && a.published_at < t) {
      a.alive = false;
      a.vector.clear();
      a.vector.shrink_to_fit();
      a.entity_keys.clear();
      a.signature = MinHashSignature();
      any = true;
    }
  }
  if (!any) return;
  // The candidate lists drop them too, so that a long-lived clusterer (the
  // poller's, a million-article ingest) costs what its window holds, not
  // everything it has seen. The slots stay (indexes are positions).
  auto dead = [this](uint32_t idx) { return !articles_[idx].alive; };
  for (std::vector<uint32_t>& list : postings_) std::erase_if(list, dead);
  for (auto it = bands_.begin(); it != bands_.end();) {
    std::erase_if(it->second, dead);
    it = it->second.empty() ? bands_.erase(it) : std::next(it);
  }
  std::erase_if(content_hashes_, [&](const auto& entry) { return dead(entry.second); });
}

}  // namespace khabar::nlp
