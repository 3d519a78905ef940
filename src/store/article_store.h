// The article repository: the interface every storage backend implements
// (SQLite now; PostgreSQL later), so that services and the search layer never
// see SQL. Implementations are safe to use from one thread at a time; open
// one store per thread for concurrent readers.
#ifndef KHABAR_STORE_ARTICLE_STORE_H_
#define KHABAR_STORE_ARTICLE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// One story (a cluster of articles about one event) as listings show it.
struct StorySummary {
  StoryId id = 0;
  std::string title;          // title of the story's first article
  UnixSeconds first_seen = 0;  // earliest article time (published or ingested)
  UnixSeconds last_seen = 0;   // latest article time
  int64_t articles = 0;        // articles in the story
  int64_t sources = 0;         // distinct sources among them
  ArticleId lead = 0;          // the story's earliest article
};

// One entity across the whole store.
struct EntitySummary {
  std::string type;  // "PERS", "LOC", "ORG", "MISC"
  std::string key;
  std::string name;       // most frequent canonical name
  int64_t articles = 0;   // articles mentioning it (in the asked context)
};

// A value with a count: a topic, or a source (then `id` is the source id).
struct Facet {
  int64_t id = 0;
  std::string value;
  int64_t count = 0;
};

// A quotation together with the article it came from.
struct QuoteHit {
  ArticleId article = 0;
  UnixSeconds at = 0;  // the article's time
  QuoteRef quote;
};

struct DayCount {
  std::string day;  // "YYYY-MM-DD" (UTC)
  int64_t count = 0;
};

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
  // Only articles this reader saved (0 = no such restriction): search
  // inside one's saved articles.
  int64_t saved_by = 0;
  bool empty() const {
    return entities.empty() && topic.empty() && source.empty() && !from &&
           !to && saved_by == 0;
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
  // Get without the analysis lists (entities, quotes, dates stay empty;
  // topic, keywords and summary are filled): what a listing's card needs,
  // at a fraction of the reads.
  virtual Result<Article> GetRow(ArticleId id) = 0;
  virtual Result<int64_t> Count() = 0;

  // Ranked matches of `query.match`. A malformed expression, a negative
  // limit/offset or a limit above kMaxSearchLimit is InvalidArgument.
  virtual Result<SearchPage> Search(const FtsQuery& query) = 0;

  // The `limit` most recent articles, newest first (by published_at, or
  // ingested_at when the source gave no date; ties by newest id). A limit
  // outside [0, kMaxSearchLimit] is InvalidArgument.
  virtual Result<std::vector<Article>> Latest(int limit) = 0;

  // --- Reading side: what pages, the API and feeds list. -----------------
  // "Time" of an article below is coalesce(published_at, ingested_at).
  // Limits outside [0, kMaxSearchLimit] and negative offsets are
  // InvalidArgument; an unknown id or key is NotFound.

  // Stories whose last article time is >= since, newest last_seen first.
  virtual Result<std::vector<StorySummary>> RecentStories(UnixSeconds since,
                                                          int limit) = 0;
  virtual Result<StorySummary> GetStory(StoryId id) = 0;
  // The story's articles, oldest first (ties by id).
  virtual Result<std::vector<ArticleId>> StoryArticles(StoryId id,
                                                       int limit) = 0;

  // The entity filed under exactly `key`; when several types share the key,
  // the one mentioned by the most articles.
  virtual Result<EntitySummary> GetEntity(std::string_view key) = 0;
  // Articles mentioning the entity `key` (exact key, any type), newest
  // first, and how many there are in all.
  virtual Result<std::pair<std::vector<ArticleId>, int64_t>> EntityArticles(
      std::string_view key, int limit, int offset) = 0;
  // Quotes whose speaker is the entity `key`, newest article first.
  virtual Result<std::vector<QuoteHit>> EntityQuotes(std::string_view key,
                                                     int limit,
                                                     int offset) = 0;
  // Entities sharing most articles with `key` (excluding itself); `articles`
  // is the number of shared articles.
  virtual Result<std::vector<EntitySummary>> CoEntities(std::string_view key,
                                                        int limit) = 0;
  // Articles per UTC day mentioning `key` with time in [from, to); days
  // without any are omitted; ascending.
  virtual Result<std::vector<DayCount>> EntityMentionsPerDay(
      std::string_view key, UnixSeconds from, UnixSeconds to) = 0;
  // Most mentioned entities (by articles with time >= since), `type` "" for
  // all types.
  virtual Result<std::vector<EntitySummary>> TopEntities(std::string_view type,
                                                         UnixSeconds since,
                                                         int limit,
                                                         int offset) = 0;

  // Topics with their article counts (most first), excluding "".
  virtual Result<std::vector<Facet>> Topics() = 0;
  // Sources (id, name) with their article counts (most first).
  virtual Result<std::vector<Facet>> Sources() = 0;
  // Time of the newest article, nullopt when the store is empty.
  virtual Result<std::optional<UnixSeconds>> NewestTime() = 0;
  // A number that changes whenever an article is added (by any connection);
  // caches key on it.
  virtual Result<int64_t> DataVersion() = 0;
  // Articles stored at or after `since` (their ingested_at): the ingest
  // counter of /metrics. Walks the newest articles only, so it costs what
  // it counts.
  virtual Result<int64_t> IngestedSince(UnixSeconds since) = 0;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_ARTICLE_STORE_H_
