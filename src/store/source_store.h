// The sources Khabar follows: feeds, sites, single pages and local folders,
// with what the poller needs to be polite (conditional-GET validators, the
// next time a source is due, failures for backoff) and what an operator
// needs to see (status, last fetch, last error, articles per day). Also the
// items each source has delivered, so an entry is fetched and ingested once.
// Like ArticleStore it hides SQL from the services; SqliteStore implements
// it on the same connection, so Begin()/Commit() group source writes with
// article writes.
//
// Errors: an unknown id is NotFound; a second source at the same location is
// AlreadyExists; an unknown kind or state, an empty location, or text that is
// not UTF-8 is InvalidArgument.
#ifndef KHABAR_STORE_SOURCE_STORE_H_
#define KHABAR_STORE_SOURCE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "store/article_store.h"

namespace khabar::store {

using SourceId = int64_t;

// "url": not fetched yet (what it is becomes known at the first poll);
// "feed": RSS/Atom/JSON Feed; "site": a home page whose feed was discovered
// (in feed_url); "page": one article page; "folder": a local directory.
inline constexpr std::string_view kSourceKinds[] = {"url", "feed", "site",
                                                    "page", "folder"};
// "active" is polled when due; "paused" by an operator; "gone": the server
// answered 410, so it is never polled again unless resumed.
inline constexpr std::string_view kSourceStates[] = {"active", "paused",
                                                     "gone"};

struct Source {
  SourceId id = 0;
  std::string kind = "url";
  std::string location;  // the URL or folder path the operator gave
  std::string feed_url;  // kind "site": the feed discovered on the page
  std::string title;     // the feed's or site's name, once known
  std::string format;    // "rss2", "rss1", "atom", "json", "" (not a feed)
  std::string state = "active";
  std::string etag;  // validators of the last 200 answer
  std::string last_modified;
  UnixSeconds added_at = 0;
  UnixSeconds next_fetch = 0;               // due at or after this time
  int64_t interval_s = 900;                 // between polls when all is well
  std::optional<UnixSeconds> last_fetch;    // last attempt
  std::optional<UnixSeconds> last_success;  // last attempt that worked
  int last_status = 0;     // HTTP status of the last attempt (0: none)
  std::string last_error;  // "" after a success
  int failures = 0;        // consecutive failed attempts
  int64_t articles = 0;    // articles ingested from it, ever
  int64_t bytes = 0;       // bytes downloaded for it, ever
};

class SourceStore {
 public:
  virtual ~SourceStore() = default;

  // Stores a new source (id ignored) and returns its id.
  virtual Result<SourceId> AddSource(const Source& source) = 0;
  virtual Result<Source> GetSource(SourceId id) = 0;
  // Every source, by id.
  virtual Result<std::vector<Source>> ListSources() = 0;
  // Active sources with next_fetch <= now, soonest first, at most `limit`.
  virtual Result<std::vector<Source>> DueSources(UnixSeconds now,
                                                 int limit) = 0;
  // The earliest next_fetch of an active source (nullopt: none).
  virtual Result<std::optional<UnixSeconds>> NextDue() = 0;
  // Writes every field but id, location and added_at.
  virtual Status UpdateSource(const Source& source) = 0;
  // Removes the source and its items (its articles stay).
  virtual Status RemoveSource(SourceId id) = 0;

  // Items: an entry (by its id or link) or a file (by path, size and time).
  // Done when it was ingested (or found a duplicate), or failed
  // `max_attempts` times.
  virtual Result<bool> ItemDone(SourceId source, std::string_view key) = 0;
  // Records an attempt: `article` when it was stored (or already was),
  // nullopt when it failed.
  virtual Status RecordItem(SourceId source, std::string_view key,
                            std::optional<ArticleId> article, UnixSeconds at,
                            int max_attempts) = 0;
  // Articles the source delivered since `since` (for articles per day).
  virtual Result<int64_t> SourceArticlesSince(SourceId source,
                                              UnixSeconds since) = 0;
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_SOURCE_STORE_H_
