#include "text/entity_key.h"

#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"

namespace khabar::text {

std::string EntityKey(std::string_view name) {
  const std::string normalized = NormalizeToString(name);
  std::string key;
  for (const Token& token : Tokenize(normalized)) {
    if (token.kind == TokenKind::kPunct) continue;
    std::string_view word = token.Text(normalized);
    if (token.kind == TokenKind::kWord) {
      const CliticParts parts = CliticSplit(word);
      word = word.substr(parts.prefix.size());
    }
    if (word.empty()) continue;
    if (!key.empty()) key += ' ';
    const std::size_t start = key.size();
    key += word;
    if (token.kind == TokenKind::kLatin) {
      for (std::size_t i = start; i < key.size(); ++i) {
        if (key[i] >= 'A' && key[i] <= 'Z') key[i] = static_cast<char>(key[i] - 'A' + 'a');
      }
    }
  }
  return key;
}

}  // namespace khabar::text
