#include "service/newsletters.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>

#include "service/mail.h"
#include "service/news.h"

namespace khabar::service {
namespace {

constexpr int64_t kDay = 24 * 3600;
constexpr int64_t kWeek = 7 * kDay;
constexpr std::size_t kSummaryBytes = 220;
constexpr char kTopHeading[] = "من أبرز الأخبار";
constexpr char kDailyName[] = "نشرة خبر اليومية";
constexpr char kWeeklyName[] = "نشرة خبر الأسبوعية";

// Inline styles: many mail clients drop <style>, so every element carries
// its own. Kept in one place so the look stays consistent.
constexpr char kBodyStyle[] =
    "margin:0;padding:0;background:#f4f4f1;direction:rtl;text-align:right;"
    "font-family:'Noto Naskh Arabic',Tahoma,Arial,sans-serif;color:#1d1d1b;";
constexpr char kCardStyle[] =
    "width:100%;max-width:640px;background:#ffffff;border-collapse:collapse;";
constexpr char kMastheadStyle[] =
    "padding:20px 24px;background:#7a1f1f;color:#ffffff;font-size:22px;"
    "font-weight:bold;";
constexpr char kDateStyle[] =
    "font-size:14px;font-weight:normal;color:#f1e6e6;";
constexpr char kHeadingStyle[] =
    "padding:18px 24px 6px;font-size:18px;font-weight:bold;color:#7a1f1f;"
    "border-bottom:1px solid #e5e2da;";
constexpr char kItemStyle[] =
    "padding:12px 24px;border-bottom:1px solid #f0eee8;";
constexpr char kTitleStyle[] =
    "font-size:17px;font-weight:bold;color:#1d1d1b;text-decoration:none;";
constexpr char kMetaStyle[] = "font-size:13px;color:#6b6b66;";
constexpr char kSummaryStyle[] =
    "font-size:15px;line-height:1.7;color:#33332f;";
constexpr char kWhyStyle[] = "font-size:12px;color:#8a6d3b;";
constexpr char kFooterStyle[] =
    "padding:16px 24px;font-size:12px;color:#6b6b66;background:#fafaf7;";
constexpr char kLinkStyle[] = "color:#7a1f1f;";


// Article text on one line: line breaks and control characters become
// spaces (a title must not break the text part's layout).
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 32 || u == 127) ? ' ' : c;
  }
  return out;
}

// Cuts at a space (never inside a UTF-8 sequence) with an ellipsis.
std::string Clip(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut < max_bytes / 2) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  return std::string(text.substr(0, cut)) + "…";
}

std::string OneLineSummary(const store::Article& article) {
  std::string summary;
  if (!article.analysis.summary.empty()) {
    summary = article.analysis.summary.front();
  } else if (!article.abstract.empty()) {
    summary = article.abstract;
  } else if (!article.paragraphs.empty()) {
    summary = article.paragraphs.front();
  }
  return Clip(OneLine(summary), kSummaryBytes);
}

UnixSeconds ArticleTime(const store::Article& article) {
  return article.published_at.value_or(article.ingested_at);
}

// "localhost" from "http://localhost:8080/x".
std::string HostOf(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const std::size_t at = url.rfind('@'); at != std::string_view::npos) {
    url.remove_prefix(at + 1);
  }
  if (!url.empty() && url.front() == '[') {
    return std::string(url.substr(0, url.find(']') + 1));
  }
  return std::string(url.substr(0, url.find(':')));
}

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

struct EditionItem {
  store::Article article;
  std::string why;  // "لأنك تتابع الرقة"
};

struct Group {
  std::string heading;
  std::vector<EditionItem> items;
};

struct EditionContent {
  std::string subject;
  std::vector<Group> groups;
  int items = 0;
};

std::string ItemUrl(const NewslettersOptions& options, store::ArticleId id) {
  return TrimSlash(options.base_url) + "/article/" + std::to_string(id);
}

