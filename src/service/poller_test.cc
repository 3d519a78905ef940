// The poller against a loopback HTTP server (net/fake_http_server.h): what
// it fetches, what it stores, how it backs off, and — one test per hostile
// input — that a bad source becomes a clear error on that source while the
// poll and every other source go on.
#include "service/poller.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "net/fake_http_server.h"
#include "service/library.h"
#include "service/sources.h"

namespace khabar::service {
namespace {

namespace fs = std::filesystem;
using net::testing::FakeHttpRoute;
using net::testing::FakeHttpServer;

constexpr UnixSeconds kT0 = 1800000000;

// One paragraph of about 40 words: four make an entry that holds the whole
// article (PollerOptions::full_content_words is 120).
std::string Paragraph(const std::string& word, int n) {
  return "قال مسؤول في " + word + " إن الفقرة رقم " + std::to_string(n) +
         " من هذا الخبر تشرح المشروع الجديد بالتفصيل، وإن العمل سيستمر حتى "
         "نهاية العام المقبل بتمويل من الحكومة والقطاع الخاص، وأضاف أن "
         "السكان سيستفيدون من الخدمات الجديدة في المدارس والمستشفيات والطرق "
         "العامة خلال السنوات القليلة المقبلة.";
}

std::string FullContent(const std::string& word) {
  std::string html;
  for (int i = 1; i <= 5; ++i) html += "<p>" + Paragraph(word, i) + "</p>";
  return html;
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

struct Entry {
  std::string guid, title, link, content;  // content: HTML, may be empty
};

std::string Rss(const std::vector<Entry>& entries) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
      "<title>وكالة الاختبار</title><link>http://127.0.0.1/</link>";
  for (const Entry& e : entries) {
    xml += "<item><title>" + e.title + "</title><guid>" + e.guid + "</guid>";
    if (!e.link.empty()) xml += "<link>" + e.link + "</link>";
    xml += "<pubDate>Wed, 25 Nov 2026 08:30:00 GMT</pubDate>";
    if (!e.content.empty()) {
      xml += "<content:encoded>" + XmlEscape(e.content) + "</content:encoded>";
    }
    xml += "<description>ملخص قصير</description></item>";
  }
  return xml + "</channel></rss>";
}

std::string ArticlePage(const std::string& title, const std::string& word,
                        const std::string& charset = "utf-8") {
  std::string page =
      "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"" +
      charset + "\"><title>" + title +
      " - موقع الاختبار</title></head><body><nav><a href=\"/\">الرئيسية</a> "
      "<a href=\"/a\">سياسة</a> <a href=\"/b\">رياضة</a></nav><article><h1>" +
      title + "</h1>";
  for (int i = 1; i <= 4; ++i) page += "<p>" + Paragraph(word, i) + "</p>";
  return page + "</article><footer>جميع الحقوق محفوظة</footer></body></html>";
}

// gzip of `bytes` zeros (a "bomb": a few KB that decode to `bytes`).
std::string GzipZeros(std::size_t bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY),
            Z_OK);
  const std::string chunk(1 << 20, '\0');
  std::string out;
  char buffer[1 << 16];
  std::size_t left = bytes;
  int flush = Z_NO_FLUSH;
  do {
    const std::size_t n = std::min(left, chunk.size());
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return out;
}

// windows-1256 bytes for the Arabic letters used below (the rest is ASCII).
std::string ToWindows1256(const std::string& utf8) {
  // Arabic letters U+0621..U+064A and the Arabic comma, to windows-1256.
  static const std::pair<char32_t, unsigned char> kTable[] = {
      {0x060C, 0xA1}, {0x0621, 0xC1}, {0x0622, 0xC2}, {0x0623, 0xC3},
      {0x0624, 0xC4}, {0x0625, 0xC5}, {0x0626, 0xC6}, {0x0627, 0xC7},
      {0x0628, 0xC8}, {0x0629, 0xC9}, {0x062A, 0xCA}, {0x062B, 0xCB},
      {0x062C, 0xCC}, {0x062D, 0xCD}, {0x062E, 0xCE}, {0x062F, 0xCF},
      {0x0630, 0xD0}, {0x0631, 0xD1}, {0x0632, 0xD2}, {0x0633, 0xD3},
      {0x0634, 0xD4}, {0x0635, 0xD5}, {0x0636, 0xD6}, {0x0637, 0xD8},
      {0x0638, 0xD9}, {0x0639, 0xDA}, {0x063A, 0xDB}, {0x0640, 0xDC},
      {0x0641, 0xDD}, {0x0642, 0xDE}, {0x0643, 0xDF}, {0x0644, 0xE1},
      {0x0645, 0xE3}, {0x0646, 0xE4}, {0x0647, 0xE5}, {0x0648, 0xE6},
      {0x0649, 0xEC}, {0x064A, 0xED}};
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = utf8[i];
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const char32_t cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
    i += 2;
    unsigned char mapped = '?';
    for (const auto& [from, to] : kTable) {
      if (from == cp) mapped = to;
    }
    out += static_cast<char>(mapped);
  }
  return out;
}

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khabar_poller_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    LibraryOptions options;
    options.data_dir = (dir_ / "data").string();
    auto lib = Library::Open(options);
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    lib_ = std::move(lib).value();
    options_.fetch.allow_hosts = {"127.0.0.1"};
    options_.fetch.total_timeout_ms = 3000;
    options_.fetch.max_bytes = 4u << 20;
    options_.host_delay = std::chrono::milliseconds(0);
    options_.now = [this] { return now_; };
  }
  void TearDown() override {
    lib_.reset();
    fs::remove_all(dir_);
  }

  store::SourceId Add(const std::string& location) {
    Sources sources(lib_->sources());
    auto added = sources.Add(location, now_);
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return added.ok() ? added->id : 0;
  }
  store::Source Get(store::SourceId id) {
    auto source = lib_->sources().GetSource(id);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? *source : store::Source{};
  }
  std::vector<PollResult> PollAll(Poller& poller, bool all = true) {
    auto polled = poller.PollDue(all);
    EXPECT_TRUE(polled.ok()) << polled.status().ToString();
    return polled.ok() ? *polled : std::vector<PollResult>{};
  }
  static const PollResult* Of(const std::vector<PollResult>& results,
                              store::SourceId id) {
    for (const PollResult& r : results) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }
  int64_t Found(const std::string& query) {
    auto page = lib_->searcher().Search(query, 10, 0);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->total : -1;
  }

  fs::path dir_;
  std::unique_ptr<Library> lib_;
  PollerOptions options_;
  UnixSeconds now_ = kT0;
};

