// Offline evaluation of "For you" (service::ForYou) with synthetic readers
// on real news, and its build latency at 100k articles.
//
// 1. Loads ANT v2.1 (train + dev: BBC, CNN, France24 2018) into a temporary
//    file-backed Library with full analysis (entities, topic, stories). The
//    corpus spans nine months; its times are kept in order and spread over
//    the 14 days before the simulated `now`, so that a 14-day window holds
//    the whole corpus (~720 articles a day, a mid-sized aggregator).
// 2. Synthetic readers (fixed seed): each has hidden interests, 2-4
//    entities (PERS/LOC/ORG among the 100 most mentioned) and 1-2 topics
//    (among topics with at least 3% of the articles); follows none of them
//    (15%), all of them (15%) or each with probability 1/2 (70%). During
//    the warm-up days before the evaluation day each reader is shown random
//    articles of the day and opens them with P = 0.5 when they match a
//    hidden interest, 0.02 otherwise; 1 open in 10 is also saved.
// 3. At the end of the evaluation day every reader gets three top-10 lists:
//    ForYou::Build, latest-first, and popularity (PopularArticles over all
//    readers' opens and saves, the reader's own opened articles skipped). An
//    article is relevant when it matches a hidden interest and the reader
//    has not opened it yet. Reported: precision@10 and nDCG@10 (binary
//    gains; the ideal list has min(10, relevant articles in the window)),
//    mean and 95% CI over readers, and the paired difference to ForYou.
// 4. Latency: the store grows to --articles (100k) by putting copies of the
//    analyzed articles (new url, content hash and time; analysis copied, no
//    re-analysis; each copy round keeps the stories together), then every
//    reader's Build of a 30-item page is timed three times (p50/p90/p99),
//    with a fresh ForYou per Build and with one kept ForYou (its cache
//    shared between readers), against a latest-first page of the same size
//    read the same way (one listing, one GetRow per card). --grow=dense puts
//    the copies inside the 14-day window (every follow and topic listing gets
//    10x denser: the worst case); --grow=archive puts them in the 14-day
//    periods before it (a site with a long history).
//
// Usage: foryou_sim [--readers=200] [--seed=42] [--articles=100000]
//                   [--grow=dense|archive] [--json=foryou_sim.json]
//                   [--max-corpus=N] [--keep-db] [--reuse-db=DIR]
// --max-corpus takes an even sample of the corpus (quick runs); --keep-db
// keeps the grown database and --reuse-db=DIR times Build on it again
// (readers are users 1..--readers), without the evaluation.
//
// Takes ~3.5 minutes on 2 busy cores (ingest with analysis ~1 min, growth
// ~2 min). Single-threaded; the numbers are for one core.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <unistd.h>
#include <nlohmann/json.hpp>

#include "extract/jsonl.h"
#include "nlp/topic/taxonomy.h"
#include "service/for_you.h"
#include "service/ingest.h"
#include "service/library.h"
#include "service/news.h"
#include "store/reader_store.h"

namespace {

namespace fs = std::filesystem;
using khabar::Result;
using khabar::Status;
using khabar::UnixSeconds;
using khabar::store::ArticleId;
using khabar::store::UserId;

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;
constexpr int kSpanDays = 14;
constexpr int kWarmupDays = 5;
constexpr int kTopK = 10;
constexpr int kImpressionsPerDay = 20;
constexpr int kTimedPasses = 3;
constexpr double kClickRelevant = 0.5;
constexpr double kClickOther = 0.02;
constexpr double kSaveOfClick = 0.1;

struct Flags {
  int readers = 200;
  uint64_t seed = 42;
  int64_t articles = 100000;
  std::string grow = "dense";
  std::string json = "foryou_sim.json";
  std::size_t max_corpus = 0;  // 0 = all
  bool keep_db = false;
  std::string reuse_db;  // a kept folder: time Build only, users 1..readers
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      const std::string prefix = std::string("--") + name + "=";
      return arg.rfind(prefix, 0) == 0 ? argv[i] + prefix.size() : nullptr;
    };
    if (const char* v = value("readers")) {
      f.readers = std::atoi(v);
    } else if (const char* v = value("seed")) {
      f.seed = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("articles")) {
      f.articles = std::atoll(v);
    } else if (const char* v = value("grow")) {
      f.grow = v;
    } else if (const char* v = value("json")) {
      f.json = v;
    } else if (const char* v = value("max-corpus")) {
      f.max_corpus = std::strtoull(v, nullptr, 10);
    } else if (const char* v = value("reuse-db")) {
      f.reuse_db = v;
    } else if (arg == "--keep-db") {
      f.keep_db = true;
    } else {
      std::cerr << "unknown flag " << arg << "\n";
      std::exit(2);
    }
  }
  if (f.grow != "dense" && f.grow != "archive") {
    std::cerr << "--grow is dense or archive\n";
    std::exit(2);
  }
  return f;
}

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::cerr << "foryou_sim: " << what << ": " << status.ToString() << "\n";
  std::exit(1);
}

