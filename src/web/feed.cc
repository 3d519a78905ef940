#include "web/feed.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "base/time.h"

namespace khabar::web {
namespace {

constexpr char32_t kTab = 0x09;
constexpr char32_t kLineFeed = 0x0A;
constexpr char32_t kCarriageReturn = 0x0D;
constexpr char32_t kFirstPrintable = 0x20;
// Not characters in XML 1.0 (production [2] Char).
constexpr char32_t kNonCharFffe = 0xFFFE;
constexpr char32_t kNonCharFfff = 0xFFFF;
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

constexpr std::string_view kAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr std::string_view kJsonFeedVersion =
    "https://jsonfeed.org/version/1.1";
constexpr std::string_view kGenerator = "Khabar";
constexpr int64_t kSecondsPerDay = 86400;

bool AllowedInXml(char32_t c) {
  if (c < kFirstPrintable) {
    return c == kTab || c == kLineFeed || c == kCarriageReturn;
  }
  return c != kNonCharFffe && c != kNonCharFfff;
}

bool IsContinuation(unsigned char b, unsigned char lo = 0x80,
                    unsigned char hi = 0xBF) {
  return b >= lo && b <= hi;
}

// Escapes the five XML special characters and CR; `in_attribute` also
// escapes tab and LF, which attribute-value normalization would turn into
// spaces. Expects text that CleanXmlText already produced.
void AppendEscaped(std::string_view clean, bool in_attribute,
                   std::string* out) {
  for (char c : clean) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        // Needed only after "]]", but escaping every one is simpler and keeps
        // "]]>" payloads harmless.
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\'':
        *out += "&apos;";
        break;
      case '\r':
        *out += "&#xD;";
        break;
      case '\t':
        *out += in_attribute ? "&#x9;" : "\t";
        break;
      case '\n':
        *out += in_attribute ? "&#xA;" : "\n";
        break;
      default:
        *out += c;
    }
  }
}

std::string EscapeAttribute(std::string_view text) {
  std::string out;
  AppendEscaped(CleanXmlText(text), /*in_attribute=*/true, &out);
  return out;
}

int64_t FeedUpdated(const Feed& feed) {
  if (feed.updated != 0) return feed.updated;
  int64_t newest = 0;
  for (const FeedItem& item : feed.items) {
    newest = std::max({newest, item.published, item.updated});
  }
  return newest;
}

int64_t ItemUpdated(const FeedItem& item, int64_t feed_updated) {
  if (item.updated != 0) return item.updated;
  if (item.published != 0) return item.published;
  return feed_updated;
}

const std::string& ItemId(const FeedItem& item) {
  return item.id.empty() ? item.url : item.id;
}

bool IsHttpUrl(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

// Appends <name>escaped text</name>.
void AppendElement(std::string_view name, std::string_view text,
                   std::string* out) {
  *out += '<';
  *out += name;
  *out += '>';
  *out += EscapeXml(text);
  *out += "</";
  *out += name;
  *out += ">\n";
}

}  // namespace

std::string CleanXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char lead = s[i];
    if (lead < 0x80) {
      if (AllowedInXml(lead)) out += static_cast<char>(lead);
      ++i;
      continue;
    }
    // Unicode 15, table 3-7: the well-formed byte sequences. The second byte's
    // range depends on the lead byte; later bytes are always 80..BF.
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
      cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      len = 3;
      cp = lead & 0x0F;
      if (lead == 0xE0) lo = 0xA0;  // no overlong forms
      if (lead == 0xED) hi = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4;
      cp = lead & 0x07;
      if (lead == 0xF0) lo = 0x90;  // no overlong forms
      if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    }
    if (len == 0) {  // 80..C1 or F5..FF can start nothing
      out += kReplacementChar;
      ++i;
      continue;
    }
    size_t k = 1;
    for (; k < len; ++k) {
      if (i + k >= n) break;
      const unsigned char b = s[i + k];
      if (k == 1 ? !IsContinuation(b, lo, hi) : !IsContinuation(b)) break;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (k < len) {
      // One U+FFFD for the maximal ill-formed prefix; resume at the byte
      // that broke it, which may start a valid sequence.
      out += kReplacementChar;
      i += k;
      continue;
    }
    if (AllowedInXml(cp)) out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  AppendEscaped(CleanXmlText(text), /*in_attribute=*/false, &out);
  return out;
}

