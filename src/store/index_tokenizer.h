// The seam through which a store receives the analyzer. The store layer sits
// below text/ in the layering, so it sees only this interface; search/ adapts
// text::Analyzer to it (search/analyzer_tokenizer.h).
#ifndef KHABAR_STORE_INDEX_TOKENIZER_H_
#define KHABAR_STORE_INDEX_TOKENIZER_H_

#include <cstdint>
#include <functional>
#include <string_view>

namespace khabar::store {

// Called once per term; `begin`/`end` are byte offsets in the tokenized
// text. Return false to stop early (the store's consumer asked to).
using EmitTerm =
    std::function<bool(std::string_view term, uint32_t begin, uint32_t end)>;

// Like EmitTerm, plus `colocated`: true when the term stands at the same
// position as the previous one (an alternative form of the same word), so
// that phrase queries still see the words of the text as consecutive.
using EmitPositionedTerm = std::function<bool(
    std::string_view term, uint32_t begin, uint32_t end, bool colocated)>;

// Turns text into index terms. Implementations are immutable and thread-safe.
// `text` is valid UTF-8: the store validates what it indexes and queries.
class IndexTokenizer {
 public:
  virtual ~IndexTokenizer() = default;
  // Stable name, stored in the schema: an index built with one tokenizer is
  // never read with another. Letters, digits and '_' only (it is also the
  // FTS5 tokenizer name).
  virtual std::string_view name() const = 0;
  // Bumped whenever the terms of some text change. A read-write open of a
  // store whose index was built with another revision rebuilds the index;
  // a read-only open refuses it.
  virtual int revision() const { return 0; }
  virtual void Tokenize(std::string_view text, bool is_query,
                        const EmitTerm& emit) const = 0;

  // What the store calls. Tokenizers that emit several terms for one word
  // override it to mark the extra terms colocated; the default reports every
  // term of Tokenize() at its own position.
  virtual void TokenizePositioned(std::string_view text, bool is_query,
                                  const EmitPositionedTerm& emit) const {
    Tokenize(text, is_query,
             [&emit](std::string_view term, uint32_t begin, uint32_t end) {
               return emit(term, begin, end, /*colocated=*/false);
             });
  }
};

}  // namespace khabar::store

#endif  // KHABAR_STORE_INDEX_TOKENIZER_H_
