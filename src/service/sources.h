// Sources: the operator's list of what Khabar follows — feed URLs, site URLs
// (their feed is discovered at the first poll), single article URLs and
// local folders — and OPML import and export. It only edits the list;
// Poller (poller.h) fetches. Used by `khabar sources ...` and the admin
// page. Not thread-safe (one per store connection).
#ifndef KHABAR_SERVICE_SOURCES_H_
#define KHABAR_SERVICE_SOURCES_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "store/source_store.h"

namespace khabar::service {

// A source with what the admin page shows beside it.
struct SourceView {
  store::Source source;
  // Entries delivered per day over the last 7 days (new articles and ones
  // already stored from elsewhere alike).
  double articles_per_day = 0;
};

class Sources {
 public:
  explicit Sources(store::SourceStore& store, int64_t interval_s = 900)
      : store_(store), interval_s_(interval_s) {}

  // Adds an http(s) URL (kind "url" until the first poll tells what it is)
  // or an existing folder (an absolute path is stored). InvalidArgument for
  // anything else (another scheme, a missing folder, a file);
  // AlreadyExists when it is followed already. Due at once; polled every
  // `interval_s` (a folder every minute at most).
  Result<store::Source> Add(std::string_view url_or_path, UnixSeconds now);
  Result<std::vector<SourceView>> List(UnixSeconds now);
  // A source by id, or by its exact location.
  Result<store::Source> Find(std::string_view id_or_location);
  Status Remove(store::SourceId id);
  // Pause stops polling; Resume makes it due now (a "gone" source too).
  Status Pause(store::SourceId id);
  Status Resume(store::SourceId id, UnixSeconds now);
  // Makes an active source due now (the scheduler picks it up within a
  // second); FailedPrecondition-like InvalidArgument for a paused one.
  Status PollSoon(store::SourceId id, UnixSeconds now);

  // Adds every feed of an OPML document; ones already followed are skipped
  // (counted in `skipped`). Errors per outline go to `errors`.
  Result<int> ImportOpml(std::string_view opml, UnixSeconds now, int* skipped,
                         std::vector<std::string>* errors);
  // Every URL source as an OPML 2.0 outline (folders are local: left out).
  Result<std::string> ExportOpml();

 private:
  store::SourceStore& store_;
  int64_t interval_s_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_SOURCES_H_
