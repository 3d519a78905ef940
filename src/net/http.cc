#include "net/http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "net/curl_init.h"

namespace khabar::net {
namespace {

// An endless trickle is cut off by the total timeout anyway; this ends it
// sooner when the caller allowed a long one.
constexpr long kLowSpeedBytesPerSecond = 100;
constexpr long kLowSpeedSeconds = 15;

using Clock = std::chrono::steady_clock;

// --- The address guard -----------------------------------------------------

constexpr uint32_t V4(int a, int b, int c, int d) {
  return static_cast<uint32_t>(a) << 24 | static_cast<uint32_t>(b) << 16 |
         static_cast<uint32_t>(c) << 8 | static_cast<uint32_t>(d);
}

bool InV4Net(uint32_t ip, uint32_t net, int prefix) {
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (ip & mask) == (net & mask);
}

// Why an IPv4 address (host order) is not public; "" when it is.
std::string_view ClassifyV4(uint32_t ip) {
  struct Range {
    uint32_t net;
    int prefix;
    std::string_view why;
  };
  static constexpr Range kRanges[] = {
      {V4(255, 255, 255, 255), 32, "broadcast"},
      {V4(0, 0, 0, 0), 8, "unspecified"},
      {V4(10, 0, 0, 0), 8, "private"},
      {V4(100, 64, 0, 0), 10, "shared address space (CGNAT)"},
      {V4(127, 0, 0, 0), 8, "loopback"},
      {V4(169, 254, 0, 0), 16, "link-local"},
      {V4(172, 16, 0, 0), 12, "private"},
      {V4(192, 0, 0, 0), 24, "IETF protocol assignments"},
      {V4(192, 0, 2, 0), 24, "documentation"},
      {V4(192, 168, 0, 0), 16, "private"},
      {V4(198, 18, 0, 0), 15, "benchmarking"},
      {V4(198, 51, 100, 0), 24, "documentation"},
      {V4(203, 0, 113, 0), 24, "documentation"},
      {V4(224, 0, 0, 0), 4, "multicast"},
      {V4(240, 0, 0, 0), 4, "reserved"},
  };
  for (const Range& range : kRanges) {
    if (InV4Net(ip, range.net, range.prefix)) return range.why;
  }
  return {};
}

uint32_t EmbeddedV4(const uint8_t* bytes) {
  return V4(bytes[0], bytes[1], bytes[2], bytes[3]);
}

// Why an IPv6 address is not public; "" when it is. An address that embeds
// an IPv4 one (mapped, NAT64, 6to4) is judged by the embedded address, since
// that is where the packets end up.
std::string_view ClassifyV6(const uint8_t (&a)[16]) {
  static constexpr uint8_t kZero[16] = {};
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0,    0,
                                          0, 0, 0, 0, 0xff, 0xff};
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b};
  if (std::memcmp(a, kZero, 15) == 0) {
    if (a[15] == 0) return "unspecified";
    if (a[15] == 1) return "loopback";
  }
  if (std::memcmp(a, kMapped, 12) == 0 || std::memcmp(a, kNat64, 12) == 0) {
    return ClassifyV4(EmbeddedV4(a + 12));
  }
  if (std::memcmp(a, kZero, 12) == 0) return "IPv4-compatible (deprecated)";
  if (a[0] == 0x20 && a[1] == 0x02) return ClassifyV4(EmbeddedV4(a + 2));
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "link-local";
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return "site-local (deprecated)";
  if ((a[0] & 0xfe) == 0xfc) return "unique local (private)";
  if (a[0] == 0xff) return "multicast";
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) {
    return "documentation";
  }
  return {};
}

// Why the address is not public ("" when it is), and its text.
std::string_view ClassifySockaddr(const sockaddr* addr, std::string* text) {
  char buffer[INET6_ADDRSTRLEN] = "";
  if (addr->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(addr);
    ::inet_ntop(AF_INET, &v4->sin_addr, buffer, sizeof buffer);
    *text = buffer;
    return ClassifyV4(ntohl(v4->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(addr);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, buffer, sizeof buffer);
    *text = buffer;
    uint8_t bytes[16];
    std::memcpy(bytes, &v6->sin6_addr, sizeof bytes);
    return ClassifyV6(bytes);
  }
  *text = "an address of family " + std::to_string(addr->sa_family);
  return "not IP";
}

// --- URLs --------------------------------------------------------------------

struct UrlCleanup {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct CurlCleanup {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && Lower(a) == Lower(b);
}

std::string Part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK || value == nullptr) {
    return {};
  }
  std::string out(value);
  curl_free(value);
  return out;
}

// The lower-cased host of an http(s) URL, IPv6 literals without brackets.
Result<std::string> HttpHost(const std::string& url) {
  std::unique_ptr<CURLU, UrlCleanup> parsed(curl_url());
  if (parsed == nullptr) return Status::Internal("out of memory");
  if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(),
                   CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return Status::InvalidArgument("not a URL: " + url);
  }
  const std::string scheme = Lower(Part(parsed.get(), CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument("only http and https URLs are fetched: " +
                                   url);
  }
  std::string host = Lower(Part(parsed.get(), CURLUPART_HOST));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return Status::InvalidArgument("URL has no host: " + url);
  return host;
}

