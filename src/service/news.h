// NewsDesk: the reading use cases behind every page, feed and API answer —
// the front page's top stories, an article with its story and related
// articles, a story's full coverage, entity/topic/source listings and
// search. It returns plain view structs; the web layer only renders them.
//
// Ranking of top stories: a story's score is
//   (2 * distinct sources + log2(1 + articles)) * 0.5^(age / 36 h)
// where age is measured from the newest article in the store (so an archive
// keeps a meaningful front page; a live site's newest article is "now").
//
// A NewsDesk borrows one Library; like the Library, use it from one thread.
#ifndef KHABAR_SERVICE_NEWS_H_
#define KHABAR_SERVICE_NEWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "service/library.h"
#include "store/article_store.h"

namespace khabar::service {

// A date as readers see it.
struct DateLabel {
  std::string iso;        // "2016-10-26T09:30:00Z"; "" when unknown
  std::string gregorian;  // "26 أكتوبر 2016"
  std::string hijri;      // "25 محرم 1438 هـ"
};
DateLabel MakeDateLabel(std::optional<UnixSeconds> t);

// A section of the taxonomy: id ("sport") and Arabic name ("رياضة").
struct SectionName {
  std::string id;
  std::string name;
};
// Every section in taxonomy order.
std::vector<SectionName> AllSections();
// The Arabic name of a section id, or the id itself when unknown.
std::string SectionDisplayName(std::string_view id);

// An article as listings show it.
struct Card {
  store::ArticleId id = 0;
  std::string title;
  std::string source;
  int64_t source_id = 0;
  UnixSeconds time = 0;  // published, or ingested when undated
  DateLabel date;
  std::string dek;  // one or two lead sentences, clipped
  std::string topic;
  std::string topic_name;
  store::StoryId story_id = 0;
  std::string author;
  std::string url;  // the original URL at the source, when known
};

struct StoryCard {
  store::StorySummary story;
  Card lead;
  double score = 0;
};

struct SectionBlock {
  SectionName section;
  std::vector<Card> cards;
};

struct HomeView {
  std::vector<StoryCard> top_stories;
  std::vector<SectionBlock> sections;
  std::vector<Card> latest;
};

struct ArticleView {
  store::Article article;
  Card card;
  std::optional<store::StorySummary> story;  // when it has other articles
  std::vector<Card> story_articles;          // the others, oldest first
  std::vector<Card> more_like_this;
};

struct StoryView {
  store::StorySummary story;
  std::vector<Card> articles;  // oldest first
  std::vector<store::QuoteHit> quotes;
};

// One page of a listing: cards plus what pagination needs.
struct Listing {
  std::vector<Card> cards;
  int64_t total = 0;
  int page = 1;
  int page_size = 20;
  bool has_next() const { return int64_t{page} * page_size < total; }
};

struct EntityView {
  store::EntitySummary entity;
  Listing articles;
  std::vector<store::QuoteHit> quotes;
  std::vector<store::EntitySummary> related;
  std::vector<store::DayCount> per_day;  // last 60 days of its coverage
  UnixSeconds chart_from = 0;            // first day of the chart window
  int chart_days = 0;
};

struct SearchView {
  std::string query;
  Listing results;
  std::vector<std::string> snippets;  // per result; highlight markers inside
  bool relaxed = false;
  // When nothing matched: other queries worth trying (each has results).
  std::vector<std::string> suggestions;
};

class NewsDesk {
 public:
  static constexpr int kPageSize = 20;
  static constexpr int kMaxPage = 500;

  explicit NewsDesk(Library& library) : library_(library) {}

  Result<HomeView> Home();
  Result<ArticleView> Article(store::ArticleId id);
  Result<StoryView> Story(store::StoryId id);
  // `page` starts at 1; pages beyond kMaxPage are InvalidArgument.
  Result<Listing> Latest(int page, int page_size = kPageSize);
  Result<Listing> Topic(std::string_view topic, int page,
                        int page_size = kPageSize);
  Result<Listing> Source(int64_t source_id, int page,
                         int page_size = kPageSize);
  Result<EntityView> Entity(std::string_view key, int page,
                            int page_size = kPageSize);
  // Reader's query language (search/query.h); an empty query is
  // InvalidArgument.
  // `saved_by` (a user id) searches inside that reader's saved articles.
  Result<SearchView> Search(std::string_view query, int page,
                            int page_size = kPageSize, int64_t saved_by = 0);

  Result<std::vector<store::Facet>> Topics();
  Result<std::vector<store::Facet>> Sources();
  Result<store::Facet> SourceById(int64_t id);
  Result<std::vector<store::EntitySummary>> Entities(std::string_view type,
                                                     int page, int page_size);
  Result<std::vector<StoryCard>> TopStories(int limit);

  // Cards for articles, in the given order (unknown ids are skipped).
  Result<std::vector<Card>> Cards(const std::vector<store::ArticleId>& ids);
  Result<Card> MakeCard(const store::Article& article);

 private:
  Result<Listing> Filtered(const store::SearchFilters& filters, int page,
                           int page_size);
  Result<int64_t> SourceIdOf(const std::string& name);
  // Related articles, none of `exclude` (which gains the ones returned).
  Result<std::vector<Card>> MoreLikeThis(
      const store::Article& article,
      std::unordered_set<store::ArticleId>& exclude);

  Library& library_;
  std::vector<store::Facet> sources_;  // cached (id, name) of every source
};

}  // namespace khabar::service

#endif  // KHABAR_SERVICE_NEWS_H_
