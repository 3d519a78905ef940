// The article in a news web page: main-content extraction plus metadata.
//
// Metadata, each from the first source that has it:
//   title      og:title, JSON-LD NewsArticle/Article headline, the <h1>
//              inside the content, <title> minus the site name (" - CNN")
//   author     JSON-LD author name, <meta name=author>, article:author, a
//              byline element (rel=author, class*=author/byline)
//   dates      JSON-LD datePublished/dateModified, article:published_time /
//              article:modified_time, <time datetime> (ParseDateTime)
//   canonical  <link rel=canonical>, og:url, else the page URL
//   lang       <html lang>, else "ar" when the body is mostly Arabic
//   image      og:image, JSON-LD image
// Body: the paragraphs of the main content, in order, without navigation,
// related links, share bars, comments, cookie banners, subscription
// pitches, figure captions, "اقرأ أيضا" boxes and ads. Block scoring counts
// Arabic sentence punctuation (، ؛ ؟ and the full stop) and Arabic letters
// as text evidence, and link density against it; see html_article.cc.
//
// Input must be UTF-8 (see charset.h). Malformed HTML is repaired by
// libxml2's HTML parser (no network access). Deeply nested input (100k
// levels) is handled without recursion or refused with InvalidArgument;
// InvalidArgument also when no article text is found. Pure, thread-safe.
#ifndef KHABAR_EXTRACT_HTML_ARTICLE_H_
#define KHABAR_EXTRACT_HTML_ARTICLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "extract/raw_article.h"

namespace khabar::extract {

struct HtmlArticle {
  std::string title;
  std::string author;
  std::optional<UnixSeconds> published_at;
  std::optional<UnixSeconds> modified_at;
  std::string canonical_url;
  std::string lang;
  std::string image_url;
  std::string site_name;     // og:site_name, when given
  std::string description;   // og:description / meta description
  std::vector<std::string> paragraphs;
};

// Extracts the article from a whole page; `url` resolves relative links.
Result<HtmlArticle> ExtractHtmlArticle(std::string_view html,
                                       std::string_view url);

// The paragraphs of an HTML fragment (a feed entry's content): block
// elements and <br><br> split paragraphs; scripts, styles, figures and
// captions dropped; no content scoring. Empty for a fragment with no text.
std::vector<std::string> HtmlFragmentParagraphs(std::string_view html);

// Feeds a page announces: <link rel="alternate" type="application/rss+xml|
// atom+xml|feed+json|json"> hrefs, resolved against `url`, in page order.
std::vector<std::string> DiscoverFeedLinks(std::string_view html,
                                           std::string_view url);

// The stored shape: title, paragraphs, date, author, canonical URL, lang.
RawArticle ToRawArticle(const HtmlArticle& page);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_HTML_ARTICLE_H_
