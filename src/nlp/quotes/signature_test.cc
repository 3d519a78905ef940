#include "nlp/quotes/signature.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "text/analyzer.h"

namespace khabar::nlp {
namespace {

const std::string kArticle =
    "أعلن وزير الدفاع الاميركي اشتون كارتر ونظيره البريطاني مايكل فالون، "
    "اليوم الاربعاء، أن الهجوم لاستعادة مدينة الرقة السورية من تنظيم داعش "
    "سيبدأ في الاسابيع المقبلة. وقال كارتر الذي وصل اليوم إلى بروكسل "
    "للمشاركة في اجتماع وزاري للحلف الاطلسي إن الهجوم سيبدأ في الاسابيع "
    "المقبلة، مضيفا أنها خطتنا منذ وقت طويل ونحن قادرون على دعم الهجومين "
    "على الموصل العراقية والرقة في الوقت نفسه.";

TEST(MinHashTest, IdenticalTextsEstimateOne) {
  EXPECT_EQ(EstimateJaccard(ComputeSignature(kArticle),
                            ComputeSignature(kArticle)),
            1.0);
}

TEST(MinHashTest, SpellingVariantsAndPunctuationDoNotMatter) {
  std::string variant = kArticle;
  // Hamza and teh marbuta spellings, harakat, extra punctuation.
  for (auto [from, to] : {std::pair<std::string, std::string>{"أعلن", "اعلن"},
                          {"مدينة", "مدينه"},
                          {"مضيفا", "مضيفًا"},
                          {"، ", " ، "}}) {
    for (std::size_t p = variant.find(from); p != std::string::npos;
         p = variant.find(from, p + to.size())) {
      variant.replace(p, from.size(), to);
    }
  }
  EXPECT_EQ(EstimateJaccard(ComputeSignature(kArticle),
                            ComputeSignature(variant)),
            1.0);
}

TEST(MinHashTest, DisjointTextsEstimateNearZero) {
  const std::string other =
      "فاز فريق ريال مدريد على برشلونة بثلاثة أهداف مقابل هدف في مباراة "
      "الكلاسيكو التي جرت مساء السبت على ملعب سانتياغو برنابيو أمام جمهور "
      "غفير، وسجل رونالدو هدفين.";
  EXPECT_LT(EstimateJaccard(ComputeSignature(kArticle),
                            ComputeSignature(other)),
            0.05);
}

TEST(MinHashTest, SmallEditStaysNearDuplicate) {
  // One word changed and a boilerplate line added: a republished article.
  std::string edited = kArticle;
  edited.replace(edited.find("الاربعاء"), std::string("الاربعاء").size(),
                 "الثلاثاء");
  edited += "\nتابعونا على تويتر";
  const double j =
      EstimateJaccard(ComputeSignature(kArticle), ComputeSignature(edited));
  EXPECT_GE(j, kNearDuplicateJaccard);
  EXPECT_LT(j, 1.0);
  EXPECT_EQ(ClassifyOverlap(j), Overlap::kNearDuplicate);
}

TEST(MinHashTest, RewrittenHalfIsSharedTextNotDuplicate) {
  const std::string half = kArticle.substr(0, kArticle.find("وقال"));
  const std::string rewritten =
      half + "وتوقع مراقبون أن تستغرق المعركة أشهرا طويلة بسبب تحصينات "
             "التنظيم داخل المدينة وكثافة السكان المدنيين فيها.";
  const double j =
      EstimateJaccard(ComputeSignature(kArticle), ComputeSignature(rewritten));
  EXPECT_LT(j, kNearDuplicateJaccard);
  EXPECT_GT(j, 0.15);
}

TEST(MinHashTest, EmptyTextMatchesNothing) {
  const MinHashSignature empty = ComputeSignature("");
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(EstimateJaccard(empty, empty), 0.0);
  EXPECT_EQ(EstimateJaccard(empty, ComputeSignature(kArticle)), 0.0);
  EXPECT_TRUE(ComputeSignature("، . ؟ !").empty());
}

TEST(MinHashTest, ShortTextIsOneShingle) {
  const MinHashSignature a = ComputeSignature("الرقة");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(EstimateJaccard(a, ComputeSignature("بالرقة")), 1.0);
}

TEST(MinHashTest, SerializeRoundTrips) {
  const MinHashSignature sig = ComputeSignature(kArticle);
  const std::string blob = sig.Serialize();
  EXPECT_EQ(blob.size(), kSignatureBytes);
  const Result<MinHashSignature> parsed = MinHashSignature::Parse(blob);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, sig);
}

TEST(MinHashTest, SignatureIsStableAcrossBuilds) {
  // Persisted: a change here invalidates every stored signature and needs a
  // new kSignatureVersion.
  const MinHashSignature sig = ComputeSignature("الهجوم على الرقة سيبدأ قريبا");
  EXPECT_EQ(sig.values()[0], ComputeSignature("الهجوم على الرقة سيبدأ قريبا")
                                 .values()[0]);
  EXPECT_EQ(sig.Serialize()[0], static_cast<char>(kSignatureVersion));
}

TEST(MinHashTest, ParseRejectsWrongSizeAndVersion) {
  EXPECT_EQ(MinHashSignature::Parse("abc").status().code(),
            StatusCode::kCorruption);
  std::string blob = ComputeSignature(kArticle).Serialize();
  blob[0] = 9;
  EXPECT_EQ(MinHashSignature::Parse(blob).status().code(),
            StatusCode::kCorruption);
}

TEST(MinHashTest, BandKeysShareAKeyForNearDuplicates) {
  std::string edited = kArticle;
  edited.replace(edited.find("الاربعاء"), std::string("الاربعاء").size(),
                 "الثلاثاء");
  const auto a = ComputeSignature(kArticle).BandKeys();
  const auto b = ComputeSignature(edited).BandKeys();
  std::size_t shared = 0;
  for (std::size_t i = 0; i < kLshBands; ++i) shared += a[i] == b[i];
  EXPECT_GT(shared, 0u);
}

TEST(MinHashTest, BandKeysOfDifferentBandsDiffer) {
  const auto keys = ComputeSignature(kArticle).BandKeys();
  EXPECT_EQ(std::set<uint64_t>(keys.begin(), keys.end()).size(), kLshBands);
}

TEST(MinHashTest, PreanalyzedTextHasTheSameSignature) {
  text::AnalyzedText analyzed;
  text::MakeKhabarAnalyzer()->Analyze(kArticle, text::AnalyzerMode::kDocument,
                                      &analyzed);
  EXPECT_EQ(ComputeSignature(analyzed).Serialize(),
            ComputeSignature(kArticle).Serialize());
}

}  // namespace
}  // namespace khabar::nlp
