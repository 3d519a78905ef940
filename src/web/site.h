// The Site: every page, feed and API answer of `khabar serve`, as one
// thread-safe function from Request to Response. The server hands requests
// here; tests call Handle() directly.
//
// Around the routes (routes.cc) it adds what every answer needs: security
// headers (a strict Content-Security-Policy: no inline script or style, no
// third-party origin), HEAD handling, metrics and a JSON access log per
// request, and a small page cache: anonymous GET answers are kept (LRU,
// bounded bytes) until the store's data version changes, which is checked at
// most once a second, so new articles appear within a second.
//
// Readers who are signed in (a session cookie or an API token) never touch
// the page cache: their pages carry their name, their save buttons and
// their CSRF token, so account_routes.cc renders them fresh and marks them
// "Cache-Control: private, no-store". Every state-changing request (POST,
// PUT, DELETE) must carry the CSRF token of its session — or, before login,
// the one of the khabar_csrf cookie (double submit) — except API-token
// requests and the RFC 8058 one-click unsubscribe, which carries its own
// capability.
//
// Each request borrows one Desk (its own SQLite connection and the services
// over it) from a pool; connections are opened on demand.
#ifndef KHABAR_WEB_SITE_H_
#define KHABAR_WEB_SITE_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdio>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "service/accounts.h"
#include "service/for_you.h"
#include "service/library.h"
#include "service/news.h"
#include "service/newsletters.h"
#include "service/personal.h"
#include "web/http.h"
#include "web/metrics.h"

namespace khabar::web {

struct SiteOptions {
  service::LibraryOptions library;  // opened read-only by the Site
  // Absolute URL the site is reached at; feeds and canonical links use it.
  std::string base_url = "http://localhost:8080";
  // Folder with the web font files served under /static/fonts/ ("" = none).
  std::string fonts_dir;
  std::size_t cache_bytes = 64 * 1024 * 1024;
  std::FILE* access_log = stderr;  // nullptr = no access log
  // Sender of account and newsletter mail.
  std::string mail_from = "خبر <no-reply@localhost.localdomain>";
  // Reads only (`serve --read-only`: a hot standby, a read-only copy): the
  // database is opened read-only; public pages, search, feeds and the
  // public API work as usual; reader routes (sign-in, account, saving,
  // following, newsletters, /api/v1/me) answer 503, and a signed-in
  // reader's cookie is ignored (pages are served as to anyone).
  bool read_only = false;
  // The clock of accounts and newsletters (tests move it).
  std::function<UnixSeconds()> now = NowUnixSeconds;
};

struct Viewer;

class Site {
 public:
  static Result<std::unique_ptr<Site>> Open(const SiteOptions& options);
  ~Site();

  Response Handle(const Request& request);

  // Query-string parameters, decoded.
  using Params = std::vector<std::pair<std::string, std::string>>;

 private:
  struct Desk {
    std::unique_ptr<service::Library> library;
    std::unique_ptr<service::NewsDesk> desk;
    std::unique_ptr<service::Accounts> accounts;
    std::unique_ptr<service::ForYou> for_you;
    std::unique_ptr<service::Personal> personal;
    std::unique_ptr<service::Newsletters> newsletters;
  };
  // A desk borrowed from the pool for one request.
  class Lease {
   public:
    Lease(Site& site, std::unique_ptr<Desk> desk)
        : site_(site), desk_(std::move(desk)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    service::NewsDesk& desk() { return *desk_->desk; }
    service::Library& library() { return *desk_->library; }
    service::Accounts& accounts() { return *desk_->accounts; }
    service::Personal& personal() { return *desk_->personal; }
    service::ForYou& for_you() { return *desk_->for_you; }
    service::Newsletters& newsletters() { return *desk_->newsletters; }

   private:
    Site& site_;
    std::unique_ptr<Desk> desk_;
  };
  struct StaticFile {
    std::string body;
    std::string content_type;
    std::string etag;
    std::shared_ptr<const std::string> gzip_body;  // null: not worth it
  };
  struct CacheEntry {
    std::string key;
    Response response;
    int64_t version = 0;
  };

  explicit Site(const SiteOptions& options);
  Result<std::unique_ptr<Lease>> Borrow();
  // The store's data version, re-read at most once a second; -1 when the
  // store cannot be read (nothing is cached then).
  int64_t CurrentVersion();
  bool CacheGet(const std::string& key, int64_t version, Response& out);
  // Moves r's body into a shared one that the cache keeps (with its gzip
  // form, made once here).
  void CachePut(const std::string& key, int64_t version, Response& r);

  // routes.cc
  Response Route(const Request& request, std::string_view path,
                 const Params& params);
  // `viewer` is null for anonymous readers (the cacheable pages).
  Response Page(Lease& lease, std::string_view path, const Params& params,
                const Request& request, const Viewer* viewer = nullptr);
  Response Api(Lease& lease, std::string_view path, const Params& params);
  Response Static(std::string_view path, const Request& request);
  Response Health();
  Response MetricsPage();
  Response ErrorPage(int status, std::string route);

  // account_routes.cc: every request of a signed-in reader, every form
  // post, and the account pages.
  static bool IsPersonal(const Request& request, std::string_view path);
  // Routes of readers (any write, sign-in, account pages, /api/v1/me).
  static bool IsReaderRoute(const Request& request, std::string_view path);
  // The answer of a read-only instance to a reader route.
  static Response ReadOnly(std::string_view path);
  Response Personal(const Request& request, std::string_view path,
                    const Params& params);

  SiteOptions options_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Desk>> pool_;
  std::unordered_map<std::string, StaticFile> static_files_;
  Metrics metrics_;

  std::mutex cache_mu_;
  std::list<CacheEntry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<CacheEntry>::iterator> index_;
  std::size_t cache_used_ = 0;

  std::atomic<int64_t> version_{-1};
  std::atomic<int64_t> version_checked_ms_{0};
  std::chrono::steady_clock::time_point started_ =
      std::chrono::steady_clock::now();
};

}  // namespace khabar::web

#endif  // KHABAR_WEB_SITE_H_