TEST_F(PollerTest, FeedEntriesWithFullContentAreStoredWithoutFetchingPages) {
  FakeHttpServer server;
  server.Route("/rss",
               {.headers = {{"Content-Type", "application/rss+xml"}},
                .body = Rss({{"g1", "خبر عن الزعفرانية", server.url("/never"),
                              FullContent("الزعفرانية")}})});
  const store::SourceId id = Add(server.url("/rss"));
  Poller poller(*lib_, options_);
  const auto results = PollAll(poller);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  EXPECT_EQ(results[0].kind, "feed");
  EXPECT_EQ(results[0].new_articles, 1);
  server.WaitIdle(std::chrono::seconds(2));
  for (const auto& request : server.requests) EXPECT_NE(request.path, "/never");
  EXPECT_EQ(Found("بالزعفرانية"), 1);
  const store::Source source = Get(id);
  EXPECT_EQ(source.format, "rss2");
  EXPECT_EQ(source.title, "وكالة الاختبار");
  EXPECT_EQ(source.articles, 1);
  EXPECT_EQ(source.next_fetch, kT0 + source.interval_s);
}

TEST_F(PollerTest, SummaryEntriesFetchTheirPagesUpToThePerPollLimit) {
  FakeHttpServer server;
  std::vector<Entry> entries;
  const char* words[] = {"القنيطرة", "الكرك", "صحار", "تطوان", "الفيوم"};
  for (int i = 0; i < 5; ++i) {
    const std::string path = "/a/" + std::to_string(i);
    server.Route(
        path, {.headers = {{"Content-Type", "text/html"}},
               .body = ArticlePage(std::string("خبر ") + words[i], words[i])});
    entries.push_back({"g" + std::to_string(i), std::string("خبر ") + words[i],
                       server.url(path), ""});
  }
  server.Route("/rss", {.body = Rss(entries), .etag = "\"v1\""});
  Add(server.url("/rss"));
  options_.max_pages_per_poll = 2;
  Poller poller(*lib_, options_);

  auto results = PollAll(poller);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].new_articles, 2);
  EXPECT_EQ(results[0].pending_items, 3);
  EXPECT_EQ(Found("القنيطرة"), 1);
  EXPECT_EQ(Found("الكرك"), 1);
  EXPECT_EQ(Found("صحار"), 0);

  // The next poll takes the next two, then the last one: nothing twice. The
  // feed has not changed, but entries left pending are still owed, so the
  // feed is fetched in full (its validators are not sent while items wait).
  now_ += 1000;
  results = PollAll(poller);
  EXPECT_EQ(results[0].new_articles, 2) << results[0].status.ToString();
  now_ += 1000;
  results = PollAll(poller);
  EXPECT_EQ(results[0].new_articles, 1) << results[0].status.ToString();
  EXPECT_EQ(Found("الفيوم"), 1);
  server.WaitIdle(std::chrono::seconds(2));
  int page_requests = 0;
  for (const auto& request : server.requests) {
    if (request.path.starts_with("/a/")) ++page_requests;
  }
  EXPECT_EQ(page_requests, 5);
}

