// Golden files for what Khabar understands of each demo scrape: entities,
// quotes, dates, topic, keywords and summary, side by side with the input in
// testdata/analysis/. A change in any nlp model or rule shows up here as a
// reviewable diff. KHABAR_UPDATE_GOLDEN=1 rewrites the expected files.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "extract/plain_text.h"
#include "service/ingest.h"
#include "service/understand.h"

namespace khabar::service {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json AnalysisJson(const store::Analysis& a) {
  json entities = json::array();
  for (const store::EntityRef& e : a.entities) {
    entities.push_back({{"type", e.type}, {"name", e.name}, {"key", e.key}, {"count", e.count}});
  }
  json quotes = json::array();
  for (const store::QuoteRef& q : a.quotes) {
    quotes.push_back({{"speaker", q.speaker}, {"cue", q.cue}, {"text", q.text}});
  }
  json dates = json::array();
  for (const store::DateRef& d : a.dates) {
    dates.push_back({{"text", d.text}, {"value", d.value}});
  }
  return {{"entities", entities}, {"quotes", quotes},   {"dates", dates},
          {"topic", a.topic},     {"keywords", a.keywords}, {"summary", a.summary}};
}

TEST(AnalysisGoldenTest, DemoScrapesMatchTheirGoldenAnalysis) {
  auto models = Understanding::Load(KHABAR_MODELS_DIR);
  ASSERT_TRUE(models.ok()) << models.status().ToString();
  const fs::path inputs = fs::path(KHABAR_SOURCE_DIR) / "demo" / "scrapes";
  const fs::path golden = fs::path(KHABAR_SOURCE_DIR) / "testdata" / "analysis";
  const bool update = std::getenv("KHABAR_UPDATE_GOLDEN") != nullptr;
  // The demo articles are dated by their folder's story: late November 2026.
  const UnixSeconds published = *MakeUtc(2026, 11, 20);
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(inputs)) {
    if (entry.path().extension() != ".txt") continue;
    auto bytes = ReadFile(entry.path().string());
    ASSERT_TRUE(bytes.ok());
    auto raw = extract::ExtractPlainText(*bytes);
    ASSERT_TRUE(raw.ok()) << entry.path() << ": " << raw.status().ToString();
    const std::string actual =
        AnalysisJson((*models)->Analyze(ToStoredArticle(*raw), published)).dump(2) + "\n";
    const fs::path expected_path = golden / (entry.path().stem().string() + ".expected.json");
    if (update) {
      std::ofstream(expected_path) << actual;
      continue;
    }
    std::ifstream in(expected_path);
    ASSERT_TRUE(in) << "missing golden " << expected_path
                    << " (run with KHABAR_UPDATE_GOLDEN=1 and review the diff)";
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(actual, expected.str())
        << entry.path().filename() << " differs from its golden analysis; if the change "
        << "is intended, rerun with KHABAR_UPDATE_GOLDEN=1 and review the diff";
    ++checked;
  }
  if (!update) {
    EXPECT_GE(checked, 5);
  }
}

}  // namespace
}  // namespace khabar::service
