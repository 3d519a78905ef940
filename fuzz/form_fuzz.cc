// libFuzzer target for request bodies: ParseFormBody on any body, as
// application/x-www-form-urlencoded and as application/json (the two kinds
// the reader's forms and the /api/v1/me calls send). Aborts when an
// invariant breaks:
//   - every field name and value is valid UTF-8 (a form field reaches the
//     store and pages only as valid text);
//   - a urlencoded body gives at most one field per '&'-separated part;
//   - a body that is not a JSON object gives no JSON fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "web/route_util.h"

namespace {

bool ValidUtf8(std::string_view s) {
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
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  using khabar::web::ParseFormBody;

  const auto form = ParseFormBody("application/x-www-form-urlencoded", body);
  std::size_t parts = 1;
  for (char c : body) parts += c == '&';
  Check(form.size() <= parts);
  for (const auto& [name, value] : form) Check(ValidUtf8(name) && ValidUtf8(value));

  const auto fields = ParseFormBody("application/json; charset=utf-8", body);
  for (const auto& [name, value] : fields) Check(ValidUtf8(name) && ValidUtf8(value));
  if (!fields.empty()) Check(body.find('{') != std::string_view::npos);

  // No content type at all: read as a form, like a browser's default.
  Check(ParseFormBody("", body).size() == form.size());
  return 0;
}
