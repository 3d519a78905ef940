#include "nlp/dates/date_eval.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace khabar::nlp {
namespace {

constexpr char kTml[] =
    "<?xml version=\"1.0\"?>\n<TimeML>\nقال <TIMEX3 tid=\"t1\" type=\"DATE\" "
    "value=\"2015-12-23\">امس</TIMEX3> إن A &amp; B</TimeML>";

TEST(TimeMlParserTest, ExtractsTextAndSpans) {
  Result<TimeMlDocument> doc = ParseTimeMl(kTml);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->timexes.size(), 1u);
  const TimeMlTimex& t = doc->timexes[0];
  EXPECT_EQ(doc->text.substr(t.begin, t.end - t.begin), "امس");
  EXPECT_EQ(t.type, "DATE");
  EXPECT_EQ(t.value, "2015-12-23");
  EXPECT_NE(doc->text.find("A & B"), std::string::npos);
  EXPECT_FALSE(doc->creation_time.has_value());
}

TEST(TimeMlParserTest, ReadsCreationTimeFromDct) {
  Result<TimeMlDocument> doc = ParseTimeMl(
      "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2016-10-26\" "
      "functionInDocument=\"CREATION_TIME\">2016-10-26</TIMEX3></DCT>نص"
      "</TimeML>");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->timexes.empty());
  EXPECT_EQ(doc->text, "نص");
  ASSERT_TRUE(doc->creation_time.has_value());
  EXPECT_EQ(FormatIso8601(*doc->creation_time), "2016-10-26T00:00:00Z");
}

TEST(TimeMlParserTest, RejectsUnclosedTimex) {
  EXPECT_FALSE(ParseTimeMl("<TimeML><TIMEX3 type=\"DATE\">x</TimeML>").ok());
  EXPECT_FALSE(ParseTimeMl("<TimeML>x</TIMEX3></TimeML>").ok());
}

TEST(DateEvalTest, MissingDirectoryIsNotFound) {
  Result<DateEvalResult> r = EvaluateDates("/nonexistent/khabar/dates");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(DateEvalTest, ScoresASmallFolder) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "khabar_date_eval_test";
  std::filesystem::create_directories(dir);
  {
    std::FILE* f = std::fopen((dir / "doc.tml").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(kTml, f);
    std::fclose(f);
  }
  Result<DateEvalResult> r = EvaluateDates(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->documents, 1);
  EXPECT_EQ(r->gold, 1);
  EXPECT_EQ(r->found, 1);
  EXPECT_DOUBLE_EQ(r->strict.f1, 1.0);
  EXPECT_DOUBLE_EQ(r->value_accuracy, 1.0);
}

// Prints the figures README.md quotes, and a line per disagreement.
void Report(const char* split, const DateEvalResult& r) {
  std::printf(
      "[%s] docs=%d gold=%d found=%d\n"
      "  strict  P=%.3f R=%.3f F1=%.3f\n"
      "  relaxed P=%.3f R=%.3f F1=%.3f\n"
      "  value accuracy %.3f (%d/%d)\n",
      split, r.documents, r.gold, r.found, r.strict.precision,
      r.strict.recall, r.strict.f1, r.relaxed.precision, r.relaxed.recall,
      r.relaxed.f1, r.value_accuracy, r.value_correct, r.value_gold);
  for (const auto& [type, n] : r.gold_by_type) {
    const auto it = r.found_by_type.find(type);
    std::printf("  %-8s gold=%d found=%d\n", type.c_str(), n,
                it == r.found_by_type.end() ? 0 : it->second);
  }
  if (std::getenv("KHABAR_DATES_EVAL_VERBOSE") == nullptr) return;
  static constexpr const char* kWhat[] = {"missed", "spurious", "value"};
  for (const DateEvalDiff& d : r.diffs) {
    std::printf("  %-8s %-10s gold[%s %s] %s | found[%s] %s\n",
                kWhat[static_cast<int>(d.what)], d.file.c_str(),
                d.gold_type.c_str(), d.gold_value.c_str(), d.gold_text.c_str(),
                d.found_value.c_str(), d.found_text.c_str());
  }
}

std::string CorpusDir(const char* split) {
  return std::string(KHABAR_SHARED_DIR) + "/data/arabic-timeml-news/" + split;
}

TEST(DateEvalTest, TrainFigures) {
  const std::string dir = CorpusDir("train");
  if (!std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "corpus not found at " << dir
                 << " (set KHABAR_SHARED_DIR at configure time)";
  }
  Result<DateEvalResult> r = EvaluateDates(dir);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Report("train", *r);
}

TEST(DateEvalTest, DevMeetsTargets) {
  const std::string dir = CorpusDir("dev");
  if (!std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "corpus not found at " << dir
                 << " (set KHABAR_SHARED_DIR at configure time)";
  }
  Result<DateEvalResult> r = EvaluateDates(dir);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Report("dev", *r);
  EXPECT_GE(r->relaxed.f1, 0.9) << "relaxed detection F1 below target; run "
                                   "with KHABAR_DATES_EVAL_VERBOSE=1";
  EXPECT_GE(r->value_accuracy, 0.85) << "value accuracy below target";
}

}  // namespace
}  // namespace khabar::nlp
