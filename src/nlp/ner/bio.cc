#include "nlp/ner/bio.h"

#include <array>

namespace khabar::nlp {

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "PERS";
    case EntityType::kLocation:
      return "LOC";
    case EntityType::kOrganization:
      return "ORG";
    case EntityType::kMisc:
      return "MISC";
  }
  return "MISC";
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  if (name == "PERS" || name == "PER") return EntityType::kPerson;
  if (name == "LOC") return EntityType::kLocation;
  if (name == "ORG") return EntityType::kOrganization;
  if (name == "MISC") return EntityType::kMisc;
  return std::nullopt;
}

std::string_view TagName(Tag tag) {
  static constexpr std::array<std::string_view, kNumTags> kNames = {
      "O",     "B-PERS", "I-PERS", "B-LOC",  "I-LOC",
      "B-ORG", "I-ORG",  "B-MISC", "I-MISC"};
  return tag < kNumTags ? kNames[tag] : std::string_view("O");
}

std::optional<Tag> ParseTag(std::string_view name) {
  if (name == "O") return kTagO;
  if (name.size() < 3 || name[1] != '-') return std::nullopt;
  const std::optional<EntityType> type = ParseEntityType(name.substr(2));
  if (!type) return std::nullopt;
  if (name[0] == 'B') return BeginTag(*type);
  if (name[0] == 'I') return InsideTag(*type);
  return std::nullopt;
}

bool IsAllowedTransition(std::optional<Tag> prev, Tag tag) {
  if (!IsInside(tag)) return true;
  return prev && *prev != kTagO && TagType(*prev) == TagType(tag);
}

std::vector<TagSpan> DecodeBio(std::span<const Tag> tags) {
  std::vector<TagSpan> spans;
  for (uint32_t i = 0; i < tags.size(); ++i) {
    const Tag tag = tags[i];
    if (tag == kTagO) continue;
    const bool continues = IsInside(tag) && !spans.empty() &&
                           spans.back().end == i &&
                           spans.back().type == TagType(tag);
    if (continues) {
      spans.back().end = i + 1;
    } else {
      spans.push_back({TagType(tag), i, i + 1});
    }
  }
  return spans;
}

void RepairBio(std::span<Tag> tags) {
  std::optional<Tag> prev;
  for (Tag& tag : tags) {
    if (!IsAllowedTransition(prev, tag)) tag = BeginTag(TagType(tag));
    prev = tag;
  }
}

}  // namespace khabar::nlp
