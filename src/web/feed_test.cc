#include "web/feed.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <nlohmann/json.hpp>

#include "base/time.h"

namespace khabar::web {
namespace {

using Json = nlohmann::json;

// --- libxml2 helpers: an independent parser proves well-formedness. --------

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

// Parses without network access and without substituting entities; a
// document the parser rejects fails the calling test with the parser's
// message.
XmlDocPtr ParseXml(const std::string& xml) {
  xmlResetLastError();
  XmlDocPtr doc(xmlReadMemory(
      xml.data(), static_cast<int>(xml.size()), "feed.xml", nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc == nullptr) {
    const xmlError* err = xmlGetLastError();
    ADD_FAILURE() << "not well-formed XML: "
                  << (err != nullptr && err->message != nullptr
                          ? err->message
                          : "(no message)")
                  << "\n--- document ---\n"
                  << xml;
    return doc;
  }
  // A DTD would let a feed declare entities; ours never have one.
  EXPECT_EQ(doc->intSubset, nullptr) << "unexpected DOCTYPE";
  return doc;
}

// The string values of the nodes `xpath` selects, in document order.
// Prefixes: a = Atom, dc = Dublin Core, content = RSS content module.
std::vector<std::string> Select(xmlDoc* doc, const char* xpath) {
  std::vector<std::string> values;
  if (doc == nullptr) return values;
  xmlXPathContext* ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
  xmlXPathRegisterNs(ctx, BAD_CAST "dc",
                     BAD_CAST "http://purl.org/dc/elements/1.1/");
  xmlXPathRegisterNs(ctx, BAD_CAST "content",
                     BAD_CAST "http://purl.org/rss/1.0/modules/content/");
  xmlXPathObject* result = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
  if (result == nullptr) {
    ADD_FAILURE() << "bad XPath " << xpath;
  } else if (result->nodesetval != nullptr) {
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      values.emplace_back(text != nullptr ? reinterpret_cast<char*>(text) : "");
      xmlFree(text);
    }
  }
  xmlXPathFreeObject(result);
  xmlXPathFreeContext(ctx);
  return values;
}

// The single value `xpath` selects; fails the test when there is not
// exactly one.
std::string One(xmlDoc* doc, const char* xpath) {
  std::vector<std::string> v = Select(doc, xpath);
  EXPECT_EQ(v.size(), 1u) << "XPath " << xpath;
  return v.empty() ? "" : v[0];
}

Json ParseJson(const std::string& text) {
  try {
    return Json::parse(text);  // rejects invalid UTF-8
  } catch (const Json::exception& e) {
    ADD_FAILURE() << "not valid JSON: " << e.what() << "\n" << text;
    return Json();
  }
}

// --- Fixtures. ---------------------------------------------------------------

// 2024-02-29T13:05:09Z, a leap day, a Thursday.
constexpr int64_t kLeapDay = 1709211909;
// 2024-03-01T08:00:00Z.
constexpr int64_t kNextMorning = 1709280000;

const std::string kArabicTitle = "عاجل: الحكومة تعلن «خطة» جديدة";
const std::string kArabicSummary = "قال الوزير إن الخطة تبدأ غدًا.";
const std::string kPolitics = "سياسة";

Feed SampleFeed() {
  Feed feed;
  feed.title = "خبر — الأخبار";
  feed.subtitle = "آخر الأخبار";
  feed.home_url = "https://khabar.example/";
  feed.self_url = "https://khabar.example/";
  FeedItem item;
  item.id = "https://khabar.example/story/42";
  item.url = "https://khabar.example/story/42";
  item.title = kArabicTitle;
  item.summary = kArabicSummary;
  item.author = "وكالة الأنباء";
  item.categories = {kPolitics, "اقتصاد"};
  item.published = kLeapDay;
  item.updated = kNextMorning;
  feed.items.push_back(item);
  return feed;
}

Feed FeedWithTitle(const std::string& title) {
  Feed feed = SampleFeed();
  feed.items[0].title = title;
  return feed;
}

// --- CleanXmlText and EscapeXml. ------------------------------------------

TEST(CleanXmlTextTest, DropsControlCharactersButKeepsTabLfCr) {
  EXPECT_EQ(CleanXmlText("a\x01"
                         "b\x08"
                         "c\x0B"
                         "d\x0C"
                         "e\x1F"
                         "f"),
            "abcdef");
  EXPECT_EQ(CleanXmlText(std::string("\0x", 2)), "x");
  EXPECT_EQ(CleanXmlText("a\tb\nc\rd"), "a\tb\nc\rd");
}

TEST(CleanXmlTextTest, DropsFffeAndFfff) {
  EXPECT_EQ(CleanXmlText("a\xEF\xBF\xBE"
                         "b\xEF\xBF\xBF"
                         "c"),
            "abc");
  // U+FFFD and U+FFFC are characters and stay.
  EXPECT_EQ(CleanXmlText("\xEF\xBF\xBD\xEF\xBF\xBC"),
            "\xEF\xBF\xBD\xEF\xBF\xBC");
}

TEST(CleanXmlTextTest, ReplacesInvalidUtf8WithReplacementCharacter) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(CleanXmlText("a\xFF"
                         "b"),
            "a" + r + "b");  // never a lead
  EXPECT_EQ(CleanXmlText("a\x80"
                         "b"),
            "a" + r + "b");                                    // lone trail
  EXPECT_EQ(CleanXmlText("\xC0\xAF"), r + r);                  // overlong '/'
  EXPECT_EQ(CleanXmlText("\xE0\x80\xAF"), r + r + r);          // overlong
  EXPECT_EQ(CleanXmlText("\xED\xA0\x80"), r + r + r);          // surrogate
  EXPECT_EQ(CleanXmlText("\xF4\x90\x80\x80"), r + r + r + r);  // > U+10FFFF
  // A truncated sequence is one U+FFFD, and the next character survives.
  EXPECT_EQ(CleanXmlText("\xD8"
                         "a"),
            r + "a");
  EXPECT_EQ(CleanXmlText("\xE2\x82"
                         "a"),
            r + "a");
  EXPECT_EQ(CleanXmlText("\xF0\x9F\x98"), r);
  EXPECT_EQ(CleanXmlText("\xD8\xD8\xB9"), r + "\xD8\xB9");  // then Arabic ع
}

TEST(CleanXmlTextTest, KeepsValidMultibyteText) {
  EXPECT_EQ(CleanXmlText(kArabicTitle), kArabicTitle);
  EXPECT_EQ(CleanXmlText("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // emoji
  EXPECT_EQ(CleanXmlText("\xF4\x8F\xBF\xBD"), "\xF4\x8F\xBF\xBD");  // U+10FFFD
  EXPECT_EQ(CleanXmlText(""), "");
}

TEST(EscapeXmlTest, EscapesTheFiveSpecialsAndCr) {
  EXPECT_EQ(EscapeXml("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(EscapeXml("]]>"), "]]&gt;");
  EXPECT_EQ(EscapeXml("a\r\nb"), "a&#xD;\nb");
  EXPECT_EQ(EscapeXml("&amp;"), "&amp;amp;");  // no double-unescaping
}

// --- Atom. -------------------------------------------------------------------

TEST(AtomTest, IsWellFormedWithLangSelfAlternateIdAndAuthor) {
  const std::string xml = RenderAtom(SampleFeed());
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
  XmlDocPtr doc = ParseXml(xml);
  ASSERT_NE(doc, nullptr);
  xmlNode* root = xmlDocGetRootElement(doc.get());
  ASSERT_NE(root, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "feed");
  xmlChar* lang = xmlNodeGetLang(root);
  ASSERT_NE(lang, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(lang), "ar");
  xmlFree(lang);

  EXPECT_EQ(One(doc.get(), "/a:feed/a:link[@rel='self']/@href"),
            "https://khabar.example/?format=atom");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:link[@rel='self']/@type"),
            "application/atom+xml");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:link[@rel='alternate']/@href"),
            "https://khabar.example/");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:id"), "https://khabar.example/");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:author/a:name"), "خبر — الأخبار");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:id"),
            "https://khabar.example/story/42");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:link[@rel='alternate']/@href"),
            "https://khabar.example/story/42");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:author/a:name"), "وكالة الأنباء");
  EXPECT_EQ(Select(doc.get(), "/a:feed/a:entry/a:category/@term"),
            (std::vector<std::string>{kPolitics, "اقتصاد"}));
}

