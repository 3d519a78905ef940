// gzip for answers (RFC 1952 through zlib), and the Accept-Encoding test
// that decides when to use it. Pure and thread-safe.
#ifndef KHABAR_WEB_COMPRESS_H_
#define KHABAR_WEB_COMPRESS_H_

#include <optional>
#include <string>
#include <string_view>

namespace khabar::web {

// The gzip member of `data`; nullopt only when zlib fails (out of memory).
std::optional<std::string> Gzip(std::string_view data);

// Whether an Accept-Encoding header value accepts gzip: a "gzip" (or "*")
// coding whose q is not 0. Case-insensitive; malformed parts are ignored.
bool AcceptsGzip(std::string_view accept_encoding);

// Whether answers of this content type are worth compressing (text, JSON,
// XML, SVG; not fonts or images, which are compressed already).
bool IsCompressible(std::string_view content_type);

}  // namespace khabar::web

#endif  // KHABAR_WEB_COMPRESS_H_
