#include "service/news.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "nlp/dates/calendar.h"
#include "nlp/topic/taxonomy.h"
#include "search/query.h"

namespace khabar::service {
namespace {

constexpr const char* kGregorianMonths[] = {
    "يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
    "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
constexpr const char* kHijriMonths[] = {
    "محرم", "صفر",   "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب",  "شعبان", "رمضان",      "شوال",       "ذو القعدة",    "ذو الحجة"};

constexpr int64_t kDay = 24 * 3600;
constexpr std::size_t kDekBytes = 240;
constexpr int kTopStoryWindowDays = 7;
constexpr int kTopStoryCandidates = 300;
constexpr double kHalfLifeHours = 36;
constexpr int kChartDays = 60;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Cuts `text` to at most `max_bytes` at a space (never inside a UTF-8
// sequence) and adds an ellipsis when it cut.
std::string Clip(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut < max_bytes / 2) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  std::string out(text.substr(0, cut));
  out += "…";
  return out;
}

std::string Dek(const store::Article& article) {
  std::string dek;
  for (const std::string& sentence : article.analysis.summary) {
    if (!dek.empty()) {
      if (dek.size() + sentence.size() > kDekBytes) break;
      dek += ' ';
    }
    dek += sentence;
  }
  if (dek.empty()) dek = article.abstract;
  if (dek.empty() && !article.paragraphs.empty()) dek = article.paragraphs[0];
  return Clip(dek, kDekBytes);
}

UnixSeconds ArticleTime(const store::Article& article) {
  return article.published_at.value_or(article.ingested_at);
}

Status CheckPage(int page, int page_size) {
  if (page < 1 || page > NewsDesk::kMaxPage) {
    return Status::InvalidArgument("page must be between 1 and " +
                                   std::to_string(NewsDesk::kMaxPage));
  }
  if (page_size < 1 || page_size > 100) {
    return Status::InvalidArgument("page size must be between 1 and 100");
  }
  return Status::Ok();
}

// The reader's words of a query, without filters and operators, for the
// "without one word" suggestions.
std::vector<std::string> SplitWords(std::string_view query) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && query[i] == ' ') ++i;
    std::size_t j = i;
    while (j < query.size() && query[j] != ' ') ++j;
    if (j > i) words.emplace_back(query.substr(i, j - i));
    i = j;
  }
  return words;
}

}  // namespace

DateLabel MakeDateLabel(std::optional<UnixSeconds> t) {
  DateLabel label;
  if (!t) return label;
  label.iso = FormatIso8601(*t);
  const int64_t days = FloorDiv(*t, kDay);
  const nlp::CivilDate civil = nlp::CivilFromDays(days);
  label.gregorian = std::to_string(civil.day) + " " +
                    kGregorianMonths[civil.month - 1] + " " +
                    std::to_string(civil.year);
  const nlp::HijriDate hijri = nlp::HijriFromDays(days);
  if (hijri.month >= 1 && hijri.month <= 12) {
    label.hijri = std::to_string(hijri.day) + " " +
                  kHijriMonths[hijri.month - 1] + " " +
                  std::to_string(hijri.year) + " هـ";
  }
  return label;
}

std::vector<SectionName> AllSections() {
  std::vector<SectionName> out;
  for (const nlp::Section& s : nlp::Sections()) {
    out.push_back({std::string(s.id), std::string(s.arabic_name)});
  }
  return out;
}

std::string SectionDisplayName(std::string_view id) {
  for (const nlp::Section& s : nlp::Sections()) {
    if (s.id == id) return std::string(s.arabic_name);
  }
  return std::string(id);
}

Result<int64_t> NewsDesk::SourceIdOf(const std::string& name) {
  if (name.empty()) return int64_t{0};
  // Sources are only ever added: reload the list when a name is missing.
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const store::Facet& f : sources_) {
      if (f.value == name) return f.id;
    }
    if (attempt == 0) {
      KHABAR_ASSIGN_OR_RETURN(sources_, library_.store().Sources());
    }
  }
  return int64_t{0};
}

Result<Card> NewsDesk::MakeCard(const store::Article& article) {
  Card card;
  card.id = article.id;
  card.title = article.title;
  card.source = article.source;
  KHABAR_ASSIGN_OR_RETURN(card.source_id, SourceIdOf(article.source));
  card.time = ArticleTime(article);
  card.date = MakeDateLabel(card.time);
  card.dek = Dek(article);
  card.topic = article.analysis.topic;
  card.topic_name = SectionDisplayName(card.topic);
  card.story_id = article.story_id;
  card.author = article.author;
  card.url = article.url;
  return card;
}

