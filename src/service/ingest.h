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
// corrupts the database; re-ingesting the same content is a no-op that
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
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
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

  // Ingests one already-extracted article (buffered into the current batch).
  [[nodiscard]] Status Add(const extract::RawArticle& raw,
                           const std::string& where, IngestReport* report);

  // Commits the open batch, if any.
  [[nodiscard]] Status Flush();

 private:
  Status IngestScrape(const std::string& path, IngestReport* report);
  Status IngestJsonl(const std::string& path, IngestReport* report);
  void Advance(uint64_t bytes);
  void RestoreRecentStories();
  // Stores `article`, first asking the clusterer which story it joins.
  Result<store::PutResult> PutClustered(store::Article& article);

  store::ArticleStore& store_;
  IngestOptions options_;
  bool in_batch_ = false;
  int batch_count_ = 0;
  IngestCommit batch_;  // what the open batch holds
  uint64_t bytes_done_ = 0;
  uint64_t bytes_total_ = 0;

  std::unique_ptr<nlp::StoryClusterer> clusterer_;  // with an Understanding
  uint64_t summaries_ = 0;
  std::unordered_map<uint64_t, store::StoryId> story_of_cluster_;
  std::unordered_map<std::string, store::ArticleId> article_of_summary_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_INGEST_H_