std::string RenderHtml(const NewslettersOptions& options, std::string_view name,
                       std::string_view date, const EditionContent& content,
                       std::string_view unsubscribe_url) {
  std::string html;
  html +=
      "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n<title>";
  html += HtmlEscape(content.subject);
  html += "</title>\n</head>\n<body dir=\"rtl\" lang=\"ar\" style=\"";
  html += kBodyStyle;
  html +=
      "\">\n<table role=\"presentation\" dir=\"rtl\" lang=\"ar\" "
      "align=\"center\" cellpadding=\"0\" cellspacing=\"0\" style=\"";
  html += kCardStyle;
  html += "\">\n<tr><td style=\"";
  html += kMastheadStyle;
  html += "\">";
  html += HtmlEscape(name);
  html += "<br><span style=\"";
  html += kDateStyle;
  html += "\">";
  html += HtmlEscape(date);
  html += "</span></td></tr>\n";
  for (const Group& group : content.groups) {
    html += "<tr><td style=\"";
    html += kHeadingStyle;
    html += "\">";
    html += HtmlEscape(group.heading);
    html += "</td></tr>\n";
    for (const EditionItem& item : group.items) {
      html += "<tr><td style=\"";
      html += kItemStyle;
      html += "\"><a href=\"";
      html += HtmlEscape(ItemUrl(options, item.article.id));
      html += "\" style=\"";
      html += kTitleStyle;
      html += "\">";
      html += HtmlEscape(OneLine(item.article.title));
      html += "</a><br><span style=\"";
      html += kMetaStyle;
      html += "\">";
      html += HtmlEscape(OneLine(item.article.source));
      html += "</span>";
      const std::string summary = OneLineSummary(item.article);
      if (!summary.empty()) {
        html += "<div style=\"";
        html += kSummaryStyle;
        html += "\">";
        html += HtmlEscape(summary);
        html += "</div>";
      }
      if (!item.why.empty()) {
        html += "<div style=\"";
        html += kWhyStyle;
        html += "\">";
        html += HtmlEscape(item.why);
        html += "</div>";
      }
      html += "</td></tr>\n";
    }
  }
  html += "<tr><td style=\"";
  html += kFooterStyle;
  html += "\">تصلك هذه الرسالة لأنك مشترك في ";
  html += HtmlEscape(name);
  html += ".";
  if (!unsubscribe_url.empty()) {
    html += " <a href=\"";
    html += HtmlEscape(unsubscribe_url);
    html += "\" style=\"";
    html += kLinkStyle;
    html += "\">إلغاء الاشتراك</a>";
  }
  html += "</td></tr>\n</table>\n</body>\n</html>\n";
  return html;
}

std::string RenderText(const NewslettersOptions& options, std::string_view name,
                       std::string_view date, const EditionContent& content,
                       std::string_view unsubscribe_url) {
  std::string text;
  text += std::string(name) + " — " + std::string(date) + "\n";
  for (const Group& group : content.groups) {
    text += "\n== " + OneLine(group.heading) + " ==\n";
    for (const EditionItem& item : group.items) {
      text += "\n* " + OneLine(item.article.title) + "\n";
      text += "  " + OneLine(item.article.source) + "\n";
      const std::string summary = OneLineSummary(item.article);
      if (!summary.empty()) text += "  " + summary + "\n";
      if (!item.why.empty()) text += "  " + item.why + "\n";
      text += "  " + ItemUrl(options, item.article.id) + "\n";
    }
  }
  text += "\n-- \nتصلك هذه الرسالة لأنك مشترك في " + std::string(name) + ".\n";
  if (!unsubscribe_url.empty()) {
    text += "لإلغاء الاشتراك: " + std::string(unsubscribe_url) + "\n";
  }
  return text;
}

// The outbox row for a composed mail.
store::OutboxMessage OutboxRow(store::UserId user, const std::string& to,
                               const std::string& from,
                               const ComposedMail& mail, UnixSeconds now) {
  store::OutboxMessage message;
  message.user_id = user;
  message.recipient = to;
  message.sender = EnvelopeAddress(from);
  message.message_id = mail.message_id;
  message.mime = mail.mime;
  message.status = "queued";
  message.next_try = now;
  message.created_at = now;
  return message;
}

std::string MessageIdDomain(const NewslettersOptions& options) {
  const std::string from = EnvelopeAddress(options.mail_from);
  const std::size_t at = from.rfind('@');
  if (at != std::string::npos && at + 1 < from.size()) {
    return from.substr(at + 1);
  }
  const std::string host = HostOf(options.base_url);
  return host.empty() ? "localhost" : host;
}

}  // namespace

