#include "web/site.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/hash.h"
#include "base/time.h"
#include "web/compress.h"
#include "web/embedded.h"
#include "web/html.h"
#include "web/render.h"

namespace khabar::web {
namespace {

constexpr char kCsp[] =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

std::string ContentTypeOf(std::string_view path) {
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".woff2")) return "font/woff2";
  if (path.ends_with(".woff")) return "font/woff";
  if (path.ends_with(".json")) return "application/json";
  if (path.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// A strong validator: the content's stable hash, quoted. (Built by appends:
// GCC 12 warns falsely about `"\"" + string + "\""` under -O3.)
std::string ETagOf(std::string_view data) {
  std::string etag = "\"";
  etag += HashToHex(StableHash64(data));
  etag += '"';
  return etag;
}

// Text answers shorter than this are sent as they are.
constexpr std::size_t kMinGzipBytes = 1024;

std::shared_ptr<const std::string> GzipIfWorthIt(std::string_view content_type,
                                                 std::string_view body) {
  if (body.size() < kMinGzipBytes || !IsCompressible(content_type)) {
    return nullptr;
  }
  std::optional<std::string> gz = Gzip(body);
  if (!gz || gz->size() >= body.size()) return nullptr;
  return std::make_shared<const std::string>(std::move(*gz));
}

int64_t MonotonicMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// One access-log line: a JSON object, strings escaped.
void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

}  // namespace

Site::Site(const SiteOptions& options) : options_(options) {}
Site::~Site() = default;

Site::Lease::~Lease() {
  std::lock_guard lock(site_.pool_mu_);
  site_.pool_.push_back(std::move(desk_));
}

Result<std::unique_ptr<Site>> Site::Open(const SiteOptions& options) {
  InitTemplates();
  std::unique_ptr<Site> site(new Site(options));
  // Readers write (sessions, saved articles, follows); articles are only
  // read here. `khabar serve` migrated the database before this (or, read
  // only, the schema must already be current).
  site->options_.library.read_only = options.read_only;
  site->options_.library.understand = false;
  while (!site->options_.base_url.empty() &&
         site->options_.base_url.back() == '/') {
    site->options_.base_url.pop_back();
  }
  // One connection up front: a missing or broken database fails here, at
  // start, not on the first reader's request.
  KHABAR_ASSIGN_OR_RETURN(std::unique_ptr<Lease> lease, site->Borrow());
  lease.reset();

  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (!f.path.starts_with("static/")) continue;
    const std::string name(f.path.substr(std::string_view("static/").size()));
    site->static_files_["/static/" + name] = {
        std::string(f.data), ContentTypeOf(name), ETagOf(f.data),
        GzipIfWorthIt(ContentTypeOf(name), f.data)};
  }
  if (!options.fonts_dir.empty()) {
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::directory_iterator(options.fonts_dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".woff2")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      std::string data = buffer.str();
      const std::string etag = ETagOf(data);
      site->static_files_["/static/fonts/" + name] = {
          std::move(data), ContentTypeOf(name), etag, nullptr};
    }
    if (ec && options.access_log != nullptr) {
      fprintf(options.access_log,
              "khabar serve: fonts folder %s unreadable (%s); pages fall back "
              "to system fonts\n",
              options.fonts_dir.c_str(), ec.message().c_str());
    }
  }
  return site;
}

Result<std::unique_ptr<Site::Lease>> Site::Borrow() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto desk = std::move(pool_.back());
      pool_.pop_back();
      return std::make_unique<Lease>(*this, std::move(desk));
    }
  }
  auto desk = std::make_unique<Desk>();
  KHABAR_ASSIGN_OR_RETURN(desk->library,
                          service::Library::Open(options_.library));
  desk->desk = std::make_unique<service::NewsDesk>(*desk->library);
  service::AccountsOptions accounts;
  accounts.base_url = options_.base_url;
  accounts.mail_from = options_.mail_from;
  accounts.now = options_.now;
  desk->accounts = std::make_unique<service::Accounts>(
      desk->library->readers(), std::move(accounts));
  desk->for_you = std::make_unique<service::ForYou>(
      desk->library->store(), desk->library->readers(),
      &desk->library->searcher());
  desk->personal = std::make_unique<service::Personal>(
      *desk->library, *desk->desk, *desk->for_you);
  service::NewslettersOptions newsletters;
  newsletters.base_url = options_.base_url;
  newsletters.mail_from = options_.mail_from;
  newsletters.now = options_.now;
  desk->newsletters = std::make_unique<service::Newsletters>(
      desk->library->store(), desk->library->readers(), *desk->accounts,
      *desk->for_you, std::move(newsletters));
  return std::make_unique<Lease>(*this, std::move(desk));
}

