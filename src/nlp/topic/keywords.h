// Corpus-aware keywords: TF-IDF over Khabar analyzer stems.
//
// IdfTable holds inverse document frequencies of stems, computed by BuildIdf
// over training corpora and shipped as models/idf.model (the N stems with
// the highest document frequency; every other stem is rarer and gets the
// table's out-of-vocabulary IDF). KeywordExtractor ranks an article's stems
// by weighted term frequency x IDF, with a boost for the title and for early
// paragraphs, skipping function words (stopwords.h), numbers and one-letter
// tokens; one keyword per stem, shown in its most frequent readable surface
// form in the article with proclitics (و, ب, ل, ال ...) and harakat removed.
// The analyzer leaves bare ب/ل/ك/ف attached (برنامج outnumbers clitic uses),
// so the extractor folds بزيارة into زيارة itself when the article also uses
// the bare form. (Corpus frequency is no safe guide: it would turn ليلتين
// into يلتين.)
//
// Both classes are immutable after construction and thread-safe. Load
// returns objects the caller owns.
#ifndef KHABAR_NLP_TOPIC_KEYWORDS_H_
#define KHABAR_NLP_TOPIC_KEYWORDS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace khabar::nlp {

inline constexpr std::size_t kDefaultIdfTerms = 50000;

class IdfTable {
 public:
  // An empty table: every stem has IDF 1, so ranking is by weighted term
  // frequency alone (for tests and for callers without corpus statistics).
  IdfTable() = default;

  // NotFound for a missing file; Corruption for a bad magic, checksum or
  // layout.
  static Result<IdfTable> Load(const std::string& path);

  float Idf(std::string_view stem) const;
  bool Contains(std::string_view stem) const { return Find(stem) != nullptr; }
  std::size_t size() const { return size_; }
  uint32_t num_docs() const { return num_docs_; }

 private:
  // Open addressing with linear probing over a power-of-two slot array at
  // most half full: a lookup touches one slot and the stem's bytes, where a
  // node-based map touched a bucket and a node (IDF lookups showed in the
  // profile of Understanding::Analyze). Stems live in stems_ as a length
  // byte followed by the bytes.
  static constexpr uint32_t kNoStem = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    uint32_t stem = kNoStem;  // offset of the stem in stems_
    float idf = 0.0f;
  };
  // Sizes the slot array for `count` stems.
  void Reserve(std::size_t count);
  // Adds `stem` unless present (the first IDF of a stem wins).
  void Insert(std::string_view stem, float idf);
  const Slot* Find(std::string_view stem) const;
  std::string_view StemAt(uint32_t offset) const;

  std::vector<Slot> slots_;
  std::string stems_;
  std::size_t size_ = 0;
  float default_idf_ = 1.0f;
  uint32_t num_docs_ = 0;
};

// Counts the document frequency of every stem (title + text; each distinct
// text once) over the labeled JSONL files, keeps the `max_terms` most
// frequent stems and writes the table to `output_path`.
[[nodiscard]] Status BuildIdf(const std::vector<std::string>& jsonl_files,
                              std::size_t max_terms,
                              const std::string& output_path);

struct Keyword {
  std::string stem;     // the analyzer term (folded; what search indexes)
  std::string surface;  // readable form as written in the article
  double score = 0.0;
};

class KeywordExtractor {
 public:
  explicit KeywordExtractor(IdfTable idf) : idf_(std::move(idf)) {}

  static Result<std::unique_ptr<KeywordExtractor>> Load(
      const std::string& idf_path);

  // At most `k` keywords, best first; ties broken by stem so output is
  // deterministic. Texts that are not valid UTF-8 are ignored.
  std::vector<Keyword> Extract(std::string_view title,
                               const std::vector<std::string>& paragraphs,
                               int k = 8) const;

  const IdfTable& idf() const { return idf_; }

 private:
  IdfTable idf_;
};

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_KEYWORDS_H_
