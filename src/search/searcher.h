// Searcher: runs a reader's query (search/query.h syntax) against an
// ArticleStore and returns one ranked page with highlighted snippets.
//
// Semantics: every word must match (kAllWords). When nothing matches and the
// query has at least two positive words or phrases, the search is retried
// with any word matching (kAnyWord, still ranked by BM25) and the page is
// marked `relaxed`, so the UI can say "no article has all the words".
//
// A Searcher borrows the store and the analyzer; both must outlive it, and
// the analyzer must be the one the store's index was built with. Like the
// store, use it from one thread at a time.
#ifndef KHABAR_SEARCH_SEARCHER_H_
#define KHABAR_SEARCH_SEARCHER_H_

#include <string_view>

#include "base/status.h"
#include "search/query.h"
#include "store/article_store.h"
#include "text/analyzer.h"

namespace khabar::search {

class Searcher {
 public:
  Searcher(store::ArticleStore& store, const text::Analyzer& analyzer)
      : store_(store), analyzer_(analyzer) {}

  // InvalidArgument for a query that is empty, too long, not UTF-8, or
  // for a limit/offset the store refuses; store errors otherwise.
  // kAllWords falls back to kAnyWord (and marks the page relaxed) when no
  // article has every word; kAnyWord ranks by any word from the start (used
  // by known-item evaluation, where the query is a whole title).
  // `saved_by` (a user id, 0 = everybody's articles) searches inside one
  // reader's saved articles.
  Result<store::SearchPage> Search(std::string_view query, int limit,
                                   int offset,
                                   MatchMode mode = MatchMode::kAllWords,
                                   int64_t saved_by = 0);

 private:
  store::ArticleStore& store_;
  const text::Analyzer& analyzer_;
};

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_SEARCHER_H_
