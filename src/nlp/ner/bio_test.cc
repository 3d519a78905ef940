#include "nlp/ner/bio.h"

#include <gtest/gtest.h>

namespace khabar::nlp {
namespace {

constexpr Tag kBPer = BeginTag(EntityType::kPerson);
constexpr Tag kIPer = InsideTag(EntityType::kPerson);
constexpr Tag kBLoc = BeginTag(EntityType::kLocation);
constexpr Tag kILoc = InsideTag(EntityType::kLocation);

TEST(BioTest, DecodesWellFormedSpans) {
  const std::vector<Tag> tags = {kBPer, kIPer, kTagO, kBLoc};
  EXPECT_EQ(DecodeBio(tags),
            (std::vector<TagSpan>{{EntityType::kPerson, 0, 2},
                                  {EntityType::kLocation, 3, 4}}));
}

TEST(BioTest, InsideAfterOutsideOpensEntity) {
  const std::vector<Tag> tags = {kTagO, kILoc, kILoc};
  EXPECT_EQ(DecodeBio(tags),
            (std::vector<TagSpan>{{EntityType::kLocation, 1, 3}}));
}

TEST(BioTest, InsideOfOtherTypeOpensEntity) {
  const std::vector<Tag> tags = {kBPer, kILoc};
  EXPECT_EQ(DecodeBio(tags),
            (std::vector<TagSpan>{{EntityType::kPerson, 0, 1},
                                  {EntityType::kLocation, 1, 2}}));
}

TEST(BioTest, BeginAfterBeginStartsNewEntity) {
  const std::vector<Tag> tags = {kBLoc, kBLoc};
  EXPECT_EQ(DecodeBio(tags).size(), 2u);
}

TEST(BioTest, RepairKeepsDecodedSpans) {
  std::vector<Tag> tags = {kIPer, kIPer, kTagO, kILoc, kBPer, kILoc};
  const std::vector<TagSpan> before = DecodeBio(tags);
  RepairBio(tags);
  EXPECT_EQ(tags, (std::vector<Tag>{kBPer, kIPer, kTagO, kBLoc, kBPer, kBLoc}));
  EXPECT_EQ(DecodeBio(tags), before);
}

TEST(BioTest, ParsesTagNames) {
  EXPECT_EQ(ParseTag("B-PERS"), kBPer);
  EXPECT_EQ(ParseTag("I-PER"), kIPer);
  EXPECT_EQ(ParseTag("O"), kTagO);
  EXPECT_FALSE(ParseTag("B-FOO").has_value());
  EXPECT_FALSE(ParseTag("X-LOC").has_value());
  EXPECT_EQ(TagName(kILoc), "I-LOC");
}

TEST(BioTest, EntityTypeNames) {
  EXPECT_EQ(EntityTypeName(EntityType::kPerson), "PERS");
  EXPECT_EQ(EntityTypeName(EntityType::kLocation), "LOC");
  EXPECT_EQ(EntityTypeName(EntityType::kOrganization), "ORG");
  EXPECT_EQ(EntityTypeName(EntityType::kMisc), "MISC");
}

}  // namespace
}  // namespace khabar::nlp
