#include "extract/html_article.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/file.h"
#include "base/time.h"
#include "extract/extract_eval.h"

namespace khabar::extract {
namespace {

namespace fs = std::filesystem;

const std::string kP1 =
    "قال وزير الخارجية، في مؤتمر صحفي عقده اليوم في العاصمة، إن المحادثات "
    "مع الوفد الزائر تناولت ملفات التعاون الاقتصادي والأمني بين البلدين.";
const std::string kP2 =
    "وأضاف الوزير أن الجانبين اتفقا على تشكيل لجنة مشتركة تجتمع كل ثلاثة "
    "أشهر، وتتابع تنفيذ الاتفاقات الموقعة خلال الزيارة.";
const std::string kP3 =
    "وكانت العلاقات بين البلدين قد شهدت توترا في العام الماضي؛ غير أن "
    "الاتصالات استؤنفت منذ مطلع العام الجاري بوساطة إقليمية.";

std::string Page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta "
         "charset=\"utf-8\">" +
         head + "</head><body>" + body + "</body></html>";
}

std::string Article(const std::string& inner) {
  return "<div class=\"article-body\"><p>" + kP1 + "</p>" + inner + "<p>" +
         kP2 + "</p><p>" + kP3 + "</p></div>";
}

HtmlArticle MustExtract(const std::string& html,
                        const std::string& url = "https://news.example/a/1") {
  Result<HtmlArticle> r = ExtractHtmlArticle(html, url);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : HtmlArticle{};
}

const std::vector<std::string> kBody = {kP1, kP2, kP3};

TEST(ExtractHtmlArticle, KeepsParagraphsInOrder) {
  HtmlArticle a = MustExtract(Page("", Article("")));
  EXPECT_EQ(a.paragraphs, kBody);
  EXPECT_EQ(a.lang, "ar");
}

TEST(ExtractHtmlArticle, MetadataFromOpenGraphAndArticleTags) {
  const std::string head =
      "<title>عنوان الصفحة - موقع الأخبار</title>"
      "<meta property=\"og:title\" content=\"الوزير يلتقي الوفد\">"
      "<meta property=\"og:site_name\" content=\"موقع الأخبار\">"
      "<meta property=\"og:image\" content=\"/img/a.jpg\">"
      "<meta property=\"og:description\" content=\"ملخص الخبر\">"
      "<meta property=\"article:published_time\" "
      "content=\"2024-03-05T10:30:00+03:00\">"
      "<meta property=\"article:modified_time\" "
      "content=\"2024-03-05T12:00:00Z\">"
      "<meta name=\"author\" content=\"سارة أحمد\">"
      "<link rel=\"canonical\" href=\"/news/42\">";
  HtmlArticle a = MustExtract(Page(head, Article("")));
  EXPECT_EQ(a.title, "الوزير يلتقي الوفد");
  EXPECT_EQ(a.site_name, "موقع الأخبار");
  EXPECT_EQ(a.author, "سارة أحمد");
  EXPECT_EQ(a.image_url, "https://news.example/img/a.jpg");
  EXPECT_EQ(a.canonical_url, "https://news.example/news/42");
  EXPECT_EQ(a.description, "ملخص الخبر");
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2024-03-05T07:30:00Z");
  ASSERT_TRUE(a.modified_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.modified_at), "2024-03-05T12:00:00Z");

  RawArticle raw = ToRawArticle(a);
  EXPECT_EQ(raw.url, "https://news.example/news/42");
  EXPECT_EQ(raw.source, "موقع الأخبار");
  EXPECT_EQ(raw.title, a.title);
  EXPECT_EQ(raw.paragraphs, kBody);
  EXPECT_EQ(raw.lang, "ar");
}

