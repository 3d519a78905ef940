#include "text/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::text {
namespace {

TEST(Utf8Test, AcceptsEmpty) { EXPECT_TRUE(ValidateUtf8("").ok()); }

TEST(Utf8Test, AcceptsAsciiArabicAndAstral) {
  EXPECT_TRUE(ValidateUtf8("abc خبر \u20AC \U0001F600").ok());
}

TEST(Utf8Test, ReportsOffsetOfFirstInvalidByte) {
  const Status st = ValidateUtf8(std::string("abcdef\xFFgh"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "invalid UTF-8 at byte 6");
}

TEST(Utf8Test, FindsInvalidByteAfterLongAsciiRun) {
  std::string s(1234, 'a');
  s += "\xC0\x80";
  EXPECT_EQ(FindInvalidUtf8(s), 1234u);
}

TEST(Utf8Test, RejectsOverlongTwoByte) {
  EXPECT_EQ(FindInvalidUtf8("\xC1\xBF"), 0u);
}

TEST(Utf8Test, RejectsOverlongThreeByte) {
  EXPECT_EQ(FindInvalidUtf8("x\xE0\x9F\xBF"), 1u);
}

TEST(Utf8Test, RejectsOverlongFourByte) {
  EXPECT_EQ(FindInvalidUtf8("\xF0\x8F\xBF\xBF"), 0u);
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_EQ(FindInvalidUtf8("ok\xED\xA0\x80"), 2u);
}

TEST(Utf8Test, RejectsAboveMaxCodePoint) {
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xF5\x80\x80\x80"), 0u);
}

TEST(Utf8Test, RejectsTruncatedSequenceAtEnd) {
  EXPECT_EQ(FindInvalidUtf8("خبر\xD8"), 6u);
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);
}

TEST(Utf8Test, RejectsLoneContinuationByte) {
  EXPECT_EQ(FindInvalidUtf8("a\x80"), 1u);
}

TEST(Utf8Test, RejectsTruncatedSequenceBeforeAscii) {
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"
                            "a"),
            0u);
}

TEST(Utf8Test, DecodesEachLength) {
  const std::string s = "a\u0628\u20AC\U0001F600";
  EXPECT_EQ(DecodeUtf8(s, 0).code_point, U'a');
  EXPECT_EQ(DecodeUtf8(s, 1).code_point, U'\u0628');
  EXPECT_EQ(DecodeUtf8(s, 1).length, 2u);
  EXPECT_EQ(DecodeUtf8(s, 3).code_point, U'\u20AC');
  EXPECT_EQ(DecodeUtf8(s, 3).length, 3u);
  EXPECT_EQ(DecodeUtf8(s, 6).code_point, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8(s, 6).length, 4u);
}

TEST(Utf8Test, DecodeOfInvalidByteIsReplacementOfLengthOne) {
  const std::string s = "\xD8";
  EXPECT_EQ(DecodeUtf8(s, 0).code_point, kReplacementChar);
  EXPECT_EQ(DecodeUtf8(s, 0).length, 1u);
}

TEST(Utf8Test, EncodeRoundTrips) {
  for (const char32_t c : {U'a', U'\u0627', U'\uFEFB', U'\U0010FFFF'}) {
    std::string s;
    AppendUtf8(c, &s);
    EXPECT_EQ(s.size(), Utf8Length(c));
    EXPECT_EQ(DecodeUtf8(s, 0).code_point, c);
  }
}

TEST(Utf8Test, BoundaryDetection) {
  const std::string s = "\u0628a";
  EXPECT_TRUE(IsUtf8Boundary(s, 0));
  EXPECT_FALSE(IsUtf8Boundary(s, 1));
  EXPECT_TRUE(IsUtf8Boundary(s, 2));
  EXPECT_TRUE(IsUtf8Boundary(s, 3));
}

}  // namespace
}  // namespace khabar::text
