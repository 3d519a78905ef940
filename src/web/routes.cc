// Every route of the site, in one file: pages, their feeds, the JSON API.
//
//   /                     home (feed: latest articles)
//   /latest               every article, newest first
//   /article/{id}         one article
//   /story/{id}           a story's full coverage
//   /entity/{key}         a person, place or organization
//   /topic/{name}         a section
//   /source/{id}          one source
//   /sources              sources and sections
//   /search?q=            search (query language of search/query.h)
//   any listing ?format=atom|rss|json
//   /api/v1/...           JSON API (api/openapi.json documents it)
//   /healthz /metrics /static/{file}
#include <charconv>

#include "web/embedded.h"
#include "web/feed.h"
#include "web/html.h"
#include "web/render.h"
#include "web/route_util.h"
#include "web/site.h"

namespace khabar::web {
namespace {

constexpr int kFeedItems = 30;
constexpr int kMaxApiPageSize = 100;

// The API's filter parameters as query-language filters appended to q.
std::string ApiQuery(const Site::Params& params) {
  std::string q(Param(params, "q"));
  for (const char* field :
       {"person", "place", "org", "topic", "source", "from", "to"}) {
    std::string value(Param(params, field));
    std::erase(value, '"');
    if (value.empty()) continue;
    if (!q.empty()) q += ' ';
    q += field;
    q += ':';
    if (value.find(' ') != std::string::npos) {
      q += '"' + value + '"';
    } else {
      q += value;
    }
  }
  return q;
}

// The page cache's key: the path and the parameters that shape an answer,
// in a fixed order. Unknown parameters change nothing, so they must not
// make new entries (`?_=random` would otherwise render every request and
// churn the cache).
std::string CacheKey(std::string_view path, const Site::Params& params) {
  static constexpr std::string_view kShaping[] = {
      "format", "from", "org", "page", "per_page", "person",
      "place", "q", "source", "to", "topic", "type"};
  std::string key(path);
  char sep = '?';
  for (std::string_view name : kShaping) {
    for (const auto& [k, v] : params) {
      if (k != name) continue;
      key += sep;
      key += name;
      key += '=';
      key += UrlEncode(v);
      sep = '&';
    }
  }
  return key;
}

// A page's meta with what every page needs: the reader, if signed in, and
// the page's own address (forms come back to it).
PageMeta NewMeta(const Viewer* viewer, const Request& request) {
  PageMeta meta;
  meta.viewer = viewer;
  std::string_view here = request.target;
  if (here.size() > 1000 || !here.starts_with("/") || here.starts_with("//")) {
    here = "/";
  }
  meta.here = std::string(here);
  return meta;
}

}  // namespace

Response Site::Route(const Request& request, std::string_view path,
                     const Params& params) {
  if (path == "/healthz") return Health();
  if (path == "/metrics") return MetricsPage();
  if (path.starts_with("/static/")) return Static(path, request);
  if (options_.read_only) {
    // Nothing here can write: reader routes are for a read-write instance;
    // anything else is served as to anyone (cookies ignored).
    if (IsReaderRoute(request, path)) return ReadOnly(path);
  } else if (IsPersonal(request, path)) {
    return Personal(request, path, params);
  }
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = ErrorPage(405, "method");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }

  const int64_t version = CurrentVersion();
  const std::string key = CacheKey(path, params);
  Response cached;
  if (version >= 0 && CacheGet(key, version, cached)) {
    metrics_.CacheHit(true);
    return cached;
  }
  metrics_.CacheHit(false);
  Result<std::unique_ptr<Lease>> lease = Borrow();
  if (!lease.ok()) return ErrorPage(503, "unavailable");
  Response response;
  try {
    response = path.starts_with("/api/") ? Api(**lease, path, params)
                                          : Page(**lease, path, params, request);
  } catch (const std::exception&) {
    response = ErrorPage(500, "error");
  }
  if (response.cacheable && response.status == 200 && version >= 0) {
    CachePut(key, version, response);
  }
  return response;
}

