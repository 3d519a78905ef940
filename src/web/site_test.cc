// The Site as a function: every route answered without a network, on a
// small store built here (two sources covering one story, an article whose
// every field is an HTML/script payload).
#include "web/site.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include <zlib.h>

#include "base/time.h"
#include "web/compress.h"
#include "web/html.h"

namespace khabar::web {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr char kPayload[] = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";

store::Article MakeArticle(std::string source, std::string title,
                           std::vector<std::string> paragraphs,
                           UnixSeconds published, std::string hash) {
  store::Article a;
  a.source = std::move(source);
  a.title = std::move(title);
  a.paragraphs = std::move(paragraphs);
  a.published_at = published;
  a.ingested_at = published;
  a.content_hash = std::move(hash);
  return a;
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khabar-site-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    service::LibraryOptions options;
    options.data_dir = dir_.string();
    auto lib = service::Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    library_ = std::move(*lib);

    const UnixSeconds t0 = *MakeUtc(2016, 10, 26, 9);
    store::Article first = MakeArticle(
        "وكالة أ", "واشنطن ولندن: الهجوم على الرقة «في الأسابيع المقبلة»",
        {"أعلن وزير الدفاع الأميركي اشتون كارتر أن الهجوم على الرقة سيبدأ في "
         "الأسابيع المقبلة.",
         "وقال كارتر: \"سنبدأ الهجوم قريبا جدا\"."},
        t0, "h1");
    first.analysis.topic = "world";
    first.analysis.keywords = {"الرقة", "الهجوم"};
    first.analysis.summary = {"أعلن وزير الدفاع الأميركي أن الهجوم سيبدأ."};
    first.analysis.entities = {{"PERS", "اشتون كارتر", "اشتون كارتر", 2, 30},
                               {"LOC", "الرقة", "رقة", 2, 60}};
    first.analysis.quotes = {
        {"اشتون كارتر", "اشتون كارتر", "سنبدأ الهجوم قريبا جدا", "قال", 120}};
    auto put1 = library_->store().Put(first);
    ASSERT_TRUE(put1.ok()) << put1.status().ToString();
    first_id_ = put1->id;
    story_id_ = put1->story_id;

    store::Article second = MakeArticle(
        "صحيفة ب", "الرقة: هجوم مرتقب خلال أسابيع",
        {"قال وزير الدفاع الأميركي اشتون كارتر إن معركة الرقة قريبة."}, t0 + 3600,
        "h2");
    second.analysis.topic = "world";
    second.analysis.entities = {{"PERS", "اشتون كارتر", "اشتون كارتر", 1, 20},
                                {"LOC", "الرقة", "رقة", 1, 50}};
    second.story_id = story_id_;
    auto put2 = library_->store().Put(second);
    ASSERT_TRUE(put2.ok()) << put2.status().ToString();
    second_id_ = put2->id;

    store::Article hostile = MakeArticle(
        std::string("مصدر ") + kPayload, std::string("عنوان ") + kPayload,
        {std::string("فقرة ") + kPayload + " نص عادي"}, t0 - 86400, "h3");
    hostile.author = kPayload;
    hostile.url = "javascript:alert(1)";
    hostile.analysis.topic = "sport";
    hostile.analysis.keywords = {kPayload};
    hostile.analysis.entities = {{"ORG", kPayload, "payload", 1, 0}};
    hostile.analysis.quotes = {{kPayload, "payload", kPayload, "قال", 0}};
    auto put3 = library_->store().Put(hostile);
    ASSERT_TRUE(put3.ok()) << put3.status().ToString();
    hostile_id_ = put3->id;

    SiteOptions site_options;
    site_options.library.data_dir = dir_.string();
    site_options.base_url = "http://news.example";
    site_options.access_log = nullptr;
    auto site = Site::Open(site_options);
    ASSERT_TRUE(site.ok()) << site.status().ToString();
    site_ = std::move(*site);
  }

  void TearDown() override {
    site_.reset();
    library_.reset();
    fs::remove_all(dir_);
  }

  Response Get(std::string target, std::string method = "GET") {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    return site_->Handle(r);
  }

  static std::string Header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  fs::path dir_;
  std::unique_ptr<service::Library> library_;
  std::unique_ptr<Site> site_;
  store::ArticleId first_id_ = 0, second_id_ = 0, hostile_id_ = 0;
  store::StoryId story_id_ = 0;
};

