#include "nlp/ner/entity_grouping.h"

#include "text/entity_key.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "base/hash.h"
#include "nlp/ner/features.h"
#include "nlp/ner/gazetteer.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace khabar::nlp {
namespace {

constexpr std::string_view kAl = "\xD8\xA7\xD9\x84";    // ال
constexpr std::string_view kLamLam = "\xD9\x84\xD9\x84";  // لل
constexpr std::string_view kAlef = "\xD8\xA7";           // ا
// Single proclitic letters tried when a word is not known as written:
// the stemmer keeps bare ب ك ل ف on unknown words (لكارتر), so the grouper
// strips them only when the rest is a name it has already seen.
constexpr char32_t kCliticLetters[] = {0x0648 /* و */, 0x0641 /* ف */,
                                       0x0628 /* ب */, 0x0644 /* ل */,
                                       0x0643 /* ك */};
constexpr std::size_t kMinSurnameLetters = 3;

bool IsMarkOrTatweel(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Byte length of the first `letters` letters of `surface`, with the marks
// and tatweel that follow each.
std::size_t SkipLetters(std::string_view surface, std::size_t letters) {
  std::size_t pos = 0;
  for (std::size_t k = 0; k < letters && pos < surface.size(); ++k) {
    pos += text::DecodeUtf8(surface, pos).length;
    while (pos < surface.size()) {
      const text::DecodedChar d = text::DecodeUtf8(surface, pos);
      if (!IsMarkOrTatweel(d.code_point)) break;
      pos += d.length;
    }
  }
  return pos;
}

// Words of a name: whitespace-separated (hyphenated parts stay together).
std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n'))
      ++pos;
    std::size_t end = pos;
    while (end < s.size() && s[end] != ' ' && s[end] != '\t' && s[end] != '\n')
      ++end;
    if (end > pos) words.push_back(s.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

// A first word without its clitics: `letters` letters of the surface go,
// and `add_alef` restores the alef of ال swallowed by ل (للحلف -> الحلف).
struct FirstWordCut {
  std::size_t letters = 0;
  bool add_alef = false;
  std::string key_word;  // normalized, keeping ال
};

FirstWordCut CutFirstWord(std::string_view word) {
  std::string norm;
  NormalizeNerWord(word, &norm);
  FirstWordCut cut;
  if (ShapeOf(word) != Shape::kArabic) {
    cut.key_word = norm;
    return cut;
  }
  const std::string_view prefix = text::CliticSplit(norm).prefix;
  const std::string rest = norm.substr(prefix.size());
  if (prefix.ends_with(kAl)) {
    cut.letters = CodePoints(prefix) - 2;
    cut.key_word.assign(kAl).append(rest);
  } else if (prefix.ends_with(kLamLam)) {
    cut.letters = CodePoints(prefix) - 1;
    cut.add_alef = true;
    cut.key_word.assign(kAl).append(rest);
  } else {
    cut.letters = CodePoints(prefix);
    cut.key_word = rest;
  }
  return cut;
}

std::string SingleWordKey(std::string_view word) {
  std::string norm;
  NormalizeNerWord(word, &norm);
  if (ShapeOf(word) != Shape::kArabic) return norm;
  return std::string(WordCore(norm));
}

// Calls `try_key` with the keys to try for a one-word mention, in order,
// until it returns true: as analyzed, then with one more proclitic letter
// removed. `norm` is scratch space. Returns whether a key was accepted.
template <typename TryKey>
bool ForEachCandidateKey(std::string_view word, std::string* norm,
                         const TryKey& try_key) {
  NormalizeNerWord(word, norm);
  const std::string_view normalized = *norm;
  if (try_key(ShapeOf(word) != Shape::kArabic ? normalized : WordCore(normalized))) {
    return true;
  }
  if (normalized.size() < 2) return false;
  const text::DecodedChar first = text::DecodeUtf8(normalized, 0);
  for (const char32_t c : kCliticLetters) {
    if (first.code_point == c) {
      const std::string_view rest = normalized.substr(first.length);
      if (try_key(WordCore(rest)) || try_key(rest)) return true;
    }
  }
  return false;
}

// Heterogeneous lookup, so string_view keys need no copy.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>()(s);
  }
};
using KeyMap = std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>>;

uint64_t CoreHash(std::string_view word) {
  std::string norm;
  NormalizeNerWord(word, &norm);
  return StableHash64(ShapeOf(word) == Shape::kArabic ? WordCore(norm)
                                                      : std::string_view(norm));
}

// A mention after title stripping, with its canonical form and key.
struct Prepared {
  EntityType type;
  EntityOccurrence occurrence;
  std::vector<std::string_view> words;  // views into the article text
  std::string canonical;
  std::string key;
  std::string surname_key;  // for persons of two words or more
};

Prepared Prepare(std::string_view text, const EntityMention& mention) {
  Prepared p{mention.type, {mention.begin, mention.end, mention.text}, {}, {}, {}, {}};
  std::string_view surface = text.substr(mention.begin, mention.end - mention.begin);
  std::vector<std::string_view> words = SplitWords(surface);
  if (mention.type == EntityType::kPerson && words.size() > 1) {
    std::vector<uint64_t> cores;
    for (const std::string_view w : words) cores.push_back(CoreHash(w));
    const std::size_t title = CuratedGazetteer::Default().TitleLength(cores);
    if (title > 0 && title < words.size()) {
      words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(title));
      const auto begin = static_cast<uint32_t>(words.front().data() - text.data());
      p.occurrence = {begin, mention.end,
                      std::string(text.substr(begin, mention.end - begin))};
      surface = text.substr(begin, mention.end - begin);
    }
  }
  p.words = words;
  if (words.empty()) return p;
  const FirstWordCut cut = CutFirstWord(words.front());
  const std::size_t skip = SkipLetters(surface, cut.letters);
  if (cut.add_alef) p.canonical.assign(kAlef);
  p.canonical.append(surface.substr(skip));
  if (words.size() == 1) {
    p.key = SingleWordKey(words.front());
  } else {
    p.key = cut.key_word;
    std::string norm;
    for (std::size_t i = 1; i < words.size(); ++i) {
      NormalizeNerWord(words[i], &norm);
      p.key += ' ';
      p.key += norm;
    }
    if (p.type == EntityType::kPerson) p.surname_key = SingleWordKey(words.back());
  }
  return p;
}

