// Syndication feeds: one Feed value rendered as Atom 1.0, RSS 2.0 or
// JSON Feed 1.1.
//
// Every string in Feed and FeedItem is untrusted and need not be valid UTF-8.
// The renderers clean each one before writing it: invalid UTF-8 becomes
// U+FFFD (one per maximal ill-formed subsequence), and code points that XML
// 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF) are
// dropped. The same cleaning applies to JSON Feed so that one item reads the
// same in all three formats. Output is therefore always valid UTF-8, and the
// XML output is always well-formed, whatever the input.
//
// The renderers are pure functions of their argument: no clock, no I/O, no
// shared state; safe to call from any thread.
#ifndef KHABAR_WEB_FEED_H_
#define KHABAR_WEB_FEED_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::web {

struct FeedItem {
  // Stable identifier: an absolute URL or a tag: URI. Falls back to `url`
  // when empty.
  std::string id;
  std::string url;
  std::string title;
  std::string summary;  // plain text
  // Optional; HTML the caller has already made safe. It is escaped as text
  // into the XML (so it cannot break the document), not sanitized here.
  std::string content_html;
  std::string author;  // display name; the feed title when empty
  std::vector<std::string> categories;
  int64_t published = 0;  // unix seconds UTC; 0 = unknown
  int64_t updated = 0;    // unix seconds UTC; 0 = same as published
};

struct Feed {
  std::string title;
  std::string subtitle;
  std::string home_url;  // the HTML page this feed mirrors
  // This feed's URL without the format parameter; the renderers add
  // "?format=atom|rss|json" (or "&format=..." when it already has a query).
  std::string self_url;
  std::string lang = "ar";
  // Unix seconds UTC; 0 = the newest date among the items (1970 when none).
  int64_t updated = 0;
  std::vector<FeedItem> items;
};

// Atom 1.0 (RFC 4287), served as application/atom+xml.
std::string RenderAtom(const Feed& feed);

// RSS 2.0 with atom:link rel="self", served as application/rss+xml.
std::string RenderRss(const Feed& feed);

// JSON Feed 1.1, served as application/feed+json.
std::string RenderJsonFeed(const Feed& feed);

// The URL of `feed` in one format: self_url plus "?format=<format>", or
// "&format=<format>" when self_url already has a query string.
std::string FeedUrl(const Feed& feed, std::string_view format);

// "Thu, 29 Feb 2024 13:05:09 GMT": RFC 822 as RSS wants it (four-digit year),
// which is also HTTP's IMF-fixdate, usable for Last-Modified headers.
std::string FormatRfc822Date(int64_t unix_seconds);

// The cleaning described above, exposed for tests and for other renderers:
// valid UTF-8 with only the characters XML 1.0 allows. No escaping.
std::string CleanXmlText(std::string_view text);

// CleanXmlText, then escapes & < > " ' for use in XML text or attribute
// values. CR becomes &#xD; so that parsers do not fold it into LF.
std::string EscapeXml(std::string_view text);

}  // namespace khabar::web

#endif  // KHABAR_WEB_FEED_H_