TEST_F(SiteTest, HomeIsArabicRightToLeftWithSecurityHeaders) {
  Response r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.Body().find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(r.Body().find("التغطية الكاملة"), std::string::npos);
  EXPECT_NE(r.Body().find("/story/" + std::to_string(story_id_)), std::string::npos);
  const std::string csp = Header(r, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(Header(r, "Referrer-Policy").empty());
  EXPECT_NE(r.Body().find("rel=\"alternate\" type=\"application/atom+xml\""),
            std::string::npos);
  EXPECT_EQ(r.Body().find("<script"), std::string::npos);
  EXPECT_EQ(r.Body().find(" style=\""), std::string::npos);  // CSP: no inline style
}

TEST_F(SiteTest, ArticlePageShowsItsStoryEntitiesQuotesAndBothCalendars) {
  Response r = Get("/article/" + std::to_string(first_id_));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.Body().find("«في الأسابيع المقبلة»"), std::string::npos);
  EXPECT_NE(r.Body().find("26 أكتوبر 2016"), std::string::npos);
  EXPECT_NE(r.Body().find("هـ"), std::string::npos);  // Hijri date
  EXPECT_NE(r.Body().find("/entity/" + UrlEncode("اشتون كارتر")), std::string::npos);
  EXPECT_NE(r.Body().find("سنبدأ الهجوم قريبا جدا"), std::string::npos);
  EXPECT_NE(r.Body().find("/article/" + std::to_string(second_id_)),
            std::string::npos);  // the other article of the story
  EXPECT_NE(r.Body().find("القصة نفسها من مصادر أخرى"), std::string::npos);
}

TEST_F(SiteTest, MoreLikeThisSharesEntitiesAcrossStories) {
  store::Article related = MakeArticle(
      "صحيفة ج", "سكان الرقة يترقبون المعركة", {"يترقب سكان الرقة بدء الهجوم."},
      *MakeUtc(2016, 10, 20), "h5");
  related.analysis.entities = {{"LOC", "الرقة", "رقة", 3, 10}};
  const store::ArticleId id = library_->store().Put(related)->id;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // version
  Response r = Get("/article/" + std::to_string(first_id_));
  ASSERT_EQ(r.status, 200);
  const std::size_t more = r.Body().find("مقالات مشابهة");
  ASSERT_NE(more, std::string::npos);
  EXPECT_NE(r.Body().find("/article/" + std::to_string(id), more),
            std::string::npos);
  // The story's own other article is listed once, under the story.
  EXPECT_EQ(r.Body().find("/article/" + std::to_string(second_id_), more),
            std::string::npos);
}

TEST_F(SiteTest, EveryPieceOfArticleTextIsEscaped) {
  for (const std::string& target :
       {"/article/" + std::to_string(hostile_id_), std::string("/"),
        std::string("/latest"), std::string("/topic/sport"),
        "/search?q=" + UrlEncode("عنوان"), std::string("/sources"),
        std::string("/entity/payload")}) {
    Response r = Get(target);
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.Body().find("<script"), std::string::npos) << target;
    EXPECT_EQ(r.Body().find("<img"), std::string::npos) << target;
    EXPECT_EQ(r.Body().find("javascript:"), std::string::npos) << target;
  }
  Response article = Get("/article/" + std::to_string(hostile_id_));
  EXPECT_NE(article.Body().find("&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  for (const char* format : {"atom", "rss"}) {
    Response feed = Get(std::string("/topic/sport?format=") + format);
    ASSERT_EQ(feed.status, 200) << format;
    EXPECT_EQ(feed.Body().find("<script"), std::string::npos) << format;
  }
  // JSON Feed carries the title as plain-text data, unchanged.
  Response feed = Get("/topic/sport?format=json");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(json::parse(feed.Body())["items"][0]["title"],
            std::string("عنوان ") + kPayload);
  Response api = Get("/api/v1/articles/" + std::to_string(hostile_id_));
  ASSERT_EQ(api.status, 200);
  // JSON carries the text as data; the content type keeps browsers from
  // rendering it.
  EXPECT_EQ(api.content_type, "application/json");
  EXPECT_EQ(json::parse(api.Body())["author"], kPayload);
}