std::string FeedUrl(const Feed& feed, std::string_view format) {
  std::string url = feed.self_url;
  url += url.find('?') == std::string::npos ? "?format=" : "&format=";
  url += format;
  return url;
}

std::string FormatRfc822Date(int64_t unix_seconds) {
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed",
                                              "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  // Floor division, so that times before 1970 land on the right day.
  int64_t days = unix_seconds / kSecondsPerDay;
  if (unix_seconds % kSecondsPerDay < 0) --days;
  const int64_t secs = unix_seconds - days * kSecondsPerDay;
  // 1970-01-01 was a Thursday.
  const int64_t weekday = ((days % 7) + 7 + 4) % 7;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02lld:%02lld:%02lld GMT",
                kWeekdays[weekday], d, kMonths[m - 1],
                static_cast<long long>(y), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return buf;
}

std::string RenderAtom(const Feed& feed) {
  const int64_t feed_updated = FeedUpdated(feed);
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"";
  out += kAtomNamespace;
  out += '"';
  if (!feed.lang.empty()) {
    out += " xml:lang=\"" + EscapeAttribute(feed.lang) + '"';
  }
  out += ">\n";
  AppendElement("id", feed.self_url.empty() ? feed.home_url : feed.self_url,
                &out);
  out += "<title type=\"text\">" + EscapeXml(feed.title) + "</title>\n";
  if (!feed.subtitle.empty()) {
    out +=
        "<subtitle type=\"text\">" + EscapeXml(feed.subtitle) + "</subtitle>\n";
  }
  out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         EscapeAttribute(FeedUrl(feed, "atom")) + "\"/>\n";
  if (!feed.home_url.empty()) {
    out += "<link rel=\"alternate\" type=\"text/html\" href=\"" +
           EscapeAttribute(feed.home_url) + "\"/>\n";
  }
  AppendElement("updated", FormatIso8601(feed_updated), &out);
  // A feed-level author makes every entry valid even without its own.
  out += "<author><name>" + EscapeXml(feed.title) + "</name></author>\n";
  AppendElement("generator", kGenerator, &out);

  for (const FeedItem& item : feed.items) {
    out += "<entry>\n";
    AppendElement("id", ItemId(item), &out);
    out += "<title type=\"text\">" + EscapeXml(item.title) + "</title>\n";
    if (!item.url.empty()) {
      out += "<link rel=\"alternate\" type=\"text/html\" href=\"" +
             EscapeAttribute(item.url) + "\"/>\n";
    }
    if (item.published != 0) {
      AppendElement("published", FormatIso8601(item.published), &out);
    }
    AppendElement("updated", FormatIso8601(ItemUpdated(item, feed_updated)),
                  &out);
    if (!item.author.empty()) {
      out += "<author><name>" + EscapeXml(item.author) + "</name></author>\n";
    }
    for (const std::string& category : item.categories) {
      out += "<category term=\"" + EscapeAttribute(category) + "\"/>\n";
    }
    if (!item.summary.empty()) {
      out +=
          "<summary type=\"text\">" + EscapeXml(item.summary) + "</summary>\n";
    }
    if (!item.content_html.empty()) {
      out += "<content type=\"html\">" + EscapeXml(item.content_html) +
             "</content>\n";
    }
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string RenderRss(const Feed& feed) {
  const int64_t feed_updated = FeedUpdated(feed);
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out +=
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n";
  out += "<channel>\n";
  AppendElement("title", feed.title, &out);
  AppendElement("link", feed.home_url, &out);
  // <description> is required; the title stands in when there is no subtitle.
  AppendElement("description",
                feed.subtitle.empty() ? feed.title : feed.subtitle, &out);
  if (!feed.lang.empty()) AppendElement("language", feed.lang, &out);
  AppendElement("lastBuildDate", FormatRfc822Date(feed_updated), &out);
  out += "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"" +
         EscapeAttribute(FeedUrl(feed, "rss")) + "\"/>\n";
  AppendElement("generator", kGenerator, &out);

  for (const FeedItem& item : feed.items) {
    out += "<item>\n";
    AppendElement("title", item.title, &out);
    if (!item.url.empty()) AppendElement("link", item.url, &out);
    const std::string& id = ItemId(item);
    if (!id.empty()) {
      out += "<guid isPermaLink=\"";
      out += IsHttpUrl(id) ? "true" : "false";
      out += "\">" + EscapeXml(id) + "</guid>\n";
    }
    const int64_t date = item.published != 0 ? item.published : item.updated;
    if (date != 0) AppendElement("pubDate", FormatRfc822Date(date), &out);
    if (!item.author.empty()) AppendElement("dc:creator", item.author, &out);
    for (const std::string& category : item.categories) {
      AppendElement("category", category, &out);
    }
    if (!item.summary.empty()) {
      // RSS readers take <description> as HTML, so the plain-text summary is
      // escaped once for HTML and once more for XML: "a < b" must show as
      // such, not start a tag.
      AppendElement("description", EscapeXml(item.summary), &out);
    }
    if (!item.content_html.empty()) {
      AppendElement("content:encoded", item.content_html, &out);
    }
    out += "</item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string RenderJsonFeed(const Feed& feed) {
  // ordered_json keeps "version" first, as readers sniff for it.
  using Json = nlohmann::ordered_json;
  const int64_t feed_updated = FeedUpdated(feed);
  Json out;
  out["version"] = kJsonFeedVersion;
  out["title"] = CleanXmlText(feed.title);
  if (!feed.home_url.empty()) {
    out["home_page_url"] = CleanXmlText(feed.home_url);
  }
  out["feed_url"] = CleanXmlText(FeedUrl(feed, "json"));
  if (!feed.subtitle.empty()) {
    out["description"] = CleanXmlText(feed.subtitle);
  }
  if (!feed.lang.empty()) out["language"] = CleanXmlText(feed.lang);
  out["authors"] = Json::array({{{"name", CleanXmlText(feed.title)}}});

  Json items = Json::array();
  for (const FeedItem& item : feed.items) {
    Json j;
    j["id"] = CleanXmlText(ItemId(item));
    if (!item.url.empty()) j["url"] = CleanXmlText(item.url);
    if (!item.title.empty()) j["title"] = CleanXmlText(item.title);
    if (!item.summary.empty()) j["summary"] = CleanXmlText(item.summary);
    // Exactly one of content_html / content_text is required.
    if (!item.content_html.empty()) {
      j["content_html"] = CleanXmlText(item.content_html);
    } else {
      j["content_text"] = CleanXmlText(item.summary);
    }
    if (item.published != 0) {
      j["date_published"] = FormatIso8601(item.published);
    }
    j["date_modified"] = FormatIso8601(ItemUpdated(item, feed_updated));
    if (!item.author.empty()) {
      j["authors"] = Json::array({{{"name", CleanXmlText(item.author)}}});
    }
    if (!item.categories.empty()) {
      Json tags = Json::array();
      for (const std::string& category : item.categories) {
        tags.push_back(CleanXmlText(category));
      }
      j["tags"] = std::move(tags);
    }
    items.push_back(std::move(j));
  }
  out["items"] = std::move(items);
  // Strings are clean UTF-8 already; `replace` only guards against a bug
  // there turning into an exception in a request handler.
  return out.dump(-1, ' ', /*ensure_ascii=*/false,
                  Json::error_handler_t::replace) +
         "\n";
}

}  // namespace khabar::web
