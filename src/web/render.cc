#include "web/render.h"

#include <algorithm>
#include <map>
#include <mstch/mstch.hpp>
#include <stdexcept>

#include "base/time.h"
#include "web/embedded.h"
#include "web/html.h"
#include "web/render_internal.h"

namespace khabar::web {
// Shared with render_account.cc through render_internal.h.
namespace detail {

struct Templates {
  std::map<std::string, std::string> all;  // every template by name
  // Only the templates used as partials: mstch parses every partial it is
  // given on each render, so pages get just these.
  std::map<std::string, std::string> partials;
  const std::string& operator[](const std::string& name) const {
    return all.at(name);
  }
};

const Templates& AllTemplates() {
  static const Templates* templates = [] {
    auto* t = new Templates;
    constexpr std::string_view kPrefix = "templates/";
    constexpr std::string_view kSuffix = ".html";
    for (const EmbeddedFile& f : EmbeddedFiles()) {
      if (!f.path.starts_with(kPrefix) || !f.path.ends_with(kSuffix)) continue;
      std::string name(f.path.substr(
          kPrefix.size(), f.path.size() - kPrefix.size() - kSuffix.size()));
      if (name == "card" || name == "quote" || name == "pager" ||
          name == "save" || name == "suggestions") {
        t->partials.emplace(name, std::string(f.data));
      }
      t->all.emplace(std::move(name), std::string(f.data));
    }
    return t;
  }();
  return *templates;
}

std::string AssetVersion() {
  // Changes whenever the stylesheet does: a cache-busting query string.
  static const std::string version = [] {
    uint64_t h = 1469598103934665603ULL;
    for (const EmbeddedFile& f : EmbeddedFiles()) {
      if (!f.path.starts_with("static/")) continue;
      for (char c : f.data) {
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
      }
    }
    char buf[17];
    snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return std::string(buf, 10);
  }();
  return version;
}

mstch::node DateNode(const service::DateLabel& date) {
  if (date.iso.empty()) return false;
  return mstch::map{{"iso", date.iso},
                    {"gregorian", date.gregorian},
                    {"hijri", date.hijri}};
}

// The save button of an article: a form for a signed-in reader, a link to
// log in for everybody else (so anonymous pages stay cacheable).
mstch::map SaveNode(store::ArticleId id, const PageMeta& meta) {
  mstch::map node{{"id", std::to_string(id)}};
  if (meta.viewer != nullptr) {
    node["csrf"] = meta.viewer->csrf;
    node["here"] = meta.here;
    node["saved"] = meta.viewer->saved.contains(id);
  }
  return node;
}

mstch::map CardNode(const service::Card& card, const PageMeta& meta) {
  return mstch::map{
      {"id", std::to_string(card.id)},
      {"title", card.title},
      {"source", card.source},
      {"source_id", std::to_string(card.source_id)},
      {"date", DateNode(card.date)},
      {"dek", card.dek},
      {"topic", UrlEncode(card.topic)},
      {"topic_name", card.topic.empty() ? std::string() : card.topic_name},
      {"author", card.author},
      {"save", SaveNode(card.id, meta)},
  };
}

mstch::array Cards(const std::vector<service::Card>& cards,
                   const PageMeta& meta) {
  mstch::array out;
  out.reserve(cards.size());
  for (const service::Card& c : cards) out.emplace_back(CardNode(c, meta));
  return out;
}

mstch::map QuoteNode(const store::QuoteRef& quote, store::ArticleId article,
                     const std::string& article_title,
                     const service::DateLabel& date) {
  mstch::map node{
      {"text", quote.text},
      {"speaker", quote.speaker.empty() ? std::string("متحدث غير محدد")
                                        : quote.speaker},
      {"speaker_key_url",
       quote.speaker_key.empty() ? std::string() : UrlEncode(quote.speaker_key)},
      {"date", DateNode(date)},
  };
  if (article != 0) {
    node["article_id"] = std::to_string(article);
    node["article_title"] =
        article_title.empty() ? std::string("المقال") : article_title;
  }
  return node;
}

mstch::node PagerNode(const service::Listing& listing,
                      std::string_view base_path) {
  if (listing.total <= listing.page_size && listing.page == 1) return false;
  const int64_t pages =
      (listing.total + listing.page_size - 1) / listing.page_size;
  mstch::map pager{{"page", std::to_string(listing.page)},
                   {"pages", std::to_string(std::min<int64_t>(
                                 pages, service::NewsDesk::kMaxPage))}};
  if (listing.page > 1) pager["prev"] = PageLink(base_path, listing.page - 1);
  if (listing.has_next() && listing.page < service::NewsDesk::kMaxPage) {
    pager["next"] = PageLink(base_path, listing.page + 1);
  }
  return pager;
}

std::string Render(const std::string& name, const mstch::map& context) {
  const Templates& t = AllTemplates();
  return mstch::render(t[name], context, t.partials);
}

std::string RenderWithoutPartials(const std::string& name,
                                  const mstch::map& context) {
  static const std::map<std::string, std::string> kNone;
  return mstch::render(AllTemplates()[name], context, kNone);
}

// The follow/mute control of the page's subject ("" when none): rendered
// at the top of the page body by the layout.
mstch::node FollowNode(const PageMeta& meta) {
  if (!meta.follow) return false;
  const FollowControl& f = *meta.follow;
  mstch::map node{{"kind", f.kind},       {"target", f.target},
                  {"label", f.label},     {"detail", f.detail},
                  {"following", f.following}, {"muted", f.muted},
                  {"can_mute", f.can_mute},   {"here", meta.here}};
  if (meta.viewer != nullptr) {
    node["csrf"] = meta.viewer->csrf;
  } else {
    node["login"] = "/login?next=" + UrlEncode(meta.here);
  }
  return node;
}

std::string Layout(const std::string& body, const PageMeta& meta) {
  mstch::array sections;
  for (const service::SectionName& s : service::AllSections()) {
    sections.emplace_back(mstch::map{{"id", s.id},
                                     {"name", s.name},
                                     {"current", s.id == meta.current_section}});
  }
  mstch::array feeds;
  if (!meta.feed_path.empty()) {
    const char sep = meta.feed_path.find('?') == std::string::npos ? '?' : '&';
    const std::string base = meta.feed_path + sep + "format=";
    const std::string title = meta.feed_title.empty() ? "خبر" : meta.feed_title;
    feeds.emplace_back(mstch::map{{"type", std::string("application/atom+xml")},
                                  {"title", title + " (Atom)"},
                                  {"href", base + "atom"}});
    feeds.emplace_back(mstch::map{{"type", std::string("application/rss+xml")},
                                  {"title", title + " (RSS)"},
                                  {"href", base + "rss"}});
    feeds.emplace_back(mstch::map{{"type", std::string("application/feed+json")},
                                  {"title", title + " (JSON Feed)"},
                                  {"href", base + "json"}});
  }
  mstch::map context{
      {"page_title", meta.title.empty() ? std::string("خبر — أخبار بالعربية")
                                        : meta.title + " — خبر"},
      {"description", meta.description},
      {"canonical", meta.canonical},
      {"query", meta.query},
      {"asset_version", AssetVersion()},
      {"feeds", feeds},
      {"nav_sections", sections},
      {"nav_home", meta.nav_home},
      {"nav_latest", meta.nav_latest},
      {"body", body},
      {"follow", FollowNode(meta)},
  };
  if (meta.viewer != nullptr) {
    context["viewer"] = mstch::map{{"name", meta.viewer->name},
                                   {"csrf", meta.viewer->csrf},
                                   {"verified", meta.viewer->verified},
                                   {"operator", meta.viewer->is_operator}};
  }
  return RenderWithoutPartials("layout", context);
}

std::string TotalLabel(int64_t total) { return ArticlesLabel(total); }

}  // namespace detail

using namespace detail;

void InitTemplates() {
  mstch::config::escape = [](const std::string& s) { return EscapeHtml(s); };
  for (const char* name :
       {"layout", "card", "home", "article", "quote", "story", "entity",
        "listing", "pager", "search", "error", "sources", "save", "signup",
        "login", "reset", "message", "account", "saved", "following",
        "for_you", "newsletters", "unsubscribe"}) {
    if (!AllTemplates().all.contains(name)) {
      throw std::logic_error(std::string("missing template ") + name);
    }
  }
}

std::string CountLabel(int64_t n, std::string_view one, std::string_view two,
                       std::string_view few, std::string_view many) {
  if (n == 1) return std::string(one);
  if (n == 2) return std::string(two);
  const int64_t rem = n % 100;
  if (rem >= 3 && rem <= 10) return std::to_string(n) + " " + std::string(few);
  return std::to_string(n) + " " + std::string(many);
}

std::string ArticlesLabel(int64_t n) {
  if (n == 0) return "لا مقالات";
  return CountLabel(n, "مقال واحد", "مقالان", "مقالات", "مقالاً");
}

std::string SourcesLabel(int64_t n) {
  if (n <= 1) return "مصدر واحد";  // articles without a source name count 0
  return CountLabel(n, "مصدر واحد", "مصدرين", "مصادر", "مصدراً");
}

std::string_view EntityTypeLabel(std::string_view type) {
  if (type == "PERS") return "شخص";
  if (type == "LOC") return "مكان";
  if (type == "ORG") return "منظمة";
  return "كيان";
}

std::string PageLink(std::string_view base, int page) {
  std::string link(base);
  if (page <= 1) return link;
  link += base.find('?') == std::string_view::npos ? '?' : '&';
  link += "page=" + std::to_string(page);
  return link;
}

std::string HighlightSnippet(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size() + 32);
  bool open = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= snippet.size(); ++i) {
    const bool end = i == snippet.size();
    const char c = end ? '\0' : snippet[i];
    if (end || c == store::kHighlightOpen[0] || c == store::kHighlightClose[0]) {
      AppendEscaped(out, SanitizeText(snippet.substr(start, i - start)));
      if (!end) {
        if (c == store::kHighlightOpen[0] && !open) {
          out += "<mark>";
          open = true;
        } else if (c == store::kHighlightClose[0] && open) {
          out += "</mark>";
          open = false;
        }
      }
      start = i + 1;
    }
  }
  if (open) out += "</mark>";
  return out;
}

