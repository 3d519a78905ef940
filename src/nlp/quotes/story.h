// Story clustering: groups articles from different outlets that report the
// same event, and flags republished copies.
//
// StoryClusterer is incremental: AddArticle() assigns each article, in
// arrival order, to an existing story or to a new one. An article joins the
// story of its most similar earlier article when
//   - that article was published within `window_seconds` of it (48 h: news
//     of one event clusters within two days; a story that keeps being
//     covered extends itself, but the same words a week later are a new
//     story), and
//   - the cosine of their TF-IDF vectors (title terms weighted
//     `title_weight`, then the first `lead_terms` body terms; weights
//     1 + log tf times idf, from the document frequencies seen so far) is at
//     least `join_threshold`, or at least `entity_join_threshold` when they
//     also share `min_shared_entities` named-entity keys.
// Terms in more than `max_df_ratio` of the articles seen are ignored (they
// carry no topic: في، من، قال). Independently of the window, an article
// whose content hash equals an earlier one's is an exact duplicate, and one
// whose MinHash estimate reaches kNearDuplicateJaccard (found through the
// LSH band keys) is a near duplicate; both join the earlier article's story.
//
// Inputs are ArticleSummary values built by SummarizeArticle() (which runs
// the Khabar analyzer) or by the caller; entity keys come from the caller
// (the NER), not from this code. Vectors are frozen when an article is added
// (later IDF changes do not rescore old articles), so results depend only on
// arrival order. Memory grows with the articles added; call
// ForgetBefore() to drop articles older than any window still needed.
// A StoryClusterer is not thread-safe; one ingest worker owns it.
#ifndef KHABAR_NLP_QUOTES_STORY_H_
#define KHABAR_NLP_QUOTES_STORY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/time.h"
#include "nlp/quotes/signature.h"

namespace khabar::nlp {

struct ArticleSummary {
  std::string id;
  UnixSeconds published_at = 0;
  std::string source;                     // outlet, e.g. "BBC"
  std::vector<std::string> title_terms;   // analyzed terms of the title
  std::vector<std::string> lead_terms;    // analyzed terms of the body start
  std::vector<std::string> entity_keys;   // e.g. "person:اشتون كارتر"
  MinHashSignature signature;             // of the whole body
  uint64_t content_hash = 0;              // of the body terms; 0: unknown
};

struct StoryOptions {
  int64_t window_seconds = 48 * 3600;
  double join_threshold = 0.30;
  double entity_join_threshold = 0.20;
  std::size_t min_shared_entities = 2;
  double title_weight = 2.0;
  std::size_t lead_terms = 60;
  double max_df_ratio = 0.05;
  // Below this many articles seen, max_df_ratio is not applied (the ratio
  // is meaningless on a handful of documents).
  std::size_t min_articles_for_df_cut = 200;
};

// Runs the Khabar analyzer over `title` and `body` (valid UTF-8) and fills
// every field but entity_keys: lead_terms are the first
// options.lead_terms body terms, the signature and the content hash cover
// the whole body.
ArticleSummary SummarizeArticle(std::string id, UnixSeconds published_at,
                                std::string source, std::string_view title,
                                std::string_view body,
                                const StoryOptions& options = StoryOptions());

enum class DuplicateKind : uint8_t { kNone, kExact, kNear };

struct StoryAssignment {
  uint64_t story_id = 0;        // 1, 2, ... in order of creation
  bool new_story = true;
  double similarity = 0.0;      // cosine to matched_article (0 if new)
  std::string matched_article;  // the earlier article that decided the join
  DuplicateKind duplicate = DuplicateKind::kNone;
  std::string duplicate_of;
  double duplicate_jaccard = 0.0;
};

class StoryClusterer {
 public:
  explicit StoryClusterer(StoryOptions options = StoryOptions());

  // Counts the article's terms in the document frequencies without
  // clustering it: warms IDF from a background corpus before the first
  // real articles arrive.
  void ObserveDocumentFrequencies(const ArticleSummary& article);

  StoryAssignment AddArticle(const ArticleSummary& article);

  // Adds an article already filed under `story_id` (one stored in an earlier
  // run), so that new articles can join its story. Later new stories get
  // ids above every restored one.
  void Restore(const ArticleSummary& article, uint64_t story_id);

  // Drops articles published before `t` from the candidate lists (their
  // stories keep their ids; a near duplicate of a dropped article is no
  // longer detected).
  void ForgetBefore(UnixSeconds t);

  std::size_t story_count() const { return next_story_id_ - 1; }
  const StoryOptions& options() const { return options_; }

 private:
  struct Stored {
    std::string id;
    UnixSeconds published_at = 0;
    uint64_t story_id = 0;
    std::vector<std::pair<uint32_t, float>> vector;  // sorted by term id
    std::vector<std::string> entity_keys;             // sorted, unique
    MinHashSignature signature;
    bool alive = true;
  };

  Stored Prepare(const ArticleSummary& article);
  void Remember(const ArticleSummary& article, Stored stored);
  uint32_t TermId(const std::string& term);
  void CountDocument(const ArticleSummary& article);
  std::vector<std::pair<uint32_t, float>> Vectorize(
      const ArticleSummary& article) const;
  bool IsTopical(uint32_t term_id) const;

  StoryOptions options_;
  uint64_t next_story_id_ = 1;
  std::size_t documents_ = 0;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<uint32_t> document_frequency_;  // by term id
  std::vector<Stored> articles_;
  std::vector<std::vector<uint32_t>> postings_;  // term id -> articles_
  std::unordered_map<uint64_t, std::vector<uint32_t>> bands_;
  std::unordered_map<uint64_t, uint32_t> content_hashes_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_QUOTES_STORY_H_