TEST_F(PollerTest, UnchangedFeedIsNotDownloadedAgain) {
  FakeHttpServer server;
  server.Route("/rss",
               {.body = Rss({{"g1", "خبر عن جرش", "", FullContent("جرش")}}),
                .etag = "\"v1\""});
  const store::SourceId id = Add(server.url("/rss"));
  Poller poller(*lib_, options_);
  auto results = PollAll(poller);
  EXPECT_EQ(results[0].new_articles, 1);
  EXPECT_GT(results[0].bytes, 0);
  EXPECT_EQ(Get(id).etag, "\"v1\"");

  now_ += 900;
  results = PollAll(poller, /*all=*/false);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].not_modified);
  EXPECT_EQ(results[0].http_status, 304);
  EXPECT_EQ(results[0].bytes, 0);
  EXPECT_EQ(results[0].new_articles, 0);
  server.WaitIdle(std::chrono::seconds(2));
  EXPECT_EQ(server.requests.back().headers["if-none-match"], "\"v1\"");
  EXPECT_EQ(Get(id).failures, 0);
}

TEST_F(PollerTest, FailingFeedBacksOffAndHonoursRetryAfterAnd410) {
  FakeHttpServer server;
  server.Route("/rss", {.status = 503, .body = "down"});
  const store::SourceId id = Add(server.url("/rss"));
  Poller poller(*lib_, options_);

  auto results = PollAll(poller);
  EXPECT_FALSE(results[0].status.ok());
  EXPECT_NE(results[0].status.message().find("HTTP 503"), std::string::npos);
  store::Source s = Get(id);
  EXPECT_EQ(s.failures, 1);
  EXPECT_EQ(s.next_fetch, kT0 + 2 * s.interval_s);
  EXPECT_EQ(s.last_status, 503);

  // Not due before then.
  now_ += s.interval_s;
  EXPECT_TRUE(PollAll(poller, false).empty());
  now_ = s.next_fetch;
  PollAll(poller, false);
  s = Get(id);
  EXPECT_EQ(s.failures, 2);
  EXPECT_EQ(s.next_fetch, now_ + 4 * s.interval_s);

  // A Retry-After longer than the backoff wins.
  server.Route("/rss", {.status = 429, .headers = {{"Retry-After", "86400"}}});
  now_ = s.next_fetch;
  PollAll(poller, false);
  s = Get(id);
  EXPECT_EQ(s.failures, 3);
  EXPECT_EQ(s.next_fetch, now_ + 86400);

  // Recovery resets the count.
  server.Route("/rss", {.body = Rss({{"g1", "خبر", "", FullContent("نزوى")}})});
  now_ = s.next_fetch;
  results = PollAll(poller, false);
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  s = Get(id);
  EXPECT_EQ(s.failures, 0);
  EXPECT_EQ(s.last_error, "");

  // 410: gone for good, never due again.
  server.Route("/rss", {.status = 410});
  now_ = s.next_fetch;
  PollAll(poller, false);
  s = Get(id);
  EXPECT_EQ(s.state, "gone");
  EXPECT_NE(s.last_error.find("410"), std::string::npos);
  now_ += 10 * 86400;
  EXPECT_TRUE(PollAll(poller, false).empty());
}

TEST_F(PollerTest, RedirectToAHostThatIsNotAllowedIsRefused) {
  FakeHttpServer server;
  const std::string localhost =
      "http://localhost:" + std::to_string(server.port());
  server.Route("/moved", {.status = 302,
                          .headers = {{"Location", server.url("/secret")}}});
  server.Route("/secret", {.body = Rss({})});
  const store::SourceId id = Add(localhost + "/moved");
  options_.fetch.allow_hosts = {"localhost"};  // not 127.0.0.1
  Poller poller(*lib_, options_);
  const auto results = PollAll(poller);
  EXPECT_EQ(results[0].status.code(), StatusCode::kPermissionDenied)
      << results[0].status.ToString();
  EXPECT_NE(Get(id).last_error.find("127.0.0.1"), std::string::npos);
  server.WaitIdle(std::chrono::seconds(2));
  for (const auto& request : server.requests) {
    EXPECT_NE(request.path, "/secret");
  }
}