template <typename T>
T Must(Result<T> result, const std::string& what) {
  if (!result.ok()) Die(what, result.status());
  return std::move(result).value();
}

void Must(const Status& status, const std::string& what) {
  if (!status.ok()) Die(what, status);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

// What the simulation knows of one stored article.
struct SimArticle {
  ArticleId id = 0;
  UnixSeconds time = 0;
  std::string topic;
  std::unordered_set<std::string> entities;  // keys
};

struct Reader {
  UserId id = 0;
  std::vector<khabar::store::EntitySummary> entities;  // hidden interests
  std::vector<std::string> topics;
  std::string group;  // "none", "some", "all": what it follows
  int follows = 0;
  std::unordered_set<ArticleId> opened;
};

bool Relevant(const Reader& r, const SimArticle& a) {
  if (std::find(r.topics.begin(), r.topics.end(), a.topic) != r.topics.end()) {
    return true;
  }
  for (const auto& e : r.entities) {
    if (a.entities.contains(e.key)) return true;
  }
  return false;
}

std::vector<khabar::extract::RawArticle> LoadCorpus(const std::string& shared,
                                                    std::size_t max) {
  std::vector<khabar::extract::RawArticle> out;
  for (const char* split : {"train", "dev"}) {
    const std::string path = shared +
                             "/data/ant-corpus-v2.1-multisource/"
                             "ant-corpus-v2.1-multisource." +
                             split + ".jsonl";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "foryou_sim: cannot read " << path
                << " (set KHABAR_SHARED_DIR)\n";
      std::exit(1);
    }
    std::string line;
    while (std::getline(in, line)) {
      Result<khabar::extract::RawArticle> raw =
          khabar::extract::ParseJsonlRecord(line);
      if (raw.ok()) out.push_back(std::move(*raw));
    }
  }
  // Corpus order is by source and section; ingest in time order, as a
  // crawler would, so that stories form as they would live.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.published_at.value_or(0) < b.published_at.value_or(0);
  });
  if (max > 0 && out.size() > max) {
    // Keep an even sample across time.
    std::vector<khabar::extract::RawArticle> sample;
    for (std::size_t i = 0; i < max; ++i) {
      sample.push_back(std::move(out[i * out.size() / max]));
    }
    out = std::move(sample);
  }
  return out;
}

struct Stats {
  double mean = 0, lo = 0, hi = 0;
};

Stats MeanCi(const std::vector<double>& xs) {
  Stats s;
  if (xs.empty()) return s;
  double sum = 0;
  for (double x : xs) sum += x;
  s.mean = sum / static_cast<double>(xs.size());
  double var = 0;
  for (double x : xs) var += (x - s.mean) * (x - s.mean);
  const double n = static_cast<double>(xs.size());
  const double se = xs.size() > 1 ? std::sqrt(var / (n - 1) / n) : 0;
  s.lo = s.mean - 1.96 * se;
  s.hi = s.mean + 1.96 * se;
  return s;
}

