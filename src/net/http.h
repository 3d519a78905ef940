// Fetching one URL over HTTP(S) with libcurl, politely and defensively:
// connect and total timeouts, a cap on the decoded body (so a 1 GB answer or
// a gzip bomb stops at the cap), a redirect limit with every hop checked,
// gzip/deflate/br, conditional GET (ETag / Last-Modified), a clear
// User-Agent, and a guard against server-side request forgery.
//
// The SSRF guard: by default no connection is made to a loopback, private
// (RFC 1918, fc00::/7), link-local, multicast, unspecified, CGNAT
// (100.64/10), broadcast or reserved address. The check runs on the
// address actually connected to, after DNS resolution (a public name that
// resolves to 127.0.0.1 is refused), and again on every redirect hop (a
// public page that redirects to http://127.0.0.1/ is refused). A host named
// in FetchPolicy::allow_hosts (a host name or an IP literal, compared
// case-insensitively to the URL's host) is exempt. Only http and https.
//
// Errors (every one names the URL):
//   PermissionDenied  the guard refused an address or a redirect target
//   ResourceExhausted the body passed max_bytes (after decoding)
//   IOError           DNS, connect, TLS, reset, timeout ("timed out after
//                     N ms"), too many redirects, a broken encoding
//   InvalidArgument   not an http(s) URL
// Any HTTP status is a successful Fetch: the caller decides what 304, 404,
// 410, 429 or 503 mean for it (FetchResponse::status).
//
// Thread-safe: each Fetch uses its own libcurl easy handle (libcurl's global
// state is set up once, as for SMTP). An HttpFetcher may be shared.
#ifndef KHABAR_NET_HTTP_H_
#define KHABAR_NET_HTTP_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace khabar::net {

inline constexpr std::string_view kUserAgent =
    "Khabar/1.0 (Arabic news reader; +https://github.com/khabar-news/khabar)";

struct FetchPolicy {
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 30'000;     // the whole exchange, redirects included
  std::size_t max_bytes = 8u << 20;   // decoded body
  int max_redirects = 5;
  std::string user_agent = std::string(kUserAgent);
  std::vector<std::string> allow_hosts;  // exempt from the address guard
  // When set and true, a fetch in flight stops at once with IOError
  // ("cancelled"): shutting down never waits for a slow server.
  const std::atomic<bool>* cancel = nullptr;
};

struct FetchRequest {
  std::string url;
  std::string etag;            // sent as If-None-Match when not empty
  std::string last_modified;   // sent as If-Modified-Since when not empty
  std::string accept = "*/*";  // the Accept header
};

struct FetchResponse {
  long status = 0;             // the final HTTP status
  std::string url;             // the final URL, after redirects
  std::string content_type;    // as sent, parameters included
  std::string etag;            // the ETag header, as sent
  std::string last_modified;   // the Last-Modified header, as sent
  // Retry-After as seconds from now (given as seconds or an HTTP date).
  std::optional<int64_t> retry_after_seconds;
  std::string body;            // Content-Encoding removed; charset untouched
  int redirects = 0;
  uint64_t wire_bytes = 0;     // body bytes received on the wire (encoded)
};

// Whether `ip` (an IPv4 or IPv6 literal) is an address the guard refuses by
// default; false for anything that is not a literal.
bool IsNonPublicAddress(std::string_view ip);

class HttpFetcher {
 public:
  explicit HttpFetcher(FetchPolicy policy = {});
  const FetchPolicy& policy() const { return policy_; }

  Result<FetchResponse> Fetch(const FetchRequest& request) const;

 private:
  FetchPolicy policy_;
};

}  // namespace khabar::net

#endif  // KHABAR_NET_HTTP_H_
