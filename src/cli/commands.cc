#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <iostream>
#include <string_view>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/time.h"
#include "extract/plain_text.h"
#include "service/ingest.h"
#include "service/library.h"
#include "service/search_eval.h"
#include "service/understand.h"
#include "store/article_store.h"
#include "text/analyzer.h"
#include "text/sentence.h"
#include "text/tokenizer.h"

namespace khabar::cli {
namespace {

using nlohmann::json;

Result<std::unique_ptr<service::Library>> OpenLibrary(
    const std::string& data_dir, bool read_only, bool understand = false,
    const std::string& models_dir = "") {
  service::LibraryOptions options;
  options.data_dir = data_dir;
  options.read_only = read_only;
  options.understand = understand;
  options.models_dir = models_dir;
  return service::Library::Open(options);
}

json AnalysisJson(const store::Analysis& a) {
  json entities = json::array();
  for (const store::EntityRef& e : a.entities) {
    entities.push_back({{"name", e.name},
                        {"type", e.type},
                        {"key", e.key},
                        {"mentions", e.count},
                        {"first_offset", e.first_offset}});
  }
  json quotes = json::array();
  for (const store::QuoteRef& q : a.quotes) {
    quotes.push_back({{"speaker", q.speaker},
                      {"text", q.text},
                      {"cue", q.cue},
                      {"offset", q.offset}});
  }
  json dates = json::array();
  for (const store::DateRef& d : a.dates) {
    dates.push_back({{"text", d.text}, {"value", d.value}, {"offset", d.offset}});
  }
  return {{"entities", entities},
          {"quotes", quotes},
          {"dates", dates},
          {"topic", a.topic.empty() ? json(nullptr) : json(a.topic)},
          {"topic_confidence", a.topic_confidence},
          {"keywords", a.keywords},
          {"summary", a.summary}};
}

json ArticleJson(const store::Article& a) {
  json j;
  j["id"] = a.id;
  j["title"] = a.title;
  j["paragraphs"] = a.paragraphs;
  j["url"] = a.url;
  j["source"] = a.source;
  j["author"] = a.author;
  j["lang"] = a.lang;
  j["label"] = a.label;
  j["abstract"] = a.abstract;
  j["published_at"] =
      a.published_at ? json(FormatIso8601(*a.published_at)) : json(nullptr);
  j["ingested_at"] = FormatIso8601(a.ingested_at);
  j["content_hash"] = a.content_hash;
  j["story_id"] = a.story_id;
  j.update(AnalysisJson(a.analysis));
  return j;
}

// Highlight markers become «…» in JSON and plain output, bold on a terminal.
std::string RenderSnippet(std::string_view snippet, bool terminal) {
  std::string out;
  out.reserve(snippet.size() + 16);
  for (char c : snippet) {
    if (c == store::kHighlightOpen[0]) {
      out += terminal ? "\033[1m" : "[";
    } else if (c == store::kHighlightClose[0]) {
      out += terminal ? "\033[0m" : "]";
    } else {
      out += c;
    }
  }
  return out;
}

// A progress bar on stderr, only when stderr is a terminal.
class ProgressBar {
 public:
  ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() {
    if (enabled_ && drawn_) std::fputs("\r\033[K", stderr);
  }
  // Erases the bar so that a line can be printed; the next Update redraws.
  void Clear() {
    if (!enabled_ || !drawn_) return;
    std::fputs("\r\033[K", stderr);
    drawn_ = false;
    last_percent_ = -1;
  }
  void Update(uint64_t done, uint64_t total) {
    if (!enabled_ || total == 0) return;
    int percent = static_cast<int>(done * 100 / total);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int kWidth = 30;
    int filled = percent * kWidth / 100;
    fmt::print(stderr, "\r[{}{}] {:3d}%  {:.1f}/{:.1f} MB", std::string(filled, '#'),
               std::string(kWidth - filled, ' '), percent, done / 1e6, total / 1e6);
    drawn_ = true;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
  int last_percent_ = -1;
};

// $KHABAR_INGEST_BATCH_SIZE: articles per ingest transaction (1..100000;
// anything else is ignored). Small batches make commits frequent, for
// crash tests and for slow feeds whose articles should show up at once.
std::optional<int> IngestBatchSizeFromEnv() {
  const char* env = std::getenv("KHABAR_INGEST_BATCH_SIZE");
  if (env == nullptr) return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(env, &end, 10);
  if (end == env || *end != '\0' || value < 1 || value > 100000) return std::nullopt;
  return static_cast<int>(value);
}

}  // namespace

int Fail(std::string_view what, const Status& status) {
  fmt::print(stderr, "khabar: {}: {}\n", what, status.ToString());
  return status.IsCallerError() ? kExitUsage : kExitFailure;
}

int RunIngest(const std::string& data_dir, const std::vector<std::string>& paths,
              const std::string& models_dir) {
  auto lib = OpenLibrary(data_dir, /*read_only=*/false, /*understand=*/true, models_dir);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  ProgressBar bar;
  service::IngestOptions options;
  if (const std::optional<int> batch = IngestBatchSizeFromEnv()) {
    options.batch_size = *batch;
  }
  options.understanding = (*lib)->understanding();
  options.progress = [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); };
  int64_t committed = 0;
  // One line per committed batch, flushed at once: what a reader (or a
  // script that may be killed) sees here is durably stored.
  options.on_commit = [&bar, &committed](const service::IngestCommit& c) {
    committed += c.articles;
    bar.Clear();
    fmt::print("committed {} articles ({} new, {} in all; ids {}-{}) through {}\n",
               c.articles, c.inserted, committed, c.first_id, c.last_id,
               c.last_where);
    std::fflush(stdout);
  };
  service::Ingestor ingestor((*lib)->store(), options);
  service::IngestReport report;
  auto start = std::chrono::steady_clock::now();
  Status s = ingestor.IngestPaths(paths, &report);
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start).count();
  bar.Clear();
  for (const service::IngestFailure& f : report.failures) {
    fmt::print(stderr, "khabar: {}: {}\n", f.where, f.status.ToString());
  }
  fmt::print("ingested {}, duplicates {}, failed {} ({:.1f} s)\n", report.ingested,
             report.duplicates, report.failed, seconds);
  if (!s.ok()) {
    // The batch in progress was rolled back; earlier batches are stored,
    // and a rerun resumes after them.
    std::fflush(stdout);
    std::string what = "ingest into ";
    what += data_dir;
    return Fail(what, s);
  }
  return report.failed > 0 ? kExitFailure : kExitOk;
}

