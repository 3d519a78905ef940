// Poller: fetches the sources that are due, politely, and ingests what is
// new in them.
//
// For each due source (store/source_store.h):
//   feed    fetch it with the validators of the last answer (a 304 costs no
//           body); for each entry not seen before, use its content when it
//           holds the whole article, else fetch the entry's page and extract
//           the article (extract/html_article.h).
//   site    fetch the discovered feed as above.
//   page    fetch the page and extract it.
//   url     not fetched yet: what the first answer is decides — a feed, a
//           home page announcing one (<link rel="alternate">: a site), or an
//           article page.
//   folder  ingest .txt, .html and .jsonl files not seen before (by path,
//           size and modification time).
//
// Politeness: one request at a time per host and at least `host_delay`
// between two requests to it, across every thread; a clear User-Agent;
// at most `max_pages_per_poll` article pages per source per poll (the rest
// wait for the next poll). A failing source backs off exponentially
// (interval × 2^failures, capped), a Retry-After is honoured, and HTTP 410
// marks the source "gone". Every failure — a network error, a refused
// address, an oversized or malformed answer — is recorded on its source
// and reported; it never stops the other sources.
//
// Threads: fetching and extraction run on `fetch_threads` workers; every
// store access is serialized on the caller's connection, and each source's
// articles, items and new state are committed in one transaction, so a
// crash mid-poll loses at most that source's uncommitted work, which the
// next poll fetches again. One Poller per Library; PollDue and PollOne are
// not reentrant.
#ifndef KHABAR_SERVICE_POLLER_H_
#define KHABAR_SERVICE_POLLER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "net/http.h"
#include "service/ingest.h"
#include "service/library.h"
#include "store/source_store.h"

namespace khabar::service {

struct PollerOptions {
  net::FetchPolicy fetch;
  std::chrono::milliseconds host_delay{1000};
  int fetch_threads = 4;
  int max_pages_per_poll = 30;
  int max_item_attempts = 3;
  int64_t max_backoff_s = 24 * 3600;
  // An entry's own content counts as the whole article from this many words.
  int full_content_words = 120;
  // Largest local file read from a folder source.
  std::size_t max_file_bytes = 16u << 20;
  std::function<UnixSeconds()> now = NowUnixSeconds;
};

// What one poll of one source did.
struct PollResult {
  store::SourceId id = 0;
  std::string location;
  std::string kind;  // after the poll ("url" may have become "feed")
  Status status;     // the source's error; Ok when the poll worked
  int failures = 0;  // consecutive failed polls, this one included
  int http_status = 0;
  bool not_modified = false;
  int64_t new_articles = 0;
  int64_t duplicates = 0;
  int64_t failed_items = 0;   // entries or files that could not be used
  int64_t pending_items = 0;  // left for the next poll (page limit)
  int64_t bytes = 0;          // downloaded (on the wire)
  std::vector<std::string> item_errors;  // "where: why", at most 20
};

class Poller {
 public:
  // `library` must outlive the poller; analysis runs when it was opened
  // with `understand`.
  Poller(Library& library, PollerOptions options);
  ~Poller();

  // Polls every due active source (`all`: every active source, due or
  // not). Non-OK only when the store itself fails.
  Result<std::vector<PollResult>> PollDue(bool all);
  // Polls one source now, whatever its state or due time.
  Result<PollResult> PollOne(store::SourceId id);

 private:
  struct Harvest;
  class HostGate;
  Result<std::vector<PollResult>> Poll(std::vector<store::Source> sources);
  Harvest FetchSource(const store::Source& source);
  void FetchFeedItems(Harvest& harvest, const std::string& feed_bytes,
                      const std::string& feed_url);
  void FetchPage(Harvest& harvest, const std::string& url);
  Result<PollResult> Commit(Harvest& harvest);
  Result<PollResult> PollFolder(store::Source source);
  // Fetches through the host gate; counts bytes on `harvest`.
  Result<net::FetchResponse> Get(Harvest& harvest, net::FetchRequest request);
  bool Done(store::SourceId source, const std::string& key);

  Library& library_;
  PollerOptions options_;
  net::HttpFetcher fetcher_;
  std::unique_ptr<HostGate> gate_;
  std::unique_ptr<Ingestor> ingestor_;
  std::mutex store_mu_;  // the Library's connection, shared with workers
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_POLLER_H_
