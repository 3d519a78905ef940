// Personal: what one signed-in reader does with articles and follows —
// save and unsave, search inside saved articles, follow, unfollow, mute,
// the reading history behind implicit interest, and the "For you" page.
// Every call takes the reader's id and acts on that reader's rows only.
//
// Follow targets are checked against the store (an unknown entity, topic,
// source or story is NotFound) and their label comes from the store, never
// from the request.
//
// One Personal per Library (not thread-safe, like the Library).
#ifndef KHABAR_SERVICE_PERSONAL_H_
#define KHABAR_SERVICE_PERSONAL_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "service/for_you.h"
#include "service/library.h"
#include "service/news.h"
#include "store/reader_store.h"

namespace khabar::service {

// Whether the reader follows or mutes one thing.
struct FollowState {
  bool following = false;
  bool muted = false;
};

struct ForYouView {
  std::vector<Card> cards;
  std::vector<std::string> reasons;  // per card: why it is there
  std::vector<FollowSuggestion> suggestions;
  bool cold_start = false;  // no follows and no history: top stories
};

class Personal {
 public:
  static constexpr int kMaxSaved = 5000;  // ids kept for card buttons

  Personal(Library& library, NewsDesk& desk, ForYou& for_you)
      : library_(library), desk_(desk), for_you_(for_you) {}

  Status Save(store::UserId user, store::ArticleId article, UnixSeconds now);
  Status Unsave(store::UserId user, store::ArticleId article);
  // The newest kMaxSaved saved article ids (buttons on cards).
  Result<std::unordered_set<int64_t>> SavedIds(store::UserId user);
  // Saved articles, newest saved first; with a query, the matches among them.
  Result<Listing> Saved(store::UserId user, int page);
  Result<SearchView> SearchSaved(store::UserId user, std::string_view query,
                                 int page);

  // kind: store::kFollowKinds. NotFound for an unknown target,
  // InvalidArgument for an unknown kind or a malformed target.
  Result<store::Follow> Follow(store::UserId user, std::string_view kind,
                               std::string_view target, UnixSeconds now);
  Status Unfollow(store::UserId user, std::string_view kind,
                  std::string_view target);
  // Only sources and topics can be muted (InvalidArgument otherwise).
  Result<store::Follow> Mute(store::UserId user, std::string_view kind,
                             std::string_view target, UnixSeconds now);
  Result<std::vector<store::Follow>> Follows(store::UserId user);
  Result<FollowState> StateOf(store::UserId user, std::string_view kind,
                              std::string_view target);

  Status RecordRead(store::UserId user, store::ArticleId article,
                    UnixSeconds now);

  Result<ForYouView> ForYouPage(store::UserId user, UnixSeconds now,
                                int limit = 30);
  Result<std::vector<FollowSuggestion>> Suggestions(store::UserId user,
                                                    UnixSeconds now, int limit) {
    return for_you_.Suggestions(user, now, limit);
  }

 private:
  // The label of a follow target, and for entities its type.
  Result<store::Follow> Describe(std::string_view kind,
                                 std::string_view target);

  Library& library_;
  NewsDesk& desk_;
  ForYou& for_you_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_PERSONAL_H_
