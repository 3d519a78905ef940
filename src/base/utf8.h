// UTF-8 well-formedness, for every layer's boundary checks (the stores,
// web forms, mail) and the text engine (text/utf8.h builds decoding on it).
#ifndef KHABAR_BASE_UTF8_H_
#define KHABAR_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace khabar {

inline constexpr std::size_t kUtf8Valid = static_cast<std::size_t>(-1);

// Byte offset of the first byte that does not start or continue a well-formed
// sequence (overlongs, surrogates, > U+10FFFF and truncated sequences are
// ill-formed), or kUtf8Valid when the whole input is valid.
std::size_t FindInvalidUtf8(std::string_view text);

inline bool IsValidUtf8(std::string_view text) {
  return FindInvalidUtf8(text) == kUtf8Valid;
}

}  // namespace khabar

#endif  // KHABAR_BASE_UTF8_H_