// "2026-11-26" (UTC day) or "2026-W48" (ISO 8601 week).
std::string NewsletterPeriod(std::string_view cadence, UnixSeconds now) {
  const int64_t days = now / kDay - (now % kDay < 0 ? 1 : 0);
  char buffer[32];
  if (cadence == "weekly") {
    const int64_t weekday = ((days + 3) % 7 + 7) % 7 + 1;  // Monday = 1
    const int64_t thursday = days - weekday + 4;
    int64_t year = 0;
    unsigned month = 0, day = 0;
    CivilFromDays(thursday, &year, &month, &day);
    const int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
    std::snprintf(buffer, sizeof buffer, "%04lld-W%02lld",
                  static_cast<long long>(year), static_cast<long long>(week));
  } else {
    int64_t year = 0;
    unsigned month = 0, day = 0;
    CivilFromDays(days, &year, &month, &day);
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u",
                  static_cast<long long>(year), month, day);
  }
  return buffer;
}

Newsletters::Newsletters(store::ArticleStore& articles,
                         store::ReaderStore& readers, Accounts& accounts,
                         ForYou& for_you, NewslettersOptions options)
    : articles_(articles),
      readers_(readers),
      accounts_(accounts),
      for_you_(for_you),
      options_(std::move(options)) {}

Status Newsletters::EnsureDefaults() {
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Newsletter> existing,
                          readers_.Newsletters());
  const auto has = [&existing](std::string_view slug) {
    return std::any_of(
        existing.begin(), existing.end(),
        [slug](const store::Newsletter& n) { return n.slug == slug; });
  };
  for (const auto& [slug, name] :
       {std::pair{"daily", kDailyName}, std::pair{"weekly", kWeeklyName}}) {
    if (has(slug)) continue;
    store::Newsletter newsletter;
    newsletter.slug = slug;
    newsletter.name = name;
    newsletter.cadence = slug;
    newsletter.kind = "digest";
    KHABAR_RETURN_IF_ERROR(readers_.PutNewsletter(newsletter).status());
  }
  return Status::Ok();
}

namespace {

// Unsubscribe and confirm links carry a capability for the subscription id.
Result<std::string> LinkFor(Accounts& accounts, const std::string& base_url,
                            std::string_view action, int64_t subscription) {
  const std::string id = std::to_string(subscription);
  const std::string purpose(action == "unsubscribe" ? "unsubscribe"
                                                    : "confirm");
  KHABAR_ASSIGN_OR_RETURN(std::string token, accounts.Capability(purpose, id));
  return TrimSlash(base_url) + "/newsletters/" + std::string(action) +
         "?s=" + id + "&t=" + token;
}

}  // namespace

