#include "search/searcher.h"

#include <charconv>
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

Result<store::SearchPage> Searcher::Search(std::string_view text, int limit,
                                           int offset, MatchMode mode,
                                           int64_t saved_by) {
  Result<Query> query = ParseQuery(text);
  if (!query.ok()) return query.status();
  Result<store::SearchFilters> filters = ToStoreFilters(query->filters);
  if (!filters.ok()) return filters.status();
  filters->saved_by = saved_by;
  Result<CompiledQuery> all = CompileQuery(*query, analyzer_, mode);
  if (!all.ok()) return all.status();
  Result<store::SearchPage> page = store_.Search(
      {.match = all->match, .filters = *filters, .limit = limit, .offset = offset});
  if (!page.ok() || page->total > 0 || all->positive_clauses < 2 ||
      mode == MatchMode::kAnyWord) {
    return page;
  }

  Result<CompiledQuery> any = CompileQuery(*query, analyzer_, MatchMode::kAnyWord);
  if (!any.ok()) return any.status();
  Result<store::SearchPage> relaxed = store_.Search(
      {.match = any->match, .filters = *filters, .limit = limit, .offset = offset});
  if (!relaxed.ok()) return relaxed;
  relaxed->relaxed = true;
  return relaxed;
}

}  // namespace khabar::search
