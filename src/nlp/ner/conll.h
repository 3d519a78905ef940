// Reading NER corpora: ANERcorp-style CoNLL ("TOKEN TAG" lines, blank line
// between sentences) and NewsFANE Gold (UTF-8 with BOM, CRLF, "TOKEN<TAB>TAG",
// a line holding only a TAB between sentences, an LRM before most tokens,
// 44 fine-grained types mapped here to PERS/LOC/ORG/MISC or O).
//
// Also the deterministic train/dev split and the text-overlap index that
// keeps NewsFANE (which is ANERcorp re-annotated) from leaking dev text into
// training. Pure functions and immutable values; thread-safe.
#ifndef KHABAR_NLP_NER_CONLL_H_
#define KHABAR_NLP_NER_CONLL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "nlp/ner/bio.h"

namespace khabar::nlp {

enum class CorpusFormat { kAnercorp, kNewsFane };

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<Tag> tags;  // well formed (RepairBio applied)
};

// Parses a whole corpus. Unknown tags are an InvalidArgument naming `name`
// and the line; NewsFANE tags go through MapNewsFaneType.
Result<std::vector<ConllSentence>> ParseConll(std::string_view text,
                                              CorpusFormat format,
                                              std::string_view name);
Result<std::vector<ConllSentence>> ReadConll(const std::string& path,
                                             CorpusFormat format);

// The coarse type of a NewsFANE fine-grained type ("Politician" -> PERS,
// "Nation" -> LOC, "Media" -> ORG, "Book" -> MISC); nullopt means O (the
// "Group" class holds nationalities and peoples, which ANERcorp leaves O).
// Unknown names are nullopt too.
std::optional<EntityType> MapNewsFaneType(std::string_view fine_type);

// The dev split: the contiguous tail of round(n * dev_fraction) sentences.
// A tail, not every k-th sentence, because the official test split is the
// tail of the corpus too: dev sentences come from articles never trained on.
std::size_t DevSplitBegin(std::size_t num_sentences, double dev_fraction);

// Which sentences of one corpus share text with another (used between
// NewsFANE and ANERcorp, whose sentences are the same text tokenized
// differently). Words are normalized and concatenated without spaces; every
// kChunkBytes-byte window of the indexed text is hashed.
class TextOverlapIndex {
 public:
  static constexpr std::size_t kChunkBytes = 48;

  explicit TextOverlapIndex(const std::vector<ConllSentence>& sentences);

  // Whether any aligned kChunkBytes chunk of `sentence` occurs in the
  // indexed text. Sentences shorter than one chunk never match.
  bool Overlaps(const ConllSentence& sentence) const;

 private:
  std::unordered_set<uint64_t> windows_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_NER_CONLL_H_
