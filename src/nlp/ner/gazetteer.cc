#include "nlp/ner/gazetteer.h"

#include <algorithm>
#include <string>

#include "base/hash.h"
#include "nlp/ner/features.h"

namespace khabar::nlp {
namespace {

constexpr std::string_view kCuratedData =
#include "nlp/ner/curated_gazetteer.inc"
    ;

// Core hashes of the space-separated words of `phrase`, normalized the way
// AnalyzeTokens normalizes text.
std::vector<uint64_t> PhraseCores(std::string_view phrase) {
  std::vector<uint64_t> cores;
  std::string norm;
  while (!phrase.empty()) {
    const std::size_t space = phrase.find(' ');
    const std::string_view word = phrase.substr(0, space);
    phrase.remove_prefix(space == std::string_view::npos ? phrase.size()
                                                         : space + 1);
    if (word.empty()) continue;
    NormalizeNerWord(word, &norm);
    cores.push_back(StableHash64(ShapeOf(word) == Shape::kArabic
                                     ? WordCore(norm)
                                     : std::string_view(norm)));
  }
  return cores;
}

}  // namespace

FlatByteMap::FlatByteMap(const std::unordered_map<uint64_t, uint8_t>& entries) {
  if (entries.empty()) return;
  int bits = 4;
  while ((std::size_t{1} << bits) < 2 * entries.size()) ++bits;
  shift_ = 64 - bits;
  mask_ = (std::size_t{1} << bits) - 1;
  keys_.assign(mask_ + 1, 0);
  values_.assign(mask_ + 1, 0);
  for (const auto& [raw_key, value] : entries) {
    const uint64_t key = raw_key == 0 ? 1 : raw_key;
    std::size_t i = Slot(key);
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    keys_[i] = key;
    values_[i] = value;
  }
}

const CuratedGazetteer& CuratedGazetteer::Default() {
  static const CuratedGazetteer* const kInstance = new CuratedGazetteer();
  return *kInstance;
}

CuratedGazetteer::CuratedGazetteer() {
  std::unordered_map<uint64_t, TriggerBits> triggers;
  std::string_view data = kCuratedData;
  while (!data.empty()) {
    const std::size_t nl = data.find('\n');
    const std::string_view line = data.substr(0, nl);
    data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
    const std::size_t space = line.find(' ');
    if (line.empty() || space == std::string_view::npos) continue;
    const std::string_view kind = line.substr(0, space);
    std::vector<uint64_t> words = PhraseCores(line.substr(space + 1));
    if (words.empty()) continue;
    if (kind == "TITLE") {
      titles_[words.front()].push_back(std::move(words));
      continue;
    }
    if (kind.size() > 1 && kind.front() == 'T') {
      if (const auto type = ParseEntityType(kind.substr(1))) {
        triggers[words.front()] |=
            static_cast<TriggerBits>(1u << static_cast<int>(*type));
      }
      continue;
    }
    if (const auto type = ParseEntityType(kind)) {
      const uint64_t first = words.front();
      names_[first].push_back({std::move(words), *type});
    }
  }
  triggers_ = FlatByteMap(triggers);
  for (auto& [first, names] : names_) {
    std::stable_sort(names.begin(), names.end(),
                     [](const Name& a, const Name& b) {
                       return a.words.size() > b.words.size();
                     });
  }
  for (auto& [first, titles] : titles_) {
    std::stable_sort(titles.begin(), titles.end(),
                     [](const auto& a, const auto& b) {
                       return a.size() > b.size();
                     });
  }
}

void CuratedGazetteer::Annotate(std::span<const uint64_t> core_hashes,
                                std::span<uint8_t> flags) const {
  std::fill(flags.begin(), flags.end(), 0);
  std::size_t i = 0;
  while (i < core_hashes.size()) {
    const auto it = names_.find(core_hashes[i]);
    std::size_t matched = 0;
    if (it != names_.end()) {
      // Names of the same length and words but different types (عمان the
      // city and the country) all mark the tokens.
      for (const Name& name : it->second) {
        const std::size_t len = name.words.size();
        if (matched != 0 && len < matched) break;
        if (i + len > core_hashes.size() ||
            !std::equal(name.words.begin(), name.words.end(),
                        core_hashes.begin() + static_cast<std::ptrdiff_t>(i))) {
          continue;
        }
        matched = len;
        const int t = static_cast<int>(name.type);
        flags[i] |= static_cast<uint8_t>(1u << (2 * t));
        for (std::size_t k = 1; k < len; ++k) {
          flags[i + k] |= static_cast<uint8_t>(1u << (2 * t + 1));
        }
      }
    }
    i += matched == 0 ? 1 : matched;
  }
}

std::size_t CuratedGazetteer::TitleLength(
    std::span<const uint64_t> core_hashes) const {
  if (core_hashes.empty()) return 0;
  const auto it = titles_.find(core_hashes.front());
  if (it == titles_.end()) return 0;
  for (const std::vector<uint64_t>& title : it->second) {
    if (title.size() <= core_hashes.size() &&
        std::equal(title.begin(), title.end(), core_hashes.begin())) {
      return title.size();
    }
  }
  return 0;
}

void GazetteerBuilder::Add(std::span<const uint64_t> core_hashes,
                           std::span<const Tag> tags) {
  for (std::size_t i = 0; i < core_hashes.size() && i < tags.size(); ++i) {
    auto& counts = counts_[core_hashes[i]];
    ++counts[0];
    if (tags[i] != kTagO) ++counts[1 + static_cast<int>(TagType(tags[i]))];
  }
}

LearnedGazetteer GazetteerBuilder::Build() const {
  std::unordered_map<uint64_t, uint8_t> flags;
  for (const auto& [key, counts] : counts_) {
    uint8_t bits = 0;
    for (int t = 0; t < kNumEntityTypes; ++t) {
      const uint32_t inside = counts[1 + t];
      if (inside >= LearnedGazetteer::kMinCount) bits |= static_cast<uint8_t>(1u << (2 * t));
      if (inside > 0 && 2 * inside >= counts[0]) {
        bits |= static_cast<uint8_t>(1u << (2 * t + 1));
      }
    }
    if (bits != 0) flags.emplace(key, bits);
  }
  return LearnedGazetteer(std::move(flags));
}

}  // namespace khabar::nlp
