#include "service/personal.h"

#include <algorithm>
#include <charconv>

namespace khabar::service {
namespace {

constexpr std::size_t kMaxSearchFollow = 200;  // bytes of a saved search

bool IsKnownKind(std::string_view kind) {
  return std::find(std::begin(store::kFollowKinds), std::end(store::kFollowKinds),
                   kind) != std::end(store::kFollowKinds);
}

std::optional<int64_t> ParsePositive(std::string_view s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

Status Personal::Save(store::UserId user, store::ArticleId article,
                      UnixSeconds now) {
  return library_.readers().Save(user, article, now);
}

Status Personal::Unsave(store::UserId user, store::ArticleId article) {
  return library_.readers().Unsave(user, article);
}

Result<std::unordered_set<int64_t>> Personal::SavedIds(store::UserId user) {
  KHABAR_ASSIGN_OR_RETURN(auto saved,
                          library_.readers().SavedArticles(user, kMaxSaved, 0));
  std::unordered_set<int64_t> ids;
  for (const store::SavedArticle& s : saved.first) ids.insert(s.article);
  return ids;
}

Result<Listing> Personal::Saved(store::UserId user, int page) {
  if (page < 1 || page > NewsDesk::kMaxPage) {
    return Status::InvalidArgument("page out of range");
  }
  const int size = NewsDesk::kPageSize;
  KHABAR_ASSIGN_OR_RETURN(
      auto saved,
      library_.readers().SavedArticles(user, size, (page - 1) * size));
  std::vector<store::ArticleId> ids;
  for (const store::SavedArticle& s : saved.first) ids.push_back(s.article);
  Listing listing;
  KHABAR_ASSIGN_OR_RETURN(listing.cards, desk_.Cards(ids));
  listing.total = saved.second;
  listing.page = page;
  listing.page_size = size;
  return listing;
}

Result<SearchView> Personal::SearchSaved(store::UserId user,
                                         std::string_view query, int page) {
  return desk_.Search(query, page, NewsDesk::kPageSize, user);
}

Result<store::Follow> Personal::Describe(std::string_view kind,
                                         std::string_view target) {
  if (!IsKnownKind(kind)) {
    return Status::InvalidArgument("unknown follow kind '" + std::string(kind) +
                                   "'");
  }
  if (target.empty() || target.size() > 500) {
    return Status::InvalidArgument("follow target must be 1 to 500 bytes");
  }
  store::Follow f;
  f.kind = std::string(kind);
  f.target = std::string(target);
  store::ArticleStore& articles = library_.store();
  if (kind == "entity") {
    KHABAR_ASSIGN_OR_RETURN(store::EntitySummary e, articles.GetEntity(target));
    f.label = e.name;
    f.detail = e.type;
  } else if (kind == "topic") {
    const std::vector<SectionName> sections = AllSections();
    auto it = std::find_if(sections.begin(), sections.end(),
                           [&](const SectionName& s) { return s.id == target; });
    if (it == sections.end()) {
      return Status::NotFound("no section '" + std::string(target) + "'");
    }
    f.label = it->name;
  } else if (kind == "source") {
    KHABAR_ASSIGN_OR_RETURN(std::vector<store::Facet> sources, desk_.Sources());
    auto it = std::find_if(sources.begin(), sources.end(),
                           [&](const store::Facet& s) { return s.value == target; });
    if (it == sources.end()) {
      return Status::NotFound("no source '" + std::string(target) + "'");
    }
    f.label = it->value;
  } else if (kind == "story") {
    const std::optional<int64_t> id = ParsePositive(target);
    if (!id) return Status::InvalidArgument("a story is followed by its id");
    KHABAR_ASSIGN_OR_RETURN(store::StorySummary story, articles.GetStory(*id));
    f.label = story.title;
  } else {  // search
    if (target.size() > kMaxSearchFollow) {
      return Status::InvalidArgument("a followed search is at most 200 bytes");
    }
    // The query must parse (the searcher reports why when it does not).
    KHABAR_RETURN_IF_ERROR(library_.searcher().Search(target, 1, 0).status());
    f.label = std::string(target);
  }
  return f;
}

Result<store::Follow> Personal::Follow(store::UserId user, std::string_view kind,
                                       std::string_view target,
                                       UnixSeconds now) {
  KHABAR_ASSIGN_OR_RETURN(store::Follow f, Describe(kind, target));
  f.at = now;
  KHABAR_RETURN_IF_ERROR(library_.readers().PutFollow(user, f));
  return f;
}

Status Personal::Unfollow(store::UserId user, std::string_view kind,
                          std::string_view target) {
  return library_.readers().RemoveFollow(user, kind, target);
}

Result<store::Follow> Personal::Mute(store::UserId user, std::string_view kind,
                                     std::string_view target, UnixSeconds now) {
  if (kind != "topic" && kind != "source") {
    return Status::InvalidArgument("only topics and sources can be muted");
  }
  KHABAR_ASSIGN_OR_RETURN(store::Follow f, Describe(kind, target));
  f.muted = true;
  f.at = now;
  KHABAR_RETURN_IF_ERROR(library_.readers().PutFollow(user, f));
  return f;
}

Result<std::vector<store::Follow>> Personal::Follows(store::UserId user) {
  return library_.readers().Follows(user);
}

Result<FollowState> Personal::StateOf(store::UserId user, std::string_view kind,
                                      std::string_view target) {
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Follow> follows,
                          library_.readers().Follows(user));
  FollowState state;
  for (const store::Follow& f : follows) {
    if (f.kind == kind && f.target == target) {
      state.following = !f.muted;
      state.muted = f.muted;
    }
  }
  return state;
}

Status Personal::RecordRead(store::UserId user, store::ArticleId article,
                            UnixSeconds now) {
  return library_.readers().RecordRead(user, article, now);
}

Result<ForYouView> Personal::ForYouPage(store::UserId user, UnixSeconds now,
                                        int limit) {
  ForYouOptions options;
  options.limit = limit;
  KHABAR_ASSIGN_OR_RETURN(std::vector<ForYouItem> items,
                          for_you_.Build(user, now, options));
  ForYouView view;
  std::vector<store::ArticleId> ids;
  for (const ForYouItem& item : items) ids.push_back(item.article);
  KHABAR_ASSIGN_OR_RETURN(std::vector<Card> cards, desk_.Cards(ids));
  // Cards skips vanished ids: pair reasons by id, not position.
  for (Card& card : cards) {
    auto it = std::find_if(items.begin(), items.end(), [&](const ForYouItem& i) {
      return i.article == card.id;
    });
    view.reasons.push_back(it == items.end() ? std::string() : it->reason);
    view.cards.push_back(std::move(card));
  }
  view.cold_start = std::all_of(items.begin(), items.end(), [](const ForYouItem& i) {
    return i.reason_kind == "top";
  });
  if (view.cold_start || view.cards.size() < 10) {
    KHABAR_ASSIGN_OR_RETURN(view.suggestions,
                            for_you_.Suggestions(user, now, 8));
  }
  return view;
}

}  // namespace khabar::service
