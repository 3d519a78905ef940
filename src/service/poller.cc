#include "service/poller.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "extract/charset.h"
#include "extract/feed.h"
#include "extract/html_article.h"
#include "extract/url.h"

namespace khabar::service {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxItemErrors = 20;
constexpr int64_t kMaxRetryAfter = 7 * 24 * 3600;
constexpr char kAccept[] =
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

int64_t CountWords(const std::vector<std::string>& paragraphs) {
  int64_t words = 0;
  for (const std::string& p : paragraphs) {
    bool in_word = false;
    for (char c : p) {
      const bool space = c == ' ' || c == '\t' || c == '\n';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
  }
  return words;
}

// The URL's path is the site's root: a home page, not an article.
bool IsRootUrl(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  std::size_t path = url.find_first_of("/?#", scheme + 3);
  return path == std::string_view::npos || url.substr(path) == "/";
}

bool IsArticleFile(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".txt" || ext == ".jsonl" || ext == ".html" || ext == ".htm";
}

}  // namespace

// One request at a time per host, and `delay` between the end of one and
// the start of the next, for every thread of the poller.
class Poller::HostGate {
 public:
  explicit HostGate(std::chrono::milliseconds delay) : delay_(delay) {}

  void Acquire(const std::string& host) {
    std::unique_lock lock(mu_);
    while (true) {
      Host& h = hosts_[host];
      const auto now = std::chrono::steady_clock::now();
      if (!h.busy && now >= h.free_at) {
        h.busy = true;
        return;
      }
      if (h.busy) {
        released_.wait(lock);
      } else {
        released_.wait_until(lock, h.free_at);
      }
    }
  }

  void Release(const std::string& host) {
    std::lock_guard lock(mu_);
    Host& h = hosts_[host];
    h.busy = false;
    h.free_at = std::chrono::steady_clock::now() + delay_;
    released_.notify_all();
  }

 private:
  struct Host {
    bool busy = false;
    std::chrono::steady_clock::time_point free_at;
  };
  const std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::condition_variable released_;
  std::map<std::string, Host> hosts_;
};

// What the fetching side of one source's poll found, handed to the thread
// that owns the store.
struct Poller::Harvest {
  struct Item {
    std::string key;
    std::optional<extract::RawArticle> article;
    std::string error;  // when there is no article
  };
  store::Source source;  // the source's new state (failure fields aside)
  PollResult result;
  std::vector<Item> items;
  Status error;  // the source's own failure
  std::optional<int64_t> retry_after;
  bool gone = false;
};

Poller::Poller(Library& library, PollerOptions options)
    : library_(library),
      options_(std::move(options)),
      fetcher_(options_.fetch),
      gate_(std::make_unique<HostGate>(options_.host_delay)) {
  IngestOptions ingest;
  ingest.understanding = library_.understanding();
  ingestor_ = std::make_unique<Ingestor>(library_.store(), ingest);
}

Poller::~Poller() = default;

Result<std::vector<PollResult>> Poller::PollDue(bool all) {
  std::vector<store::Source> sources;
  if (all) {
    KHABAR_ASSIGN_OR_RETURN(std::vector<store::Source> listed,
                            library_.sources().ListSources());
    for (store::Source& source : listed) {
      if (source.state == "active") sources.push_back(std::move(source));
    }
  } else {
    KHABAR_ASSIGN_OR_RETURN(
        sources, library_.sources().DueSources(options_.now(), 1000));
  }
  return Poll(std::move(sources));
}

Result<PollResult> Poller::PollOne(store::SourceId id) {
  KHABAR_ASSIGN_OR_RETURN(store::Source source,
                          library_.sources().GetSource(id));
  KHABAR_ASSIGN_OR_RETURN(std::vector<PollResult> results,
                          Poll({std::move(source)}));
  return std::move(results.front());
}

Result<std::vector<PollResult>> Poller::Poll(
    std::vector<store::Source> sources) {
  std::vector<PollResult> results;
  std::vector<store::Source> remote;
  for (store::Source& source : sources) {
    if (source.kind == "folder") {
      KHABAR_ASSIGN_OR_RETURN(PollResult result, PollFolder(std::move(source)));
      results.push_back(std::move(result));
    } else {
      remote.push_back(std::move(source));
    }
  }
  if (remote.empty()) return results;

  // Workers fetch and extract; this thread commits each harvest as it
  // arrives, holding store_mu_ so that workers' reads (Done) wait for it.
  std::mutex mu;
  std::condition_variable arrived;
  std::deque<Harvest> ready;
  std::size_t next = 0;
  auto work = [&] {
    while (true) {
      std::size_t index;
      {
        std::lock_guard lock(mu);
        if (next >= remote.size()) return;
        index = next++;
      }
      Harvest harvest = FetchSource(remote[index]);
      std::lock_guard lock(mu);
      ready.push_back(std::move(harvest));
      arrived.notify_one();
    }
  };
  const std::size_t threads = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::max(options_.fetch_threads, 1)), 1,
      remote.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < threads; ++i) workers.emplace_back(work);

  Status store_error;
  for (std::size_t done = 0; done < remote.size(); ++done) {
    Harvest harvest;
    {
      std::unique_lock lock(mu);
      arrived.wait(lock, [&] { return !ready.empty(); });
      harvest = std::move(ready.front());
      ready.pop_front();
    }
    if (!store_error.ok()) continue;  // drain the workers, commit nothing
    // Shutting down: what was cut short is not the source's fault; leave
    // its state and items as they were for the next run.
    if (options_.fetch.cancel != nullptr && options_.fetch.cancel->load()) {
      continue;
    }
    Result<PollResult> result = Commit(harvest);
    if (result.ok()) {
      results.push_back(std::move(result).value());
    } else {
      store_error = result.status();
    }
  }
  for (std::thread& worker : workers) worker.join();
  if (!store_error.ok()) return store_error;
  return results;
}

