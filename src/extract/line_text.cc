#include "extract/line_text.h"

#include "text/arabic_letters.h"
#include "text/utf8.h"

namespace khabar::extract::internal {
namespace {

using text::kAlef;
using text::kAlefHamzaAbove;
using text::kAlefHamzaBelow;
using text::kAlefMadda;
using text::kAlefMaqsura;
using text::kAlefWasla;
using text::kArabicComma;
using text::kArabicFullStop;
using text::kArabicIndicNine;
using text::kArabicIndicZero;
using text::kArabicQuestionMark;
using text::kArabicSemicolon;
using text::kFathatan;
using text::kHamzaBelow;
using text::kHeh;
using text::kHorizontalEllipsis;
using text::kPersianNine;
using text::kPersianZero;
using text::kRightDoubleQuote;
using text::kRightGuillemet;
using text::kRightSingleQuote;
using text::kSuperscriptAlef;
using text::kTatweel;
using text::kTehMarbuta;
using text::kYeh;

// Not among text/'s named code points.
constexpr char32_t kRightSingleGuillemet = 0x203A;  // ›

// Unicode White_Space, NBSP and the other no-break spaces included.
bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 ||
         c == text::kNoBreakSpace || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == text::kLineSeparator ||
         c == text::kParagraphSeparator || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Invisible characters with no spacing of their own.
bool IsFormatMark(char32_t c) {
  return (c >= text::kZeroWidthSpace && c <= text::kRightToLeftMark) ||
         c == text::kArabicLetterMark ||
         (c >= text::kFirstBidiEmbedding && c <= text::kLastBidiEmbedding) ||
         (c >= text::kFirstBidiIsolate && c <= text::kLastBidiIsolate) ||
         c == text::kByteOrderMark;
}

bool IsClosingQuote(char32_t c) {
  return c == kRightGuillemet || c == kRightSingleGuillemet ||
         c == kRightDoubleQuote || c == kRightSingleQuote || c == '"' ||
         c == '\'' || c == ')' || c == ']' || c == '}';
}

// Start of the code point that ends just before `end`.
std::size_t PreviousCodePointStart(std::string_view s, std::size_t end) {
  std::size_t i = end - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// The last code point of `s` that is not white space, a format mark or a
// closing quote/bracket; 0 when there is none.
char32_t LastSignificantCodePoint(std::string_view s) {
  std::size_t end = s.size();
  while (end > 0) {
    std::size_t start = PreviousCodePointStart(s, end);
    std::size_t pos = start;
    char32_t c = NextCodePoint(s, &pos);
    if (!IsSpaceOrMark(c) && !IsClosingQuote(c)) return c;
    end = start;
  }
  return 0;
}

}  // namespace

char32_t NextCodePoint(std::string_view s, std::size_t* pos) {
  const text::DecodedChar d = text::DecodeUtf8(s, *pos);
  *pos += d.length;
  return d.code_point;
}

bool IsSpaceOrMark(char32_t c) { return IsUnicodeSpace(c) || IsFormatMark(c); }

std::string_view TrimSpace(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t next = begin;
    if (!IsSpaceOrMark(NextCodePoint(s, &next))) break;
    begin = next;
  }
  std::size_t end = s.size();
  while (end > begin) {
    std::size_t start = PreviousCodePointStart(s, end);
    std::size_t pos = start;
    if (!IsSpaceOrMark(NextCodePoint(s, &pos))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::vector<LineRef> SplitLines(std::string_view s) {
  std::vector<LineRef> lines;
  std::size_t start = 0;
  int number = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\r') continue;
    lines.push_back({number++, s.substr(start, i - start)});
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < s.size()) lines.push_back({number, s.substr(start)});
  return lines;
}

std::string MatchKey(std::string_view s) {
  std::string key;
  key.reserve(s.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < s.size()) {
    char32_t c = NextCodePoint(s, &pos);
    if (IsUnicodeSpace(c)) {
      pending_space = true;
      continue;
    }
    if (IsFormatMark(c) || c == kTatweel ||
        (c >= kFathatan && c <= kHamzaBelow) || c == kSuperscriptAlef) {
      continue;
    }
    if (c == kAlefMadda || c == kAlefHamzaAbove || c == kAlefHamzaBelow ||
        c == kAlefWasla) {
      c = kAlef;
    } else if (c == kAlefMaqsura) {
      c = kYeh;
    } else if (c == kTehMarbuta) {
      c = kHeh;
    } else if (c >= kArabicIndicZero && c <= kArabicIndicNine) {
      c = U'0' + (c - kArabicIndicZero);
    } else if (c >= kPersianZero && c <= kPersianNine) {
      c = U'0' + (c - kPersianZero);
    } else if (c >= U'A' && c <= U'Z') {
      c = c - U'A' + U'a';
    }
    // "الصورة :" and "الصورة:" are the same caption label.
    if (pending_space && !key.empty() && c != U':') key.push_back(' ');
    pending_space = false;
    text::AppendUtf8(c, &key);
  }
  return key;
}

int CountWords(std::string_view key) {
  if (key.empty()) return 0;
  int words = 1;
  for (char ch : key) words += ch == ' ' ? 1 : 0;
  return words;
}

bool EndsWithSentencePunctuation(std::string_view s) {
  const char32_t c = LastSignificantCodePoint(s);
  return c == U'.' || c == U'!' || c == U'?' || c == U':' || c == U';' ||
         c == U',' || c == kArabicComma || c == kArabicSemicolon ||
         c == kArabicQuestionMark || c == kArabicFullStop ||
         c == kHorizontalEllipsis;
}

bool EndsWithQuestionOrExclamation(std::string_view s) {
  const char32_t c = LastSignificantCodePoint(s);
  return c == U'!' || c == U'?' || c == kArabicQuestionMark;
}

}  // namespace khabar::extract::internal