std::string RenderHome(const service::HomeView& view, const PageMeta& meta) {
  mstch::array top;
  for (std::size_t i = 0; i < view.top_stories.size(); ++i) {
    const service::StoryCard& s = view.top_stories[i];
    top.emplace_back(mstch::map{
        {"first", i == 0},
        {"lead", CardNode(s.lead, meta)},
        {"story_id", std::to_string(s.story.id)},
        {"multi", s.story.articles > 1},
        {"articles_label", ArticlesLabel(s.story.articles)},
        {"sources_label", SourcesLabel(s.story.sources)},
    });
  }
  mstch::array sections;
  for (const service::SectionBlock& b : view.sections) {
    sections.emplace_back(mstch::map{{"id", UrlEncode(b.section.id)},
                                     {"name", b.section.name},
                                     {"cards", Cards(b.cards, meta)}});
  }
  const bool any = !view.top_stories.empty() || !view.latest.empty();
  mstch::map context{{"has_top", !view.top_stories.empty()},
                     {"top_stories", top},
                     {"sections", sections},
                     {"has_latest", !view.latest.empty()},
                     {"latest", Cards(view.latest, meta)},
                     {"has_any", any}};
  return Layout(Render("home", context), meta);
}

std::string RenderArticle(const service::ArticleView& view,
                          const PageMeta& meta) {
  const store::Article& a = view.article;
  mstch::array paragraphs;
  for (const std::string& p : a.paragraphs) paragraphs.emplace_back(p);
  mstch::array groups;
  for (const auto& [type, label] :
       std::initializer_list<std::pair<const char*, const char*>>{
           {"PERS", "أشخاص"}, {"LOC", "أماكن"}, {"ORG", "منظمات"}}) {
    mstch::array items;
    for (const store::EntityRef& e : a.analysis.entities) {
      if (e.type != type || e.key.empty()) continue;
      items.emplace_back(
          mstch::map{{"key_url", UrlEncode(e.key)}, {"name", e.name}});
    }
    if (!items.empty()) {
      groups.emplace_back(
          mstch::map{{"label", std::string(label)}, {"items", items}});
    }
  }
  mstch::array quotes;
  for (const store::QuoteRef& q : a.analysis.quotes) {
    quotes.emplace_back(QuoteNode(q, 0, "", {}));
  }
  mstch::array keywords;
  for (const std::string& k : a.analysis.keywords) {
    keywords.emplace_back(mstch::map{{"word", k}, {"q", UrlEncode(k)}});
  }
  mstch::map context = CardNode(view.card, meta);
  context["paragraphs"] = paragraphs;
  context["url"] = a.url.starts_with("http://") || a.url.starts_with("https://")
                       ? a.url
                       : std::string();
  context["has_entities"] = !groups.empty();
  context["entity_groups"] = groups;
  context["has_quotes"] = !quotes.empty();
  context["quotes"] = quotes;
  context["has_keywords"] = !keywords.empty();
  context["keywords"] = keywords;
  context["has_story"] = view.story.has_value();
  if (view.story) {
    context["story_id"] = std::to_string(view.story->id);
    context["story_articles_label"] = ArticlesLabel(view.story->articles);
    context["story_sources_label"] = SourcesLabel(view.story->sources);
    context["story_articles"] = Cards(view.story_articles, meta);
  }
  context["has_more"] = !view.more_like_this.empty();
  context["more_like_this"] = Cards(view.more_like_this, meta);
  return Layout(Render("article", context), meta);
}

