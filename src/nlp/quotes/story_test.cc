#include "nlp/quotes/story.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::nlp {
namespace {

constexpr UnixSeconds kDay = 24 * 3600;
constexpr UnixSeconds kT0 = 1'525'000'000;  // 2018-04-29

ArticleSummary Article(const std::string& id, UnixSeconds t,
                       const std::string& source, const std::string& title,
                       const std::string& body) {
  return SummarizeArticle(id, t, source, title, body);
}

const char kRaqqaBbcTitle[] = "كارتر: الهجوم على الرقة يبدأ في الأسابيع المقبلة";
const char kRaqqaBbcBody[] =
    "أعلن وزير الدفاع الأمريكي آشتون كارتر أن الهجوم لاستعادة مدينة الرقة "
    "السورية من تنظيم الدولة الإسلامية سيبدأ خلال الأسابيع المقبلة، وذلك "
    "خلال اجتماع لحلف شمال الأطلسي في بروكسل.";
const char kRaqqaCnnTitle[] = "واشنطن ولندن: معركة الرقة خلال أسابيع";
const char kRaqqaCnnBody[] =
    "قال وزيرا الدفاع الأمريكي والبريطاني في بروكسل إن الهجوم على الرقة "
    "معقل تنظيم الدولة في سوريا سيبدأ في الأسابيع المقبلة بالتزامن مع معركة "
    "الموصل.";
const char kFootballTitle[] = "ريال مدريد يفوز على برشلونة في الكلاسيكو";
const char kFootballBody[] =
    "فاز فريق ريال مدريد على برشلونة بثلاثة أهداف مقابل هدف في مباراة "
    "الكلاسيكو التي جرت مساء السبت، وسجل رونالدو هدفين.";

TEST(StoryClustererTest, FirstArticleStartsStoryOne) {
  StoryClusterer c;
  const StoryAssignment a =
      c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  EXPECT_TRUE(a.new_story);
  EXPECT_EQ(a.story_id, 1u);
  EXPECT_EQ(c.story_count(), 1u);
}

TEST(StoryClustererTest, TwoSourcesSameEventJoin) {
  StoryClusterer c;
  const auto a =
      c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  const auto b = c.AddArticle(
      Article("b", kT0 + 3600 * 5, "CNN", kRaqqaCnnTitle, kRaqqaCnnBody));
  EXPECT_FALSE(b.new_story);
  EXPECT_EQ(b.story_id, a.story_id);
  EXPECT_EQ(b.matched_article, "a");
  EXPECT_EQ(b.duplicate, DuplicateKind::kNone);
}

TEST(StoryClustererTest, SameWordsDaysApartDoNotJoin) {
  StoryClusterer c;
  const auto a =
      c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  const auto b = c.AddArticle(
      Article("b", kT0 + 5 * kDay, "CNN", kRaqqaCnnTitle, kRaqqaCnnBody));
  EXPECT_TRUE(b.new_story);
  EXPECT_NE(b.story_id, a.story_id);
}

TEST(StoryClustererTest, DifferentEventsDoNotJoin) {
  StoryClusterer c;
  const auto a =
      c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  const auto b = c.AddArticle(
      Article("b", kT0 + 3600, "CNN", kFootballTitle, kFootballBody));
  EXPECT_TRUE(b.new_story);
  EXPECT_NE(b.story_id, a.story_id);
}

TEST(StoryClustererTest, ExactDuplicateIsFlaggedEvenDaysLater) {
  StoryClusterer c;
  const auto a =
      c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  const auto b = c.AddArticle(Article("b", kT0 + 9 * kDay, "france24",
                                      kRaqqaBbcTitle, kRaqqaBbcBody));
  EXPECT_EQ(b.duplicate, DuplicateKind::kExact);
  EXPECT_EQ(b.duplicate_of, "a");
  EXPECT_EQ(b.story_id, a.story_id);
}

TEST(StoryClustererTest, NearDuplicateIsFlagged) {
  StoryClusterer c;
  const std::string body = std::string(kRaqqaBbcBody) + " " + kRaqqaCnnBody +
                           " " + kFootballBody;
  std::string edited = body;
  edited.replace(edited.find("السبت"), std::string("السبت").size(), "الأحد");
  const auto a = c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, body));
  const auto b =
      c.AddArticle(Article("b", kT0 + 60, "BBC", kRaqqaBbcTitle, edited));
  EXPECT_EQ(b.duplicate, DuplicateKind::kNear);
  EXPECT_EQ(b.duplicate_of, "a");
  EXPECT_GE(b.duplicate_jaccard, kNearDuplicateJaccard);
  EXPECT_EQ(b.story_id, a.story_id);
}