bool Poller::Done(store::SourceId source, const std::string& key) {
  std::lock_guard lock(store_mu_);
  Result<bool> done = library_.sources().ItemDone(source, key);
  return done.ok() && *done;
}

Result<net::FetchResponse> Poller::Get(Harvest& harvest,
                                       net::FetchRequest request) {
  const std::string host = extract::UrlHost(request.url);
  gate_->Acquire(host);
  Result<net::FetchResponse> response = fetcher_.Fetch(request);
  gate_->Release(host);
  if (response.ok()) {
    harvest.result.bytes += static_cast<int64_t>(response->wire_bytes);
  }
  return response;
}

Poller::Harvest Poller::FetchSource(const store::Source& source) {
  Harvest h;
  h.source = source;
  h.result.id = source.id;
  h.result.location = source.location;
  const bool discovered = source.kind == "site" && !source.feed_url.empty();
  net::FetchRequest request;
  request.url = discovered ? source.feed_url : source.location;
  request.accept = kAccept;
  if (source.kind != "url") {
    request.etag = source.etag;
    request.last_modified = source.last_modified;
  }
  Result<net::FetchResponse> response = Get(h, request);
  if (!response.ok()) {
    h.error = response.status();
    return h;
  }
  h.result.http_status = static_cast<int>(response->status);
  if (response->status == 304) {
    h.result.not_modified = true;
    return h;
  }
  if (response->status == 410) {
    h.gone = true;
    h.error = Status::NotFound("HTTP 410 Gone from " + response->url +
                               ": the source was removed");
    return h;
  }
  if (response->status < 200 || response->status >= 300) {
    h.retry_after = response->retry_after_seconds;
    h.error = Status::IOError("HTTP " + std::to_string(response->status) +
                              " from " + response->url);
    return h;
  }
  h.source.etag = response->etag;
  h.source.last_modified = response->last_modified;

  if (extract::LooksLikeFeed(response->body)) {
    if (h.source.kind == "url") h.source.kind = "feed";
    FetchFeedItems(h, response->body, response->url);
    return h;
  }
  Result<extract::Decoded> page =
      extract::DecodeToUtf8(response->body, response->content_type);
  if (!page.ok()) {
    h.error = page.status().WithContext(response->url);
    return h;
  }
  Result<extract::HtmlArticle> article =
      extract::ExtractHtmlArticle(page->text, response->url);
  if (h.source.kind == "url" || h.source.kind == "site") {
    std::vector<std::string> feeds =
        extract::DiscoverFeedLinks(page->text, response->url);
    const bool looks_like_home = IsRootUrl(response->url) || !article.ok() ||
                                 article->paragraphs.size() < 3;
    if (!feeds.empty() && looks_like_home) {
      h.source.kind = "site";
      h.source.feed_url = feeds.front();
      if (h.source.title.empty() && article.ok()) {
        h.source.title = article->site_name;
      }
      net::FetchRequest feed_request;
      feed_request.url = h.source.feed_url;
      feed_request.accept = kAccept;
      Result<net::FetchResponse> feed = Get(h, feed_request);
      if (!feed.ok()) {
        h.error = feed.status();
        return h;
      }
      if (feed->status != 200 || !extract::LooksLikeFeed(feed->body)) {
        h.error = Status::InvalidArgument(
            "the feed " + feed->url + " announced by " + response->url +
            " answered HTTP " + std::to_string(feed->status) +
            (feed->status == 200 ? " but is not a feed" : ""));
        return h;
      }
      h.source.etag = feed->etag;
      h.source.last_modified = feed->last_modified;
      FetchFeedItems(h, feed->body, feed->url);
      return h;
    }
    if (h.source.kind == "site") {
      h.error = Status::InvalidArgument(response->url +
                                        " no longer announces a feed");
      return h;
    }
  }
  if (!article.ok()) {
    h.error = article.status().WithContext("no feed and no article found at " +
                                           response->url);
    return h;
  }
  h.source.kind = "page";
  if (h.source.title.empty()) h.source.title = article->site_name;
  extract::RawArticle raw = extract::ToRawArticle(*article);
  if (raw.url.empty()) raw.url = response->url;
  if (raw.source.empty()) raw.source = extract::UrlHost(response->url);
  if (!Done(h.source.id, h.source.location)) {
    h.items.push_back({h.source.location, std::move(raw), ""});
  }
  return h;
}

