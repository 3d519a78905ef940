#include "extract/charset.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

#include "text/utf8.h"

namespace khabar::extract {
namespace {

// "أعلنت الحكومة اليوم عن خطة جديدة للتعليم" in three encodings.
constexpr std::string_view kArabic = "أعلنت الحكومة اليوم عن خطة جديدة للتعليم";
constexpr std::string_view kArabic1256 =
    "\xc3\xda\xe1\xe4\xca \xc7\xe1\xcd\xdf\xe6\xe3\xc9 \xc7\xe1\xed\xe6\xe3 "
    "\xda\xe4 \xce\xd8\xc9 \xcc\xcf\xed\xcf\xc9 \xe1\xe1\xca\xda\xe1\xed\xe3";
constexpr std::string_view kArabicIso8859_6 =
    "\xc3\xd9\xe4\xe6\xca \xc7\xe4\xcd\xe3\xe8\xe5\xc9 \xc7\xe4\xea\xe8\xe5 "
    "\xd9\xe6 \xce\xd7\xc9 \xcc\xcf\xea\xcf\xc9 \xe4\xe4\xca\xd9\xe4\xea\xe5";

std::string Page(std::string_view head, std::string_view body) {
  std::string page = "<!DOCTYPE html><html><head>";
  page += head;
  page += "<title>t</title></head><body><p>";
  page += body;
  page += "</p></body></html>";
  return page;
}

std::string Utf16(std::u16string_view text, bool big_endian, bool bom) {
  std::string out;
  if (bom) out = big_endian ? "\xfe\xff" : "\xff\xfe";
  for (char16_t unit : text) {
    const char hi = static_cast<char>(unit >> 8);
    const char lo = static_cast<char>(unit & 0xff);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST(CharsetTest, Utf8PassesThrough) {
  const auto decoded = DecodeToUtf8(Page("", kArabic), "text/html");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page("", kArabic));
  EXPECT_EQ(decoded->charset, "utf-8");
  EXPECT_FALSE(decoded->declared_wrong);
}

TEST(CharsetTest, StripsTheUtf8ByteOrderMark) {
  const auto decoded = DecodeToUtf8("\xef\xbb\xbf" + std::string(kArabic), "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, kArabic);
}

TEST(CharsetTest, Utf16LittleEndianWithByteOrderMark) {
  const std::string bytes = Utf16(u"خبر عاجل <b>", false, true);
  // The BOM outranks the HTTP header.
  const auto decoded = DecodeToUtf8(bytes, "text/html; charset=windows-1256");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, "خبر عاجل <b>");
  EXPECT_EQ(decoded->charset, "utf-16le");
}

TEST(CharsetTest, Utf16BigEndianWithByteOrderMark) {
  const auto decoded = DecodeToUtf8(Utf16(u"خبر 😀", true, true), "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, "خبر 😀");
  EXPECT_EQ(decoded->charset, "utf-16be");
}

TEST(CharsetTest, Utf16FromTheHttpHeader) {
  const auto decoded =
      DecodeToUtf8(Utf16(u"خبر", false, false), "text/plain; charset=UTF-16LE");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, "خبر");
}

TEST(CharsetTest, LoneSurrogateBecomesReplacementCharacter) {
  std::string bytes = Utf16(u"a", false, true);
  bytes += std::string("\x00\xd8", 2);  // a high surrogate with no low one
  bytes += Utf16(u"b", false, false);
  const auto decoded = DecodeToUtf8(bytes, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(text::ValidateUtf8(decoded->text).ok());
  EXPECT_EQ(decoded->text.front(), 'a');
  EXPECT_EQ(decoded->text.back(), 'b');
}

TEST(CharsetTest, Windows1256FromTheHttpHeader) {
  const auto decoded = DecodeToUtf8(Page("", kArabic1256),
                                    "text/html; charset=\"Windows-1256\"");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page("", kArabic));
  EXPECT_EQ(decoded->charset, "windows-1256");
  EXPECT_FALSE(decoded->declared_wrong);
}

TEST(CharsetTest, Windows1256FromMetaCharset) {
  const auto decoded =
      DecodeToUtf8(Page("<meta charset=\"windows-1256\">", kArabic1256), "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page("<meta charset=\"windows-1256\">", kArabic));
  EXPECT_EQ(decoded->charset, "windows-1256");
  EXPECT_FALSE(decoded->declared_wrong);
}

TEST(CharsetTest, Windows1256FromMetaHttpEquiv) {
  const std::string meta =
      "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
      "charset=cp1256\" />";
  const auto decoded = DecodeToUtf8(Page(meta, kArabic1256), "text/html");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page(meta, kArabic));
  EXPECT_EQ(decoded->charset, "windows-1256");
}

TEST(CharsetTest, MetaInACommentIsIgnored) {
  const auto decoded = DecodeToUtf8(
      Page("<!-- <meta charset=\"iso-8859-6\"> -->", kArabic1256), "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->charset, "windows-1256");  // found by the heuristic
}

TEST(CharsetTest, UndeclaredWindows1256IsRecognized) {
  const auto decoded = DecodeToUtf8(Page("", kArabic1256), "text/html");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page("", kArabic));
  EXPECT_EQ(decoded->charset, "windows-1256");
  EXPECT_FALSE(decoded->declared_wrong);  // nothing was declared
}

TEST(CharsetTest, ShortUndeclaredWindows1256IsRecognized) {
  const auto decoded = DecodeToUtf8("\xce\xc8\xd1", "");  // "خبر"
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, "خبر");
}