TEST(AtomTest, SelfLinkUsesAmpersandWhenSelfUrlHasAQuery) {
  Feed feed = SampleFeed();
  feed.self_url = "https://khabar.example/search?q=a&b";
  EXPECT_EQ(FeedUrl(feed, "atom"),
            "https://khabar.example/search?q=a&b&format=atom");
  XmlDocPtr doc = ParseXml(RenderAtom(feed));
  EXPECT_EQ(One(doc.get(), "/a:feed/a:link[@rel='self']/@href"),
            "https://khabar.example/search?q=a&b&format=atom");
}

TEST(AtomTest, EscapesScriptPayloadInEveryField) {
  const std::string payload = "<script>alert(\"x\")</script>";
  Feed feed = FeedWithTitle(payload);
  feed.title = payload;
  feed.items[0].summary = payload;
  feed.items[0].author = payload;
  feed.items[0].categories = {payload};
  feed.items[0].url = "https://khabar.example/\"><script>";
  const std::string xml = RenderAtom(feed);
  EXPECT_EQ(xml.find("<script"), std::string::npos) << xml;
  XmlDocPtr doc = ParseXml(xml);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:title"), payload);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:title"), payload);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:summary"), payload);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:author/a:name"), payload);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:category/@term"), payload);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:link/@href"),
            "https://khabar.example/\"><script>");
}

