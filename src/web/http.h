// The web layer's own request and response: what a handler sees and
// returns, independent of the HTTP server library (server.cc adapts Boost.
// Beast to these), so that every route is a pure function tests can call.
#ifndef KHABAR_WEB_HTTP_H_
#define KHABAR_WEB_HTTP_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::web {

struct Request {
  std::string method;  // "GET", "HEAD", "POST", ...
  std::string target;  // as sent: "/search?q=%D8%A7"
  // Header fields, names lowercased; repeated fields keep every value.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;  // peer address, for logs

  // The first value of header `name` (lowercase), or "".
  std::string_view Header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return "";  // empty but not null (see Param in route_util.cc)
  }
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body instead of `body`: cached answers share one copy
  // with every request they serve (the server writes straight from it).
  std::shared_ptr<const std::string> shared_body;
  // The body gzip-compressed, when the Site made it ahead (cached pages,
  // static files); sent instead of the body to readers who accept gzip.
  std::shared_ptr<const std::string> gzip_body;
  std::string_view Body() const {
    return shared_body ? std::string_view(*shared_body) : std::string_view(body);
  }
  // The route pattern that answered ("/article/{id}"), for metrics and logs.
  std::string route;
  // Whether a shared cache (ours) may keep this answer.
  bool cacheable = false;
};

// "Not Found" for 404 etc.; "Unknown" for codes we never send.
std::string_view ReasonPhrase(int status);

}  // namespace khabar::web

#endif  // KHABAR_WEB_HTTP_H_