std::string RenderStory(const service::StoryView& view, const PageMeta& meta) {
  mstch::array quotes;
  std::map<store::ArticleId, const service::Card*> by_id;
  for (const service::Card& c : view.articles) by_id[c.id] = &c;
  for (const store::QuoteHit& q : view.quotes) {
    const service::Card* card = by_id[q.article];
    quotes.emplace_back(QuoteNode(q.quote, q.article,
                                  card ? card->title : std::string(),
                                  service::MakeDateLabel(q.at)));
  }
  mstch::map context{
      {"title", view.story.title},
      {"articles_label", ArticlesLabel(view.story.articles)},
      {"sources_label", SourcesLabel(view.story.sources)},
      {"first", DateNode(service::MakeDateLabel(view.story.first_seen))},
      {"last", view.story.last_seen != view.story.first_seen
                   ? DateNode(service::MakeDateLabel(view.story.last_seen))
                   : mstch::node(false)},
      {"articles", Cards(view.articles, meta)},
      {"has_quotes", !quotes.empty()},
      {"quotes", quotes},
  };
  return Layout(Render("story", context), meta);
}

std::string RenderChart(const service::EntityView& view) {
  if (view.chart_days <= 0) return {};
  constexpr int kWidth = 600, kHeight = 140, kTop = 10, kBottom = 24;
  std::vector<int64_t> counts(view.chart_days, 0);
  int64_t max_count = 0, total = 0;
  for (const store::DayCount& d : view.per_day) {
    // Day index from the ISO date: parse "YYYY-MM-DD".
    int y = 0, m = 0, dd = 0;
    if (sscanf(d.day.c_str(), "%d-%d-%d", &y, &m, &dd) != 3) continue;
    const int64_t day = DaysFromCivil(y, static_cast<unsigned>(m),
                                      static_cast<unsigned>(dd));
    const int64_t index = day - view.chart_from / 86400;
    if (index < 0 || index >= view.chart_days) continue;
    counts[index] += d.count;
    max_count = std::max(max_count, counts[index]);
    total += d.count;
  }
  const service::DateLabel from = service::MakeDateLabel(view.chart_from);
  const service::DateLabel to = service::MakeDateLabel(
      view.chart_from + int64_t{view.chart_days - 1} * 86400);
  std::string alt = "عدد المقالات التي ذكرت " + view.entity.name +
                    " يومياً من " + from.gregorian + " إلى " + to.gregorian +
                    ": " + ArticlesLabel(total) + "، أعلى يوم " +
                    ArticlesLabel(max_count) + ".";
  std::string svg;
  svg += "<svg role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 ";
  svg += std::to_string(kWidth) + " " + std::to_string(kHeight) +
         "\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">";
  AppendEscaped(svg, alt);
  svg += "</title>";
  const double slot = static_cast<double>(kWidth) / view.chart_days;
  const int plot = kHeight - kTop - kBottom;
  for (int i = 0; i < view.chart_days; ++i) {
    if (counts[i] == 0) continue;
    const int h = std::max<int>(
        2, static_cast<int>(static_cast<double>(counts[i]) * plot /
                            static_cast<double>(max_count)));
    // Right to left: the newest day is at the left edge, as Arabic reads.
    const double x = kWidth - (i + 1) * slot;
    char rect[160];
    snprintf(rect, sizeof rect,
             "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
             "height=\"%d\"><title>%s</title></rect>",
             x + 0.5, kTop + plot - h, std::max(1.0, slot - 1.0), h,
             std::to_string(counts[i]).c_str());
    svg += rect;
  }
  svg += "<line class=\"axis\" x1=\"0\" x2=\"" + std::to_string(kWidth) +
         "\" y1=\"" + std::to_string(kTop + plot) + "\" y2=\"" +
         std::to_string(kTop + plot) + "\"/>";
  svg += "<text x=\"" + std::to_string(kWidth - 2) + "\" y=\"" +
         std::to_string(kHeight - 6) + "\" text-anchor=\"start\">";
  AppendEscaped(svg, from.gregorian);
  svg += "</text><text x=\"2\" y=\"" + std::to_string(kHeight - 6) +
         "\" text-anchor=\"end\">";
  AppendEscaped(svg, to.gregorian);
  svg += "</text></svg>";
  return svg;
}