TEST_F(PollerTest, SiteHomePageLeadsToItsFeed) {
  FakeHttpServer server;
  server.Route("/", {.headers = {{"Content-Type", "text/html"}},
                     .body = "<!doctype html><html><head><title>موقع</title>"
                             "<link rel=\"alternate\" "
                             "type=\"application/atom+xml\" href=\"/feed\">"
                             "</head><body><p>مرحبا</p></body></html>"});
  server.Route(
      "/feed",
      {.body = "<?xml version=\"1.0\"?><feed "
               "xmlns=\"http://www.w3.org/2005/Atom\"><title>موقع "
               "الاختبار</title><id>urn:x</id><updated>2026-11-25T09:00:00Z"
               "</updated><entry><id>urn:e1</id><title>خبر عن "
               "شفشاون</title><updated>2026-11-25T09:00:00Z</updated>"
               "<content type=\"html\">" +
               XmlEscape(FullContent("شفشاون")) + "</content></entry></feed>",
       .etag = "\"f1\""});
  const store::SourceId id = Add(server.url("/"));
  Poller poller(*lib_, options_);
  auto results = PollAll(poller);
  EXPECT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  EXPECT_EQ(results[0].kind, "site");
  EXPECT_EQ(results[0].new_articles, 1);
  const store::Source s = Get(id);
  EXPECT_EQ(s.feed_url, server.url("/feed"));
  EXPECT_EQ(s.format, "atom");
  // Later polls go to the feed, with its validators.
  now_ += 900;
  results = PollAll(poller);
  EXPECT_TRUE(results[0].not_modified);
}

TEST_F(PollerTest, ArticlePageSourceIsExtractedOnce) {
  FakeHttpServer server;
  server.Route("/story", {.headers = {{"Content-Type", "text/html"}},
                          .body = ArticlePage("افتتاح متحف تطوان", "تطوان")});
  Add(server.url("/story"));
  Poller poller(*lib_, options_);
  auto results = PollAll(poller);
  EXPECT_EQ(results[0].kind, "page");
  EXPECT_EQ(results[0].new_articles, 1) << results[0].status.ToString();
  EXPECT_EQ(Found("تطوان"), 1);
  now_ += 900;
  results = PollAll(poller);
  EXPECT_EQ(results[0].new_articles, 0);
  EXPECT_EQ(results[0].duplicates, 0);
}

TEST_F(PollerTest, FolderSourceIngestsNewFilesOnce) {
  const fs::path drop = dir_ / "drop";
  fs::create_directories(drop / "sub");
  std::ofstream(drop / "one.txt") << "خبر عن سوق شفشاون\n"
                                  << Paragraph("شفشاون", 1) << "\n"
                                  << Paragraph("شفشاون", 2) << "\n";
  std::ofstream(drop / "sub" / "two.html") << ArticlePage("خبر نزوى", "نزوى");
  std::ofstream(drop / "ignored.pdf") << "%PDF";
  const store::SourceId id = Add(drop.string());
  EXPECT_EQ(Get(id).kind, "folder");
  Poller poller(*lib_, options_);
  auto results = PollAll(poller);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].new_articles, 2) << results[0].status.ToString();
  EXPECT_EQ(Found("نزوى"), 1);
  now_ += 900;
  results = PollAll(poller);
  EXPECT_EQ(results[0].new_articles + results[0].duplicates, 0);
  std::ofstream(drop / "three.txt") << "خبر عن جرش\n"
                                    << Paragraph("جرش", 1) << "\n";
  now_ += 900;
  results = PollAll(poller);
  EXPECT_EQ(results[0].new_articles, 1);
}