Result<std::vector<Card>> NewsDesk::Cards(
    const std::vector<store::ArticleId>& ids) {
  std::vector<Card> cards;
  cards.reserve(ids.size());
  for (store::ArticleId id : ids) {
    Result<store::Article> article = library_.store().GetRow(id);
    if (!article.ok()) {
      if (article.status().code() == StatusCode::kNotFound) continue;
      return article.status();
    }
    KHABAR_ASSIGN_OR_RETURN(Card card, MakeCard(*article));
    cards.push_back(std::move(card));
  }
  return cards;
}

Result<std::vector<StoryCard>> NewsDesk::TopStories(int limit) {
  store::ArticleStore& store = library_.store();
  KHABAR_ASSIGN_OR_RETURN(std::optional<UnixSeconds> newest,
                          store.NewestTime());
  if (!newest) return std::vector<StoryCard>{};
  KHABAR_ASSIGN_OR_RETURN(
      std::vector<store::StorySummary> candidates,
      store.RecentStories(*newest - kTopStoryWindowDays * kDay,
                          kTopStoryCandidates));
  std::vector<StoryCard> ranked;
  ranked.reserve(candidates.size());
  for (store::StorySummary& story : candidates) {
    const double age_hours =
        std::max<double>(0, static_cast<double>(*newest - story.last_seen)) /
        3600.0;
    const double weight = 2.0 * static_cast<double>(story.sources) +
                          std::log2(1.0 + static_cast<double>(story.articles));
    StoryCard card;
    card.score = weight * std::pow(0.5, age_hours / kHalfLifeHours);
    card.story = std::move(story);
    ranked.push_back(std::move(card));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const StoryCard& a, const StoryCard& b) {
                     if (a.score != b.score) return a.score > b.score;
                     return a.story.id > b.story.id;
                   });
  if (ranked.size() > static_cast<std::size_t>(limit)) ranked.resize(limit);
  for (StoryCard& card : ranked) {
    Result<store::Article> lead = store.GetRow(card.story.lead);
    if (!lead.ok()) return lead.status();
    KHABAR_ASSIGN_OR_RETURN(card.lead, MakeCard(*lead));
  }
  return ranked;
}

Result<HomeView> NewsDesk::Home() {
  HomeView view;
  KHABAR_ASSIGN_OR_RETURN(view.top_stories, TopStories(8));
  std::set<store::ArticleId> shown;
  for (const StoryCard& s : view.top_stories) shown.insert(s.lead.id);
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Facet> topics, Topics());
  for (const store::Facet& topic : topics) {
    if (view.sections.size() == 6) break;
    store::SearchFilters filters;
    filters.topic = topic.value;
    KHABAR_ASSIGN_OR_RETURN(Listing listing, Filtered(filters, 1, 8));
    SectionBlock block;
    block.section = {topic.value, SectionDisplayName(topic.value)};
    for (Card& card : listing.cards) {
      if (block.cards.size() == 4) break;
      if (shown.insert(card.id).second) block.cards.push_back(std::move(card));
    }
    if (!block.cards.empty()) view.sections.push_back(std::move(block));
  }
  KHABAR_ASSIGN_OR_RETURN(Listing latest, Latest(1, 10));
  view.latest = std::move(latest.cards);
  return view;
}

Result<ArticleView> NewsDesk::Article(store::ArticleId id) {
  store::ArticleStore& store = library_.store();
  ArticleView view;
  KHABAR_ASSIGN_OR_RETURN(view.article, store.Get(id));
  KHABAR_ASSIGN_OR_RETURN(view.card, MakeCard(view.article));
  std::unordered_set<store::ArticleId> exclude = {id};
  if (view.article.story_id != 0) {
    KHABAR_ASSIGN_OR_RETURN(store::StorySummary story,
                            store.GetStory(view.article.story_id));
    if (story.articles > 1) {
      KHABAR_ASSIGN_OR_RETURN(std::vector<store::ArticleId> ids,
                              store.StoryArticles(story.id, 50));
      std::erase(ids, id);
      for (store::ArticleId other : ids) exclude.insert(other);
      KHABAR_ASSIGN_OR_RETURN(view.story_articles, Cards(ids));
      view.story = std::move(story);
    }
  }
  KHABAR_ASSIGN_OR_RETURN(view.more_like_this,
                          MoreLikeThis(view.article, exclude));
  return view;
}