Response Site::Page(Lease& lease, std::string_view path, const Params& params,
                    const Request& request, const Viewer* viewer) {
  service::NewsDesk& desk = lease.desk();
  const std::string_view format = Param(params, "format");
  if (HasParam(params, "format") && format != "atom" && format != "rss" &&
      format != "json") {
    return ErrorPage(400, "bad-format");
  }
  const bool feed = !format.empty();
  const std::optional<int> page =
      IntParam(params, "page", 1, service::NewsDesk::kMaxPage);
  if (!page) return ErrorPage(400, "bad-page");
  const std::string& base = options_.base_url;

  // The follow/mute control of a page about one thing, with the reader's
  // state when signed in.
  auto follow_control = [&](std::string kind, std::string target,
                            std::string label, std::string detail,
                            bool can_mute) {
    FollowControl f{std::move(kind), std::move(target), std::move(label),
                    std::move(detail)};
    f.can_mute = can_mute;
    if (viewer != nullptr) {
      Result<service::FollowState> state =
          lease.personal().StateOf(viewer->user_id, f.kind, f.target);
      if (state.ok()) {
        f.following = state->following;
        f.muted = state->muted;
      }
    }
    return f;
  };

  // A status from the desk: NotFound → 404, a caller error → 400.
  auto fail = [&](const Status& s, std::string route) {
    if (s.code() == StatusCode::kNotFound) return ErrorPage(404, route);
    if (s.code() == StatusCode::kInvalidArgument) return ErrorPage(400, route);
    return ErrorPage(500, route);
  };

  if (path == "/") {
    if (feed) {
      Result<service::Listing> latest = desk.Latest(1, kFeedItems);
      if (!latest.ok()) return fail(latest.status(), "/");
      return FeedResponse(MakeFeed("خبر — أحدث الأخبار", base, "/", latest->cards),
                          format, "/");
    }
    Result<service::HomeView> home = desk.Home();
    if (!home.ok()) return fail(home.status(), "/");
    PageMeta meta = NewMeta(viewer, request);
    meta.description = "أهم القصص وأحدث الأخبار بالعربية من مصادر متعددة.";
    meta.canonical = base + "/";
    meta.feed_path = "/";
    meta.feed_title = "خبر — أحدث الأخبار";
    meta.nav_home = true;
    return Html(RenderHome(*home, meta), "/");
  }

  if (path == "/latest") {
    Result<service::Listing> latest =
        desk.Latest(feed ? 1 : *page, feed ? kFeedItems : service::NewsDesk::kPageSize);
    if (!latest.ok()) return fail(latest.status(), "/latest");
    if (feed) {
      return FeedResponse(MakeFeed("خبر — كل الأخبار", base, "/latest",
                                   latest->cards),
                          format, "/latest");
    }
    PageMeta meta = NewMeta(viewer, request);
    meta.title = "كل الأخبار";
    meta.feed_path = "/latest";
    meta.feed_title = "خبر — كل الأخبار";
    meta.nav_latest = true;
    return Html(RenderListing("", "كل الأخبار", *latest, "/latest", meta),
                "/latest");
  }

  if (auto tail = Tail(path, "/article/")) {
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return ErrorPage(404, "/article/{id}");
    Result<service::ArticleView> view = desk.Article(*id);
    if (!view.ok()) return fail(view.status(), "/article/{id}");
    PageMeta meta = NewMeta(viewer, request);
    meta.title = view->article.title;
    meta.description = view->card.dek;
    meta.canonical = base + "/article/" + std::to_string(*id);
    meta.current_section = view->article.analysis.topic;
    if (viewer != nullptr) {
      // Implicit interest for "For you"; a failure costs only that.
      (void)lease.personal().RecordRead(viewer->user_id, *id, options_.now());
    }
    return Html(RenderArticle(*view, meta), "/article/{id}");
  }

  if (auto tail = Tail(path, "/story/")) {
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return ErrorPage(404, "/story/{id}");
    Result<service::StoryView> view = desk.Story(*id);
    if (!view.ok()) return fail(view.status(), "/story/{id}");
    const std::string self = "/story/" + std::to_string(*id);
    if (feed) {
      std::vector<service::Card> newest(view->articles.rbegin(),
                                        view->articles.rend());
      if (newest.size() > kFeedItems) newest.resize(kFeedItems);
      return FeedResponse(MakeFeed("قصة: " + view->story.title, base, self, newest),
                          format, "/story/{id}");
    }
    PageMeta meta = NewMeta(viewer, request);
    meta.title = view->story.title;
    meta.description = "التغطية الكاملة: " + ArticlesLabel(view->story.articles) +
                       " من " + SourcesLabel(view->story.sources);
    meta.canonical = base + self;
    meta.feed_path = self;
    meta.feed_title = "قصة: " + view->story.title;
    meta.follow = follow_control("story", std::to_string(*id),
                                 view->story.title, "", false);
    return Html(RenderStory(*view, meta), "/story/{id}");
  }

  if (auto tail = Tail(path, "/entity/")) {
    const std::string key(*tail);
    Result<service::EntityView> view = desk.Entity(
        key, feed ? 1 : *page, feed ? kFeedItems : service::NewsDesk::kPageSize);
    if (!view.ok()) return fail(view.status(), "/entity/{key}");
    const std::string self = "/entity/" + UrlEncode(key);
    if (feed) {
      return FeedResponse(
          MakeFeed(view->entity.name + " — خبر", base, self, view->articles.cards),
          format, "/entity/{key}");
    }
    PageMeta meta = NewMeta(viewer, request);
    meta.title = view->entity.name;
    meta.description = "أخبار " + view->entity.name + " وتصريحاته ومن يرد معه.";
    meta.canonical = base + self;
    meta.feed_path = self;
    meta.feed_title = view->entity.name;
    meta.follow = follow_control("entity", key, view->entity.name,
                                 view->entity.type, false);
    return Html(RenderEntity(*view, self, meta), "/entity/{key}");
  }

  if (auto tail = Tail(path, "/topic/")) {
    const std::string topic(*tail);
    if (!KnownSection(topic)) return ErrorPage(404, "/topic/{name}");
    Result<service::Listing> listing = desk.Topic(
        topic, feed ? 1 : *page, feed ? kFeedItems : service::NewsDesk::kPageSize);
    if (!listing.ok()) return fail(listing.status(), "/topic/{name}");
    const std::string name = service::SectionDisplayName(topic);
    const std::string self = "/topic/" + UrlEncode(topic);
    if (feed) {
      return FeedResponse(MakeFeed(name + " — خبر", base, self, listing->cards),
                          format, "/topic/{name}");
    }
    PageMeta meta = NewMeta(viewer, request);
    meta.title = name;
    meta.canonical = base + self;
    meta.feed_path = self;
    meta.feed_title = name;
    meta.current_section = topic;
    meta.follow = follow_control("topic", topic, name, "", true);
    return Html(RenderListing("قسم", name, *listing, self, meta),
                "/topic/{name}");
  }

  if (auto tail = Tail(path, "/source/")) {
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return ErrorPage(404, "/source/{id}");
    Result<store::Facet> source = desk.SourceById(*id);
    if (!source.ok()) return fail(source.status(), "/source/{id}");
    Result<service::Listing> listing = desk.Source(
        *id, feed ? 1 : *page, feed ? kFeedItems : service::NewsDesk::kPageSize);
    if (!listing.ok()) return fail(listing.status(), "/source/{id}");
    const std::string self = "/source/" + std::to_string(*id);
    if (feed) {
      return FeedResponse(
          MakeFeed(source->value + " — خبر", base, self, listing->cards), format,
          "/source/{id}");
    }
    PageMeta meta = NewMeta(viewer, request);
    meta.title = source->value;
    meta.canonical = base + self;
    meta.feed_path = self;
    meta.feed_title = source->value;
    meta.follow = follow_control("source", source->value, source->value, "", true);
    return Html(RenderListing("مصدر", source->value, *listing, self, meta),
                "/source/{id}");
  }

  if (path == "/sources") {
    Result<std::vector<store::Facet>> sources = desk.Sources();
    if (!sources.ok()) return fail(sources.status(), "/sources");
    Result<std::vector<store::Facet>> topics = desk.Topics();
    if (!topics.ok()) return fail(topics.status(), "/sources");
    PageMeta meta = NewMeta(viewer, request);
    meta.title = "المصادر";
    return Html(RenderSources(*sources, *topics, meta), "/sources");
  }

  if (path == "/search") {
    // The filter form's fields join the query as field:value filters.
    const std::string query = ApiQuery(params);
    PageMeta meta = NewMeta(viewer, request);
    meta.title = query.empty() ? "البحث" : "بحث: " + query;
    meta.query = query;
    if (query.find_first_not_of(' ') == std::string::npos) {
      return Html(RenderSearch(nullptr, "", meta), "/search");
    }
    Result<service::SearchView> view =
        desk.Search(query, feed ? 1 : *page,
                    feed ? kFeedItems : service::NewsDesk::kPageSize);
    if (!view.ok()) {
      if (view.status().code() != StatusCode::kInvalidArgument) {
        return fail(view.status(), "/search");
      }
      Response r = Html(
          RenderSearch(nullptr, "تعذّر فهم البحث: " + view.status().message(), meta),
          "/search");
      r.status = 400;
      return r;
    }
    const std::string self = "/search?q=" + UrlEncode(query);
    if (feed) {
      return FeedResponse(MakeFeed("بحث: " + query + " — خبر", base, self,
                                   view->results.cards),
                          format, "/search");
    }
    meta.feed_path = self;
    meta.feed_title = "بحث: " + query;
    if (query.size() <= 200) {
      meta.follow = follow_control("search", query, query, "", false);
    }
    Response r = Html(RenderSearch(&*view, "", meta), "/search");
    return r;
  }

  return ErrorPage(404, "not-found");
}

