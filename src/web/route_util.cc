#include "web/route_util.h"

#include <algorithm>
#include <charconv>

#include "base/time.h"
#include "web/html.h"

namespace khabar::web {

std::string_view Param(const Site::Params& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  // Empty but not null: the value reaches C APIs declared nonnull
  // (libsodium's password check), where a null pointer is undefined even
  // with a zero length.
  return "";
}

bool HasParam(const Site::Params& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return true;
  }
  return false;
}

std::optional<int> IntParam(const Site::Params& params, std::string_view name,
                            int fallback, int max) {
  if (!HasParam(params, name)) return fallback;
  const std::string_view v = Param(params, name);
  int value = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
  if (ec != std::errc() || ptr != v.data() + v.size() || value < 1 ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> ParseId(std::string_view s) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

Site::Params ParseFormBody(std::string_view content_type,
                           std::string_view body) {
  Site::Params params;
  if (content_type.starts_with("application/json")) {
    json object = json::parse(body, nullptr, false);
    if (!object.is_object()) return params;
    for (const auto& [k, v] : object.items()) {
      if (v.is_string()) params.emplace_back(k, v.get<std::string>());
      if (v.is_number_integer()) {
        params.emplace_back(k, std::to_string(v.get<int64_t>()));
      }
    }
    return params;
  }
  return ParseQueryString(body);
}

std::optional<std::string_view> Tail(std::string_view path,
                                     std::string_view prefix) {
  if (!path.starts_with(prefix)) return std::nullopt;
  std::string_view rest = path.substr(prefix.size());
  if (rest.empty() || rest.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  return rest;
}

Response Html(std::string body, std::string route) {
  Response r;
  r.body = std::move(body);
  r.route = std::move(route);
  r.cacheable = true;
  r.headers.emplace_back("Cache-Control", "public, max-age=30");
  return r;
}

Response Json(const json& value, std::string route, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = value.dump(-1, ' ', false, json::error_handler_t::replace);
  r.body += '\n';
  r.route = std::move(route);
  r.cacheable = status == 200;
  r.headers.emplace_back("Cache-Control", status == 200 ? "public, max-age=30"
                                                        : "no-store");
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return r;
}

Response JsonError(int status, std::string_view message, std::string route) {
  return Json({{"error", {{"status", status}, {"message", message}}}},
              std::move(route), status);
}

std::string Iso(int64_t t) { return FormatIso8601(t); }

json CardJson(const service::Card& c, const std::string& base_url) {
  json j = {{"id", c.id},
            {"title", c.title},
            {"url", base_url + "/article/" + std::to_string(c.id)},
            {"source", {{"id", c.source_id}, {"name", c.source}}},
            {"published_at", c.date.iso.empty() ? json(nullptr) : json(c.date.iso)},
            {"topic", c.topic.empty() ? json(nullptr) : json(c.topic)},
            {"dek", c.dek},
            {"story_id", c.story_id == 0 ? json(nullptr) : json(c.story_id)},
            {"author", c.author},
            {"source_url", c.url}};
  return j;
}

json StoryJson(const store::StorySummary& s) {
  return {{"id", s.id},
          {"title", s.title},
          {"articles", s.articles},
          {"sources", s.sources},
          {"first_seen", Iso(s.first_seen)},
          {"last_seen", Iso(s.last_seen)},
          {"lead_article_id", s.lead}};
}

json QuoteJson(const store::QuoteRef& q) {
  return {{"speaker", q.speaker},
          {"speaker_key", q.speaker_key.empty() ? json(nullptr)
                                                : json(q.speaker_key)},
          {"text", q.text},
          {"cue", q.cue}};
}

json EntityJson(const store::EntitySummary& e) {
  return {{"type", e.type}, {"key", e.key}, {"name", e.name},
          {"articles", e.articles}};
}

json PageJson(json items, int page, int per_page, int64_t total,
              const std::string& next) {
  return {{"items", std::move(items)},
          {"page", page},
          {"per_page", per_page},
          {"total", total},
          {"next", next.empty() ? json(nullptr) : json(next)}};
}

// Feed output of a listing's cards.
Feed MakeFeed(std::string title, const std::string& base_url,
              const std::string& path, const std::vector<service::Card>& cards) {
  Feed feed;
  feed.title = std::move(title);
  feed.home_url = base_url + path;
  feed.self_url = base_url + path;
  for (const service::Card& c : cards) {
    FeedItem item;
    item.id = base_url + "/article/" + std::to_string(c.id);
    item.url = item.id;
    item.title = c.title;
    item.summary = c.dek;
    item.author = c.author.empty() ? c.source : c.author;
    if (!c.topic_name.empty()) item.categories.push_back(c.topic_name);
    item.published = c.time;
    item.updated = c.time;
    feed.updated = std::max(feed.updated, c.time);
    feed.items.push_back(std::move(item));
  }
  return feed;
}

Response FeedResponse(const Feed& feed, std::string_view format,
                      std::string route) {
  Response r;
  r.route = std::move(route);
  r.cacheable = true;
  r.headers.emplace_back("Cache-Control", "public, max-age=60");
  if (format == "atom") {
    r.content_type = "application/atom+xml; charset=utf-8";
    r.body = RenderAtom(feed);
  } else if (format == "rss") {
    r.content_type = "application/rss+xml; charset=utf-8";
    r.body = RenderRss(feed);
  } else {
    r.content_type = "application/feed+json; charset=utf-8";
    r.body = RenderJsonFeed(feed);
  }
  return r;
}

bool KnownSection(std::string_view id) {
  for (const service::SectionName& s : service::AllSections()) {
    if (s.id == id) return true;
  }
  return false;
}

}  // namespace khabar::web
