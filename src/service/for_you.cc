#include "service/for_you.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "service/news.h"

namespace khabar::service {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

// --- Retrieval bounds: what keeps Build's cost independent of the archive.
// Newest articles taken per follow and per implicit interest, at most; with
// many lists each takes less, so that the candidates (one GetRow each, the
// bulk of the cost) stay near kCandidateBudget.
constexpr int kPerFollow = 30;
constexpr int kPerInterest = 15;
constexpr int kCandidateBudget = 180;
constexpr int kMinPerList = 10;
// Topic and source listings look at this many last seconds first.
constexpr int64_t kRecentListing = 2 * kDay;
// Follows beyond this many are not queried (the most recent ones are).
constexpr std::size_t kMaxFollowQueries = 24;
// Reading history: events that make interest, and reads that sink.
constexpr int kReadsForInterest = 20;
constexpr int kSavesForInterest = 10;
constexpr int kReadsToSink = 300;
// Top stories: recent stories considered, and how many become candidates.
constexpr int kTopStoryPool = 60;
constexpr std::size_t kTopStories = 15;
constexpr int64_t kTopStoryWindow = 3 * kDay;
// Articles dated a little after `now` (a source's clock or time zone) are
// still shown; further in the future they are not news yet.
constexpr int64_t kFutureSlack = 12 * kHour;

// --- Implicit interest.
constexpr double kInterestHalfLifeDays = 7;
constexpr double kReadWeight = 1;
constexpr double kSaveWeight = 3;  // saving says more than opening
// Entity mentions in an article beyond this add nothing more.
constexpr int kMentionCap = 3;
constexpr std::size_t kInterestEntities = 4;
constexpr std::size_t kInterestTopics = 2;
// Interest below this weight (in fresh reads) is noise; at kFullInterest
// the interest counts fully.
constexpr double kMinInterest = 0.9;
constexpr double kFullInterest = 3;

// --- Score. A candidate's relevance is its strongest signal plus a fraction
// of the others; freshness multiplies it.
constexpr double kEntityFollow = 3.0;
constexpr double kStoryFollow = 2.6;
constexpr double kSearchFollow = 2.0;
constexpr double kSourceFollow = 1.6;
constexpr double kTopicFollow = 1.5;
constexpr double kEntityInterest = 1.2;  // × interest strength
constexpr double kTopicInterest = 0.6;   // × interest strength
constexpr double kTopStory = 0.8;        // × story weight / best story weight
constexpr double kOtherSignals = 0.3;
// An article the reader already opened or saved: kept, far down.
constexpr double kSeenFactor = 0.05;
// Each earlier pick from the same source multiplies a candidate by this.
constexpr double kSourceRepeat = 0.75;

constexpr char kTopReason[] = "من أبرز الأخبار";
constexpr char kFollowReason[] = "لأنك تتابع ";
constexpr char kInterestReason[] = "لأنك قرأت عن ";

// What ranking needs of an article (GetRow's time, source, topic, story).
struct Row {
  UnixSeconds time = 0;
  std::string source;
  std::string topic;
  store::StoryId story = 0;
};

// What implicit interest needs of an article the reader opened or saved.
struct Opened {
  std::string topic;
  std::vector<store::EntityRef> entities;
};

// Caps of ArticleCache; a full map is emptied and refilled.
constexpr std::size_t kMaxCachedRows = 100000;
constexpr std::size_t kMaxCachedOpened = 10000;
constexpr std::size_t kMaxCachedLists = 4096;

// An entity's newest articles as last read: `exhaustive` when the store had
// fewer than were asked for.
struct EntityList {
  std::vector<store::ArticleId> ids;
  bool exhaustive = false;
};

// Reads kept across builds. Stored articles never change, so their rows and
// analyses stay valid; entity listings are dropped whenever the store's
// DataVersion() moves (Build checks it first).
struct ArticleCache {
  int64_t data_version = -1;
  std::unordered_map<store::ArticleId, Row> rows;
  std::unordered_map<store::ArticleId, Opened> opened;
  std::unordered_map<std::string, EntityList> entity_lists;
};

template <typename Map>
void MakeRoom(Map& map, std::size_t cap) {
  if (map.size() >= cap) map.clear();
}

// The reads Build repeats, through the cache. NotFound comes back as
// nullopt or an empty list: a follow of an entity not (yet) stored, or an
// article gone, is no error here.
class CachedArticles {
 public:
  CachedArticles(store::ArticleStore& store, ArticleCache& cache)
      : store_(store), cache_(cache) {}

