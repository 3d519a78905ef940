// HTML pages from the service's view structs, through mustache templates
// (mstch; every {{value}} is HTML-escaped by web/html.h's EscapeHtml, and
// the few {{{raw}}} slots only receive markup built here from escaped text).
// Templates are compiled into the binary (web/templates/). Thread-safe.
#ifndef KHABAR_WEB_RENDER_H_
#define KHABAR_WEB_RENDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "service/news.h"

namespace khabar::web {

// What every page's layout needs besides its body.
struct PageMeta {
  std::string title;        // "" = the site's name alone
  std::string description;  // meta description, plain text
  std::string canonical;    // absolute URL, optional
  std::string query;        // the search box's value
  std::string feed_path;    // listing path with its query ("/topic/sport");
                            // "" = no feed links
  std::string feed_title;
  std::string current_section;  // highlighted in the navigation
  bool nav_home = false;
  bool nav_latest = false;
};

// Installs EscapeHtml as mstch's escape function and checks that every
// template is present; call once before rendering (not thread-safe).
void InitTemplates();

std::string RenderHome(const service::HomeView& view, const PageMeta& meta);
std::string RenderArticle(const service::ArticleView& view,
                          const PageMeta& meta);
std::string RenderStory(const service::StoryView& view, const PageMeta& meta);
// `base_path` is the page's path without paging ("/entity/...").
std::string RenderEntity(const service::EntityView& view,
                         std::string_view base_path, const PageMeta& meta);
std::string RenderListing(std::string_view kicker, std::string_view heading,
                          const service::Listing& listing,
                          std::string_view base_path, const PageMeta& meta);
std::string RenderSearch(const service::SearchView* view,
                         std::string_view error, const PageMeta& meta);
std::string RenderSources(const std::vector<store::Facet>& sources,
                          const std::vector<store::Facet>& topics,
                          const PageMeta& meta);
std::string RenderError(int status, const PageMeta& meta);

// The mentions-per-day chart: inline SVG with a text alternative.
std::string RenderChart(const service::EntityView& view);

// Snippet text with the store's highlight markers → escaped HTML with
// <mark>...</mark>.
std::string HighlightSnippet(std::string_view snippet);

// Arabic count phrases: "مقال واحد", "مقالان", "3 مقالات", "11 مقالاً".
std::string CountLabel(int64_t n, std::string_view one, std::string_view two,
                       std::string_view few, std::string_view many);
std::string ArticlesLabel(int64_t n);
std::string SourcesLabel(int64_t n);

// "/search?q=..&page=3": `base` with page=N appended or replaced.
std::string PageLink(std::string_view base, int page);

// Arabic display name of an entity type ("PERS" → "شخص").
std::string_view EntityTypeLabel(std::string_view type);

}  // namespace khabar::web

#endif  // KHABAR_WEB_RENDER_H_
