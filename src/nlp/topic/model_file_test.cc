#include "nlp/topic/model_file.h"

#include <gtest/gtest.h>

#include "nlp/topic/keywords.h"
#include "nlp/topic/test_util.h"
#include "nlp/topic/topic_model.h"

namespace khabar::nlp {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

// Trains a small model (10 hash bits) so the load tests do not depend on
// the shipped model.
std::string TrainTinyModel(const TempDir& dir) {
  const std::string corpus = dir.File("corpus.jsonl");
  WriteText(corpus, testing::TinyCorpusJsonl());
  TopicTrainOptions options;
  options.train_files = {corpus};
  options.output_path = dir.File("tiny.model");
  options.features.hash_bits = 10;
  options.epochs = 3;
  EXPECT_TRUE(TrainTopics(options).ok());
  return options.output_path;
}

TEST(TopicModelLoadTest, MissingFileIsNotFound) {
  TempDir dir;
  auto model = TopicModel::Load(dir.File("nope.model"));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kNotFound)
      << model.status().ToString();
}

TEST(TopicModelLoadTest, TrainedModelLoads) {
  TempDir dir;
  auto model = TopicModel::Load(TrainTinyModel(dir));
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ((*model)->feature_config().hash_bits, 10u);
}

TEST(TopicModelLoadTest, TruncatedFileIsCorruption) {
  TempDir dir;
  const std::string path = TrainTinyModel(dir);
  const std::string bytes = ReadText(path);
  WriteText(path, bytes.substr(0, bytes.size() / 2));
  auto model = TopicModel::Load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
  EXPECT_NE(model.status().message().find("checksum"), std::string::npos)
      << "hint: a truncated file must fail the checksum, got "
      << model.status().ToString();
}

TEST(TopicModelLoadTest, WrongMagicIsCorruption) {
  TempDir dir;
  const std::string path = TrainTinyModel(dir);
  std::string bytes = ReadText(path);
  bytes.replace(0, 8, "NOTMODEL");
  WriteText(path, bytes);
  auto model = TopicModel::Load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
  EXPECT_NE(model.status().message().find("magic"), std::string::npos)
      << model.status().ToString();
}

TEST(TopicModelLoadTest, FlippedPayloadByteIsCorruption) {
  TempDir dir;
  const std::string path = TrainTinyModel(dir);
  std::string bytes = ReadText(path);
  bytes[bytes.size() / 2] ^= 0x40;
  WriteText(path, bytes);
  auto model = TopicModel::Load(path);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
}

TEST(TopicModelLoadTest, EmptyFileIsCorruption) {
  TempDir dir;
  WriteText(dir.File("empty.model"), "");
  auto model = TopicModel::Load(dir.File("empty.model"));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
}

TEST(TopicModelLoadTest, IdfFileIsRefusedAsTopicModel) {
  TempDir dir;
  const std::string corpus = dir.File("corpus.jsonl");
  WriteText(corpus, testing::TinyCorpusJsonl());
  ASSERT_TRUE(BuildIdf({corpus}, 100, dir.File("idf.model")).ok());
  auto model = TopicModel::Load(dir.File("idf.model"));
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCorruption);
}

TEST(IdfTableLoadTest, MissingFileIsNotFound) {
  TempDir dir;
  auto idf = IdfTable::Load(dir.File("idf.model"));
  ASSERT_FALSE(idf.ok());
  EXPECT_EQ(idf.status().code(), StatusCode::kNotFound);
}

TEST(IdfTableLoadTest, TruncatedFileIsCorruption) {
  TempDir dir;
  const std::string corpus = dir.File("corpus.jsonl");
  WriteText(corpus, testing::TinyCorpusJsonl());
  const std::string path = dir.File("idf.model");
  ASSERT_TRUE(BuildIdf({corpus}, 100, path).ok());
  WriteText(path, ReadText(path).substr(0, 20));
  auto idf = IdfTable::Load(path);
  ASSERT_FALSE(idf.ok());
  EXPECT_EQ(idf.status().code(), StatusCode::kCorruption);
}

TEST(IdfTableLoadTest, RareStemsGetHigherIdf) {
  TempDir dir;
  const std::string corpus = dir.File("corpus.jsonl");
  WriteText(corpus, testing::TinyCorpusJsonl());
  const std::string path = dir.File("idf.model");
  ASSERT_TRUE(BuildIdf({corpus}, 100, path).ok());
  auto idf = IdfTable::Load(path);
  ASSERT_TRUE(idf.ok()) << idf.status().ToString();
  EXPECT_EQ(idf->num_docs(), 18u);
  // "0" is in six documents; a stem the corpus never saw is rarer still.
  EXPECT_LT(idf->Idf("0"), idf->Idf("قنطرة"));
}

TEST(TrainTopicsTest, NoTrainingFilesIsInvalidArgument) {
  TopicTrainOptions options;
  options.output_path = "/tmp/unused.model";
  EXPECT_EQ(TrainTopics(options).code(), StatusCode::kInvalidArgument);
}

TEST(TrainTopicsTest, MissingTrainingFileIsNotFound) {
  TempDir dir;
  TopicTrainOptions options;
  options.train_files = {dir.File("missing.jsonl")};
  options.output_path = dir.File("out.model");
  EXPECT_EQ(TrainTopics(options).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace khabar::nlp
