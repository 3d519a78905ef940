#include "extract/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "text/arabic_letters.h"
#include "text/utf8.h"

namespace khabar::extract {
namespace {

// How far into a document a <meta> or XML declaration is looked for.
constexpr std::size_t kPrescanBytes = 4096;

// The charsets Khabar decodes: the WHATWG name, and glibc iconv's.
struct Charset {
  std::string_view name;
  const char* iconv_name;  // nullptr: UTF-8, validated rather than converted
  std::size_t unit;        // code unit size, skipped past a bad sequence
};

constexpr Charset kUtf8{"utf-8", nullptr, 1};
constexpr Charset kUtf16Le{"utf-16le", "UTF-16LE", 2};
constexpr Charset kUtf16Be{"utf-16be", "UTF-16BE", 2};
constexpr Charset kWindows1256{"windows-1256", "CP1256", 1};
constexpr Charset kIso8859_6{"iso-8859-6", "ISO-8859-6", 1};
constexpr Charset kWindows1252{"windows-1252", "CP1252", 1};

// Labels, after ASCII lower-casing and trimming, as the WHATWG Encoding
// Standard lists them (the encodings an Arabic news site might be in, and
// the Latin ones that servers misdeclare).
struct Label {
  std::string_view label;
  const Charset* charset;
};
constexpr Label kLabels[] = {
    {"unicode-1-1-utf-8", &kUtf8},
    {"unicode11utf8", &kUtf8},
    {"unicode20utf8", &kUtf8},
    {"utf-8", &kUtf8},
    {"utf8", &kUtf8},
    {"x-unicode20utf8", &kUtf8},
    {"csunicode", &kUtf16Le},
    {"iso-10646-ucs-2", &kUtf16Le},
    {"ucs-2", &kUtf16Le},
    {"unicode", &kUtf16Le},
    {"unicodefeff", &kUtf16Le},
    {"utf-16", &kUtf16Le},
    {"utf-16le", &kUtf16Le},
    {"unicodefffe", &kUtf16Be},
    {"utf-16be", &kUtf16Be},
    {"cp1256", &kWindows1256},
    {"windows-1256", &kWindows1256},
    {"x-cp1256", &kWindows1256},
    {"arabic", &kIso8859_6},
    {"asmo-708", &kIso8859_6},
    {"csiso88596e", &kIso8859_6},
    {"csiso88596i", &kIso8859_6},
    {"csisolatinarabic", &kIso8859_6},
    {"ecma-114", &kIso8859_6},
    {"iso-8859-6", &kIso8859_6},
    {"iso-8859-6-e", &kIso8859_6},
    {"iso-8859-6-i", &kIso8859_6},
    {"iso-ir-127", &kIso8859_6},
    {"iso8859-6", &kIso8859_6},
    {"iso88596", &kIso8859_6},
    {"iso_8859-6", &kIso8859_6},
    {"iso_8859-6:1987", &kIso8859_6},
    {"ansi_x3.4-1968", &kWindows1252},
    {"ascii", &kWindows1252},
    {"cp1252", &kWindows1252},
    {"cp819", &kWindows1252},
    {"csisolatin1", &kWindows1252},
    {"ibm819", &kWindows1252},
    {"iso-8859-1", &kWindows1252},
    {"iso-ir-100", &kWindows1252},
    {"iso8859-1", &kWindows1252},
    {"iso88591", &kWindows1252},
    {"iso_8859-1", &kWindows1252},
    {"iso_8859-1:1987", &kWindows1252},
    {"l1", &kWindows1252},
    {"latin1", &kWindows1252},
    {"us-ascii", &kWindows1252},
    {"windows-1252", &kWindows1252},
    {"x-cp1252", &kWindows1252},
};

constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Whether `text` at `pos` starts with `lower_prefix`, ignoring ASCII case.
bool StartsWithAt(std::string_view text, std::size_t pos,
                  std::string_view lower_prefix) {
  if (pos > text.size() || text.size() - pos < lower_prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (AsciiLower(text[pos + i]) != lower_prefix[i]) return false;
  }
  return true;
}

const Charset* CharsetForLabel(std::string_view label) {
  label = TrimSpace(label);
  std::string lower;
  for (char c : label) lower += AsciiLower(c);
  for (const Label& entry : kLabels) {
    if (entry.label == lower) return entry.charset;
  }
  return nullptr;
}

// The value after "charset=" in `text` (a Content-Type value or a meta
// content attribute), unquoted; empty when there is none.
std::string_view CharsetParameter(std::string_view text) {
  for (std::size_t at = 0; at + 7 <= text.size(); ++at) {
    if (!StartsWithAt(text, at, "charset")) continue;
    std::size_t i = at + 7;
    while (i < text.size() && IsAsciiSpace(text[i])) ++i;
    if (i >= text.size() || text[i] != '=') continue;
    ++i;
    while (i < text.size() && IsAsciiSpace(text[i])) ++i;
    if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
      const char quote = text[i++];
      const std::size_t end = text.find(quote, i);
      return text.substr(i, end == std::string_view::npos ? end : end - i);
    }
    const std::size_t end = text.find_first_of("; \t\r\n\"'", i);
    return text.substr(i, end == std::string_view::npos ? end : end - i);
  }
  return {};
}

struct Attribute {
  std::string name;  // lower-cased
  std::string_view value;
};

// The next attribute of a tag starting at *pos; false at the tag's end.
bool NextAttribute(std::string_view tag, std::size_t* pos, Attribute* out) {
  std::size_t i = *pos;
  while (i < tag.size() && (IsAsciiSpace(tag[i]) || tag[i] == '/')) ++i;
  if (i >= tag.size() || tag[i] == '>') return false;
  out->name.clear();
  while (i < tag.size() && !IsAsciiSpace(tag[i]) && tag[i] != '=' &&
         tag[i] != '>' && tag[i] != '/') {
    out->name += AsciiLower(tag[i++]);
  }
  out->value = {};
  while (i < tag.size() && IsAsciiSpace(tag[i])) ++i;
  if (i < tag.size() && tag[i] == '=') {
    ++i;
    while (i < tag.size() && IsAsciiSpace(tag[i])) ++i;
    if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
      const char quote = tag[i++];
      const std::size_t end = std::min(tag.find(quote, i), tag.size());
      out->value = tag.substr(i, end - i);
      i = end + 1;
    } else {
      const std::size_t start = i;
      while (i < tag.size() && !IsAsciiSpace(tag[i]) && tag[i] != '>') ++i;
      out->value = tag.substr(start, i - start);
    }
  }
  *pos = i;
  return true;
}

