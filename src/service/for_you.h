// "For you": a reader's personalized feed, ranked and explained.
//
// Candidates come from the reader's follows (entities, topics, sources,
// stories, saved searches), from implicit interest (entities and topics of
// the articles they opened and saved, decayed with age) and from the top
// stories. The score: follows weigh most, implicit interest next; freshness
// decays it (half-life in the options); then one article per story, source
// diversity (a source's repeated items are pushed down), muted sources and
// topics never appear, already-read articles sink. Every item carries the
// reason it is there, in Arabic ("لأنك تتابع الرقة").
//
// A reader with no follows and no history gets the top stories (reason
// "من أبرز الأخبار") and Suggestions() to follow.
//
// Cost: index lookups only, bounded by the number of follows (a capped
// number of the newest articles per follow and per interest within the
// window), one GetRow per candidate and one Get per recent read or save; it
// does not grow with the archive.
//
// A ForYou keeps what it read that stays true across readers: article rows
// and analyses (stored articles never change) and entities' newest articles
// (dropped whenever the store's DataVersion() moves). Keep one per thread,
// beside its Library, to share that between readers; a fresh one per call
// is correct too, only slower.
//
// A ForYou borrows the stores (and the searcher, for saved-search follows);
// they must outlive it. Like the stores, use it from one thread at a time.
#ifndef KHABAR_SERVICE_FOR_YOU_H_
#define KHABAR_SERVICE_FOR_YOU_H_

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "search/searcher.h"
#include "store/article_store.h"
#include "store/reader_store.h"

namespace khabar::service {

struct ForYouOptions {
  int limit = 30;
  double half_life_hours = 36;
  // Only articles newer than now - window are candidates.
  int64_t window_seconds = 14 * 24 * 3600;
  // Newsletters: only articles with time > since (0 = no bound).
  UnixSeconds since = 0;
};

struct ForYouItem {
  store::ArticleId article = 0;
  double score = 0;
  // Why it is here: the strongest reason. kind is "entity", "topic",
  // "source", "story", "search", "interest" (implicit), "top".
  std::string reason_kind;
  std::string reason_target;  // follow target (entity key, topic id, ...)
  std::string reason_label;   // what the reason names ("الرقة")
  std::string reason;  // the sentence cards show ("لأنك تتابع الرقة")
};

// Something to follow, offered to a reader (kind/target/label as Follow).
struct FollowSuggestion {
  store::Follow follow;
  int64_t articles = 0;  // recent articles about it
};

class ForYou {
 public:
  // `searcher` runs saved-search follows; null skips them.
  ForYou(store::ArticleStore& articles, store::ReaderStore& readers,
         search::Searcher* searcher = nullptr);
  ~ForYou();
  ForYou(const ForYou&) = delete;
  ForYou& operator=(const ForYou&) = delete;

  // InvalidArgument for a limit outside [0, kMaxSearchLimit], a half-life
  // or window that is not positive.
  Result<std::vector<ForYouItem>> Build(store::UserId user, UnixSeconds now,
                                        const ForYouOptions& options = {});
  // Popular entities and topics of recent days (the last 7 days before
  // `now`) the reader neither follows nor muted, most covered first.
  Result<std::vector<FollowSuggestion>> Suggestions(store::UserId user,
                                                    UnixSeconds now, int limit);

 private:
  struct Cache;

  store::ArticleStore& articles_;
  store::ReaderStore& readers_;
  search::Searcher* searcher_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_FOR_YOU_H_
