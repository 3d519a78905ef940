// The coarse entity types Khabar recognizes (the ANERcorp set).
#ifndef KHABAR_NLP_NER_ENTITY_TYPE_H_
#define KHABAR_NLP_NER_ENTITY_TYPE_H_

#include <optional>
#include <string_view>

namespace khabar::nlp {

enum class EntityType { kPerson, kLocation, kOrganization, kMisc };
inline constexpr int kNumEntityTypes = 4;

// "PERS", "LOC", "ORG", "MISC".
std::string_view EntityTypeName(EntityType type);
// Inverse of EntityTypeName; also accepts "PER". nullopt for anything else.
std::optional<EntityType> ParseEntityType(std::string_view name);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_ENTITY_TYPE_H_
