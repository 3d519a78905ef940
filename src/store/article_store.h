// The article repository: the interface every storage backend implements
// (SQLite now; PostgreSQL later), so that services and the search layer never
// see SQL. Implementations are safe to use from one thread at a time; open
// one store per thread for concurrent readers.
#ifndef KHABAR_STORE_ARTICLE_STORE_H_
#define KHABAR_STORE_ARTICLE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace khabar::store {

using ArticleId = int64_t;

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
};

// Result of putting one article.
struct PutResult {
  ArticleId id = 0;
  bool inserted = false;  // false when an identical article already existed
};

// One compiled full-text query, already in FTS5 syntax with every term
// produced by the index's analyzer (the search layer builds it).
struct FtsQuery {
  std::string match;  // FTS5 MATCH expression
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
