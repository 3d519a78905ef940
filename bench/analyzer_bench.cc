// Throughput of each stage of the text engine, with Snowball Arabic
// (libstemmer) as the baseline measured in the same run.
//
// Text: the "text" fields of the ANT v2.1 dev set (real BBC/CNN/France24
// Arabic news) from $KHABAR_SHARED_DIR or the configured shared folder;
// when that file is missing, the seed article (shared/seed/) repeated. Short
// text is ~1 KB (one news paragraph), article ~4 KB (a typical news
// article, the unit Khabar analyzes), medium ~64 KB (a long article),
// long text ~1 MB (a batch; memory traffic weighs more there).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace khabar::text {
namespace {

constexpr std::size_t kShortBytes = 1 << 10;
constexpr std::size_t kArticleBytes = 4 << 10;  // a typical news article
constexpr std::size_t kMediumBytes = 64 << 10;
constexpr std::size_t kLongBytes = 1 << 20;

std::string SharedDir() {
  const char* env = std::getenv("KHABAR_SHARED_DIR");
  return env != nullptr ? env : KHABAR_SHARED_DIR;
}

// Appends the JSON string starting after the opening quote at `pos`;
// returns the position after the closing quote. Handles \n, \", \\, \/ and
// \uXXXX (with surrogate pairs), which is all the dataset uses.
std::size_t AppendJsonString(const std::string& line, std::size_t pos,
                             std::string* out) {
  auto hex4 = [&](std::size_t p) {
    return static_cast<char32_t>(
        std::strtoul(line.substr(p, 4).c_str(), nullptr, 16));
  };
  while (pos < line.size() && line[pos] != '"') {
    if (line[pos] != '\\' || pos + 1 >= line.size()) {
      out->push_back(line[pos++]);
      continue;
    }
    const char e = line[pos + 1];
    pos += 2;
    switch (e) {
      case 'n':
        out->push_back('\n');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'r':
        break;
      case 'u': {
        if (pos + 4 > line.size()) return line.size();
        char32_t c = hex4(pos);
        pos += 4;
        if (c >= 0xD800 && c <= 0xDBFF && pos + 6 <= line.size() &&
            line[pos] == '\\' && line[pos + 1] == 'u') {
          const char32_t lo = hex4(pos + 2);
          c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
          pos += 6;
        }
        if (c < 0xD800 || c > 0xDFFF) AppendUtf8(c, out);
        break;
      }
      default:
        out->push_back(e);
        break;  // \" \\ \/
    }
  }
  return pos + 1;
}

std::string LoadCorpus() {
  const std::string dir = SharedDir();
  std::ifstream jsonl(dir +
                      "/data/ant-corpus-v2.1-multisource/"
                      "ant-corpus-v2.1-multisource.dev.jsonl");
  std::string text;
  if (jsonl) {
    std::string line;
    const std::string key = "\"text\": \"";
    while (text.size() < kLongBytes && std::getline(jsonl, line)) {
      const std::size_t at = line.find(key);
      if (at == std::string::npos) continue;
      AppendJsonString(line, at + key.size(), &text);
      text.push_back('\n');
    }
    std::fprintf(stderr, "corpus: ANT v2.1 dev set (%zu bytes)\n", text.size());
  } else {
    std::ifstream seed(dir + "/seed/000_d6b86f47c1861fbf.txt");
    std::stringstream buf;
    buf << seed.rdbuf();
    const std::string article = buf.str();
    if (article.empty()) {
      std::fprintf(stderr, "no corpus under %s\n", dir.c_str());
      std::exit(1);
    }
    while (text.size() < kLongBytes) text += article + "\n";
    std::fprintf(stderr,
                 "corpus: seed article repeated (ANT dev set missing)\n");
  }
  if (!ValidateUtf8(text).ok()) {
    std::fprintf(stderr, "corpus is not valid UTF-8\n");
    std::exit(1);
  }
  return text;
}

// A prefix of the corpus of about `bytes`, cut at a space.
std::string Prefix(const std::string& corpus, std::size_t bytes) {
  if (corpus.size() <= bytes) return corpus;
  std::size_t cut = corpus.rfind(' ', bytes);
  if (cut == std::string::npos) cut = bytes;
  return corpus.substr(0, cut);
}

const std::string& Corpus() {
  static const std::string kCorpus = LoadCorpus();
  return kCorpus;
}
const std::string& Text(std::size_t bytes) {
  static const std::string kShort = Prefix(Corpus(), kShortBytes);
  static const std::string kArticle = Prefix(Corpus(), kArticleBytes);
  if (bytes == kArticleBytes) return kArticle;
  static const std::string kMedium = Prefix(Corpus(), kMediumBytes);
  static const std::string kLong = Prefix(Corpus(), kLongBytes);
  if (bytes == kShortBytes) return kShort;
  return bytes == kMediumBytes ? kMedium : kLong;
}

// The normalized Arabic words of the long text, as the analyzer stems them.
const std::vector<std::string>& Words() {
  static const std::vector<std::string> kWords = [] {
    std::vector<std::string> words;
    const std::string& text = Text(kLongBytes);
    for (const Token& t : Tokenize(text)) {
      if (t.kind == TokenKind::kWord) {
        words.push_back(NormalizeToString(t.Text(text)));
      }
    }
    return words;
  }();
  return kWords;
}

void BM_Normalize(benchmark::State& state) {
  const std::string& text = Text(kLongBytes);
  const Normalizer& normalizer = Normalizer::Default();
  NormalizedText out;
  for (auto _ : state) {
    normalizer.Normalize(text, &out);
    benchmark::DoNotOptimize(out.text.data());
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_Normalize);

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = Text(kLongBytes);
  for (auto _ : state) {
    TokenStream stream(text);
    Token token;
    std::size_t n = 0;
    while (stream.Next(&token)) ++n;
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_Tokenize);

void BM_KhabarStem(benchmark::State& state) {
  const std::vector<std::string>& words = Words();
  const ArabicStemmer& stemmer = ArabicStemmer::Default();
  std::size_t bytes = 0;
  for (const std::string& w : words) bytes += w.size();
  for (auto _ : state) {
    for (const std::string& w : words) {
      benchmark::DoNotOptimize(stemmer.Stem(w).size());
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_KhabarStem);

void RunAnalyzer(benchmark::State& state, const Analyzer& analyzer,
                 std::size_t bytes) {
  const std::string& text = Text(bytes);
  AnalyzedText out;
  for (auto _ : state) {
    out.Clear();
    analyzer.Analyze(text, AnalyzerMode::kDocument, &out);
    benchmark::DoNotOptimize(out.terms.data());
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["terms"] = static_cast<double>(out.terms.size());
}

void BM_KhabarAnalyzer(benchmark::State& state, std::size_t bytes) {
  RunAnalyzer(state, *MakeKhabarAnalyzer(), bytes);
}
void BM_SnowballAnalyzer(benchmark::State& state, std::size_t bytes) {
  RunAnalyzer(state, *MakeSnowballAnalyzer(), bytes);
}
BENCHMARK_CAPTURE(BM_KhabarAnalyzer, short_1KB, kShortBytes);
BENCHMARK_CAPTURE(BM_KhabarAnalyzer, article_4KB, kArticleBytes);
BENCHMARK_CAPTURE(BM_KhabarAnalyzer, medium_64KB, kMediumBytes);
BENCHMARK_CAPTURE(BM_KhabarAnalyzer, long_1MB, kLongBytes);
BENCHMARK_CAPTURE(BM_SnowballAnalyzer, short_1KB, kShortBytes);
BENCHMARK_CAPTURE(BM_SnowballAnalyzer, article_4KB, kArticleBytes);
BENCHMARK_CAPTURE(BM_SnowballAnalyzer, medium_64KB, kMediumBytes);
BENCHMARK_CAPTURE(BM_SnowballAnalyzer, long_1MB, kLongBytes);

}  // namespace
}  // namespace khabar::text

BENCHMARK_MAIN();
