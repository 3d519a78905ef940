// Groups the entity mentions of one article into entities: the same name
// written with clitics (بالرقة, والرقة, الرقة), the bare surname of a person
// introduced earlier (كارتر after اشتون كارتر, also وكارتر, لكارتر), and a
// person's name with or without a title (وزير الدفاع اشتون كارتر) all
// become one Entity with a canonical name and a stable key.
//
// Surnames the tagger missed are recovered: a word of the text that is the
// surname of a person named in full elsewhere in the article becomes a
// mention of that person. Pure function; thread-safe.
#ifndef KHABAR_NLP_NER_ENTITY_GROUPING_H_
#define KHABAR_NLP_NER_ENTITY_GROUPING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/ner/ner.h"
#include "text/tokenizer.h"

namespace khabar::nlp {

struct EntityOccurrence {
  uint32_t begin = 0;  // byte offsets into the article text
  uint32_t end = 0;
  std::string text;  // as written (titles stripped from person mentions)
  friend bool operator==(const EntityOccurrence&,
                         const EntityOccurrence&) = default;
};

struct Entity {
  EntityType type;  // the most frequent type among its mentions
  std::string name;  // canonical: the fullest form, without clitics or title
  // Stable form for storage and lookup: text::EntityKey(name), the same
  // function search filters use.
  std::string key;
  std::vector<EntityOccurrence> mentions;  // in text order
  uint32_t count = 0;  // mentions.size()
  uint32_t first_offset = 0;
};

// Entities ordered by first_offset. `mentions` are Find() results on `text`.
std::vector<Entity> GroupEntities(std::string_view text,
                                  const std::vector<EntityMention>& mentions);
// The same with `text` already tokenized: `tokens` must be
// text::Tokenize(text) (Understanding::Analyze shares one tokenization
// between its stages).
std::vector<Entity> GroupEntities(std::string_view text,
                                  const std::vector<EntityMention>& mentions,
                                  std::span<const text::Token> tokens);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_ENTITY_GROUPING_H_