struct Group {
  std::vector<Prepared> members;
};

}  // namespace

std::vector<Entity> GroupEntities(std::string_view text,
                                  const std::vector<EntityMention>& mentions) {
  return GroupEntities(text, mentions, text::Tokenize(text));
}

std::vector<Entity> GroupEntities(std::string_view text,
                                  const std::vector<EntityMention>& mentions,
                                  std::span<const text::Token> tokens) {
  std::string norm;  // scratch for ForEachCandidateKey
  std::vector<Prepared> prepared;
  for (const EntityMention& m : mentions) {
    Prepared p = Prepare(text, m);
    if (!p.key.empty()) prepared.push_back(std::move(p));
  }
  // Surnames of persons named in full anywhere in the article (a surname may
  // come before the full name in a lead). Ambiguous surnames are dropped.
  KeyMap surname_to_key;
  std::unordered_map<std::string, int> surname_uses;
  for (const Prepared& p : prepared) {
    if (p.surname_key.empty() || CodePoints(p.surname_key) < kMinSurnameLetters) continue;
    const auto [it, inserted] = surname_to_key.emplace(p.surname_key, p.key);
    if (!inserted && it->second != p.key) surname_uses[p.surname_key] = 2;
  }
  for (const auto& [surname, uses] : surname_uses) surname_to_key.erase(surname);

  // Words the tagger missed that are a known surname become mentions.
  std::vector<std::pair<uint32_t, uint32_t>> covered;
  for (const Prepared& p : prepared) covered.emplace_back(p.occurrence.begin, p.occurrence.end);
  std::sort(covered.begin(), covered.end());
  const auto is_covered = [&covered](uint32_t begin) {
    auto it = std::upper_bound(covered.begin(), covered.end(),
                               std::make_pair(begin, UINT32_MAX));
    return it != covered.begin() && std::prev(it)->second > begin;
  };
  if (!surname_to_key.empty()) {
    for (const text::Token& token : tokens) {
      if (token.kind != text::TokenKind::kWord || is_covered(token.begin)) continue;
      const std::string_view word = token.Text(text);
      const bool known = ForEachCandidateKey(word, &norm, [&](std::string_view key) {
        return surname_to_key.contains(key);
      });
      if (known) {
        prepared.push_back(Prepare(
            text, {EntityType::kPerson, token.begin, token.end, std::string(word)}));
      }
    }
  }
  std::sort(prepared.begin(), prepared.end(), [](const Prepared& a, const Prepared& b) {
    return a.occurrence.begin < b.occurrence.begin;
  });

  std::map<std::string, Group, std::less<>> groups;  // by entity key
  for (Prepared& p : prepared) {
    std::string target = p.key;
    if (p.words.size() == 1) {
      ForEachCandidateKey(p.words.front(), &norm, [&](std::string_view key) {
        if (const auto it = surname_to_key.find(key); it != surname_to_key.end()) {
          target = it->second;
          return true;
        }
        if (groups.contains(key)) {
          target = std::string(key);
          return true;
        }
        return false;
      });
    }
    groups[target].members.push_back(std::move(p));
  }

  std::vector<Entity> entities;
  for (auto& [key, group] : groups) {
    Entity entity;
    std::array<int, kNumEntityTypes> votes = {};
    std::map<std::string, int> names;
    std::size_t most_words = 0;
    for (const Prepared& p : group.members) {
      ++votes[static_cast<int>(p.type)];
      most_words = std::max(most_words, p.words.size());
    }
    for (const Prepared& p : group.members) {
      if (p.words.size() == most_words) ++names[p.canonical];
    }
    int best_type = static_cast<int>(group.members.front().type);
    for (int t = 0; t < kNumEntityTypes; ++t) {
      if (votes[t] > votes[best_type]) best_type = t;
    }
    entity.type = static_cast<EntityType>(best_type);
    int best_count = 0;
    for (const Prepared& p : group.members) {  // first in text wins ties
      const int c = names[p.canonical];
      if (p.words.size() == most_words && c > best_count) {
        best_count = c;
        entity.name = p.canonical;
      }
    }
    for (Prepared& p : group.members) entity.mentions.push_back(std::move(p.occurrence));
    entity.count = static_cast<uint32_t>(entity.mentions.size());
    entity.first_offset = entity.mentions.front().begin;
    // The stored key is text::EntityKey of the canonical name, the same
    // function the search layer applies to a reader's person:/place: filter;
    // the grouping key above only decides which mentions belong together.
    entity.key = text::EntityKey(entity.name);
    entities.push_back(std::move(entity));
  }
  std::sort(entities.begin(), entities.end(), [](const Entity& a, const Entity& b) {
    return a.first_offset < b.first_offset;
  });
  return entities;
}

}  // namespace khabar::nlp
