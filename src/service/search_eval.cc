#include "service/search_eval.h"

#include <chrono>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "extract/jsonl.h"
#include "service/ingest.h"
#include "service/library.h"

namespace khabar::service {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The "id" of a JSONL record, or "" when it has none.
std::string RecordId(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return "";
  auto it = j.find("id");
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<SearchEvalResult> RunSearchEval(const SearchEvalOptions& options) {
  if (options.corpus_files.empty()) {
    return Status::InvalidArgument("no --corpus file given");
  }
  if (options.field != "title" && options.field != "abstract") {
    return Status::InvalidArgument("--field must be title or abstract");
  }
  LibraryOptions lib_options;
  lib_options.in_memory = true;
  lib_options.analyzer = options.analyzer;
  Result<std::unique_ptr<Library>> lib = Library::Open(lib_options);
  if (!lib.ok()) return lib.status();

  SearchEvalResult result;
  result.analyzer = options.analyzer;

  // Index bodies only: the query field must not be in the index.
  IngestOptions ingest_options;
  ingest_options.index_title = false;
  ingest_options.batch_size = 2048;
  Ingestor ingestor((*lib)->store(), ingest_options);
  std::unordered_map<std::string, store::ArticleId> article_of;
  IngestReport report;
  auto index_start = Clock::now();
  for (const std::string& file : options.corpus_files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IOError(file + ": cannot open");
    std::string line;
    while (std::getline(in, line)) {
      Result<extract::RawArticle> raw = extract::ParseJsonlRecord(line);
      if (!raw.ok()) continue;  // e.g. the two empty France24 texts
      std::size_t before = report.ids.size();
      KHABAR_RETURN_IF_ERROR(ingestor.Add(*raw, file, &report));
      if (report.ids.size() > before) article_of[RecordId(line)] = report.ids.back();
    }
  }
  KHABAR_RETURN_IF_ERROR(ingestor.Flush());
  result.index_seconds = SecondsSince(index_start);
  Result<int64_t> count = (*lib)->store().Count();
  if (!count.ok()) return count.status();
  result.documents = *count;

  std::ifstream queries(options.queries_file, std::ios::binary);
  if (!queries) return Status::IOError(options.queries_file + ": cannot open");
  double reciprocal_sum = 0;
  int64_t at1 = 0, at10 = 0;
  auto query_start = Clock::now();
  std::string line;
  while (std::getline(queries, line)) {
    if (options.max_queries > 0 && result.queries >= options.max_queries) break;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    auto target = article_of.find(j.value("id", std::string()));
    std::string query = j.value(options.field, std::string());
    if (target == article_of.end() || query.empty()) continue;
    ++result.queries;
    Result<store::SearchPage> page =
        (*lib)->searcher().Search(query, 10, 0, search::MatchMode::kAnyWord);
    if (!page.ok()) continue;  // a title made only of punctuation: a miss
    for (std::size_t rank = 0; rank < page->hits.size(); ++rank) {
      if (page->hits[rank].id != target->second) continue;
      reciprocal_sum += 1.0 / static_cast<double>(rank + 1);
      if (rank == 0) ++at1;
      ++at10;
      break;
    }
  }
  result.query_seconds = SecondsSince(query_start);
  if (result.queries > 0) {
    double n = static_cast<double>(result.queries);
    result.mrr_at_10 = reciprocal_sum / n;
    result.recall_at_1 = static_cast<double>(at1) / n;
    result.recall_at_10 = static_cast<double>(at10) / n;
  }
  return result;
}

}  // namespace khabar::service
