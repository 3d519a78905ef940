// Ingest: files and folders of scraped articles → extracted → stored.
//
// Inputs: `.txt` plain-text scrapes (one article per file), saved web pages
// (`.html`/`.htm`, main content extracted: extract/html_article.h) and
// `.jsonl` files (one article per line, the ANT corpus shape). Folders are
// walked recursively, in sorted order, for those extensions. A file given
// explicitly is read whatever its extension (as a scrape unless `.jsonl` or
// `.html`).
//
// Guarantees: a bad file or line is reported (file and line named) and the
// rest of the batch goes on; articles are written in transactions of
// `batch_size`, and a crash loses at most the uncommitted batch, never
// corrupts the database. Files are analyzed before their batch's
// transaction begins, so the write lock is held only while a batch is
// written (workers sharing one SQLite file take turns instead of starving
// each other); re-ingesting the same content is a no-op that
// reports duplicates. Not thread-safe (one Ingestor per store).
//
// With an Understanding, every new article is analyzed and joins a story:
// articles from different sources about the same event within 48 hours
// (nlp::StoryClusterer), and near-duplicate copies (MinHash) are counted as
// duplicates of the first copy instead of being stored twice. The most
// recent stored articles are restored into the clusterer at construction, so
// a later run joins earlier runs' stories.
#ifndef KHABAR_SERVICE_INGEST_H_
#define KHABAR_SERVICE_INGEST_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "extract/raw_article.h"
#include "nlp/quotes/story.h"
#include "service/understand.h"
#include "store/article_store.h"

namespace khabar::service {

// Largest plain-text scrape accepted: an article is kilobytes; a file of
// this size is a mistake, refused with a clear error.
inline constexpr std::size_t kMaxScrapeBytes = 16u << 20;
// Largest single JSONL line.
inline constexpr std::size_t kMaxJsonlLineBytes = 8u << 20;

struct IngestFailure {
  std::string where;  // "path" or "path:line"
  Status status;
};

struct IngestReport {
  int64_t ingested = 0;
  int64_t duplicates = 0;
  int64_t failed = 0;
  std::vector<IngestFailure> failures;
  std::vector<store::ArticleId> ids;  // in input order, duplicates included
};

// One committed batch, reported after its transaction commits: everything
// in it is durable, and every input up to `last_where` (in input order) is
// either stored or reported as failed. A caller that is killed can tell
// from these what was acknowledged; a rerun resumes by skipping what is
// stored (duplicates are recognised by content).
struct IngestCommit {
  int64_t articles = 0;  // articles in the batch, duplicates included
  int64_t inserted = 0;  // new ones
  std::string last_where;
  store::ArticleId first_id = 0;  // smallest and largest id in the batch
  store::ArticleId last_id = 0;
};

struct IngestOptions {
  int batch_size = 512;
  // Called after each batch commits (never for a batch rolled back).
  std::function<void(const IngestCommit&)> on_commit;
  // Called with (bytes done, bytes total) as input is consumed.
  std::function<void(uint64_t, uint64_t)> progress;
  // Index only the body (no title): known-item evaluation queries by title.
  bool index_title = true;
  // Analyzes every new article before it is stored; null stores text only.
  const Understanding* understanding = nullptr;
};

// The stored form of an extracted article: fills content_hash from the
// normalized title and body, derives a title when the source gave none.
store::Article ToStoredArticle(const extract::RawArticle& raw);

class Ingestor {
 public:
  Ingestor(store::ArticleStore& store, IngestOptions options = {});
  ~Ingestor();

  // Ingests every path; failures are collected in the report, not returned.
  // The returned Status is non-OK only when the store itself fails.
  [[nodiscard]] Status IngestPaths(const std::vector<std::string>& paths,
                                   IngestReport* report);

  // Ingests one already-extracted article into the open batch (opening
  // one): its id is in `report` on return. For callers that need the id at
  // once, inside a transaction of their own (the poller).
  [[nodiscard]] Status Add(const extract::RawArticle& raw,
                           const std::string& where, IngestReport* report);

  // Analyzes one article and queues it; a full queue is written and
  // committed as one batch. Ids and counts reach `report` when its batch is
  // written (at the latest on Flush()).
  [[nodiscard]] Status Queue(const extract::RawArticle& raw,
                             const std::string& where, IngestReport* report);

  // Writes the queued articles and commits the open batch, if any.
  [[nodiscard]] Status Flush();

 private:
  Status IngestScrape(const std::string& path, IngestReport* report);
  Status IngestJsonl(const std::string& path, IngestReport* report);
  void Advance(uint64_t bytes);
  void RestoreRecentStories();
  // The clusterer's verdict on one article, reached before its batch is
  // written (no store access; articles are clustered in input order).
  struct Clustered {
    std::string summary_id;
    nlp::StoryAssignment assignment;
  };
  // The clusterer forgets articles published kKeepSeconds before the newest
  // one, every kForgetEvery articles (a story joins within 48 hours; two
  // weeks leaves room for feeds that arrive late).
  static constexpr int64_t kKeepSeconds = 14 * 24 * 3600;
  static constexpr int kForgetEvery = 4096;

  // The stored form of `raw`, analyzed (no store access).
  store::Article Prepare(const extract::RawArticle& raw) const;
  // Its story (nullopt without an Understanding).
  std::optional<Clustered> Cluster(const store::Article& article);
  // Stores one prepared article in the open batch (opening one).
  Status Write(store::Article article, const std::optional<Clustered>& clustered,
               const std::string& where, IngestReport* report);
  // Writes the queued articles into the open batch (no commit).
  Status WriteQueued();
  // Drops the queue and rolls back the open batch.
  void Abandon();
  // Stores `article` in the story the clusterer chose (or links a copy to
  // its original).
  Result<store::PutResult> PutClustered(store::Article& article,
                                        const std::optional<Clustered>& clustered);

  struct Queued {
    store::Article article;
    std::optional<Clustered> clustered;
    std::string where;
  };
  std::vector<Queued> queued_;  // analyzed, not yet written
  IngestReport* queued_report_ = nullptr;

  store::ArticleStore& store_;
  IngestOptions options_;
  bool in_batch_ = false;
  int batch_count_ = 0;
  IngestCommit batch_;  // what the open batch holds
  uint64_t bytes_done_ = 0;
  uint64_t bytes_total_ = 0;

  std::unique_ptr<nlp::StoryClusterer> clusterer_;  // with an Understanding
  uint64_t summaries_ = 0;
  UnixSeconds newest_ = 0;  // latest publication time clustered
  int since_forget_ = 0;
  std::unordered_map<uint64_t, store::StoryId> story_of_cluster_;
  std::unordered_map<std::string, store::ArticleId> article_of_summary_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_INGEST_H_
