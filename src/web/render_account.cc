// The reader's own pages: sign-up, log-in, reset, account, saved, following,
// "For you", newsletters. Never cached (see site.h); every form carries the
// CSRF token in a hidden field named "csrf".
#include <mstch/mstch.hpp>

#include <cstdio>

#include "web/html.h"
#include "web/render.h"
#include "web/render_internal.h"

namespace khabar::web {
namespace {

using detail::Cards;
using detail::Layout;
using detail::Render;

mstch::map FormNode(const FormState& form) {
  return mstch::map{{"csrf", form.csrf},   {"email", form.email},
                    {"name", form.name},   {"next", form.next},
                    {"token", form.token}, {"error", form.error},
                    {"notice", form.notice}};
}

std::string CsrfOf(const PageMeta& meta) {
  return meta.viewer != nullptr ? meta.viewer->csrf : std::string();
}

// Where a follow target's page is.
std::string FollowHref(std::string_view kind, std::string_view target) {
  if (kind == "entity") return "/entity/" + UrlEncode(target);
  if (kind == "topic") return "/topic/" + UrlEncode(target);
  if (kind == "story") return "/story/" + UrlEncode(target);
  if (kind == "search") return "/search?q=" + UrlEncode(target);
  return "/search?q=" + UrlEncode("source:\"" + std::string(target) + "\"");
}

mstch::array SuggestionNodes(
    const std::vector<service::FollowSuggestion>& suggestions,
    const PageMeta& meta) {
  mstch::array out;
  for (const service::FollowSuggestion& s : suggestions) {
    out.emplace_back(mstch::map{
        {"kind", s.follow.kind},
        {"target", s.follow.target},
        {"label", s.follow.label},
        {"href", FollowHref(s.follow.kind, s.follow.target)},
        {"count", ArticlesLabel(s.articles)},
        {"csrf", CsrfOf(meta)},
        {"here", meta.here}});
  }
  return out;
}

}  // namespace

std::string RenderSignup(const FormState& form, const PageMeta& meta) {
  return Layout(Render("signup", FormNode(form)), meta);
}

std::string RenderLogin(const FormState& form, const PageMeta& meta) {
  return Layout(Render("login", FormNode(form)), meta);
}

std::string RenderReset(const FormState& form, const PageMeta& meta) {
  return Layout(Render("reset", FormNode(form)), meta);
}

std::string RenderMessage(std::string_view heading, std::string_view text,
                          std::string_view link, std::string_view link_text,
                          const PageMeta& meta) {
  mstch::map context{{"heading", std::string(heading)},
                     {"text", std::string(text)},
                     {"link", std::string(link)},
                     {"link_text", std::string(link_text)}};
  return Layout(Render("message", context), meta);
}

std::string RenderAccount(const AccountPage& page, const PageMeta& meta) {
  mstch::map context = FormNode(page.form);
  mstch::array tokens;
  for (const TokenRow& t : page.tokens) {
    tokens.emplace_back(mstch::map{{"id", std::to_string(t.id)},
                                   {"name", t.name},
                                   {"created", t.created},
                                   {"last_used", t.last_used},
                                   {"csrf", page.form.csrf}});
  }
  context["email"] = page.email;
  context["display_name"] =
      page.display_name.empty() ? page.email : page.display_name;
  context["verified"] = page.verified;
  context["created"] = page.created;
  context["has_tokens"] = !page.tokens.empty();
  context["tokens"] = tokens;
  context["new_token"] = page.new_token;
  context["saved_feed_url"] = page.saved_feed_url;
  context["for_you_feed_url"] = page.for_you_feed_url;
  return Layout(Render("account", context), meta);
}

std::string RenderSaved(const service::SearchView* found,
                        const service::Listing* listing, std::string_view query,
                        std::string_view feed_url, std::string_view base_path,
                        const PageMeta& meta) {
  mstch::map context{{"query", std::string(query)},
                     {"feed_url", std::string(feed_url)}};
  const service::Listing& shown = found != nullptr ? found->results : *listing;
  mstch::array cards = Cards(shown.cards, meta);
  if (found != nullptr) {
    for (std::size_t i = 0; i < cards.size() && i < found->snippets.size(); ++i) {
      if (found->snippets[i].empty()) continue;
      auto& card = boost::get<mstch::map>(cards[i]);
      card["snippet"] = HighlightSnippet(found->snippets[i]);
      card["dek"] = std::string();
    }
  }
  context["cards"] = cards;
  context["total_label"] =
      shown.total > 0 ? detail::TotalLabel(shown.total) : std::string();
  context["pager"] = detail::PagerNode(shown, base_path);
  return Layout(Render("saved", context), meta);
}

std::string RenderFollowing(
    const std::vector<store::Follow>& follows,
    const std::vector<service::FollowSuggestion>& suggestions,
    const PageMeta& meta) {
  struct Group {
    std::string_view kind;
    bool muted;
    std::string_view title;
  };
  static constexpr Group kGroups[] = {
      {"entity", false, "أشخاص وأماكن ومنظمات"},
      {"topic", false, "موضوعات"},
      {"source", false, "مصادر"},
      {"story", false, "قصص"},
      {"search", false, "عمليات بحث محفوظة"},
      {"topic", true, "موضوعات مكتومة"},
      {"source", true, "مصادر مكتومة"},
  };
  mstch::array groups;
  for (const Group& g : kGroups) {
    mstch::array items;
    for (const store::Follow& f : follows) {
      if (f.kind != g.kind || f.muted != g.muted) continue;
      items.emplace_back(mstch::map{
          {"kind", f.kind},
          {"target", f.target},
          {"label", f.label.empty() ? f.target : f.label},
          {"href", FollowHref(f.kind, f.target)},
          {"type_label", f.kind == "entity"
                             ? std::string(EntityTypeLabel(f.detail))
                             : std::string()},
          {"undo", std::string(g.muted ? "unmute" : "unfollow")},
          {"undo_label", std::string(g.muted ? "ألغِ الكتم" : "ألغِ المتابعة")},
          {"csrf", CsrfOf(meta)}});
    }
    if (items.empty()) continue;
    groups.emplace_back(mstch::map{
        {"kind", std::string(g.kind) + (g.muted ? "-muted" : "")},
        {"title", std::string(g.title)},
        {"items", items}});
  }
  mstch::array sugg = SuggestionNodes(suggestions, meta);
  mstch::map context{{"groups", groups},
                     {"has_suggestions", !sugg.empty()},
                     {"suggestions", sugg}};
  return Layout(Render("following", context), meta);
}

std::string RenderForYou(const service::ForYouView& view,
                         std::string_view feed_url, const PageMeta& meta) {
  mstch::array cards = Cards(view.cards, meta);
  for (std::size_t i = 0; i < cards.size() && i < view.reasons.size(); ++i) {
    boost::get<mstch::map>(cards[i])["why"] = view.reasons[i];
  }
  mstch::array sugg = SuggestionNodes(view.suggestions, meta);
  mstch::map context{{"cards", cards},
                     {"cold_start", view.cold_start},
                     {"has_suggestions", !sugg.empty()},
                     {"suggestions", sugg},
                     {"feed_url", std::string(feed_url)}};
  return Layout(Render("for_you", context), meta);
}

std::string RenderNewsletters(const std::vector<NewsletterRow>& rows,
                              bool verified, const PageMeta& meta) {
  mstch::array items;
  for (const NewsletterRow& r : rows) {
    items.emplace_back(mstch::map{
        {"id", std::to_string(r.id)},
        {"name", r.name},
        {"cadence", r.cadence},
        {"topic_name", r.topic_name},
        {"active", r.state == "active"},
        {"pending", r.state == "pending"},
        {"none", r.state == "none"},
        {"subscription", std::to_string(r.subscription)},
        {"csrf", CsrfOf(meta)}});
  }
  mstch::map context{{"rows", items}, {"verified", verified}};
  return Layout(Render("newsletters", context), meta);
}

std::string RenderUnsubscribe(int64_t subscription, std::string_view token,
                              std::string_view newsletter,
                              const PageMeta& meta) {
  mstch::map context{{"subscription", std::to_string(subscription)},
                     {"token", std::string(token)},
                     {"newsletter", std::string(newsletter)}};
  return Layout(Render("unsubscribe", context), meta);
}

namespace {

std::string_view SourceKindLabel(std::string_view kind) {
  if (kind == "feed") return "خلاصة";
  if (kind == "site") return "موقع";
  if (kind == "page") return "مقالة";
  if (kind == "folder") return "مجلد";
  return "لم يُجلب بعد";
}

std::string_view SourceStateLabel(std::string_view state) {
  if (state == "active") return "نشط";
  if (state == "paused") return "موقوف";
  return "أزاله موقعه (410)";
}

}  // namespace

std::string RenderAdminSources(const std::vector<AdminSourceRow>& rows,
                               std::string_view notice, std::string_view error,
                               const PageMeta& meta) {
  mstch::array items;
  for (const AdminSourceRow& r : rows) {
    const store::Source& s = r.view.source;
    char per_day[32];
    std::snprintf(per_day, sizeof per_day, "%.1f", r.view.articles_per_day);
    items.emplace_back(mstch::map{
        {"id", std::to_string(s.id)},
        {"kind", std::string(SourceKindLabel(s.kind))},
        {"location", s.location},
        {"is_url", s.kind != "folder"},
        {"feed_url", s.feed_url},
        {"title", s.title.empty() ? s.location : s.title},
        {"state", std::string(SourceStateLabel(s.state))},
        {"active", s.state == "active"},
        {"failing", !s.last_error.empty()},
        {"last_fetch", r.last_fetch.empty() ? std::string("—") : r.last_fetch},
        {"last_success",
         r.last_success.empty() ? std::string("—") : r.last_success},
        {"next_fetch", r.next_fetch},
        {"last_status", s.last_status == 0 ? std::string("—")
                                           : std::to_string(s.last_status)},
        {"last_error", s.last_error},
        {"failures", std::to_string(s.failures)},
        {"articles", std::to_string(s.articles)},
        {"per_day", std::string(per_day)},
        {"csrf", CsrfOf(meta)}});
  }
  mstch::map context{{"rows", items},
                     {"empty", rows.empty()},
                     {"notice", std::string(notice)},
                     {"error", std::string(error)},
                     {"csrf", CsrfOf(meta)}};
  return Layout(Render("admin_sources", context), meta);
}

}  // namespace khabar::web