TEST(AtomTest, CdataTerminatorPayloadStaysText) {
  const std::string payload = "]]><evil/><![CDATA[x]]>";
  Feed feed = FeedWithTitle(payload);
  feed.items[0].content_html = "<p>" + payload + "</p>";
  const std::string xml = RenderAtom(feed);
  EXPECT_EQ(xml.find("]]>"), std::string::npos) << xml;
  XmlDocPtr doc = ParseXml(xml);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:title"), payload);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:content[@type='html']"),
            "<p>" + payload + "</p>");
  EXPECT_TRUE(Select(doc.get(), "//evil").empty());
}

TEST(AtomTest, AttributeKeepsQuotesTabsAndNewlines) {
  Feed feed = SampleFeed();
  feed.items[0].categories = {"a\"b'c&d<e>f\tg\nh\ri"};
  XmlDocPtr doc = ParseXml(RenderAtom(feed));
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:category/@term"),
            "a\"b'c&d<e>f\tg\nh\ri");
}

TEST(AtomTest, DropsControlCharactersAndStaysWellFormed) {
  Feed feed = FeedWithTitle(
      "a\x01"
      "b\x1B[31mc\x7F"
      "d");
  const std::string xml = RenderAtom(feed);
  XmlDocPtr doc = ParseXml(xml);
  // DEL (U+007F) is a legal XML 1.0 character and is kept.
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:title"),
            "ab[31mc\x7F"
            "d");
}

TEST(AtomTest, InvalidUtf8BecomesReplacementCharacter) {
  Feed feed = FeedWithTitle("خبر\xFF\xD8");
  XmlDocPtr doc = ParseXml(RenderAtom(feed));  // libxml2 rejects bad UTF-8
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:title"),
            "خبر\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(AtomTest, ArabicTextRoundTripsAsRawUtf8) {
  const std::string xml = RenderAtom(SampleFeed());
  // Written as UTF-8, not as character references.
  EXPECT_NE(xml.find(kArabicTitle), std::string::npos);
  EXPECT_EQ(xml.find("&#x6"), std::string::npos);
  XmlDocPtr doc = ParseXml(xml);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:title"), kArabicTitle);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:summary"), kArabicSummary);
  EXPECT_EQ(One(doc.get(), "/a:feed/a:subtitle"), "آخر الأخبار");
}

