// BIO tags for the four entity types, and the decoding of tag sequences into
// entity spans.
//
// Decoding follows conlleval: an I-X that does not continue an open X entity
// (after O, after another type, or at the start) opens a new X entity, so a
// broken sequence still yields every tagged token inside some span. The same
// rule repairs gold data and scores predictions. Pure functions, thread-safe.
#ifndef KHABAR_NLP_NER_BIO_H_
#define KHABAR_NLP_NER_BIO_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "nlp/ner/entity_type.h"

namespace khabar::nlp {

// Tag ids: 0 is O; type t has B = 1 + 2t and I = 2 + 2t.
using Tag = uint8_t;
inline constexpr Tag kTagO = 0;
inline constexpr int kNumTags = 1 + 2 * kNumEntityTypes;

inline constexpr Tag BeginTag(EntityType type) {
  return static_cast<Tag>(1 + 2 * static_cast<int>(type));
}
inline constexpr Tag InsideTag(EntityType type) {
  return static_cast<Tag>(2 + 2 * static_cast<int>(type));
}
inline constexpr bool IsBegin(Tag tag) { return tag != kTagO && tag % 2 == 1; }
inline constexpr bool IsInside(Tag tag) { return tag != kTagO && tag % 2 == 0; }
inline constexpr EntityType TagType(Tag tag) {
  return static_cast<EntityType>((tag - 1) / 2);
}

// "O", "B-PERS", "I-LOC" ...
std::string_view TagName(Tag tag);
// Parses "B-PERS", "I-ORG", "O" (also the "PER" spelling); nullopt otherwise.
std::optional<Tag> ParseTag(std::string_view name);

// Whether `tag` may follow `prev` in a well-formed sequence (I-X only after
// B-X or I-X). `prev` is nullopt at the start of a sentence.
bool IsAllowedTransition(std::optional<Tag> prev, Tag tag);

// One entity over tokens [begin, end).
struct TagSpan {
  EntityType type;
  uint32_t begin;
  uint32_t end;
  friend bool operator==(const TagSpan&, const TagSpan&) = default;
};

std::vector<TagSpan> DecodeBio(std::span<const Tag> tags);

// Rewrites an I-X that opens an entity to B-X, in place, so that the
// sequence is well formed and DecodeBio(tags) is unchanged.
void RepairBio(std::span<Tag> tags);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_BIO_H_
