// Golden word list for the stemmer, in the manner of Xapian's voc.txt ->
// output.txt: testdata/text/stemmer_voc.txt holds real news words, one per
// line; testdata/text/stemmer_expected.txt holds "word<TAB>stem<TAB>prefix|
// stem|suffix" for each. Regenerate after a deliberate rule change with
//   KHABAR_UPDATE_GOLDEN=1 ./text_test --gtest_filter='StemmerGolden*'
// (or pass --update-golden) and review the diff line by line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "text/normalizer.h"
#include "text/stemmer.h"

namespace khabar::text {
namespace {

std::string TestdataPath(const std::string& name) {
  const char* env = std::getenv("KHABAR_SOURCE_DIR");
  const std::string root = env != nullptr ? env : KHABAR_SOURCE_DIR;
  return root + "/testdata/text/" + name;
}

bool UpdateGolden() {
  const char* env = std::getenv("KHABAR_UPDATE_GOLDEN");
  if (env != nullptr && std::string(env) == "1") return true;
  const std::vector<std::string> args = testing::internal::GetArgvs();
  return std::find(args.begin(), args.end(), "--update-golden") != args.end();
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    lines.push_back(line);
  }
  return lines;
}

std::string GoldenLine(const std::string& word) {
  const std::string norm = NormalizeToString(word);
  const CliticParts p = ArabicStemmer::Default().Split(norm);
  std::ostringstream out;
  out << word << '\t' << p.stem << '\t' << p.prefix << '|' << p.stem << '|'
      << p.suffix;
  return out.str();
}

TEST(StemmerGoldenTest, MatchesExpectedFile) {
  const std::vector<std::string> words =
      ReadLines(TestdataPath("stemmer_voc.txt"));
  ASSERT_GE(words.size(), 150u)
      << "missing or short " << TestdataPath("stemmer_voc.txt");
  std::vector<std::string> actual;
  for (const std::string& w : words) actual.push_back(GoldenLine(w));

  const std::string expected_path = TestdataPath("stemmer_expected.txt");
  if (UpdateGolden()) {
    std::ofstream out(expected_path);
    out << "# word\tstem\tprefix|stem|suffix (generated; review diffs)\n";
    for (const std::string& line : actual) out << line << '\n';
    GTEST_SKIP() << "rewrote " << expected_path;
  }
  const std::vector<std::string> expected = ReadLines(expected_path);
  ASSERT_EQ(expected.size(), actual.size())
      << "voc and expected files differ in length; rerun with "
         "KHABAR_UPDATE_GOLDEN=1 and review the diff";
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i], expected[i])
        << "line " << i + 1
        << ": if this change is intended, rerun with KHABAR_UPDATE_GOLDEN=1 "
           "and review the diff of stemmer_expected.txt";
  }
}

}  // namespace
}  // namespace khabar::text
