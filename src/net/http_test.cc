#include "net/http.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <thread>

#include "net/fake_http_server.h"

namespace khabar::net {
namespace {

using testing::FakeHttpRoute;
using testing::FakeHttpServer;

constexpr std::size_t kMiB = 1u << 20;
constexpr uint64_t kOneGiB = uint64_t{1} << 30;

// The fake server is on 127.0.0.1, which the guard refuses unless allowed.
FetchPolicy LoopbackPolicy() {
  FetchPolicy policy;
  policy.connect_timeout_ms = 2000;
  policy.total_timeout_ms = 5000;
  policy.allow_hosts = {"127.0.0.1"};
  return policy;
}

Result<FetchResponse> Get(const FetchPolicy& policy, const std::string& url) {
  FetchRequest request;
  request.url = url;
  return HttpFetcher(policy).Fetch(request);
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Raw deflate of `input` by a fresh stream, ended with `flush`.
std::string RawDeflate(const std::string& input, int flush) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  z.avail_in = static_cast<uInt>(input.size());
  std::string out;
  char buffer[16384];
  do {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    deflate(&z, flush);
    out.append(buffer, sizeof buffer - z.avail_out);
  } while (z.avail_out == 0);
  deflateEnd(&z);
  return out;
}

void AppendLittleEndian32(uint32_t value, std::string* out) {
  for (int i = 0; i < 4; ++i)
    out->push_back(static_cast<char>(value >> (8 * i)));
}

// A gzip member of `mib` MiB of zeros, about 1 KB per MiB. Each MiB is
// deflated by a fresh stream ended with a full flush (byte-aligned, no
// back-references), so one unit repeated is a valid deflate stream: a 1 GiB
// bomb is built in milliseconds instead of seconds.
std::string GzipOfZeros(uint32_t mib) {
  const std::string zeros(kMiB, '\0');
  const std::string unit = RawDeflate(zeros, Z_FULL_FLUSH);
  std::string out("\x1f\x8b\x08\0\0\0\0\0\x02\xff", 10);
  out.reserve(out.size() + unit.size() * mib + 16);
  for (uint32_t i = 0; i < mib; ++i) out += unit;
  out += RawDeflate("", Z_FINISH);
  const uLong unit_crc = crc32(0, reinterpret_cast<const Bytef*>(zeros.data()),
                               static_cast<uInt>(zeros.size()));
  uLong crc = crc32(0, nullptr, 0);
  for (uint32_t i = 0; i < mib; ++i) {
    crc = crc32_combine(crc, unit_crc, static_cast<z_off_t>(kMiB));
  }
  AppendLittleEndian32(static_cast<uint32_t>(crc), &out);
  AppendLittleEndian32(static_cast<uint32_t>(uint64_t{mib} * kMiB), &out);
  return out;
}

std::string HttpDate(std::time_t when) {
  std::tm tm{};
  gmtime_r(&when, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

// --- Fetching ----------------------------------------------------------------

TEST(HttpFetcherTest, ServesBodyAndHeaders) {
  FakeHttpServer server;
  server.Route("/a",
               {.headers = {{"Content-Type", "text/html; charset=utf-8"},
                            {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}},
                .body = "<p>hello</p>",
                .etag = "\"v1\""});
  FetchRequest request;
  request.url = server.url("/a");
  request.accept = "text/html";
  const auto response = HttpFetcher(LoopbackPolicy()).Fetch(request);
  server.Stop();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->url, server.url("/a"));
  EXPECT_EQ(response->body, "<p>hello</p>");
  EXPECT_EQ(response->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response->etag, "\"v1\"");
  EXPECT_EQ(response->last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_FALSE(response->retry_after_seconds.has_value());
  EXPECT_EQ(response->redirects, 0);
  EXPECT_EQ(response->wire_bytes, 12u);
  ASSERT_EQ(server.requests.size(), 1u);
  auto& headers = server.requests[0].headers;
  EXPECT_EQ(headers["user-agent"], kUserAgent);
  EXPECT_EQ(headers["accept"], "text/html");
  EXPECT_TRUE(Contains(headers["accept-encoding"], "gzip"))
      << headers["accept-encoding"];
  EXPECT_EQ(headers.count("if-none-match"), 0u);
}

TEST(HttpFetcherTest, ConditionalGetOfAnUnchangedPageDownloadsNothing) {
  FakeHttpServer server;
  server.Route("/feed", {.body = std::string(5000, 'f'), .etag = "\"v7\""});
  FetchRequest request;
  request.url = server.url("/feed");
  request.etag = "\"v7\"";
  request.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  const auto response = HttpFetcher(LoopbackPolicy()).Fetch(request);
  server.Stop();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 304);
  EXPECT_TRUE(response->body.empty());
  EXPECT_EQ(response->wire_bytes, 0u);
  EXPECT_EQ(response->etag, "\"v7\"");
  ASSERT_EQ(server.requests.size(), 1u);
  auto& headers = server.requests[0].headers;
  EXPECT_EQ(headers["if-none-match"], "\"v7\"");
  EXPECT_EQ(headers["if-modified-since"], "Wed, 21 Oct 2015 07:28:00 GMT");
}

TEST(HttpFetcherTest, ConditionalGetOfAChangedPageGetsTheBody) {
  FakeHttpServer server;
  server.Route("/feed", {.body = "new", .etag = "\"v8\""});
  FetchRequest request;
  request.url = server.url("/feed");
  request.etag = "\"v7\"";
  const auto response = HttpFetcher(LoopbackPolicy()).Fetch(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "new");
  EXPECT_EQ(response->etag, "\"v8\"");
}

TEST(HttpFetcherTest, FollowsRelativeAndAbsoluteRedirects) {
  FakeHttpServer first;
  FakeHttpServer second;
  second.Route("/final", {.body = "here"});
  first.Route("/start", {.status = 301, .headers = {{"Location", "/next"}}});
  first.Route("/next",
              {.status = 302, .headers = {{"Location", second.url("/final")}}});
  const auto response = Get(LoopbackPolicy(), first.url("/start"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "here");
  EXPECT_EQ(response->redirects, 2);
  EXPECT_EQ(response->url, second.url("/final"));
}

TEST(HttpFetcherTest, RedirectLoopIsIOError) {
  FakeHttpServer server;
  server.Route("/loop", {.status = 302, .headers = {{"Location", "/loop"}}});
  FetchPolicy policy = LoopbackPolicy();
  policy.max_redirects = 3;
  const auto response = Get(policy, server.url("/loop"));
  server.Stop();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(Contains(response.status().message(), "too many redirects"))
      << response.status().ToString();
  EXPECT_EQ(server.requests.size(), 4u);
}

TEST(HttpFetcherTest, GoneIsASuccessfulFetch) {
  FakeHttpServer server;
  server.Route("/old", {.status = 410, .body = "gone"});
  const auto response = Get(LoopbackPolicy(), server.url("/old"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 410);
  EXPECT_EQ(response->body, "gone");
}

TEST(HttpFetcherTest, RetryAfterInSeconds) {
  FakeHttpServer server;
  server.Route("/busy", {.status = 429, .headers = {{"Retry-After", "120"}}});
  const auto response = Get(LoopbackPolicy(), server.url("/busy"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(response->retry_after_seconds, 120);
}

TEST(HttpFetcherTest, RetryAfterAsADate) {
  FakeHttpServer server;
  server.Route(
      "/later",
      {.status = 503,
       .headers = {{"Retry-After", HttpDate(std::time(nullptr) + 60)}}});
  server.Route(
      "/past",
      {.status = 503,
       .headers = {{"Retry-After", HttpDate(std::time(nullptr) - 60)}}});
  const auto later = Get(LoopbackPolicy(), server.url("/later"));
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  ASSERT_TRUE(later->retry_after_seconds.has_value());
  EXPECT_GE(*later->retry_after_seconds, 50);
  EXPECT_LE(*later->retry_after_seconds, 60);
  const auto past = Get(LoopbackPolicy(), server.url("/past"));
  ASSERT_TRUE(past.ok()) << past.status().ToString();
  EXPECT_EQ(past->retry_after_seconds, 0);
}

// --- Size and time caps
// -------------------------------------------------------

TEST(HttpFetcherTest, StopsAGigabyteBodyAtTheCap) {
  FakeHttpServer server;
  server.Route("/huge", {.kind = FakeHttpRoute::Kind::kStream,
                         .stream_bytes = kOneGiB,
                         .declare_length = false});
  FetchPolicy policy = LoopbackPolicy();
  policy.max_bytes = kMiB;
  const auto response = Get(policy, server.url("/huge"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(Contains(response.status().message(), "larger than 1048576"))
      << response.status().ToString();
  ASSERT_TRUE(server.WaitIdle(std::chrono::seconds(2)));
  EXPECT_TRUE(server.client_hung_up);
  EXPECT_LT(server.streamed_bytes, 64 * kMiB);
}

TEST(HttpFetcherTest, RefusesADeclaredLengthOverTheCap) {
  FakeHttpServer server;
  server.Route("/huge",
               {.kind = FakeHttpRoute::Kind::kStream, .stream_bytes = kOneGiB});
  FetchPolicy policy = LoopbackPolicy();
  policy.max_bytes = kMiB;
  const auto response = Get(policy, server.url("/huge"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kResourceExhausted)
      << response.status().ToString();
  ASSERT_TRUE(server.WaitIdle(std::chrono::seconds(2)));
  EXPECT_TRUE(server.client_hung_up);
  EXPECT_LT(server.streamed_bytes, 64 * kMiB);
}

TEST(HttpFetcherTest, DecodesGzipAndCountsWireBytesEncoded) {
  const std::string gzip = GzipOfZeros(4);
  FakeHttpServer server;
  server.Route("/z", {.headers = {{"Content-Encoding", "gzip"}}, .body = gzip});
  FetchPolicy policy = LoopbackPolicy();
  policy.max_bytes = 8 * kMiB;
  const auto response = Get(policy, server.url("/z"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, std::string(4 * kMiB, '\0'));
  EXPECT_EQ(response->wire_bytes, gzip.size());
}

TEST(HttpFetcherTest, StopsAGzipBombAtTheCap) {
  const std::string bomb = GzipOfZeros(1024);  // 1 GiB of zeros
  ASSERT_LT(bomb.size(), 2 * kMiB);
  FakeHttpServer server;
  server.Route("/bomb",
               {.headers = {{"Content-Encoding", "gzip"}}, .body = bomb});
  FetchPolicy policy = LoopbackPolicy();
  policy.max_bytes = 4 * kMiB;
  const auto response = Get(policy, server.url("/bomb"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(Contains(response.status().message(), "larger than 4194304"))
      << response.status().ToString();
}

TEST(HttpFetcherTest, BrokenGzipIsIOError) {
  FakeHttpServer server;
  server.Route("/z", {.headers = {{"Content-Encoding", "gzip"}},
                      .body = "this is not gzip at all"});
  const auto response = Get(LoopbackPolicy(), server.url("/z"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIOError)
      << response.status().ToString();
}

TEST(HttpFetcherTest, DecodesBrotli) {
  // "brotli: خبر خبر خبر compressed", made with BrotliEncoderCompress.
  static constexpr char kBrotli[] =
      "\x1b\x26\x00\xf8\x9d\x09\x76\xac\x95\x81\xc9\xca\x9d\x35\x36\xc8\x98"
      "\xd8\x44\x75\x8d\x4d\x9d\x36\xba\x4e\x63\x7b\x93\x53\x9d\x28\x55\x09"
      "\x78\x93\x76\x8b\x84\x79\x05\x01";
  if ((curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_BROTLI) ==
      0) {
    GTEST_SKIP() << "libcurl built without brotli";
  }
  FakeHttpServer server;
  server.Route("/br", {.headers = {{"Content-Encoding", "br"}},
                       .body = std::string(kBrotli, sizeof kBrotli - 1)});
  const auto response = Get(LoopbackPolicy(), server.url("/br"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "brotli: خبر خبر خبر compressed");
  server.Stop();
  EXPECT_TRUE(Contains(server.requests.at(0).headers["accept-encoding"], "br"));
}

TEST(HttpFetcherTest, EndlessTrickleTimesOut) {
  FakeHttpServer server;
  server.Route("/slow", {.kind = FakeHttpRoute::Kind::kTrickle});
  FetchPolicy policy = LoopbackPolicy();
  policy.total_timeout_ms = 1500;
  const auto start = std::chrono::steady_clock::now();
  const auto response = Get(policy, server.url("/slow"));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(Contains(response.status().message(), "timed out after"))
      << response.status().ToString();
  EXPECT_LT(elapsed, std::chrono::milliseconds(1500 + 1500));
}

// Shutting down cancels a fetch in flight instead of waiting for its
// timeout: a 60 s budget, cancelled from another thread after 200 ms.
TEST(HttpFetcherTest, CancelStopsAFetchInFlight) {
  FakeHttpServer server;
  server.Route("/slow", {.kind = FakeHttpRoute::Kind::kTrickle});
  std::atomic<bool> cancel{false};
  FetchPolicy policy = LoopbackPolicy();
  policy.total_timeout_ms = 60000;
  policy.cancel = &cancel;
  std::thread stopper([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel = true;
  });
  const auto response = Get(policy, server.url("/slow"));
  stopper.join();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIOError);
  EXPECT_TRUE(Contains(response.status().message(), "cancelled"))
      << response.status().ToString();
  // Already cancelled: nothing is requested at all.
  const auto again = Get(policy, server.url("/slow"));
  EXPECT_TRUE(Contains(again.status().message(), "cancelled"));
}

TEST(HttpFetcherTest, ConnectionRefusedIsIOError) {
  int port = 0;
  {
    FakeHttpServer server;
    port = server.port();
  }
  const auto response =
      Get(LoopbackPolicy(), "http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kIOError)
      << response.status().ToString();
}

// --- What is refused
// ----------------------------------------------------------

TEST(HttpFetcherTest, RefusesNonHttpSchemes) {
  for (const char* url :
       {"file:///etc/passwd", "gopher://example.org/1", "ftp://example.org/x",
        "dict://example.org/d", "not a url", ""}) {
    const auto response = Get(FetchPolicy(), url);
    ASSERT_FALSE(response.ok()) << url;
    EXPECT_EQ(response.status().code(), StatusCode::kInvalidArgument) << url;
  }
}

TEST(HttpFetcherTest, RefusesLineBreaksInRequestHeaders) {
  FetchRequest request;
  request.url = "http://127.0.0.1/";
  request.etag = "\"x\"\r\nX-Injected: 1";
  const auto response = HttpFetcher(LoopbackPolicy()).Fetch(request);
  EXPECT_EQ(response.status().code(), StatusCode::kInvalidArgument);
}

TEST(HttpGuardTest, RefusesLoopbackByDefault) {
  FakeHttpServer server;
  server.Route("/a", {.body = "secret"});
  const auto response = Get(FetchPolicy(), server.url("/a"));
  server.Stop();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied);
  const std::string& message = response.status().message();
  EXPECT_TRUE(Contains(message, "127.0.0.1 (loopback)")) << message;
  EXPECT_TRUE(Contains(message, server.url("/a"))) << message;
  EXPECT_TRUE(Contains(message, "--allow-host")) << message;
  EXPECT_TRUE(server.requests.empty());
}

TEST(HttpGuardTest, AllowsAnAllowedHost) {
  FakeHttpServer server;
  server.Route("/a", {.body = "fine"});
  const auto response = Get(LoopbackPolicy(), server.url("/a"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "fine");
}

TEST(HttpGuardTest, RefusesANameThatResolvesToLoopback) {
  FakeHttpServer server;
  server.Route("/a", {.body = "secret"});
  const auto response =
      Get(FetchPolicy(),
          "http://localhost:" + std::to_string(server.port()) + "/a");
  server.Stop();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied)
      << response.status().ToString();
  EXPECT_TRUE(server.requests.empty());
}

TEST(HttpGuardTest, AllowHostsIgnoresCase) {
  FakeHttpServer server;
  server.Route("/a", {.body = "fine"});
  FetchPolicy policy = LoopbackPolicy();
  policy.allow_hosts = {"LocalHost"};
  const auto response =
      Get(policy, "http://localhost:" + std::to_string(server.port()) + "/a");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body, "fine");
}

TEST(HttpGuardTest, AppliesToEveryRedirectHop) {
  FakeHttpServer server;
  const std::string elsewhere =
      "http://localhost:" + std::to_string(server.port()) + "/secret";
  server.Route("/start", {.status = 302, .headers = {{"Location", elsewhere}}});
  server.Route("/secret", {.body = "secret"});
  const auto response = Get(LoopbackPolicy(), server.url("/start"));
  server.Stop();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied)
      << response.status().ToString();
  EXPECT_TRUE(Contains(response.status().message(), elsewhere))
      << response.status().ToString();
  ASSERT_EQ(server.requests.size(), 1u);
  EXPECT_EQ(server.requests[0].path, "/start");
}

TEST(HttpGuardTest, RefusesARedirectToAnotherScheme) {
  FakeHttpServer server;
  server.Route("/start", {.status = 301,
                          .headers = {{"Location", "file:///etc/passwd"}}});
  const auto response = Get(LoopbackPolicy(), server.url("/start"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kPermissionDenied)
      << response.status().ToString();
}

TEST(IsNonPublicAddressTest, Table) {
  struct Case {
    const char* ip;
    bool non_public;
  };
  constexpr Case kCases[] = {
      {"127.0.0.1", true},
      {"127.255.255.254", true},
      {"10.1.2.3", true},
      {"172.16.0.1", true},
      {"172.31.255.255", true},
      {"172.32.0.1", false},
      {"192.168.1.1", true},
      {"169.254.169.254", true},
      {"100.64.0.1", true},
      {"100.127.255.255", true},
      {"100.128.0.1", false},
      {"0.0.0.0", true},
      {"0.1.2.3", true},
      {"224.0.0.1", true},
      {"239.255.255.250", true},
      {"240.0.0.1", true},
      {"255.255.255.255", true},
      {"192.0.0.8", true},
      {"198.18.0.1", true},
      {"198.19.255.255", true},
      {"198.20.0.1", false},
      {"8.8.8.8", false},
      {"1.1.1.1", false},
      {"93.184.216.34", false},
      {"::1", true},
      {"::", true},
      {"fe80::1", true},
      {"febf::1", true},
      {"fc00::1", true},
      {"fd12:3456::1", true},
      {"ff02::1", true},
      {"2001:db8::1", true},
      {"::ffff:127.0.0.1", true},
      {"::ffff:10.0.0.1", true},
      {"::ffff:7f00:1", true},
      {"::ffff:8.8.8.8", false},
      {"64:ff9b::127.0.0.1", true},
      {"64:ff9b::8.8.8.8", false},
      {"2606:4700::1111", false},
      {"2a00:1450:4001::200e", false},
      {"::127.0.0.1", true},
      {"fec0::1", true},
      {"2002:7f00:1::", true},
      {"2002:808:808::", false},
      {"localhost", false},
      {"example.org", false},
      {"", false},
      {"127.0.0.1 ", false},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(IsNonPublicAddress(c.ip), c.non_public) << c.ip;
  }
}

}  // namespace
}  // namespace khabar::net