double Percentile(std::vector<double> xs, double p) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  const double rank = p / 100.0 * static_cast<double>(xs.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(lo + 1, xs.size() - 1);
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - static_cast<double>(lo));
}

nlohmann::json StatsJson(const Stats& s) {
  return {{"mean", s.mean}, {"ci95", {s.lo, s.hi}}};
}

struct Metrics {
  std::vector<double> precision, ndcg;
};

void Score(const std::vector<ArticleId>& list, const Reader& reader,
           const std::unordered_map<ArticleId, const SimArticle*>& by_id,
           int64_t relevant_in_window, Metrics& m) {
  double hits = 0, dcg = 0;
  for (std::size_t i = 0; i < list.size() && i < kTopK; ++i) {
    auto it = by_id.find(list[i]);
    if (it == by_id.end()) continue;
    if (!Relevant(reader, *it->second) || reader.opened.contains(list[i])) {
      continue;
    }
    hits += 1;
    dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  }
  double idcg = 0;
  for (int64_t i = 0; i < std::min<int64_t>(kTopK, relevant_in_window); ++i) {
    idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  }
  m.precision.push_back(hits / kTopK);
  m.ndcg.push_back(idcg > 0 ? dcg / idcg : 0);
}

std::vector<ArticleId> LatestIds(khabar::store::ArticleStore& store,
                                 int limit) {
  khabar::store::FtsQuery query;
  query.limit = limit;
  khabar::store::SearchPage page = Must(store.Search(query), "latest");
  std::vector<ArticleId> ids;
  for (const auto& hit : page.hits) ids.push_back(hit.id);
  return ids;
}