  store::ArticleStore& store() { return store_; }

  Result<std::optional<Row>> GetRow(store::ArticleId id) {
    if (auto it = cache_.rows.find(id); it != cache_.rows.end()) {
      return std::optional<Row>(it->second);
    }
    Result<store::Article> article = store_.GetRow(id);
    if (!article.ok()) return Missing<Row>(article.status());
    Row row;
    row.time = article->published_at.value_or(article->ingested_at);
    row.source = std::move(article->source);
    row.topic = std::move(article->analysis.topic);
    row.story = article->story_id;
    MakeRoom(cache_.rows, kMaxCachedRows);
    cache_.rows.emplace(id, row);
    return std::optional<Row>(std::move(row));
  }

  Result<std::optional<Opened>> GetOpened(store::ArticleId id) {
    if (auto it = cache_.opened.find(id); it != cache_.opened.end()) {
      return std::optional<Opened>(it->second);
    }
    Result<store::Article> article = store_.Get(id);
    if (!article.ok()) return Missing<Opened>(article.status());
    Opened opened;
    opened.topic = std::move(article->analysis.topic);
    opened.entities = std::move(article->analysis.entities);
    MakeRoom(cache_.opened, kMaxCachedOpened);
    cache_.opened.emplace(id, opened);
    return std::optional<Opened>(std::move(opened));
  }

  // The `limit` newest articles mentioning the entity `key`.
  Result<std::vector<store::ArticleId>> EntityIds(const std::string& key,
                                                  int limit) {
    const std::size_t wanted = static_cast<std::size_t>(limit);
    auto it = cache_.entity_lists.find(key);
    if (it == cache_.entity_lists.end() ||
        (!it->second.exhaustive && it->second.ids.size() < wanted)) {
      Result<std::pair<std::vector<store::ArticleId>, int64_t>> found =
          store_.EntityArticles(key, limit, 0);
      EntityList list;
      if (found.ok()) {
        list.ids = std::move(found->first);
        list.exhaustive = list.ids.size() < wanted;
      } else if (found.status().code() == StatusCode::kNotFound) {
        list.exhaustive = true;
      } else {
        return found.status();
      }
      if (it == cache_.entity_lists.end()) {
        MakeRoom(cache_.entity_lists, kMaxCachedLists);
        it = cache_.entity_lists.emplace(key, std::move(list)).first;
      } else {
        it->second = std::move(list);
      }
    }
    const std::vector<store::ArticleId>& ids = it->second.ids;
    return std::vector<store::ArticleId>(
        ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(
                                       std::min(ids.size(), wanted)));
  }

 private:
  template <typename T>
  static Result<std::optional<T>> Missing(const Status& status) {
    if (status.code() == StatusCode::kNotFound) return std::optional<T>();
    return status;
  }

