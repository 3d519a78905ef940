// story_tool: runs StoryClusterer over an ANT v2.1 JSONL file and reports
// how many (multi-source) stories form, with a fixed-seed sample of
// cross-source same-story pairs for a human to check.
//
//   story_tool <articles.jsonl> [--background <other.jsonl>]
//              [--threshold X] [--window-hours H] [--pairs out.tsv]
//              [--sample N] [--all-pairs out.tsv]
//
// --background warms the document frequencies with another split (e.g.
// train) before clustering; articles are then added in publication order.
// This is an evaluation tool, not layer code: it reads JSON itself and
// parses the corpus's `time` field (RFC 822 in BBC, CNN and France24;
// ISO 8601 and the date in the id as fallbacks) with a small local parser,
// because tools/check_layering does not let files under src/nlp include
// extract/ (whose ParseDateTime covers more forms).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash.h"
#include "base/time.h"
#include "nlp/quotes/story.h"

namespace {

using khabar::UnixSeconds;

struct Article {
  std::string id;
  std::string source;
  std::string title;
  std::string text;
  UnixSeconds published_at = 0;
};

int ParseInt(std::string_view s, std::size_t* pos, std::size_t max_digits) {
  int v = 0;
  std::size_t n = 0;
  while (*pos < s.size() && n < max_digits && s[*pos] >= '0' &&
         s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  return n == 0 ? -1 : v;
}

// "Sat, 07 Apr 2018 13:39:43 GMT", "Mon, 07 May 2018 17:33:17 +0000".
std::optional<UnixSeconds> ParseRfc822(std::string_view s) {
  static constexpr std::string_view kMonths[] = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun",
      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t pos = s.find(',');
  pos = pos == std::string_view::npos ? 0 : pos + 1;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const int day = ParseInt(s, &pos, 2);
  while (pos < s.size() && s[pos] == ' ') ++pos;
  if (pos + 3 > s.size()) return std::nullopt;
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (s.substr(pos, 3) == kMonths[m]) month = m + 1;
  }
  pos += 3;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const int year = ParseInt(s, &pos, 4);
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const int hour = ParseInt(s, &pos, 2);
  if (pos >= s.size() || s[pos] != ':') return std::nullopt;
  ++pos;
  const int minute = ParseInt(s, &pos, 2);
  int second = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    second = ParseInt(s, &pos, 2);
  }
  while (pos < s.size() && s[pos] == ' ') ++pos;
  int offset = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    const int hhmm = ParseInt(s, &pos, 4);
    if (hhmm < 0) return std::nullopt;
    offset = sign * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
  }
  if (day < 0 || month == 0 || year < 0 || hour < 0 || minute < 0 ||
      second < 0) {
    return std::nullopt;
  }
  const auto t = khabar::MakeUtc(year, month, day, hour, minute, second);
  if (!t) return std::nullopt;
  return *t - offset;
}

// "2018-04-07T13:39:43" (zone ignored) or "2018-04-07".
std::optional<UnixSeconds> ParseIso(std::string_view s) {
  std::size_t pos = 0;
  const int y = ParseInt(s, &pos, 4);
  if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
  const int m = ParseInt(s, &pos, 2);
  if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
  const int d = ParseInt(s, &pos, 2);
  int hh = 0, mm = 0, ss = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    ++pos;
    hh = ParseInt(s, &pos, 2);
    if (pos < s.size() && s[pos] == ':') ++pos;
    mm = ParseInt(s, &pos, 2);
    if (pos < s.size() && s[pos] == ':') ++pos;
    ss = std::max(0, ParseInt(s, &pos, 2));
  }
  if (y < 0 || m < 0 || d < 0 || hh < 0 || mm < 0) return std::nullopt;
  return khabar::MakeUtc(y, m, d, hh, mm, ss);
}

// The corpus ids end in -YYYYMMDD.
std::optional<UnixSeconds> ParseIdDate(std::string_view id) {
  if (id.size() < 8) return std::nullopt;
  const std::string_view d = id.substr(id.size() - 8);
  if (!std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return khabar::MakeUtc(std::stoi(std::string(d.substr(0, 4))),
                         std::stoi(std::string(d.substr(4, 2))),
                         std::stoi(std::string(d.substr(6, 2))), 12);
}

std::vector<Article> ReadJsonl(const std::string& path, int* undated) {
  std::vector<Article> out;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    std::exit(2);
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      std::cerr << path << ": bad line: " << e.what() << "\n";
      continue;
    }
    Article a;
    a.id = j.value("id", "");
    a.source = j.value("source", "");
    a.title = j.value("title", "");
    a.text = j.value("text", "");
    const std::string time = j.value("time", "");
    std::optional<UnixSeconds> t = ParseRfc822(time);
    if (!t) t = ParseIso(time);
    if (!t) {
      t = ParseIdDate(a.id);
      ++*undated;
    }
    if (!t) continue;
    a.published_at = *t;
    out.push_back(std::move(a));
  }
  return out;
}

