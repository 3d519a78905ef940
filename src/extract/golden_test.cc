// Golden tests: every testdata/extract/NAME.txt is extracted and compared
// with NAME.expected.json beside it. KHABAR_UPDATE_GOLDEN=1 rewrites the
// expected files instead; review the diff before keeping it. Also runs the
// real seed article from shared/ when that folder is present.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/time.h"
#include "extract/plain_text.h"

namespace khabar::extract {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr int kMinFixtures = 8;

fs::path FixtureDir() {
  return fs::path(KHABAR_SOURCE_DIR) / "testdata" / "extract";
}

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(FixtureDir(), ec)) {
    if (entry.path().extension() == ".txt") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Json ToJson(const RawArticle& a) {
  Json j;
  j["title"] = a.title;
  j["paragraphs"] = a.paragraphs;
  Json dropped = Json::array();
  for (const DroppedLine& d : a.dropped) {
    dropped.push_back({{"line", d.line}, {"reason", d.reason}});
  }
  j["dropped"] = dropped;
  if (a.published_at) j["published_at"] = FormatIso8601(*a.published_at);
  if (!a.author.empty()) j["author"] = a.author;
  return j;
}

bool UpdateGolden() {
  const char* v = std::getenv("KHABAR_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

class GoldenTest : public testing::TestWithParam<std::string> {};
// An empty fixture folder is reported by GoldenFixturesTest, with the path.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

TEST_P(GoldenTest, MatchesExpectedJson) {
  const fs::path input = FixtureDir() / (GetParam() + ".txt");
  const fs::path expected_path = FixtureDir() / (GetParam() + ".expected.json");
  Result<std::string> bytes = ReadFile(input.string());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<RawArticle> article = ExtractPlainText(*bytes);
  ASSERT_TRUE(article.ok()) << input << ": " << article.status().ToString();
  const Json actual = ToJson(*article);

  if (UpdateGolden()) {
    std::ofstream out(expected_path);
    out << actual.dump(2, ' ', false) << "\n";
    ASSERT_TRUE(out.good()) << "cannot write " << expected_path;
    return;
  }
  Result<std::string> expected_text = ReadFile(expected_path.string());
  ASSERT_TRUE(expected_text.ok())
      << expected_text.status().ToString()
      << "\nhint: create it with KHABAR_UPDATE_GOLDEN=1 and review it";
  const Json expected = Json::parse(*expected_text, nullptr, false);
  ASSERT_FALSE(expected.is_discarded()) << expected_path << " is not JSON";
  EXPECT_EQ(actual, expected)
      << "fixture " << input << "\nactual:\n"
      << actual.dump(2, ' ', false)
      << "\nhint: if the change is intended, rerun with "
         "KHABAR_UPDATE_GOLDEN=1 and review `git diff testdata/extract`";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GoldenTest,
                         testing::ValuesIn(FixtureNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             const bool ok = (c >= 'a' && c <= 'z') ||
                                             (c >= 'A' && c <= 'Z') ||
                                             (c >= '0' && c <= '9');
                             if (!ok) c = '_';
                           }
                           return name;
                         });

TEST(GoldenFixturesTest, HasEnoughFixtures) {
  EXPECT_GE(static_cast<int>(FixtureNames().size()), kMinFixtures)
      << "fixtures are read from " << FixtureDir();
}

// The first acceptance case of DESIGN.md section 2.
TEST(SeedArticleTest, ExtractsTitleBodyAndDropsFooter) {
  const fs::path shared = KHABAR_SHARED_DIR;
  const fs::path seed = shared / "seed" / "000_d6b86f47c1861fbf.txt";
  if (!fs::exists(seed)) {
    GTEST_SKIP() << "shared/ not found at " << shared << ": skipping seed test";
  }
  Result<std::string> bytes = ReadFile(seed.string());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<RawArticle> r = ExtractPlainText(*bytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const RawArticle& a = *r;

  const std::string kHeadline =
      "واشنطن ولندن: الهجوم على الرقة «في الأسابيع المقبلة»";
  EXPECT_EQ(a.title, kHeadline);
  ASSERT_EQ(a.paragraphs.size(), 11u);
  EXPECT_TRUE(a.paragraphs.front().starts_with("أعلن وزير الدفاع"));
  EXPECT_TRUE(a.paragraphs.back().starts_with("وقال لودريان"));
  for (const std::string& p : a.paragraphs) {
    EXPECT_NE(p, kHeadline);
    EXPECT_EQ(p.find("لم تشترك بعد"), std::string::npos);
  }

  // Lines 12-13 are the headline twice, 14-15 the site's footer.
  ASSERT_EQ(a.dropped.size(), 4u);
  EXPECT_EQ(a.dropped[0].line, 12);
  EXPECT_EQ(a.dropped[0].reason, "headline");
  EXPECT_EQ(a.dropped[1].line, 13);
  EXPECT_EQ(a.dropped[1].reason, "repeated headline");
  EXPECT_EQ(a.dropped[2].line, 14);
  EXPECT_EQ(a.dropped[2].text, "لم تشترك بعد");
  EXPECT_TRUE(a.dropped[2].reason.starts_with("boilerplate: "));
  EXPECT_EQ(a.dropped[3].line, 15);
  EXPECT_TRUE(a.dropped[3].reason.starts_with("boilerplate: "));
}

}  // namespace
}  // namespace khabar::extract
