#include "text/entity_key.h"

#include <gtest/gtest.h>

namespace khabar::text {
namespace {

TEST(EntityKeyTest, ArticleAndPrepositionShareOneKey) {
  EXPECT_EQ(EntityKey("الرقة"), EntityKey("بالرقة"));
  EXPECT_EQ(EntityKey("الرقة"), EntityKey("رقة"));
  EXPECT_EQ(EntityKey("والرقة"), EntityKey("رقة"));
}

TEST(EntityKeyTest, FoldsHamzaAndTehMarbuta) {
  EXPECT_EQ(EntityKey("الحلف الأطلسي"), EntityKey("الحلف الاطلسي"));
}

TEST(EntityKeyTest, HyphenBecomesSpace) {
  EXPECT_EQ(EntityKey("جان-ايف لودريان"), "جان ايف لودريان");
}

TEST(EntityKeyTest, DoesNotStripNameSuffixes) {
  EXPECT_EQ(EntityKey("قوات"), "قوات");
  EXPECT_EQ(EntityKey("كارتر"), "كارتر");
}

TEST(EntityKeyTest, LatinNamesAreLowercased) {
  EXPECT_EQ(EntityKey("NBC"), "nbc");
}

TEST(EntityKeyTest, EmptyAndPunctuationGiveEmptyKey) {
  EXPECT_EQ(EntityKey(""), "");
  EXPECT_EQ(EntityKey("«»،"), "");
}

}  // namespace
}  // namespace khabar::text