int64_t Site::CurrentVersion() {
  const int64_t now = MonotonicMs();
  if (version_.load() >= 0 && now - version_checked_ms_.load() < 1000) {
    return version_.load();
  }
  Result<std::unique_ptr<Lease>> lease = Borrow();
  if (!lease.ok()) return -1;  // uncachable until the store answers again
  Result<int64_t> v = (*lease)->library().store().DataVersion();
  if (!v.ok()) return -1;
  version_.store(*v);
  version_checked_ms_.store(now);
  return *v;
}

bool Site::CacheGet(const std::string& key, int64_t version, Response& out) {
  std::lock_guard lock(cache_mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  if (it->second->version != version) {
    cache_used_ -= it->second->response.Body().size() + key.size();
    lru_.erase(it->second);
    index_.erase(it);
    return false;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  out = it->second->response;
  return true;
}

void Site::CachePut(const std::string& key, int64_t version, Response& r) {
  const std::size_t size = r.Body().size() + key.size();
  if (size > options_.cache_bytes / 16) return;
  // The entry and this answer share one body from now on.
  if (!r.shared_body) {
    r.shared_body = std::make_shared<const std::string>(std::move(r.body));
    r.body.clear();
  }
  if (!r.gzip_body) r.gzip_body = GzipIfWorthIt(r.content_type, r.Body());
  std::lock_guard lock(cache_mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    cache_used_ -= it->second->response.Body().size() + key.size();
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front({key, r, version});
  index_[key] = lru_.begin();
  cache_used_ += size;
  while (cache_used_ > options_.cache_bytes && !lru_.empty()) {
    const CacheEntry& last = lru_.back();
    cache_used_ -= last.response.Body().size() + last.key.size();
    index_.erase(last.key);
    lru_.pop_back();
  }
}

Response Site::Handle(const Request& request) {
  const auto start = std::chrono::steady_clock::now();
  auto [raw_path, raw_query] = SplitTarget(request.target);
  Response response;
  std::optional<std::string> path = UrlDecode(raw_path, false);
  if (!path || !raw_path.starts_with("/")) {
    response = ErrorPage(400, "bad-target");
  } else if (request.method != "GET" && request.method != "HEAD" &&
             request.method != "POST" && request.method != "PUT" &&
             request.method != "DELETE") {
    response = ErrorPage(405, "method");
    response.headers.emplace_back("Allow", "GET, HEAD, POST, PUT, DELETE");
  } else {
    const Params params = ParseQueryString(raw_query);
    response = Route(request, *path, params);
  }

  // gzip for readers who accept it: made once for cached pages and static
  // files, on the fly for the rest.
  if (IsCompressible(response.content_type)) {
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (response.status == 200 &&
        AcceptsGzip(request.Header("accept-encoding"))) {
      if (!response.gzip_body) {
        response.gzip_body = GzipIfWorthIt(response.content_type, response.Body());
      }
      if (response.gzip_body) {
        response.shared_body = std::move(response.gzip_body);
        response.body.clear();
        response.headers.emplace_back("Content-Encoding", "gzip");
        for (auto& [name, value] : response.headers) {
          // A strong validator names one representation: the gzip one is
          // another (weak comparison still matches it on revalidation).
          if (name == "ETag" && !value.starts_with("W/")) value = "W/" + value;
        }
      }
    }
  }
  response.gzip_body.reset();

  // Security headers on every answer (a route may set a stricter or
  // narrower policy of its own: the newsletter preview's inline styles).
  const bool own_csp =
      std::any_of(response.headers.begin(), response.headers.end(),
                  [](const auto& h) { return h.first == "Content-Security-Policy"; });
  if (!own_csp) response.headers.emplace_back("Content-Security-Policy", kCsp);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy",
                                "strict-origin-when-cross-origin");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  metrics_.Observe(response.route, response.status, seconds);
  if (options_.access_log != nullptr) {
    std::string line = "{\"ts\":";
    AppendJsonString(line, FormatIso8601(NowUnixSeconds()));
    line += ",\"remote\":";
    AppendJsonString(line, request.remote);
    line += ",\"method\":";
    AppendJsonString(line, request.method);
    line += ",\"target\":";
    AppendJsonString(line, request.target.substr(0, 2048));
    line += ",\"route\":";
    AppendJsonString(line, response.route);
    line += ",\"status\":" + std::to_string(response.status);
    line += ",\"bytes\":" + std::to_string(response.Body().size());
    char ms[32];
    snprintf(ms, sizeof ms, "%.3f", seconds * 1000);
    line += ",\"ms\":";
    line += ms;
    line += "}\n";
    fwrite(line.data(), 1, line.size(), options_.access_log);
  }
  return response;
}

Response Site::Health() {
  Response r;
  r.route = "/healthz";
  r.content_type = "application/json";
  Result<std::unique_ptr<Lease>> lease = Borrow();
  Result<int64_t> count =
      lease.ok() ? (*lease)->library().store().Count() : lease.status();
  if (!count.ok()) {
    r.status = 503;
    r.body = "{\"status\":\"unavailable\"}\n";
    return r;
  }
  r.body = "{\"status\":\"ok\",\"articles\":" + std::to_string(*count) + "}\n";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response Site::MetricsPage() {
  std::vector<std::tuple<std::string, std::string, double>> gauges;
  Result<std::unique_ptr<Lease>> lease = Borrow();
  if (lease.ok()) {
    Result<int64_t> count = (*lease)->library().store().Count();
    if (count.ok()) {
      gauges.emplace_back("khabar_articles", "Articles in the store.",
                          static_cast<double>(*count));
    }
    const UnixSeconds now = NowUnixSeconds();
    for (const auto& [name, seconds] :
         {std::pair{"khabar_articles_ingested_last_hour", 3600},
          std::pair{"khabar_articles_ingested_last_day", 86400}}) {
      Result<int64_t> n = (*lease)->library().store().IngestedSince(now - seconds);
      if (n.ok()) {
        gauges.emplace_back(name, "Articles stored in the window (ingest rate).",
                            static_cast<double>(*n));
      }
    }
  }
  struct stat st{};
  const std::string db = options_.library.data_dir + "/khabar.db";
  if (stat(db.c_str(), &st) == 0) {
    double bytes = static_cast<double>(st.st_size);
    struct stat wal{};
    if (stat((db + "-wal").c_str(), &wal) == 0) bytes += wal.st_size;
    gauges.emplace_back("khabar_database_bytes",
                        "Size of the database files.", bytes);
  }
  {
    std::lock_guard lock(cache_mu_);
    gauges.emplace_back("khabar_page_cache_bytes", "Bytes in the page cache.",
                        static_cast<double>(cache_used_));
  }
  gauges.emplace_back(
      "khabar_uptime_seconds", "Seconds since the site started.",
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_)
          .count());
  Response r;
  r.route = "/metrics";
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = metrics_.Render(gauges);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response Site::Static(std::string_view path, const Request& request) {
  auto it = static_files_.find(std::string(path));
  if (it == static_files_.end()) return ErrorPage(404, "/static/{file}");
  Response r;
  r.route = "/static/{file}";
  r.headers.emplace_back("ETag", it->second.etag);
  r.headers.emplace_back("Cache-Control", "public, max-age=604800");
  const std::string_view validator = request.Header("if-none-match");
  if (validator == it->second.etag || validator == "W/" + it->second.etag) {
    r.status = 304;
    r.content_type = it->second.content_type;
    return r;
  }
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.gzip_body = it->second.gzip_body;
  return r;
}

Response Site::ErrorPage(int status, std::string route) {
  Response r;
  r.status = status;
  r.route = std::move(route);
  r.body = RenderError(status, {});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace khabar::web