  store::ArticleStore& store_;
  ArticleCache& cache_;
};

// One reason a candidate is in the feed.
struct Signal {
  std::string kind;  // ForYouItem::reason_kind
  std::string target;
  std::string label;
  double weight = 0;
};

struct Interest {
  std::string key;  // entity key or topic id
  std::string label;
  double weight = 0;
  double strength() const { return std::min(1.0, weight / kFullInterest); }
};

// What Build knows of the reader before it looks at articles.
struct Profile {
  std::vector<store::Follow> follows;  // not muted
  std::unordered_set<std::string> muted_sources;
  std::unordered_set<std::string> muted_topics;
  std::unordered_set<store::ArticleId> seen;  // opened or saved
  std::vector<Interest> entities;             // strongest first
  std::vector<Interest> topics;
  bool has_history = false;
};

struct Candidate {
  std::vector<Signal> signals;
  Row row;
  double score = 0;
  const Signal* best = nullptr;
};

using Candidates = std::unordered_map<store::ArticleId, Candidate>;

std::string ReasonSentence(const Signal& signal) {
  if (signal.kind == "top") return kTopReason;
  if (signal.kind == "interest") return kInterestReason + signal.label;
  return kFollowReason + signal.label;
}

void AddSignal(Candidates& candidates, store::ArticleId id, Signal signal) {
  candidates[id].signals.push_back(std::move(signal));
}

double Decay(double age_seconds, double half_life_seconds) {
  return std::pow(0.5, std::max(0.0, age_seconds) / half_life_seconds);
}

// Keeps the `max` heaviest interests at or above kMinInterest.
std::vector<Interest> Strongest(
    std::unordered_map<std::string, Interest>& weights, std::size_t max) {
  std::vector<Interest> out;
  for (auto& [key, interest] : weights) {
    if (interest.weight >= kMinInterest) out.push_back(std::move(interest));
  }
  std::sort(out.begin(), out.end(), [](const Interest& a, const Interest& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.key < b.key;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

// Entities and topics of the articles the reader opened and saved, each
// event weighed by its kind and decayed by its age.
Status AddImplicitInterest(
    CachedArticles& articles,
    const std::vector<std::pair<store::ArticleId, double>>& events,
    const std::unordered_set<std::string>& followed, Profile& profile) {
  std::unordered_map<std::string, Interest> entities;
  std::unordered_map<std::string, Interest> topics;
  for (const auto& [id, weight] : events) {
    KHABAR_ASSIGN_OR_RETURN(std::optional<Opened> article,
                            articles.GetOpened(id));
    if (!article) continue;
    for (const store::EntityRef& e : article->entities) {
      // MISC ("the war", nationalities) says little about what one follows.
      if (e.key.empty() || e.type == "MISC" ||
          followed.contains("entity:" + e.key)) {
        continue;
      }
      Interest& interest = entities[e.key];
      if (interest.key.empty()) {
        interest.key = e.key;
        interest.label = e.name;
      }
      interest.weight +=
          weight * std::min(std::max(e.count, 1), kMentionCap) / kMentionCap;
    }
    const std::string& topic = article->topic;
    if (!topic.empty() && !followed.contains("topic:" + topic)) {
      Interest& interest = topics[topic];
      if (interest.key.empty()) {
        interest.key = topic;
        interest.label = SectionDisplayName(topic);
      }
      interest.weight += weight;
    }
  }
  profile.entities = Strongest(entities, kInterestEntities);
  profile.topics = Strongest(topics, kInterestTopics);
  return Status::Ok();
}

Result<Profile> LoadProfile(CachedArticles& articles,
                            store::ReaderStore& readers, store::UserId user,
                            UnixSeconds now) {
  Profile profile;
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Follow> follows,
                          readers.Follows(user));
  std::unordered_set<std::string> followed;
  for (store::Follow& f : follows) {
    if (f.muted) {
      if (f.kind == "source") profile.muted_sources.insert(f.target);
      if (f.kind == "topic") profile.muted_topics.insert(f.target);
      continue;
    }
    followed.insert(f.kind + ":" + f.target);
    profile.follows.push_back(std::move(f));
  }
  // Follows come oldest first; the newest ones are queried when capped.
  if (profile.follows.size() > kMaxFollowQueries) {
    profile.follows.erase(profile.follows.begin(),
                          profile.follows.end() - kMaxFollowQueries);
  }

  KHABAR_ASSIGN_OR_RETURN(std::vector<store::ReadEvent> reads,
                          readers.RecentReads(user, kReadsToSink));
  KHABAR_ASSIGN_OR_RETURN(auto saved,
                          readers.SavedArticles(user, kSavesForInterest, 0));
  const double half_life = kInterestHalfLifeDays * kDay;
  std::vector<std::pair<store::ArticleId, double>> events;
  std::unordered_map<store::ArticleId, std::size_t> event_of;
  auto add_event = [&](store::ArticleId id, UnixSeconds at, double weight) {
    const double w = weight * Decay(static_cast<double>(now - at), half_life);
    auto [it, inserted] = event_of.emplace(id, events.size());
    if (inserted) {
      events.emplace_back(id, w);
    } else {
      events[it->second].second += w;
    }
  };
  for (std::size_t i = 0; i < reads.size(); ++i) {
    profile.seen.insert(reads[i].article);
    if (i < static_cast<std::size_t>(kReadsForInterest)) {
      add_event(reads[i].article, reads[i].at, kReadWeight);
    }
  }
  for (const store::SavedArticle& s : saved.first) {
    profile.seen.insert(s.article);
    add_event(s.article, s.at, kSaveWeight);
  }
  profile.has_history = !events.empty();
  KHABAR_RETURN_IF_ERROR(
      AddImplicitInterest(articles, events, followed, profile));
  return profile;
}

// Skips a lookup of something that is not (or no longer) in the store: a
// follow of an entity not seen yet is no error.
template <typename T>
Result<std::optional<T>> Optional(Result<T> result) {
  if (result.ok()) return std::optional<T>(std::move(*result));
  if (result.status().code() == StatusCode::kNotFound) {
    return std::optional<T>();
  }
  return result.status();
}

// The `limit` newest articles matching `filters` with time >= from. A
// listing counts its matches, so a broad one (a big topic, a busy source)
// is first asked for its last days only; the whole window is read only
// when those do not fill the list.
Result<std::vector<store::ArticleId>> NewestIds(store::ArticleStore& articles,
                                                store::SearchFilters filters,
                                                UnixSeconds now,
                                                UnixSeconds from, int limit) {
  store::FtsQuery query;
  query.limit = limit;
  query.filters = std::move(filters);
  std::vector<store::ArticleId> ids;
  for (UnixSeconds bound : {now - kRecentListing, from}) {
    if (bound < from) continue;
    query.filters.from = bound;
    KHABAR_ASSIGN_OR_RETURN(store::SearchPage page, articles.Search(query));
    ids.clear();
    for (const store::SearchHit& hit : page.hits) ids.push_back(hit.id);
    if (ids.size() == static_cast<std::size_t>(limit)) break;
  }
  return ids;
}

// The newest articles of one follow, as candidate ids.
Result<std::vector<store::ArticleId>> FollowArticles(
    CachedArticles& articles, search::Searcher* searcher,
    const store::Follow& follow, UnixSeconds now, UnixSeconds from, int limit) {
  using Ids = std::vector<store::ArticleId>;
  if (follow.kind == "entity") {
    return articles.EntityIds(follow.target, limit);
  }
  if (follow.kind == "topic" || follow.kind == "source") {
    store::SearchFilters filters;
    (follow.kind == "topic" ? filters.topic : filters.source) = follow.target;
    return NewestIds(articles.store(), std::move(filters), now, from, limit);
  }
  if (follow.kind == "story") {
    char* end = nullptr;
    const long long story = std::strtoll(follow.target.c_str(), &end, 10);
    if (follow.target.empty() || *end != '\0' || story <= 0) return Ids{};
    // Oldest first: the newest ones are at the end.
    KHABAR_ASSIGN_OR_RETURN(std::optional<Ids> ids,
                            Optional(articles.store().StoryArticles(
                                story, store::kMaxSearchLimit)));
    if (!ids) return Ids{};
    if (ids->size() > static_cast<std::size_t>(limit)) {
      ids->erase(ids->begin(), ids->end() - limit);
    }
    return std::move(*ids);
  }
  if (follow.kind == "search" && searcher != nullptr) {
    Result<store::SearchPage> page = searcher->Search(follow.target, limit, 0);
    // A saved query the searcher now refuses costs its own items only.
    if (!page.ok()) {
      if (page.status().IsCallerError()) return Ids{};
      return page.status();
    }
    Ids ids;
    for (const store::SearchHit& hit : page->hits) ids.push_back(hit.id);
    return ids;
  }
  return Ids{};
}

int PerList(std::size_t lists, int max) {
  const int share =
      kCandidateBudget / static_cast<int>(std::max<std::size_t>(lists, 1));
  return std::clamp(share, std::min(kMinPerList, max), max);
}

std::string FollowLabel(const store::Follow& follow) {
  if (!follow.label.empty()) return follow.label;
  if (follow.kind == "topic") return SectionDisplayName(follow.target);
  return follow.target;
}

double FollowWeight(std::string_view kind) {
  if (kind == "entity") return kEntityFollow;
  if (kind == "story") return kStoryFollow;
  if (kind == "search") return kSearchFollow;
  if (kind == "source") return kSourceFollow;
  return kTopicFollow;
}

// Top stories of the last days (as NewsDesk ranks them, without the decay:
// each candidate's own freshness applies later), each by its newest article.
Status AddTopStories(store::ArticleStore& articles, UnixSeconds now,
                     UnixSeconds from, Candidates& candidates) {
  KHABAR_ASSIGN_OR_RETURN(
      std::vector<store::StorySummary> stories,
      articles.RecentStories(std::max(from, now - kTopStoryWindow),
                             kTopStoryPool));
  std::vector<std::pair<double, const store::StorySummary*>> ranked;
  for (const store::StorySummary& story : stories) {
    if (story.last_seen > now + kFutureSlack) continue;
    const double age = static_cast<double>(now - story.last_seen);
    const double weight =
        (2.0 * static_cast<double>(story.sources) +
         std::log2(1.0 + static_cast<double>(story.articles))) *
        Decay(age, 36.0 * kHour);
    ranked.emplace_back(weight, &story);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second->id > b.second->id;
  });
  if (ranked.size() > kTopStories) ranked.resize(kTopStories);
  for (const auto& [weight, story] : ranked) {
    store::ArticleId pick = story->lead;
    if (story->articles > 1) {
      KHABAR_ASSIGN_OR_RETURN(
          std::optional<std::vector<store::ArticleId>> ids,
          Optional(articles.StoryArticles(
              story->id, static_cast<int>(std::min<int64_t>(
                             story->articles, store::kMaxSearchLimit)))));
      if (ids && !ids->empty()) pick = ids->back();
    }
    AddSignal(candidates, pick,
              {"top", std::to_string(story->id), "",
               kTopStory * weight / ranked.front().first});
  }
  return Status::Ok();
}

// Signals that hold for any candidate, whatever found it: follows of its
// topic, source or story, and interest in its topic.
void AddRowSignals(const Profile& profile, Candidate& c) {
  const std::string story = std::to_string(c.row.story);
  for (const store::Follow& f : profile.follows) {
    const bool match =
        (f.kind == "topic" && f.target == c.row.topic) ||
        (f.kind == "source" && f.target == c.row.source) ||
        (f.kind == "story" && c.row.story != 0 && f.target == story);
    if (!match) continue;
    const bool already =
        std::any_of(c.signals.begin(), c.signals.end(), [&](const Signal& s) {
          return s.kind == f.kind && s.target == f.target;
        });
    if (!already) {
      c.signals.push_back(
          {f.kind, f.target, FollowLabel(f), FollowWeight(f.kind)});
    }
  }
  for (const Interest& topic : profile.topics) {
    if (topic.key == c.row.topic) {
      c.signals.push_back({"interest", topic.key, topic.label,
                           kTopicInterest * topic.strength()});
    }
  }
}

// Strongest signal plus a share of the others, times freshness, times the
// sink for articles already seen.
void ScoreCandidate(const Profile& profile, store::ArticleId id,
                    UnixSeconds now, const ForYouOptions& options,
                    Candidate& c) {
  double best = 0;
  double rest = 0;
  for (const Signal& s : c.signals) {
    if (c.best == nullptr || s.weight > best) {
      rest += best;
      best = s.weight;
      c.best = &s;
    } else {
      rest += s.weight;
    }
  }
  const double freshness = Decay(static_cast<double>(now - c.row.time),
                                 options.half_life_hours * kHour);
  c.score = (best + kOtherSignals * rest) * freshness;
  if (profile.seen.contains(id)) c.score *= kSeenFactor;
}

ForYouItem MakeItem(store::ArticleId id, double score, const Signal& reason) {
  ForYouItem item;
  item.article = id;
  item.score = score;
  item.reason_kind = reason.kind;
  item.reason_target = reason.target;
  item.reason_label = reason.label;
  item.reason = ReasonSentence(reason);
  return item;
}

// One article per story (the best), then greedy picks where every earlier
// pick of the same source discounts a candidate.
std::vector<ForYouItem> Select(Candidates& candidates, int limit) {
  std::unordered_map<store::StoryId, std::pair<store::ArticleId, Candidate*>>
      best_of_story;
  std::vector<std::pair<store::ArticleId, Candidate*>> pool;
  for (auto& [id, c] : candidates) {
    if (c.best == nullptr) continue;
    if (c.row.story == 0) {
      pool.emplace_back(id, &c);
      continue;
    }
    auto [it, inserted] = best_of_story.try_emplace(c.row.story, id, &c);
    const Candidate& held = *it->second.second;
    if (!inserted && (c.score > held.score ||
                      (c.score == held.score && id > it->second.first))) {
      it->second = {id, &c};
    }
  }
  for (auto& [story, pick] : best_of_story) pool.push_back(pick);
  // A fixed order first, so that ties break the same way every time.
  std::sort(pool.begin(), pool.end(), [](const auto& a, const auto& b) {
    if (a.second->score != b.second->score) {
      return a.second->score > b.second->score;
    }
    return a.first > b.first;
  });

  std::vector<ForYouItem> items;
  std::unordered_map<std::string, int> picked_from;
  std::vector<bool> taken(pool.size(), false);
  while (items.size() < static_cast<std::size_t>(limit)) {
    std::size_t pick = pool.size();
    double pick_score = -1;
    for (std::size_t i = 0; i < pool.size(); ++i) {
      if (taken[i]) continue;
      const Candidate& c = *pool[i].second;
      // The pool is sorted: nothing further down can beat the pick.
      if (c.score <= pick_score) break;
      auto seen = picked_from.find(c.row.source);
      const double s =
          c.score *
          std::pow(kSourceRepeat, seen == picked_from.end() ? 0 : seen->second);
      if (s > pick_score) {
        pick_score = s;
        pick = i;
      }
    }
    if (pick == pool.size()) break;
    taken[pick] = true;
    const Candidate& c = *pool[pick].second;
    ++picked_from[c.row.source];
    items.push_back(MakeItem(pool[pick].first, pick_score, *c.best));
  }
  return items;
}

Status ValidateOptions(const ForYouOptions& options) {
  if (options.limit < 0 || options.limit > store::kMaxSearchLimit) {
    return Status::InvalidArgument("limit must be between 0 and " +
                                   std::to_string(store::kMaxSearchLimit));
  }
  if (!(options.half_life_hours > 0)) {
    return Status::InvalidArgument("half-life must be positive");
  }
  if (options.window_seconds <= 0) {
    return Status::InvalidArgument("window must be positive");
  }
  return Status::Ok();
}

}  // namespace

struct ForYou::Cache : ArticleCache {};

ForYou::ForYou(store::ArticleStore& articles, store::ReaderStore& readers,
               search::Searcher* searcher)
    : articles_(articles),
      readers_(readers),
      searcher_(searcher),
      cache_(std::make_unique<Cache>()) {}

ForYou::~ForYou() = default;

Result<std::vector<ForYouItem>> ForYou::Build(store::UserId user,
                                              UnixSeconds now,
                                              const ForYouOptions& options) {
  KHABAR_RETURN_IF_ERROR(ValidateOptions(options));
  if (options.limit == 0) return std::vector<ForYouItem>{};
  KHABAR_ASSIGN_OR_RETURN(const int64_t version, articles_.DataVersion());
  if (version != cache_->data_version) {
    cache_->entity_lists.clear();
    cache_->data_version = version;
  }
  CachedArticles articles(articles_, *cache_);
  KHABAR_ASSIGN_OR_RETURN(Profile profile,
                          LoadProfile(articles, readers_, user, now));
  // Candidates are newer than the window's start and than `since`.
  UnixSeconds from = now - options.window_seconds;
  if (options.since > 0) from = std::max(from, options.since + 1);

  const std::size_t lists =
      profile.follows.size() + profile.entities.size() + profile.topics.size();
  const int per_follow = PerList(lists, kPerFollow);
  const int per_interest = PerList(lists, kPerInterest);
  Candidates candidates;
  for (const store::Follow& f : profile.follows) {
    KHABAR_ASSIGN_OR_RETURN(
        std::vector<store::ArticleId> ids,
        FollowArticles(articles, searcher_, f, now, from, per_follow));
    for (store::ArticleId id : ids) {
      AddSignal(candidates, id,
                {f.kind, f.target, FollowLabel(f), FollowWeight(f.kind)});
    }
  }
  for (const Interest& e : profile.entities) {
    KHABAR_ASSIGN_OR_RETURN(std::vector<store::ArticleId> ids,
                            articles.EntityIds(e.key, per_interest));
    for (store::ArticleId id : ids) {
      AddSignal(candidates, id,
                {"interest", e.key, e.label, kEntityInterest * e.strength()});
    }
  }
  for (const Interest& t : profile.topics) {
    store::SearchFilters filters;
    filters.topic = t.key;
    KHABAR_ASSIGN_OR_RETURN(
        std::vector<store::ArticleId> ids,
        NewestIds(articles_, std::move(filters), now, from, per_interest));
    // Topic interest is added to every candidate of the topic below.
    for (store::ArticleId id : ids) candidates.try_emplace(id);
  }
  KHABAR_RETURN_IF_ERROR(AddTopStories(articles_, now, from, candidates));

  for (auto it = candidates.begin(); it != candidates.end();) {
    Candidate& c = it->second;
    KHABAR_ASSIGN_OR_RETURN(std::optional<Row> row, articles.GetRow(it->first));
    bool keep = row.has_value();
    if (keep) {
      c.row = std::move(*row);
      keep = c.row.time >= from && c.row.time <= now + kFutureSlack &&
             !profile.muted_sources.contains(c.row.source) &&
             !profile.muted_topics.contains(c.row.topic);
    }
    if (!keep) {
      it = candidates.erase(it);
      continue;
    }
    AddRowSignals(profile, c);
    ScoreCandidate(profile, it->first, now, options, c);
    ++it;
  }
  return Select(candidates, options.limit);
}

Result<std::vector<FollowSuggestion>> ForYou::Suggestions(store::UserId user,
                                                          UnixSeconds now,
                                                          int limit) {
  if (limit < 0 || limit > store::kMaxSearchLimit) {
    return Status::InvalidArgument("limit must be between 0 and " +
                                   std::to_string(store::kMaxSearchLimit));
  }
  if (limit == 0) return std::vector<FollowSuggestion>{};
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Follow> follows,
                          readers_.Follows(user));
  std::unordered_set<std::string> known;  // followed or muted
  for (const store::Follow& f : follows) known.insert(f.kind + ":" + f.target);
  const UnixSeconds since = now - 7 * kDay;

