// libFuzzer target for HTTP input below the socket: Site::Handle on any
// request, the way server.cc hands one over after Beast parsed it (method,
// target as sent, header names lowercased, body). Route matching, path and
// query decoding, page/per_page/id parameters, If-None-Match,
// Accept-Encoding, cookies, the CSRF check and form bodies all run on a
// small store built here in a temporary folder.
//
// Input: "METHOD TARGET\n", then "name: value\n" header lines up to an
// empty line, then the body. Aborts when an invariant breaks:
//   - no answer is a 5xx (the store is healthy: a 5xx is a bug);
//   - the status is a real one (100..599);
//   - an HTML, XML or text answer never holds the markup probe "<khabarxss"
//     unless the store already had it (it does not): input reached a page
//     unescaped.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "service/library.h"
#include "web/http.h"
#include "web/site.h"

namespace {

using khabar::web::Request;
using khabar::web::Response;

constexpr std::string_view kProbe = "<khabarxss";

struct Fixture {
  std::string dir;
  std::unique_ptr<khabar::web::Site> site;

  Fixture() {
    char templ[] = "/tmp/khabar-http-fuzz.XXXXXX";
    if (mkdtemp(templ) == nullptr) std::abort();
    dir = templ;
    {
      khabar::service::LibraryOptions options;
      options.data_dir = dir;
      auto library = khabar::service::Library::Open(options);
      if (!library.ok()) std::abort();
      khabar::store::Article a;
      a.source = "وكالة الأنباء";
      a.title = "واشنطن ولندن: الهجوم على الرقة «في الأسابيع المقبلة»";
      a.paragraphs = {"أعلن وزير الدفاع أن الهجوم على الرقة سيبدأ قريبا.",
                      "وقال كارتر: \"سنبدأ الهجوم قريبا جدا\"."};
      a.published_at = 1477472400;
      a.ingested_at = 1477472400;
      a.content_hash = "http-fuzz-1";
      a.analysis.topic = "world";
      a.analysis.entities = {{"LOC", "الرقة", "رقة", 2, 60}};
      if (!(*library)->store().Put(a).ok()) std::abort();
    }
    khabar::web::SiteOptions options;
    options.library.data_dir = dir;
    options.base_url = "http://news.example";
    options.access_log = nullptr;
    options.now = [] { return khabar::UnixSeconds{1764150000}; };
    auto opened = khabar::web::Site::Open(options);
    if (!opened.ok()) std::abort();
    site = std::move(*opened);
    // Removed at exit (libFuzzer ends with exit(), which runs this).
    static std::string* folder = new std::string(dir);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(*folder, ec);
    });
  }
};

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view NextLine(std::string_view& rest) {
  const std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

Request ParseRequest(std::string_view input) {
  Request r;
  std::string_view first = NextLine(input);
  const std::size_t space = first.find(' ');
  r.method = std::string(first.substr(0, space));
  r.target = space == std::string_view::npos ? "/" : std::string(first.substr(space + 1));
  while (!input.empty()) {
    std::string_view line = NextLine(input);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    std::string_view value =
        colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (value.starts_with(' ')) value.remove_prefix(1);
    r.headers.emplace_back(Lowercase(line.substr(0, colon)), std::string(value));
  }
  r.body = std::string(input);
  r.remote = "127.0.0.1";
  return r;
}

bool Gzipped(const Response& r) {
  for (const auto& [name, value] : r.headers) {
    if (name == "Content-Encoding") return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const Request request = ParseRequest(input);
  const Response response = fixture->site->Handle(request);
  if (response.status < 100 || response.status > 599) std::abort();
  if (response.status >= 500) std::abort();
  const std::string_view type = response.content_type;
  const bool markup = !type.starts_with("application/json");
  if (markup && !Gzipped(response) &&
      response.Body().find(kProbe) != std::string_view::npos) {
    std::abort();
  }
  return 0;
}
