#include "nlp/ner/features.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace khabar::nlp {
namespace {

std::vector<RawFeature> FeaturesOf(std::vector<std::string_view> words,
                                   std::size_t token, Template tmpl,
                                   const LearnedGazetteer* gaz = nullptr) {
  SentenceFeatures out;
  FeatureExtractor(gaz).Extract(words, &out);
  std::vector<RawFeature> result;
  for (uint32_t k = out.offsets[token]; k < out.offsets[token + 1]; ++k) {
    if (out.features[k].tmpl == tmpl) result.push_back(out.features[k]);
  }
  return result;
}

TEST(NerFeaturesTest, CliticFormsShareCore) {
  EXPECT_EQ(FeaturesOf({"بالرقة"}, 0, Template::kCore),
            FeaturesOf({"الرقة"}, 0, Template::kCore));
  EXPECT_NE(FeaturesOf({"بالرقة"}, 0, Template::kWord),
            FeaturesOf({"الرقة"}, 0, Template::kWord));
}

TEST(NerFeaturesTest, ProcliticIsAFeature) {
  EXPECT_NE(FeaturesOf({"والرقة"}, 0, Template::kProclitic),
            FeaturesOf({"رقة"}, 0, Template::kProclitic));
}

TEST(NerFeaturesTest, TriggerBeforePersonFires) {
  const auto f = FeaturesOf({"الرئيس", "ماكرون"}, 1, Template::kPrevTrigger);
  const uint64_t person_bit = static_cast<uint64_t>(EntityType::kPerson);
  EXPECT_TRUE(std::find(f.begin(), f.end(),
                        RawFeature{Template::kPrevTrigger, person_bit}) != f.end());
}

TEST(NerFeaturesTest, CuratedMultiWordNameMarksEachToken) {
  std::vector<TokenInfo> infos;
  const std::vector<std::string_view> words = {"استعادة", "قوات", "سوريا",
                                               "الديمقراطية", "لمنبج"};
  AnalyzeTokens(words, nullptr, &infos);
  const int org = static_cast<int>(EntityType::kOrganization);
  EXPECT_EQ(infos[0].curated, 0);
  EXPECT_TRUE(infos[1].curated & (1u << (2 * org)));
  EXPECT_TRUE(infos[2].curated & (1u << (2 * org + 1)));
  EXPECT_TRUE(infos[3].curated & (1u << (2 * org + 1)));
}

TEST(NerFeaturesTest, LearnedGazetteerLooksUpCore) {
  GazetteerBuilder builder;
  std::vector<TokenInfo> infos;
  const std::vector<std::string_view> train = {"الموصل"};
  AnalyzeTokens(train, nullptr, &infos);
  const std::vector<uint64_t> cores = {infos[0].core};
  const std::vector<Tag> tags = {BeginTag(EntityType::kLocation)};
  builder.Add(cores, tags);
  const LearnedGazetteer gaz = builder.Build();
  const auto f = FeaturesOf({"بالموصل"}, 0, Template::kLearnedGaz, &gaz);
  EXPECT_FALSE(f.empty());
}

TEST(NerFeaturesTest, ShapesOfTokens) {
  EXPECT_EQ(ShapeOf("الرقة"), Shape::kArabic);
  EXPECT_EQ(ShapeOf("NBC"), Shape::kLatin);
  EXPECT_EQ(ShapeOf("2016"), Shape::kNumber);
  EXPECT_EQ(ShapeOf("٢٠١٦"), Shape::kNumber);
  EXPECT_EQ(ShapeOf("«"), Shape::kPunct);
  EXPECT_EQ(ShapeOf("،"), Shape::kPunct);
}

TEST(NerFeaturesTest, SentenceEdgesArePadded) {
  const auto first = FeaturesOf({"a", "b"}, 0, Template::kPrevWord);
  const auto last = FeaturesOf({"a", "b"}, 1, Template::kNextWord);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_NE(first[0].value, last[0].value);
}

TEST(NerFeaturesTest, BucketsStayInTable) {
  for (uint64_t v = 0; v < 1000; ++v) {
    EXPECT_LT(FeatureBucket({Template::kWord, v * 7919}, 10), 1u << 10);
  }
}

uint64_t DocCoreOf(std::string_view word) {
  std::vector<TokenInfo> infos;
  const std::vector<std::string_view> words = {word};
  AnalyzeTokens(words, nullptr, &infos);
  return DocCore(infos[0]);
}

TEST(NerFeaturesTest, DocCoreSkipsShortWordsAndPunctuation) {
  EXPECT_NE(DocCoreOf("بالرقة"), 0u);
  EXPECT_EQ(DocCoreOf("بالرقة"), DocCoreOf("الرقة"));
  EXPECT_EQ(DocCoreOf("،"), 0u);
  EXPECT_EQ(DocCoreOf("2016"), 0u);
  EXPECT_EQ(DocCoreOf("في"), 0u);
}

TEST(NerFeaturesTest, DocumentVotesMarkStartsInsidesAndSurnames) {
  const uint64_t ashton = DocCoreOf("اشتون");
  const uint64_t carter = DocCoreOf("كارتر");
  const uint64_t raqqa = DocCoreOf("الرقة");
  const std::vector<uint64_t> cores = {ashton, carter, raqqa};
  const std::vector<uint8_t> tags = {BeginTag(EntityType::kPerson),
                                     InsideTag(EntityType::kPerson),
                                     BeginTag(EntityType::kLocation)};
  DocumentVotes votes;
  votes.Add(cores, tags);
  const int pers = static_cast<int>(EntityType::kPerson);
  const int loc = static_cast<int>(EntityType::kLocation);
  const std::vector<uint8_t> bits = votes.Bits(cores);
  EXPECT_EQ(bits[0], 1u << (2 * pers));
  // A surname both continues the name and can stand alone later.
  EXPECT_EQ(bits[1], (1u << (2 * pers)) | (1u << (2 * pers + 1)));
  EXPECT_EQ(bits[2], 1u << (2 * loc));
  // Removing the sentence again leaves no votes.
  votes.Add(cores, tags, -1);
  EXPECT_EQ(votes.Bits(cores), std::vector<uint8_t>(3, 0));
}

TEST(NerFeaturesTest, DocumentVotesAreFeatures) {
  SentenceFeatures out;
  const std::vector<std::string_view> words = {"قال", "كارتر"};
  const std::vector<uint8_t> votes = {0, 1};
  FeatureExtractor(nullptr).Extract(words, &out, votes);
  const auto has = [&](std::size_t token, Template tmpl) {
    return std::any_of(out.features.begin() + out.offsets[token],
                       out.features.begin() + out.offsets[token + 1],
                       [&](const RawFeature& f) { return f.tmpl == tmpl; });
  };
  EXPECT_TRUE(has(1, Template::kDocVote));
  EXPECT_TRUE(has(0, Template::kNextDocVote));
  EXPECT_FALSE(has(0, Template::kDocVote));
  FeatureExtractor(nullptr).Extract(words, &out);
  EXPECT_FALSE(has(1, Template::kDocVote));
}

}  // namespace
}  // namespace khabar::nlp