std::string RenderEntity(const service::EntityView& view,
                         std::string_view base_path, const PageMeta& meta) {
  mstch::array quotes;
  for (const store::QuoteHit& q : view.quotes) {
    quotes.emplace_back(
        QuoteNode(q.quote, q.article, "", service::MakeDateLabel(q.at)));
  }
  // Article titles for the quotes come with the cards when present.
  mstch::array related;
  for (const store::EntitySummary& e : view.related) {
    related.emplace_back(mstch::map{{"key_url", UrlEncode(e.key)},
                                    {"name", e.name},
                                    {"articles", std::to_string(e.articles)}});
  }
  const std::string chart = RenderChart(view);
  mstch::map context{
      {"type_label", std::string(EntityTypeLabel(view.entity.type))},
      {"name", view.entity.name},
      {"articles_label", ArticlesLabel(view.articles.total)},
      {"has_chart", !chart.empty()},
      {"chart_svg", chart},
      {"has_quotes", !quotes.empty()},
      {"quotes_heading", view.entity.type == "PERS"
                             ? std::string("من تصريحاته")
                             : std::string("اقتباسات")},
      {"quotes", quotes},
      {"has_related", !related.empty()},
      {"related", related},
      {"cards", Cards(view.articles.cards, meta)},
      {"pager", PagerNode(view.articles, base_path)},
  };
  return Layout(Render("entity", context), meta);
}

