// UTF-8 validation and the small decode/encode helpers the text engine uses.
//
// Text enters Khabar as bytes; ValidateUtf8() is run once at the boundary
// (extract/, web/, cli/) and everything in text/ assumes valid UTF-8 after
// that. The decoders below are still memory-safe on invalid input: a bad
// byte decodes as U+FFFD of length 1, so a missed validation yields odd terms,
// never a crash. All functions are pure and thread-safe.
#ifndef KHABAR_TEXT_UTF8_H_
#define KHABAR_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/utf8.h"

namespace khabar::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

// FindInvalidUtf8() and kUtf8Valid live in base/utf8.h (the stores and web
// check UTF-8 too, below this layer).
using khabar::FindInvalidUtf8;
using khabar::kUtf8Valid;

// OK, or InvalidArgument("invalid UTF-8 at byte N") naming the first bad byte.
[[nodiscard]] Status ValidateUtf8(std::string_view text);

struct DecodedChar {
  char32_t code_point;
  uint32_t length;  // bytes consumed, 1..4
};

// Decodes the code point starting at `pos` (< text.size()). Ill-formed input
// gives {U+FFFD, 1}.
inline DecodedChar DecodeUtf8(std::string_view text, std::size_t pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const std::size_t left = text.size() - pos;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return {b0, 1};
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (left >= 2 && (p[1] & 0xC0) == 0x80) {
      return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2};
    }
    return {kReplacementChar, 1};
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      const char32_t c =
          ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) return {c, 3};
    }
    return {kReplacementChar, 1};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
      const char32_t c = ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                         ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
      if (c >= 0x10000 && c <= kMaxCodePoint) return {c, 4};
    }
  }
  return {kReplacementChar, 1};
}

// Number of bytes EncodeUtf8 writes for `c` (c must be a scalar value).
inline constexpr uint32_t Utf8Length(char32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// Writes `c` to `out` (room for 4 bytes) and returns the byte count.
inline uint32_t EncodeUtf8(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

inline void AppendUtf8(char32_t c, std::string* out) {
  char buf[4];
  out->append(buf, EncodeUtf8(c, buf));
}

// True when `pos` is at the start of a code point (or at the end).
inline bool IsUtf8Boundary(std::string_view text, std::size_t pos) {
  return pos >= text.size() ||
         (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

}  // namespace khabar::text

#endif  // KHABAR_TEXT_UTF8_H_
