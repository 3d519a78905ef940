#include "search/searcher.h"

#include <charconv>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>

#include "base/time.h"
#include "text/entity_key.h"

namespace khabar::search {
namespace {

// "2016", "2016-10" or "2016-10-17" → the first second of that period, or
// (end=true) the first second after it.
std::optional<UnixSeconds> ParseDay(std::string_view s, bool end) {
  int parts[3] = {0, 1, 1};
  int count = 0;
  std::size_t pos = 0;
  while (count < 3 && pos <= s.size()) {
    std::size_t dash = s.find('-', pos);
    if (dash == std::string_view::npos) dash = s.size();
    std::string_view field = s.substr(pos, dash - pos);
    int value = 0;
    auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || ptr != field.data() + field.size() || field.empty()) {
      return std::nullopt;
    }
    parts[count++] = value;
    pos = dash + 1;
    if (dash == s.size()) break;
  }
  if (pos < s.size()) return std::nullopt;
  std::optional<UnixSeconds> start = MakeUtc(parts[0], parts[1], parts[2]);
  if (!start || !end) return start;
  if (count == 1) return MakeUtc(parts[0] + 1, 1, 1);
  if (count == 2) {
    return parts[1] == 12 ? MakeUtc(parts[0] + 1, 1, 1) : MakeUtc(parts[0], parts[1] + 1, 1);
  }
  return *start + 86400;
}

Result<store::SearchFilters> ToStoreFilters(const std::vector<FieldFilter>& filters) {
  store::SearchFilters out;
  for (const FieldFilter& f : filters) {
    if (f.field == "person" || f.field == "place" || f.field == "org") {
      const char* type = f.field == "person" ? "PERS" : f.field == "place" ? "LOC" : "ORG";
      std::string key = text::EntityKey(f.value);
      if (key.empty()) return Status::InvalidArgument(f.field + ": needs a name");
      out.entities.emplace_back(type, std::move(key));
    } else if (f.field == "topic") {
      out.topic = f.value;
    } else if (f.field == "source") {
      out.source = f.value;
    } else if (f.field == "from" || f.field == "to") {
      std::optional<UnixSeconds> t = ParseDay(f.value, /*end=*/f.field == "to");
      if (!t) {
        return Status::InvalidArgument(f.field + ": expects YYYY-MM-DD, got '" + f.value + "'");
      }
      // `to` is inclusive of its day: the bound is the last second of it.
      (f.field == "from" ? out.from : out.to) = f.field == "to" ? *t - 1 : *t;
    }
  }
  return out;
}

}  // namespace

// What the caches hold; see the class comment.
struct Searcher::Caches {
  // Result pages made at DataVersion() == `version`.
  int64_t version = -1;
  std::unordered_map<std::string, store::SearchPage> pages;
  std::deque<std::string> order;  // insertion order, for eviction

  // Document frequency of plain words, counted when the archive's
  // DataVersion() was `df_version`.
  int64_t df_version = -1;
  std::unordered_map<std::string, int64_t> df;

  void ClearPages() {
    pages.clear();
    order.clear();
  }
};

namespace {

// The cache key: every argument that changes the page, with separators
// that cannot occur in valid UTF-8 query text.
std::string PageKey(std::string_view query, int limit, int offset,
                    MatchMode mode, int64_t saved_by) {
  std::string key(query);
  key += '\xff';
  key += std::to_string(limit);
  key += '/';
  key += std::to_string(offset);
  key += '/';
  key += mode == MatchMode::kAllWords ? 'a' : 'o';
  key += '/';
  key += std::to_string(saved_by);
  return key;
}

}  // namespace

Searcher::Searcher(store::ArticleStore& store, const text::Analyzer& analyzer,
                   SearcherOptions options)
    : store_(store),
      analyzer_(analyzer),
      options_(options),
      caches_(std::make_unique<Caches>()) {}

Searcher::~Searcher() = default;

void Searcher::set_options(const SearcherOptions& options) {
  options_ = options;
  caches_ = std::make_unique<Caches>();
}