bool HostAllowed(const FetchPolicy& policy, std::string_view host) {
  return std::any_of(
      policy.allow_hosts.begin(), policy.allow_hosts.end(),
      [host](const std::string& allowed) {
        std::string_view a = allowed;
        if (a.size() >= 2 && a.front() == '[' && a.back() == ']') {
          a = a.substr(1, a.size() - 2);
        }
        return EqualsIgnoreCase(a, host);
      });
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 32 || u == 127;
  });
}

// --- One hop -----------------------------------------------------------------

// Headers of the last response of a transfer (a 100 Continue is forgotten).
struct Headers {
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string retry_after;
};

// What the callbacks of one transfer share with it.
struct Hop {
  std::size_t max_bytes = 0;
  bool host_allowed = false;
  std::string body;
  bool too_big = false;
  std::string refused;  // "127.0.0.1 (loopback)" when the guard said no
  Headers headers;
  const std::atomic<bool>* cancel = nullptr;
};

bool Cancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// libcurl calls this often (at least once a second, and on every chunk):
// non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return Cancelled(static_cast<Hop*>(user)->cancel) ? 1 : 0;
}

std::size_t OnBody(char* data, std::size_t size, std::size_t count,
                   void* user) {
  auto* hop = static_cast<Hop*>(user);
  const std::size_t n = size * count;
  if (n > hop->max_bytes - hop->body.size()) {
    hop->too_big = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  hop->body.append(data, n);
  return n;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count,
                     void* user) {
  auto* hop = static_cast<Hop*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (line.substr(0, 5) == "HTTP/") {
    hop->headers = Headers();
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  const std::string name = Lower(Trim(line.substr(0, colon)));
  const std::string_view value = Trim(line.substr(colon + 1));
  if (name == "content-type") {
    hop->headers.content_type = value;
  } else if (name == "etag") {
    hop->headers.etag = value;
  } else if (name == "last-modified") {
    hop->headers.last_modified = value;
  } else if (name == "retry-after") {
    hop->headers.retry_after = value;
  }
  return n;
}

// Called for every connection libcurl makes, with the address it resolved:
// where the guard runs.
curl_socket_t OnOpenSocket(void* user, curlsocktype /*purpose*/,
                           curl_sockaddr* address) {
  auto* hop = static_cast<Hop*>(user);
  if (!hop->host_allowed) {
    std::string text;
    const std::string_view why = ClassifySockaddr(&address->addr, &text);
    if (!why.empty()) {
      if (hop->refused.empty()) {
        hop->refused = text + " (" + std::string(why) + ")";
      }
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

// Retry-After as seconds from now: delay-seconds or an HTTP date.
std::optional<int64_t> ParseRetryAfter(std::string_view value) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t seconds = 0;
    const auto [end, ec] =
        std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size()) {
      return std::nullopt;
    }
    return seconds;
  }
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::max<int64_t>(0, static_cast<int64_t>(when) - std::time(nullptr));
}

long MillisecondsSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                            start)
          .count());
}

bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

// A failed transfer: what kind of failure it is, naming the URL.
// `url` is the hop's; `origin` the URL the caller asked for.
Status MapFailure(CURLcode rc, const Hop& hop, std::string url,
                  const std::string& origin, std::size_t max_bytes,
                  long elapsed_ms, const char* detail) {
  const std::string why = detail[0] != '\0' ? detail : curl_easy_strerror(rc);
  if (url != origin) url += " (redirected from " + origin + ")";
  if (!hop.refused.empty()) {
    return Status::PermissionDenied(
        "refused to connect to " + hop.refused + " for " + url +
        ": not a public address; allow the host with --allow-host");
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK && Cancelled(hop.cancel)) {
    return Status::IOError("cancelled fetching " + url);
  }
  if (hop.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
    return Status::ResourceExhausted("the body of " + url + " is larger than " +
                                     std::to_string(max_bytes) + " bytes");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return Status::IOError("timed out after " + std::to_string(elapsed_ms) +
                           " ms fetching " + url + " (" + why + ")");
  }
  if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) {
    return Status::InvalidArgument(why + ": " + url);
  }
  if (rc == CURLE_BAD_CONTENT_ENCODING) {
    return Status::IOError("broken Content-Encoding from " + url + " (" + why +
                           ")");
  }
  return Status::IOError("fetching " + url + ": " + why);
}

// What one transfer gave: the status, the next URL (after a redirect).
struct HopResult {
  long status = 0;
  std::string location;
  uint64_t wire_bytes = 0;
};

struct HopRequest {
  const std::string* url;
  const std::string* origin;
  long connect_timeout_ms;
  long timeout_ms;
  const curl_slist* headers;
  const std::string* user_agent;
};

