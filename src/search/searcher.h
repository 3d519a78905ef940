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
//
// At scale (bench/scale/README.md) two things keep latency bounded:
// - A result cache: a page is kept under (query text, limit, offset, mode)
//   together with the store's DataVersion() when it was made, and served
//   again only while DataVersion() is unchanged (any new article empties
//   the cache), so it never shows a stale page. Searches inside a reader's
//   saved articles (which change without new articles) bypass it. (One
//   blind spot: a search made inside a transaction whose new articles are
//   then rolled back, followed by new articles taking the same ids.)
// - Frequent-word pruning for any-word matching (the relaxed fallback and
//   kAnyWord): a plain word found in more than `prune_df_fraction` of the
//   articles of a large archive is dropped from the OR when other words
//   remain, since it would add most of the archive to the candidates while
//   barely moving the BM25 order of the rest (its IDF is near zero). When
//   the remaining words match nothing, the full OR is run instead. Document
//   frequencies are counted once per word (one FTS5 count) and kept while
//   the archive grows by less than 1%.
#ifndef KHABAR_SEARCH_SEARCHER_H_
#define KHABAR_SEARCH_SEARCHER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/status.h"
#include "search/query.h"
#include "store/article_store.h"
#include "text/analyzer.h"

namespace khabar::search {

struct SearcherOptions {
  // Pages kept by the result cache; 0 turns it off.
  std::size_t cache_entries = 1024;
  // Frequent-word pruning (see above); off = every word goes to FTS5.
  bool prune = true;
  double prune_df_fraction = 0.05;
  // Archives smaller than this are never pruned (exact and fast anyway).
  int64_t prune_min_articles = 20000;
};

class Searcher {
 public:
  Searcher(store::ArticleStore& store, const text::Analyzer& analyzer,
           SearcherOptions options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

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

  const SearcherOptions& options() const { return options_; }
  // Replaces the options and empties the caches.
  void set_options(const SearcherOptions& options);

 private:
  struct Caches;

  Result<store::SearchPage> SearchUncached(std::string_view query, int limit,
                                           int offset, MatchMode mode,
                                           int64_t saved_by);
  // Articles matching the plain word `word` (cached; see the class comment).
  Result<int64_t> DocumentFrequency(const std::string& word, int64_t version);
  // `query` without its frequent plain words, for any-word matching; the
  // query itself when pruning is off, the archive small, nothing frequent,
  // or every positive word frequent.
  Result<Query> PruneForAnyWord(const Query& query);

  store::ArticleStore& store_;
  const text::Analyzer& analyzer_;
  SearcherOptions options_;
  std::unique_ptr<Caches> caches_;
};

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_SEARCHER_H_