TEST(CharsetTest, WrongUtf8DeclarationIsCorrected) {
  const std::string meta = "<meta charset=\"utf-8\">";
  const auto decoded = DecodeToUtf8(Page(meta, kArabic1256), "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page(meta, kArabic));
  EXPECT_EQ(decoded->charset, "windows-1256");
  EXPECT_TRUE(decoded->declared_wrong);
}

TEST(CharsetTest, WrongLegacyDeclarationOnAUtf8PageIsCorrected) {
  const auto decoded =
      DecodeToUtf8(Page("", kArabic), "text/html; charset=iso-8859-1");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, Page("", kArabic));
  EXPECT_EQ(decoded->charset, "utf-8");
  EXPECT_TRUE(decoded->declared_wrong);
}

TEST(CharsetTest, HttpHeaderOutranksMeta) {
  const auto decoded =
      DecodeToUtf8(Page("<meta charset=\"iso-8859-6\">", kArabic1256),
                   "text/html;charset=windows-1256");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->charset, "windows-1256");
  EXPECT_TRUE(Contains(decoded->text, kArabic));
}

TEST(CharsetTest, XmlDeclaration) {
  const std::string feed =
      "<?xml version=\"1.0\" encoding='WINDOWS-1256'?>"
      "<rss><channel><title>" +
      std::string(kArabic1256) + "</title></channel></rss>";
  const auto decoded = DecodeToUtf8(feed, "application/rss+xml");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->charset, "windows-1256");
  EXPECT_TRUE(Contains(decoded->text, kArabic));
}

TEST(CharsetTest, ArabicLabelMeansIso8859_6) {
  const auto decoded =
      DecodeToUtf8(kArabicIso8859_6, "text/plain; charset=arabic");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, kArabic);
  EXPECT_EQ(decoded->charset, "iso-8859-6");
}

TEST(CharsetTest, Latin1MeansWindows1252) {
  const auto decoded =
      DecodeToUtf8("caf\xe9 \x80 \x93ok\x94", "text/plain; charset=latin1");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, "café € “ok”");
  EXPECT_EQ(decoded->charset, "windows-1252");
}

TEST(CharsetTest, UnknownLabelIsIgnored) {
  const auto decoded = DecodeToUtf8(kArabic, "text/html; charset=x-klingon");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, kArabic);
  EXPECT_EQ(decoded->charset, "utf-8");
}

TEST(CharsetTest, MetaSayingUtf16MeansUtf8) {
  const std::string page = Page("<meta charset=\"utf-16\">", kArabic);
  const auto decoded = DecodeToUtf8(page, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->text, page);
}

TEST(CharsetTest, InvalidUtf8GarbageIsRefused) {
  // Latin-1 French mislabelled as UTF-8: not Arabic in windows-1256 either.
  const auto decoded = DecodeToUtf8("<p>caf\xe9 na\xefve \xa9 2024</p>",
                                    "text/html; charset=utf-8");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(decoded.status().message(), "offset 6"))
      << decoded.status().ToString();
}

TEST(CharsetTest, Utf8WithAStrayByteIsRefused) {
  // Read as windows-1256, UTF-8 Arabic is mostly tah and zah (its lead
  // bytes): not Arabic.
  const std::string bytes = std::string("خبر عاجل") + "\xff";
  const auto decoded = DecodeToUtf8(bytes, "");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(decoded.status().message(),
                       "offset " + std::to_string(bytes.size() - 1)))
      << decoded.status().ToString();
}

TEST(CharsetTest, RandomBytesGiveValidUtf8OrAnError) {
  constexpr std::string_view kContentTypes[] = {
      "",
      "text/html; charset=utf-8",
      "text/html; charset=windows-1256",
      "text/html; charset=iso-8859-6",
      "text/html; charset=utf-16le",
      "text/html; charset=utf-16be",
      "text/html; charset=latin1",
  };
  std::mt19937 random(1256);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 300);
  for (int round = 0; round < 300; ++round) {
    std::string bytes(static_cast<std::size_t>(length(random)), '\0');
    for (char& c : bytes) c = static_cast<char>(byte(random));
    if (round % 3 == 0) bytes.insert(0, "\xff\xfe");
    if (round % 5 == 0) bytes.insert(0, "<meta charset=\"windows-1256\">");
    for (std::string_view content_type : kContentTypes) {
      const auto decoded = DecodeToUtf8(bytes, content_type);
      if (!decoded.ok()) {
        EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument);
        continue;
      }
      EXPECT_TRUE(text::ValidateUtf8(decoded->text).ok())
          << "round " << round << ", " << content_type;
    }
  }
}

}  // namespace
}  // namespace khabar::extract
