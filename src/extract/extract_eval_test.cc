#include "extract/extract_eval.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace khabar::extract {
namespace {

TEST(EvalTokens, SplitsAtSpaceAndArabicAndLatinPunctuation) {
  EXPECT_EQ(EvalTokens("قال، «نعم» - (CNN) ok؟ 3.5"),
            (std::vector<std::string>{"قال", "نعم", "CNN", "ok", "3", "5"}));
  EXPECT_TRUE(EvalTokens(" ،.؛ ").empty());
}

TEST(CompareParagraphs, CountsMultisetOverlap) {
  const TokenOverlap o = CompareParagraphs({"a b b c", "x"}, {"a b", "c d"});
  EXPECT_EQ(o.extracted, 5);
  EXPECT_EQ(o.gold, 4);
  EXPECT_EQ(o.overlap, 3);
  EXPECT_DOUBLE_EQ(o.Precision(), 0.6);
  EXPECT_DOUBLE_EQ(o.Recall(), 0.75);
  EXPECT_NEAR(o.F1(), 2 * 0.6 * 0.75 / 1.35, 1e-12);
}

TEST(CompareParagraphs, EmptySidesAreDefined) {
  EXPECT_DOUBLE_EQ(CompareParagraphs({}, {}).F1(), 1.0);
  EXPECT_DOUBLE_EQ(CompareParagraphs({}, {"a"}).F1(), 0.0);
  EXPECT_DOUBLE_EQ(CompareParagraphs({"a"}, {}).F1(), 0.0);
}

TEST(GoldParagraphs, SplitsAtBlankLines) {
  EXPECT_EQ(GoldParagraphs("\xEF\xBB\xBFone\ntwo\r\n\n \n three \n"),
            (std::vector<std::string>{"one two", "three"}));
}

TEST(EvaluateExtractDir, ScoresPagesByGroup) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("extract_eval_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string para =
      "قال المتحدث باسم الوزارة، في مؤتمر صحفي عقده اليوم، إن الحكومة ستعلن "
      "خطة جديدة لدعم المزارعين خلال الأسابيع المقبلة.";
  std::ofstream(dir / "alpha-1.html")
      << "<html><body><article><p>" << para << "</p></article></body></html>";
  std::ofstream(dir / "alpha-1.gold.txt") << para << "\n";
  std::ofstream(dir / "beta_1.html") << "<html><body></body></html>";
  std::ofstream(dir / "beta_1.expected.txt") << "كلمة\n";
  std::ofstream(dir / "lonely.html") << "<p>no gold</p>";
  Result<ExtractEvalReport> r = EvaluateExtractDir(dir.string());
  fs::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->pages.size(), 2u);
  ASSERT_EQ(r->groups.size(), 2u);
  EXPECT_EQ(r->groups[0].group, "alpha");
  EXPECT_DOUBLE_EQ(r->groups[0].score.F1(), 1.0);
  EXPECT_EQ(r->groups[1].group, "beta");
  EXPECT_FALSE(r->pages[1].error.empty());
  EXPECT_DOUBLE_EQ(r->groups[1].score.Recall(), 0.0);
}

TEST(EvaluateExtractDir, MissingFolderIsNotFound) {
  EXPECT_EQ(EvaluateExtractDir("/nonexistent/khabar").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace khabar::extract
