// make_extract_eval: builds the HTML extraction evaluation set.
//
//   make_extract_eval SHARED_DATA_DIR OUT_DIR [--per-template N]
//                     [--templates DIR] [--seed S]
//
// Reads the dev splits of the ANT corpora (SHARED_DATA_DIR/ant-corpus-v2.1-
// multisource/*.dev.jsonl and ant-corpus-v1.1/*.dev.jsonl), and for every
// eval/extract/templates/NAME.mustache renders N pages (default 10), each
// from a different article: OUT_DIR/NAME-000.html with OUT_DIR/NAME-000
// .gold.txt (the article's paragraphs, separated by blank lines). The
// pages carry realistic filler: navigation, related and "most read"
// headlines taken from OTHER articles' titles, "اقرأ أيضا" boxes, ads,
// comments, cookie banners, share bars, captions, JSON-LD and og: tags.
// Deterministic: the same inputs and seed give the same files.
#include <mstch/mstch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/time.h"
#include "extract/jsonl.h"
#include "extract/raw_article.h"

namespace fs = std::filesystem;
using khabar::extract::RawArticle;

namespace {

const char* const kMonths[] = {"يناير",  "فبراير", "مارس",   "أبريل",
                               "مايو",   "يونيو",  "يوليو",  "أغسطس",
                               "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
const char* const kLevantMonths[] = {
    "كانون الثاني", "شباط",        "آذار",         "نيسان",
    "أيار",         "حزيران",      "تموز",         "آب",
    "أيلول",        "تشرين الأول", "تشرين الثاني", "كانون الأول"};
const char* const kWeekdays[] = {"الخميس",  "الجمعة",   "السبت",   "الأحد",
                                 "الاثنين", "الثلاثاء", "الأربعاء"};

const char* const kSections[] = {"الرئيسية",    "سياسة",  "اقتصاد",    "رياضة",
                                 "ثقافة وفنون", "منوعات", "تكنولوجيا", "صحة",
                                 "رأي",         "فيديو",  "العالم",    "مجتمع"};

const char* const kNames[] = {"أبو أحمد",  "سارة",      "محمد العلي", "Rami_88",
                              "ابن البلد", "نور الهدى", "خالد م.",    "متابع",
                              "Lina K",    "عبد الله",  "أم يوسف",    "زائر"};

const char* const kComments[] = {
    "خبر مهم جدا، شكرا على المتابعة والتغطية المستمرة.",
    "للأسف هذا ما كنا نتوقعه منذ البداية، ولا أحد يسمع صوت الناس.",
    "أين الجهات المسؤولة من كل هذا؟ نريد إجابات واضحة وليس وعودا.",
    "الله يحفظ البلاد وأهلها، ونتمنى أن تتحسن الأوضاع قريبا إن شاء الله.",
    "المقال فيه مبالغة، والحقيقة على الأرض مختلفة تماما عما ورد هنا.",
    "تحليل ممتاز، لكن كان من الأفضل ذكر المصادر بشكل أوضح.",
    "I think the translation of the statement is not accurate at all.",
    "متى سيتم تطبيق هذه القرارات فعليا؟ سمعنا هذا الكلام مرات كثيرة.",
    "شكرا للكاتب على هذا الطرح الموضوعي والهادئ.",
    "هل من تحديث حول هذا الموضوع؟ الخبر قديم بعض الشيء."};

const char* const kTagWords[] = {"سياسة",  "اقتصاد", "الشرق الأوسط",
                                 "حوارات", "تقارير", "أخبار عاجلة",
                                 "عالمي",  "محلي"};

struct Site {
  const char* name;
  const char* domain;
};
const Site kSites[] = {{"الخبر اليوم", "alkhabar-today.example"},
                       {"صدى العرب", "sada-alarab.example"},
                       {"بوابة الأنباء", "anbaa-portal.example"},
                       {"النهار الرقمي", "nahar-digital.example"},
                       {"Arab Wire عربي", "arabwire.example"},
                       {"المرصد الإخباري", "marsad-news.example"}};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<RawArticle> LoadArticles(const fs::path& data) {
  std::vector<RawArticle> out;
  for (const char* sub : {"ant-corpus-v2.1-multisource", "ant-corpus-v1.1"}) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data / sub, ec)) {
      const std::string name = e.path().filename().string();
      if (name.size() > 10 && name.ends_with(".dev.jsonl")) {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::ifstream in(f);
      std::string line;
      while (std::getline(in, line)) {
        auto r = khabar::extract::ParseJsonlRecord(line);
        if (!r.ok() || r->title.empty()) continue;
        size_t chars = 0;
        for (const std::string& p : r->paragraphs) chars += p.size();
        if (chars < 400) continue;  // about 200 Arabic letters
        out.push_back(std::move(*r));
      }
    }
  }
  return out;
}

