#include "search/searcher.h"

#include <utility>


namespace khabar::search {

Result<store::SearchPage> Searcher::Search(std::string_view text, int limit,
                                           int offset, MatchMode mode) {
  Result<Query> query = ParseQuery(text);
  if (!query.ok()) return query.status();
  Result<CompiledQuery> all = CompileQuery(*query, analyzer_, mode);
  if (!all.ok()) return all.status();
  Result<store::SearchPage> page =
      store_.Search({.match = all->match, .limit = limit, .offset = offset});
  if (!page.ok() || page->total > 0 || all->positive_clauses < 2 ||
      mode == MatchMode::kAnyWord) {
    return page;
  }

  Result<CompiledQuery> any =
      CompileQuery(*query, analyzer_, MatchMode::kAnyWord);
  if (!any.ok()) return any.status();
  Result<store::SearchPage> relaxed =
      store_.Search({.match = any->match, .limit = limit, .offset = offset});
  if (!relaxed.ok()) return relaxed;
  relaxed->relaxed = true;
  return relaxed;
}

}  // namespace khabar::search