TEST_F(SiteTest, SearchFoldsHamzaAndClitics) {
  for (const char* q : {"اسابيع", "الأسابيع", "بالرقة"}) {
    Response r = Get("/search?q=" + UrlEncode(q));
    ASSERT_EQ(r.status, 200) << q;
    EXPECT_NE(r.Body().find("/article/" + std::to_string(first_id_)),
              std::string::npos)
        << q;
    EXPECT_NE(r.Body().find("<mark>"), std::string::npos) << q;
  }
}

TEST_F(SiteTest, SearchWithoutResultsSuggestsAShorterQuery) {
  // No sport article mentions الرقة, even with any word: suggest the query
  // without its filter.
  Response r = Get("/search?q=" + UrlEncode("الرقة topic:sport"));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.Body().find("لم نجد مقالات"), std::string::npos);
  EXPECT_NE(r.Body().find("/search?q=" + UrlEncode("الرقة")), std::string::npos);
}

TEST_F(SiteTest, BadQueriesAndParametersAreClearErrors) {
  EXPECT_EQ(Get("/search?q=" + std::string(2000, 'a')).status, 400);
  EXPECT_EQ(Get("/search?q=%FF%FE").status, 200);  // undecodable: empty query
  EXPECT_EQ(Get("/latest?page=0").status, 400);
  EXPECT_EQ(Get("/latest?page=abc").status, 400);
  EXPECT_EQ(Get("/?format=pdf").status, 400);
  EXPECT_EQ(Get("/api/v1/articles?per_page=1000").status, 400);
  EXPECT_EQ(Get("/%ZZ").status, 400);
}

TEST_F(SiteTest, UnknownThingsAre404InArabic) {
  for (const char* target : {"/nothing", "/article/999999", "/article/abc",
                             "/story/999999", "/entity/nobody", "/topic/nope",
                             "/source/999", "/static/nope.css"}) {
    Response r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_NE(r.Body().find("الصفحة غير موجودة"), std::string::npos) << target;
    EXPECT_NE(r.Body().find("dir=\"rtl\""), std::string::npos) << target;
  }
  Response api = Get("/api/v1/articles/999999");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(json::parse(api.Body())["error"]["status"], 404);
}

TEST_F(SiteTest, OtherMethodsAre405WithAllow) {
  Response r = Get("/", "POST");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Header(r, "Allow"), "GET, HEAD");
  EXPECT_NE(r.Body().find("غير مسموحة"), std::string::npos);
}

TEST_F(SiteTest, StoryPageListsEverySourceInTimeOrder) {
  Response r = Get("/story/" + std::to_string(story_id_));
  ASSERT_EQ(r.status, 200);
  const std::size_t a = r.Body().find("/article/" + std::to_string(first_id_));
  const std::size_t b = r.Body().find("/article/" + std::to_string(second_id_));
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_NE(r.Body().find("مقالان من مصدرين"), std::string::npos);
  EXPECT_NE(r.Body().find("سنبدأ الهجوم قريبا جدا"), std::string::npos);
}

TEST_F(SiteTest, EntityPageHasArticlesQuotesRelatedAndAnAccessibleChart) {
  Response r = Get("/entity/" + UrlEncode("اشتون كارتر"));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.Body().find("<svg role=\"img\""), std::string::npos);
  EXPECT_NE(r.Body().find("<title id=\"chart-title\">"), std::string::npos);
  EXPECT_NE(r.Body().find("من تصريحاته"), std::string::npos);
  EXPECT_NE(r.Body().find("/entity/" + UrlEncode("رقة")), std::string::npos);
  EXPECT_NE(r.Body().find("/article/" + std::to_string(second_id_)),
            std::string::npos);
}

