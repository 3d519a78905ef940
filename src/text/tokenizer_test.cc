#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::text {
namespace {

// "kind:text" per token, for compact expectations.
std::vector<std::string> Toks(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text)) {
    out.push_back(std::string(TokenKindName(t.kind)) + ":" +
                  std::string(t.Text(text)));
  }
  return out;
}
using V = std::vector<std::string>;

TEST(TokenizerTest, EmptyInputHasNoTokens) {
  EXPECT_TRUE(Tokenize("").empty());
}

TEST(TokenizerTest, SplitsArabicWordsOnSpaces) {
  EXPECT_EQ(Toks("وقال كارتر"), (V{"word:وقال", "word:كارتر"}));
}

TEST(TokenizerTest, NoBreakAndUnicodeSpacesSeparate) {
  EXPECT_EQ(Toks("خبر\u00A0عاجل\u2003اليوم\u202Fهنا"),
            (V{"word:خبر", "word:عاجل", "word:اليوم", "word:هنا"}));
}

TEST(TokenizerTest, HarakahDoesNotSplitWord) {
  EXPECT_EQ(Toks("يُحَدِّدُ"), (V{"word:يُحَدِّدُ"}));
}

TEST(TokenizerTest, TatweelDoesNotSplitWord) {
  EXPECT_EQ(Toks("خـــبر"), (V{"word:خـــبر"}));
}

TEST(TokenizerTest, ZeroWidthNonJoinerDoesNotSplitWord) {
  EXPECT_EQ(Toks("می\u200Cخواهم"), (V{"word:می\u200Cخواهم"}));
}

TEST(TokenizerTest, ZeroWidthJoinerDoesNotSplitWord) {
  EXPECT_EQ(Toks("خ\u200Dبر"), (V{"word:خ\u200Dبر"}));
}

TEST(TokenizerTest, TrailingBidiMarkStaysOutsideWord) {
  EXPECT_EQ(Toks("خبر\u200F "), (V{"word:خبر"}));
}

TEST(TokenizerTest, LeadingBidiMarkSeparates) {
  EXPECT_EQ(Toks("\u200Fخبر"), (V{"word:خبر"}));
}

TEST(TokenizerTest, PresentationFormsAreWordLetters) {
  EXPECT_EQ(Toks("\uFEFB\uFEA7"), (V{"word:\uFEFB\uFEA7"}));
}

TEST(TokenizerTest, ArabicPunctuationIsPunctTokens) {
  EXPECT_EQ(
      Toks("«نعم»، لا؛ لماذا؟ ٥٪ ۔"),
      (V{"punct:«", "word:نعم", "punct:»", "punct:،", "word:لا", "punct:؛",
         "word:لماذا", "punct:؟", "number:٥", "punct:٪", "punct:۔"}));
}

TEST(TokenizerTest, HyphenSplitsHyphenatedName) {
  EXPECT_EQ(Toks("جان-ايف"), (V{"word:جان", "punct:-", "word:ايف"}));
}

TEST(TokenizerTest, LatinWordIsLatinToken) {
  EXPECT_EQ(Toks("NBC news"), (V{"latin:NBC", "latin:news"}));
}

TEST(TokenizerTest, LatinWordKeepsAccents) {
  EXPECT_EQ(Toks("Élysée"), (V{"latin:Élysée"}));
  EXPECT_EQ(Toks("Ele\u0301"), (V{"latin:Ele\u0301"}));
}

TEST(TokenizerTest, LatinWordKeepsInnerApostrophe) {
  EXPECT_EQ(Toks("don't 'x"), (V{"latin:don't", "punct:'", "latin:x"}));
}

TEST(TokenizerTest, LatinWordKeepsDigitsAfterFirstLetter) {
  EXPECT_EQ(Toks("G7 mp3"), (V{"latin:G7", "latin:mp3"}));
}

TEST(TokenizerTest, ScriptChangeSplitsToken) {
  EXPECT_EQ(Toks("iPhoneات"), (V{"latin:iPhone", "word:ات"}));
}

TEST(TokenizerTest, AsciiNumberIsNumberToken) {
  EXPECT_EQ(Toks("2016"), (V{"number:2016"}));
}

TEST(TokenizerTest, ArabicIndicNumberIsNumberToken) {
  EXPECT_EQ(Toks("١٧ ۱۹"), (V{"number:١٧", "number:۱۹"}));
}

TEST(TokenizerTest, NumberKeepsInnerSeparators) {
  EXPECT_EQ(Toks("1,000.5 ٣٫٥ ١٬٠٠٠"),
            (V{"number:1,000.5", "number:٣٫٥", "number:١٬٠٠٠"}));
}

TEST(TokenizerTest, NumberDropsTrailingSeparator) {
  EXPECT_EQ(Toks("17."), (V{"number:17", "punct:."}));
}

TEST(TokenizerTest, LettersAfterDigitsStartNewToken) {
  EXPECT_EQ(Toks("2016م"), (V{"number:2016", "word:م"}));
}

TEST(TokenizerTest, OrphanHarakahIsPunct) {
  EXPECT_EQ(Toks(" \u064E"), (V{"punct:\u064E"}));
}

TEST(TokenizerTest, OtherScriptsAreWords) {
  EXPECT_EQ(Toks("Москва 中国"), (V{"word:Москва", "word:中国"}));
}

TEST(TokenizerTest, OffsetsAreBytesIntoInput) {
  const std::vector<Token> t = Tokenize("في 17 اكتوبر");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], (Token{TokenKind::kWord, 0, 4}));
  EXPECT_EQ(t[1], (Token{TokenKind::kNumber, 5, 7}));
  EXPECT_EQ(t[2], (Token{TokenKind::kWord, 8, 20}));
}

TEST(TokenizerTest, TokensAndSeparatorsConcatenateToInput) {
  const std::string text =
      "وقال كارتر (الاربعاء)، إنّ الهجوم \"سيبدأ\" في 17 اكتوبر — NBC.";
  std::string rebuilt;
  std::size_t pos = 0;
  for (const Token& t : Tokenize(text)) {
    rebuilt += text.substr(pos, t.begin - pos);
    rebuilt += t.Text(text);
    pos = t.end;
  }
  rebuilt += text.substr(pos);
  EXPECT_EQ(rebuilt, text);
}

TEST(TokenizerTest, StreamAndVectorAgree) {
  const std::string text = "خبر، عاجل 12";
  TokenStream stream(text);
  std::vector<Token> streamed;
  Token t;
  while (stream.Next(&t)) streamed.push_back(t);
  EXPECT_EQ(streamed, Tokenize(text));
}

TEST(TokenizerTest, InvalidByteIsOnePunctToken) {
  EXPECT_EQ(Toks(std::string("a\xFF")), (V{"latin:a", "punct:\xFF"}));
}

}  // namespace
}  // namespace khabar::text