// Every hostile input is one source's clear error; the poll goes on, the
// good source beside them is stored, and nothing else is affected.
TEST_F(PollerTest, HostileSourcesFailClearlyAndTheRestGoesOn) {
  FakeHttpServer server;
  server.Route(
      "/good",
      {.body = Rss({{"g1", "خبر سليم عن صحار", "", FullContent("صحار")}})});
  server.Route(
      "/xxe",
      {.body = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "
               "\"file:///etc/passwd\">]><rss version=\"2.0\"><channel>"
               "<title>&xxe;</title><item><title>&xxe;</title><guid>x</guid>"
               "<description>&xxe;</description></item></channel></rss>"});
  server.Route(
      "/laughs",
      {.body = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
               "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"
               "&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"
               "&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;"
               "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 "
               "\"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"
               "&lol3;\"><!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
               "&lol4;&lol4;&lol4;&lol4;\"><!ENTITY lol6 \"&lol5;&lol5;&lol5;"
               "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\"><!ENTITY lol7 "
               "\"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
               "&lol6;\"><!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
               "&lol7;&lol7;&lol7;&lol7;\"><!ENTITY lol9 \"&lol8;&lol8;&lol8;"
               "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]><rss "
               "version=\"2.0\"><channel><title>&lol9;</title></channel>"
               "</rss>"});
  server.Route("/huge", {.kind = FakeHttpRoute::Kind::kStream,
                         .headers = {{"Content-Type", "text/html"}},
                         .stream_bytes = uint64_t{1} << 30,
                         .declare_length = false});
  server.Route("/bomb", {.headers = {{"Content-Type", "text/html"},
                                     {"Content-Encoding", "gzip"}},
                         .body = GzipZeros(64u << 20)});
  server.Route("/slow", {.kind = FakeHttpRoute::Kind::kTrickle});
  server.Route("/garbage", {.headers = {{"Content-Type", "text/html"}},
                            .body = "<html><body><p>\xff\xfe\x80\x81 \xc3\x28"
                                    "\xa0\xa1 \xf0\x28\x8c\xbc</p></body>"
                                    "</html>"});
  // Declared UTF-8, really windows-1256: decoded right all the same.
  server.Route("/cp1256",
               {.headers = {{"Content-Type", "text/html; charset=utf-8"}},
                .body = ToWindows1256(ArticlePage("خبر من جرش", "جرش"))});
  std::string nested = "<html><body>";
  for (int i = 0; i < 100000; ++i) nested += "<div>";
  nested += "<p>نص</p></body></html>";
  server.Route("/nested",
               {.headers = {{"Content-Type", "text/html"}}, .body = nested});

  const store::SourceId good = Add(server.url("/good"));
  const store::SourceId xxe = Add(server.url("/xxe"));
  const store::SourceId laughs = Add(server.url("/laughs"));
  const store::SourceId huge = Add(server.url("/huge"));
  const store::SourceId bomb = Add(server.url("/bomb"));
  const store::SourceId slow = Add(server.url("/slow"));
  const store::SourceId garbage = Add(server.url("/garbage"));
  const store::SourceId cp1256 = Add(server.url("/cp1256"));
  const store::SourceId deep = Add(server.url("/nested"));
  options_.fetch.total_timeout_ms = 1500;
  options_.fetch_threads = 4;
  Poller poller(*lib_, options_);
  const auto results = PollAll(poller);
  ASSERT_EQ(results.size(), 9u);

  EXPECT_TRUE(Of(results, good)->status.ok());
  EXPECT_EQ(Of(results, good)->new_articles, 1);
  EXPECT_EQ(Found("صحار"), 1);

  // XXE: the entity is never loaded; whatever the feed gives, no file leaks.
  auto stored = lib_->store().Latest(50);
  ASSERT_TRUE(stored.ok());
  for (const store::Article& a : *stored) {
    EXPECT_EQ(a.title.find("root:"), std::string::npos);
    for (const std::string& p : a.paragraphs) {
      EXPECT_EQ(p.find("root:"), std::string::npos);
    }
  }
  EXPECT_EQ(Get(xxe).title.find("root:"), std::string::npos);

  EXPECT_FALSE(Of(results, laughs)->status.ok());
  EXPECT_EQ(Of(results, huge)->status.code(), StatusCode::kResourceExhausted)
      << Of(results, huge)->status.ToString();
  EXPECT_EQ(Of(results, bomb)->status.code(), StatusCode::kResourceExhausted)
      << Of(results, bomb)->status.ToString();
  EXPECT_EQ(Of(results, slow)->status.code(), StatusCode::kIOError);
  EXPECT_NE(Of(results, slow)->status.message().find("timed out"),
            std::string::npos);
  EXPECT_FALSE(Of(results, garbage)->status.ok());
  EXPECT_TRUE(Of(results, cp1256)->status.ok())
      << Of(results, cp1256)->status.ToString();
  EXPECT_EQ(Of(results, cp1256)->new_articles, 1);
  EXPECT_EQ(Found("جرش"), 1);
  // 100k nested elements: handled (no stack overflow), whatever the verdict.
  EXPECT_NE(Of(results, deep), nullptr);

  for (store::SourceId id : {laughs, huge, bomb, slow, garbage}) {
    const store::Source s = Get(id);
    EXPECT_EQ(s.failures, 1) << s.location;
    EXPECT_FALSE(s.last_error.empty()) << s.location;
    EXPECT_GT(s.next_fetch, now_ + s.interval_s) << s.location;
  }
  EXPECT_EQ(Get(good).failures, 0);
}

}  // namespace
}  // namespace khabar::service
