// Reading news feeds: RSS 2.0 (and 0.9x), RSS 1.0 (RDF), Atom 1.0 and JSON
// Feed 1.0/1.1, detected from the content; and OPML subscription lists.
//
// XML is parsed with libxml2 with network access off, no DTD loading, no
// external entities and no entity substitution (XXE gets nothing; libxml2's
// amplification limits stop "billion laughs" with an error). Relative links
// are resolved against xml:base, the feed's own link and `base_url`. Dates
// go through ParseDateTime (RFC 822 and RFC 3339 with their common broken
// variants); an entry's date that cannot be read is left empty, not
// guessed. Text fields are plain text (HTML tags and entities in titles are
// decoded); `content_html` keeps the entry's HTML (content:encoded, Atom
// content, content_html) for the caller to extract.
//
// InvalidArgument, with libxml2's message and line, for a document that is
// not a feed or not well-formed; bytes that are not valid in the declared
// (or default UTF-8) encoding are refused the same way. Pure, thread-safe.
#ifndef KHABAR_EXTRACT_FEED_H_
#define KHABAR_EXTRACT_FEED_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace khabar::extract {

enum class FeedFormat { kRss2, kRss1, kAtom, kJsonFeed };
const char* FeedFormatName(FeedFormat format);  // "rss2", "rss1", "atom", "json"

struct FeedEntry {
  std::string id;            // guid / id / link, whichever is given first
  std::string title;
  std::string link;          // absolute
  std::string author;
  std::string summary;       // plain text
  std::string content_html;  // full content when the feed carries it
  std::optional<UnixSeconds> published_at;
  std::optional<UnixSeconds> updated_at;
  std::vector<std::string> categories;
  std::string image_url;     // enclosure / media:content / image
};

struct Feed {
  FeedFormat format = FeedFormat::kRss2;
  std::string title;
  std::string link;          // the site's home page, absolute
  std::string language;
  std::vector<FeedEntry> entries;
};

// Largest number of entries kept from one feed (the first ones).
inline constexpr std::size_t kMaxFeedEntries = 1000;

Result<Feed> ParseFeed(std::string_view bytes, std::string_view base_url);

// Whether the bytes look like a feed (cheap sniff of the first KB), to tell
// a feed URL from an article page or a site home page.
bool LooksLikeFeed(std::string_view bytes);

struct OpmlOutline {
  std::string title;
  std::string xml_url;   // the feed
  std::string html_url;  // the site, may be empty
};

// Every outline with an xmlUrl, nested outlines included, in order.
Result<std::vector<OpmlOutline>> ParseOpml(std::string_view bytes);
// An OPML 2.0 document listing `outlines` (escaped; UTF-8).
std::string WriteOpml(std::string_view title,
                      const std::vector<OpmlOutline>& outlines);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_FEED_H_