// The label a <meta> tag (its attributes, after "<meta") declares, if any.
std::string_view MetaCharset(std::string_view tag) {
  std::string_view charset;
  std::string_view content;
  bool content_type = false;
  std::size_t pos = 0;
  Attribute attribute;
  while (NextAttribute(tag, &pos, &attribute)) {
    if (attribute.name == "charset") {
      charset = attribute.value;
    } else if (attribute.name == "content") {
      content = attribute.value;
    } else if (attribute.name == "http-equiv") {
      content_type =
          StartsWithAt(TrimSpace(attribute.value), 0, "content-type");
    }
  }
  if (!charset.empty()) return charset;
  if (content_type) return CharsetParameter(content);
  return {};
}

// A <meta charset> or <meta http-equiv=Content-Type> in the first 4 KB
// (comments skipped, as in the WHATWG prescan).
const Charset* PrescanMeta(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kPrescanBytes);
  std::size_t i = 0;
  while ((i = head.find('<', i)) != std::string_view::npos) {
    if (StartsWithAt(head, i, "<!--")) {
      const std::size_t end = head.find("-->", i + 4);
      if (end == std::string_view::npos) return nullptr;
      i = end + 3;
      continue;
    }
    if (StartsWithAt(head, i, "<meta") && i + 5 < head.size() &&
        (IsAsciiSpace(head[i + 5]) || head[i + 5] == '/')) {
      const std::size_t end = head.find('>', i);
      const std::string_view tag =
          head.substr(i + 5, end == std::string_view::npos ? end : end - i - 5);
      if (const Charset* charset = CharsetForLabel(MetaCharset(tag))) {
        // A page whose meta can be read as ASCII is not UTF-16.
        if (charset->unit == 2) return &kUtf8;
        return charset;
      }
      if (end == std::string_view::npos) return nullptr;
      i = end;
      continue;
    }
    ++i;
  }
  return nullptr;
}

// <?xml version="1.0" encoding="..."?> at the very start.
const Charset* XmlDeclaration(std::string_view bytes) {
  if (!StartsWithAt(bytes, 0, "<?xml")) return nullptr;
  const std::string_view head = bytes.substr(0, kPrescanBytes);
  const std::string_view declaration = head.substr(0, head.find("?>"));
  const std::size_t at = declaration.find("encoding");
  if (at == std::string_view::npos) return nullptr;
  std::size_t i = at + 8;
  while (i < declaration.size() && IsAsciiSpace(declaration[i])) ++i;
  if (i >= declaration.size() || declaration[i] != '=') return nullptr;
  ++i;
  while (i < declaration.size() && IsAsciiSpace(declaration[i])) ++i;
  if (i >= declaration.size() ||
      (declaration[i] != '"' && declaration[i] != '\'')) {
    return nullptr;
  }
  const char quote = declaration[i++];
  const std::size_t end = declaration.find(quote, i);
  if (end == std::string_view::npos) return nullptr;
  const Charset* charset = CharsetForLabel(declaration.substr(i, end - i));
  if (charset != nullptr && charset->unit == 2) return &kUtf8;
  return charset;
}

struct IconvCloser {
  iconv_t cd;
  ~IconvCloser() { iconv_close(cd); }
};

