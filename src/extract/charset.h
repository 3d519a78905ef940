// Turning a fetched page or document into UTF-8: which charset it is in, and
// the conversion (glibc iconv).
//
// The charset is taken, in order, from a byte-order mark, the HTTP
// Content-Type's charset parameter, a <meta charset> or <meta http-equiv
// Content-Type> in the first 4 KB, an XML declaration's encoding; else
// UTF-8. A declaration can be wrong: a document declared (or defaulted to)
// UTF-8 that is not valid UTF-8 but decodes as Arabic in windows-1256 is
// decoded as windows-1256; one that is neither is refused with
// InvalidArgument naming the first bad byte's offset; conversely, one
// declared in a single-byte charset that is valid UTF-8 with non-ASCII text
// is decoded as UTF-8 (legacy text is practically never valid UTF-8). A
// sequence the charset cannot map becomes U+FFFD. Labels follow the
// WHATWG Encoding Standard's aliases (iso-8859-1 and latin1 mean
// windows-1252, "arabic" means iso-8859-6, ...). Pure, thread-safe.
#ifndef KHABAR_EXTRACT_CHARSET_H_
#define KHABAR_EXTRACT_CHARSET_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::extract {

struct Decoded {
  std::string text;      // valid UTF-8, without a byte-order mark
  std::string charset;   // the canonical name used, e.g. "windows-1256"
  bool declared_wrong = false;  // the declared charset did not fit
};

// `content_type` is the HTTP header value (may be empty).
Result<Decoded> DecodeToUtf8(std::string_view bytes,
                             std::string_view content_type);

}  // namespace khabar::extract

#endif  // KHABAR_EXTRACT_CHARSET_H_