std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\t', ' ');
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: story_tool <articles.jsonl> [--background f.jsonl] "
                 "[--threshold X] [--window-hours H] [--pairs out.tsv] "
                 "[--sample N] [--all-pairs out.tsv]\n";
    return 2;
  }
  std::string input = argv[1];
  std::string background;
  std::string pairs_path;
  std::string all_pairs_path;
  std::size_t sample = 50;
  khabar::nlp::StoryOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--background") background = value;
    else if (flag == "--threshold") options.join_threshold = std::stod(value);
    else if (flag == "--window-hours") options.window_seconds = std::stoll(value) * 3600;
    else if (flag == "--pairs") pairs_path = value;
    else if (flag == "--all-pairs") all_pairs_path = value;
    else if (flag == "--sample") sample = std::stoul(value);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }

  int undated = 0;
  std::vector<Article> articles = ReadJsonl(input, &undated);
  std::stable_sort(articles.begin(), articles.end(),
                   [](const Article& a, const Article& b) {
                     return a.published_at < b.published_at;
                   });
  khabar::nlp::StoryClusterer clusterer(options);
  if (!background.empty()) {
    int bg_undated = 0;
    for (const Article& a : ReadJsonl(background, &bg_undated)) {
      clusterer.ObserveDocumentFrequencies(khabar::nlp::SummarizeArticle(
          a.id, a.published_at, a.source, a.title, a.text, options));
    }
  }

  std::map<uint64_t, std::vector<std::size_t>> stories;
  std::vector<khabar::nlp::StoryAssignment> assigned;
  int exact = 0, near = 0;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const Article& a = articles[i];
    assigned.push_back(clusterer.AddArticle(khabar::nlp::SummarizeArticle(
        a.id, a.published_at, a.source, a.title, a.text, options)));
    stories[assigned.back().story_id].push_back(i);
    exact += assigned.back().duplicate == khabar::nlp::DuplicateKind::kExact;
    near += assigned.back().duplicate == khabar::nlp::DuplicateKind::kNear;
  }

  struct Pair {
    std::size_t a, b;
    uint64_t story;
    uint64_t key;
  };
  constexpr auto kNone = khabar::nlp::DuplicateKind::kNone;
  std::vector<Pair> pairs;
  std::size_t multi_article = 0, multi_source = 0, largest = 0;
  for (const auto& [story, members] : stories) {
    largest = std::max(largest, members.size());
    if (members.size() > 1) ++multi_article;
    std::set<std::string> sources;
    for (std::size_t m : members) sources.insert(articles[m].source);
    if (sources.size() > 1) ++multi_source;
    for (std::size_t x = 0; x < members.size(); ++x) {
      for (std::size_t y = x + 1; y < members.size(); ++y) {
        const Article& a = articles[members[x]];
        const Article& b = articles[members[y]];
        // A copy stands for its original: no extra pairs for duplicates.
        if (a.source == b.source || assigned[members[x]].duplicate != kNone ||
            assigned[members[y]].duplicate != kNone) {
          continue;
        }
        pairs.push_back({members[x], members[y], story,
                         khabar::StableHash64(a.id + "|" + b.id, 20181017)});
      }
    }
  }
  std::printf("articles %zu (time from id: %d)\n", articles.size(), undated);
  std::printf("threshold %.2f window %lldh\n", options.join_threshold,
              static_cast<long long>(options.window_seconds / 3600));
  std::printf("stories %zu, with >1 article %zu, multi-source %zu, largest %zu\n",
              stories.size(), multi_article, multi_source, largest);
  std::printf("duplicates exact %d near %d\n", exact, near);
  std::printf("cross-source same-story pairs %zu\n", pairs.size());

  auto write_pairs = [&](const std::string& path, std::vector<Pair> list) {
    std::ofstream out(path);
    out << "n\tstory\tsource_a\tdate_a\ttitle_a\tsource_b\tdate_b\ttitle_b\n";
    std::size_t n = 0;
    for (const Pair& p : list) {
      const Article& a = articles[p.a];
      const Article& b = articles[p.b];
      out << ++n << '\t' << p.story << '\t' << a.source << '\t'
          << khabar::FormatIso8601(a.published_at).substr(0, 10) << '\t'
          << OneLine(a.title) << '\t' << b.source << '\t'
          << khabar::FormatIso8601(b.published_at).substr(0, 10) << '\t'
          << OneLine(b.title) << '\n';
    }
  };
  // Fixed-seed sample: the pairs with the smallest StableHash64 of their ids.
  std::sort(pairs.begin(), pairs.end(),
            [](const Pair& x, const Pair& y) { return x.key < y.key; });
  if (!all_pairs_path.empty()) write_pairs(all_pairs_path, pairs);
  if (!pairs_path.empty()) {
    pairs.resize(std::min(pairs.size(), sample));
    write_pairs(pairs_path, pairs);
    std::printf("wrote %zu sampled pairs to %s\n", pairs.size(),
                pairs_path.c_str());
  }
  return 0;
}