TEST(AtomTest, DatesAreRfc3339) {
  XmlDocPtr doc = ParseXml(RenderAtom(SampleFeed()));
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:published"),
            "2024-02-29T13:05:09Z");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:updated"),
            "2024-03-01T08:00:00Z");
  // No feed date: the newest item date.
  EXPECT_EQ(One(doc.get(), "/a:feed/a:updated"), "2024-03-01T08:00:00Z");
}

TEST(AtomTest, EntryUpdatedFallsBackToPublished) {
  Feed feed = SampleFeed();
  feed.items[0].updated = 0;
  feed.updated = kNextMorning;
  XmlDocPtr doc = ParseXml(RenderAtom(feed));
  EXPECT_EQ(One(doc.get(), "/a:feed/a:entry/a:updated"),
            "2024-02-29T13:05:09Z");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:updated"), "2024-03-01T08:00:00Z");
}

TEST(AtomTest, EmptyFeedIsWellFormed) {
  Feed feed;
  const std::string xml = RenderAtom(feed);
  XmlDocPtr doc = ParseXml(xml);
  ASSERT_NE(doc, nullptr);
  EXPECT_TRUE(Select(doc.get(), "/a:feed/a:entry").empty());
  EXPECT_EQ(One(doc.get(), "/a:feed/a:updated"), "1970-01-01T00:00:00Z");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:title"), "");
  EXPECT_EQ(One(doc.get(), "/a:feed/a:link[@rel='self']/@href"),
            "?format=atom");
}

// --- RSS. --------------------------------------------------------------------

TEST(RssTest, HasChannelLanguageSelfLinkAndItems) {
  XmlDocPtr doc = ParseXml(RenderRss(SampleFeed()));
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(One(doc.get(), "/rss/@version"), "2.0");
  EXPECT_EQ(One(doc.get(), "/rss/channel/language"), "ar");
  EXPECT_EQ(One(doc.get(), "/rss/channel/link"), "https://khabar.example/");
  EXPECT_EQ(One(doc.get(), "/rss/channel/a:link[@rel='self']/@href"),
            "https://khabar.example/?format=rss");
  EXPECT_EQ(One(doc.get(), "/rss/channel/description"), "آخر الأخبار");
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/title"), kArabicTitle);
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/link"),
            "https://khabar.example/story/42");
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/dc:creator"), "وكالة الأنباء");
  EXPECT_EQ(Select(doc.get(), "/rss/channel/item/category"),
            (std::vector<std::string>{kPolitics, "اقتصاد"}));
}

TEST(RssTest, GuidIsPermaLinkOnlyForHttpIds) {
  Feed feed = SampleFeed();
  feed.items.push_back(feed.items[0]);
  feed.items[1].id = "tag:khabar.example,2024:story-43";
  XmlDocPtr doc = ParseXml(RenderRss(feed));
  EXPECT_EQ(Select(doc.get(), "/rss/channel/item/guid/@isPermaLink"),
            (std::vector<std::string>{"true", "false"}));
  EXPECT_EQ(Select(doc.get(), "/rss/channel/item/guid"),
            (std::vector<std::string>{"https://khabar.example/story/42",
                                      "tag:khabar.example,2024:story-43"}));
}

TEST(RssTest, DatesAreRfc822) {
  XmlDocPtr doc = ParseXml(RenderRss(SampleFeed()));
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/pubDate"),
            "Thu, 29 Feb 2024 13:05:09 GMT");
  EXPECT_EQ(One(doc.get(), "/rss/channel/lastBuildDate"),
            "Fri, 01 Mar 2024 08:00:00 GMT");
}