  std::vector<FollowSuggestion> topics;
  for (const SectionName& section : AllSections()) {
    if (known.contains("topic:" + section.id)) continue;
    store::FtsQuery query;
    query.filters.topic = section.id;
    query.filters.from = since;
    query.filters.to = now + kFutureSlack;
    query.limit = 0;
    KHABAR_ASSIGN_OR_RETURN(store::SearchPage page, articles_.Search(query));
    if (page.total == 0) continue;
    FollowSuggestion s;
    s.follow.kind = "topic";
    s.follow.target = section.id;
    s.follow.label = section.name;
    s.articles = page.total;
    topics.push_back(std::move(s));
  }
  std::stable_sort(topics.begin(), topics.end(),
                   [](const FollowSuggestion& a, const FollowSuggestion& b) {
                     return a.articles > b.articles;
                   });

  // Ask for enough entities to fill the list after the followed ones.
  const int wanted = std::min<int>(store::kMaxSearchLimit,
                                   limit + static_cast<int>(follows.size()));
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::EntitySummary> top,
                          articles_.TopEntities("", since, wanted, 0));
  std::vector<FollowSuggestion> entities;
  for (store::EntitySummary& e : top) {
    if (known.contains("entity:" + e.key)) continue;
    FollowSuggestion s;
    s.follow.kind = "entity";
    s.follow.target = std::move(e.key);
    s.follow.label = std::move(e.name);
    s.follow.detail = std::move(e.type);
    s.articles = e.articles;
    entities.push_back(std::move(s));
  }

  // Mostly entities (specific, and many), with a topic every third place.
  std::vector<FollowSuggestion> out;
  std::size_t next_entity = 0;
  std::size_t next_topic = 0;
  while (out.size() < static_cast<std::size_t>(limit) &&
         (next_entity < entities.size() || next_topic < topics.size())) {
    const bool topic_turn =
        out.size() % 3 == 2 || next_entity == entities.size();
    if (topic_turn && next_topic < topics.size()) {
      out.push_back(std::move(topics[next_topic++]));
    } else if (next_entity < entities.size()) {
      out.push_back(std::move(entities[next_entity++]));
    } else {
      out.push_back(std::move(topics[next_topic++]));
    }
  }
  return out;
}

}  // namespace khabar::service