std::string RenderListing(std::string_view kicker, std::string_view heading,
                          const service::Listing& listing,
                          std::string_view base_path, const PageMeta& meta) {
  mstch::map context{
      {"kicker", std::string(kicker)},
      {"heading", std::string(heading)},
      {"total_label", TotalLabel(listing.total)},
      {"cards", Cards(listing.cards, meta)},
      {"pager", PagerNode(listing, base_path)},
  };
  return Layout(Render("listing", context), meta);
}

std::string RenderSearch(const service::SearchView* view,
                         std::string_view error, const PageMeta& meta) {
  mstch::array sections;
  for (const service::SectionName& s : service::AllSections()) {
    sections.emplace_back(mstch::map{{"id", s.id}, {"name", s.name}});
  }
  mstch::map context{{"query", meta.query},
                     {"error", std::string(error)},
                     {"sections", sections}};
  if (view != nullptr) {
    mstch::array cards;
    for (std::size_t i = 0; i < view->results.cards.size(); ++i) {
      mstch::map card = CardNode(view->results.cards[i], meta);
      if (i < view->snippets.size() && !view->snippets[i].empty()) {
        card["snippet"] = HighlightSnippet(view->snippets[i]);
        card["dek"] = std::string();
      }
      cards.emplace_back(std::move(card));
    }
    mstch::array suggestions;
    for (const std::string& s : view->suggestions) {
      suggestions.emplace_back(mstch::map{{"text", s}, {"q", UrlEncode(s)}});
    }
    context["cards"] = cards;
    context["total_label"] =
        view->results.total > 0 ? TotalLabel(view->results.total) : "";
    context["relaxed"] = view->relaxed && view->results.total > 0;
    context["no_results"] = view->results.total == 0;
    context["has_suggestions"] = !suggestions.empty();
    context["suggestions"] = suggestions;
    context["pager"] =
        PagerNode(view->results, "/search?q=" + UrlEncode(view->query));
  }
  return Layout(Render("search", context), meta);
}

