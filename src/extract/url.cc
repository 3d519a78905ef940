#include "extract/url.h"

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace khabar::extract {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool IsHttp(std::string_view url) {
  std::string head = Lower(url.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  ref = Trim(ref);
  base = Trim(base);
  if (ref.empty() && base.empty()) return "";
  std::string out;
  if (base.empty() || IsHttp(ref)) {
    out = std::string(ref);
  } else {
    std::string r(ref), b(base);
    xmlChar* built = xmlBuildURI(reinterpret_cast<const xmlChar*>(r.c_str()),
                                 reinterpret_cast<const xmlChar*>(b.c_str()));
    if (built == nullptr) return "";
    out = reinterpret_cast<const char*>(built);
    xmlFree(built);
  }
  if (!IsHttp(out)) return "";
  // The scheme is case-insensitive and "http" is its canonical form
  // (RFC 3986 3.1): "hTtp://a" and "http://a" are one feed, one source.
  const std::size_t colon = out.find(':');
  std::transform(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(colon),
                 out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string UrlHost(std::string_view url) {
  url = Trim(url);
  if (!IsHttp(url)) return "";
  url.remove_prefix(url.find("://") + 3);
  std::size_t end = url.find_first_of("/?#");
  std::string_view authority = url.substr(0, end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (authority.starts_with('[')) {  // IPv6 literal
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return "";
    return Lower(authority.substr(1, close - 1));
  }
  return Lower(authority.substr(0, authority.find(':')));
}

}  // namespace khabar::extract