Result<store::Subscription> Newsletters::Subscribe(store::UserId user,
                                                   int64_t newsletter_id) {
  KHABAR_ASSIGN_OR_RETURN(store::User reader, readers_.GetUser(user));
  if (!reader.verified_at) {
    return Status::PermissionDenied(
        "verify your email address before subscribing");
  }
  KHABAR_ASSIGN_OR_RETURN(store::Newsletter newsletter,
                          readers_.GetNewsletter(newsletter_id));
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(store::Subscription subscription,
                          readers_.Subscribe(user, newsletter_id, now));
  if (subscription.confirmed_at && !subscription.unsubscribed_at) {
    return subscription;  // already subscribed: no second confirmation mail
  }
  KHABAR_ASSIGN_OR_RETURN(
      std::string link,
      LinkFor(accounts_, options_.base_url, "confirm", subscription.id));

  MailContent mail;
  mail.from = options_.mail_from;
  mail.to = reader.email;
  mail.subject = "أكّد اشتراكك في " + newsletter.name;
  mail.text = "مرحبا،\n\nطلبتَ الاشتراك في " + newsletter.name +
              ". لتأكيد الاشتراك افتح هذا الرابط:\n\n" + link +
              "\n\nإن لم تطلب ذلك فتجاهل هذه الرسالة، ولن يصلك شيء.\n";
  mail.html =
      "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head><meta "
      "charset=\"utf-8\"></head>\n<body dir=\"rtl\" lang=\"ar\" style=\"" +
      std::string(kBodyStyle) +
      "\">\n<table role=\"presentation\" dir=\"rtl\" lang=\"ar\" "
      "align=\"center\" cellpadding=\"0\" cellspacing=\"0\" style=\"" +
      kCardStyle + "\">\n<tr><td style=\"" + kMastheadStyle + "\">" +
      HtmlEscape(newsletter.name) + "</td></tr>\n<tr><td style=\"" +
      kItemStyle + "\"><p style=\"" + kSummaryStyle + "\">طلبتَ الاشتراك في " +
      HtmlEscape(newsletter.name) + ".</p><p><a href=\"" + HtmlEscape(link) +
      "\" style=\"" + kTitleStyle + kLinkStyle +
      "\">أكّد اشتراكي</a></p><p style=\"" + kMetaStyle +
      "\">إن لم تطلب ذلك فتجاهل هذه الرسالة، ولن يصلك شيء.</p></td></tr>\n"
      "</table>\n</body>\n</html>\n";
  mail.headers = {{"Auto-Submitted", "auto-generated"}};
  mail.date = now;
  KHABAR_ASSIGN_OR_RETURN(ComposedMail composed,
                          ComposeMail(mail, MessageIdDomain(options_)));
  KHABAR_RETURN_IF_ERROR(
      readers_
          .Enqueue(
              OutboxRow(user, reader.email, options_.mail_from, composed, now))
          .status());
  return subscription;
}

Status Newsletters::Confirm(int64_t subscription, std::string_view token) {
  if (!accounts_.CheckCapability("confirm", std::to_string(subscription),
                                 token)) {
    return Status::Unauthenticated("this confirmation link is not valid");
  }
  KHABAR_ASSIGN_OR_RETURN(store::Subscription sub,
                          readers_.GetSubscription(subscription));
  if (sub.unsubscribed_at) {
    return Status::InvalidArgument(
        "this subscription was cancelled; subscribe again");
  }
  if (sub.confirmed_at) return Status::Ok();
  return readers_.ConfirmSubscription(subscription, options_.now());
}

Status Newsletters::Unsubscribe(int64_t subscription, std::string_view token) {
  if (!accounts_.CheckCapability("unsubscribe", std::to_string(subscription),
                                 token)) {
    return Status::Unauthenticated("this unsubscribe link is not valid");
  }
  KHABAR_ASSIGN_OR_RETURN(store::Subscription sub,
                          readers_.GetSubscription(subscription));
  if (sub.unsubscribed_at) return Status::Ok();
  return readers_.Unsubscribe(subscription, options_.now());
}

Status Newsletters::UnsubscribeByReader(store::UserId user,
                                        int64_t subscription) {
  KHABAR_ASSIGN_OR_RETURN(store::Subscription sub,
                          readers_.GetSubscription(subscription));
  // Another reader's subscription looks exactly like a missing one.
  if (sub.user_id != user) return Status::NotFound("no such subscription");
  if (sub.unsubscribed_at) return Status::Ok();
  return readers_.Unsubscribe(subscription, options_.now());
}

