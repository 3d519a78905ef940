// HTML article extraction throughput on one core: ExtractHtmlArticle against
// a baseline of libxml2's htmlReadMemory alone (parse and free the tree) on
// the same pages in the same run; the ratio is what to report.
//
// Pages: every *.html in $KHABAR_EXTRACT_PAGES (the evaluation set that
// tools/make_extract_eval writes, see eval/extract/README.md); else the CNN
// Arabic sample page from the shared folder; else a built-in page.
#include <benchmark/benchmark.h>
#include <libxml/HTMLparser.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/html_article.h"

namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string BuiltInPage() {
  std::string html =
      "<!DOCTYPE html><html lang=\"ar\"><head><title>عنوان الخبر - الموقع"
      "</title><meta property=\"og:site_name\" content=\"الموقع\"></head><body>"
      "<nav><ul>";
  for (int i = 0; i < 12; ++i) html += "<li><a href=\"/s\">قسم</a></li>";
  html +=
      "</ul></nav><div class=\"wrap\"><article class=\"story\"><h1>عنوان "
      "الخبر</h1>";
  for (int i = 0; i < 12; ++i) {
    html +=
        "<p>قال المتحدث باسم الوزارة، في مؤتمر صحفي عقده اليوم في "
        "العاصمة، إن الحكومة ستعلن خلال الأسابيع المقبلة خطة جديدة لدعم "
        "المزارعين والصناعات الصغيرة، وتوفير فرص العمل للشباب.</p>";
    if (i % 3 == 1) html += "<p>اقرأ أيضا: <a href=\"/x\">خبر آخر</a></p>";
  }
  html += "</article><aside class=\"sidebar\"><ul>";
  for (int i = 0; i < 10; ++i) {
    html += "<li><a href=\"/r\">عنوان خبر آخر من الأكثر قراءة اليوم</a></li>";
  }
  html +=
      "</ul></aside></div><footer>جميع الحقوق محفوظة</footer></body></html>";
  return html;
}

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> out;
    std::error_code ec;
    if (const char* dir = std::getenv("KHABAR_EXTRACT_PAGES")) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".html") files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) out.push_back(Slurp(f));
    }
    if (out.empty()) {
      const char* env = std::getenv("KHABAR_SHARED_DIR");
      const fs::path cnn = fs::path(env ? env : KHABAR_SHARED_DIR) / "data" /
                           "html-arabic-samples" /
                           "cnn_arabic_2013_syria_clashes.html";
      if (fs::exists(cnn, ec)) out.push_back(Slurp(cnn));
    }
    if (out.empty()) out.push_back(BuiltInPage());
    return out;
  }();
  return pages;
}

void Report(benchmark::State& state, int64_t bytes) {
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(Pages().size()));
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["pages"] = static_cast<double>(Pages().size());
  state.counters["pages/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * Pages().size()),
      benchmark::Counter::kIsRate);
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const std::string& p : Pages()) n += static_cast<int64_t>(p.size());
  return n;
}

// Baseline: libxml2's HTML parser alone, with the options the extractor uses.
void BM_Libxml2ParseOnly(benchmark::State& state) {
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                      HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                      HTML_PARSE_NOBLANKS;
  for (auto _ : state) {
    for (const std::string& p : Pages()) {
      htmlDocPtr doc = htmlReadMemory(p.data(), static_cast<int>(p.size()),
                                      nullptr, "UTF-8", options);
      benchmark::DoNotOptimize(doc);
      xmlFreeDoc(doc);
    }
  }
  Report(state, TotalBytes());
}
BENCHMARK(BM_Libxml2ParseOnly)->Unit(benchmark::kMillisecond);

void BM_ExtractHtmlArticle(benchmark::State& state) {
  int64_t failed = 0;
  for (auto _ : state) {
    for (const std::string& p : Pages()) {
      auto r = khabar::extract::ExtractHtmlArticle(p, "https://news.example/");
      if (!r.ok()) ++failed;
      benchmark::DoNotOptimize(r);
    }
  }
  Report(state, TotalBytes());
  state.counters["failed"] = static_cast<double>(failed);
}
BENCHMARK(BM_ExtractHtmlArticle)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
