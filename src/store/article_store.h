// The article repository: the interface every storage backend implements
// (SQLite now; PostgreSQL later), so that services and the search layer never
// see SQL. Implementations are safe to use from one thread at a time; open
// one store per thread for concurrent readers.
#ifndef KHABAR_STORE_ARTICLE_STORE_H_
#define KHABAR_STORE_ARTICLE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace khabar::store {

using ArticleId = int64_t;

using StoryId = int64_t;

// A named entity of one article (nlp's grouping, flattened for storage).
// `key` is the stable normalized form shared across articles.
struct EntityRef {
  std::string type;  // "PERS", "LOC", "ORG", "MISC"
  std::string name;  // canonical name as written in the article
  std::string key;
  int count = 0;
  uint32_t first_offset = 0;  // byte offset in the body
};

struct QuoteRef {
  std::string speaker;      // canonical name, "" when unknown
  std::string speaker_key;  // entity key of the speaker, "" when unknown
  std::string text;
  std::string cue;
  uint32_t offset = 0;
};

struct DateRef {
  std::string text;
  std::string value;  // ISO 8601 ("2016-10-17", "2016-08"), "" unresolved
  uint32_t offset = 0;
};

// What the nlp layer understood of an article, stored beside it.
struct Analysis {
  std::string topic;  // taxonomy id, "" when not classified
  double topic_confidence = 0;
  std::vector<std::string> keywords;
  std::vector<std::string> summary;  // lead sentences
  std::vector<EntityRef> entities;
  std::vector<QuoteRef> quotes;
  std::vector<DateRef> dates;
  std::string signature;  // near-duplicate signature; opaque bytes
};

// An article as stored.
struct Article {
  ArticleId id = 0;
  std::string url;
  std::string source;
  std::string title;
  std::vector<std::string> paragraphs;
  std::optional<UnixSeconds> published_at;
  UnixSeconds ingested_at = 0;
  std::string author;
  std::string lang = "ar";
  std::string abstract;
  std::string label;         // section label given by the source, if any
  std::string content_hash;  // hex fingerprint of the normalized content
  Analysis analysis;
  // On Put: the story to join, or 0 to start a new one. On Get: its story.
  StoryId story_id = 0;
};

// The body as stored and indexed: the paragraphs joined by "\n". Offsets of
// entities, quotes and dates index this string.
inline std::string ArticleBody(const Article& article) {
  std::string body;
  for (std::size_t i = 0; i < article.paragraphs.size(); ++i) {
    if (i > 0) body += '\n';
    body += article.paragraphs[i];
  }
  return body;
}

// Result of putting one article.
struct PutResult {
  ArticleId id = 0;
  bool inserted = false;  // false when an identical article already existed
  StoryId story_id = 0;   // the story the (new or existing) article is in
};

// Narrows a search (or, with an empty match, lists articles newest first).
struct SearchFilters {
  // (type, key) pairs; every one must be mentioned. A key matches an
  // entity whose key contains its words as whole words (كارتر → اشتون كارتر).
  std::vector<std::pair<std::string, std::string>> entities;
  std::string topic;
  std::string source;                // source name
  std::optional<UnixSeconds> from;   // published (or ingested) at or after
  std::optional<UnixSeconds> to;     // ... and before
  bool empty() const {
    return entities.empty() && topic.empty() && source.empty() && !from && !to;
  }
};

// One compiled full-text query, already in FTS5 syntax with every term
// produced by the index's analyzer (the search layer builds it).
struct FtsQuery {
  std::string match;  // FTS5 MATCH expression; "" = filters only
  SearchFilters filters = {};
  int limit = 10;
  int offset = 0;
};

struct SearchHit {
  ArticleId id = 0;
  std::string title;
  std::string snippet;  // original text; matches wrapped in kHighlightOpen/Close
  double score = 0;     // higher is better
};

struct SearchPage {
  int64_t total = 0;
  std::vector<SearchHit> hits;
  // Set by the search layer when no article matched every word and the page
  // holds the results of a looser query (any word) instead.
  bool relaxed = false;
};

// Markers around highlighted matches in snippets. Plain-text safe; the web
// layer escapes the snippet and then turns the markers into <mark>.
inline constexpr char kHighlightOpen[] = "\x02";
inline constexpr char kHighlightClose[] = "\x03";

// Upper bound on FtsQuery::limit and Latest(limit): one page, not a dump.
inline constexpr int kMaxSearchLimit = 1000;

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Groups writes into one transaction. Nested Begin() is an error.
  [[nodiscard]] virtual Status Begin() = 0;
  [[nodiscard]] virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Stores `article` (id ignored) unless an article with the same
  // content_hash or the same non-empty url exists; then returns its id.
  // Inside a transaction, a failure leaves the transaction usable: the
  // article's own partial writes are undone.
  virtual Result<PutResult> Put(const Article& article) = 0;

  virtual Result<Article> Get(ArticleId id) = 0;
  virtual Result<int64_t> Count() = 0;

  // Ranked matches of `query.match`. A malformed expression, a negative
  // limit/offset or a limit above kMaxSearchLimit is InvalidArgument.
  virtual Result<SearchPage> Search(const FtsQuery& query) = 0;

  // The `limit` most recent articles, newest first (by published_at, or
  // ingested_at when the source gave no date; ties by newest id). A limit
  // outside [0, kMaxSearchLimit] is InvalidArgument.
  virtual Result<std::vector<Article>> Latest(int limit) = 0;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_ARTICLE_STORE_H_