// Times Build for every reader, kTimedPasses times, after one untimed pass
// that warms SQLite's and the OS's page cache as a running server's are:
//   cold   a fresh ForYou per Build (nothing reused between readers)
//   warm   one ForYou for all builds, as one kept per server thread (its
//          entity listings stay valid while no article is added)
// against a latest-first page read the same way (one listing, one GetRow
// per card).
nlohmann::json MeasureLatency(khabar::service::Library& library,
                              const std::vector<UserId>& readers,
                              UnixSeconds now, int64_t count,
                              const std::string& grow, double grow_seconds) {
  khabar::store::ArticleStore& articles = library.store();
  auto make = [&] {
    return std::make_unique<khabar::service::ForYou>(
        articles, library.readers(), &library.searcher());
  };
  const std::unique_ptr<khabar::service::ForYou> kept = make();
  khabar::service::ForYouOptions page_options;  // the page: 30 items
  auto time_ms = [](auto&& work) {
    const auto t0 = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now() - t0)
        .count();
  };
  auto latest_page = [&] {
    for (ArticleId id : LatestIds(articles, page_options.limit)) {
      Must(articles.GetRow(id), "row");
    }
  };
  for (UserId reader : readers) {
    Must(kept->Build(reader, now, page_options), "build");
    latest_page();
  }
  std::vector<double> cold_ms, warm_ms, latest_ms;
  std::size_t items = 0;
  for (int pass = 0; pass < kTimedPasses; ++pass) {
    for (UserId reader : readers) {
      cold_ms.push_back(time_ms([&] {
        items += Must(make()->Build(reader, now, page_options), "build").size();
      }));
      warm_ms.push_back(time_ms(
          [&] { Must(kept->Build(reader, now, page_options), "build"); }));
      latest_ms.push_back(time_ms(latest_page));
    }
  }
  auto latency = [&](const std::vector<double>& ms) {
    return nlohmann::json{{"p50_ms", Percentile(ms, 50)},
                          {"p90_ms", Percentile(ms, 90)},
                          {"p99_ms", Percentile(ms, 99)},
                          {"max_ms", Percentile(ms, 100)}};
  };
  nlohmann::json result = {
      {"articles", count},
      {"grow", grow},
      {"grow_seconds", grow_seconds},
      {"page_size", page_options.limit},
      {"builds_per_variant", cold_ms.size()},
      {"mean_items",
       static_cast<double>(items) /
           static_cast<double>(std::max<std::size_t>(1, cold_ms.size()))},
      {"for_you_cold", latency(cold_ms)},
      {"for_you_warm", latency(warm_ms)},
      {"latest_first", latency(latest_ms)},
      {"ratio_cold_p50", Percentile(cold_ms, 50) / Percentile(latest_ms, 50)},
      {"ratio_cold_p99", Percentile(cold_ms, 99) / Percentile(latest_ms, 99)},
      {"ratio_warm_p50", Percentile(warm_ms, 50) / Percentile(latest_ms, 50)},
      {"ratio_warm_p99", Percentile(warm_ms, 99) / Percentile(latest_ms, 99)}};
  std::printf(
      "\nBuild latency at %lld articles (%s growth), %zu builds of %d items "
      "per variant\n",
      static_cast<long long>(count), grow.c_str(), cold_ms.size(),
      page_options.limit);
  std::printf("%-22s %8s %8s %8s %8s\n", "", "p50 ms", "p90 ms", "p99 ms",
              "max ms");
  for (const auto& [name, ms] :
       {std::pair<const char*, const std::vector<double>*>{
            "for_you, fresh object", &cold_ms},
        {"for_you, kept object", &warm_ms},
        {"latest-first", &latest_ms}}) {
    std::printf("%-22s %8.2f %8.2f %8.2f %8.2f\n", name, Percentile(*ms, 50),
                Percentile(*ms, 90), Percentile(*ms, 99), Percentile(*ms, 100));
  }
  std::printf(
      "ratio to latest-first: fresh p50 %.1fx p99 %.1fx; kept p50 %.1fx "
      "p99 %.1fx\n",
      Percentile(cold_ms, 50) / Percentile(latest_ms, 50),
      Percentile(cold_ms, 99) / Percentile(latest_ms, 99),
      Percentile(warm_ms, 50) / Percentile(latest_ms, 50),
      Percentile(warm_ms, 99) / Percentile(latest_ms, 99));
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  const std::string shared = env ? env : KHABAR_SHARED_DIR;
  const auto started = std::chrono::steady_clock::now();
  // A fixed "now": the simulation is the same on every run and machine.
  const UnixSeconds now = *khabar::MakeUtc(2026, 11, 26);
  const UnixSeconds start = now - kSpanDays * kDay;
  const UnixSeconds eval_start = now - kDay;
  const UnixSeconds warm_start = eval_start - kWarmupDays * kDay;

  if (!flags.reuse_db.empty()) {
    khabar::service::LibraryOptions reuse;
    reuse.data_dir = flags.reuse_db;
    auto library = Must(khabar::service::Library::Open(reuse), "open");
    std::vector<UserId> ids;
    for (int r = 1; r <= flags.readers; ++r) ids.push_back(r);
    const int64_t count = Must(library->store().Count(), "count");
    nlohmann::json out;
    out["latency"] = MeasureLatency(*library, ids, now, count, "reused", 0);
    std::ofstream(flags.json) << out.dump(2) << "\n";
    return 0;
  }

  // --- 1. The corpus, analyzed, in a temporary library. ------------------
  std::vector<khabar::extract::RawArticle> corpus =
      LoadCorpus(shared, flags.max_corpus);
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    corpus[i].published_at =
        start + static_cast<int64_t>((static_cast<double>(i) + 0.5) *
                                     static_cast<double>(kSpanDays * kDay) /
                                     static_cast<double>(corpus.size()));
  }
  const fs::path dir = fs::temp_directory_path() /
                       ("khabar_foryou_sim_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  khabar::service::LibraryOptions options;
  options.data_dir = dir.string();
  options.understand = true;
  options.models_dir = KHABAR_MODELS_DIR;
  std::unique_ptr<khabar::service::Library> library =
      Must(khabar::service::Library::Open(options), "open library");
  khabar::store::ArticleStore& articles = library->store();
  khabar::store::ReaderStore& readers = library->readers();

  khabar::service::IngestOptions ingest_options;
  ingest_options.understanding = library->understanding();
  ingest_options.batch_size = 1000;
  khabar::service::IngestReport report;
  {
    khabar::service::Ingestor ingestor(articles, ingest_options);
    for (std::size_t i = 0; i < corpus.size(); ++i) {
      Must(ingestor.Add(corpus[i], "corpus:" + std::to_string(i), &report),
           "ingest");
    }
    Must(ingestor.Flush(), "ingest flush");
  }
  const double ingest_seconds = Seconds(started);
  std::cerr << "ingested " << report.ingested << " (" << report.duplicates
            << " duplicates, " << report.failed << " failed) in "
            << ingest_seconds << " s\n";

  std::vector<khabar::store::Article> stored;  // full, for the copies
  std::vector<SimArticle> sim;
  {
    std::set<ArticleId> ids(report.ids.begin(), report.ids.end());
    for (ArticleId id : ids) {
      khabar::store::Article a = Must(articles.Get(id), "get");
      SimArticle s;
      s.id = id;
      s.time = a.published_at.value_or(a.ingested_at);
      s.topic = a.analysis.topic;
      for (const auto& e : a.analysis.entities) s.entities.insert(e.key);
      sim.push_back(std::move(s));
      stored.push_back(std::move(a));
    }
  }
  std::unordered_map<ArticleId, const SimArticle*> by_id;
  for (const SimArticle& s : sim) by_id[s.id] = &s;
  std::map<int64_t, std::vector<const SimArticle*>> by_day;
  for (const SimArticle& s : sim) by_day[(s.time - start) / kDay].push_back(&s);

  // --- 2. Readers: hidden interests, follows, warm-up opens. -------------
  std::vector<khabar::store::EntitySummary> popular;
  for (auto& e : Must(articles.TopEntities("", start, 200, 0), "entities")) {
    if (e.type != "MISC" && popular.size() < 100) popular.push_back(e);
  }
  std::vector<std::string> topics;
  for (const auto& t : Must(articles.Topics(), "topics")) {
    if (t.count * 100 >= static_cast<int64_t>(sim.size()) * 3) {
      topics.push_back(t.value);
    }
  }
  if (popular.size() < 4 || topics.empty()) {
    std::cerr << "foryou_sim: too few entities or topics to draw from\n";
    return 1;
  }
  std::mt19937_64 rng(flags.seed);
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  auto pick = [&](std::size_t n) {
    return static_cast<std::size_t>(
        std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  std::vector<Reader> sim_readers;
  int64_t total_opens = 0, total_saves = 0;
  for (int r = 0; r < flags.readers; ++r) {
    Reader reader;
    khabar::store::User user;
    user.email = "reader" + std::to_string(r) + "@sim.invalid";
    user.password_hash = "-";
    user.created_at = start;
    reader.id = Must(readers.CreateUser(user), "create user");
    const int n_entities = 2 + static_cast<int>(pick(3));
    const int n_topics = 1 + static_cast<int>(pick(2));
    std::set<std::size_t> chosen;
    while (static_cast<int>(chosen.size()) < n_entities) {
      chosen.insert(pick(popular.size()));
    }
    for (std::size_t i : chosen) reader.entities.push_back(popular[i]);
    std::set<std::size_t> chosen_topics;
    while (static_cast<int>(chosen_topics.size()) <
           std::min<int>(n_topics, static_cast<int>(topics.size()))) {
      chosen_topics.insert(pick(topics.size()));
    }
    for (std::size_t i : chosen_topics) reader.topics.push_back(topics[i]);

    const double kind = uniform(0, 1);
    reader.group = kind < 0.15 ? "none" : kind < 0.30 ? "all" : "some";
    auto follows = [&] {
      return reader.group == "all" ||
             (reader.group == "some" && uniform(0, 1) < 0.5);
    };
    for (const auto& e : reader.entities) {
      if (!follows()) continue;
      khabar::store::Follow f;
      f.kind = "entity";
      f.target = e.key;
      f.label = e.name;
      f.detail = e.type;
      f.at = start;
      Must(readers.PutFollow(reader.id, f), "follow");
      ++reader.follows;
    }
    for (const std::string& t : reader.topics) {
      if (!follows()) continue;
      khabar::store::Follow f;
      f.kind = "topic";
      f.target = t;
      f.label = khabar::service::SectionDisplayName(t);
      f.at = start;
      Must(readers.PutFollow(reader.id, f), "follow");
      ++reader.follows;
    }

    for (int64_t day = (warm_start - start) / kDay;
         day < (eval_start - start) / kDay; ++day) {
      const auto& today = by_day[day];
      if (today.empty()) continue;
      for (int i = 0; i < kImpressionsPerDay; ++i) {
        const SimArticle& a = *today[pick(today.size())];
        if (reader.opened.contains(a.id)) continue;
        const double p = Relevant(reader, a) ? kClickRelevant : kClickOther;
        if (uniform(0, 1) >= p) continue;
        const UnixSeconds at = std::min<UnixSeconds>(
            eval_start - 1,
            a.time + static_cast<int64_t>(uniform(0, 6 * kHour)));
        Must(readers.RecordRead(reader.id, a.id, at), "read");
        reader.opened.insert(a.id);
        ++total_opens;
        if (uniform(0, 1) < kSaveOfClick) {
          Must(readers.Save(reader.id, a.id, at), "save");
          ++total_saves;
        }
      }
    }
    sim_readers.push_back(std::move(reader));
  }

  // --- 3. The evaluation day: three lists per reader. --------------------
  khabar::service::ForYou for_you(articles, readers, &library->searcher());
  khabar::service::ForYouOptions fy;
  fy.limit = kTopK;
  const std::vector<ArticleId> latest = LatestIds(articles, kTopK);
  std::vector<ArticleId> popular_ids;
  for (const auto& p :
       Must(readers.PopularArticles(warm_start, 500), "popular")) {
    popular_ids.push_back(p.article);
  }
  std::map<std::string, Metrics> metrics;   // variant → per-reader values
  std::map<std::string, Metrics> by_group;  // ForYou by follow group
  std::map<std::string, int> group_size;
  std::map<std::string, int64_t> reason_kinds;
  for (const Reader& reader : sim_readers) {
    int64_t relevant = 0;
    for (const SimArticle& a : sim) {
      if (a.time >= now - fy.window_seconds && a.time <= now &&
          Relevant(reader, a) && !reader.opened.contains(a.id)) {
        ++relevant;
      }
    }
    std::vector<ArticleId> mine;
    for (const auto& item : Must(for_you.Build(reader.id, now, fy), "build")) {
      mine.push_back(item.article);
      ++reason_kinds[item.reason_kind];
    }
    std::vector<ArticleId> pop;
    for (ArticleId id : popular_ids) {
      if (pop.size() == kTopK) break;
      if (!reader.opened.contains(id)) pop.push_back(id);
    }
    Score(mine, reader, by_id, relevant, metrics["for_you"]);
    Score(latest, reader, by_id, relevant, metrics["latest"]);
    Score(pop, reader, by_id, relevant, metrics["popular"]);
    Score(mine, reader, by_id, relevant, by_group[reader.group]);
    ++group_size[reader.group];
  }

  nlohmann::json out;
  std::string command;
  for (int i = 0; i < argc; ++i)
    command += (i ? " " : "") + std::string(argv[i]);
  out["command"] = command;
  out["corpus"] = {{"records", corpus.size()},
                   {"stored", sim.size()},
                   {"duplicates", report.duplicates},
                   {"ingest_seconds", ingest_seconds}};
  out["readers"] = {{"count", sim_readers.size()},
                    {"seed", flags.seed},
                    {"opens", total_opens},
                    {"saves", total_saves},
                    {"groups", group_size},
                    {"popular_entities", popular.size()},
                    {"topics", topics}};
  std::printf(
      "\nFor you, offline: %zu readers (seed %llu), %zu articles, "
      "%lld opens, %lld saves in %d warm-up days\n",
      sim_readers.size(), static_cast<unsigned long long>(flags.seed),
      sim.size(), static_cast<long long>(total_opens),
      static_cast<long long>(total_saves), kWarmupDays);
  std::printf("%-22s %-26s %-26s\n", "variant", "precision@10 [95% CI]",
              "nDCG@10 [95% CI]");
  auto row = [&](const std::string& name, const Metrics& m) {
    const Stats p = MeanCi(m.precision);
    const Stats n = MeanCi(m.ndcg);
    std::printf("%-22s %.3f [%.3f, %.3f]      %.3f [%.3f, %.3f]\n",
                name.c_str(), p.mean, p.lo, p.hi, n.mean, n.lo, n.hi);
    return nlohmann::json{{"precision_at_10", StatsJson(p)},
                          {"ndcg_at_10", StatsJson(n)},
                          {"readers", m.precision.size()}};
  };
  for (const char* v : {"for_you", "latest", "popular"}) {
    out["variants"][v] = row(v, metrics[v]);
  }
  for (const char* base : {"latest", "popular"}) {
    Metrics diff;
    for (std::size_t i = 0; i < metrics["for_you"].precision.size(); ++i) {
      diff.precision.push_back(metrics["for_you"].precision[i] -
                               metrics[base].precision[i]);
      diff.ndcg.push_back(metrics["for_you"].ndcg[i] - metrics[base].ndcg[i]);
    }
    out["paired_difference"][std::string("for_you-") + base] =
        row(std::string("for_you - ") + base, diff);
  }
  for (const auto& [group, m] : by_group) {
    out["for_you_by_group"][group] = row("for_you, follows " + group, m);
  }
  out["reason_kinds"] = reason_kinds;

  // --- 4. Latency at --articles. ------------------------------------------
  const auto grow_started = std::chrono::steady_clock::now();
  int64_t count = Must(articles.Count(), "count");
  const int64_t span = kSpanDays * kDay;
  for (int round = 1; count < flags.articles; ++round) {
    std::unordered_map<khabar::store::StoryId, khabar::store::StoryId> stories;
    Must(articles.Begin(), "begin");
    int in_batch = 0;
    for (const khabar::store::Article& original : stored) {
      if (count >= flags.articles) break;
      khabar::store::Article copy = original;
      const std::string suffix = "#copy" + std::to_string(round);
      copy.url += suffix;
      copy.content_hash += suffix;
      const UnixSeconds t =
          original.published_at.value_or(original.ingested_at);
      if (flags.grow == "dense") {
        // Golden-ratio offsets spread the rounds evenly over the window.
        const int64_t shift = static_cast<int64_t>(
            std::fmod(round * 0.6180339887, 1.0) * static_cast<double>(span));
        copy.published_at = start + (t - start + shift) % span;
      } else {
        copy.published_at = t - round * span;
      }
      auto joined = stories.find(original.story_id);
      copy.story_id = joined == stories.end() ? 0 : joined->second;
      khabar::store::PutResult put = Must(articles.Put(copy), "put copy");
      if (joined == stories.end()) stories[original.story_id] = put.story_id;
      ++count;
      if (++in_batch == 2000) {
        Must(articles.Commit(), "commit");
        Must(articles.Begin(), "begin");
        in_batch = 0;
      }
    }
    Must(articles.Commit(), "commit");
  }
  const double grow_seconds = Seconds(grow_started);
  std::cerr << "grew to " << count << " articles in " << grow_seconds << " s\n";

  std::vector<UserId> reader_ids;
  for (const Reader& reader : sim_readers) reader_ids.push_back(reader.id);
  out["latency"] = MeasureLatency(*library, reader_ids, now, count, flags.grow,
                                  grow_seconds);
  out["total_seconds"] = Seconds(started);
  std::printf("total %.0f s\n", Seconds(started));

  std::ofstream json(flags.json);
  json << out.dump(2) << "\n";
  std::cerr << "wrote " << flags.json << "\n";
  library.reset();
  if (flags.keep_db) {
    std::cerr << "kept " << dir.string() << "\n";
  } else {
    fs::remove_all(dir);
  }
  return 0;
}