void Poller::FetchFeedItems(Harvest& h, const std::string& feed_bytes,
                            const std::string& feed_url) {
  Result<extract::Feed> feed = extract::ParseFeed(feed_bytes, feed_url);
  if (!feed.ok()) {
    h.error = feed.status().WithContext("feed " + feed_url);
    return;
  }
  h.source.format = extract::FeedFormatName(feed->format);
  if (h.source.title.empty()) h.source.title = feed->title;
  const std::string outlet =
      !h.source.title.empty() ? h.source.title : extract::UrlHost(feed_url);
  int pages = 0;
  for (const extract::FeedEntry& entry : feed->entries) {
    const std::string& key = entry.id.empty() ? entry.link : entry.id;
    if (key.empty() || Done(h.source.id, key)) continue;
    std::vector<std::string> own;
    if (!entry.content_html.empty()) {
      own = extract::HtmlFragmentParagraphs(entry.content_html);
    }
    extract::RawArticle raw;
    if (!own.empty() && (CountWords(own) >= options_.full_content_words ||
                         entry.link.empty())) {
      raw.paragraphs = std::move(own);
      raw.url = entry.link;
    } else if (!entry.link.empty()) {
      if (pages >= options_.max_pages_per_poll) {
        ++h.result.pending_items;
        continue;
      }
      ++pages;
      net::FetchRequest request;
      request.url = entry.link;
      request.accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
      Result<net::FetchResponse> response = Get(h, request);
      Status why;
      if (!response.ok()) {
        why = response.status();
      } else if (response->status != 200) {
        why = Status::IOError("HTTP " + std::to_string(response->status) +
                              " from " + response->url);
      } else {
        Result<extract::Decoded> page =
            extract::DecodeToUtf8(response->body, response->content_type);
        Result<extract::HtmlArticle> article =
            page.ok() ? extract::ExtractHtmlArticle(page->text, response->url)
                      : Result<extract::HtmlArticle>(page.status());
        if (article.ok()) {
          raw = extract::ToRawArticle(*article);
          if (raw.url.empty()) raw.url = response->url;
        } else {
          why = article.status().WithContext(response->url);
        }
      }
      if (!why.ok()) {
        h.items.push_back({key, std::nullopt, why.ToString()});
        continue;
      }
    } else {
      h.items.push_back(
          {key, std::nullopt, "the entry has no text and no link"});
      continue;
    }
    // The feed's own metadata is what the publisher meant; the page fills
    // the gaps.
    if (!entry.title.empty()) raw.title = entry.title;
    if (entry.published_at) {
      raw.published_at = entry.published_at;
    } else if (!raw.published_at) {
      raw.published_at = entry.updated_at;
    }
    if (raw.author.empty()) raw.author = entry.author;
    if (raw.label.empty() && !entry.categories.empty()) {
      raw.label = entry.categories.front();
    }
    raw.source = outlet;
    h.items.push_back({key, std::move(raw), ""});
  }
  // Entries still owed (over the page limit, or failed and to be retried)
  // are in this version of the feed: without validators the next poll gets
  // it in full instead of a 304 that would hide them.
  const bool owed =
      h.result.pending_items > 0 ||
      std::any_of(h.items.begin(), h.items.end(),
                  [](const Harvest::Item& i) { return !i.article; });
  if (owed) {
    h.source.etag.clear();
    h.source.last_modified.clear();
  }
}

