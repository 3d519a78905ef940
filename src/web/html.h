// Small text helpers of the web layer: HTML escaping, URL encoding, query
// strings and cookies. Pure and thread-safe.
#ifndef KHABAR_WEB_HTML_H_
#define KHABAR_WEB_HTML_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::web {

// Escapes & < > " ' for element content and quoted attribute values.
void AppendEscaped(std::string& out, std::string_view text);
std::string EscapeHtml(std::string_view text);

// Replaces invalid UTF-8 sequences with U+FFFD and drops C0 controls other
// than tab and newline (they are invalid in XML and useless in HTML).
std::string SanitizeText(std::string_view text);

// Percent-encodes everything but unreserved characters (RFC 3986), so the
// result is safe in a path segment and in a query value.
std::string UrlEncode(std::string_view text);
// Decodes %XX (and '+' as space when `plus_is_space`); nullopt for a broken
// escape or a result that is not valid UTF-8.
std::optional<std::string> UrlDecode(std::string_view text,
                                     bool plus_is_space);

// "/a/b?x=1&y=2" → path "/a/b" and query "x=1&y=2".
std::pair<std::string_view, std::string_view> SplitTarget(
    std::string_view target);

// Decoded (name, value) pairs of a query string; pairs that fail to decode
// are dropped.
std::vector<std::pair<std::string, std::string>> ParseQueryString(
    std::string_view query);

// The value of cookie `name` in one Cookie header value ("a=1; b=2"): the
// first pair whose name matches exactly, as sent (no decoding); nullopt
// when there is none. A substring of `header` holding no ';'.
std::optional<std::string_view> CookieValue(std::string_view header,
                                            std::string_view name);

}  // namespace khabar::web

#endif  // KHABAR_WEB_HTML_H_
