// The stable key of a named entity: the form under which every article's
// mention of the same person, place or organization is filed, and under
// which readers' filters (person:كارتر) and follows find it.
//
// Rules, per word: search normalization (hamza/alef forms, ى, ة, harakat,
// tatweel, digits), hyphens become spaces, and proclitics are dropped (و ب
// ل ك ف and the article ال, as the clitic splitter finds them) so that
// الرقة, بالرقة and رقة share one key. Suffixes are never stripped: names
// are not stemmed; Latin letters are lowercased. Pure and thread-safe;
// input must be valid UTF-8.
#ifndef KHABAR_TEXT_ENTITY_KEY_H_
#define KHABAR_TEXT_ENTITY_KEY_H_

#include <string>
#include <string_view>

namespace khabar::text {

std::string EntityKey(std::string_view name);

}  // namespace khabar::text

#endif  // KHABAR_TEXT_ENTITY_KEY_H_