TEST(ExtractHtmlArticle, MetadataFromJsonLdGraph) {
  const std::string head =
      "<script "
      "type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
      "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"x\"},"
      "{\"@type\":[\"NewsArticle\"],\"headline\":\"عنوان من JSON-LD\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"محمد علي\"}],"
      "\"datePublished\":\"2023-01-02T03:04:05Z\","
      "\"dateModified\":\"2023-01-03T00:00:00Z\","
      "\"image\":{\"@type\":\"ImageObject\",\"url\":\"https://cdn.example/"
      "i.jpg\"},"
      "\"publisher\":{\"name\":\"جريدة المثال\"}}]}</script>"
      "<title>غير هذا</title>";
  HtmlArticle a = MustExtract(Page(head, Article("")));
  EXPECT_EQ(a.title, "عنوان من JSON-LD");
  EXPECT_EQ(a.author, "محمد علي");
  EXPECT_EQ(a.image_url, "https://cdn.example/i.jpg");
  EXPECT_EQ(a.site_name, "جريدة المثال");
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2023-01-02T03:04:05Z");
  ASSERT_TRUE(a.modified_at.has_value());
}

TEST(ExtractHtmlArticle, JsonLdArrayAndBrokenJsonLd) {
  const std::string head =
      "<script type=\"application/ld+json\">{broken</script>"
      "<script type=\"application/ld+json\">[{\"@type\":\"BreadcrumbList\"},"
      "{\"@type\":\"Article\",\"headline\":\"عنوان\",\"author\":\"كاتب\"}]"
      "</script>";
  HtmlArticle a = MustExtract(Page(head, Article("")));
  EXPECT_EQ(a.title, "عنوان");
  EXPECT_EQ(a.author, "كاتب");
}

TEST(ExtractHtmlArticle, TitleFromH1ThenTitleMinusSiteName) {
  HtmlArticle a =
      MustExtract(Page("<title>عنوان الصفحة الكامل هنا | الجريدة</title>",
                       "<h1>عنوان في الصفحة</h1>" + Article("")));
  EXPECT_EQ(a.title, "عنوان في الصفحة");
  EXPECT_EQ(a.paragraphs, kBody);
  HtmlArticle b = MustExtract(
      Page("<title>عنوان الصفحة الكامل هنا | الجريدة</title>", Article("")));
  EXPECT_EQ(b.title, "عنوان الصفحة الكامل هنا");
  HtmlArticle c =
      MustExtract(Page("<title>الجريدة :: عنوان الصفحة الكامل هنا</title>"
                       "<meta property=\"og:site_name\" content=\"الجريدة\">",
                       Article("")));
  EXPECT_EQ(c.title, "عنوان الصفحة الكامل هنا");
}

TEST(ExtractHtmlArticle, DateFromTimeElementAndAuthorFromByline) {
  HtmlArticle a = MustExtract(
      Page("",
           "<article><header><h1>عنوان</h1><span class=\"byline\">"
           "<a rel=\"author\" href=\"/u/1\">ليلى حسن</a></span><time "
           "datetime=\"2022-11-01T08:00:00+02:00\">1 نوفمبر</time></header>" +
               Article("") + "</article>"));
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2022-11-01T06:00:00Z");
  EXPECT_EQ(a.author, "ليلى حسن");
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, CanonicalFallsBackToOgUrlThenPageUrl) {
  HtmlArticle a = MustExtract(
      Page("<meta property=\"og:url\" content=\"https://x.example/s\">",
           Article("")));
  EXPECT_EQ(a.canonical_url, "https://x.example/s");
  HtmlArticle b = MustExtract(Page("", Article("")), "https://y.example/p");
  EXPECT_EQ(b.canonical_url, "https://y.example/p");
}

TEST(ExtractHtmlArticle, LangFromTextWhenUnset) {
  HtmlArticle a = MustExtract("<html><body>" + Article("") + "</body></html>");
  EXPECT_EQ(a.lang, "ar");
}