Result<std::vector<Card>> NewsDesk::MoreLikeThis(
    const store::Article& article,
    std::unordered_set<store::ArticleId>& exclude) {
  constexpr std::size_t kWanted = 5;
  constexpr int kPerEntity = 25;
  // Articles sharing the article's main people, places and organizations:
  // each shared entity adds its weight here (mentions in this article), a
  // shared section adds one; ties go to the newer article. Index lookups
  // only, so the cost does not grow with the archive.
  std::vector<const store::EntityRef*> entities;
  for (const store::EntityRef& e : article.analysis.entities) {
    if (e.type != "MISC" && !e.key.empty()) entities.push_back(&e);
  }
  std::stable_sort(entities.begin(), entities.end(),
                   [](const store::EntityRef* a, const store::EntityRef* b) {
                     return a->count > b->count;
                   });
  if (entities.size() > 4) entities.resize(4);
  std::unordered_map<store::ArticleId, double> score;
  for (const store::EntityRef* e : entities) {
    Result<std::pair<std::vector<store::ArticleId>, int64_t>> found =
        library_.store().EntityArticles(e->key, kPerEntity, 0);
    if (!found.ok()) continue;  // an entity filed under no key is no lead
    for (std::size_t rank = 0; rank < found->first.size(); ++rank) {
      const store::ArticleId id = found->first[rank];
      if (exclude.contains(id)) continue;
      // Newer first within an entity: a small decay by rank.
      score[id] += std::min(e->count, 5) * (1.0 - 0.01 * static_cast<double>(rank));
    }
  }
  std::vector<std::pair<double, store::ArticleId>> ranked;
  for (const auto& [id, s] : score) ranked.emplace_back(s, id);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second > b.second;
  });
  std::vector<store::ArticleId> ids;
  for (const auto& [s, id] : ranked) {
    if (ids.size() == kWanted * 2) break;
    ids.push_back(id);
  }
  KHABAR_ASSIGN_OR_RETURN(std::vector<Card> cards, Cards(ids));
  // Prefer the same section among near-equal candidates.
  std::stable_partition(cards.begin(), cards.end(), [&](const Card& c) {
    return !article.analysis.topic.empty() && c.topic == article.analysis.topic;
  });
  if (cards.size() > kWanted) cards.resize(kWanted);
  for (const Card& c : cards) exclude.insert(c.id);
  if (!cards.empty() || article.analysis.keywords.empty()) return cards;

  // No entities to go by: the keywords as an any-word query.
  std::string query;
  for (std::size_t i = 0; i < article.analysis.keywords.size() && i < 6; ++i) {
    if (!query.empty()) query += ' ';
    query += article.analysis.keywords[i];
  }
  Result<store::SearchPage> similar =
      library_.searcher().Search(query, 12, 0, search::MatchMode::kAnyWord);
  if (!similar.ok()) return cards;  // a refused keyword list costs the section
  ids.clear();
  for (const store::SearchHit& hit : similar->hits) {
    if (ids.size() == kWanted) break;
    if (exclude.insert(hit.id).second) ids.push_back(hit.id);
  }
  return Cards(ids);
}

Result<StoryView> NewsDesk::Story(store::StoryId id) {
  store::ArticleStore& store = library_.store();
  StoryView view;
  KHABAR_ASSIGN_OR_RETURN(view.story, store.GetStory(id));
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::ArticleId> ids,
                          store.StoryArticles(id, 200));
  for (store::ArticleId article_id : ids) {
    KHABAR_ASSIGN_OR_RETURN(store::Article article, store.Get(article_id));
    for (const store::QuoteRef& quote : article.analysis.quotes) {
      view.quotes.push_back({article.id, ArticleTime(article), quote});
    }
    KHABAR_ASSIGN_OR_RETURN(Card card, MakeCard(article));
    view.articles.push_back(std::move(card));
  }
  return view;
}

Result<Listing> NewsDesk::Filtered(const store::SearchFilters& filters,
                                   int page, int page_size) {
  KHABAR_RETURN_IF_ERROR(CheckPage(page, page_size));
  store::FtsQuery query;
  query.filters = filters;
  query.limit = page_size;
  query.offset = (page - 1) * page_size;
  KHABAR_ASSIGN_OR_RETURN(store::SearchPage found,
                          library_.store().Search(query));
  std::vector<store::ArticleId> ids;
  for (const store::SearchHit& hit : found.hits) ids.push_back(hit.id);
  Listing listing;
  KHABAR_ASSIGN_OR_RETURN(listing.cards, Cards(ids));
  listing.total = found.total;
  listing.page = page;
  listing.page_size = page_size;
  return listing;
}

Result<Listing> NewsDesk::Latest(int page, int page_size) {
  return Filtered({}, page, page_size);
}

