// libFuzzer target for the feed and OPML readers. Runs LooksLikeFeed,
// ParseFeed and ParseOpml on any bytes and aborts on any broken invariant:
// at most kMaxFeedEntries entries; every text field valid UTF-8; links and
// images empty or absolute http(s); an OPML list that was read survives
// WriteOpml and a second read unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "extract/feed.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckText(std::string_view s) {
  Check(khabar::text::ValidateUtf8(s).ok());
}

void CheckUrl(std::string_view url) {
  CheckText(url);
  std::string head(url.substr(0, 8));
  for (char& c : head) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  Check(url.empty() || head.starts_with("http://") ||
        head.starts_with("https://"));
}

void CheckFeed(const khabar::extract::Feed& feed) {
  Check(feed.entries.size() <= khabar::extract::kMaxFeedEntries);
  CheckText(feed.title);
  CheckUrl(feed.link);
  CheckText(feed.language);
  for (const khabar::extract::FeedEntry& e : feed.entries) {
    CheckText(e.id);
    CheckText(e.title);
    CheckUrl(e.link);
    CheckText(e.author);
    CheckText(e.summary);
    CheckText(e.content_html);
    CheckUrl(e.image_url);
    for (const std::string& c : e.categories) {
      CheckText(c);
      Check(!c.empty());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)khabar::extract::LooksLikeFeed(bytes);

  auto feed = khabar::extract::ParseFeed(bytes, "https://example.com/news/");
  if (feed.ok()) {
    CheckFeed(*feed);
  } else {
    Check(feed.status().code() == khabar::StatusCode::kInvalidArgument);
  }

  auto outlines = khabar::extract::ParseOpml(bytes);
  if (!outlines.ok()) {
    Check(outlines.status().code() == khabar::StatusCode::kInvalidArgument);
    return 0;
  }
  const std::string written = khabar::extract::WriteOpml("t", *outlines);
  auto again = khabar::extract::ParseOpml(written);
  Check(again.ok() && again->size() == outlines->size());
  for (std::size_t i = 0; i < outlines->size(); ++i) {
    Check((*again)[i].title == (*outlines)[i].title);
    Check((*again)[i].xml_url == (*outlines)[i].xml_url);
    Check((*again)[i].html_url == (*outlines)[i].html_url);
  }
  return 0;
}
