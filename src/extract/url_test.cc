#include "extract/url.h"

#include <gtest/gtest.h>

namespace khabar::extract {
namespace {

TEST(ResolveUrl, RelativeReferencesFollowRfc3986) {
  EXPECT_EQ(ResolveUrl("https://news.example/world/a.html", "b.html"),
            "https://news.example/world/b.html");
  EXPECT_EQ(ResolveUrl("https://news.example/world/a.html", "/sport/c"),
            "https://news.example/sport/c");
  EXPECT_EQ(ResolveUrl("https://news.example/world/a.html", "../x?y=1#z"),
            "https://news.example/x?y=1#z");
  EXPECT_EQ(ResolveUrl("https://news.example/a", "//cdn.example/i.jpg"),
            "https://cdn.example/i.jpg");
  EXPECT_EQ(ResolveUrl("", " https://a.example/b "), "https://a.example/b");
}

TEST(ResolveUrl, OnlyHttpResultsAreKept) {
  EXPECT_EQ(ResolveUrl("https://a.example/", "javascript:alert(1)"), "");
  EXPECT_EQ(ResolveUrl("https://a.example/", "mailto:x@a.example"), "");
  EXPECT_EQ(ResolveUrl("", "relative/only"), "");
  EXPECT_EQ(ResolveUrl("", ""), "");
}

// The fuzzer's find: a page linking its feed as "hTtp://…" gave a feed URL
// that no "http://" comparison recognised.
TEST(ResolveUrl, TheSchemeIsLowerCasedAndTheRestKept) {
  EXPECT_EQ(ResolveUrl("https://a.example/", "hTtp://Feeds.Example/RSS"),
            "http://Feeds.Example/RSS");
  EXPECT_EQ(ResolveUrl("", "HTTPS://a.example/X?Y=Z"), "https://a.example/X?Y=Z");
  EXPECT_EQ(ResolveUrl("HTTP://a.example/dir/", "feed.xml"),
            "http://a.example/dir/feed.xml");
}

TEST(UrlHost, LowerCasedWithoutPortOrCredentials) {
  EXPECT_EQ(UrlHost("https://News.Example:8443/a"), "news.example");
  EXPECT_EQ(UrlHost("http://u:p@127.0.0.1/x"), "127.0.0.1");
  EXPECT_EQ(UrlHost("http://[::1]:80/"), "::1");
  EXPECT_EQ(UrlHost("ftp://a.example/"), "");
  EXPECT_EQ(UrlHost("http://a.example?q"), "a.example");
}

}  // namespace
}  // namespace khabar::extract