Response Site::Api(Lease& lease, std::string_view path, const Params& params) {
  service::NewsDesk& desk = lease.desk();
  const std::string& base = options_.base_url;
  const std::optional<int> page =
      IntParam(params, "page", 1, service::NewsDesk::kMaxPage);
  const std::optional<int> per_page =
      IntParam(params, "per_page", service::NewsDesk::kPageSize, kMaxApiPageSize);
  if (!page || !per_page) {
    return JsonError(400, "page must be 1..500 and per_page 1..100", "/api/v1");
  }
  auto fail = [](const Status& s, std::string route) {
    const int status = s.code() == StatusCode::kNotFound ? 404
                       : s.code() == StatusCode::kInvalidArgument ? 400
                                                                  : 500;
    return JsonError(status, status == 500 ? "internal error" : s.message(),
                     std::move(route));
  };
  auto next_link = [&](std::string_view route_path, bool has_next) {
    if (!has_next) return std::string();
    std::string link = base + std::string(route_path) + "?";
    for (const auto& [k, v] : params) {
      if (k == "page") continue;
      link += UrlEncode(k) + "=" + UrlEncode(v) + "&";
    }
    return link + "page=" + std::to_string(*page + 1);
  };
  auto cards_json = [&](const std::vector<service::Card>& cards) {
    json items = json::array();
    for (const service::Card& c : cards) items.push_back(CardJson(c, base));
    return items;
  };

  if (path == "/api/v1/openapi.json") {
    for (const EmbeddedFile& f : EmbeddedFiles()) {
      if (f.path == "api/openapi.json") {
        Response r;
        r.content_type = "application/json";
        r.body = std::string(f.data);
        r.route = "/api/v1/openapi.json";
        r.cacheable = true;
        return r;
      }
    }
    return JsonError(500, "openapi document missing", "/api/v1/openapi.json");
  }

  if (path == "/api/v1/articles" || path == "/api/v1/search") {
    const std::string route(path);
    const std::string query = ApiQuery(params);
    if (query.empty()) {
      if (route == "/api/v1/search") {
        return JsonError(400, "q is required", route);
      }
      Result<service::Listing> latest = desk.Latest(*page, *per_page);
      if (!latest.ok()) return fail(latest.status(), route);
      return Json(PageJson(cards_json(latest->cards), *page, *per_page,
                           latest->total, next_link(path, latest->has_next())),
                  route);
    }
    Result<service::SearchView> view = desk.Search(query, *page, *per_page);
    if (!view.ok()) return fail(view.status(), route);
    json items = cards_json(view->results.cards);
    for (std::size_t i = 0; i < items.size() && i < view->snippets.size(); ++i) {
      items[i]["snippet_html"] = HighlightSnippet(view->snippets[i]);
    }
    json out = PageJson(std::move(items), *page, *per_page, view->results.total,
                        next_link(path, view->results.has_next()));
    out["relaxed"] = view->relaxed;
    out["query"] = query;
    return Json(out, route);
  }

  if (auto tail = Tail(path, "/api/v1/articles/")) {
    const std::string route = "/api/v1/articles/{id}";
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return JsonError(404, "no such article", route);
    Result<service::ArticleView> view = desk.Article(*id);
    if (!view.ok()) return fail(view.status(), route);
    const store::Article& a = view->article;
    json j = CardJson(view->card, base);
    j["paragraphs"] = a.paragraphs;
    j["keywords"] = a.analysis.keywords;
    j["summary"] = a.analysis.summary;
    j["topic_confidence"] = a.analysis.topic_confidence;
    json entities = json::array();
    for (const store::EntityRef& e : a.analysis.entities) {
      entities.push_back({{"type", e.type}, {"key", e.key}, {"name", e.name},
                          {"mentions", e.count}});
    }
    j["entities"] = entities;
    json quotes = json::array();
    for (const store::QuoteRef& q : a.analysis.quotes) quotes.push_back(QuoteJson(q));
    j["quotes"] = quotes;
    json dates = json::array();
    for (const store::DateRef& d : a.analysis.dates) {
      dates.push_back({{"text", d.text}, {"value", d.value}});
    }
    j["dates"] = dates;
    j["story_articles"] = cards_json(view->story_articles);
    j["more_like_this"] = cards_json(view->more_like_this);
    return Json(j, route);
  }

  if (path == "/api/v1/stories") {
    const std::string route(path);
    Result<std::vector<service::StoryCard>> top = desk.TopStories(
        std::min(*page * *per_page, 300));
    if (!top.ok()) return fail(top.status(), route);
    json items = json::array();
    const std::size_t from = static_cast<std::size_t>((*page - 1) * *per_page);
    for (std::size_t i = from; i < top->size() && i < from + *per_page; ++i) {
      json s = StoryJson((*top)[i].story);
      s["lead"] = CardJson((*top)[i].lead, base);
      s["score"] = (*top)[i].score;
      items.push_back(std::move(s));
    }
    const bool has_next = top->size() == static_cast<std::size_t>(*page * *per_page) &&
                          *page * *per_page < 300;
    return Json(PageJson(std::move(items), *page, *per_page,
                         static_cast<int64_t>(top->size()),
                         next_link(path, has_next)),
                route);
  }

  if (auto tail = Tail(path, "/api/v1/stories/")) {
    const std::string route = "/api/v1/stories/{id}";
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return JsonError(404, "no such story", route);
    Result<service::StoryView> view = desk.Story(*id);
    if (!view.ok()) return fail(view.status(), route);
    json j = StoryJson(view->story);
    j["articles"] = cards_json(view->articles);
    json quotes = json::array();
    for (const store::QuoteHit& q : view->quotes) {
      json qj = QuoteJson(q.quote);
      qj["article_id"] = q.article;
      quotes.push_back(std::move(qj));
    }
    j["quotes"] = quotes;
    return Json(j, route);
  }

  if (path == "/api/v1/entities") {
    const std::string route(path);
    const std::string type(Param(params, "type"));
    if (!type.empty() && type != "PERS" && type != "LOC" && type != "ORG" &&
        type != "MISC") {
      return JsonError(400, "type must be PERS, LOC, ORG or MISC", route);
    }
    Result<std::vector<store::EntitySummary>> entities =
        desk.Entities(type, *page, *per_page);
    if (!entities.ok()) return fail(entities.status(), route);
    json items = json::array();
    for (const store::EntitySummary& e : *entities) items.push_back(EntityJson(e));
    const bool has_next = entities->size() == static_cast<std::size_t>(*per_page);
    return Json(PageJson(std::move(items), *page, *per_page, -1,
                         next_link(path, has_next)),
                route);
  }

  if (path.starts_with("/api/v1/entities/")) {
    std::string_view rest = path.substr(std::string_view("/api/v1/entities/").size());
    const bool quotes_only = rest.ends_with("/quotes");
    if (quotes_only) rest.remove_suffix(std::string_view("/quotes").size());
    const std::string route =
        quotes_only ? "/api/v1/entities/{key}/quotes" : "/api/v1/entities/{key}";
    if (rest.empty() || rest.find('/') != std::string_view::npos) {
      return JsonError(404, "no such entity", route);
    }
    Result<service::EntityView> view = desk.Entity(rest, *page, *per_page);
    if (!view.ok()) return fail(view.status(), route);
    if (quotes_only) {
      json items = json::array();
      for (const store::QuoteHit& q : view->quotes) {
        json qj = QuoteJson(q.quote);
        qj["article_id"] = q.article;
        qj["at"] = Iso(q.at);
        items.push_back(std::move(qj));
      }
      return Json({{"entity", EntityJson(view->entity)}, {"items", items}}, route);
    }
    json j = EntityJson(view->entity);
    json related = json::array();
    for (const store::EntitySummary& e : view->related) related.push_back(EntityJson(e));
    j["related"] = related;
    json per_day = json::array();
    for (const store::DayCount& d : view->per_day) {
      per_day.push_back({{"day", d.day}, {"count", d.count}});
    }
    j["per_day"] = per_day;
    j["articles_page"] =
        PageJson(cards_json(view->articles.cards), *page, *per_page,
                 view->articles.total, next_link(path, view->articles.has_next()));
    return Json(j, route);
  }

  if (path == "/api/v1/topics") {
    Result<std::vector<store::Facet>> topics = desk.Topics();
    if (!topics.ok()) return fail(topics.status(), "/api/v1/topics");
    json items = json::array();
    for (const store::Facet& f : *topics) {
      items.push_back({{"id", f.value},
                       {"name", service::SectionDisplayName(f.value)},
                       {"articles", f.count}});
    }
    return Json({{"items", items}}, "/api/v1/topics");
  }

  if (path == "/api/v1/sources") {
    Result<std::vector<store::Facet>> sources = desk.Sources();
    if (!sources.ok()) return fail(sources.status(), "/api/v1/sources");
    json items = json::array();
    for (const store::Facet& f : *sources) {
      items.push_back({{"id", f.id}, {"name", f.value}, {"articles", f.count}});
    }
    return Json({{"items", items}}, "/api/v1/sources");
  }

  return JsonError(404, "no such endpoint", "/api/v1/not-found");
}

}  // namespace khabar::web