namespace {

// What a newsletter's next edition for one reader holds.
struct EditionPlan {
  std::string subject, html, text, list_id, unsubscribe_url;
  int items = 0;
};

// A topic newsletter: the newest articles of its topic in (since, now].
Result<std::vector<Group>> TopicGroups(store::ArticleStore& articles,
                                       const NewslettersOptions& options,
                                       const store::Newsletter& newsletter,
                                       UnixSeconds since, UnixSeconds now) {
  store::FtsQuery query;
  query.filters.topic = newsletter.topic;
  query.filters.from = since + 1;
  query.filters.to = now + 1;
  query.limit = std::clamp(options.max_items * 4, 1, store::kMaxSearchLimit);
  KHABAR_ASSIGN_OR_RETURN(store::SearchPage page, articles.Search(query));
  Group group{SectionDisplayName(newsletter.topic), {}};
  for (const store::SearchHit& hit : page.hits) {
    Result<store::Article> article = articles.GetRow(hit.id);
    if (!article.ok()) continue;
    const UnixSeconds t = ArticleTime(*article);
    if (t <= since || t > now) continue;
    group.items.push_back({std::move(*article), ""});
  }
  std::stable_sort(group.items.begin(), group.items.end(),
                   [](const EditionItem& a, const EditionItem& b) {
                     return ArticleTime(a.article) > ArticleTime(b.article);
                   });
  if (group.items.size() > static_cast<std::size_t>(options.max_items)) {
    group.items.resize(static_cast<std::size_t>(options.max_items));
  }
  std::vector<Group> groups;
  if (!group.items.empty()) groups.push_back(std::move(group));
  return groups;
}

// A digest: the reader's "For you" since `since`, grouped by what they
// follow in the order of each group's best item; the top stories last.
Result<std::vector<Group>> DigestGroups(store::ArticleStore& articles,
                                        ForYou& for_you,
                                        const NewslettersOptions& options,
                                        store::UserId reader, UnixSeconds since,
                                        UnixSeconds now) {
  ForYouOptions for_you_options;
  for_you_options.limit = options.max_items;
  for_you_options.since = since;
  KHABAR_ASSIGN_OR_RETURN(std::vector<ForYouItem> picked,
                          for_you.Build(reader, now, for_you_options));
  std::vector<Group> groups;
  Group top{kTopHeading, {}};
  for (const ForYouItem& item : picked) {
    Result<store::Article> article = articles.GetRow(item.article);
    if (!article.ok()) continue;
    if (item.reason_kind == "top") {
      // The heading already says why: no line per item.
      top.items.push_back({std::move(*article), ""});
      continue;
    }
    const std::string heading =
        !item.reason_label.empty() ? item.reason_label : item.reason;
    auto group = std::find_if(
        groups.begin(), groups.end(),
        [&heading](const Group& g) { return g.heading == heading; });
    if (group == groups.end()) {
      groups.push_back({heading, {}});
      group = groups.end() - 1;
    }
    group->items.push_back({std::move(*article), item.reason});
  }
  if (!top.items.empty()) groups.push_back(std::move(top));
  return groups;
}

// Builds the edition of `newsletter` for `reader`; `subscription` gives the
// lower bound and the unsubscribe link (nullptr: a preview without them).
Result<EditionPlan> PlanEdition(store::ArticleStore& articles,
                                Accounts& accounts, ForYou& for_you,
                                const NewslettersOptions& options,
                                const store::Newsletter& newsletter,
                                store::UserId reader,
                                const store::Subscription* subscription,
                                UnixSeconds now) {
  const int64_t span = newsletter.cadence == "weekly" ? kWeek : kDay;
  const UnixSeconds since =
      subscription != nullptr && subscription->last_edition_at
          ? *subscription->last_edition_at
          : now - span;
  EditionContent content;
  if (newsletter.kind == "topic") {
    KHABAR_ASSIGN_OR_RETURN(
        content.groups, TopicGroups(articles, options, newsletter, since, now));
  } else {
    KHABAR_ASSIGN_OR_RETURN(
        content.groups,
        DigestGroups(articles, for_you, options, reader, since, now));
  }
  for (const Group& group : content.groups) {
    content.items += static_cast<int>(group.items.size());
  }

  const std::string date = MakeDateLabel(now).gregorian;
  content.subject = newsletter.name + " — " + date;
  EditionPlan plan;
  plan.subject = content.subject;
  plan.items = content.items;
  if (subscription != nullptr) {
    KHABAR_ASSIGN_OR_RETURN(
        plan.unsubscribe_url,
        LinkFor(accounts, options.base_url, "unsubscribe", subscription->id));
  }
  plan.html =
      RenderHtml(options, newsletter.name, date, content, plan.unsubscribe_url);
  plan.text =
      RenderText(options, newsletter.name, date, content, plan.unsubscribe_url);
  std::string host = HostOf(options.base_url);
  if (host.empty() || host.front() == '[') host = "localhost";
  plan.list_id =
      OneLine(newsletter.name) + " <" + newsletter.slug + "." + host + ">";
  return plan;
}

}  // namespace

