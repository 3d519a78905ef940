// Tokenizer: splits UTF-8 text into word, number, Latin-word and punctuation
// tokens with byte offsets into the input.
//
// Rules (one test each in tokenizer_test.cc):
//  - Whitespace separates tokens: ASCII space and controls, NBSP, U+2000..
//    U+200A, U+2028/9, U+202F, U+205F, U+3000. So do zero-width and bidi
//    controls that are not inside a word.
//  - kWord: Arabic-script or other-script letters (Hebrew, Cyrillic, CJK ...).
//    A harakah, tatweel, ZWJ/ZWNJ or other invisible control inside a word
//    never splits it; trailing invisible controls are left out of the token.
//    A word never starts with a mark or tatweel (those are kPunct alone).
//  - kLatin: Latin-script letters, with combining accents, ASCII digits after
//    the first letter (G7, mp3) and an apostrophe between letters (don't).
//    A change between Latin and Arabic script ends a token.
//  - kNumber: ASCII, Arabic-Indic and Persian digits, with , . ٫ ٬ kept when
//    they sit between two digits (1,000.5, ٣٫٥). Letters after digits start a
//    new token (2016م -> 2016 + م).
//  - kPunct: every other code point is a token of its own: . , ، ؛ ؟ « » ٪ ۔
//    and the hyphen. Hyphenated names (جان-ايف) are therefore two words and a
//    hyphen: both parts are indexed and a phrase query still matches them.
// Invariant: the bytes between consecutive tokens are all separators, so the
// tokens and the separators concatenate back to the input.
//
// Input is assumed to be valid UTF-8 (invalid bytes become kPunct tokens of
// one byte); offsets are uint32_t, so inputs are limited to 4 GiB. All
// functions are thread-safe; a TokenStream is a cheap cursor over borrowed
// text and must not outlive it.
#ifndef KHABAR_TEXT_TOKENIZER_H_
#define KHABAR_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace khabar::text {

enum class TokenKind : uint8_t {
  kWord,    // Arabic (or other non-Latin) letters
  kNumber,  // digits with internal separators
  kLatin,   // Latin-script word
  kPunct,   // any other single code point
};

// "word", "number", "latin", "punct".
std::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kPunct;
  uint32_t begin = 0;  // byte offsets into the tokenized text
  uint32_t end = 0;

  std::string_view Text(std::string_view text) const {
    return text.substr(begin, end - begin);
  }
  friend bool operator==(const Token&, const Token&) = default;
};

// Allocation-free cursor: `while (stream.Next(&token)) ...`.
class TokenStream {
 public:
  explicit TokenStream(std::string_view text) : text_(text) {}
  bool Next(Token* token);

 private:
  std::size_t ScanBody(std::size_t end, uint32_t body) const;

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::vector<Token> Tokenize(std::string_view text);
// Replaces *tokens with the tokens of `text`, keeping its capacity.
void Tokenize(std::string_view text, std::vector<Token>* tokens);

}  // namespace khabar::text

#endif  // KHABAR_TEXT_TOKENIZER_H_
