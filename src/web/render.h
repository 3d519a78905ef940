// HTML pages from the service's view structs, through mustache templates
// (mstch; every {{value}} is HTML-escaped by web/html.h's EscapeHtml, and
// the few {{{raw}}} slots only receive markup built here from escaped text).
// Templates are compiled into the binary (web/templates/). Thread-safe.
#ifndef KHABAR_WEB_RENDER_H_
#define KHABAR_WEB_RENDER_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "service/news.h"
#include "service/sources.h"
#include "service/personal.h"

namespace khabar::web {

// The signed-in reader a page is rendered for (PageMeta::viewer; null for
// anonymous readers, whose pages are the cacheable ones).
struct Viewer {
  int64_t user_id = 0;
  std::string name;   // display name, or the email when none
  std::string csrf;   // the session's CSRF token, put in every form
  bool verified = false;
  bool is_operator = false;  // may manage sources (/admin/sources)
  std::unordered_set<int64_t> saved;  // article ids the reader saved
};

// The follow/mute control of a page about one followable thing (an entity,
// topic, source, story or search).
struct FollowControl {
  std::string kind;    // store::kFollowKinds
  std::string target;
  std::string label;
  std::string detail;  // entity type
  bool following = false;
  bool muted = false;
  bool can_mute = false;  // topics and sources
};

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
  const Viewer* viewer = nullptr;  // borrowed for the render call
  std::string here;                // the page's path+query, for form returns
  std::optional<FollowControl> follow;
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
// A reader route asked of a read-only instance (503).
std::string RenderReadOnly(const PageMeta& meta);

// --- Reader pages (render_account.cc). ----------------------------------

// A form page's state: its CSRF token, what the reader typed (never the
// password), and a message.
struct FormState {
  std::string csrf;
  std::string email;
  std::string name;
  std::string next;   // where to go after logging in
  std::string token;  // the emailed link's token (password reset)
  std::string error;
  std::string notice;
};
std::string RenderSignup(const FormState& form, const PageMeta& meta);
std::string RenderLogin(const FormState& form, const PageMeta& meta);
// Without form.token: the "email me a link" form; with it: a new password.
std::string RenderReset(const FormState& form, const PageMeta& meta);
// A short page with a heading, a sentence and an optional link.
std::string RenderMessage(std::string_view heading, std::string_view text,
                          std::string_view link, std::string_view link_text,
                          const PageMeta& meta);

struct TokenRow {
  int64_t id = 0;
  std::string name;
  std::string created;    // display date
  std::string last_used;  // display date or ""
};
struct NewsletterRow {
  int64_t id = 0;
  std::string name;
  std::string cadence;  // "يومية", "أسبوعية"
  std::string topic_name;
  std::string state;    // "none" | "pending" | "active"
  int64_t subscription = 0;
};
struct AccountPage {
  FormState form;  // csrf, notices
  std::string email;
  std::string display_name;
  bool verified = false;
  std::string created;
  std::vector<TokenRow> tokens;
  std::string new_token;  // shown once, right after creation
  std::string saved_feed_url;
  std::string for_you_feed_url;
};
std::string RenderAccount(const AccountPage& page, const PageMeta& meta);

std::string RenderSaved(const service::SearchView* found,
                        const service::Listing* listing, std::string_view query,
                        std::string_view feed_url, std::string_view base_path,
                        const PageMeta& meta);
std::string RenderFollowing(const std::vector<store::Follow>& follows,
                            const std::vector<service::FollowSuggestion>& suggestions,
                            const PageMeta& meta);
std::string RenderForYou(const service::ForYouView& view,
                         std::string_view feed_url, const PageMeta& meta);
std::string RenderNewsletters(const std::vector<NewsletterRow>& rows,
                              bool verified, const PageMeta& meta);
// The confirmation step of an emailed unsubscribe link (GET shows it, the
// button POSTs; mail scanners that follow links unsubscribe nobody).
std::string RenderUnsubscribe(int64_t subscription, std::string_view token,
                              std::string_view newsletter,
                              const PageMeta& meta);

// The operators' page of sources: each with its status, last fetch, last
// error and articles per day, and buttons to pause, resume or poll it now.
struct AdminSourceRow {
  service::SourceView view;
  std::string last_fetch;    // display dates ("" = never)
  std::string last_success;
  std::string next_fetch;
};
std::string RenderAdminSources(const std::vector<AdminSourceRow>& rows,
                               std::string_view notice, std::string_view error,
                               const PageMeta& meta);

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