Result<Listing> NewsDesk::Topic(std::string_view topic, int page,
                                int page_size) {
  store::SearchFilters filters;
  filters.topic = std::string(topic);
  return Filtered(filters, page, page_size);
}

Result<store::Facet> NewsDesk::SourceById(int64_t id) {
  KHABAR_ASSIGN_OR_RETURN(std::vector<store::Facet> sources, Sources());
  for (store::Facet& f : sources) {
    if (f.id == id) return std::move(f);
  }
  return Status::NotFound("no source with id " + std::to_string(id));
}

Result<Listing> NewsDesk::Source(int64_t source_id, int page, int page_size) {
  KHABAR_ASSIGN_OR_RETURN(store::Facet source, SourceById(source_id));
  store::SearchFilters filters;
  filters.source = source.value;
  return Filtered(filters, page, page_size);
}

Result<EntityView> NewsDesk::Entity(std::string_view key, int page,
                                    int page_size) {
  KHABAR_RETURN_IF_ERROR(CheckPage(page, page_size));
  store::ArticleStore& store = library_.store();
  EntityView view;
  KHABAR_ASSIGN_OR_RETURN(view.entity, store.GetEntity(key));
  KHABAR_ASSIGN_OR_RETURN(auto articles,
                          store.EntityArticles(key, page_size,
                                               (page - 1) * page_size));
  KHABAR_ASSIGN_OR_RETURN(view.articles.cards, Cards(articles.first));
  view.articles.total = articles.second;
  view.articles.page = page;
  view.articles.page_size = page_size;
  KHABAR_ASSIGN_OR_RETURN(view.quotes, store.EntityQuotes(key, 10, 0));
  KHABAR_ASSIGN_OR_RETURN(view.related, store.CoEntities(key, 12));
  // The chart ends at the entity's newest article (archives stay useful).
  KHABAR_ASSIGN_OR_RETURN(auto newest, store.EntityArticles(key, 1, 0));
  if (!newest.first.empty()) {
    KHABAR_ASSIGN_OR_RETURN(store::Article last, store.GetRow(newest.first[0]));
    const int64_t last_day = FloorDiv(ArticleTime(last), kDay);
    view.chart_days = kChartDays;
    view.chart_from = (last_day - kChartDays + 1) * kDay;
    KHABAR_ASSIGN_OR_RETURN(
        view.per_day, store.EntityMentionsPerDay(key, view.chart_from,
                                                 (last_day + 1) * kDay));
  }
  return view;
}

Result<SearchView> NewsDesk::Search(std::string_view query, int page,
                                    int page_size, int64_t saved_by) {
  KHABAR_RETURN_IF_ERROR(CheckPage(page, page_size));
  SearchView view;
  view.query = std::string(query);
  KHABAR_ASSIGN_OR_RETURN(
      store::SearchPage found,
      library_.searcher().Search(query, page_size, (page - 1) * page_size,
                                 search::MatchMode::kAllWords, saved_by));
  view.relaxed = found.relaxed;
  std::vector<store::ArticleId> ids;
  for (const store::SearchHit& hit : found.hits) ids.push_back(hit.id);
  KHABAR_ASSIGN_OR_RETURN(view.results.cards, Cards(ids));
  for (const store::SearchHit& hit : found.hits) {
    view.snippets.push_back(hit.snippet);
  }
  view.snippets.resize(view.results.cards.size());
  view.results.total = found.total;
  view.results.page = page;
  view.results.page_size = page_size;
  if (found.total == 0 && page == 1) {
    // Try the query without each one of its words (up to 6 tries).
    const std::vector<std::string> words = SplitWords(query);
    for (std::size_t skip = 0; words.size() > 1 && skip < words.size() &&
                               skip < 6 && view.suggestions.size() < 3;
         ++skip) {
      std::string shorter;
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (i == skip) continue;
        if (!shorter.empty()) shorter += ' ';
        shorter += words[i];
      }
      Result<store::SearchPage> tried = library_.searcher().Search(
          shorter, 1, 0, search::MatchMode::kAllWords, saved_by);
      if (tried.ok() && tried->total > 0) view.suggestions.push_back(shorter);
    }
  }
  return view;
}

Result<std::vector<store::Facet>> NewsDesk::Topics() {
  return library_.store().Topics();
}

Result<std::vector<store::Facet>> NewsDesk::Sources() {
  return library_.store().Sources();
}

Result<std::vector<store::EntitySummary>> NewsDesk::Entities(
    std::string_view type, int page, int page_size) {
  KHABAR_RETURN_IF_ERROR(CheckPage(page, page_size));
  return library_.store().TopEntities(type, 0, page_size,
                                      (page - 1) * page_size);
}

}  // namespace khabar::service