struct Dates {
  std::string iso, ar, levant, numeric, time;
};

Dates FormatDates(std::optional<khabar::UnixSeconds> t) {
  const khabar::UnixSeconds s = t.value_or(1500000000);
  const int64_t days = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  khabar::CivilFromDays(days, &y, &m, &d);
  const int64_t secs = s - days * 86400;
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60));
  Dates out;
  out.iso = khabar::FormatIso8601(s);
  const char* weekday = kWeekdays[((days % 7) + 7) % 7];
  out.ar = std::string(weekday) + " " + std::to_string(d) + " " +
           kMonths[m - 1] + " " + std::to_string(y);
  out.levant = std::string(weekday) + "، " + std::to_string(d) + " " +
               kLevantMonths[m - 1] + " " + std::to_string(y);
  char num[32];
  std::snprintf(num, sizeof num, "%02u/%02u/%04d", d, m, static_cast<int>(y));
  out.numeric = num;
  out.time = hm;
  return out;
}

std::string Href(const std::string& domain, std::mt19937& rng) {
  return "https://" + domain + "/news/" +
         std::to_string(rng() % 900000 + 100000);
}

// The first `words` words of the article's first paragraph, with "…" when
// cut: the teaser under a headline in "more news" lists. Teasers are whole
// Arabic sentences with punctuation, as article text is, which is what
// makes them hard for an extractor.
std::string Teaser(const RawArticle& a, int words) {
  if (a.paragraphs.empty()) return "";
  const std::string& p = a.paragraphs.front();
  std::size_t pos = 0;
  for (int w = 0; w < words; ++w) {
    pos = p.find(' ', pos + 1);
    if (pos == std::string::npos) return p;
  }
  return p.substr(0, pos) + "…";
}

mstch::map Headline(const RawArticle& a, const std::string& domain,
                    std::mt19937& rng) {
  return mstch::map{{"title", a.title},
                    {"href", Href(domain, rng)},
                    {"teaser", Teaser(a, 30)},
                    {"date_ar", FormatDates(a.published_at).ar}};
}

// One page's mustache context. `others` give related headlines.
mstch::map Context(const RawArticle& a, const std::vector<RawArticle>& all,
                   std::mt19937& rng) {
  const Site& site = kSites[rng() % std::size(kSites)];
  const std::string domain = site.domain;
  const std::string url = Href(domain, rng);
  const Dates dates = FormatDates(a.published_at);
  auto other = [&]() -> const RawArticle& { return all[rng() % all.size()]; };

  mstch::array nav;
  for (const char* s : kSections) {
    nav.push_back(
        mstch::map{{"name", std::string(s)},
                   {"href", "/section/" + std::to_string(rng() % 90)}});
  }
  mstch::array related, most_read, more_news;
  for (int i = 0; i < 6; ++i) related.push_back(Headline(other(), domain, rng));
  for (int i = 0; i < 5; ++i) {
    mstch::map h = Headline(other(), domain, rng);
    h.emplace("rank", std::to_string(i + 1));
    most_read.push_back(h);
  }
  for (int i = 0; i < 8; ++i)
    more_news.push_back(Headline(other(), domain, rng));

  mstch::array paragraphs, rest;
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    mstch::map p{{"text", a.paragraphs[i]},
                 {"index", std::to_string(i + 1)},
                 {"first", i == 0}};
    const bool last = i + 1 == a.paragraphs.size();
    if (!last && i % 2 == 1) {
      p.emplace("read_also", Headline(other(), domain, rng));
    }
    if (!last && i % 3 == 2) p.emplace("ad", true);
    if (!last && i == 3) {
      mstch::array box;
      for (int k = 0; k < 3; ++k) box.push_back(Headline(other(), domain, rng));
      p.emplace("related_box", box);
    }
    paragraphs.push_back(p);
    if (i > 0) rest.push_back(p);
  }
  mstch::array comments;
  const int n_comments = 2 + static_cast<int>(rng() % 4);
  for (int i = 0; i < n_comments; ++i) {
    comments.push_back(mstch::map{
        {"name", std::string(kNames[rng() % std::size(kNames)])},
        {"text", std::string(kComments[rng() % std::size(kComments)])},
        {"date_ar", dates.ar},
        {"likes", std::to_string(rng() % 40)}});
  }
  mstch::array tags;
  for (int i = 0; i < 4; ++i) {
    tags.push_back(mstch::map{
        {"name", std::string(kTagWords[rng() % std::size(kTagWords)])},
        {"href", "/tag/" + std::to_string(rng() % 1000)}});
  }
  const std::string author =
      a.author.empty() ? std::string(kNames[rng() % std::size(kNames)])
                       : a.author;
  // A caption that names the subject: the first words of the title.
  const std::string caption = "صورة أرشيفية: " + a.title + " (رويترز)";
  std::string description = a.abstract;
  if (description.empty()) {
    description = a.paragraphs.front().substr(
        0, std::min<size_t>(a.paragraphs.front().size(), 300));
    // Do not cut a UTF-8 sequence.
    while (!description.empty() &&
           (static_cast<unsigned char>(description.back()) & 0xC0) == 0x80) {
      description.pop_back();
    }
    if (!description.empty() &&
        static_cast<unsigned char>(description.back()) >= 0xC0) {
      description.pop_back();
    }
  }
  nlohmann::json ld = {
      {"@context", "https://schema.org"},
      {"@type", "NewsArticle"},
      {"headline", a.title},
      {"datePublished", dates.iso},
      {"dateModified", dates.iso},
      {"author", {{"@type", "Person"}, {"name", author}}},
      {"publisher", {{"@type", "Organization"}, {"name", site.name}}},
      {"image",
       "https://" + domain + "/img/" + std::to_string(rng() % 9999) + ".jpg"},
      {"mainEntityOfPage", url}};
  std::string ld_text = ld.dump(-1, ' ', false);
  for (size_t at = ld_text.find("</"); at != std::string::npos;
       at = ld_text.find("</", at + 3)) {
    ld_text.replace(at, 2, "<\\/");
  }
  return mstch::map{
      {"site_name", std::string(site.name)},
      {"domain", domain},
      {"url", url},
      {"title", a.title},
      {"description", description},
      {"author", author},
      {"has_author", !a.author.empty()},
      {"source", a.source},
      {"section",
       std::string(kSections[1 + rng() % (std::size(kSections) - 1)])},
      {"date_iso", dates.iso},
      {"date_ar", dates.ar},
      {"date_levant", dates.levant},
      {"date_numeric", dates.numeric},
      {"time", dates.time},
      {"image",
       "https://" + domain + "/img/" + std::to_string(rng() % 9999) + ".jpg"},
      {"caption", caption},
      {"json_ld", ld_text},
      {"nav", nav},
      {"related", related},
      {"most_read", most_read},
      {"more_news", more_news},
      {"paragraphs", paragraphs},
      {"lead", a.paragraphs.front()},
      {"rest", rest},
      {"comments", comments},
      {"comment_count", std::to_string(comments.size())},
      {"tags", tags},
      {"views", std::to_string(rng() % 50000 + 100)},
      {"year", std::string("2024")}};
}