TEST(RssTest, PlainTextSummaryIsEscapedForHtmlInsideDescription) {
  Feed feed = SampleFeed();
  feed.items[0].summary = "a < b & <script>x</script>";
  const std::string xml = RenderRss(feed);
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  XmlDocPtr doc = ParseXml(xml);
  // After XML parsing the description is HTML that displays the text as is.
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/description"),
            "a &lt; b &amp; &lt;script&gt;x&lt;/script&gt;");
}

TEST(RssTest, ContentHtmlGoesToContentEncoded) {
  Feed feed = SampleFeed();
  feed.items[0].content_html = "<p dir=\"rtl\">نص ]]> &amp;</p>";
  XmlDocPtr doc = ParseXml(RenderRss(feed));
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/content:encoded"),
            "<p dir=\"rtl\">نص ]]> &amp;</p>");
}

TEST(RssTest, EmptyFeedIsWellFormed) {
  XmlDocPtr doc = ParseXml(RenderRss(Feed{}));
  ASSERT_NE(doc, nullptr);
  EXPECT_TRUE(Select(doc.get(), "/rss/channel/item").empty());
  EXPECT_EQ(One(doc.get(), "/rss/channel/lastBuildDate"),
            "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(RssTest, InvalidUtf8AndControlsStayOut) {
  Feed feed = FeedWithTitle("\x01<\xC3(]]>");
  XmlDocPtr doc = ParseXml(RenderRss(feed));
  EXPECT_EQ(One(doc.get(), "/rss/channel/item/title"), "<\xEF\xBF\xBD(]]>");
}

TEST(Rfc822DateTest, FormatsKnownDates) {
  EXPECT_EQ(FormatRfc822Date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatRfc822Date(kLeapDay), "Thu, 29 Feb 2024 13:05:09 GMT");
  EXPECT_EQ(FormatRfc822Date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
  // RFC 7231's own example of an IMF-fixdate.
  EXPECT_EQ(FormatRfc822Date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatRfc822Date(*MakeUtc(2000, 12, 31, 23, 59, 59)),
            "Sun, 31 Dec 2000 23:59:59 GMT");
}

// --- JSON Feed. --------------------------------------------------------------

TEST(JsonFeedTest, HasVersionLanguageUrlsAndItems) {
  const std::string text = RenderJsonFeed(SampleFeed());
  EXPECT_TRUE(text.starts_with("{\"version\":")) << text;
  Json j = ParseJson(text);
  EXPECT_EQ(j["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(j["language"], "ar");
  EXPECT_EQ(j["title"], "خبر — الأخبار");
  EXPECT_EQ(j["description"], "آخر الأخبار");
  EXPECT_EQ(j["home_page_url"], "https://khabar.example/");
  EXPECT_EQ(j["feed_url"], "https://khabar.example/?format=json");
  ASSERT_EQ(j["items"].size(), 1u);
  const Json& item = j["items"][0];
  EXPECT_EQ(item["id"], "https://khabar.example/story/42");
  EXPECT_EQ(item["url"], "https://khabar.example/story/42");
  EXPECT_EQ(item["title"], kArabicTitle);
  EXPECT_EQ(item["summary"], kArabicSummary);
  EXPECT_EQ(item["content_text"], kArabicSummary);
  EXPECT_FALSE(item.contains("content_html"));
  EXPECT_EQ(item["date_published"], "2024-02-29T13:05:09Z");
  EXPECT_EQ(item["date_modified"], "2024-03-01T08:00:00Z");
  EXPECT_EQ(item["authors"], Json::parse(R"([{"name":"وكالة الأنباء"}])"));
  EXPECT_EQ(item["tags"], Json::array({kPolitics, "اقتصاد"}));
}

TEST(JsonFeedTest, PrefersContentHtmlAndOmitsUnknownDates) {
  Feed feed = SampleFeed();
  feed.items[0].content_html = "<p>نص</p>";
  feed.items[0].published = 0;
  feed.items[0].author.clear();
  feed.items[0].categories.clear();
  Json j = ParseJson(RenderJsonFeed(feed));
  const Json& item = j["items"][0];
  EXPECT_EQ(item["content_html"], "<p>نص</p>");
  EXPECT_FALSE(item.contains("content_text"));
  EXPECT_FALSE(item.contains("date_published"));
  EXPECT_FALSE(item.contains("authors"));
  EXPECT_FALSE(item.contains("tags"));
}

TEST(JsonFeedTest, WritesArabicAsRawUtf8) {
  const std::string text = RenderJsonFeed(SampleFeed());
  EXPECT_NE(text.find(kArabicTitle), std::string::npos);
  EXPECT_EQ(text.find("\\u06"), std::string::npos);
}

TEST(JsonFeedTest, EmptyFeedHasEmptyItemsArray) {
  Json j = ParseJson(RenderJsonFeed(Feed{}));
  ASSERT_TRUE(j["items"].is_array());
  EXPECT_TRUE(j["items"].empty());
  EXPECT_EQ(j["version"], "https://jsonfeed.org/version/1.1");
}

TEST(JsonFeedTest, InvalidUtf8AndControlsAreCleaned) {
  Feed feed = FeedWithTitle("a\x02\xFF</script>");
  Json j = ParseJson(RenderJsonFeed(feed));
  EXPECT_EQ(j["items"][0]["title"], "a\xEF\xBF\xBD</script>");
}

// --- Invariants on random input. -------------------------------------------

std::string RandomBytes(std::mt19937* rng) {
  // Biased toward the bytes that matter: markup, controls, UTF-8 leads and
  // trails, and whole Arabic letters.
  static constexpr std::string_view kPieces[] = {
      "<",    ">",    "&",    "\"",   "'",    "]]>",  "\x01",
      "\x0B", "\r",   "\n",   "\t",   "\xC0", "\x80", "\xBF",
      "\xD8", "\xE0", "\xED", "\xF0", "\xF4", "\xFF", "\xEF\xBF\xBE",
      "ع",    "ة",    "ـ",    "a",    " "};
  std::uniform_int_distribution<size_t> len(0, 24);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::string s;
  for (size_t n = len(*rng); n > 0; --n) s += kPieces[pick(*rng)];
  return s;
}

TEST(FeedInvariantTest, RandomInputAlwaysGivesWellFormedOutput) {
  std::mt19937 rng(20240229);
  for (int round = 0; round < 200; ++round) {
    Feed feed;
    feed.title = RandomBytes(&rng);
    feed.subtitle = RandomBytes(&rng);
    feed.home_url = RandomBytes(&rng);
    feed.self_url = RandomBytes(&rng);
    feed.lang = RandomBytes(&rng);
    for (int i = 0; i < 3; ++i) {
      FeedItem item;
      item.id = RandomBytes(&rng);
      item.url = RandomBytes(&rng);
      item.title = RandomBytes(&rng);
      item.summary = RandomBytes(&rng);
      item.content_html = RandomBytes(&rng);
      item.author = RandomBytes(&rng);
      item.categories = {RandomBytes(&rng), RandomBytes(&rng)};
      item.published = static_cast<int64_t>(rng());
      feed.items.push_back(item);
    }
    SCOPED_TRACE("round " + std::to_string(round));
    XmlDocPtr atom = ParseXml(RenderAtom(feed));
    ASSERT_NE(atom, nullptr);
    EXPECT_EQ(Select(atom.get(), "/a:feed/a:entry").size(), 3u);
    EXPECT_EQ(One(atom.get(), "/a:feed/a:entry[1]/a:title"),
              CleanXmlText(feed.items[0].title));
    XmlDocPtr rss = ParseXml(RenderRss(feed));
    ASSERT_NE(rss, nullptr);
    EXPECT_EQ(Select(rss.get(), "/rss/channel/item").size(), 3u);
    Json json = ParseJson(RenderJsonFeed(feed));
    EXPECT_EQ(json["items"].size(), 3u);
  }
}

}  // namespace
}  // namespace khabar::web