TEST(StoryClustererTest, SharedEntitiesLowerTheBar) {
  StoryOptions options;
  options.join_threshold = 0.99;  // cosine alone never joins here
  options.entity_join_threshold = 0.05;
  auto a = Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody);
  auto b = Article("b", kT0 + 3600, "CNN", kRaqqaCnnTitle, kRaqqaCnnBody);
  {
    StoryClusterer c(options);
    c.AddArticle(a);
    EXPECT_TRUE(c.AddArticle(b).new_story);
  }
  a.entity_keys = {"place:الرقة", "org:الحلف الاطلسي", "person:كارتر"};
  b.entity_keys = {"place:الرقة", "org:الحلف الاطلسي"};
  StoryClusterer c(options);
  c.AddArticle(a);
  EXPECT_FALSE(c.AddArticle(b).new_story);
}

TEST(StoryClustererTest, ForgottenArticlesAreNoLongerCandidates) {
  StoryClusterer c;
  c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  c.ForgetBefore(kT0 + 1);
  const auto b = c.AddArticle(
      Article("b", kT0 + 3600, "CNN", kRaqqaCnnTitle, kRaqqaCnnBody));
  EXPECT_TRUE(b.new_story);
}

// Forgetting compacts the candidate lists; the articles still remembered
// keep joining (their slots do not move).
TEST(StoryClustererTest, AfterForgettingTheRestStillJoins) {
  StoryClusterer c;
  const auto old = c.AddArticle(
      Article("old", kT0 - 30 * kDay, "BBC", kFootballTitle, kFootballBody));
  const auto a =
      c.AddArticle(Article("a", kT0, "BBC", kRaqqaBbcTitle, kRaqqaBbcBody));
  c.ForgetBefore(kT0 - kDay);
  const auto b = c.AddArticle(
      Article("b", kT0 + 3600, "CNN", kRaqqaCnnTitle, kRaqqaCnnBody));
  EXPECT_FALSE(b.new_story);
  EXPECT_EQ(b.story_id, a.story_id);
  EXPECT_EQ(b.matched_article, "a");
  // The forgotten one is gone, duplicates included.
  const auto copy = c.AddArticle(
      Article("copy", kT0 + 7200, "CNN", kFootballTitle, kFootballBody));
  EXPECT_EQ(copy.duplicate, DuplicateKind::kNone);
  EXPECT_NE(copy.story_id, old.story_id);
}

TEST(StoryClustererTest, EmptyArticleStartsItsOwnStory) {
  StoryClusterer c;
  const auto a = c.AddArticle(Article("a", kT0, "BBC", "", ""));
  const auto b = c.AddArticle(Article("b", kT0, "BBC", "", ""));
  EXPECT_TRUE(a.new_story);
  EXPECT_TRUE(b.new_story);
  EXPECT_EQ(b.duplicate, DuplicateKind::kNone);
}

TEST(SummarizeArticleTest, LeadIsFirstTermsAndSignatureCoversBody) {
  StoryOptions options;
  options.lead_terms = 3;
  const ArticleSummary s =
      SummarizeArticle("a", kT0, "BBC", "عنوان الخبر", kRaqqaBbcBody, options);
  EXPECT_EQ(s.lead_terms.size(), 3u);
  EXPECT_EQ(s.title_terms.size(), 2u);
  EXPECT_FALSE(s.signature.empty());
  EXPECT_NE(s.content_hash, 0u);
}

TEST(StoryClustererTest, RestoredArticleKeepsItsStoryAndCanBeJoined) {
  StoryClusterer clusterer;
  const UnixSeconds t = 1539000000;
  clusterer.Restore(SummarizeArticle("old", t, "BBC",
                                     "وزراء المياه يبحثون أزمة الجفاف في حوض النهر",
                                     "اجتمع وزراء المياه في دول حوض النهر لبحث أزمة الجفاف "
                                     "وتمويل مشاريع تحلية المياه."),
                    42);
  const StoryAssignment joined = clusterer.AddArticle(SummarizeArticle(
      "new", t + 3600, "CNN", "وزراء المياه يتفقون على مواجهة الجفاف في حوض النهر",
      "اتفق وزراء المياه في دول حوض النهر على مواجهة أزمة الجفاف وتمويل مشاريع "
      "تحلية المياه."));
  EXPECT_FALSE(joined.new_story);
  EXPECT_EQ(joined.story_id, 42u);
  const StoryAssignment other = clusterer.AddArticle(SummarizeArticle(
      "other", t, "CNN", "افتتاح معرض الكتاب", "افتتح معرض الكتاب أبوابه أمام الزوار."));
  EXPECT_TRUE(other.new_story);
  EXPECT_GT(other.story_id, 42u);
}

}  // namespace
}  // namespace khabar::nlp
