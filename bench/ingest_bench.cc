// Ingest throughput: the ANT v2.1 train file (8,964 articles, 38 MB) into a
// fresh file-backed SQLite library, with the full-text index built by each
// analyzer. SQLite's own unicode61 tokenizer is the baseline measured in the
// same run; the ratio is what to report.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "service/ingest.h"
#include "service/library.h"

namespace {

namespace fs = std::filesystem;

std::string CorpusPath() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  std::string shared = env ? env : KHABAR_SHARED_DIR;
  return shared +
         "/data/ant-corpus-v2.1-multisource/ant-corpus-v2.1-multisource.train.jsonl";
}

void BM_Ingest(benchmark::State& state, const char* analyzer) {
  const std::string corpus = CorpusPath();
  if (!fs::exists(corpus)) {
    state.SkipWithError(("corpus not found: " + corpus).c_str());
    return;
  }
  const double bytes = static_cast<double>(fs::file_size(corpus));
  int64_t articles = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::path dir = fs::temp_directory_path() /
                   ("khabar_ingest_bench_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    khabar::service::LibraryOptions options;
    options.data_dir = dir.string();
    options.analyzer = analyzer;
    auto lib = khabar::service::Library::Open(options);
    if (!lib.ok()) {
      state.SkipWithError(lib.status().ToString().c_str());
      return;
    }
    state.ResumeTiming();

    khabar::service::Ingestor ingestor((*lib)->store());
    khabar::service::IngestReport report;
    khabar::Status s = ingestor.IngestPaths({corpus}, &report);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
    articles = report.ingested + report.duplicates;

    state.PauseTiming();
    lib->reset();
    fs::remove_all(dir);
    state.ResumeTiming();
  }
  state.counters["articles_per_s"] = benchmark::Counter(
      static_cast<double>(articles) * state.iterations(), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
}

BENCHMARK_CAPTURE(BM_Ingest, unicode61_baseline, "unicode61")
    ->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK_CAPTURE(BM_Ingest, snowball, "snowball")
    ->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK_CAPTURE(BM_Ingest, khabar, "khabar")
    ->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