Result<store::SearchPage> Searcher::Search(std::string_view text, int limit,
                                           int offset, MatchMode mode,
                                           int64_t saved_by) {
  // A reader's saved articles change without any new article: not cached.
  if (options_.cache_entries == 0 || saved_by != 0) {
    return SearchUncached(text, limit, offset, mode, saved_by);
  }
  Result<int64_t> version = store_.DataVersion();
  if (!version.ok()) return version.status();
  Caches& c = *caches_;
  if (*version != c.version) {
    c.ClearPages();
    c.version = *version;
  }
  std::string key = PageKey(text, limit, offset, mode, saved_by);
  if (auto it = c.pages.find(key); it != c.pages.end()) return it->second;
  Result<store::SearchPage> page =
      SearchUncached(text, limit, offset, mode, saved_by);
  if (!page.ok()) return page;
  while (c.pages.size() >= options_.cache_entries && !c.order.empty()) {
    c.pages.erase(c.order.front());
    c.order.pop_front();
  }
  c.pages.emplace(key, *page);
  c.order.push_back(std::move(key));
  return page;
}

Result<int64_t> Searcher::DocumentFrequency(const std::string& word,
                                            int64_t version) {
  Caches& c = *caches_;
  // Counts stay good enough while the archive grows by less than 1%.
  if (c.df_version < 0 || version > c.df_version + c.df_version / 100) {
    c.df.clear();
    c.df_version = version;
  }
  if (auto it = c.df.find(word); it != c.df.end()) return it->second;
  Query one;
  one.clauses.push_back({.words = {word}});
  Result<CompiledQuery> compiled =
      CompileQuery(one, analyzer_, MatchMode::kAllWords);
  int64_t df = 0;
  if (compiled.ok() && !compiled->match.empty()) {
    Result<store::SearchPage> count =
        store_.Search({.match = compiled->match, .limit = 0});
    if (!count.ok()) return count.status();
    df = count->total;
  }
  c.df.emplace(word, df);
  return df;
}

Result<Query> Searcher::PruneForAnyWord(const Query& query) {
  if (!options_.prune) return query;
  Result<int64_t> version = store_.DataVersion();  // ~ the archive's size
  if (!version.ok()) return version.status();
  if (*version < options_.prune_min_articles) return query;
  const double limit = options_.prune_df_fraction * static_cast<double>(*version);
  Query pruned;
  pruned.filters = query.filters;
  int kept_positive = 0;
  bool dropped = false;
  for (const Clause& clause : query.clauses) {
    if (!clause.negated && !clause.phrase && clause.words.size() == 1) {
      Result<int64_t> df = DocumentFrequency(clause.words[0], *version);
      if (!df.ok()) return df.status();
      if (static_cast<double>(*df) > limit) {
        dropped = true;
        continue;
      }
    }
    if (!clause.negated) ++kept_positive;
    pruned.clauses.push_back(clause);
    pruned.clauses.back().or_next = false;  // any-word: all are ORed
  }
  if (!dropped || kept_positive == 0) return query;
  return pruned;
}

Result<store::SearchPage> Searcher::SearchUncached(std::string_view text,
                                                   int limit, int offset,
                                                   MatchMode mode,
                                                   int64_t saved_by) {
  Result<Query> query = ParseQuery(text);
  if (!query.ok()) return query.status();
  Result<store::SearchFilters> filters = ToStoreFilters(query->filters);
  if (!filters.ok()) return filters.status();
  filters->saved_by = saved_by;
  if (mode == MatchMode::kAllWords) {
    Result<CompiledQuery> all = CompileQuery(*query, analyzer_, mode);
    if (!all.ok()) return all.status();
    Result<store::SearchPage> page = store_.Search(
        {.match = all->match, .filters = *filters, .limit = limit, .offset = offset});
    if (!page.ok() || page->total > 0 || all->positive_clauses < 2) {
      return page;
    }
  }

  Result<Query> any_query = PruneForAnyWord(*query);
  if (!any_query.ok()) return any_query.status();
  Result<CompiledQuery> any = CompileQuery(*any_query, analyzer_, MatchMode::kAnyWord);
  if (!any.ok()) return any.status();
  Result<store::SearchPage> relaxed = store_.Search(
      {.match = any->match, .filters = *filters, .limit = limit, .offset = offset});
  if (!relaxed.ok()) return relaxed;
  if (relaxed->total == 0 && any_query->clauses.size() != query->clauses.size()) {
    // The words left after pruning match nothing: the frequent ones are
    // all there is to go by.
    any = CompileQuery(*query, analyzer_, MatchMode::kAnyWord);
    if (!any.ok()) return any.status();
    relaxed = store_.Search(
        {.match = any->match, .filters = *filters, .limit = limit, .offset = offset});
    if (!relaxed.ok()) return relaxed;
  }
  relaxed->relaxed = mode == MatchMode::kAllWords;
  return relaxed;
}

}  // namespace khabar::search