// `bytes` from `charset` to UTF-8 with glibc iconv. A sequence iconv cannot
// convert (an unassigned byte, a lone surrogate, a truncated unit at the
// end) becomes U+FFFD, as WHATWG decoders do.
Result<std::string> Convert(std::string_view bytes, const Charset& charset) {
  const iconv_t cd = iconv_open("UTF-8", charset.iconv_name);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Status::Internal("iconv cannot convert from " +
                            std::string(charset.iconv_name));
  }
  const IconvCloser closer{cd};
  std::string out;
  out.resize(bytes.size() * 2 + 16);
  std::size_t used = 0;
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* out_at = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t rc = iconv(cd, &in, &in_left, &out_at, &out_left);
    used = static_cast<std::size_t>(out_at - out.data());
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ or EINVAL: replace one code unit (or the truncated tail).
    const std::size_t skip = std::min(charset.unit, in_left);
    in += skip;
    in_left -= skip;
    out.resize(used);
    text::AppendUtf8(text::kReplacementChar, &out);
    used = out.size();
    out.resize(used + in_left * 2 + 16);
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  out.resize(used);
  return out;
}

// Whether UTF-8 `text` (bytes read as windows-1256) reads as Arabic: among
// the letters outside ASCII (markup and Latin words are ASCII), at least 80%
// are Arabic; tah and zah (0xD8, 0xD9: the lead bytes of UTF-8 Arabic) are
// not half of them; and in a text long enough to tell, alef and lam (the
// commonest Arabic letters, a quarter of any Arabic text) are frequent.
// Another script's mojibake, UTF-8 with a stray byte, or binary junk fails
// one of the three.
bool LooksArabic(std::string_view text) {
  constexpr std::size_t kEnoughLetters = 20;
  std::size_t arabic = 0;
  std::size_t other = 0;
  std::size_t alef_lam = 0;
  std::size_t tah_zah = 0;
  for (std::size_t i = 0; i < text.size();) {
    const text::DecodedChar c = text::DecodeUtf8(text, i);
    i += c.length;
    if (c.code_point < 0x80) continue;
    switch (text::ClassOf(c.code_point)) {
      case text::CharClass::kArabicLetter:
        ++arabic;
        if (c.code_point == text::kAlef || c.code_point == text::kLam ||
            c.code_point == text::kAlefHamzaAbove ||
            c.code_point == text::kAlefHamzaBelow ||
            c.code_point == text::kAlefMadda) {
          ++alef_lam;
        }
        if (c.code_point == text::kTah || c.code_point == text::kZah) {
          ++tah_zah;
        }
        break;
      case text::CharClass::kLatinLetter:
      case text::CharClass::kOtherLetter:
        ++other;
        break;
      default:
        break;
    }
  }
  if (arabic == 0 || arabic < 4 * other || 2 * tah_zah > arabic) return false;
  return arabic < kEnoughLetters || alef_lam * 10 >= arabic;
}

bool HasNonAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

Result<Decoded> DecodeAs(std::string_view bytes, const Charset& charset,
                         bool declared) {
  Decoded decoded;
  if (charset.iconv_name != nullptr) {
    // A legacy declaration on a page that is valid UTF-8 with non-ASCII text
    // is wrong: legacy Arabic or Latin text is practically never valid UTF-8.
    if (charset.unit == 1 && HasNonAscii(bytes) &&
        text::FindInvalidUtf8(bytes) == text::kUtf8Valid) {
      decoded.text = bytes;
      decoded.charset = kUtf8.name;
      decoded.declared_wrong = true;
      return decoded;
    }
    KHABAR_ASSIGN_OR_RETURN(decoded.text, Convert(bytes, charset));
    decoded.charset = charset.name;
    return decoded;
  }
  const std::size_t bad = text::FindInvalidUtf8(bytes);
  if (bad == text::kUtf8Valid) {
    decoded.text = bytes;
    decoded.charset = kUtf8.name;
    return decoded;
  }
  KHABAR_ASSIGN_OR_RETURN(std::string arabic, Convert(bytes, kWindows1256));
  if (!LooksArabic(arabic)) {
    return Status::InvalidArgument("not UTF-8 (bad byte at offset " +
                                   std::to_string(bad) +
                                   ") and not Arabic in windows-1256 either");
  }
  decoded.text = std::move(arabic);
  decoded.charset = kWindows1256.name;
  decoded.declared_wrong = declared;
  return decoded;
}

}  // namespace

Result<Decoded> DecodeToUtf8(std::string_view bytes,
                             std::string_view content_type) {
  // A byte-order mark outranks every declaration.
  if (StartsWithAt(bytes, 0, "\xef\xbb\xbf")) {
    return DecodeAs(bytes.substr(3), kUtf8, true);
  }
  if (StartsWithAt(bytes, 0, "\xff\xfe")) {
    return DecodeAs(bytes.substr(2), kUtf16Le, true);
  }
  if (StartsWithAt(bytes, 0, "\xfe\xff")) {
    return DecodeAs(bytes.substr(2), kUtf16Be, true);
  }
  const Charset* charset = CharsetForLabel(CharsetParameter(content_type));
  if (charset == nullptr) charset = PrescanMeta(bytes);
  if (charset == nullptr) charset = XmlDeclaration(bytes);
  if (charset != nullptr) return DecodeAs(bytes, *charset, true);
  return DecodeAs(bytes, kUtf8, false);
}

}  // namespace khabar::extract