Result<PollResult> Poller::Commit(Harvest& h) {
  std::lock_guard lock(store_mu_);
  store::SourceStore& sources = library_.sources();
  const UnixSeconds now = options_.now();
  PollResult& result = h.result;
  auto note_error = [&](std::string error) {
    ++result.failed_items;
    if (result.item_errors.size() < kMaxItemErrors) {
      result.item_errors.push_back(std::move(error));
    }
  };
  for (Harvest::Item& item : h.items) {
    std::optional<store::ArticleId> stored;
    if (item.article) {
      IngestReport report;
      KHABAR_RETURN_IF_ERROR(ingestor_->Add(*item.article, item.key, &report));
      if (!report.ids.empty()) {
        stored = report.ids.back();
        result.new_articles += report.ingested;
        result.duplicates += report.duplicates;
      } else if (!report.failures.empty()) {
        note_error(item.key + ": " + report.failures.front().status.ToString());
      }
    } else {
      note_error(item.key + ": " + item.error);
    }
    KHABAR_RETURN_IF_ERROR(sources.RecordItem(h.source.id, item.key, stored,
                                              now, options_.max_item_attempts));
  }

  store::Source& s = h.source;
  s.last_fetch = now;
  s.last_status = result.http_status;
  s.bytes += result.bytes;
  s.articles += result.new_articles;
  if (h.error.ok()) {
    s.failures = 0;
    s.last_error.clear();
    s.last_success = now;
    s.next_fetch = now + s.interval_s;
  } else {
    ++s.failures;
    s.last_error = h.error.ToString();
    const int shift = std::min(s.failures, 20);
    int64_t backoff =
        std::min<int64_t>(options_.max_backoff_s, s.interval_s << shift);
    if (h.retry_after) {
      backoff = std::max(backoff, std::min(*h.retry_after, kMaxRetryAfter));
    }
    s.next_fetch = now + backoff;
    if (h.gone) s.state = "gone";
  }
  KHABAR_RETURN_IF_ERROR(sources.UpdateSource(s));
  KHABAR_RETURN_IF_ERROR(ingestor_->Flush());
  result.kind = s.kind;
  result.status = h.error;
  result.failures = s.failures;
  return std::move(result);
}

Result<PollResult> Poller::PollFolder(store::Source source) {
  std::lock_guard lock(store_mu_);
  PollResult result;
  result.id = source.id;
  result.location = source.location;
  result.kind = source.kind;
  const UnixSeconds now = options_.now();
  std::vector<std::pair<std::string, std::string>> files;  // (path, key)
  std::error_code ec;
  for (fs::recursive_directory_iterator it(
           source.location, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || !IsArticleFile(it->path())) continue;
    const uintmax_t size = it->file_size(ec);
    const auto mtime = it->last_write_time(ec).time_since_epoch().count();
    if (ec) break;
    files.emplace_back(it->path().string(),
                       fs::relative(it->path(), source.location, ec).string() +
                           "|" + std::to_string(size) + "|" +
                           std::to_string(mtime));
  }
  std::sort(files.begin(), files.end());
  if (ec)
    result.status = Status::IOError(source.location + ": " + ec.message());

  for (const auto& [path, key] : files) {
    Result<bool> done = library_.sources().ItemDone(source.id, key);
    if (!done.ok()) return done.status();
    if (*done) continue;
    IngestReport report;
    KHABAR_RETURN_IF_ERROR(ingestor_->IngestPaths({path}, &report));
    result.new_articles += report.ingested;
    result.duplicates += report.duplicates;
    result.failed_items += report.failed;
    for (const IngestFailure& failure : report.failures) {
      if (result.item_errors.size() < kMaxItemErrors) {
        result.item_errors.push_back(failure.where + ": " +
                                     failure.status.ToString());
      }
    }
    std::error_code size_ec;
    result.bytes += static_cast<int64_t>(fs::file_size(path, size_ec));
    std::optional<store::ArticleId> stored;
    if (!report.ids.empty()) stored = report.ids.front();
    // A file is read once, whatever its outcome: it changes only by being
    // rewritten, and then its size or time (its key) changes too.
    KHABAR_RETURN_IF_ERROR(library_.sources().RecordItem(
        source.id, key, stored, now, /*max_attempts=*/1));
  }
  source.last_fetch = now;
  source.bytes += result.bytes;
  source.articles += result.new_articles;
  if (result.status.ok()) {
    source.failures = 0;
    source.last_error.clear();
    source.last_success = now;
    source.next_fetch = now + source.interval_s;
  } else {
    ++source.failures;
    source.last_error = result.status.ToString();
    source.next_fetch = now + std::min<int64_t>(options_.max_backoff_s,
                                                source.interval_s << std::min(
                                                    source.failures, 20));
  }
  KHABAR_RETURN_IF_ERROR(library_.sources().UpdateSource(source));
  result.failures = source.failures;
  return result;
}

}  // namespace khabar::service
