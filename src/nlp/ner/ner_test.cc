#include "nlp/ner/ner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/hash.h"
#include "nlp/ner/features.h"
#include "text/sentence.h"

namespace khabar::nlp {
namespace {

// A model with every weight zero: only the curated-name rule tags anything.
NerModelParams ZeroParams() {
  NerModelParams params;
  params.hash_bits = 8;
  params.weights.assign((std::size_t{1} << 8) * kNumTags, 0);
  return params;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("khabar_ner_test_" + name))
      .string();
}

void WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(NerModelTest, LoadMissingFileIsNotFound) {
  const auto model = NerModel::Load(TempPath("does_not_exist.model"));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kNotFound);
}

TEST(NerModelTest, LoadWrongMagicIsCorruption) {
  const std::string path = TempPath("magic.model");
  WriteBytes(path, "NOTANER1 and some more bytes to be long enough");
  const auto model = NerModel::Load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
  EXPECT_NE(model.status().message().find("magic"), std::string::npos);
  std::remove(path.c_str());
}

TEST(NerModelTest, LoadTruncatedFileIsCorruption) {
  NerModelParams params = ZeroParams();
  params.weights[5] = 7;
  const std::string bytes = SerializeNerModel(params);
  const std::string path = TempPath("truncated.model");
  WriteBytes(path, std::string_view(bytes).substr(0, bytes.size() - 5));
  const auto model = NerModel::Load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
  std::remove(path.c_str());
}

TEST(NerModelTest, FlippedByteFailsChecksum) {
  std::string bytes = SerializeNerModel(ZeroParams());
  bytes[12] ^= 1;
  const auto model = NerModel::Parse(bytes, "flipped");
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("checksum"), std::string::npos);
}

TEST(NerModelTest, SerializeRoundTrips) {
  NerModelParams params = ZeroParams();
  params.weights[3 * kNumTags + 2] = -120;
  params.transitions[4] = 99;
  params.gazetteer =
      LearnedGazetteer(std::unordered_map<uint64_t, uint8_t>{{42, 3}});
  params.clusters = WordClusters(std::unordered_map<uint64_t, uint32_t>{
      {7, 0x00050003u}, {8, 0x00010001u}});
  params.common_words =
      LearnedGazetteer(std::unordered_map<uint64_t, uint8_t>{{99, 1}});
  const std::string bytes = SerializeNerModel(params);
  const auto model = NerModel::Parse(bytes, "mem");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ((*model)->params().weights, params.weights);
  EXPECT_EQ((*model)->params().transitions, params.transitions);
  EXPECT_EQ((*model)->params().gazetteer.Lookup(42), 3);
  EXPECT_EQ((*model)->params().clusters.Lookup(7), 0x00050003u);
  EXPECT_EQ((*model)->params().clusters.Lookup(8), 0x00010001u);
  EXPECT_EQ((*model)->params().clusters.Lookup(9), 0u);
  EXPECT_EQ((*model)->params().common_words.Lookup(99), 1);
  // Same parameters, same bytes (hash-map order does not leak into files).
  EXPECT_EQ(SerializeNerModel((*model)->params()), bytes);
}

// A model that tags a word after السيد as B-PERS and nothing else.
NerModelParams TitleParams() {
  NerModelParams params;
  params.hash_bits = 16;
  params.weights.assign((std::size_t{1} << 16) * kNumTags, 0);
  std::string title;
  NormalizeNerWord("السيد", &title);
  const uint32_t row =
      FeatureBucket({Template::kPrevWord, StableHash64(title)}, 16);
  params.weights[std::size_t{row} * kNumTags + BeginTag(EntityType::kPerson)] =
      100;
  return params;
}

TEST(NerModelTest, DocumentConsistencyTagsTheSameNameElsewhere) {
  const NerModel model(TitleParams());
  const std::string text =
      "وقال السيد كارتر إن الحرب طويلة.\nوأضاف كارتر أن الخطة جاهزة.";
  const std::vector<EntityMention> mentions = model.Find(text);
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(mentions[0].text, "كارتر");
  EXPECT_EQ(mentions[1].text, "كارتر");
  EXPECT_EQ(mentions[1].type, EntityType::kPerson);
  // One sentence alone has no document to draw on.
  const std::vector<std::string_view> words = {"وأضاف", "كارتر", "أن"};
  EXPECT_EQ(model.TagWords(words), std::vector<Tag>(3, kTagO));
}

