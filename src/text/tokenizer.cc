#include "text/tokenizer.h"

#include "text/arabic_letters.h"
#include "text/utf8.h"

namespace khabar::text {
namespace {

struct CharAt {
  char32_t code_point;
  uint32_t length;
  CharClass cls;
};

// Decodes and classifies the code point at `pos`; one table load for
// ASCII and for the two-byte range that holds Arabic.
inline CharAt Peek(std::string_view text, std::size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char b = s[pos];
  if (b < 0x80) return {b, 1, internal::kCharClassTable[b]};
  if (b >= 0xC2 && b <= 0xDF && pos + 1 < text.size() &&
      (s[pos + 1] & 0xC0) == 0x80) {
    const char32_t c = ((b & 0x1F) << 6) | (s[pos + 1] & 0x3F);
    return {c, 2, internal::kCharClassTable[c]};
  }
  const DecodedChar d = DecodeUtf8(text, pos);
  return {d.code_point, d.length, ClassOf(d.code_point)};
}

constexpr uint32_t Bit(CharClass k) { return 1u << static_cast<uint32_t>(k); }
constexpr uint32_t kSeparators =
    Bit(CharClass::kSpace) | Bit(CharClass::kIgnorable);
constexpr uint32_t kWordBody = Bit(CharClass::kArabicLetter) |
                               Bit(CharClass::kOtherLetter) |
                               Bit(CharClass::kMark) | Bit(CharClass::kTatweel);
constexpr uint32_t kLatinBody = Bit(CharClass::kLatinLetter) |
                                Bit(CharClass::kMark) | Bit(CharClass::kDigit);
inline bool In(uint32_t set, CharClass k) { return (set & Bit(k)) != 0; }

inline bool IsNumberSeparator(char32_t c) {
  return c == U',' || c == U'.' || c == kArabicDecimalSeparator ||
         c == kArabicThousandsSeparator;
}

inline bool IsDigitClass(CharClass k) {
  return k == CharClass::kDigit || k == CharClass::kArabicDigit;
}

inline bool IsApostrophe(char32_t c) {
  return c == U'\'' || c == kRightSingleQuote;
}

}  // namespace

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kLatin:
      return "latin";
    case TokenKind::kPunct:
      return "punct";
  }
  return "punct";
}

// Extends a word from `end` over characters of `body`, through invisible
// controls (and, in Latin words, an apostrophe between letters). Returns the
// new end, which never includes trailing invisible controls.
// Inlined into Next(), once per token kind: `body` becomes a constant there,
// so the word loop loses the Latin apostrophe test, and a word costs no
// call.
[[gnu::always_inline]] inline std::size_t TokenStream::ScanBody(
    std::size_t end, uint32_t body) const {
  const std::size_t n = text_.size();
  const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
  std::size_t p = end;
  while (p < n) {
    // Arabic letters are the common case: lead byte D8..DB.
    const unsigned char b = s[p];
    CharAt d;
    if (b >= 0xD8 && b <= 0xDB && p + 1 < n && (s[p + 1] & 0xC0) == 0x80) {
      const char32_t cp = ((b & 0x1F) << 6) | (s[p + 1] & 0x3F);
      d = {cp, 2, internal::kCharClassTable[cp]};
    } else {
      d = Peek(text_, p);
    }
    if (In(body, d.cls)) {
      p += d.length;
      end = p;
    } else if (d.cls == CharClass::kIgnorable) {
      p += d.length;
    } else if (body == kLatinBody && IsApostrophe(d.code_point) &&
               p + d.length < n &&
               Peek(text_, p + d.length).cls == CharClass::kLatinLetter) {
      p += d.length;
    } else {
      break;
    }
  }
  return end;
}

bool TokenStream::Next(Token* token) {
  const std::size_t n = text_.size();
  CharAt c{};
  while (pos_ < n) {
    c = Peek(text_, pos_);
    if (!In(kSeparators, c.cls)) break;
    pos_ += c.length;
  }
  if (pos_ >= n) return false;

  const std::size_t begin = pos_;
  std::size_t end = pos_ + c.length;
  TokenKind kind = TokenKind::kPunct;
  switch (c.cls) {
    case CharClass::kArabicLetter:
    case CharClass::kOtherLetter:
      kind = TokenKind::kWord;
      end = ScanBody(end, kWordBody);
      break;
    case CharClass::kLatinLetter:
      kind = TokenKind::kLatin;
      end = ScanBody(end, kLatinBody);
      break;
    case CharClass::kDigit:
    case CharClass::kArabicDigit: {
      kind = TokenKind::kNumber;
      std::size_t p = end;
      while (p < n) {
        const CharAt d = Peek(text_, p);
        if (IsDigitClass(d.cls)) {
          p += d.length;
          end = p;
        } else if (IsNumberSeparator(d.code_point) && p + d.length < n &&
                   IsDigitClass(Peek(text_, p + d.length).cls)) {
          p += d.length;
        } else {
          break;
        }
      }
      break;
    }
    default:
      break;  // one code point of punctuation, symbol or stray mark
  }
  pos_ = end;
  token->kind = kind;
  token->begin = static_cast<uint32_t>(begin);
  token->end = static_cast<uint32_t>(end);
  return true;
}

void Tokenize(std::string_view text, std::vector<Token>* tokens) {
  tokens->clear();
  TokenStream stream(text);
  Token token;
  while (stream.Next(&token)) tokens->push_back(token);
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  return tokens;
}

}  // namespace khabar::text