TEST(ExtractHtmlArticle, LangFromHtmlAndRawArticleKeepsThePrimaryTag) {
  HtmlArticle a = MustExtract("<html lang=\"ar-EG\"><body>" + Article("") +
                              "</body></html>");
  EXPECT_EQ(a.lang, "ar-eg");
  EXPECT_EQ(ToRawArticle(a).lang, "ar");
  HtmlArticle b = MustExtract(
      "<html lang=\"en\"><body><article><p>The minister said on Monday that "
      "talks with the visiting delegation covered trade, energy and security, "
      "and that a joint committee will meet every three months.</p>"
      "</article></body></html>");
  EXPECT_EQ(ToRawArticle(b).lang, "en");
}

TEST(ExtractHtmlArticle, DatelineGivesTheDateWhenNoMetadataDoes) {
  HtmlArticle a = MustExtract(
      Page("",
           "<div class=\"story\"><h1>عنوان</h1><div class=\"stamp\">الأربعاء، "
           "28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)</div>" +
               Article("") + "</div>"));
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at), "2013-08-28T00:00:00Z");
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, DropsNavigationSidebarFooterAndComments) {
  const std::string body =
      "<nav><ul><li><a href=\"/\">الرئيسية</a></li><li><a href=\"/s\">سياسة"
      "</a></li><li><a href=\"/e\">اقتصاد</a></li></ul></nav>"
      "<div class=\"wrap\">" +
      Article("") +
      "<aside class=\"sidebar\"><h3>الأكثر قراءة</h3><ul>"
      "<li><a href=\"/1\">وزير المالية يعلن موازنة العام المقبل، وسط جدل "
      "واسع في البرلمان حول الإنفاق</a></li></ul></aside>"
      "<div class=\"comments\"><div class=\"comment\"><p>تعليق طويل من أحد "
      "القراء، يقول فيه إنه لا يتفق مع ما ورد في الخبر، ويطالب بالمزيد من "
      "الشفافية.</p></div></div></div>"
      "<footer><p>جميع الحقوق محفوظة © 2024، موقع الأخبار.</p></footer>";
  HtmlArticle a = MustExtract(Page("", body));
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, DropsReadAlsoBoxesSharebarsAdsAndPitches) {
  const std::string inner =
      "<div class=\"share-bar\"><a href=\"#\">فيسبوك</a> <a "
      "href=\"#\">تويتر</a></div>"
      "<p><strong>اقرأ أيضا:</strong> <a href=\"/x\">الحكومة تقر خطة جديدة "
      "للطاقة المتجددة في البلاد</a></p>"
      "<div class=\"ad-slot\">إعلان</div>"
      "<p>شاهد أيضاً: <a href=\"/v\">فيديو اللقاء</a></p>"
      "<p>للمزيد من الأخبار تابعونا على تطبيقنا.</p>"
      "<div class=\"box\"><p>اشترك في نشرتنا البريدية لتصلك أهم الأخبار "
      "يوميا.</p></div>"
      "<div id=\"cookie-notice\"><p>يستخدم هذا الموقع ملفات تعريف الارتباط "
      "لتحسين تجربتك، وباستمرارك في التصفح فإنك توافق على ذلك.</p></div>";
  HtmlArticle a = MustExtract(Page("", Article(inner)));
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, DropsHiddenElements) {
  const std::string inner =
      "<div style=\"display: none\"><p>نص مخفي طويل لا يراه القارئ، ولا يجوز "
      "أن يظهر في متن الخبر المستخرج من الصفحة أبدا.</p></div>"
      "<p hidden>فقرة مخفية أخرى فيها كلام كثير، وفيها فواصل وعلامات ترقيم، "
      "لكنها لا تظهر.</p>";
  HtmlArticle a = MustExtract(Page("", Article(inner)));
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, DropsCaptionsAndTheirRepeats) {
  const std::string caption =
      "وزير الخارجية خلال المؤتمر الصحفي في العاصمة، اليوم.";
  const std::string inner = "<figure><img src=\"a.jpg\"><figcaption>" +
                            caption + "</figcaption></figure><p>" + caption +
                            "</p><div class=\"image-caption\">صورة أرشيفية"
                            "</div>";
  HtmlArticle a = MustExtract(Page("", Article(inner)));
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, DropsRelatedHeadlinesInsideTheArticle) {
  const std::string inner =
      "<ul class=\"list\"><li><a href=\"/1\">الرئيس يستقبل وفدا رسميا "
      "ويبحث معه العلاقات الثنائية</a></li><li><a href=\"/2\">ارتفاع أسعار "
      "النفط في الأسواق العالمية اليوم</a></li></ul>";
  HtmlArticle a = MustExtract(Page("", Article(inner)));
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, ArabicPunctuationOutscoresLinkLists) {
  // A block of prose without hints beats a longer teaser list with a
  // positive class name.
  std::string teasers = "<div class=\"content\">";
  for (int i = 0; i < 12; ++i) {
    teasers += "<div><a href=\"/t" + std::to_string(i) +
               "\">عنوان خبر آخر طويل نسبيا عن موضوع مختلف تماما رقم " +
               std::to_string(i) + "</a></div>";
  }
  teasers += "</div>";
  HtmlArticle a =
      MustExtract(Page("", teasers + "<div><p>" + kP1 + "</p><p>" + kP2 +
                               "</p><p>" + kP3 + "</p></div>"));
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, MixedLatinAndTextRunsAndBrBr) {
  const std::string mixed =
      "وقالت شركة Apple في بيان نشرته على موقعها (apple.com)، إن نظام iOS 18 "
      "سيصل إلى المستخدمين في سبتمبر المقبل.";
  HtmlArticle a =
      MustExtract(Page("", "<div class=\"story\">" + kP1 + "<br><br>" + mixed +
                               "<br><br>" + kP2 + "<br>" + kP3 + "</div>"));
  EXPECT_EQ(a.paragraphs,
            (std::vector<std::string>{kP1, mixed, kP2 + " " + kP3}));
}

