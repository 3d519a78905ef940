#include "extract/jsonl.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "base/time.h"

namespace khabar::extract {
namespace {

// A record shaped like the ANT v2.1 files, with original text.
constexpr std::string_view kRecord =
    R"({"id": "BB-culture-1-20180407", "label": "culture", )"
    R"("docno": "BB-culture-1-20180407", "cat_tag": "culture", )"
    R"("source": "BBC", "url": "http://example.com/a", )"
    R"("title": " مهرجان للكتاب في المدينة القديمة ", )"
    R"("time": "Sat, 07 Apr 2018 13:39:43 GMT", "author": "هدى سالم", )"
    R"("abstract": "افتتاح معرض الكتاب.", )"
    R"("text": "افتتح المعرض أبوابه صباح اليوم.\nوشارك فيه مئة ناشر.   \n\n)"
    R"(افتتح المعرض أبوابه صباح اليوم.\nويستمر أسبوعا.", )"
    R"("path": "BBC/culture/BB-culture-1-20180407.txt"})";

RawArticle MustParse(std::string_view line) {
  Result<RawArticle> r = ParseJsonlRecord(line);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : RawArticle{};
}

void ExpectInvalid(std::string_view line, std::string_view message_part) {
  Result<RawArticle> r = ParseJsonlRecord(line);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find(message_part), std::string::npos)
      << "message was: " << r.status().message();
}

TEST(JsonlRecordTest, ReadsMetadataFields) {
  RawArticle a = MustParse(kRecord);
  EXPECT_EQ(a.title, "مهرجان للكتاب في المدينة القديمة");
  EXPECT_EQ(a.url, "http://example.com/a");
  EXPECT_EQ(a.source, "BBC");
  EXPECT_EQ(a.author, "هدى سالم");
  EXPECT_EQ(a.abstract, "افتتاح معرض الكتاب.");
  EXPECT_EQ(a.label, "culture");
}

TEST(JsonlRecordTest, ParsesRfc822Time) {
  RawArticle a = MustParse(kRecord);
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2018-04-07T13:39:43Z");
}

TEST(JsonlRecordTest, SplitsTextIntoTrimmedParagraphs) {
  RawArticle a = MustParse(kRecord);
  EXPECT_EQ(a.paragraphs, (std::vector<std::string>{
                              "افتتح المعرض أبوابه صباح اليوم.",
                              "وشارك فيه مئة ناشر.", "ويستمر أسبوعا."}));
}

TEST(JsonlRecordTest, DropsEmptyAndRepeatedLinesWithLineNumbers) {
  RawArticle a = MustParse(kRecord);
  ASSERT_EQ(a.dropped.size(), 2u);
  EXPECT_EQ(a.dropped[0].line, 3);
  EXPECT_EQ(a.dropped[0].reason, "empty");
  EXPECT_EQ(a.dropped[1].line, 4);
  EXPECT_EQ(a.dropped[1].reason, "duplicate line");
}

TEST(JsonlRecordTest, ReadsIsoAndDayFirstTimes) {
  RawArticle a =
      MustParse(R"({"text": "نص.", "time": "2017-01-20T21:43:00+01:00"})");
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2017-01-20T20:43:00Z");
  RawArticle b = MustParse(R"({"text": "نص.", "time": "17/05/2015"})");
  ASSERT_TRUE(b.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*b.published_at), "2015-05-17T00:00:00Z");
}

TEST(JsonlRecordTest, LeavesUnreadableTimeUnset) {
  RawArticle a = MustParse(R"({"text": "نص.", "time": "قريبا"})");
  EXPECT_FALSE(a.published_at.has_value());
}

TEST(JsonlRecordTest, AcceptsTrailingLineBreak) {
  RawArticle a = MustParse(std::string(R"({"text": "نص."})") + "\r\n");
  EXPECT_EQ(a.paragraphs.size(), 1u);
}

TEST(JsonlRecordTest, ToleratesMissingAndNullOptionalFields) {
  RawArticle a = MustParse(R"({"text": "نص.", "title": null})");
  EXPECT_EQ(a.title, "");
  EXPECT_EQ(a.source, "");
}

TEST(JsonlRecordTest, RejectsLineThatIsNotJson) {
  ExpectInvalid("this is not json", "not a JSON object: ");
  ExpectInvalid("", "not a JSON object: ");
  ExpectInvalid(R"({"text": "نص.")", "not a JSON object: ");
}

TEST(JsonlRecordTest, RejectsJsonThatIsNotAnObject) {
  ExpectInvalid(R"(["text"])", "not a JSON object: got array");
  ExpectInvalid("42", "not a JSON object: got number");
}

TEST(JsonlRecordTest, RejectsMissingText) {
  ExpectInvalid(R"({"title": "عنوان"})", "missing or empty \"text\"");
}

TEST(JsonlRecordTest, RejectsBlankText) {
  ExpectInvalid(R"({"text": " \n \n"})", "missing or empty \"text\"");
}

TEST(JsonlRecordTest, RejectsFieldOfWrongType) {
  ExpectInvalid(R"({"text": "نص.", "title": 7})",
                "field \"title\" is not a string");
  ExpectInvalid(R"({"text": ["نص."]})", "field \"text\" is not a string");
}

TEST(JsonlRecordTest, RejectsInvalidUtf8NamingTheOffset) {
  ExpectInvalid("{\"text\": \"\xFF\"}", "invalid UTF-8 at byte 10");
}

TEST(JsonlRecordTest, RejectsEscapedLoneSurrogate) {
  ExpectInvalid(R"({"text": "\ud800"})", "not a JSON object: ");
}

TEST(JsonlRecordTest, ParsesEveryDevRecordOfTheAntCorpora) {
  const std::string shared = KHABAR_SHARED_DIR;
  const std::string files[] = {
      shared + "/data/ant-corpus-v1.1/ant-corpus-v1.1.dev.jsonl",
      shared +
          "/data/ant-corpus-v2.1-multisource/"
          "ant-corpus-v2.1-multisource.dev.jsonl"};
  int files_read = 0;
  for (const std::string& path : files) {
    std::ifstream in(path);
    if (!in) continue;
    ++files_read;
    int records = 0;
    int without_text = 0;
    int without_time = 0;
    std::string line;
    while (std::getline(in, line)) {
      ++records;
      Result<RawArticle> r = ParseJsonlRecord(line);
      if (!r.ok()) {
        // The corpora have a few title-only records (PROVENANCE.md).
        EXPECT_EQ(r.status().message(), "missing or empty \"text\"")
            << path << ":" << records;
        ++without_text;
        continue;
      }
      if (!r->published_at) ++without_time;
    }
    EXPECT_GT(records, 0) << path;
    EXPECT_LE(without_text, 5) << path;
    EXPECT_EQ(without_time, 0) << path << ": every time value should parse";
  }
  if (files_read == 0) {
    GTEST_SKIP() << "shared/ not found at " << shared
                 << ": skipping ANT corpus test";
  }
}

}  // namespace
}  // namespace khabar::extract
