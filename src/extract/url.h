// URLs as pages and feeds write them: resolving a relative reference
// against its base (RFC 3986, through libxml2's xmlBuildURI), and the host
// of an absolute URL. Pure, thread-safe.
#ifndef KHABAR_EXTRACT_URL_H_
#define KHABAR_EXTRACT_URL_H_

#include <string>
#include <string_view>

namespace khabar::extract {

// `ref` resolved against `base`; `ref` trimmed when it is already absolute
// or `base` is empty; empty when it cannot be resolved. Only http(s)
// results are returned (javascript:, data:, mailto: give ""), with the
// scheme lower-cased (HTTPS://a.example/B -> https://a.example/B).
std::string ResolveUrl(std::string_view base, std::string_view ref);

// The lower-cased host of an http(s) URL ("" when there is none).
std::string UrlHost(std::string_view url);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_URL_H_