Result<Newsletters::Preview> Newsletters::PreviewEdition(store::UserId user,
                                                         int64_t newsletter) {
  KHABAR_ASSIGN_OR_RETURN(store::Newsletter letter,
                          readers_.GetNewsletter(newsletter));
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Subscription> subscriptions,
                          readers_.Subscriptions(user));
  const store::Subscription* subscription = nullptr;
  for (const store::Subscription& s : subscriptions) {
    if (s.newsletter_id == newsletter) subscription = &s;
  }
  KHABAR_ASSIGN_OR_RETURN(
      EditionPlan plan,
      PlanEdition(articles_, accounts_, for_you_, options_, letter, user,
                  subscription, options_.now()));
  Preview preview;
  preview.subject = std::move(plan.subject);
  preview.html = std::move(plan.html);
  preview.text = std::move(plan.text);
  preview.items = plan.items;
  return preview;
}

Result<EditionReport> Newsletters::BuildDue(bool dry_run) {
  EditionReport report;
  const UnixSeconds now = options_.now();
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Newsletter> newsletters,
                          readers_.Newsletters());
  for (const store::Newsletter& newsletter : newsletters) {
    const std::string period = NewsletterPeriod(newsletter.cadence, now);
    KHABAR_ASSIGN_OR_RETURN(std::vector<store::Subscription> subscriptions,
                            readers_.ActiveSubscriptions(newsletter.id));
    for (const store::Subscription& sub : subscriptions) {
      if (!sub.confirmed_at || sub.unsubscribed_at) continue;
      const std::string prefix = newsletter.slug + " " + period + " user " +
                                 std::to_string(sub.user_id) + ": ";
      KHABAR_ASSIGN_OR_RETURN(
          bool built, readers_.HasEdition(newsletter.id, sub.user_id, period));
      if (built) {
        ++report.skipped;
        continue;  // the common case on a second run: no line for it
      }
      Result<store::User> reader = readers_.GetUser(sub.user_id);
      if (!reader.ok()) {
        if (reader.status().code() != StatusCode::kNotFound) {
          return reader.status();
        }
        ++report.skipped;
        continue;
      }
      KHABAR_ASSIGN_OR_RETURN(
          EditionPlan plan,
          PlanEdition(articles_, accounts_, for_you_, options_, newsletter,
                      sub.user_id, &sub, now));
      if (plan.items == 0) {
        ++report.skipped;
        report.lines.push_back(prefix + "nothing new, skipped");
        continue;
      }
      MailContent mail;
      mail.from = options_.mail_from;
      mail.to = reader->email;
      mail.subject = plan.subject;
      mail.text = plan.text;
      mail.html = plan.html;
      mail.date = now;
      mail.headers = {{"List-Unsubscribe", "<" + plan.unsubscribe_url + ">"},
                      {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
                      {"List-Id", plan.list_id},
                      {"Precedence", "bulk"},
                      {"Auto-Submitted", "auto-generated"}};
      if (!IsPlausibleEmail(reader->email)) {
        // One reader's bad address must not stop everybody's edition.
        ++report.skipped;
        report.lines.push_back(prefix + "not sent: implausible address");
        continue;
      }
      // Anything else wrong (the sender, say) is the same for everybody.
      KHABAR_ASSIGN_OR_RETURN(ComposedMail composed,
                              ComposeMail(mail, MessageIdDomain(options_)));
      const std::string items =
          std::to_string(plan.items) + (plan.items == 1 ? " item" : " items");
      if (dry_run) {
        ++report.built;
        report.lines.push_back(prefix + items + " (dry run, not queued)");
        continue;
      }
      store::Edition edition;
      edition.newsletter_id = newsletter.id;
      edition.user_id = sub.user_id;
      edition.period = period;
      edition.covers_until = now;
      Result<int64_t> queued = readers_.QueueEdition(
          edition, OutboxRow(sub.user_id, reader->email, options_.mail_from,
                             composed, now));
      if (!queued.ok()) {
        if (queued.status().code() != StatusCode::kAlreadyExists) {
          return queued.status();
        }
        ++report.skipped;  // another sender built it meanwhile
        continue;
      }
      ++report.built;
      report.lines.push_back(prefix + items + ", queued as message " +
                             std::to_string(*queued));
    }
  }
  return report;
}

}  // namespace khabar::service
