#include "text/arabic_letters.h"

#include <gtest/gtest.h>

namespace khabar::text {
namespace {

TEST(ArabicLettersTest, ClassifiesArabicLetters) {
  EXPECT_EQ(ClassOf(kAlef), CharClass::kArabicLetter);
  EXPECT_EQ(ClassOf(kYeh), CharClass::kArabicLetter);
  EXPECT_EQ(ClassOf(kFarsiYeh), CharClass::kArabicLetter);
  EXPECT_TRUE(IsArabicLetter(kTehMarbuta));
}

TEST(ArabicLettersTest, ClassifiesPresentationFormsAsLetters) {
  EXPECT_EQ(ClassOf(0xFEFB), CharClass::kArabicLetter);  // lam-alef
  EXPECT_EQ(ClassOf(0xFB8E), CharClass::kArabicLetter);
}

TEST(ArabicLettersTest, ClassifiesHarakatAsMarks) {
  EXPECT_EQ(ClassOf(kFatha), CharClass::kMark);
  EXPECT_EQ(ClassOf(kShadda), CharClass::kMark);
  EXPECT_EQ(ClassOf(kSuperscriptAlef), CharClass::kMark);
  EXPECT_TRUE(IsHarakah(kSukun));
  EXPECT_FALSE(IsHarakah(kAlef));
}

TEST(ArabicLettersTest, ClassifiesTatweel) {
  EXPECT_EQ(ClassOf(kTatweel), CharClass::kTatweel);
}

TEST(ArabicLettersTest, ClassifiesDigits) {
  EXPECT_EQ(ClassOf(U'7'), CharClass::kDigit);
  EXPECT_EQ(ClassOf(0x0663), CharClass::kArabicDigit);
  EXPECT_EQ(ClassOf(0x06F5), CharClass::kArabicDigit);
  EXPECT_TRUE(IsArabicIndicDigit(0x0660));
  EXPECT_FALSE(IsArabicIndicDigit(0x06F0));
  EXPECT_TRUE(IsPersianDigit(0x06F9));
}

TEST(ArabicLettersTest, ClassifiesArabicPunctuation) {
  for (const char32_t c :
       {kArabicComma, kArabicSemicolon, kArabicQuestionMark, kArabicPercent,
        kArabicFullStop, kLeftGuillemet, kRightGuillemet}) {
    EXPECT_EQ(ClassOf(c), CharClass::kPunct)
        << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(ArabicLettersTest, ClassifiesSpaces) {
  for (const char32_t c : {U' ', U'\t', U'\n', kNoBreakSpace, char32_t{0x2003},
                           char32_t{0x202F}, char32_t{0x3000}}) {
    EXPECT_TRUE(IsSpace(c)) << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(ArabicLettersTest, ClassifiesInvisibleControlsAsIgnorable) {
  for (const char32_t c :
       {kZeroWidthSpace, kZeroWidthNonJoiner, kZeroWidthJoiner,
        kLeftToRightMark, kRightToLeftMark, kArabicLetterMark,
        kFirstBidiEmbedding, kLastBidiIsolate, kWordJoiner, kByteOrderMark}) {
    EXPECT_EQ(ClassOf(c), CharClass::kIgnorable)
        << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(ArabicLettersTest, ClassifiesLatinAndOtherScripts) {
  EXPECT_EQ(ClassOf(U'a'), CharClass::kLatinLetter);
  EXPECT_EQ(ClassOf(0x00E9), CharClass::kLatinLetter);  // é
  EXPECT_EQ(ClassOf(0x0416), CharClass::kOtherLetter);  // Cyrillic
  EXPECT_EQ(ClassOf(0x05D0), CharClass::kOtherLetter);  // Hebrew
  EXPECT_EQ(ClassOf(0x4E2D), CharClass::kOtherLetter);  // CJK
}

TEST(ArabicLettersTest, ClassifiesEmojiAsPunct) {
  EXPECT_EQ(ClassOf(0x1F600), CharClass::kPunct);
}

}  // namespace
}  // namespace khabar::text