std::string RenderSources(const std::vector<store::Facet>& sources,
                          const std::vector<store::Facet>& topics,
                          const PageMeta& meta) {
  mstch::array s, t;
  for (const store::Facet& f : sources) {
    s.emplace_back(mstch::map{{"id", std::to_string(f.id)},
                              {"value", f.value},
                              {"count_label", ArticlesLabel(f.count)}});
  }
  for (const store::Facet& f : topics) {
    t.emplace_back(mstch::map{{"value", UrlEncode(f.value)},
                              {"name", service::SectionDisplayName(f.value)},
                              {"count_label", ArticlesLabel(f.count)}});
  }
  return Layout(Render("sources", mstch::map{{"sources", s}, {"topics", t}}),
                meta);
}

namespace {

std::string ErrorLayout(const std::string& heading, const std::string& message,
                        const PageMeta& meta) {
  PageMeta m = meta;
  m.title = heading;
  return Layout(Render("error", mstch::map{{"heading", heading},
                                            {"message", message}}),
                m);
}

}  // namespace

std::string RenderError(int status, const PageMeta& meta) {
  std::string heading, message;
  switch (status) {
    case 404:
      heading = "الصفحة غير موجودة";
      message = "لم نجد ما تبحث عنه. ربما نُقلت الصفحة أو أن الرابط غير صحيح.";
      break;
    case 405:
      heading = "طريقة الطلب غير مسموحة";
      message = "هذا العنوان لا يقبل هذا النوع من الطلبات.";
      break;
    case 400:
      heading = "طلب غير صالح";
      message = "تعذّر فهم الطلب. تحقّق من الرابط أو من نص البحث.";
      break;
    case 401:
      heading = "سجّل الدخول أولًا";
      message = "هذه الصفحة لقرّاء خبر المسجّلين.";
      break;
    case 403:
      heading = "انتهت صلاحية النموذج";
      message = "لم نتمكن من التحقق من هذا الطلب. ارجع إلى الصفحة وأعد المحاولة.";
      break;
    case 413:
      heading = "الطلب أكبر من اللازم";
      message = "أرسلت بيانات أكثر مما يقبله هذا العنوان.";
      break;
    case 429:
      heading = "محاولات كثيرة";
      message = "انتظر قليلًا ثم أعد المحاولة.";
      break;
    case 503:
      heading = "الخدمة غير متاحة مؤقتًا";
      message = "تعذّر الوصول إلى الأخبار الآن. حاول مرة أخرى بعد قليل.";
      break;
    default:
      heading = "حدث خطأ";
      message = "حدث خطأ غير متوقَّع من جهتنا. حاول مرة أخرى بعد قليل.";
  }
  return ErrorLayout(heading, message, meta);
}

std::string RenderReadOnly(const PageMeta& meta) {
  return ErrorLayout("غير متاح في هذه النسخة",
                     "هذه النسخة من خبر للقراءة فقط: تسجيل الدخول والحفظ "
                     "والمتابعة والنشرات غير متاحة فيها. الأخبار والبحث "
                     "متاحان كالمعتاد.",
                     meta);
}

}  // namespace khabar::web
