// libFuzzer target for HTML pages: ExtractHtmlArticle, HtmlFragmentParagraphs
// and DiscoverFeedLinks run on the same bytes.
//
// Invariants checked (a violation aborts, so the fuzzer keeps the input):
// - nothing crashes, leaks, overflows the stack or trips ASan/UBSan;
// - an extracted article has at least one paragraph; paragraphs are
//   non-empty, trimmed and hold no run of two spaces; for valid UTF-8 input
//   they and the title are valid UTF-8;
// - fragment paragraphs are non-empty; feed links are http(s) URLs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/html_article.h"
#include "text/utf8.h"

namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

bool ValidUtf8(std::string_view s) {
  return khabar::text::FindInvalidUtf8(s) == khabar::text::kUtf8Valid;
}

void CheckParagraph(const std::string& p, bool utf8) {
  Check(!p.empty(), "paragraphs are non-empty");
  Check(p.front() != ' ' && p.back() != ' ', "paragraphs are trimmed");
  Check(p.find("  ") == std::string::npos, "white space is collapsed");
  if (utf8) Check(ValidUtf8(p), "paragraphs are valid UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool utf8 = ValidUtf8(bytes);

  khabar::Result<khabar::extract::HtmlArticle> article =
      khabar::extract::ExtractHtmlArticle(bytes, "https://news.example/a/b");
  if (article.ok()) {
    Check(!article->paragraphs.empty(), "an article has a paragraph");
    for (const std::string& p : article->paragraphs) CheckParagraph(p, utf8);
    if (utf8) Check(ValidUtf8(article->title), "the title is valid UTF-8");
    const khabar::extract::RawArticle raw =
        khabar::extract::ToRawArticle(*article);
    Check(raw.paragraphs == article->paragraphs, "ToRawArticle keeps the body");
  }

  for (const std::string& p : khabar::extract::HtmlFragmentParagraphs(bytes)) {
    CheckParagraph(p, utf8);
  }
  for (const std::string& url :
       khabar::extract::DiscoverFeedLinks(bytes, "https://news.example/")) {
    Check(url.starts_with("http://") || url.starts_with("https://"),
          "feed links are http(s), the scheme lower-cased");
  }
  return 0;
}
