#include "nlp/ner/word_clusters.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/hash.h"
#include "nlp/ner/features.h"

namespace khabar::nlp {
namespace {

uint64_t CoreKey(std::string_view word) {
  std::string norm;
  NormalizeNerWord(word, &norm);
  return StableHash64(WordCore(norm));
}

// Two names in the same contexts, two verbs in others.
std::vector<std::vector<std::string_view>> TinyCorpus() {
  std::vector<std::vector<std::string_view>> sentences;
  for (int i = 0; i < 4; ++i) {
    sentences.push_back({"قال", "كارتر", "اليوم"});
    sentences.push_back({"قال", "فالون", "اليوم"});
    sentences.push_back({"ثم", "ذهب", "الى", "السوق"});
    sentences.push_back({"ثم", "عاد", "الى", "السوق"});
  }
  return sentences;
}

TEST(WordClustersTest, WordsInTheSameContextsShareClusters) {
  WordClusterOptions options;
  options.coarse = 2;
  options.fine = 3;
  const WordClusters clusters = BuildWordClusters(TinyCorpus(), options);
  const uint32_t carter = clusters.Lookup(CoreKey("كارتر"));
  ASSERT_NE(carter, 0u);
  EXPECT_EQ(carter, clusters.Lookup(CoreKey("فالون")));
  EXPECT_EQ(clusters.Lookup(CoreKey("ذهب")), clusters.Lookup(CoreKey("عاد")));
  EXPECT_EQ(clusters.Lookup(CoreKey("مجهول")), 0u);
}

TEST(WordClustersTest, SameInputSameClusters) {
  WordClusterOptions options;
  options.coarse = 2;
  options.fine = 3;
  EXPECT_EQ(BuildWordClusters(TinyCorpus(), options).entries(),
            BuildWordClusters(TinyCorpus(), options).entries());
}

TEST(WordClustersTest, ReadsTitleAndTextOfJsonLines) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "khabar_clusters_test.jsonl")
          .string();
  {
    std::ofstream out(path);
    out << R"({"title": "عنوان الخبر", "text": "قال كارتر. ثم عاد."})"
        << "\n"
        << "not json\n"
        << R"({"label": "sport"})"
        << "\n";
  }
  UnlabelledText text;
  ASSERT_TRUE(ReadUnlabelledText({path}, &text).ok());
  ASSERT_EQ(text.sentences.size(), 3u);
  EXPECT_EQ(text.sentences[0],
            (std::vector<std::string_view>{"عنوان", "الخبر"}));
  EXPECT_EQ(text.sentences[1].front(), "قال");
  std::filesystem::remove(path);
  EXPECT_FALSE(ReadUnlabelledText({path}, &text).ok());
}

}  // namespace
}  // namespace khabar::nlp