TEST_F(SiteTest, FeedsCarryTheListingsItemsWithAbsoluteLinks) {
  Response atom = Get("/topic/world?format=atom");
  ASSERT_EQ(atom.status, 200);
  EXPECT_EQ(atom.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_NE(atom.Body().find("xml:lang=\"ar\""), std::string::npos);
  EXPECT_NE(atom.Body().find("http://news.example/article/" +
                           std::to_string(first_id_)),
            std::string::npos);
  EXPECT_EQ(atom.Body().find("/article/" + std::to_string(hostile_id_)),
            std::string::npos);  // sport, not world
  Response rss = Get("/?format=rss");
  EXPECT_EQ(rss.content_type, "application/rss+xml; charset=utf-8");
  Response feed = Get("/entity/" + UrlEncode("اشتون كارتر") + "?format=json");
  ASSERT_EQ(feed.status, 200);
  const json j = json::parse(feed.Body());
  EXPECT_EQ(j["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(j["items"].size(), 2u);
}

TEST_F(SiteTest, ApiListsPaginatesAndFilters) {
  json all = json::parse(Get("/api/v1/articles?per_page=2").Body());
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(all["items"].size(), 2u);
  EXPECT_FALSE(all["next"].is_null());
  json page2 = json::parse(Get("/api/v1/articles?per_page=2&page=2").Body());
  EXPECT_EQ(page2["items"].size(), 1u);
  EXPECT_TRUE(page2["next"].is_null());
  json world = json::parse(Get("/api/v1/articles?topic=world").Body());
  EXPECT_EQ(world["total"], 2);
  json person = json::parse(
      Get("/api/v1/search?q=" + UrlEncode("الهجوم") + "&person=" +
          UrlEncode("كارتر"))
          .Body());
  EXPECT_GE(person["total"].get<int>(), 1);
  json stories = json::parse(Get("/api/v1/stories").Body());
  ASSERT_FALSE(stories["items"].empty());
  EXPECT_EQ(stories["items"][0]["id"], story_id_);  // two sources rank first
  json quotes = json::parse(
      Get("/api/v1/entities/" + UrlEncode("اشتون كارتر") + "/quotes").Body());
  ASSERT_EQ(quotes["items"].size(), 1u);
  EXPECT_EQ(quotes["items"][0]["text"], "سنبدأ الهجوم قريبا جدا");
  json openapi = json::parse(Get("/api/v1/openapi.json").Body());
  EXPECT_EQ(openapi["openapi"], "3.1.0");
}

TEST_F(SiteTest, NewArticlesShowThroughThePageCache) {
  Response before = Get("/latest");
  ASSERT_EQ(before.status, 200);
  store::Article fresh = MakeArticle("وكالة أ", "خبر عاجل جديد تماما",
                                     {"نص الخبر العاجل."},
                                     *MakeUtc(2016, 10, 27), "h4");
  ASSERT_TRUE(library_->store().Put(fresh).ok());
  // The data version is read at most once a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Response after = Get("/latest");
  EXPECT_NE(after.Body().find("خبر عاجل جديد تماما"), std::string::npos);
}

TEST_F(SiteTest, UnknownParametersDoNotBypassThePageCache) {
  ASSERT_EQ(Get("/latest").status, 200);
  ASSERT_EQ(Get("/latest?_=1").status, 200);
  ASSERT_EQ(Get("/latest?utm_source=x&_=2").status, 200);
  ASSERT_EQ(Get("/latest?page=1").status, 200);  // shapes the answer: a miss
  Response metrics = Get("/metrics");
  EXPECT_NE(metrics.Body().find("khabar_page_cache_requests_total{result=\"hit\"} 2"),
            std::string::npos)
      << metrics.body;
}

std::string Gunzip(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

TEST_F(SiteTest, PagesAreGzippedForReadersWhoAcceptIt) {
  for (int round = 0; round < 2; ++round) {  // rendered, then from the cache
    SCOPED_TRACE(round);
    Response plain = Get("/");
    Request request;
    request.method = "GET";
    request.target = "/";
    request.headers.emplace_back("accept-encoding", "br;q=1.0, gzip;q=0.8");
    Response gz = site_->Handle(request);
    ASSERT_EQ(gz.status, 200);
    EXPECT_EQ(Header(gz, "Content-Encoding"), "gzip");
    EXPECT_EQ(Header(gz, "Vary"), "Accept-Encoding");
    EXPECT_EQ(Header(plain, "Content-Encoding"), "");
    EXPECT_LT(gz.Body().size(), plain.Body().size() / 2);
    EXPECT_EQ(Gunzip(gz.Body()), plain.Body());
  }
  Request refused;
  refused.method = "GET";
  refused.target = "/static/site.css";
  refused.headers.emplace_back("accept-encoding", "gzip;q=0, deflate");
  EXPECT_EQ(Header(site_->Handle(refused), "Content-Encoding"), "");
}

TEST(CompressTest, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.01"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, *"));  // gzip itself refused
  EXPECT_TRUE(IsCompressible("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/atom+xml; charset=utf-8"));
  EXPECT_FALSE(IsCompressible("font/woff2"));
}

// `serve --read-only` (a hot standby, a read-only copy): the public site
// answers from a read-only connection; reader routes answer 503 and write
// nothing; a signed-in reader's cookie is ignored on public pages.
TEST_F(SiteTest, ReadOnlyInstanceServesReadsAndRefusesReaderRoutes) {
  auto file_bytes = [this] {
    std::string all;
    for (const char* name : {"khabar.db", "khabar.db-wal"}) {
      std::ifstream in(dir_ / name, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  };
  site_.reset();
  SiteOptions options;
  options.library.data_dir = dir_.string();
  options.base_url = "http://news.example";
  options.access_log = nullptr;
  options.read_only = true;
  auto site = Site::Open(options);
  ASSERT_TRUE(site.ok()) << site.status().ToString();
  site_ = std::move(*site);
  const std::string before = file_bytes();

  EXPECT_EQ(Get("/").status, 200);
  Response search = Get("/search?q=%D8%A8%D8%A7%D9%84%D8%B1%D9%82%D8%A9");  // بالرقة
  EXPECT_EQ(search.status, 200);
  EXPECT_NE(search.Body().find("/article/" + std::to_string(first_id_)), std::string::npos);
  EXPECT_EQ(Get("/article/" + std::to_string(first_id_)).status, 200);
  EXPECT_EQ(Get("/latest?format=rss").status, 200);
  EXPECT_EQ(Get("/api/v1/articles/" + std::to_string(first_id_)).status, 200);

  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{
           {"POST", "/login"}, {"POST", "/signup"}, {"GET", "/login"},
           {"GET", "/account"}, {"GET", "/saved"}, {"GET", "/for-you"},
           {"POST", "/follow"}, {"GET", "/newsletters"}}) {
    Response r = Get(target, method);
    EXPECT_EQ(r.status, 503) << method << " " << target;
    EXPECT_EQ(Header(r, "Retry-After"), "60") << target;
    EXPECT_NE(r.Body().find("للقراءة فقط"), std::string::npos) << target;
  }
  Response me = Get("/api/v1/me");
  EXPECT_EQ(me.status, 503);
  EXPECT_NE(me.content_type.find("json"), std::string::npos);

  Request signed_in;
  signed_in.method = "GET";
  signed_in.target = "/article/" + std::to_string(second_id_);
  signed_in.headers.emplace_back("cookie", "khabar_session=abc123");
  Response page = site_->Handle(signed_in);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Body().find("/logout"), std::string::npos);

  EXPECT_TRUE(before == file_bytes()) << "the read-only site changed the database";
}

TEST_F(SiteTest, HealthAndMetrics) {
  Response health = Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.Body())["articles"], 3);
  Get("/");
  Get("/article/" + std::to_string(first_id_));
  Response metrics = Get("/metrics");
  EXPECT_NE(metrics.Body().find("khabar_http_requests_total{route=\"/\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(metrics.Body().find("khabar_http_request_duration_seconds_bucket{route=\"/article/{id}\""),
            std::string::npos);
  EXPECT_NE(metrics.Body().find("khabar_articles 3"), std::string::npos);
  EXPECT_NE(metrics.Body().find("khabar_database_bytes"), std::string::npos);
  // The fixture's articles were stored with 2016 ingest times.
  EXPECT_NE(metrics.Body().find("khabar_articles_ingested_last_day 0"),
            std::string::npos);
}

TEST_F(SiteTest, StaticFilesHaveTypesAndRevalidate) {
  Response css = Get("/static/site.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  Request again;
  again.method = "GET";
  again.target = "/static/site.css";
  again.headers.emplace_back("if-none-match", Header(css, "ETag"));
  EXPECT_EQ(site_->Handle(again).status, 304);
}

TEST(HtmlTest, EscapingAndUrlCoding) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(UrlEncode("الرقة 1"), "%D8%A7%D9%84%D8%B1%D9%82%D8%A9%201");
  EXPECT_EQ(UrlDecode("%D8%A7+b", true), std::optional<std::string>("ا b"));
  EXPECT_EQ(UrlDecode("%D8", false), std::nullopt);  // not UTF-8
  EXPECT_EQ(UrlDecode("%G1", false), std::nullopt);
  EXPECT_EQ(UrlDecode("%4", false), std::nullopt);
  EXPECT_EQ(SanitizeText("a\x01" "b\xFF"), "ab\xEF\xBF\xBD");
  auto params = ParseQueryString("q=%D8%A7&page=2&&x");
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0].second, "ا");
  EXPECT_EQ(params[2].first, "x");
}

}  // namespace
}  // namespace khabar::web