TEST(ExtractHtmlArticle, DecodesEntitiesAndCollapsesWhitespace) {
  HtmlArticle a = MustExtract(
      Page("",
           "<article><p>قال   &quot;المتحدث&quot;&nbsp;باسم\n الوزارة، إن "
           "الاجتماع &amp; المؤتمر سيعقدان غداً في مقر الوزارة بالعاصمة.</p>"
           "</article>"));
  ASSERT_EQ(a.paragraphs.size(), 1u);
  EXPECT_EQ(a.paragraphs[0],
            "قال \"المتحدث\" باسم الوزارة، إن الاجتماع & المؤتمر سيعقدان غداً "
            "في مقر الوزارة بالعاصمة.");
}

TEST(ExtractHtmlArticle, RepairsMalformedHtml) {
  HtmlArticle a =
      MustExtract("<html><body><div class=article><p>" + kP1 + "<p>" + kP2 +
                  "<p><b><i>" + kP3 + "</b></i></div></span></td><p");
  EXPECT_EQ(a.paragraphs, kBody);
}

TEST(ExtractHtmlArticle, EmptyOrTextlessPageIsInvalidArgument) {
  for (const std::string& html :
       {std::string(""), std::string("<html></html>"),
        Page("<title>x</title>", "<nav><a href=\"/\">الرئيسية</a></nav>")}) {
    Result<HtmlArticle> r = ExtractHtmlArticle(html, "");
    ASSERT_FALSE(r.ok()) << html;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

// libxml2 2.9.14 stops at 256 levels without XML_PARSE_HUGE (the text
// below would be lost); with it the tree is 100k deep and every walk over it
// uses an explicit stack, so this must neither crash nor lose the paragraph.
TEST(ExtractHtmlArticle, HundredThousandNestedDivs) {
  constexpr int kDepth = 100000;
  std::string html = "<html><body>";
  html.reserve(kDepth * 12 + 1000);
  for (int i = 0; i < kDepth; ++i) html += "<div>";
  html += "<p>" + kP1 + "</p>";
  for (int i = 0; i < kDepth; ++i) html += "</div>";
  html += "</body></html>";
  Result<HtmlArticle> r = ExtractHtmlArticle(html, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->paragraphs, (std::vector<std::string>{kP1}));
  EXPECT_EQ(HtmlFragmentParagraphs(html), (std::vector<std::string>{kP1}));
}

TEST(ExtractHtmlArticle, HundredThousandNestedInlineAndLists) {
  constexpr int kDepth = 100000;
  std::string html = "<html><body><div class=\"story\"><p>" + kP1 + "</p>";
  for (int i = 0; i < kDepth; ++i) html += i % 2 ? "<b>" : "<ul><li>";
  html += "نص";
  html += "</div></body></html>";
  Result<HtmlArticle> r = ExtractHtmlArticle(html, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->paragraphs.front(), kP1);
}

TEST(HtmlFragmentParagraphs, SplitsBlocksAndBrBrAndDropsFigures) {
  EXPECT_EQ(HtmlFragmentParagraphs(
                "<p>أول فقرة</p>نص حر<br><br>ثانٍ<br>تابع<figure><img "
                "src=x><figcaption>تعليق</figcaption></figure><script>x()"
                "</script><style>p{}</style><div>آخر &amp; أخير</div>"),
            (std::vector<std::string>{"أول فقرة", "نص حر", "ثانٍ تابع",
                                      "آخر & أخير"}));
  EXPECT_TRUE(HtmlFragmentParagraphs("").empty());
  EXPECT_TRUE(HtmlFragmentParagraphs("<p> </p><img src=x>").empty());
}

TEST(DiscoverFeedLinks, FindsAlternateFeedsInOrder) {
  const std::string html =
      "<html><head>"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\">"
      "<link rel=\"stylesheet\" href=\"/s.css\">"
      "<link rel=\"Alternate\" type=\"application/atom+xml\" "
      "href=\"https://cdn.example/atom\">"
      "<link rel=\"alternate\" type=\"text/html\" href=\"/en\">"
      "<link rel=\"alternate\" type=\"application/feed+json\" "
      "href=\"feed.json\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\">"
      "</head><body></body></html>";
  EXPECT_EQ(DiscoverFeedLinks(html, "https://news.example/a/b"),
            (std::vector<std::string>{"https://news.example/rss.xml",
                                      "https://cdn.example/atom",
                                      "https://news.example/a/feed.json"}));
  EXPECT_TRUE(DiscoverFeedLinks("", "").empty());
}

// The one real page with gold text (CNN Arabic, from newspaper's tests).
TEST(ExtractHtmlArticle, CnnArabicPageMatchesGold) {
  const fs::path dir =
      fs::path(KHABAR_SHARED_DIR) / "data" / "html-arabic-samples";
  const fs::path html_path = dir / "cnn_arabic_2013_syria_clashes.html";
  const fs::path gold_path = dir / "cnn_arabic_2013_syria_clashes.expected.txt";
  if (!fs::exists(html_path) || !fs::exists(gold_path)) {
    GTEST_SKIP() << "shared data missing: " << html_path
                 << " (configure with -DKHABAR_SHARED_DIR=...)";
  }
  Result<std::string> html = ReadFile(html_path.string());
  Result<std::string> gold = ReadFile(gold_path.string());
  ASSERT_TRUE(html.ok() && gold.ok());
  HtmlArticle a = MustExtract(*html, "http://arabic.cnn.com/");
  const TokenOverlap score =
      CompareParagraphs(a.paragraphs, GoldParagraphs(*gold));
  EXPECT_GE(score.F1(), 0.95)
      << "P " << score.Precision() << " R " << score.Recall();
  EXPECT_EQ(a.title, "معارضون يسيطرون على مخازن للصواريخ بريف دمشق");
  EXPECT_EQ(a.site_name, "CNNArabic");
  EXPECT_EQ(
      a.canonical_url,
      "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html");
  ASSERT_TRUE(a.published_at.has_value());
  EXPECT_EQ(FormatIso8601(*a.published_at).substr(0, 10), "2013-08-28");
}

}  // namespace
}  // namespace khabar::extract