int RunSearch(const std::string& data_dir, const std::string& query, int limit,
              int offset, bool as_json) {
  auto lib = OpenLibrary(data_dir, /*read_only=*/true);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  Result<store::SearchPage> page = (*lib)->searcher().Search(query, limit, offset);
  if (!page.ok()) return Fail("search", page.status());
  if (as_json) {
    json hits = json::array();
    for (const store::SearchHit& h : page->hits) {
      hits.push_back({{"id", h.id},
                      {"title", h.title},
                      {"snippet", RenderSnippet(h.snippet, false)},
                      {"score", h.score}});
    }
    json out = {{"total", page->total}, {"hits", hits}};
    if (page->relaxed) out["relaxed"] = true;
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  bool terminal = ::isatty(STDOUT_FILENO) == 1;
  if (page->total == 0) {
    fmt::print("لا نتائج لـ «{}»\n", query);
    return kExitOk;
  }
  fmt::print("{} نتيجة{}\n", page->total,
             page->relaxed ? " (بعض الكلمات فقط)" : "");
  for (const store::SearchHit& h : page->hits) {
    fmt::print("\n#{}  {}\n    {}\n", h.id, h.title, RenderSnippet(h.snippet, terminal));
  }
  return kExitOk;
}

int RunReindex(const std::string& data_dir) {
  const auto start = std::chrono::steady_clock::now();
  auto lib = OpenLibrary(data_dir, /*read_only=*/false);
  if (!lib.ok()) return Fail("reindex " + data_dir, lib.status());
  const double seconds = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count();
  Result<int64_t> count = (*lib)->store().Count();
  if (!count.ok()) return Fail("reindex", count.status());
  fmt::print("search index current for {} article{} ({} revision {}); {:.1f} s\n",
             *count, *count == 1 ? "" : "s", (*lib)->analyzer().name(),
             (*lib)->analyzer().revision(), seconds);
  return kExitOk;
}

int RunShow(const std::string& data_dir, int64_t id, bool as_json) {
  auto lib = OpenLibrary(data_dir, /*read_only=*/true);
  if (!lib.ok()) return Fail("open " + data_dir, lib.status());
  Result<store::Article> a = (*lib)->store().Get(id);
  if (!a.ok()) return Fail("show " + std::to_string(id), a.status());
  if (as_json) {
    std::cout << ArticleJson(*a).dump(2) << "\n";
    return kExitOk;
  }
  fmt::print("{}\n", a->title);
  fmt::print("{} · {}\n\n", a->source.empty() ? "-" : a->source,
             a->published_at ? FormatIso8601(*a->published_at) : "-");
  for (const std::string& p : a->paragraphs) fmt::print("{}\n\n", p);
  return kExitOk;
}

int RunAnalyze(const std::string& path, bool as_json, const std::string& published,
               const std::string& models_dir) {
  std::optional<UnixSeconds> published_at;
  if (!published.empty()) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(published.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) == 3) {
      published_at = MakeUtc(y, m, d);
    }
    if (!published_at) {
      return Fail("--published " + published,
                  Status::InvalidArgument("expected YYYY-MM-DD"));
    }
  }
  auto understanding = service::Understanding::Load(
      models_dir.empty() ? service::DefaultModelsDir() : models_dir);
  if (!understanding.ok()) return Fail("analyze", understanding.status());
  Result<std::string> data = ReadFile(path, service::kMaxScrapeBytes);
  if (!data.ok()) return Fail(path, data.status());
  Result<extract::RawArticle> raw = extract::ExtractPlainText(*data);
  if (!raw.ok()) return Fail(path, raw.status());

  // Offsets below are byte offsets into `text`: the title line, then one
  // line per paragraph.
  std::string text = raw->title;
  for (const std::string& p : raw->paragraphs) {
    if (!text.empty()) text += '\n';
    text += p;
  }
  json out;
  out["title"] = raw->title;
  out["paragraphs"] = raw->paragraphs;
  json dropped = json::array();
  for (const extract::DroppedLine& d : raw->dropped) {
    dropped.push_back({{"line", d.line}, {"text", d.text}, {"reason", d.reason}});
  }
  out["dropped"] = dropped;
  out["published_at"] =
      raw->published_at ? json(FormatIso8601(*raw->published_at)) : json(nullptr);
  out["author"] = raw->author;
  out["text"] = text;
  json sentences = json::array();
  for (const text::SentenceSpan& s : text::SplitSentences(text)) {
    sentences.push_back({{"begin", s.begin},
                         {"end", s.end},
                         {"text", text.substr(s.begin, s.end - s.begin)}});
  }
  out["sentences"] = sentences;
  json tokens = json::array();
  for (const text::TokenDetail& t : text::AnalyzeDetailed(text)) {
    tokens.push_back({{"surface", t.surface},
                      {"normalized", t.normalized},
                      {"prefix", t.prefix},
                      {"stem", t.stem},
                      {"suffix", t.suffix},
                      {"protected", t.is_protected},
                      {"indexed", t.indexed},
                      {"kind", std::string(text::TokenKindName(t.kind))},
                      {"begin", t.begin},
                      {"end", t.end}});
  }
  out["tokens"] = tokens;
  store::Article article = service::ToStoredArticle(*raw);
  if (!published_at) published_at = raw->published_at;
  // Offsets of entities, quotes and dates index the body: the paragraphs
  // joined by "\n" (`text` minus its title line).
  out["body_offset"] = raw->title.empty() ? 0 : raw->title.size() + 1;
  out.update(AnalysisJson((*understanding)->Analyze(article, published_at)));
  if (as_json) {
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  fmt::print("title: {}\nparagraphs: {}\ndropped: {}\nsentences: {}\ntokens: {}\n",
             raw->title, raw->paragraphs.size(), raw->dropped.size(),
             sentences.size(), tokens.size());
  fmt::print("topic: {}\n", out["topic"].is_null() ? "-" : out["topic"].get<std::string>());
  for (const json& e : out["entities"]) {
    fmt::print("  {} {} ×{}\n", e["type"].get<std::string>(), e["name"].get<std::string>(),
               e["mentions"].get<int>());
  }
  for (const extract::DroppedLine& d : raw->dropped) {
    fmt::print("  dropped line {} ({}): {}\n", d.line, d.reason, d.text);
  }
  return kExitOk;
}

int RunEvalSearch(const std::vector<std::string>& corpus, const std::string& queries,
                  const std::string& field, const std::vector<std::string>& analyzers,
                  int max_queries) {
  json results = json::array();
  for (const std::string& analyzer : analyzers) {
    service::SearchEvalOptions options;
    options.corpus_files = corpus;
    options.queries_file = queries;
    options.field = field;
    options.analyzer = analyzer;
    options.max_queries = max_queries;
    Result<service::SearchEvalResult> r = service::RunSearchEval(options);
    if (!r.ok()) return Fail("eval search", r.status());
    results.push_back({{"analyzer", r->analyzer},
                       {"field", field},
                       {"documents", r->documents},
                       {"queries", r->queries},
                       {"mrr_at_10", r->mrr_at_10},
                       {"recall_at_1", r->recall_at_1},
                       {"recall_at_10", r->recall_at_10},
                       {"index_seconds", r->index_seconds},
                       {"query_seconds", r->query_seconds}});
  }
  // One analyzer: the object itself (the documented contract); several: a list.
  std::cout << (results.size() == 1 ? results[0] : results).dump(2) << "\n";
  return kExitOk;
}

}  // namespace khabar::cli
