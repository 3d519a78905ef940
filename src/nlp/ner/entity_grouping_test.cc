#include "nlp/ner/entity_grouping.h"

#include "text/entity_key.h"
#include "text/tokenizer.h"

#include <gtest/gtest.h>

namespace khabar::nlp {
namespace {

using text::EntityKey;

// Mentions of `surfaces` (each found at or after the previous one).
std::vector<EntityMention> MentionsOf(
    std::string_view text,
    std::vector<std::pair<EntityType, std::string_view>> surfaces) {
  std::vector<EntityMention> mentions;
  std::size_t from = 0;
  for (const auto& [type, surface] : surfaces) {
    const std::size_t at = text.find(surface, from);
    EXPECT_NE(at, std::string_view::npos) << surface;
    mentions.push_back({type, static_cast<uint32_t>(at),
                        static_cast<uint32_t>(at + surface.size()),
                        std::string(surface)});
    from = at + surface.size();
  }
  return mentions;
}

TEST(EntityGroupingTest, CliticFormsOfOnePlaceKeyAlike) {
  EXPECT_EQ(EntityKey("الرقة"), EntityKey("بالرقة"));
  EXPECT_EQ(EntityKey("الرقة"), EntityKey("رقة"));
  EXPECT_EQ(EntityKey("الرقة"), EntityKey("والرقة"));
}

TEST(EntityGroupingTest, MultiWordKeyDropsClitics) {
  EXPECT_EQ(EntityKey("للحلف الاطلسي"), EntityKey("الحلف الأطلسي"));
  EXPECT_EQ(EntityKey("والحلف الاطلسي"), "حلف اطلسي");
}

TEST(EntityGroupingTest, GroupsCliticMentionsOfAPlace) {
  const std::string text = "مدينة الرقة السورية. الهجوم على الرقة وبالرقة";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kLocation, "الرقة"},
                              {EntityType::kLocation, "الرقة"},
                              {EntityType::kLocation, "وبالرقة"}}));
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].name, "الرقة");
  EXPECT_EQ(entities[0].count, 3u);
  EXPECT_EQ(entities[0].first_offset, text.find("الرقة"));
}

TEST(EntityGroupingTest, BareSurnameResolvesToFullName) {
  const std::string text = "أعلن اشتون كارتر أمس. وقال كارتر إن الهجوم قريب";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kPerson, "اشتون كارتر"},
                              {EntityType::kPerson, "كارتر"}}));
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].name, "اشتون كارتر");
  EXPECT_EQ(entities[0].count, 2u);
}

TEST(EntityGroupingTest, CliticPrefixedSurnameResolves) {
  const std::string text = "التقى اشتون كارتر نظيره. وكارتر قال لكارتر";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kPerson, "اشتون كارتر"},
                              {EntityType::kPerson, "وكارتر"},
                              {EntityType::kPerson, "لكارتر"}}));
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].count, 3u);
}

TEST(EntityGroupingTest, MissedSurnameIsRecovered) {
  const std::string text = "أعلن مايكل فالون ذلك. وصرح فالون للصحافيين";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kPerson, "مايكل فالون"}}));
  ASSERT_EQ(entities.size(), 1u);
  ASSERT_EQ(entities[0].count, 2u);
  EXPECT_EQ(entities[0].mentions[1].text, "فالون");
}

TEST(EntityGroupingTest, TitleIsStrippedFromPersonName) {
  const std::string text = "قال وزير الدفاع اشتون كارتر";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kPerson, "وزير الدفاع اشتون كارتر"}}));
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].name, "اشتون كارتر");
  EXPECT_EQ(entities[0].mentions[0].begin, text.find("اشتون"));
}

TEST(EntityGroupingTest, CanonicalNameRestoresArticleAfterLam) {
  const std::string text = "اجتماع للحلف الاطلسي";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kOrganization, "للحلف الاطلسي"}}));
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].name, "الحلف الاطلسي");
}

TEST(EntityGroupingTest, AmbiguousSurnameStaysSeparate) {
  const std::string text = "جورج بوش وجيب بوش. وقال بوش";
  const auto entities = GroupEntities(
      text, MentionsOf(text, {{EntityType::kPerson, "جورج بوش"},
                              {EntityType::kPerson, "وجيب بوش"},
                              {EntityType::kPerson, "بوش"}}));
  EXPECT_EQ(entities.size(), 3u);
}

TEST(EntityGroupingTest, PretokenizedTextGroupsAlike) {
  const std::string text =
      "قال وزير الدفاع اشتون كارتر إن الهجوم قريب. وأضاف كارتر ان لكارتر رأيا.";
  const auto mentions = MentionsOf(
      text, {{EntityType::kPerson, "وزير الدفاع اشتون كارتر"},
             {EntityType::kPerson, "كارتر"}});
  const std::vector<Entity> plain = GroupEntities(text, mentions);
  const std::vector<Entity> shared =
      GroupEntities(text, mentions, text::Tokenize(text));
  ASSERT_EQ(shared.size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(shared[i].name, plain[i].name);
    EXPECT_EQ(shared[i].key, plain[i].key);
    EXPECT_EQ(shared[i].mentions, plain[i].mentions);
  }
}

}  // namespace
}  // namespace khabar::nlp
