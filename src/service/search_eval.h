// Known-item search evaluation: index the body of every corpus document, use
// one field of each query document (its title, say) as the query, and see
// where the document itself ranks. Used by `khabar eval search` and by the
// regression test that keeps our analyzer ahead of the baselines.
#ifndef KHABAR_SERVICE_SEARCH_EVAL_H_
#define KHABAR_SERVICE_SEARCH_EVAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace khabar::service {

struct SearchEvalOptions {
  std::vector<std::string> corpus_files;  // JSONL, the ANT corpus shape
  std::string queries_file;               // JSONL; each line is a known item
  std::string field = "title";            // "title" or "abstract"
  std::string analyzer = "khabar";        // khabar | snowball | unicode61
  int max_queries = 0;                    // 0 = all
};

struct SearchEvalResult {
  std::string analyzer;
  int64_t documents = 0;  // distinct documents indexed
  int64_t queries = 0;    // queries run (query documents with a non-empty field)
  double mrr_at_10 = 0;
  double recall_at_1 = 0;
  double recall_at_10 = 0;
  double index_seconds = 0;
  double query_seconds = 0;
};

// Ranking is "any word" BM25 (the Searcher's relaxed mode): a title used as a
// query rarely has every word in the body, so all-words matching would
// measure the query's length, not the analyzer.
Result<SearchEvalResult> RunSearchEval(const SearchEvalOptions& options);

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_SEARCH_EVAL_H_
