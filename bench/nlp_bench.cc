// Throughput of article understanding on real news (ANT v2.1 dev: BBC, CNN,
// France24 2018). The baseline, measured in the same run on the same
// articles, is the Khabar analyzer alone (tokenize + normalize + stem): the
// work every later stage builds on. Report each stage as a ratio to it.
//
//   BM_AnalyzerBaseline   articles/s of text::Analyzer over title + body
//   BM_Ner                sentences/s of NerModel::Find
//   BM_Dates / BM_Quotes / BM_Topic / BM_Keywords / BM_Signature
//   BM_FullAnalysis       articles/s of service::Understanding::Analyze
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nlp/dates/dates.h"
#include "nlp/ner/ner.h"
#include "nlp/quotes/quotes.h"
#include "nlp/quotes/signature.h"
#include "nlp/topic/keywords.h"
#include "nlp/topic/topic_model.h"
#include "service/understand.h"
#include "store/article_store.h"
#include "text/analyzer.h"
#include "text/sentence.h"

namespace {

using khabar::store::Article;

struct Corpus {
  std::vector<Article> articles;
  std::vector<std::string> bodies;
  int64_t sentences = 0;
};

const Corpus& Articles() {
  static const Corpus corpus = [] {
    Corpus c;
    const char* env = std::getenv("KHABAR_SHARED_DIR");
    const std::string path =
        std::string(env ? env : KHABAR_SHARED_DIR) +
        "/data/ant-corpus-v2.1-multisource/ant-corpus-v2.1-multisource.dev.jsonl";
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      Article a;
      a.title = j.value("title", "");
      std::string body = j.value("text", "");
      std::size_t start = 0;
      while (start < body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string::npos) end = body.size();
        if (end > start) a.paragraphs.push_back(body.substr(start, end - start));
        start = end + 1;
      }
      if (a.paragraphs.empty()) continue;
      c.sentences += static_cast<int64_t>(khabar::text::SplitSentences(body).size());
      c.bodies.push_back(std::move(body));
      c.articles.push_back(std::move(a));
    }
    return c;
  }();
  return corpus;
}

const khabar::service::Understanding& Models() {
  static const auto u = [] {
    auto loaded = khabar::service::Understanding::Load(KHABAR_MODELS_DIR);
    if (!loaded.ok()) std::abort();
    return std::move(loaded).value();
  }();
  return *u;
}

template <typename F>
void RunOverArticles(benchmark::State& state, F&& work) {
  const Corpus& c = Articles();
  if (c.articles.empty()) {
    state.SkipWithError("ANT v2.1 dev not found (set KHABAR_SHARED_DIR)");
    return;
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < c.articles.size(); ++i) work(c.articles[i], c.bodies[i]);
  }
  state.counters["articles_per_s"] = benchmark::Counter(
      static_cast<double>(c.articles.size() * state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["sentences_per_s"] = benchmark::Counter(
      static_cast<double>(c.sentences * state.iterations()), benchmark::Counter::kIsRate);
}

void BM_AnalyzerBaseline(benchmark::State& state) {
  const auto analyzer = khabar::text::MakeKhabarAnalyzer();
  khabar::text::AnalyzedText out;
  RunOverArticles(state, [&](const Article& a, const std::string& body) {
    out.Clear();
    analyzer->Analyze(a.title, khabar::text::AnalyzerMode::kDocument, &out);
    analyzer->Analyze(body, khabar::text::AnalyzerMode::kDocument, &out);
    benchmark::DoNotOptimize(out.terms.data());
  });
}

void BM_Ner(benchmark::State& state) {
  auto model = khabar::nlp::NerModel::Load(std::string(KHABAR_MODELS_DIR) + "/ner.model");
  if (!model.ok()) return state.SkipWithError(model.status().ToString().c_str());
  RunOverArticles(state, [&](const Article&, const std::string& body) {
    benchmark::DoNotOptimize((*model)->Find(body));
  });
}

void BM_Dates(benchmark::State& state) {
  RunOverArticles(state, [&](const Article&, const std::string& body) {
    benchmark::DoNotOptimize(khabar::nlp::FindDates(body, std::nullopt));
  });
}

void BM_Quotes(benchmark::State& state) {
  RunOverArticles(state, [&](const Article&, const std::string& body) {
    benchmark::DoNotOptimize(khabar::nlp::FindQuotes(body, {}));
  });
}

void BM_Topic(benchmark::State& state) {
  auto model =
      khabar::nlp::TopicModel::Load(std::string(KHABAR_MODELS_DIR) + "/topic.model");
  if (!model.ok()) return state.SkipWithError(model.status().ToString().c_str());
  RunOverArticles(state, [&](const Article& a, const std::string& body) {
    benchmark::DoNotOptimize((*model)->Predict(a.title, body));
  });
}

void BM_Signature(benchmark::State& state) {
  RunOverArticles(state, [&](const Article&, const std::string& body) {
    benchmark::DoNotOptimize(khabar::nlp::ComputeSignature(body));
  });
}

void BM_FullAnalysis(benchmark::State& state) {
  const auto& models = Models();
  RunOverArticles(state, [&](const Article& a, const std::string&) {
    benchmark::DoNotOptimize(models.Analyze(a));
  });
}

BENCHMARK(BM_AnalyzerBaseline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Ner)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dates)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Quotes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Topic)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Signature)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullAnalysis)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