int Usage() {
  std::cerr << "usage: make_extract_eval SHARED_DATA_DIR OUT_DIR "
               "[--per-template N] [--templates DIR] [--seed S]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const fs::path data = argv[1];
  const fs::path out = argv[2];
  int per_template = 10;
  fs::path templates =
      fs::path(KHABAR_SOURCE_DIR) / "eval" / "extract" / "templates";
  unsigned seed = 20261126;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    if (arg == "--per-template") {
      per_template = std::stoi(argv[++i]);
    } else if (arg == "--templates") {
      templates = argv[++i];
    } else if (arg == "--seed") {
      seed = static_cast<unsigned>(std::stoul(argv[++i]));
    } else {
      return Usage();
    }
  }
  std::vector<RawArticle> articles = LoadArticles(data);
  if (articles.size() < 2) {
    std::cerr << "make_extract_eval: no ANT dev articles under " << data
              << "\n";
    return 1;
  }
  std::vector<fs::path> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(templates, ec)) {
    if (e.path().extension() == ".mustache") names.push_back(e.path());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) {
    std::cerr << "make_extract_eval: no *.mustache in " << templates << "\n";
    return 1;
  }
  fs::create_directories(out, ec);
  std::mt19937 rng(seed);
  std::vector<size_t> order(articles.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  size_t next = 0;
  int pages = 0;
  for (const fs::path& t : names) {
    const std::string tmpl = Slurp(t);
    const std::string stem = t.stem().string();
    for (int i = 0; i < per_template; ++i) {
      const RawArticle& a = articles[order[next++ % order.size()]];
      char num[16];
      std::snprintf(num, sizeof num, "%03d", i);
      const std::string base = stem + "-" + num;
      const std::string html = mstch::render(tmpl, Context(a, articles, rng));
      std::ofstream(out / (base + ".html"), std::ios::binary) << html;
      std::ofstream gold(out / (base + ".gold.txt"), std::ios::binary);
      for (size_t k = 0; k < a.paragraphs.size(); ++k) {
        if (k > 0) gold << "\n";
        gold << a.paragraphs[k] << "\n";
      }
      ++pages;
    }
  }
  std::cout << "make_extract_eval: " << pages << " pages from " << names.size()
            << " templates into " << out.string() << "\n";
  return 0;
}