// One request and response, on a fresh handle (so no connection is reused
// and the guard sees every connection).
Result<HopResult> RunHop(const HopRequest& request, Hop* hop,
                         Clock::time_point start, std::size_t max_bytes) {
  std::unique_ptr<CURL, CurlCleanup> handle(curl_easy_init());
  if (handle == nullptr) return Status::Internal("curl_easy_init failed");
  CURL* h = handle.get();
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, request.url->c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // never from the environment
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytesPerSecond);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // all that are built in
  // Refuses a declared Content-Length over the cap before any body arrives
  // (an encoded body is rarely larger than its decoding).
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(std::min<std::size_t>(
                       max_bytes, std::numeric_limits<curl_off_t>::max())));
  curl_easy_setopt(h, CURLOPT_USERAGENT, request.user_agent->c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, request.headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, hop);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, hop);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, hop);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  if (hop->cancel != nullptr) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, hop);
  }

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    return MapFailure(rc, *hop, *request.url, *request.origin, max_bytes,
                      MillisecondsSince(start), error);
  }
  HopResult result;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
  // The body bytes as received, before Content-Encoding is removed (after
  // chunked framing is: a chunked "hello" counts 5). A 304 counts 0.
  curl_off_t downloaded = 0;
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
  result.wire_bytes =
      static_cast<uint64_t>(std::max<curl_off_t>(0, downloaded));
  if (IsRedirect(result.status)) {
    const char* location = nullptr;
    curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
    if (location != nullptr) result.location = location;
  }
  return result;
}

// Accept and the conditional GET headers; nullptr when out of memory.
std::unique_ptr<curl_slist, SlistCleanup> RequestHeaders(
    const FetchRequest& request) {
  std::unique_ptr<curl_slist, SlistCleanup> list;
  const auto add = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) return false;
    (void)list.release();
    list.reset(grown);
    return true;
  };
  if (!add("Accept: " + request.accept) ||
      (!request.etag.empty() && !add("If-None-Match: " + request.etag)) ||
      (!request.last_modified.empty() &&
       !add("If-Modified-Since: " + request.last_modified))) {
    return nullptr;
  }
  return list;
}

}  // namespace

bool IsNonPublicAddress(std::string_view ip) {
  const std::string text(ip);
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return !ClassifyV4(ntohl(v4.s_addr)).empty();
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    uint8_t bytes[16];
    std::memcpy(bytes, &v6, sizeof bytes);
    return !ClassifyV6(bytes).empty();
  }
  return false;
}

HttpFetcher::HttpFetcher(FetchPolicy policy) : policy_(std::move(policy)) {}

Result<FetchResponse> HttpFetcher::Fetch(const FetchRequest& request) const {
  KHABAR_ASSIGN_OR_RETURN(std::string host, HttpHost(request.url));
  for (std::string_view value :
       {std::string_view(request.etag), std::string_view(request.last_modified),
        std::string_view(request.accept),
        std::string_view(policy_.user_agent)}) {
    if (HasControl(value)) {
      return Status::InvalidArgument("a request header has a line break: " +
                                     request.url);
    }
  }
  KHABAR_RETURN_IF_ERROR(InitCurl());

  const std::unique_ptr<curl_slist, SlistCleanup> headers =
      RequestHeaders(request);
  if (headers == nullptr) return Status::Internal("out of memory");

  const Clock::time_point start = Clock::now();
  const long total_ms = std::max(1L, policy_.total_timeout_ms);
  FetchResponse response;
  std::string url = request.url;
  while (true) {
    const long remaining_ms = total_ms - MillisecondsSince(start);
    if (remaining_ms <= 0) {
      return Status::IOError("timed out after " + std::to_string(total_ms) +
                             " ms fetching " + request.url + " (at " + url +
                             ")");
    }
    if (Cancelled(policy_.cancel)) {
      return Status::IOError("cancelled fetching " + request.url);
    }
    Hop hop;
    hop.cancel = policy_.cancel;
    hop.max_bytes = policy_.max_bytes;
    hop.host_allowed = HostAllowed(policy_, host);
    const HopRequest hop_request{
        &url,
        &request.url,
        std::clamp(policy_.connect_timeout_ms, 1L, remaining_ms),
        remaining_ms,
        headers.get(),
        &policy_.user_agent};
    KHABAR_ASSIGN_OR_RETURN(
        HopResult result, RunHop(hop_request, &hop, start, policy_.max_bytes));
    response.wire_bytes += result.wire_bytes;
    if (!IsRedirect(result.status) || result.location.empty()) {
      response.status = result.status;
      response.url = std::move(url);
      response.content_type = std::move(hop.headers.content_type);
      response.etag = std::move(hop.headers.etag);
      response.last_modified = std::move(hop.headers.last_modified);
      response.retry_after_seconds = ParseRetryAfter(hop.headers.retry_after);
      response.body = std::move(hop.body);
      return response;
    }
    if (response.redirects >= policy_.max_redirects) {
      return Status::IOError("too many redirects (more than " +
                             std::to_string(policy_.max_redirects) +
                             ") fetching " + request.url);
    }
    Result<std::string> next_host = HttpHost(result.location);
    if (!next_host.ok()) {
      return Status::PermissionDenied("refused the redirect from " + url +
                                      " to " + result.location +
                                      ": only http and https are followed");
    }
    host = std::move(next_host).value();
    url = std::move(result.location);
    ++response.redirects;
  }
}

}  // namespace khabar::net