TEST(NerModelTest, CommonWordsAreNotSpreadByDocumentConsistency) {
  NerModelParams params = TitleParams();
  std::string word;
  NormalizeNerWord("كارتر", &word);
  params.common_words = LearnedGazetteer(
      std::unordered_map<uint64_t, uint8_t>{{StableHash64(WordCore(word)), 1}});
  const NerModel model(std::move(params));
  const auto mentions = model.Find(
      "وقال السيد كارتر إن الحرب طويلة.\nوأضاف كارتر أن الخطة جاهزة.");
  ASSERT_EQ(mentions.size(), 1u);
}

TEST(NerModelTest, FindReportsByteOffsetsOfSurface) {
  const NerModel model(ZeroParams());
  const std::string text = "وصل الوزير إلى باريس.\nثم زار القاهرة";
  const std::vector<EntityMention> mentions = model.Find(text);
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(mentions[0].type, EntityType::kLocation);
  EXPECT_EQ(mentions[0].text, "باريس");
  EXPECT_EQ(text.substr(mentions[0].begin, mentions[0].end - mentions[0].begin),
            "باريس");
  EXPECT_EQ(mentions[1].text, "القاهرة");
}

TEST(NerModelTest, CuratedMultiWordNameWinsOverEntitiesInside) {
  // The model tags سوريا as a location; the curated organization around it
  // replaces that entity.
  NerModelParams params = ZeroParams();
  params.hash_bits = 16;
  params.weights.assign((std::size_t{1} << 16) * kNumTags, 0);
  std::string syria;
  NormalizeNerWord("سوريا", &syria);
  const uint32_t row =
      FeatureBucket({Template::kWord, StableHash64(syria)}, 16);
  params
      .weights[std::size_t{row} * kNumTags + BeginTag(EntityType::kLocation)] =
      100;
  const NerModel model(std::move(params));
  const auto inside = model.Find("قالت قوات سوريا الديمقراطية إنها تقدمت");
  ASSERT_EQ(inside.size(), 1u);
  EXPECT_EQ(inside[0].type, EntityType::kOrganization);
  const auto alone = model.Find("وصل إلى سوريا أمس");
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].type, EntityType::kLocation);
}

TEST(NerModelTest, CuratedMultiWordNameTaggedWhenModelSaysO) {
  const NerModel model(ZeroParams());
  const auto mentions = model.Find("قالت قوات سوريا الديمقراطية إنها تقدمت");
  ASSERT_EQ(mentions.size(), 1u);
  EXPECT_EQ(mentions[0].type, EntityType::kOrganization);
  EXPECT_EQ(mentions[0].text, "قوات سوريا الديمقراطية");
}

TEST(NerModelTest, TagWordsIsWellFormed) {
  NerModelParams params = ZeroParams();
  // Make I-PERS attractive everywhere: decoding must still never start an
  // entity with I-.
  for (std::size_t r = 0; r < (std::size_t{1} << 8); ++r) {
    params.weights[r * kNumTags + InsideTag(EntityType::kPerson)] = 100;
  }
  const NerModel model(std::move(params));
  const std::vector<std::string_view> words = {"a", "b", "c"};
  const std::vector<Tag> tags = model.TagWords(words);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_NE(tags[0], InsideTag(EntityType::kPerson));
}

TEST(NerModelTest, EmptyTextHasNoMentions) {
  const NerModel model(ZeroParams());
  EXPECT_TRUE(model.Find("").empty());
  EXPECT_TRUE(model.Find(" \n ").empty());
}

TEST(NerModelTest, FindWithSentencesMatchesFind) {
  const NerModel model(TitleParams());
  const std::string text =
      "وقال السيد كارتر إن الحرب طويلة.\nوأضاف كارتر أن الخطة جاهزة.";
  EXPECT_EQ(model.Find(text, text::SplitSentences(text)), model.Find(text));
}

}  // namespace
}  // namespace khabar::nlp
