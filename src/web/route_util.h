// Helpers shared by the route files (routes.cc, account_routes.cc):
// parameters, answers of each kind, JSON shapes and feeds of cards.
#ifndef KHABAR_WEB_ROUTE_UTIL_H_
#define KHABAR_WEB_ROUTE_UTIL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/news.h"
#include "web/feed.h"
#include "web/http.h"
#include "web/site.h"

namespace khabar::web {

using json = nlohmann::json;

std::string_view Param(const Site::Params& params, std::string_view name);
bool HasParam(const Site::Params& params, std::string_view name);
// A positive integer parameter in [1, max]; `fallback` when absent;
// nullopt when present but malformed or out of range.
std::optional<int> IntParam(const Site::Params& params, std::string_view name,
                            int fallback, int max);
std::optional<int64_t> ParseId(std::string_view s);
// The fields of a request body: application/json (a flat object; its
// string and integer members) or else application/x-www-form-urlencoded.
// A body that is neither gives no fields. Pure (fuzz/form_fuzz.cc).
Site::Params ParseFormBody(std::string_view content_type, std::string_view body);
// "/article/12" with prefix "/article/" → "12"; nullopt when the path is
// not under the prefix or the rest is empty or has another slash.
std::optional<std::string_view> Tail(std::string_view path,
                                     std::string_view prefix);

// A cacheable public HTML page.
Response Html(std::string body, std::string route);
// JSON; status 200 answers are public and cacheable.
Response Json(const json& value, std::string route, int status = 200);
Response JsonError(int status, std::string_view message, std::string route);

std::string Iso(int64_t t);
json CardJson(const service::Card& c, const std::string& base_url);
json StoryJson(const store::StorySummary& s);
json QuoteJson(const store::QuoteRef& q);
json EntityJson(const store::EntitySummary& e);
json PageJson(json items, int page, int per_page, int64_t total,
              const std::string& next);
Feed MakeFeed(std::string title, const std::string& base_url,
              const std::string& path, const std::vector<service::Card>& cards);
Response FeedResponse(const Feed& feed, std::string_view format,
                      std::string route);
bool KnownSection(std::string_view id);

}  // namespace khabar::web

#endif  // KHABAR_WEB_ROUTE_UTIL_H_
